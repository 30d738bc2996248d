// The R^d numbers cited in properties/rd.test.ts and the issue-16 report: (1) exit order on the
// three 2-D cases of properties/support/rd.ts at a larger budget (600 chains, 40000 q samples):
// slope, its SE, the bias bound, the band, and the verdicts for γ(J_b) and γ(⌈r/b⌉); (2) the share of
// steps in the sharp basins Ω₃ ∪ Ω₄ of the Himmelblau variant with clipping (b = 2.15) and without,
// η = 4e-3 … 5e-4, 8 paths of 4·10⁶ steps from the paper's start (2.9, 1.0).
//   npm run measure:rd      (~5 min on one core; output in fixtures/measurements/rd.txt)
import { writeFileSync } from 'node:fs';
import { himmelblauVariant } from '../src/model/rd/index.ts';
import { EXIT_ORDER_CASES, himmelblauSharpShare, runExitOrderCase } from '../properties/support/rd.ts';

const lines = ['# npm run measure:rd  (tsx ci/measure-rd.ts)'];
const f = (v: number) => String(Number(v.toPrecision(4)));
for (const c of EXIT_ORDER_CASES) {
  const r = runExitOrderCase(c, { chains: 600, seed: 'measure', qSamples: 40000, z: 2.58 });
  lines.push(
    `exit-order ${r.name}: J_b = ${r.jumpsNeeded}, ceil(r/b) = ${r.radiusJumps}, q = ${f(r.q)} ± ${f(r.qSe)}, means ${r.means.map(f).join(', ')} at η = ${c.stepSizes.join(', ')}, ` +
      `slope ${f(r.slope)} ± ${f(r.slopeSe)}, bias bound ${f(r.bias)}, band ±${f(r.tolerance)}, γ(J_b) = ${r.gamma}: ${r.consistent ? 'consistent' : 'inconsistent'}, γ(ceil) = ${r.gammaRadius}: ${r.radiusClaimConsistent ? 'consistent' : 'inconsistent'} (${f(r.seconds)} s)`,
  );
  console.error(lines[lines.length - 1]);
}
const land = himmelblauVariant();
for (const truncation of [2.15, Infinity]) {
  for (const stepSize of [4e-3, 2e-3, 1e-3, 5e-4]) {
    const s = himmelblauSharpShare(land, stepSize, truncation, { paths: 8, steps: 4_000_000, seed: 'measure' });
    lines.push(`himmelblau sharp share b = ${truncation}, η = ${stepSize}: ${f(s.share)} ± ${f(s.se)} (paths ${s.perPath.map(f).join(' ')})`);
    console.error(lines[lines.length - 1]);
  }
}
const text = `${lines.join('\n')}\n`;
writeFileSync(new URL('../fixtures/measurements/rd.txt', import.meta.url), text);
process.stdout.write(text);
