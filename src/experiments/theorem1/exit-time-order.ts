/**
 * The experiment of `theorems/exit-time-order.ts` (its claim, tolerance and their reasons are there):
 * plan, simulate or solve, estimate, plot. Returns the check's observation.
 */
import { formatTruncation } from '../../core/format.ts';
import type { NoiseSpec } from '../../model/types.ts';
import { planExitScaling, runExitScaling, type ExitScalingResult } from '../exit-scaling.ts';
import type { CheckContext, Observation, PlotSpec } from '../../verify/types.ts';
import {
  PAPER_BASIN,
  PAPER_LANDSCAPE,
  PAPER_NOISE,
  exactLocalSlopes,
  exactSweep,
  seriesOf,
  truncationOf,
} from '../exact-sweep.ts';
import { type ExactRow, type ExactSlope } from '../exact-sweep.ts';
import { type ExitScalingPoint } from '../exit-scaling.ts';
import { exactOrderWithWeights, limitLink, limitSweepOf, linkSignificance, scalingLink } from './links.ts';
import type { ScalingSlope } from './links.ts';
import { landscapeOf } from '../exact-sweep.ts';
import type { Requirement } from '../../verify/types.ts';

export type Point = { truncation: number | null };

/** Settings of the check (serialised into the report). */
export const SETTINGS = {
  /** Exact step sizes: the trend from the simulated range down to the asymptotic pair. */
  exactStepSizes: [0.1, 0.05, 0.02, 0.01, 0.004, 0.001],
  /** Grid cells: 1600 below η = 5·10⁻³ (error bounds ≤ 1.6% of the mean), 800 above. */
  fineCells: 1600,
  coarseCells: 800,
  /** Candidates for the simulated fit (the planner keeps what the budget affords). */
  simulatedStepSizes: [0.1, 0.05, 0.02, 0.01, 0.005, 0.002],
  /** Share of the check's time budget given to the simulation (the exact part costs ~2 s CPU per b). */
  simulationShare: 0.8,
} as const;

const cellsFor = (eta: number) => (eta < 0.005 ? SETTINGS.fineCells : SETTINGS.coarseCells);

/**
 * The simulated side: the planned experiment of `runExitScaling` when the budget affords ≥ 3 step
 * sizes, else null (with the plan's reason) rather than overrunning the budget.
 */
export async function simulatedOrder(
  ctx: CheckContext,
  truncation: number,
  stepSizes: readonly number[],
  share: number,
  extra: {
    noise?: typeof PAPER_NOISE;
    landscape?: typeof PAPER_LANDSCAPE;
    basin?: number;
    /** Mean exit steps to plan with (@default the leading order; see `ExitScalingOptions.predictMeanSteps`). */
    predictMeanSteps?: (stepSize: number) => number | null;
    /** Fewest step sizes the plan must keep. @default 3 */
    minPoints?: number;
  } = {},
): Promise<{ result: ExitScalingResult | null; reason: string }> {
  const simCtx = { ...ctx, timeBudgetSeconds: ctx.timeBudgetSeconds * share };
  const opts = {
    landscape: extra.landscape ?? PAPER_LANDSCAPE,
    noise: extra.noise ?? PAPER_NOISE,
    truncation,
    basin: extra.basin ?? PAPER_BASIN,
    stepSizes,
    ...(extra.predictMeanSteps ? { predictMeanSteps: extra.predictMeanSteps } : {}),
    ...(extra.minPoints !== undefined ? { minPoints: extra.minPoints } : {}),
  };
  const plan = planExitScaling(simCtx, opts);
  if (plan && !plan.feasible) return { result: null, reason: `simulation skipped: ${plan.reason}` };
  return { result: await runExitScaling(simCtx, opts), reason: plan?.reason ?? 'planned from a pilot run' };
}

/** The order as {@link scalingLink} reads it: −slope of log E σ on log η, exact over the same η with the fit's weights. */
export const orderSlope = (r: ExitScalingResult): ScalingSlope => ({
  name: 'simulator → chain (order)',
  simulated: { value: r.order.estimate, standardError: r.order.standardError },
  exact: exactOrderWithWeights,
  what: 'order fitted',
});

