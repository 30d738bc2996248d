// The geometry numbers cited in src/model/rd/himmelblau.ts and src/model/rd/landscapes.ts: the
// Himmelblau variant's radii, r/b at b = 2.15, Hessian eigenvalues at the minimiser points (central
// differences of the gradient), J_b by reachable sets; the hook valley's J_b and reach radius; q along
// the Himmelblau segment of minimisers (5 points, 3000 samples each); and the TS kernel's speed on
// the issue's benchmark (2-D quartic well, isotropic Lomax, one path of 4·10⁶ steps; machine-dependent).
//   npm run measure:rd-landscapes      (~10 s; output in fixtures/measurements/rd-landscapes.txt)
import { writeFileSync } from 'node:fs';
import { createNoiseLawRd, himmelblauVariant, hookValleyLandscape, wellLandscape } from '../src/model/rd/index.ts';
import { runTrajectoryRd } from '../src/sim/rd/index.ts';
import { estimateExitConstantsRd, jumpsNeededRd } from '../src/theory/rd/index.ts';
import { openStream } from '../src/rng/index.ts';

const f = (v: number) => String(Number(v.toPrecision(4)));
const lines = ['# npm run measure:rd-landscapes  (tsx ci/measure-rd-landscapes.ts)'];
const h = himmelblauVariant();
lines.push(
  `himmelblau radii (161-cell grid, error ${f(h.geometryError)}): ${h.basinRadii.map(f).join(', ')}; r/b at b = 2.15: ${h.basinRadii.map((r) => f(r / 2.15)).join(', ')}; stuck orbits ${h.grid.stuck}`,
);
const hess = h.minima.map((m) => {
  const e = 1e-5;
  const gp = new Float64Array(2);
  const gm = new Float64Array(2);
  const H = [0, 0, 0, 0];
  for (let j = 0; j < 2; j++) {
    const xp = Float64Array.from(m.point);
    const xm = Float64Array.from(m.point);
    xp[j] += e;
    xm[j] -= e;
    h.gradient(xp, gp);
    h.gradient(xm, gm);
    H[j] = (gp[0] - gm[0]) / (2 * e);
    H[2 + j] = (gp[1] - gm[1]) / (2 * e);
  }
  const tr = H[0] + H[3];
  const det = H[0] * H[3] - H[1] * H[2];
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  return [tr / 2 - disc, tr / 2 + disc];
});
lines.push(
  `himmelblau Hessian eigenvalues at the minimiser points: ${hess.map((p) => `(${p.map(f).join(', ')})`).join(' ')}`,
);
lines.push(
  `himmelblau J_b at b = 2.15 (reachable sets): ${h.minima.map((_, k) => jumpsNeededRd(h, k + 1, 2.15).jumpsNeeded).join(', ')}`,
);
const hook = hookValleyLandscape();
const J = jumpsNeededRd(hook, 1, 1.25);
lines.push(
  `hook valley b = 1.25: J_b = ${J.jumpsNeeded} (certified ${J.certified}), ceil(r/b) = ${J.radiusJumps}, reach radius after 1 jump ${f(J.reachRadius[1])} (grid ${f(J.gridSpacing)})`,
);
const law = createNoiseLawRd({ kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 });
const s = h.minima[1];
const qs = [0, 0.25, 0.5, 0.75, 1].map((t) => {
  const x = Array.from(s.point, (p, j) => p + t * (s.segmentEnd![j] - p));
  const q = estimateExitConstantsRd(
    openStream({ seed: 'measure', path: `rd-landscapes/segment/${t}` }),
    h,
    law,
    2,
    2.15,
    2,
    { samples: 3000, start: x },
  );
  return `t = ${t}: ${f(q.exitRate)} ± ${f(q.standardError)}`;
});
lines.push(`himmelblau q₂ along the segment of minimisers: ${qs.join('; ')}`);
const quartic = wellLandscape({ curvature: [1, 1], power: 4, domain: [1, 1] });
const t0 = performance.now();
runTrajectoryRd({
  landscape: quartic,
  noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.1, dimension: 2 },
  stepSize: 0.01,
  truncation: 0.5,
  seed: 'measure',
  start: [0, 0],
  paths: 1,
  steps: 4_000_000,
});
lines.push(
  `TS kernel, 2-D quartic well, isotropic Lomax: ${f(4e6 / ((performance.now() - t0) / 1000))} steps/s (one core, this machine, load not controlled)`,
);
const text = `${lines.join('\n')}\n`;
writeFileSync(new URL('../fixtures/measurements/rd-landscapes.txt', import.meta.url), text);
process.stdout.write(text);
