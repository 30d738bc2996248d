/**
 * The M-matrix elimination of the exact oracle (src/exact/mmatrix.ts): the WebAssembly SIMD engine
 * against the TypeScript one, the blocked elimination against the unblocked one, and what it makes
 * of one whole exact point (issue 14: a Theorem 2 calibration over ≥ 200 random landscapes is
 * bounded by the exact oracle, and the elimination was most of it).
 *
 *   npm run measure:elimination [-- --no-write]
 *
 * The systems: the l* = 3 random setting of seed 1 at the standard tier (`randomSettings(1,
 * 'standard')[2]`), moment-matched kernel, graded grids of 1600 and 3200 cells, at η = 1e-8 and
 * 1e-14. Times are CPU seconds of this process (wall time is shared with whatever else runs), the
 * median of REPS runs, the engines alternating run by run so that both see the same load. Output:
 * fixtures/measurements/elimination.txt.
 *
 * 1. Engines (block 64): TypeScript vs WebAssembly, factors compared bit for bit. The rate is in
 *    10⁹ multiply-adds per second, counting the multiply-adds the elimination executes (zero
 *    multipliers are skipped: about half of the n³/3 on these systems; the count is taken from the
 *    factors' multipliers).
 * 2. Blocks (3201 nodes, η = 1e-8): the unblocked TypeScript elimination (block ≥ n, one run) is the
 *    reference; the WebAssembly engine at blocks 16–128 must give its factors bit for bit.
 * 3. One exact point as Theorem 2 computes it (exactExit: adaptive grid with one pass, dense
 *    solver, moment-matched small moves; 1600 and 3200 cells, η = 1e-8): the whole call with each
 *    engine (HTSGD_ELIMINATION=ts for TypeScript), results compared bit for bit.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { randomSettings, noiseOfPoint } from '../src/conjecture/family.ts';
import { landscapeOf, lawOf } from '../src/experiments/exact-sweep.ts';
import { THEOREM2_EXACT_KERNEL } from '../src/experiments/theorem2-limit.ts';
import { assembleExit, chainModel, exactExit, type ExactExitResult } from '../src/exact/exit.ts';
import { basinNodes, basinRegion } from '../src/exact/grid.ts';
import {
  ELIMINATION_BLOCK,
  eliminationOrder,
  mMatrixFactor,
  type EliminationEngine,
  type MMatrixFactors,
} from '../src/exact/mmatrix.ts';

const REPS = 3;
const write = !process.argv.includes('--no-write');
const r = randomSettings(1, 'standard')[2];
const landscape = landscapeOf(r.landscape);
const { law, stopLoss } = lawOf(
  noiseOfPoint({
    landscape: r.name,
    tailIndex: r.tailIndex,
    pPlus: r.pPlus,
    truncation: r.truncation,
    basin: r.basin,
    target: null,
  }),
);
const lines = [
  '# npm run measure:elimination  (ci/measure-elimination.ts)',
  `# setting: ${r.name}, basin ${r.basin}, α = ${r.tailIndex}, p₊ = ${r.pPlus}, b = ${r.truncation} (l* = ${r.stratum.jumpsNeeded}); graded grids`,
  `# CPU seconds of this process, median of ${REPS} runs (engines alternating run by run)`,
];

const cpuSeconds = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const same = (a: MMatrixFactors, b: MMatrixFactors) =>
  a.w.every((v, i) => Object.is(v, b.w[i]) || i % (a.n + 1) === 0) &&
  a.pivot.every((v, i) => Object.is(v, b.pivot[i])) &&
  a.logPivot.every((v, i) => Object.is(v, b.logPivot[i]));

/** Multiply-adds the blocked elimination executes (the skips of zero multipliers counted out). */
function multiplyAdds(fac: MMatrixFactors, block: number): number {
  const { n, w, pivot } = fac;
  let count = 0;
  for (let k0 = 0; k0 < n; k0 += block) {
    const k1 = Math.min(n, k0 + block);
    for (let k = k0; k < Math.min(k1, n - 1); k++) {
      if (!(pivot[k] > 0) || !Number.isFinite(pivot[k])) continue;
      for (let i = k + 1; i < n; i++) if (w[i * n + k] !== 0) count += i < k1 ? n - k - 1 : k1 - k - 1;
    }
    for (let i = k1; i < n; i++) {
      const ri = i * n;
      let k = k0;
      for (; k + 4 <= k1; k += 4)
        if (w[ri + k] || w[ri + k + 1] || w[ri + k + 2] || w[ri + k + 3]) count += 4 * (n - k1);
      for (; k < k1; k++) if (w[ri + k] !== 0) count += n - k1;
    }
  }
  return count;
}

function system(cells: number, stepSize: number) {
  const region = basinRegion(landscape, r.basin, stepSize, law, r.truncation);
  const nodes = basinNodes(region.spec, cells);
  const model = chainModel(landscape, law, stepSize, r.truncation, stopLoss, 'moments');
  const sys = assembleExit(model, landscape, r.basin, nodes, region.leftExit, region.rightExit);
  return { sys, n: nodes.length, order: eliminationOrder(nodes, landscape.minima[r.basin - 1]) };
}

