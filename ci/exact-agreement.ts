/**
 * `npm run exact:agreement`: regenerates the simulation-agreement table of issue 7 ("Numbers to
 * reach"): the simulator's mean exit steps and exit side against the exact finite-η chain
 * (`src/exact`), as z-scores in combined standard errors (simulation SE ⊕ discretisation estimate).
 *
 * Cases:
 *  - paper: the paper landscape, basin 2 from its minimum, Lomax α = 1.2, c = 0.1,
 *    b ∈ {∞, 0.5, 0.28} × η ∈ {0.1, 0.05, 0.02, 0.01};
 *  - random: polynomial landscapes with random gaps (seeded, reproducible), Lomax / Student-t /
 *    α-stable noise (the laws the issue names), clipped or not, η ∈ [0.04, 0.12]; cases whose exact
 *    mean exceeds `--max-mean` are skipped (simulation would be unaffordable) and counted.
 * The chains per case are min(--max-chains, --budget / exact mean), at least 200.
 *
 * Lives in ci/ because it joins the exact and sim layers (which may not import each other).
 *
 * Usage: tsx ci/exact-agreement.ts [--suite paper|random|all] [--seed 20261126] [--budget 2e8]
 *          [--max-chains 20000] [--random-cases 12] [--max-mean 3e4] [--workers 2] [--json]
 * Prints a markdown table per suite and a summary line (max |z|, cases within 3 SE).
 */
import { availableParallelism } from 'node:os';
import { exactExit, buildStopLoss } from '../src/exact/index.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { paperLandscape, randomPolynomialSpec, resolveLandscape } from '../src/model/landscapes.ts';
import type { Landscape, NoiseSpec } from '../src/model/types.ts';
import { deriveKey, chainStream } from '../src/rng/seeds.ts';
import { closePool, runExit } from '../src/sim/index.ts';

interface Case {
  suite: 'paper' | 'random';
  label: string;
  landscape: Landscape;
  noise: NoiseSpec;
  stepSize: number;
  truncation: number;
  basin: number;
}

interface Row {
  suite: string;
  label: string;
  stepSize: number;
  truncation: number | null;
  exact: number;
  exactError: number;
  simulated: number;
  standardError: number;
  chains: number;
  censored: number;
  z: number;
  exitedLeftExact: number;
  exitedLeftSimulated: number;
  zLeft: number;
  exactSeconds: number;
  simSeconds: number;
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const suite = flag('suite', 'all');
const seed = Number(flag('seed', '20261126'));
const budget = Number(flag('budget', '2e8'));
const maxChains = Number(flag('max-chains', '20000'));
const randomCases = Number(flag('random-cases', '12'));
const maxMean = Number(flag('max-mean', '3e4'));
const workers = Number(flag('workers', String(Math.min(2, availableParallelism()))));
const json = process.argv.includes('--json');

function paperCases(): Case[] {
  const landscape = paperLandscape();
  const noise: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };
  const out: Case[] = [];
  for (const truncation of [Infinity, 0.5, 0.28]) {
    for (const stepSize of [0.1, 0.05, 0.02, 0.01])
      out.push({ suite: 'paper', label: 'paper, basin 2', landscape, noise, stepSize, truncation, basin: 2 });
  }
  return out;
}

/** Random cases from a seeded xoshiro stream (reproducible from --seed alone). */
function randomCaseList(): Case[] {
  const rng = chainStream(deriveKey({ seed, path: 'exact/agreement/cases' }), 0);
  const u = () => rng.nextUniform();
  const out: Case[] = [];
  const kinds = ['lomax', 'student-t', 'stable'] as const;
  for (let i = 0; i < randomCases; i++) {
    const pairs = 1 + Math.floor(u() * 2);
    const gaps = Array.from({ length: 2 * pairs }, () => Math.round(3 + u() * 6) / 10);
    const landscape = resolveLandscape(randomPolynomialSpec({ gaps }));
    const kind = kinds[i % 3];
    const tailIndex = Math.round(11 + u() * (kind === 'stable' ? 8 : 14)) / 10;
    const scale = Math.round(2 + u() * 4) / 10;
    const noise: NoiseSpec =
      kind === 'lomax' ? { kind, tailIndex, scale, pPlus: Math.round(3 + u() * 4) / 10 } : { kind, tailIndex, scale };
    const truncation = u() < 0.5 ? Infinity : Math.round(2 + u() * 6) / 10;
    const stepSize = Math.round(4 + u() * 8) / 100;
    const basin = 1 + Math.floor(u() * landscape.minima.length);
    out.push({
      suite: 'random',
      label: `gaps [${gaps.join(', ')}], basin ${basin}, ${kind} α=${tailIndex} c=${scale}`,
      landscape,
      noise,
      stepSize,
      truncation,
      basin,
    });
  }
  return out;
}

