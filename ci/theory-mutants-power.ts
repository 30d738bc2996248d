/**
 * Power table of the theory mutants on η → 0 limits (issue 14, must-have 4).
 *
 *   npm run calibrate:theory-mutants -- [--runs 200] [--seed 14] [--shard i/n] [--points 5]   # writes a shard file
 *   npm run calibrate:theory-mutants -- --merge [--shards n]                      # writes the fixture
 *   npm run calibrate:theory-mutants -- --shard i/n --indices a,b  # recomputes these draws in shard i
 *
 * Draws `--runs` cases from `arbTheorem1LimitCase` (properties/arbitraries.ts) with fast-check seed
 * `--seed`; each is a random polynomial landscape with 3–9 roots, α ∈ [1.2, 1.9], Lomax (p₊ ≠ ½ on
 * about half of those), Student-t or α-stable noise, l* ∈ {1, 2, 3}, r/b's fractional part in
 * [0.15, 0.85]. For each: the exact oracle's sweep (moment-matched kernel, η = 1e-8 … 1e-18, eleven
 * points, 800 → 1600 cells, 1% per point: `theorem1LimitSweep`; flags --largest, --smallest, --points,
 * --small-moves, --cells, --max-cells, --target-error change it), its
 * limits, the true theory's verdict and every mutant's at family-wise significance 1e-3 per landscape
 * (src/experiments/theorem1-limit.ts: tolerance τ = z·e, z = Φ⁻¹(1 − 1e-3/6) = 3.59). A mutant
 * "differs" on a landscape when some prediction moves by more than 2τ; the table counts how often it
 * was rejected there. Run two shards in parallel on a 2-core machine, then --merge.
 * Output: fixtures/calibration/theory-mutants.{json,txt}.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  differsBeyondTwiceTolerance,
  judgeTheorem1Limit,
  theorem1LimitSweep,
  variantPrediction,
} from '../src/experiments/theorem1-limit.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { THEORY_MUTANTS, type TheoryMutantName } from '../src/theory/index.ts';
import { arbTheorem1LimitCase, theorem1LimitCase } from '../properties/arbitraries.ts';
import { limitStepSizes } from '../src/asymptotics/index.ts';

const SIGNIFICANCE = 1e-3;
const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const OUT = new URL('../fixtures/calibration/', import.meta.url);
const shardFile = (i: number, n: number) => new URL(`theory-mutants.shard-${i}-of-${n}.json`, OUT);

interface Row {
  index: number;
  draw: unknown;
  skipped?: string;
  error?: string;
  basin?: number;
  truncation?: number;
  jumpsNeeded?: number;
  fraction?: number;
  nearerSide?: string;
  pPlus?: number;
  tailIndex?: number;
  noiseKind?: string;
  roots?: number;
  dropped?: number;
  kappaFitted?: number | null;
  ratioAtSmallest?: number;
  seconds?: number;
  refused?: string | null;
  maxPointError?: number;
  truth?: ReturnType<typeof judgeTheorem1Limit>;
  mutants?: Record<string, { differs: string[]; verdict: string; predicted: Record<string, number> }>;
}

function runShard() {
  const runs = Number(flag('runs', '200'));
  const seed = Number(flag('seed', '14'));
  const [i, n] = flag('shard', '1/1').split('/').map(Number);
  // --points 4 reproduces the earlier 4-point run (1e-3 … 1e-6, one per decade) whose order errors under-covered.
  const points = Number(flag('points', '11'));
  const largest = Number(flag('largest', '1e-8'));
  const smallest = Number(flag('smallest', '1e-18'));
  const decades = Math.log10(largest / smallest);
  const stepSizes = limitStepSizes(largest, decades, (points - 1) / decades);
  const smallMoves = flag('small-moves', 'moments') as 'hat' | 'moments';
  const cells = Number(flag('cells', smallMoves === 'moments' ? '800' : '400'));
  const maxCells = Number(flag('max-cells', smallMoves === 'moments' ? '1600' : '800'));
  const targetError = Number(flag('target-error', smallMoves === 'moments' ? '0.01' : '0.003'));
  const draws = fc.sample(arbTheorem1LimitCase(), { numRuns: runs, seed });
  // --indices a,b,…: recompute only these draws and replace their rows in the existing shard file
  // (after a fix that concerns them alone; every other row is kept as it was computed).
  const only = new Set(flag('indices', '').split(',').filter(Boolean).map(Number));
  const rows: Row[] = only.size
    ? (JSON.parse(readFileSync(shardFile(i, n), 'utf8')) as { rows: Row[] }).rows.filter((r) => !only.has(r.index))
    : [];
  for (let index = i - 1; index < draws.length; index += n) {
    if (only.size && !only.has(index)) continue;
    const draw = draws[index];
    const c = theorem1LimitCase(draw);
    if (!c) {
      rows.push({ index, draw, skipped: 'the far side’s ratio is within 0.1 of an integer' });
      continue;
    }
    const noise = createNoiseLaw(c.noise);
    const base = {
      index,
      draw,
      basin: c.basin,
      truncation: c.truncation,
      jumpsNeeded: draw.jumpsNeeded,
      fraction: draw.fraction,
      nearerSide: c.nearerSide,
      pPlus: draw.pPlus,
      tailIndex: draw.tailIndex,
      noiseKind: c.noise.kind,
      roots: c.landscape.minima.length * 2 - 1,
    };
    try {
      const sweep = theorem1LimitSweep(c.landscape, noise, c.truncation, c.basin, {
        stepSizes,
        smallMoves,
        cells,
        maxCells,
        targetError,
      });
      const truth = judgeTheorem1Limit(sweep, SIGNIFICANCE, sweep.truth, draw.tailIndex);
      const mutants: Row['mutants'] = {};
      for (const [name, m] of Object.entries(THEORY_MUTANTS)) {
        const t = variantPrediction(c.landscape, noise, c.truncation, c.basin, m.variant);
        const v = judgeTheorem1Limit(sweep, SIGNIFICANCE, t, draw.tailIndex);
        mutants[name] = {
          differs: differsBeyondTwiceTolerance(sweep, SIGNIFICANCE, t),
          verdict: v.verdict,
          predicted: Object.fromEntries(Object.entries(v.quantities).map(([k, q]) => [k, q.predicted])),
        };
      }
      rows.push({
        ...base,
        seconds: sweep.seconds,
        refused: sweep.refused,
        dropped: sweep.dropped,
        kappaFitted: sweep.limit.kappa.fitted,
        ratioAtSmallest: sweep.limit.points[sweep.limit.points.length - 1].meanRatio,
        maxPointError: Math.max(...sweep.points.map((p) => p.relativeError)),
        truth,
        mutants,
      });
      const tz = Object.entries(truth.quantities)
        .map(
          ([k, q]) =>
            `${k} ${(q.value - q.predicted) / q.error >= 0 ? '+' : ''}${((q.value - q.predicted) / q.error).toFixed(2)}σ`,
        )
        .join(', ');
      console.error(
        `[${index}] l*=${draw.jumpsNeeded} frac=${draw.fraction} basin ${c.basin}/${c.landscape.minima.length} ${c.noise.kind} p₊=${draw.pPlus} α=${draw.tailIndex}: ${truth.verdict} (${tz}) ${sweep.seconds.toFixed(1)} s`,
      );
    } catch (err) {
      rows.push({ ...base, error: err instanceof Error ? err.message : String(err) });
      console.error(`[${index}] error: ${err instanceof Error ? err.message : err}`);
    }
    writeFileSync(
      shardFile(i, n),
      JSON.stringify(
        {
          runs,
          seed,
          points,
          largest,
          smallest,
          smallMoves,
          cells,
          maxCells,
          targetError,
          shard: [i, n],
          significance: SIGNIFICANCE,
          rows: [...rows].sort((a, b) => a.index - b.index),
        },
        null,
        1,
      ),
    );
  }
}

function merge() {
  const n = Number(flag('shards', '2'));
  const shards = Array.from(
    { length: n },
    (_, k) =>
      JSON.parse(readFileSync(shardFile(k + 1, n), 'utf8')) as {
        runs: number;
        seed: number;
        points?: number;
        significance: number;
        rows: Row[];
      },
  );
  const rows = shards.flatMap((s) => s.rows).sort((a, b) => a.index - b.index);
  const judged = rows.filter((r) => r.truth);
  const count = (f: (r: Row) => boolean) => judged.filter(f).length;
  const lines: string[] = [];
  const say = (s: string) => lines.push(s);
  const { runs, seed, significance } = shards[0];
  const meta = shards[0] as unknown as Record<string, number | string>;
  const points = shards[0].points ?? 5;
  say(
    `# npm run calibrate:theory-mutants -- --runs ${runs} --seed ${seed} --shard k/${n} (k = 1..${n}, nice -n 10), then -- --merge --shards ${n}`,
  );
  say(
    `Theorem 1 limits over random polynomial landscapes: ${rows.length} draws, ${judged.length} judged, ${rows.filter((r) => r.skipped).length} skipped (far-side ratio near an integer), ${rows.filter((r) => r.error).length} failed sweeps.`,
  );
  say(
    `Sweep η = ${meta.largest ?? 1e-3} … ${meta.smallest ?? 1e-6} (${points} points, small moves ${meta.smallMoves ?? 'hat'}, ${meta.cells ?? 400}→${meta.maxCells ?? 800} cells, target ${meta.targetError ?? 0.003} per point, 1 adaptive pass); family-wise significance ${significance} per landscape, z = ${judged[0]?.truth?.z.toFixed(3)}; τ = z·e per quantity.`,
  );
  say(
    `Error model: each sweep point is the exact chain's mean exit steps and P(exit left) with its discretisation bound (Richardson over nested grids, refined to ≤ ${meta.targetError ?? 0.003} of the mean; points above 5% dropped, errors floored at 1e-4); the limit's e = data ⊕ residual ⊕ model ⊕ shift (src/asymptotics/extrapolate.ts: bounds propagated fully correlated, Birge inflation of misfit, one- vs two-term spread in s = η^{1−1/α}, change when the largest η is dropped); z from a family-wise ${significance} per landscape split over the three quantities, so over ${rows.length} landscapes the true theory is expected to be rejected on ≤ ${(rows.length * significance).toFixed(2)} if e is a standard error.`,
  );
  const failed = rows.filter((r) => r.error).length;
  const inconsistent = count((r) => r.truth!.verdict === 'inconsistent');
  const inconclusive = count((r) => r.truth!.verdict === 'inconclusive');
  say(
    `Refused sweeps (fewer than 6 points with errors ≤ 5%; inconclusive): ${count((r) => !!r.refused)}; points dropped for an error above 5%: ${judged.reduce((a, r) => a + (r.dropped ?? 0), 0)}.`,
  );
  say(
    `True theory: consistent ${count((r) => r.truth!.verdict === 'consistent')}, inconsistent ${inconsistent}, inconclusive ${inconclusive} (+ ${failed} failed sweeps) of ${judged.length + failed}: inconclusive rate ${((100 * (inconclusive + failed)) / (judged.length + failed)).toFixed(1)}%.`,
  );
  for (const q of ['order', 'meanRatio', 'exitedLeft'] as const) {
    const zs = judged
      .filter((r) => !r.refused)
      .map(
        (r) => Math.abs(r.truth!.quantities[q].value - r.truth!.quantities[q].predicted) / r.truth!.quantities[q].error,
      )
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const unresolved = count((r) => !r.truth!.quantities[q].resolved);
    say(
      `  ${q.padEnd(10)} |limit − theory|/e on the ${judged.length - count((r) => !!r.refused)} usable sweeps: median ${zs[zs.length >> 1]?.toFixed(2)}, 95% ${zs[Math.floor(0.95 * (zs.length - 1))]?.toFixed(2)}, max ${zs[zs.length - 1]?.toFixed(2)}; unresolved (τ above the resolution) ${unresolved}`,
    );
  }
  say('Inconclusive rate by stratum (true theory):');
  const strata: Array<[string, (r: Row) => string]> = [
    ['l*', (r) => String(r.jumpsNeeded)],
    [
      'r/b margin',
      (r) =>
        Math.min(r.fraction!, 1 - r.fraction!) < 0.25
          ? '0.15–0.2'
          : Math.min(r.fraction!, 1 - r.fraction!) < 0.35
            ? '0.25–0.3'
            : '0.35–0.5',
    ],
    ['nearer side', (r) => r.nearerSide!],
    ['p₊', (r) => (r.pPlus === 0.5 || r.noiseKind !== 'lomax' ? '½' : '≠ ½')],
    ['noise', (r) => r.noiseKind ?? 'lomax'],
  ];
  for (const [name, key] of strata) {
    const groups = new Map<string, Row[]>();
    for (const r of judged) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    say(
      `  ${name}: ${[...groups.entries()]
        .sort()
        .map(([k, g]) => `${k}: ${g.filter((r) => r.truth!.verdict === 'inconclusive').length}/${g.length}`)
        .join(', ')}`,
    );
  }
  // How the r/b margin slows convergence: the limit's error and the exact/leading ratio at the
  // smallest η, by margin (usable sweeps).
  say(
    'Convergence by r/b margin (usable sweeps): median e(order), median e(meanRatio), median |1 − ratio at the smallest η|:',
  );
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[s.length >> 1] : NaN;
  };
  for (const [lo, hi] of [
    [0.15, 0.25],
    [0.25, 0.35],
    [0.35, 0.51],
  ]) {
    const g = judged.filter(
      (r) =>
        !r.refused &&
        Math.min(r.fraction!, 1 - r.fraction!) >= lo - 1e-9 &&
        Math.min(r.fraction!, 1 - r.fraction!) < hi - 1e-9,
    );
    say(
      `  margin ${lo}–${hi}: ${g.length} sweeps, e(order) ${med(g.map((r) => r.truth!.quantities.order.error)).toPrecision(2)}, e(meanRatio) ${med(g.map((r) => r.truth!.quantities.meanRatio.error)).toPrecision(2)}, |1 − ratio(η_min)| ${med(g.filter((r) => r.ratioAtSmallest !== undefined).map((r) => Math.abs(1 - r.ratioAtSmallest!))).toPrecision(2)}`,
    );
  }
  say(
    'Mutants: landscapes where the mutant changes some prediction by > 2τ, and how often it was rejected there (rejected anywhere, overall):',
  );
  const table: Record<string, unknown> = {};
  for (const name of Object.keys(THEORY_MUTANTS) as TheoryMutantName[]) {
    const differ = judged.filter((r) => r.mutants![name].differs.length > 0);
    const rejected = differ.filter((r) => r.mutants![name].verdict === 'inconsistent').length;
    const rejectedAll = count((r) => r.mutants![name].verdict === 'inconsistent');
    const rate = differ.length ? rejected / differ.length : NaN;
    table[name] = {
      description: THEORY_MUTANTS[name].description,
      differs: differ.length,
      rejectedWhereDiffers: rejected,
      rate,
      rejectedOverall: rejectedAll,
      judged: judged.length,
    };
    say(
      `  ${name.padEnd(17)} differs on ${String(differ.length).padStart(3)}, rejected on ${String(rejected).padStart(3)} (${Number.isNaN(rate) ? 'n/a' : (100 * rate).toFixed(1) + '%'})${rate < 0.95 ? '  BELOW 95%' : ''}; rejected on ${rejectedAll}/${judged.length} overall — ${THEORY_MUTANTS[name].description}`,
    );
  }
  const secs = judged.map((r) => r.seconds!).sort((a, b) => a - b);
  say(
    `Time per landscape (one thread): median ${secs[secs.length >> 1]?.toFixed(1)} s, max ${secs[secs.length - 1]?.toFixed(1)} s.`,
  );
  writeFileSync(
    new URL('theory-mutants.json', OUT),
    JSON.stringify({ command: lines[0].slice(2), runs, seed, significance, table, rows }, null, 1),
  );
  writeFileSync(new URL('theory-mutants.txt', OUT), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

if (args.includes('--merge')) merge();
else runShard();
