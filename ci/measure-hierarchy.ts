// What src/experiments/hierarchy.ts says about its error bars:
// on the paper landscape, basin 2, Lomax α = 1.2, c = 0.1, the exit order between η = 10⁻⁴ and 10⁻⁶ on
// either side of the threshold r/1 (b = 2r: l* = 1; b = r/1.5: l* = 2), as the check computes it
// (800-cell adaptive grids, slope Richardson-extrapolated over the three nested levels) against a
// 6400-cell reference: observed grid orders over 1600…6400 cells, the claimed error against the
// actual miss, and the error that propagating the two means' bars as independent would claim.
//   npm run measure:hierarchy     (~7 min on one core, mostly the 6400-cell solves at η = 10⁻⁶;
//                                  output committed in fixtures/measurements/hierarchy.txt)
import { writeFileSync } from 'node:fs';
import { exactExit } from '../src/exact/index.ts';
import { resolveLandscape } from '../src/model/landscapes.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { basinGeometry } from '../src/theory/index.ts';
import { slopeRichardson } from '../src/experiments/hierarchy.ts';

const landscape = resolveLandscape({ kind: 'paper' });
const noise = createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: 0.1 });
const BASIN = 2;
const STEP_SIZES = [1e-4, 1e-6] as const;
const lr = Math.log(STEP_SIZES[0] / STEP_SIZES[1]);
const r = basinGeometry(landscape, Infinity).basins[BASIN - 1].radius;
const f = (v: number, d = 4): string => v.toFixed(d);
const lines = [
  `# npm run measure:hierarchy  (tsx ci/measure-hierarchy.ts): paper landscape, basin ${BASIN} (r = ${f(r)}), Lomax α = 1.2, c = 0.1, η = 1e-4 → 1e-6, adaptive grids`,
];

for (const [label, truncation] of [
  ['l* = 1, b = 2r', 2 * r],
  ['l* = 2, b = r/1.5', r / 1.5],
] as const) {
  const solve = (cells: number) =>
    STEP_SIZES.map((stepSize) =>
      exactExit({
        landscape,
        noise,
        stepSize,
        truncation,
        basin: BASIN,
        cells,
        grid: 'adaptive',
        solver: cells <= 1600 ? 'dense' : 'auto',
      }),
    );
  const slopesOf = (m: ReturnType<typeof solve>) =>
    [0, 1, 2].map((g) => Math.log(m[1].gridMeans[g] / m[0].gridMeans[g]) / lr);
  const check = solve(800);
  const s800 = slopesOf(check);
  const claimed = slopeRichardson(s800[0], s800[1], s800[2]);
  const independent =
    Math.hypot(check[0].errorEstimate / check[0].meanExitSteps, check[1].errorEstimate / check[1].meanExitSteps) / lr;
  const ref = solve(6400);
  const sRef = slopesOf(ref);
  const reference = slopeRichardson(sRef[0], sRef[1], sRef[2]);
  lines.push(
    `${label}:`,
    `  slopes at 200/400/800 cells ${s800.map((s) => f(s)).join(', ')} → order ${f(claimed.value)} ± ${f(claimed.error)} (observed grid order ${f(claimed.order, 2)})`,
    `  slopes at 1600/3200/6400 cells ${sRef.map((s) => f(s)).join(', ')} → reference ${f(reference.value)} (observed grid order ${f(reference.order, 2)})`,
    `  actual miss of the 800-cell order ${f(Math.abs(claimed.value - reference.value))} vs its claimed error ${f(claimed.error)}`,
    `  error claimed by propagating the two means' bars as independent: ${f(independent)} (${f(independent / claimed.error, 1)}× the slope's)`,
  );
  process.stdout.write(`${lines.slice(-5).join('\n')}\n`);
}
writeFileSync(new URL('../fixtures/measurements/hierarchy.txt', import.meta.url), `${lines.join('\n')}\n`);
