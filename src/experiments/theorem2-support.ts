/**
 * What the Theorem 2 experiments share besides the theory (`src/theory/theorem2.ts`): the planning
 * speed, the trend requirement toward the limit and the statistic-against-η plot (z and the
 * truncation in titles come from `src/stats/normal.ts` and `src/core/format.ts`).
 */
import { twoSidedZ } from '../stats/normal.ts';
import type { CheckContext, PlotSpec, Requirement } from '../verify/types.ts';

/**
 * The nominal kernel speed of `ci/tiers.json` (2·10⁶ steps/s per worker) was pinned on the TS kernel;
 * trajectory runs now go to the WebAssembly engine by default, which runs the paper's Lomax kernel
 * about 4× faster unloaded (measured 4.3·10⁶ steps/s per worker on the shared 2-core box at load ≈ 3,
 * about half that at load 13). The standard and full tiers' Theorem 2 runners (renewal-reward share,
 * sharp exits) plan with this multiple of the nominal speed: still a pinned constant, so plans (and
 * every number) stay the same on every machine. The quick tier keeps the nominal speed (npm test runs
 * on a shared box, and its mutant screen was sized at it).
 */
export const WASM_PLANNING_SPEEDUP = 3;

/** Steps per second per worker a runner plans with (see {@link WASM_PLANNING_SPEEDUP}). */
export function plannedSpeed(ctx: CheckContext): number {
  return (ctx.kernelStepsPerSecond ?? 2e6) * (ctx.tier === 'quick' ? 1 : WASM_PLANNING_SPEEDUP);
}

/** One step size of a multi-η Theorem 2 check (the largest η first, the judged one last). */
export interface EtaEstimate {
  readonly stepSize: number;
  readonly estimate: number;
  readonly ci: readonly [number, number];
}

/**
 * The trend toward the limit that the issue requires (THEORY.md §6: the finite-η statistic tends to
 * the prediction as η falls): z of |dev(smallest η)| − |dev(largest η)| from the two points'
 * standard errors. A z at or above the check's own z means the gap grows significantly, which
 * caps a `consistent` verdict at `inconclusive` (see `Observation.requirements`).
 * @returns the details entry and the requirement (no requirement with a single step size).
 */
export function gapTrend<P extends EtaEstimate>(
  points: readonly P[],
  predicted: number,
  standardError: (q: P) => number,
  confidence: number,
): { trend: { z: number; towardPrediction: boolean; note: string }; requirements: Requirement[] } {
  const z = twoSidedZ(confidence);
  const first = points[0];
  const last = points[points.length - 1];
  const trendZ =
    points.length > 1
      ? (Math.abs(last.estimate - predicted) - Math.abs(first.estimate - predicted)) /
        Math.hypot(standardError(last), standardError(first))
      : 0;
  const trend = {
    z: trendZ,
    towardPrediction: trendZ < z,
    note: 'z of |dev(smallest η)| − |dev(largest η)|; ≥ the CI z means the gap grows as η falls',
  };
  if (points.length < 2) return { trend, requirements: [] };
  const dev = (q: P) => Math.abs(q.estimate - predicted).toPrecision(3);
  return {
    trend,
    requirements: [
      {
        name: 'trend',
        met: trendZ < z,
        detail: `the gap to the limit must not grow significantly as η falls: |dev| ${dev(first)} at η = ${first.stepSize} → ${dev(last)} at η = ${last.stepSize}, z = ${trendZ.toFixed(2)} (limit ${z.toFixed(2)})`,
      },
    ],
  };
}

/** The statistic against η (log x) with its CIs, beside the limit as a flat predicted line. */
export function againstEtaPlot(
  title: string,
  yLabel: string,
  observedName: string,
  limitName: string,
  points: readonly EtaEstimate[],
  predicted: number,
): PlotSpec {
  return {
    kind: 'xy',
    title,
    xLabel: 'η',
    yLabel,
    logX: true,
    series: [
      {
        name: observedName,
        style: 'scatter',
        role: 'observed',
        points: points.map((q) => ({ x: q.stepSize, y: q.estimate, lo: q.ci[0], hi: q.ci[1] })),
      },
      {
        name: limitName,
        style: 'line',
        role: 'predicted',
        points: points.map((q) => ({ x: q.stepSize, y: predicted })),
      },
    ],
  };
}
