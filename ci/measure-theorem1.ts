// The finite-η gaps behind properties/theorem1.test.ts's tolerances, on the exact chain (800 cells):
// over random Theorem 1 cases (arbTheorem1Case, fast-check seeds 7 and 11), the local slope of the
// exact mean exit steps on η ∈ [0.0025, 0.005] minus γ = 1 + l*(α − 1), by l*; and the exact CV of
// the exit step at η = 0.0025 against Q = η·E[σ]·f''(m) (exits rare on the relaxation scale).
//   npm run measure:theorem1     (~1–3 min on one core; output in fixtures/measurements/theorem1.txt)
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { buildStopLoss, exactExit } from '../src/exact/index.ts';
import { randomPolynomialSpec, resolveLandscape } from '../src/model/landscapes.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { theoryReport } from '../src/theory/index.ts';
import { arbTheorem1Case, truncationChoices } from '../properties/arbitraries.ts';

const SMALL = [0.005, 0.0025] as const;
const PER_SEED = 18;
const gaps: Record<number, number[]> = { 1: [], 2: [], 3: [] };
const law: { q: number; cv: number; l: number }[] = [];
let cases = 0;
for (const seed of [7, 11]) {
  for (const c of fc.sample(arbTheorem1Case(), { seed, numRuns: PER_SEED })) {
    const landscape = resolveLandscape(randomPolynomialSpec({ gaps: c.gaps }));
    const choices = truncationChoices(landscape, { jumpsNeeded: [c.jumpsNeeded] });
    if (choices.length === 0) continue;
    const { truncation, basin } = choices[c.pick % choices.length];
    const noise = createNoiseLaw({ kind: 'lomax', tailIndex: c.tailIndex, scale: c.scale, pPlus: 0.5 });
    const stopLoss = buildStopLoss(noise);
    const [a, z] = SMALL.map((stepSize) =>
      exactExit({ landscape, noise, stepSize, truncation, basin, cells: 800, stopLoss }),
    );
    const gamma = theoryReport(landscape, noise, truncation).basins[basin - 1].exitExponent ?? NaN;
    gaps[c.jumpsNeeded].push(Math.log(z.meanExitSteps / a.meanExitSteps) / Math.log(SMALL[0] / SMALL[1]) - gamma);
    law.push({
      q: SMALL[1] * z.meanExitSteps * landscape.curvature(landscape.minima[basin - 1]),
      cv: z.exitStepsSd / z.meanExitSteps,
      l: c.jumpsNeeded,
    });
    cases++;
  }
}
const f = (v: number): string => v.toFixed(3);
const range = (v: number[]): string =>
  v.length ? `${f(Math.min(...v))} … ${f(Math.max(...v))} (${v.length} cases)` : 'no case';
const rare = law.filter((p) => p.q >= 20).map((p) => p.cv);
const lines = [
  `# npm run measure:theorem1  (tsx ci/measure-theorem1.ts): ${cases} cases, fast-check seeds 7 and 11 (${PER_SEED} draws each), 800 cells`,
  ...[1, 2, 3].map((l) => `slope − γ on η ∈ [0.0025, 0.005], l* = ${l}: ${range(gaps[l])}`),
  `exact CV at η = 0.0025 where Q ≥ 20: ${range(rare)}`,
  `exact CV below 0.94 where Q ≥ 20 (Q, l*: CV): ${
    law
      .filter((p) => p.q >= 20 && p.cv < 0.94)
      .map((p) => `${p.q.toFixed(0)}, ${p.l}: ${f(p.cv)}`)
      .join('; ') || 'none'
  }`,
  `exact CV where Q < 20 (Q: CV): ${
    law
      .filter((p) => p.q < 20)
      .sort((x, y) => x.q - y.q)
      .map((p) => `${p.q.toFixed(1)}: ${f(p.cv)}`)
      .join(', ') || 'none'
  }`,
];
const text = `${lines.join('\n')}\n`;
writeFileSync(new URL('../fixtures/measurements/theorem1.txt', import.meta.url), text);
process.stdout.write(text);
