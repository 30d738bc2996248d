/**
 * Calibration of the limit-judged Theorem 2 checks over random landscapes, and the power of the
 * Theorem 2 theory mutants (issue 14, must-have 4: "θ taken from the nearest basin only", "the
 * unclipped generator used with clipping"; src/theory/mutants-theorem2.ts).
 *
 *   npm run calibrate:theory-mutants-theorem2 -- [--runs 30] [--first 1] [--out PREFIX]
 *   npm run calibrate:theory-mutants-theorem2 -- --merge A.json B.json … [--out PREFIX]
 *
 * `--out` writes PREFIX.{json,txt} instead of the committed table (one per process when landscapes
 * are split over cores: each landscape is independent, so ranges run in separate processes);
 * `--merge` joins the rows of runs over disjoint landscape ranges and recomputes the table from
 * them (every count is a function of the rows, so a merged table equals one long run's).
 *
 * Landscape i is `randomMarkovSetting(i)` (src/theory/theorem2.ts: 4 minima, G irreducible, ≥ 2
 * widest minima, a sharp basin with two landing basins) with its tail index redrawn in [1.2, 1.9]
 * from the pinned stream `theorem2-mutant-calibration/i` (the draw's admissibility does not depend on
 * α). On each: every sharp exit (the most likely landing of each sharp basin), every excursion
 * between widest minima and every widest holding time, each judged on the exact chain's η → 0 limit
 * (η = 1e-8 … 1e-18, one per decade: the standard tier's window THEOREM2_LIMIT_STEP_SIZES, with the
 * window-shift error, the 1e-4 floor, each basin's bars pooled to at least their median over the
 * window, step sizes above 5% or with a failed solve dropped, fewer than six refusing) at
 * τ = z·e, z = Φ⁻¹(1 − 10⁻³/(2m)) for
 * m statistics on the landscape (family-wise 10⁻³ per landscape). The true theory must not be
 * rejected; a mutant "differs" on a statistic when its prediction moves by more than 2τ, and the table
 * counts how often it was rejected there.
 * Output: fixtures/calibration/theory-mutants-theorem2.{json,txt} (or --out), rewritten after each
 * landscape (an interrupted run leaves the table of the landscapes done, and its header names the
 * --runs that reproduces it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  THEOREM2_LIMIT_STEP_SIZES,
  judgeTheorem2Limit,
  theorem2LimitSweep,
} from '../src/experiments/theorem2-limit.ts';
import { openStream } from '../src/rng/seeds.ts';
import { normalQuantile } from '../src/stats/distributions.ts';
import {
  THEOREM2_MUTANTS,
  modelStatistic,
  theorem2Model,
  trueModel,
  type Theorem2MutantName,
  type Theorem2Statistic,
} from '../src/theory/mutants-theorem2.ts';
import { randomMarkovSetting, theorem2Theory, type Theorem2Setting } from '../src/theory/theorem2.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(flag('runs', '30'));
const FIRST = Number(flag('first', '1'));
const MERGE: string[] = [];
for (let i = args.indexOf('--merge'); i >= 0 && i + 1 < args.length && !args[i + 1].startsWith('--'); i++)
  MERGE.push(resolve(args[i + 1]));
const STEP_SIZES = THEOREM2_LIMIT_STEP_SIZES;
const OUT_PREFIX = args.includes('--out')
  ? pathToFileURL(resolve(flag('out', '')))
  : new URL('../fixtures/calibration/theory-mutants-theorem2', import.meta.url);
if (!(Number.isInteger(RUNS) && RUNS >= 1 && Number.isInteger(FIRST) && FIRST >= 1))
  throw new Error(`--runs and --first must be positive integers (got ${RUNS}, ${FIRST})`);
const MUTANTS = Object.keys(THEOREM2_MUTANTS) as Theorem2MutantName[];

function statistics(setting: Theorem2Setting): Theorem2Statistic[] {
  const t = theorem2Theory(setting);
  const out: Theorem2Statistic[] = [];
  for (const k of t.sharp) {
    const row = t.jumpProbabilities[k - 1];
    const to = row.indexOf(Math.max(...row)) + 1;
    out.push({ kind: 'sharp-exit', from: k, to });
  }
  for (const i of t.widest) {
    for (const j of t.widest) if (j !== i) out.push({ kind: 'excursion', from: i, to: j });
    out.push({ kind: 'holding', from: i });
  }
  return out;
}

interface Row {
  readonly landscape: number;
  /** No admissible landscape within the draw limit for this index. */
  readonly skipped?: true;
  readonly statistic?: Theorem2Statistic;
  readonly limit?: number;
  readonly error?: number;
  /** An exception's message (counted, never silently dropped). */
  readonly failure?: string;
  readonly predicted?: number;
  readonly alpha?: number;
  readonly b?: number;
  readonly z?: number;
  readonly errorParts?: Record<string, number>;
  readonly rejected?: boolean;
  /** The reason a sweep was refused (null: judged). */
  readonly refused?: string | null;
  readonly dropped?: readonly number[];
  readonly mutants?: Record<string, { predicted: number; rejected: boolean; differs: boolean }>;
  readonly seconds?: number;
}

