/**
 * The blocked M-matrix elimination against the unblocked one on the exit systems the conjectures'
 * standard tier solves at its finest grid (issue 14: one standard seed of `npm run
 * conjecture:calibrate` spent 83% of its time in the unblocked elimination).
 *
 *   npm run measure:elimination [-- --no-write]
 *
 * The system: the l* = 3 random setting of seed 1 at the standard tier (`randomSettings(1,
 * 'standard')[2]`), moment-matched kernel, graded grid of 3200 cells (3201 nodes), at η = 1e-8 and
 * 1e-14. Each factorisation is timed twice per block size (the faster is shown; wall and CPU seconds
 * of this process) and the factors are compared bit for bit. Output:
 * fixtures/measurements/elimination.txt.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { randomSettings, noiseOfPoint } from '../src/conjecture/family.ts';
import { landscapeOf, lawOf } from '../src/experiments/exact-sweep.ts';
import { assembleExit, chainModel } from '../src/exact/exit.ts';
import { basinNodes, basinRegion } from '../src/exact/grid.ts';
import { ELIMINATION_BLOCK, eliminationOrder, mMatrixFactor, type MMatrixFactors } from '../src/exact/mmatrix.ts';

const CELLS = 3200;
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
  `# setting: ${r.name}, basin ${r.basin}, α = ${r.tailIndex}, p₊ = ${r.pPlus}, b = ${r.truncation} (l* = ${r.stratum.jumpsNeeded}); graded grid, ${CELLS} cells`,
  '# seconds: the faster of two runs (wall / CPU of this process)',
  '',
  'η        nodes  block  wall s   cpu s   factors bit-identical to block ≥ n',
];
const time = (f: () => MMatrixFactors | null) => {
  let best = { wall: Infinity, cpu: Infinity, fac: null as MMatrixFactors | null };
  for (let rep = 0; rep < 2; rep++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const fac = f();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    if (wall < best.wall) best = { wall, cpu, fac };
  }
  return best;
};
const same = (a: MMatrixFactors, b: MMatrixFactors) =>
  a.w.every((v, i) => Object.is(v, b.w[i]) || i % (a.n + 1) === 0) && a.pivot.every((v, i) => Object.is(v, b.pivot[i]));
for (const stepSize of [1e-8, 1e-14]) {
  const region = basinRegion(landscape, r.basin, stepSize, law, r.truncation);
  const nodes = basinNodes(region.spec, CELLS);
  const model = chainModel(landscape, law, stepSize, r.truncation, stopLoss, 'moments');
  const sys = assembleExit(model, landscape, r.basin, nodes, region.leftExit, region.rightExit);
  const n = nodes.length;
  const order = eliminationOrder(nodes, landscape.minima[r.basin - 1]);
  const ref = time(() => mMatrixFactor(sys.off, sys.excess, n, order, n));
  for (const block of [n, 16, 32, ELIMINATION_BLOCK, 128]) {
    const t = block === n ? ref : time(() => mMatrixFactor(sys.off, sys.excess, n, order, block));
    const line = `${stepSize.toExponential(0).padEnd(8)} ${String(n).padStart(5)}  ${(block === n ? 'n' : String(block)).padStart(5)}  ${t.wall.toFixed(2).padStart(6)}  ${t.cpu.toFixed(2).padStart(6)}   ${block === n ? '(reference)' : same(t.fac!, ref.fac!) ? 'yes' : 'NO'}`;
    lines.push(line);
    console.log(line);
  }
}
lines.splice(
  3,
  0,
  `# load average at the end: ${loadavg()[0].toFixed(1)} (2 cores; above 1 the wall times are shared)`,
);
if (write) writeFileSync(new URL('../fixtures/measurements/elimination.txt', import.meta.url), lines.join('\n') + '\n');
