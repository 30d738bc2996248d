/**
 * Measurements of issue 13 (the η → 0 limit from the exact oracle). Each section prints a text
 * summary and writes JSON; the committed outputs live in fixtures/measurements/limit-*.{txt,json}.
 *
 *   npx tsx ci/measure-limit.ts paper      # the paper's basin 2, b = ∞, 0.5, 0.28: limits vs theory, timing
 *   npx tsx ci/measure-limit.ts validate   # error estimates against a 4× finer grid: how often exceeded
 *   npx tsx ci/measure-limit.ts random     # random polynomial landscapes, l* ≤ 3, one point at η = 1e-8
 *   npx tsx ci/measure-limit.ts kappa      # fitted κ for α = 1.2, 1.5, 1.8 (paper, b = ∞ and 0.5)
 *   npx tsx ci/measure-limit.ts passes     # error estimate at η = 1e-8 against the adaptive grid's pilot passes
 *   npx tsx ci/measure-limit.ts lstar4     # what l* = 4 reaches (paper basin 2, b = r/3.5)
 *
 * Uses 2 worker threads (the η points are independent). The sweeps use exit.ts `smallMoves: 'moments'`
 * (as `htsgd exact --limit` does); SMALL_MOVES=hat runs the hat projection instead and writes
 * limit-<section>-hat.{txt,json} (the random and validate sections before moment matching are kept
 * there for comparison).
 */
import { writeFileSync } from 'node:fs';
import {
  exactLimit,
  limitStepSizes,
  runLimitSweep,
  type LimitSweepPoint,
  type LimitTask,
} from '../src/asymptotics/index.ts';
import { exactExit } from '../src/exact/index.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { basinRadii, randomPolynomialSpec, resolveLandscape } from '../src/model/landscapes.ts';
import type { LandscapeSpec, NoiseSpec } from '../src/model/types.ts';
import { basinScale, theoryReport } from '../src/theory/index.ts';

const WORKERS = 2;
const OUT = new URL('../fixtures/measurements/', import.meta.url);
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};
const p = (v: number, d = 4) => String(+v.toPrecision(d));

function theoryFor(landscapeSpec: LandscapeSpec, noiseSpec: NoiseSpec, truncation: number, basin: number) {
  const landscape = resolveLandscape(landscapeSpec);
  const law = createNoiseLaw(noiseSpec);
  const b = theoryReport(landscape, law, truncation).basins[basin - 1];
  const q = b.exitRate!;
  const jumps = b.jumpsNeeded!;
  return {
    jumps,
    theory: {
      leadingMeanExitSteps: (eta: number) => 1 / (q * basinScale(law, jumps, eta)),
      order: b.exitExponent!,
      exitedLeft: Object.entries(b.exitProbabilityByTarget ?? {}).reduce(
        (s, [l, v]) => (Number(l) < basin ? s + v : s),
        0,
      ),
    },
  };
}

const SMALL_MOVES: 'hat' | 'moments' = process.env.SMALL_MOVES === 'hat' ? 'hat' : 'moments';

function task(
  landscape: LandscapeSpec,
  noise: NoiseSpec,
  truncation: number,
  basin: number,
  stepSize: number,
  cells: number,
  maxCells = cells,
  targetError = 0,
): LimitTask {
  return {
    landscape,
    noise,
    truncation: truncation === Infinity ? null : truncation,
    basin,
    stepSize,
    cells,
    maxCells,
    targetError,
    grid: 'adaptive',
    smallMoves: SMALL_MOVES,
  };
}

async function sweep(landscape: LandscapeSpec, noise: NoiseSpec, truncation: number, basin: number) {
  const t0 = performance.now();
  const pts = await runLimitSweep(
    limitStepSizes(1e-3, 5, 1).map((eta) => task(landscape, noise, truncation, basin, eta, 800, 1600, 0.003)),
    WORKERS,
  );
  const seconds = (performance.now() - t0) / 1000;
  const { jumps, theory } = theoryFor(landscape, noise, truncation, basin);
  return { jumps, seconds, limit: exactLimit(pts, theory, createNoiseLaw(noise).tailIndex) };
}

const PAPER: LandscapeSpec = { kind: 'paper' };
const LOMAX = (alpha: number): NoiseSpec => ({ kind: 'lomax', tailIndex: alpha, scale: 0.1 });