const rows: Row[] = [];
const t0 = performance.now();
const producedBy: string[] = [];
if (MERGE.length) {
  for (const f of MERGE) {
    const j = JSON.parse(readFileSync(f, 'utf8')) as { producedBy: string[] | string; rows: Row[] };
    producedBy.push(...[j.producedBy].flat());
    rows.push(...j.rows);
  }
  rows.sort((a, b) => a.landscape - b.landscape);
  const seen = new Set<string>();
  for (const r of rows) {
    const key = JSON.stringify([r.landscape, r.statistic ?? null]);
    if (seen.has(key))
      throw new Error(`--merge: landscape ${r.landscape} appears in two runs (ranges must be disjoint)`);
    seen.add(key);
  }
  writeTables();
} else {
  producedBy.push(`npm run calibrate:theory-mutants-theorem2 -- --runs ${RUNS} --first ${FIRST}`);
  for (let i = FIRST; i < FIRST + RUNS; i++) {
    runLandscape(i);
    writeTables();
  }
}

function runLandscape(i: number): void {
  let drawn: ReturnType<typeof randomMarkovSetting>;
  try {
    drawn = randomMarkovSetting(i);
  } catch {
    rows.push({ landscape: i, skipped: true });
    return;
  }
  const alpha = 1.2 + 0.7 * openStream({ seed: 'theorem2-mutant-calibration', path: String(i) }).nextUniform();
  const setting: Theorem2Setting = {
    landscape: drawn.landscape,
    noise: { ...drawn.noise, tailIndex: Number(alpha.toFixed(3)) } as Theorem2Setting['noise'],
    truncation: drawn.truncation,
  };
  const stats = statistics(setting);
  const z = normalQuantile(1 - 1e-3 / (2 * stats.length));
  for (const s of stats) {
    const ts = performance.now();
    const head = { landscape: i, alpha: Number(alpha.toFixed(3)), b: drawn.truncation, statistic: s };
    let row: Row;
    try {
      const sweep = theorem2LimitSweep(setting, s, { stepSizes: STEP_SIZES });
      const jumps = trueModel(sweep.theory).jumps;
      const truthPred = modelStatistic(theorem2Model(setting), s, jumps);
      const truth = judgeTheorem2Limit(sweep, truthPred, z, Infinity);
      const mutants: Record<string, { predicted: number; rejected: boolean; differs: boolean }> = {};
      for (const m of MUTANTS) {
        const p = modelStatistic(theorem2Model(setting, m), s, jumps);
        const v = judgeTheorem2Limit(sweep, p, z, Infinity);
        const differs = !sweep.refused && !(Math.abs(p - truthPred) <= 2 * truth.tolerance);
        mutants[m] = { predicted: p, rejected: v.rejected, differs };
      }
      row = {
        ...head,
        limit: truth.value,
        error: truth.error,
        predicted: truthPred,
        z,
        rejected: truth.rejected,
        refused: sweep.refused,
        dropped: sweep.dropped.map((d) => d.stepSize),
        errorParts: sweep.limit.errorParts,
        mutants,
        seconds: (performance.now() - ts) / 1000,
      };
    } catch (err) {
      row = { ...head, failure: err instanceof Error ? err.message : String(err) };
    }
    rows.push(row);
    console.error(JSON.stringify(row));
  }
}

