/**
 * R^d test support (issue 16): the exit-order cases and check live in src/experiments/rd-exit-order.ts
 * (re-exported here for properties/rd-exit-order.test.ts and ci/measure-rd.ts); the Himmelblau
 * sharp-basin share is measured here (properties/rd-checks.test.ts, ci/measure-rd.ts).
 */
import type { LandscapeRd } from '../../src/model/rd/index.ts';
import { runTrajectoryRd } from '../../src/sim/rd/index.ts';

export {
  EXIT_ORDER_CASES,
  runExitOrderCase,
  type ExitOrderCase,
  type ExitOrderResult,
} from '../../src/experiments/rd-exit-order.ts';

/** Share of steps in the sharp basins Ω₃ ∪ Ω₄ of the Himmelblau variant (paper's noise 0.75·Pareto(1.2), isotropic). */
export interface SharpShare {
  stepSize: number;
  truncation: number;
  /** Mean over paths and its standard error (paths are the i.i.d. replicates). */
  share: number;
  se: number;
  perPath: number[];
  /** Fraction of all steps per basin (index k = basin k; 0 = outside, empty here). */
  occupancy: number[];
}

export function himmelblauSharpShare(
  land: LandscapeRd,
  stepSize: number,
  truncation: number,
  opts: { paths: number; steps: number; seed: number | string },
): SharpShare {
  const r = runTrajectoryRd({
    landscape: land,
    noise: { kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 },
    stepSize,
    truncation,
    seed: opts.seed,
    path: `rd-himmelblau/${stepSize}/${truncation}`,
    start: [2.9, 1.0],
    paths: opts.paths,
    steps: opts.steps,
  });
  const perPath = r.perPath.map((p) => p[3] + p[4]);
  const mean = perPath.reduce((a, b) => a + b, 0) / perPath.length;
  const sd = Math.sqrt(perPath.reduce((a, b) => a + (b - mean) ** 2, 0) / (perPath.length - 1));
  return { stepSize, truncation, share: mean, se: sd / Math.sqrt(perPath.length), perPath, occupancy: r.occupancy };
}