async function runCase(c: Case, index: number): Promise<Row | null> {
  const law = createNoiseLaw(c.noise);
  const ex = exactExit({
    landscape: c.landscape,
    noise: law,
    stepSize: c.stepSize,
    truncation: c.truncation,
    basin: c.basin,
    stopLoss: buildStopLoss(law),
  });
  if (c.suite === 'random' && ex.meanExitSteps > maxMean) return null;
  const chains = Math.max(200, Math.min(maxChains, Math.round(budget / ex.meanExitSteps)));
  const sim = await runExit({
    landscape: c.landscape,
    noise: c.noise,
    stepSize: c.stepSize,
    truncation: c.truncation,
    basin: c.basin,
    start: ex.start,
    chains,
    seed,
    path: `exact/agreement/${c.suite}/${index}`,
    workers,
    maxSteps: Math.max(1e7, Math.ceil(60 * ex.meanExitSteps)),
  });
  const p = ex.exitedLeft.value;
  const seLeft = Math.hypot(Math.sqrt((p * (1 - p)) / chains), ex.exitedLeft.errorEstimate);
  return {
    suite: c.suite,
    label: c.label,
    stepSize: c.stepSize,
    truncation: Number.isFinite(c.truncation) ? c.truncation : null,
    exact: ex.meanExitSteps,
    exactError: ex.errorEstimate,
    simulated: sim.meanExitSteps,
    standardError: sim.standardError,
    chains,
    censored: sim.censored,
    z: (sim.meanExitSteps - ex.meanExitSteps) / Math.hypot(sim.standardError, ex.errorEstimate),
    exitedLeftExact: p,
    exitedLeftSimulated: sim.exitedLeft,
    zLeft: seLeft > 0 ? (sim.exitedLeft - p) / seLeft : 0,
    exactSeconds: ex.seconds,
    simSeconds: sim.seconds,
  };
}

const g = (v: number, d = 5) => String(+v.toPrecision(d));

function table(rows: Row[]): string {
  const head =
    '| case | b | η | exact E σ ± err | simulated ± SE | chains | z | P(left) exact / sim | z(left) | exact s |\n|---|---|---|---|---|---|---|---|---|---|';
  const body = rows.map(
    (r) =>
      `| ${r.label} | ${r.truncation ?? 'none'} | ${r.stepSize} | ${g(r.exact, 7)} ± ${g(r.exactError, 2)} | ${g(r.simulated)} ± ${g(r.standardError, 2)} | ${r.chains}${r.censored ? ` (${r.censored} cens.)` : ''} | ${r.z >= 0 ? '+' : '−'}${Math.abs(r.z).toFixed(2)} | ${r.exitedLeftExact.toFixed(4)} / ${r.exitedLeftSimulated.toFixed(4)} | ${r.zLeft >= 0 ? '+' : '−'}${Math.abs(r.zLeft).toFixed(2)} | ${r.exactSeconds.toFixed(2)} |`,
  );
  return [head, ...body].join('\n');
}

async function main(): Promise<void> {
  const cases = [...(suite === 'random' ? [] : paperCases()), ...(suite === 'paper' ? [] : randomCaseList())];
  const rows: Row[] = [];
  let skipped = 0;
  for (let i = 0; i < cases.length; i++) {
    const r = await runCase(cases[i], i);
    if (r) rows.push(r);
    else skipped++;
    process.stderr.write(`\r${i + 1}/${cases.length} cases`);
  }
  process.stderr.write('\n');
  await closePool();
  const within = (rs: Row[]) => rs.filter((r) => Math.abs(r.z) <= 3 && Math.abs(r.zLeft) <= 3).length;
  const summary = (name: string, rs: Row[]) =>
    `${name}: ${within(rs)}/${rs.length} cases within 3 SE (mean and exit side); max |z| = ${Math.max(0, ...rs.map((r) => Math.abs(r.z))).toFixed(2)}, max |z(left)| = ${Math.max(0, ...rs.map((r) => Math.abs(r.zLeft))).toFixed(2)}`;
  if (json) {
    process.stdout.write(`${JSON.stringify({ seed, budget, maxChains, skipped, rows })}\n`);
    return;
  }
  for (const s of ['paper', 'random'] as const) {
    const rs = rows.filter((r) => r.suite === s);
    if (!rs.length) continue;
    process.stdout.write(
      `\n### ${s === 'paper' ? 'Paper landscape, Lomax α = 1.2, c = 0.1' : 'Random polynomial landscapes'} (seed ${seed})\n\n${table(rs)}\n\n${summary(s, rs)}\n`,
    );
  }
  if (skipped) process.stdout.write(`(${skipped} random cases skipped: exact mean above --max-mean ${maxMean})\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