function writeTables(): void {
  const landscapes = new Set(rows.map((r) => r.landscape));
  const skipped = rows.filter((r) => r.skipped).length;
  const judged = rows.filter((r) => r.statistic && r.failure === undefined);
  const failures = rows.filter((r) => r.failure !== undefined).length;
  const refused = judged.filter((r) => r.refused).length;
  const inconsistent = judged.filter((r) => !r.refused && r.rejected).length;
  const dropped = judged.reduce((n, r) => n + (r.dropped?.length ?? 0), 0);
  const devs = judged
    .filter((r) => !r.refused)
    .map((r) => Math.abs((r.limit as number) - (r.predicted as number)) / (r.error as number))
    .sort((a, b) => a - b);
  const q = (p: number) => (devs.length ? devs[Math.min(devs.length - 1, Math.floor(p * devs.length))] : NaN);
  const seconds = MERGE.length ? rows.reduce((t, r) => t + (r.seconds ?? 0), 0) : (performance.now() - t0) / 1000;
  const tally = Object.fromEntries(
    MUTANTS.map((m) => {
      const ms = judged.map((r) => r.mutants?.[m]).filter((x) => x !== undefined);
      return [
        m,
        {
          differs: ms.filter((x) => x.differs).length,
          rejectedWhereDiffers: ms.filter((x) => x.differs && x.rejected).length,
          rejected: ms.filter((x) => x.rejected).length,
        },
      ];
    }),
  );
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '–');
  const lines = [
    ...producedBy.map((c) => `# ${c}`),
    ...(MERGE.length ? [`# merged: npm run calibrate:theory-mutants-theorem2 -- --merge <the runs above>`] : []),
    `# ${landscapes.size} indices of random landscapes (randomMarkovSetting(i), α redrawn in [1.2, 1.9]); η = ${STEP_SIZES[0]} … ${STEP_SIZES[STEP_SIZES.length - 1]} (${STEP_SIZES.length} points; e with window shift, 1e-4 floor, bars pooled to their basin's median, points above 5% or failed solves dropped, < 6 left refused); family-wise 1e-3 per landscape`,
    `# ${seconds.toFixed(0)} s${MERGE.length ? " (sum of the statistics' seconds over the runs)" : ''}`,
    '',
    `${landscapes.size - skipped} landscapes (${skipped} indices without an admissible draw skipped)`,
    `true theory: ${judged.length} statistics judged, ${inconsistent} inconsistent, ${refused} refused sweeps = inconclusive (${pct(refused, judged.length)}), ${failures} failed solves (${dropped} step sizes dropped over all sweeps)`,
    `|limit − prediction|/e of the true theory: median ${q(0.5).toFixed(2)}, 95th percentile ${q(0.95).toFixed(2)}, max ${devs.length ? devs[devs.length - 1].toFixed(2) : 'NaN'}`,
    '',
    'mutant                 differs by > 2τ   rejected there   rejected (all)',
    ...MUTANTS.map(
      (m) =>
        `${m.padEnd(22)} ${String(tally[m].differs).padStart(15)}   ${`${tally[m].rejectedWhereDiffers} (${pct(tally[m].rejectedWhereDiffers, tally[m].differs)})`.padStart(14)}   ${String(tally[m].rejected).padStart(14)}`,
    ),
  ];
  writeFileSync(new URL(`${OUT_PREFIX.href}.txt`), lines.join('\n') + '\n');
  writeFileSync(
    new URL(`${OUT_PREFIX.href}.json`),
    JSON.stringify({ producedBy, stepSizes: STEP_SIZES, tally, rows }, null, 2) + '\n',
  );
}
console.log(readFileSync(new URL(`${OUT_PREFIX.href}.txt`), 'utf8'));
