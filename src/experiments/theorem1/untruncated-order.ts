/**
 * The experiment of `theorems/untruncated-order.ts` (its claim, tolerance and their reasons are there):
 * plan, simulate or solve, estimate, plot. Returns the check's observation.
 */
import type { NoiseSpec } from '../../model/types.ts';
import { fitLogLog } from '../../stats/loglog-regression.ts';
import type { CheckContext, Observation } from '../../verify/types.ts';
import { simulatedOrder } from './exit-time-order.ts';
import { PAPER_BASIN, PAPER_LANDSCAPE, exactSweep } from '../exact-sweep.ts';

export type Point = { tailIndex: number };

export const SETTINGS = {
  stepSizes: [0.1, 0.05, 0.02, 0.01, 0.005, 0.002],
  noiseScale: 0.1,
  cells: 800,
} as const;

const noiseOf = (alpha: number): NoiseSpec => ({ kind: 'lomax', tailIndex: alpha, scale: SETTINGS.noiseScale });

export async function runUntruncatedOrder(ctx: CheckContext<Point>): Promise<Observation> {
  const noise = noiseOf(ctx.point.tailIndex);
  const sim = await simulatedOrder(ctx, Infinity, SETTINGS.stepSizes, 1, { noise });
  if (!sim.result) throw new Error(sim.reason);
  const used = sim.result.points.filter((p) => p.events > 0);
  const exact = exactSweep(
    PAPER_LANDSCAPE,
    noise,
    Infinity,
    PAPER_BASIN,
    used.map((p) => p.stepSize),
    () => SETTINGS.cells,
  );
  const exactFit =
    exact.length >= 2
      ? -fitLogLog(
          exact.map((r) => r.stepSize),
          exact.map((r) => r.exactMean),
        ).slope
      : null;
  const obs = sim.result.observation;
  return {
    ...obs,
    details: {
      ...obs.details,
      threeNumbers: {
        simulatedOrder: sim.result.order.estimate,
        exactOrderSameStepSizes: exactFit,
        theory: ctx.prediction.value,
      },
      sideBySide: used.map((p, i) => ({
        stepSize: p.stepSize,
        simulated: p.mean,
        simulatedCi: [...p.ci],
        exact: exact[i]?.exactMean ?? null,
        theory: p.predictedMeanSteps,
      })),
    },
  };
}