export function runExitTimeOrder(ctx: CheckContext<Point>): Promise<Observation> {
  return runPaperExitOrder(ctx, truncationOf(ctx.point.truncation), PAPER_NOISE);
}

/**
 * Both links of an exit-order check on the paper's basin 2 with truncation `b` (∞: no clipping) and
 * Lomax `noise` (exit-time-order at the paper's α, untruncated-order across α): the η → 0 limit of the
 * exact order against the check's prediction, and the simulated fit against the exact chain's.
 */
export async function runPaperExitOrder(ctx: CheckContext, b: number, noise: NoiseSpec): Promise<Observation> {
  const gamma = ctx.prediction.value;
  const sig = linkSignificance(ctx.confidence);
  // Link 2, chain → theory: the η → 0 limit of the order (moment-matched oracle, η = 1e-8 … 1e-18).
  const sweep = limitSweepOf('paper', landscapeOf(PAPER_LANDSCAPE), noise, b, PAPER_BASIN, ctx.tier);
  const limit = limitLink(sweep, 'order', sig.limit, (v) => v, gamma);
  // The finite-η trend at the simulated scale (shown, not judged: the limit is).
  const rows = exactSweep(PAPER_LANDSCAPE, noise, b, PAPER_BASIN, SETTINGS.exactStepSizes, cellsFor);
  const local = exactLocalSlopes(rows);
  ctx.progress(0.1);

  // Link 1, simulator → chain: the simulated fit against the exact chain's over the same step sizes
  // (same weights), and the simulated mean and exit side at the smallest simulated η against the exact chain's.
  const sim = await simulatedOrder(ctx, b, SETTINGS.simulatedStepSizes, SETTINGS.simulationShare, { noise });
  const simPoints = sim.result?.points.filter((p) => p.events > 0) ?? [];
  const link = scalingLink(
    sim.result,
    sim.reason,
    (etas) => exactSweep(PAPER_LANDSCAPE, noise, b, PAPER_BASIN, etas, cellsFor),
    sig.simulation,
    orderSlope,
  );
  const requirements: Requirement[] = [limit.requirement, ...link.requirements];
  const simulated: Record<string, unknown> = sim.result
    ? {
        order: sim.result.order.estimate,
        ci: [...sim.result.order.ci],
        exactOrderSameStepSizes: link.details.exactSameStepSizes,
        exactOrderSameStepSizesError: link.details.exactSameStepSizesError,
        ...link.details,
      }
    : link.details;
  const plots = exitOrderPlots(b, noise, gamma, rows, local, simPoints, sim.result);
  ctx.progress(1);
  return {
    estimate: limit.value,
    ci: [limit.value - limit.halfWidth, limit.value + limit.halfWidth],
    requirements,
    details: {
      observation: `η → 0 limit of the exact chain's order (sweep η = 1e-8 … 1e-18, extrapolated in η^{1−1/α}; interval ± z·e at half the check's significance)`,
      links: requirements.map((r) => ({ name: r.name, met: r.met, rejected: r.rejected ?? false, detail: r.detail })),
      threeNumbers: {
        simulatedOrder: sim.result ? sim.result.order.estimate : null,
        exactOrderSameStepSizes: simulated.exactOrderSameStepSizes ?? null,
        exactLimit: limit.value,
        theory: gamma,
      },
      limit: {
        value: limit.value,
        error: limit.error,
        errorParts: sweep.limit.order.errorParts,
        kappa: sweep.limit.kappa,
        points: sweep.points.map((p) => ({
          stepSize: p.stepSize,
          meanExitSteps: p.meanExitSteps,
          relativeError: p.relativeError,
          cells: p.cells,
        })),
      },
      exact: rows.map((r) => ({
        stepSize: r.stepSize,
        cells: r.cells,
        exact: r.exactMean,
        errorBound: r.exactError,
        theory: r.theoryMean,
        exactOverTheory: r.ratio,
      })),
      exactLocalSlopes: local.map((s) => ({ from: s.from, to: s.to, order: s.estimate, bound: [...s.ci] })),
      simulated,
    },
    plots,
  };
}

