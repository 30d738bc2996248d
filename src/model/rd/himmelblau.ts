/**
 * A concrete variant of the paper's modified Himmelblau landscape (ICLR 2022 §3.2, App. A.2).
 *
 * Why a variant: the formula printed in App. A.2 is garbled (the warp's constant c_x is missing), so
 * it cannot be reproduced. We keep the features the paper states and uses, not its formula:
 * - four basins (Himmelblau's four minima, two on the left and two on the right of the plane);
 * - a segment of minimisers in Ω₂ (a flat valley floor, every point a global minimiser);
 * - at b = 2.15: l*₁ = l*₂ = 2 (wide) > l*₃ = l*₄ = 1 (sharp);
 * - the start (2.9, 1.0) lies in Ω₃, next to its minimiser (3.0, 1.2);
 * - the iterate is projected onto the ball of radius 4.2.
 *
 * Construction: f(x) = log(1 + P(x)/B) with P = Π_i g_i, g_i = (d_i² + 1)^{w_i} − 1, d_i the distance
 * to minimiser set i, weights w = (2, 2, 1, 1) and B = 10⁶. P ≥ 0 vanishes exactly on the four sets,
 * so they are exactly the minimisers (∇P = 0 there, the segment included), with non-degenerate
 * curvature across them: Hessian eigenvalues 4.2 at m₁, 27 at m₃, 21 at m₄, and 6.7 across the segment
 * (0 along it). log(1 + ·) keeps the critical points and the basins of P and tames its growth
 * (|∇f| = O(1) away from the minima). Far from set i, log g_i ≈ 2w_i·log d_i: the weights 2 make the
 * left basins pull twice as hard, which pushes the ridges toward the sharp right-hand minima and gives
 * r = (2.87, 2.47, 1.47, 1.62) on a 161-cell grid, so r/b = (1.34, 1.15, 0.69, 0.75) at b = 2.15:
 * l* = (2, 2, 1, 1), each ratio ≥ 0.15 from an integer, far above the grid error 2·4.2/161 = 0.052
 * (numbers: `npm run measure:rd-landscapes`, fixtures/measurements/rd-landscapes.txt; the features are
 * asserted in src/model/rd/rd.test.ts). The reachable-set J_b agrees: (2, 2, 1, 1).
 */
import { withGridBasins } from './landscapes.ts';
import type { BasinGrid } from './grid-basins.ts';
import type { LandscapeRd, MinimiserSet } from './types.ts';

/** The minimiser sets (basin k ↔ index k − 1). */
export const HIMMELBLAU_MINIMA: readonly MinimiserSet[] = [
  { point: Float64Array.of(-1.5, 3.5) },
  { point: Float64Array.of(-3.5, -1.5), segmentEnd: Float64Array.of(-1.8, -3.3) },
  { point: Float64Array.of(3.0, 1.2) },
  { point: Float64Array.of(2.6, -1.9) },
];

/** The paper's run: b = 2.15, start (2.9, 1.0), ball 4.2, noise 0.75·Pareto(1.2) isotropic. */
export const HIMMELBLAU_RUN = {
  truncation: 2.15,
  start: [2.9, 1.0],
  ball: 4.2,
  noiseScale: 0.75,
  tailIndex: 1.2,
} as const;

const WEIGHTS = [2, 2, 1, 1];
const B = 1e6;

/** The variant (basins on a grid of `resolution` cells per side). @default resolution 161 */
export function himmelblauVariant(resolution = 161): LandscapeRd & { grid: BasinGrid } {
  const sets = HIMMELBLAU_MINIMA;
  const K = sets.length;
  const g = new Float64Array(K);
  const d0 = new Float64Array(K);
  const d1 = new Float64Array(K);
  // Fills g_i and ∇g_i, returns P.
  const terms = (x: ArrayLike<number>): number => {
    let P = 1;
    for (let i = 0; i < K; i++) {
      const s = sets[i];
      const p = s.point;
      let px = p[0];
      let py = p[1];
      if (s.segmentEnd) {
        const q = s.segmentEnd;
        const ux = q[0] - p[0];
        const uy = q[1] - p[1];
        const t = Math.max(0, Math.min(1, ((x[0] - p[0]) * ux + (x[1] - p[1]) * uy) / (ux * ux + uy * uy)));
        px += t * ux;
        py += t * uy;
      }
      const dx = x[0] - px;
      const dy = x[1] - py;
      const u = dx * dx + dy * dy + 1;
      const w = WEIGHTS[i];
      g[i] = w === 1 ? u - 1 : u ** w - 1;
      const c = 2 * w * (w === 1 ? 1 : u ** (w - 1));
      d0[i] = c * dx;
      d1[i] = c * dy;
      P *= g[i];
    }
    return P;
  };
  const value = (x: ArrayLike<number>) => Math.log1p(terms(x) / B);
  const gradient = (x: ArrayLike<number>, out: Float64Array) => {
    const P = terms(x);
    let o0 = 0;
    let o1 = 0;
    for (let i = 0; i < K; i++) {
      let pr = 1;
      for (let j = 0; j < K; j++) if (j !== i) pr *= g[j];
      o0 += pr * d0[i];
      o1 += pr * d1[i];
    }
    const s = 1 / (B + P);
    out[0] = o0 * s;
    out[1] = o1 * s;
  };
  const land = withGridBasins(
    { name: 'himmelblau-variant', dimension: 2, ball: HIMMELBLAU_RUN.ball, value, gradient, minima: sets, saddles: [] },
    resolution,
  );
  const { labels, spacing } = land.grid;
  return { ...land, closedForm: { kind: 'himmelblau', labels, resolution, spacing } };
}