async function paper() {
  const out: unknown[] = [];
  say(
    'Paper landscape, basin 2, Lomax α = 1.2, c = 0.1; η = 1e-3 … 1e-8 (6 points), adaptive grids to 0.3% (≤ 1600 cells), 2 workers',
  );
  for (const b of [Infinity, 0.5, 0.28]) {
    const r = await sweep(PAPER, LOMAX(1.2), b, 2);
    const L = r.limit;
    say(`b = ${b} (l* = ${r.jumps}): ${r.seconds.toFixed(1)} s`);
    say(`  η:            ${L.points.map((x) => x.stepSize.toExponential(0)).join('  ')}`);
    say(`  ratio:        ${L.points.map((x) => p(x.meanRatio, 4)).join('  ')}`);
    say(`  rel. error %: ${L.points.map((x) => p(100 * x.relativeError, 2)).join('  ')}`);
    for (const [name, q] of [
      ['meanRatio', L.meanRatio],
      ['order', L.order],
      ['exitedLeft', L.exitedLeft],
    ] as const) {
      say(
        `  ${name.padEnd(10)} ${p(q.value, 6)} ± ${p(q.error, 2)} (theory ${p(q.predicted, 6)}; |diff| ${p(Math.abs(q.value - q.predicted), 2)}; parts data ${p(q.errorParts.data, 2)}, model ${p(q.errorParts.model, 2)}, residual ${p(q.errorParts.residual, 2)})`,
      );
    }
    say(
      `  κ assumed ${p(L.kappa.assumed)}, fitted ${L.kappa.fitted === null ? 'n/a' : p(L.kappa.fitted, 3)} [${L.kappa.ci?.map((v) => p(v, 3)).join(', ')}]`,
    );
    out.push({ truncation: b === Infinity ? null : b, jumpsNeeded: r.jumps, seconds: r.seconds, limit: L });
  }
  return out;
}

/** Error estimate at N cells against the Richardson value at 4N (same adaptive node map, nested). */
async function validate() {
  const cases: Array<{ label: string; landscape: LandscapeSpec; noise: NoiseSpec; truncation: number; basin: number }> =
    [
      { label: 'paper b=∞', landscape: PAPER, noise: LOMAX(1.2), truncation: Infinity, basin: 2 },
      { label: 'paper b=0.5', landscape: PAPER, noise: LOMAX(1.2), truncation: 0.5, basin: 2 },
      { label: 'paper b=0.28', landscape: PAPER, noise: LOMAX(1.2), truncation: 0.28, basin: 2 },
      {
        label: 'poly α=1.5 b=0.5',
        landscape: randomPolynomialSpec({ gaps: [0.7, 0.8, 0.6, 0.9] }),
        noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.2 },
        truncation: 0.5,
        basin: 2,
      },
      // Two of the `random` section's points: l* = 2 and its worst l* = 3 at r/b = 2.4 (r/b = 1.5 and 2.4).
      {
        label: 'rand l*=2',
        landscape: randomPolynomialSpec({ gaps: [0.6, 0.9, 0.7, 0.5] }),
        noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.2 },
        truncation: randomTruncation([0.6, 0.9, 0.7, 0.5], 1.5),
        basin: 2,
      },
      {
        label: 'rand l*=3',
        landscape: randomPolynomialSpec({ gaps: [0.8, 0.6, 0.9, 0.7] }),
        noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.2 },
        truncation: randomTruncation([0.8, 0.6, 0.9, 0.7], 2.4),
        basin: 2,
      },
      // The `random` section's hardest kind: r/b 0.15 below an integer.
      {
        label: 'rand r/b=2.85',
        landscape: randomPolynomialSpec({ gaps: [0.5, 0.7, 0.6, 0.8] }),
        noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.2 },
        truncation: randomTruncation([0.5, 0.7, 0.6, 0.8], 2.85),
        basin: 2,
      },
    ];
  const etas = [1e-4, 1e-6, 1e-8];
  const rows: unknown[] = [];
  let exceeded = 0;
  let clearly = 0;
  let total = 0;
  say(
    `Error estimate at N cells against the 4N-cell Richardson value (adaptive grids, same node map; small moves: ${SMALL_MOVES}):`,
  );
  say('  case               η      N    est. %   |R_N − R_4N| %   est. at 4N %   exceeded');
  for (const n of [400, 800]) {
    const tasks: LimitTask[] = [];
    for (const c of cases)
      for (const eta of etas)
        tasks.push(
          task(c.landscape, c.noise, c.truncation, c.basin, eta, n),
          task(c.landscape, c.noise, c.truncation, c.basin, eta, 4 * n),
        );
    const res = await runLimitSweep(tasks, WORKERS);
    let i = 0;
    for (const c of cases) {
      for (const eta of etas) {
        const coarse = res[i++] as LimitSweepPoint;
        const fine = res[i++] as LimitSweepPoint;
        const trueErr = Math.abs(Math.expm1(coarse.logMeanExitSteps - fine.logMeanExitSteps));
        const over = trueErr > coarse.relativeError;
        // The 4N value has its own error: a miss counts as clear only beyond both bars.
        const clear = trueErr > coarse.relativeError + fine.relativeError;
        exceeded += over ? 1 : 0;
        clearly += clear ? 1 : 0;
        total++;
        say(
          `  ${c.label.padEnd(18)} ${eta.toExponential(0)}  ${String(n).padStart(4)}  ${p(100 * coarse.relativeError, 3).padStart(7)}  ${p(100 * trueErr, 3).padStart(14)}  ${p(100 * fine.relativeError, 3).padStart(12)}   ${clear ? 'YES, beyond both bars' : over ? 'yes, within the 4N bar' : 'no'}`,
        );
        rows.push({
          case: c.label,
          stepSize: eta,
          cells: n,
          estimate: coarse.relativeError,
          trueError: trueErr,
          fineEstimate: fine.relativeError,
          exceeded: over,
          exceededBeyondFineError: clear,
          seconds: [coarse.seconds, fine.seconds],
        });
      }
    }
  }
  say(
    `  the true error exceeded the estimate in ${exceeded} of ${total} points; by more than the 4N value's own error bar in ${clearly}`,
  );
  return { rows, exceeded, exceededBeyondFineError: clearly, total };
}

