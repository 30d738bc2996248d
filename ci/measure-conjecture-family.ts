// The finite-η gaps that src/verify/conjecture.ts cites for its exit family (CONJECTURE_FAMILY and
// the exit-order / mean-exit-steps tolerance reasons): for the paper landscape and the three-well
// landscape (exit from Ω2, Lomax c = 0.1), the local slope of the exact mean exit steps between
// η = 4·10⁻³ and 10⁻³ minus γ = 1 + l*(α − 1), and the exact mean at η = 10⁻³ over the leading
// order 1/(q λ_k(η)); exact oracle at 1600 cells, as the conjecture checks use.
//   npm run measure:conjecture-family   (~5–10 min on one core; output committed in
//                                        fixtures/measurements/conjecture-family.txt)
import { writeFileSync } from 'node:fs';
import { buildStopLoss, exactExit } from '../src/exact/index.ts';
import { resolveLandscape } from '../src/model/landscapes.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import type { LandscapeSpec } from '../src/model/types.ts';
import { theoryReport } from '../src/theory/index.ts';

const FAMILY: { name: string; spec: LandscapeSpec; tailIndices: number[]; truncations: number[] }[] = [
  {
    name: 'paper',
    spec: { kind: 'paper' },
    tailIndices: [1.2, 1.3, 1.4, 1.5, 1.6],
    truncations: [Infinity, 0.5, 0.28],
  },
  {
    name: 'three-well',
    spec: { kind: 'polynomial', roots: [-1.2, -0.6, 0, 0.9, 1.45], scale: 1, box: 1.8 },
    tailIndices: [1.2, 1.4, 1.6],
    truncations: [Infinity, 0.4, 0.25],
  },
];
const BASIN = 2;
const [ETA_HI, ETA_LO] = [0.004, 0.001];
const lines = [
  '# npm run measure:conjecture-family  (tsx ci/measure-conjecture-family.ts): exit from Ω2, Lomax c = 0.1, exact oracle 1600 cells',
];
for (const m of FAMILY) {
  const landscape = resolveLandscape(m.spec);
  for (const tailIndex of m.tailIndices) {
    const noise = createNoiseLaw({ kind: 'lomax', tailIndex, scale: 0.1 });
    const stopLoss = buildStopLoss(noise);
    for (const truncation of m.truncations) {
      const [hi, lo] = [ETA_HI, ETA_LO].map((stepSize) =>
        exactExit({ landscape, noise, stepSize, truncation, basin: BASIN, cells: 1600, stopLoss }),
      );
      const th = theoryReport(landscape, noise, truncation, ETA_LO).basins[BASIN - 1];
      const slope = Math.log(lo.meanExitSteps / hi.meanExitSteps) / Math.log(ETA_HI / ETA_LO);
      const line =
        `${m.name}, α = ${tailIndex}, b = ${truncation === Infinity ? '∞' : truncation} (l* = ${th.jumpsNeeded}): ` +
        `slope ${slope.toFixed(3)} − γ ${th.exitExponent?.toFixed(3)} = ${(slope - (th.exitExponent ?? NaN)).toFixed(3)}; ` +
        `exact mean at η = 1e-3 / leading order = ${(lo.meanExitSteps / (th.predictedMeanExitSteps ?? NaN)).toFixed(3)}`;
      lines.push(line);
      process.stdout.write(`${line}\n`);
    }
  }
}
writeFileSync(new URL('../fixtures/measurements/conjecture-family.txt', import.meta.url), `${lines.join('\n')}\n`);
