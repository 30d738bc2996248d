// The finite-η landing laws that theorems/markov-limit.ts's tolerance reason cites, by the exact
// oracle (src/exact, 400 cells): the paper landscape, Lomax α = 1.2, c = 0.1, b = 0.5; for exits
// from Ω3 (the sharp basin the reason is about; the other basins follow), P(land in Ω_l) at η = 0.01 … 0.001 against
// the limit q(k, l)/q(k) of the theory. A few seconds on one core.
//   npm run measure:theorem2      (output in fixtures/measurements/theorem2-landing.txt)
import { writeFileSync } from 'node:fs';
import { exactExit } from '../src/exact/index.ts';
import { resolveLandscape } from '../src/model/landscapes.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { theoryReport } from '../src/theory/index.ts';

const landscape = resolveLandscape({ kind: 'paper' });
const noise = createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: 0.1 });
const truncation = 0.5;
const STEP_SIZES = [0.01, 0.005, 0.002, 0.001];
const theory = theoryReport(landscape, noise, truncation);
const lines = [
  '# npm run measure:theorem2  (tsx ci/measure-theorem2.ts): paper landscape, Lomax α = 1.2, c = 0.1, b = 0.5, exact oracle 400 cells',
];
for (const basin of [3, ...theory.basins.map((_, k) => k + 1).filter((k) => k !== 3)]) {
  const limit = theory.basins[basin - 1].exitProbabilityByTarget ?? {};
  lines.push(
    `exit from Ω${basin}: limit q(${basin}, l)/q(${basin}) = ${Object.entries(limit)
      .map(([l, p]) => `${l}: ${p.toFixed(4)}`)
      .join(', ')}`,
  );
  for (const stepSize of STEP_SIZES) {
    const ex = exactExit({ landscape, noise, stepSize, truncation, basin, cells: 400 });
    lines.push(
      `  η = ${stepSize}: P(land in Ω_l) = ${ex.landing.map((p, i) => `${i + 1}: ${p.toFixed(4)}`).join(', ')}`,
    );
  }
}
const text = `${lines.join('\n')}\n`;
writeFileSync(new URL('../fixtures/measurements/theorem2-landing.txt', import.meta.url), text);
process.stdout.write(text);
