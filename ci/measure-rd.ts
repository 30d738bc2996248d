// The R^d numbers cited in properties/rd.test.ts and the issue-16 report: (1) exit order on the
// three 2-D cases of ci/test-support/rd.ts at a larger budget (600 chains, 40000 q samples):
// slope, its SE, the bias bound, the band, and the verdicts for γ(J_b) and γ(⌈r/b⌉); (2) the share of
// steps in the sharp basins Ω₃ ∪ Ω₄ of the Himmelblau variant with clipping (b = 2.15) and without,
// η = 4e-3 … 5e-4, 16 paths of 8·10⁶ steps from the paper's start (2.9, 1.0), and the weighted
// log-log slope of the share over η (predicted for the clipped chain: (α − 1)(l_max − l*_sharp) = 0.2;
// without clipping: 0); (3) the theory's leading-order sharp share (q averaged over the segment of
// minimisers, 5 points, 4000 samples each) and the landing law of exits from the sharp basins at
// η = 4e-3 and 1e-3 (800 chains) against q_{k,l}/q_k.
//   npm run measure:rd      (~15 min on one core; output in fixtures/measurements/rd.txt)
import { writeFileSync } from 'node:fs';
import { createNoiseLawRd, himmelblauVariant } from '../src/model/rd/index.ts';
import { runExitRd } from '../src/sim/rd/index.ts';
import { leadingOrderOccupancy, theoryReportRd } from '../src/theory/rd/index.ts';
import { EXIT_ORDER_CASES, himmelblauSharpShare, runExitOrderCase } from './test-support/rd.ts';

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
const ETAS = [4e-3, 2e-3, 1e-3, 5e-4];
for (const truncation of [2.15, Infinity]) {
  const pts: { x: number; y: number; w: number }[] = [];
  for (const stepSize of ETAS) {
    const s = himmelblauSharpShare(land, stepSize, truncation, { paths: 16, steps: 8_000_000, seed: 'measure' });
    lines.push(
      `himmelblau sharp share b = ${truncation}, η = ${stepSize}: ${f(s.share)} ± ${f(s.se)} (paths ${s.perPath.map(f).join(' ')}); occupancy Ω₁…Ω₄ ${s.occupancy.slice(1).map(f).join(', ')}`,
    );
    console.error(lines[lines.length - 1]);
    pts.push({ x: Math.log(stepSize), y: Math.log(s.share), w: (s.share / s.se) ** 2 });
  }
  // Weighted least squares of log share on log η (weights 1/var of log share, delta method).
  const W = pts.reduce((a, p) => a + p.w, 0);
  const mx = pts.reduce((a, p) => a + p.w * p.x, 0) / W;
  const my = pts.reduce((a, p) => a + p.w * p.y, 0) / W;
  const sxx = pts.reduce((a, p) => a + p.w * (p.x - mx) ** 2, 0);
  const slope = pts.reduce((a, p) => a + p.w * (p.x - mx) * (p.y - my), 0) / sxx;
  lines.push(
    `himmelblau sharp share b = ${truncation}: log-log slope over η = ${ETAS.join(', ')}: ${f(slope)} ± ${f(1 / Math.sqrt(sxx))}`,
  );
  console.error(lines[lines.length - 1]);
}
const law = createNoiseLawRd({ kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 });
const theory = theoryReportRd({ seed: 'measure', path: 'rd-himmelblau/theory' }, land, law, 2.15, {
  constants: { samples: 4000 },
  segmentPoints: 5,
});
lines.push(
  `himmelblau theory: q = ${theory.basins.map((b) => `${f(b.constants.exitRate)} ± ${f(b.constants.standardError)}`).join(', ')}; Theorem 2 stationary law on {Ω₁, Ω₂}: ${(theory.generators[0].stationary ?? []).map(f).join(', ')}`,
);
for (const stepSize of ETAS) {
  const o = leadingOrderOccupancy(theory, law, stepSize);
  lines.push(
    `himmelblau leading-order share b = 2.15, η = ${stepSize}: basins ${o ? o.map(f).join(', ') : 'n/a'}, sharp ${o ? f(o[2] + o[3]) : 'n/a'}`,
  );
}
for (const basin of [3, 4]) {
  const c = theory.basins[basin - 1].constants;
  const predicted = c.exitRateByTarget.slice(1).map((v) => f(v / c.exitRate));
  for (const stepSize of [4e-3, 1e-3]) {
    const r = runExitRd({
      landscape: land,
      noise: { kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 },
      stepSize,
      truncation: 2.15,
      basin,
      chains: 800,
      seed: 'measure',
      path: `rd-himmelblau/exit/${basin}/${stepSize}`,
    });
    lines.push(
      `himmelblau exit from Ω${basin}, η = ${stepSize}: landing ${r.landing.slice(1).map(f).join(', ')} (binomial SE ≤ ${f(0.5 / Math.sqrt(r.chains))}) against q_{k,l}/q_k = ${predicted.join(', ')}`,
    );
  }
}
const text = `${lines.join('\n')}\n`;
writeFileSync(new URL('../fixtures/measurements/rd.txt', import.meta.url), text);
process.stdout.write(text);