/** b with r/b = ratio on basin 2 of the random polynomial with these gaps (as the `random` section). */
function randomTruncation(gaps: number[], ratio: number): number {
  return +(basinRadii(resolveLandscape(randomPolynomialSpec({ gaps })))[1] / ratio).toPrecision(6);
}

/** Random polynomial landscapes (fixed list, drawn once), l* ∈ {2, 3}, r/b at least 0.15 from an integer (down to exactly 0.15). */
async function random() {
  const gapsList = [
    [0.6, 0.9, 0.7, 0.5],
    [0.8, 0.6, 0.9, 0.7],
    [0.5, 0.7, 0.6, 0.8],
    [0.9, 0.5, 0.8, 0.6],
    [0.7, 0.8, 0.5, 0.9],
  ];
  const noise: NoiseSpec = { kind: 'lomax', tailIndex: 1.5, scale: 0.2 };
  const tasks: LimitTask[] = [];
  const meta: Array<{ gaps: number[]; truncation: number; ratio: number; jumps: number }> = [];
  for (const gaps of gapsList) {
    const spec = randomPolynomialSpec({ gaps });
    const r = basinRadii(resolveLandscape(spec))[1];
    // r/b mid-way and 0.15 from the integers (the issue's edge): l* = 2 and 3.
    for (const ratio of [1.15, 1.5, 1.85, 2.15, 2.4, 2.85]) {
      const b = +(r / ratio).toPrecision(6);
      tasks.push(task(spec, noise, b, 2, 1e-8, 800, 1600, 0.01));
      meta.push({ gaps, truncation: b, ratio, jumps: Math.ceil(ratio) });
    }
  }
  say(
    `Random polynomial landscapes, basin 2, Lomax α = 1.5, c = 0.2, η = 1e-8 (adaptive, refined to 1% up to 1600 cells; small moves: ${SMALL_MOVES}; 2 workers):`,
  );
  const t0 = performance.now();
  const res = await runLimitSweep(tasks, WORKERS);
  const wall = (performance.now() - t0) / 1000;
  let ok = 0;
  res.forEach((x, i) => {
    const m = meta[i];
    const good = x.relativeError <= 0.01;
    ok += good ? 1 : 0;
    say(
      `  gaps ${m.gaps.join(',')}  r/b ${m.ratio} (l* ${m.jumps})  mean 10^${p(x.logMeanExitSteps / Math.LN10, 4)}  error ${p(100 * x.relativeError, 3)}%  cells ${x.cells}  ${x.seconds.toFixed(1)} s${good ? '' : '  (> 1%)'}`,
    );
  });
  say(
    `  ${ok} of ${res.length} points reach ≤ 1%; ${wall.toFixed(1)} s wall for all ${res.length} on ${WORKERS} workers`,
  );
  return { points: res.map((x, i) => ({ ...meta[i], ...x })), wall };
}