const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

say('');
say('1. Engines, block 64: CPU s (rate: 10⁹ multiply-adds executed per CPU second)');
say('η        nodes  multiply-adds   TypeScript          WebAssembly         speed-up  bit-identical');
for (const cells of [1600, 3200]) {
  for (const stepSize of [1e-8, 1e-14]) {
    const { sys, n, order } = system(cells, stepSize);
    const times: Record<'ts' | 'wasm', number[]> = { ts: [], wasm: [] };
    const facs: Partial<Record<'ts' | 'wasm', MMatrixFactors>> = {};
    for (let rep = 0; rep < REPS; rep++) {
      for (const engine of ['ts', 'wasm'] as const) {
        times[engine].push(
          cpuSeconds(() => (facs[engine] = mMatrixFactor(sys.off, sys.excess, n, order, ELIMINATION_BLOCK, engine)!)),
        );
      }
    }
    const ma = multiplyAdds(facs.ts!, ELIMINATION_BLOCK);
    const [ts, wasm] = [median(times.ts), median(times.wasm)];
    const cell = (t: number) => `${t.toFixed(3).padStart(7)} s (${(ma / t / 1e9).toFixed(2).padStart(5)})`;
    say(
      `${stepSize.toExponential(0).padEnd(8)} ${String(n).padStart(5)}  ${ma.toExponential(3).padStart(13)}   ${cell(ts)}   ${cell(wasm)}   ${(ts / wasm).toFixed(2).padStart(6)}×  ${same(facs.ts!, facs.wasm!) ? 'yes' : 'NO'}`,
    );
  }
}

say('');
say('2. Blocks, 3201 nodes, η = 1e-8: WebAssembly CPU s against the unblocked TypeScript reference');
say('engine        block  CPU s   factors bit-identical to the reference');
{
  const { sys, n, order } = system(3200, 1e-8);
  let ref: MMatrixFactors | null = null;
  const tRef = cpuSeconds(() => (ref = mMatrixFactor(sys.off, sys.excess, n, order, n, 'ts')));
  say(`TypeScript        n  ${tRef.toFixed(3).padStart(6)}  (reference, one run)`);
  for (const block of [16, 32, ELIMINATION_BLOCK, 128]) {
    let fac: MMatrixFactors | null = null;
    const ts: number[] = [];
    for (let rep = 0; rep < REPS; rep++)
      ts.push(cpuSeconds(() => (fac = mMatrixFactor(sys.off, sys.excess, n, order, block, 'wasm'))));
    say(
      `WebAssembly   ${String(block).padStart(5)}  ${median(ts).toFixed(3).padStart(6)}  ${same(fac!, ref!) ? 'yes' : 'NO'}`,
    );
  }
}

say('');
say("3. One exact point as Theorem 2 computes it (exactExit, adaptive grid, 'dense', 'moments'; η = 1e-8): CPU s");
say('cells  TypeScript  WebAssembly  speed-up  same result');
for (const cells of [1600, 3200]) {
  const point = (engine: EliminationEngine): ExactExitResult => {
    const saved = process.env.HTSGD_ELIMINATION;
    process.env.HTSGD_ELIMINATION = engine;
    try {
      return exactExit({
        landscape,
        noise: law,
        stepSize: 1e-8,
        truncation: r.truncation,
        basin: r.basin,
        cells,
        stopLoss,
        ...THEOREM2_EXACT_KERNEL,
      });
    } finally {
      if (saved === undefined) delete process.env.HTSGD_ELIMINATION;
      else process.env.HTSGD_ELIMINATION = saved;
    }
  };
  const times: Record<'ts' | 'wasm', number[]> = { ts: [], wasm: [] };
  const results: Partial<Record<'ts' | 'wasm', ExactExitResult>> = {};
  for (let rep = 0; rep < REPS; rep++) {
    for (const engine of ['ts', 'wasm'] as const)
      times[engine].push(cpuSeconds(() => (results[engine] = point(engine))));
  }
  const a = results.ts!;
  const b = results.wasm!;
  const identical =
    Object.is(a.logMeanExitSteps, b.logMeanExitSteps) &&
    Object.is(a.relativeError, b.relativeError) &&
    a.landing.every((v, i) => Object.is(v, b.landing[i]));
  const [ts, wasm] = [median(times.ts), median(times.wasm)];
  say(
    `${String(cells).padStart(5)}  ${ts.toFixed(2).padStart(10)}  ${wasm.toFixed(2).padStart(11)}  ${(ts / wasm).toFixed(2).padStart(7)}×  ${identical ? 'yes' : 'NO'}`,
  );
}
lines.splice(3, 0, `# load average at the end: ${loadavg()[0].toFixed(1)} (2 cores; CPU time still slows under load)`);
if (write) writeFileSync(new URL('../fixtures/measurements/elimination.txt', import.meta.url), lines.join('\n') + '\n');