/**
 * The plots of the check: mean exit steps (simulated, exact, leading order) against 1/η, the exact
 * local slopes against γ, and how far the leading order is from the finite-η truth.
 */
function exitOrderPlots(
  b: number,
  noise: NoiseSpec,
  gamma: number,
  rows: readonly ExactRow[],
  local: readonly ExactSlope[],
  simPoints: readonly ExitScalingPoint[],
  result: ExitScalingResult | null,
): PlotSpec[] {
  const plots: PlotSpec[] = [];
  plots.push({
    kind: 'xy',
    title: `Theorem 1 exit order, paper landscape, basin ${PAPER_BASIN}, b = ${formatTruncation(b)}${noise === PAPER_NOISE ? '' : `, α = ${noise.kind === 'gaussian' ? '–' : noise.tailIndex}`}: mean exit steps`,
    xLabel: '1/η',
    yLabel: 'mean exit steps',
    logX: true,
    logY: true,
    series: [
      // simPoints is empty unless the simulation ran, so `result` is set wherever it is read below.
      ...(simPoints.length
        ? [
            {
              name: 'simulated (censored-exp. MLE, CI)',
              style: 'band' as const,
              role: 'observed' as const,
              points: simPoints.map((p) => ({
                x: 1 / p.stepSize,
                y: p.mean,
                lo: p.ci[0],
                hi: Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean,
              })),
            },
            {
              name: `simulated, fit γ̂ = ${result!.order.estimate.toFixed(3)}`,
              style: 'scatter' as const,
              role: 'observed' as const,
              points: simPoints.map((p) => ({
                x: 1 / p.stepSize,
                y: p.mean,
                lo: p.ci[0],
                hi: Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean,
              })),
            },
          ]
        : []),
      {
        name: 'exact finite-η chain',
        style: 'line',
        role: 'fitted',
        points: seriesOf(rows, (r) => ({ x: 1 / r.stepSize, y: r.exactMean })),
      },
      {
        name: `leading order 1/(q λ_k(η)), γ = ${gamma.toFixed(3)}`,
        style: 'line',
        role: 'predicted',
        points: seriesOf(rows, (r) => (r.theoryMean === null ? null : { x: 1 / r.stepSize, y: r.theoryMean })),
      },
    ],
  });
  plots.push({
    kind: 'xy',
    title: `local slopes of the exact means vs γ = ${gamma.toFixed(3)} (b = ${formatTruncation(b)})`,
    xLabel: '1/η (pair midpoint)',
    yLabel: 'local order −d log E σ / d log η',
    logX: true,
    series: [
      {
        name: 'exact local slope (bound)',
        style: 'scatter',
        role: 'observed',
        points: local.map((s) => ({ x: 1 / Math.sqrt(s.from * s.to), y: s.estimate, lo: s.ci[0], hi: s.ci[1] })),
      },
      {
        name: 'γ = 1 + l*(α − 1)',
        style: 'line',
        role: 'predicted',
        points: local.map((s) => ({ x: 1 / Math.sqrt(s.from * s.to), y: gamma })),
      },
    ],
  });
  // Issue 7: how far the leading-order theory is from the finite-η truth, and how fast the gap closes.
  plots.push({
    kind: 'xy',
    title: `exact / leading-order mean exit steps vs η (b = ${formatTruncation(b)})`,
    xLabel: '1/η',
    yLabel: 'E σ exact / 1/(q λ_k(η))',
    logX: true,
    series: [
      {
        name: 'exact / leading order (discretisation bound)',
        style: 'scatter',
        role: 'observed',
        points: seriesOf(rows, (r) =>
          r.theoryMean === null
            ? null
            : {
                x: 1 / r.stepSize,
                y: r.exactMean / r.theoryMean,
                lo: (r.exactMean - r.exactError) / r.theoryMean,
                hi: (r.exactMean + r.exactError) / r.theoryMean,
              },
        ),
      },
      {
        name: 'ratio 1',
        style: 'line',
        role: 'predicted',
        points: seriesOf(rows, (r) => ({ x: 1 / r.stepSize, y: 1 })),
      },
    ],
  });
  if (result) plots.push(...result.plots.filter((p) => p.kind === 'qq'));
  return plots;
}