async function kappa() {
  const out: unknown[] = [];
  say('Fitted κ (one-term profile fit of the mean ratio; 95% CI) against 1 − 1/α, paper basin 2, Lomax c = 0.1:');
  for (const alpha of [1.2, 1.5, 1.8]) {
    for (const b of [Infinity, 0.5]) {
      const r = await sweep(PAPER, LOMAX(alpha), b, 2);
      const k = r.limit.kappa;
      say(
        `  α = ${alpha}, b = ${b}: fitted ${k.fitted === null ? 'n/a' : p(k.fitted, 3)} [${k.ci?.map((v) => p(v, 3)).join(', ')}], 1 − 1/α = ${p(1 - 1 / alpha, 3)}; meanRatio ${p(r.limit.meanRatio.value, 5)} ± ${p(r.limit.meanRatio.error, 2)}, order ${p(r.limit.order.value, 5)} ± ${p(r.limit.order.error, 2)} (γ ${p(r.limit.order.predicted, 4)}); ${r.seconds.toFixed(1)} s`,
      );
      out.push({
        tailIndex: alpha,
        truncation: b === Infinity ? null : b,
        kappa: k,
        meanRatio: r.limit.meanRatio,
        order: r.limit.order,
        seconds: r.seconds,
      });
    }
  }
  return out;
}

/** The adaptive grid's pilot passes (exit.ts `adaptivePasses`) at η = 1e-8, 1600 cells. */
async function passes() {
  const cases: Array<{ label: string; landscape: LandscapeSpec; noise: NoiseSpec; truncation: number }> = [
    {
      label: 'poly gaps 0.6,0.9,0.7,0.5, α=1.5, r/b=1.5',
      landscape: randomPolynomialSpec({ gaps: [0.6, 0.9, 0.7, 0.5] }),
      noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.2 },
      truncation: NaN,
    },
    { label: 'paper b=0.28', landscape: PAPER, noise: LOMAX(1.2), truncation: 0.28 },
  ];
  const out: unknown[] = [];
  say('Relative error estimate at η = 1e-8, 1600 cells, adaptive grid with 1–4 pilot passes:');
  for (const c of cases) {
    const b = Number.isNaN(c.truncation)
      ? +(basinRadii(resolveLandscape(c.landscape))[1] / 1.5).toPrecision(6)
      : c.truncation;
    const res: number[] = [];
    for (let k = 1; k <= 4; k++) {
      const r = exactExit({
        landscape: resolveLandscape(c.landscape),
        noise: createNoiseLaw(c.noise),
        stepSize: 1e-8,
        truncation: b,
        basin: 2,
        cells: 1600,
        grid: 'adaptive',
        adaptivePasses: k,
        solver: 'dense',
      });
      res.push(r.relativeError);
      out.push({
        case: c.label,
        passes: k,
        meanExitSteps: r.meanExitSteps,
        relativeError: r.relativeError,
        seconds: r.seconds,
      });
    }
    say(`  ${c.label}: ${res.map((v) => `${p(100 * v, 2)}%`).join(' → ')}`);
  }
  return out;
}

/** l* = 4 on the paper's basin 2 (b = r/3.5, r = 0.6007): error estimate against η at 1600 cells. */
async function lstar4() {
  const b = +(0.6007 / 3.5).toPrecision(6);
  say(
    `Paper basin 2, b = ${b} (l* = 4), Lomax α = 1.2, 1600 cells, adaptive (${SMALL_MOVES === 'moments' ? '1 pass, small moves: moments' : '3 passes, small moves: hat'}):`,
  );
  const res = await runLimitSweep(
    [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8].map((eta) => task(PAPER, LOMAX(1.2), b, 2, eta, 1600)),
    WORKERS,
  );
  const { theory } = theoryFor(PAPER, LOMAX(1.2), b, 2);
  for (const x of res) {
    say(
      `  η = ${x.stepSize.toExponential(0)}: mean 10^${p(x.logMeanExitSteps / Math.LN10, 4)}, error ${p(100 * x.relativeError, 3)}%, exact/leading ${p(Math.exp(x.logMeanExitSteps) / theory.leadingMeanExitSteps(x.stepSize), 4)}, ${x.seconds.toFixed(1)} s`,
    );
  }
  return res;
}

const sections: Record<string, () => Promise<unknown>> = { paper, validate, random, kappa, passes, lstar4 };
const which = process.argv[2];
if (!which || !(which in sections)) {
  console.error(`usage: npx tsx ci/measure-limit.ts ${Object.keys(sections).join('|')}`);
  process.exit(2);
}
const result = await sections[which]();
// SMALL_MOVES=hat (the hat projection of exit.ts, for comparison) writes limit-<section>-hat.*.
const command = `${SMALL_MOVES === 'hat' ? 'SMALL_MOVES=hat ' : ''}npx tsx ci/measure-limit.ts ${which}`;
const name = `limit-${which}${SMALL_MOVES === 'hat' ? '-hat' : ''}`;
const header = `# ${command}   (${new Date().toISOString().slice(0, 10)}, 2 workers)\n`;
writeFileSync(new URL(`${name}.txt`, OUT), header + lines.join('\n') + '\n');
writeFileSync(new URL(`${name}.json`, OUT), JSON.stringify({ command, result }, null, 1) + '\n');
