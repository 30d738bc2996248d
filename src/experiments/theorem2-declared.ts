/**
 * The experiments of the Theorem 2 declarations (`theorems/markov-limit.ts`, `sharp-minima-
 * elimination.ts`, `untruncated-all-minima.ts`, `truncation-hierarchy.ts`, `reducible-graph.ts`):
 * each turns a declaration's point and settings into the options of one runner of this folder and
 * returns the observation. The declarations keep the data (claim, points, step sizes, tolerance);
 * no procedure lives in `theorems/`.
 */
import type {
  HierarchyPoint,
  MarkovPoint,
  ReduciblePoint,
  SharpSharePoint,
  TransientPoint,
  UntruncatedPoint,
} from '../theory/predictors.ts';
import { sharpBasins } from '../theory/predictors.ts';
import { theorem2Setting } from '../theory/theorem2.ts';
import type { CheckContext, Observation } from '../verify/types.ts';
import { limitStepSizes } from '../asymptotics/index.ts';
import { twoSidedZ } from '../stats/normal.ts';
import { THEOREM2_PREDICTORS } from '../theory/predictors.ts';
import { runHierarchyCheck } from './hierarchy.ts';
import { prefetchTheorem2Sweep, THEOREM2_QUICK_LIMIT_SWEEP, transientOrderLimit } from './theorem2-limit.ts';
import { runSharpShareCheck } from './sharp-share.ts';
import { runStationaryOccupancyCheck } from './stationary-occupancy.ts';
import { runTheorem2LimitCheck, simulationLink } from './theorem2-limit-check.ts';
import type { Theorem2Statistic } from '../theory/mutants-theorem2.ts';

/** Settings of the limit-judged Theorem 2 declarations (see `runTheorem2LimitCheck`). */
export interface Theorem2LimitSettings {
  /** Extrapolation step sizes per tier (the quick tier's sweep is shorter: it runs inside npm test). */
  readonly stepSizes: { readonly quick: readonly number[]; readonly standard: readonly number[] };
  /** η₀ of the simulation link. */
  readonly linkStepSize: number;
  /** Largest τ (declaration scale) that resolves the claim. */
  readonly resolution: number;
  readonly scale: 'absolute' | 'relative';
}

/** The statistic a Markov-limit or reducible-G point names. */
export function theorem2Statistic(p: MarkovPoint | ReduciblePoint): Theorem2Statistic {
  if ('statistic' in p) {
    if (p.statistic === 'holding') return { kind: 'holding', from: p.from };
    return { kind: p.statistic === 'sharp-exit' ? 'sharp-exit' : 'excursion', from: p.from, to: p.to ?? 0 };
  }
  return { kind: 'class-share', from: p.from, other: p.to };
}

/**
 * One limit-judged Theorem 2 point: the η → 0 limit of the exact chain against the theory, and the
 * simulator against the exact chain at η₀ (src/experiments/theorem2-limit-check.ts).
 */
export async function runTheorem2LimitPoint(
  ctx: CheckContext<MarkovPoint | ReduciblePoint>,
  settings: Theorem2LimitSettings,
): Promise<Observation> {
  const p = ctx.point;
  const setting =
    'landscape' in p ? theorem2Setting(p.landscape, p.truncation) : theorem2Setting('reducible', p.truncation);
  return runTheorem2LimitCheck(ctx, {
    setting,
    statistic: theorem2Statistic(p),
    stepSizes: ctx.tier === 'quick' ? settings.stepSizes.quick : settings.stepSizes.standard,
    ...(ctx.tier === 'quick' ? { exact: { minPoints: THEOREM2_QUICK_LIMIT_SWEEP.minPoints } } : {}),
    linkStepSize: settings.linkStepSize,
    resolution: settings.resolution,
    scale: settings.scale,
  });
}

/**
 * The window of reducible-graph-transient's limit: η = 1e-3 … 1e-18, one point per decade (sixteen),
 * at 1600 cells. Why wider than the other limits' 1e-8 … 1e-18: the probability P(m_from → Ω_to)
 * vanishes like η^{(α−1)·extra}, from ~10⁻² at η = 1e-3 to ~10⁻⁵ at 1e-18, while the oracle's
 * landing bar is a grid error that does not shrink with it, so the relative error of a point grows
 * from 1.5% (η = 1e-3) to 6–8% (1e-18) at 1600 cells; the order's data error (Σ|c_i|·e_i over the
 * log-fit's weights, the bars fully correlated) is then set by how many decades of P are known well.
 * Measured (`npm run measure:theorem2-limits`): b = 0.4 order 0.1985 ± 0.0100 over 1e-3 … 1e-18
 * against 0.193 ± 0.040 over 1e-8 … 1e-18 (three points above 5% dropped); b = 0.35 0.1973 ± 0.0109
 * against 0.196 ± 0.048. The large η do not bias it: the window-shift term (dropping η = 1e-3) is
 * 4·10⁻⁴ and 3·10⁻⁴, and the local slopes are 0.210 at 1e-3 → 1e-4 and 0.200 from 1e-6 on.
 */
export const TRANSIENT_LIMIT_SWEEP = {
  stepSizes: limitStepSizes(1e-3, 15, 1),
  cells: 1600,
  maxCells: 1600,
} as const;

/**
 * Reducible G, statement (a): the η → 0 limit of the vanishing order of P(exit from m_from lands in
 * the transient Ω_to) on the exact chain (`transientOrderLimit`, {@link TRANSIENT_LIMIT_SWEEP}),
 * judged at τ = z·e with half the check's significance, and the simulation link (simulator vs exact
 * chain at `linkStepSize`, exits from `from`) at the other half. Consistent needs τ ≤ `resolution`.
 */
export async function runTransientReturnPoint(
  ctx: CheckContext<TransientPoint>,
  settings: { readonly linkStepSize: number; readonly resolution: number },
): Promise<Observation> {
  const p = ctx.point;
  const a = 1 - ctx.confidence;
  const setting = theorem2Setting('reducible', p.truncation);
  const statistic = { kind: 'sharp-exit', from: p.from, to: p.to } as const;
  await prefetchTheorem2Sweep(setting, statistic, TRANSIENT_LIMIT_SWEEP, ctx.workers ?? 2);
  const r = transientOrderLimit(setting, p.from, p.to, TRANSIENT_LIMIT_SWEEP);
  ctx.progress(0.5);
  const z = twoSidedZ(1 - a / 2);
  const tau = z * r.error;
  const judged = r.refused === null && Number.isFinite(tau);
  const link = await simulationLink(ctx, setting, [p.from], settings.linkStepSize, a / 2);
  const etas = r.series.map((q) => q.stepSize);
  const predictedOrder = THEOREM2_PREDICTORS['theorem2.transient-return'].compute(p).value;
  return {
    estimate: r.value,
    ci: judged ? [r.value, r.value] : [NaN, NaN],
    tolerance: judged ? tau : settings.resolution,
    requirements: [
      {
        name: 'limit resolved',
        met: judged && tau <= settings.resolution,
        detail: judged
          ? `τ = z·e = ${z.toFixed(2)} × ${r.error.toPrecision(3)} = ${tau.toPrecision(3)} must be ≤ the resolution ${settings.resolution} (half the step α − 1 between jump counts); η = ${Math.max(...etas).toExponential(0)} … ${Math.min(...etas).toExponential(0)}, ${etas.length - r.dropped.length} of ${etas.length} step sizes used${r.dropped.length ? ` (dropped: ${r.dropped.map((d) => `η = ${d.stepSize.toExponential(0)}, ${d.reason}`).join('; ')})` : ''}; e = data ${r.errorParts.data.toPrecision(2)} ⊕ residual ${r.errorParts.residual.toPrecision(2)} ⊕ model ${r.errorParts.model.toPrecision(2)} ⊕ window shift ${r.errorParts.shift.toPrecision(2)}`
          : `limit refused: ${r.refused ?? 'the fit is undetermined'}`,
      },
      link.requirement,
    ],
    details: {
      limit: { value: r.value, error: r.error, errorParts: r.errorParts },
      z,
      toleranceDerivation: `τ = z·e, z = ${z.toFixed(3)} (half of the check's significance ${a.toExponential(2)}), e = ${r.error.toPrecision(3)}`,
      series: r.series,
      dropped: r.dropped,
      refused: r.refused,
      link: link.basins,
    },
    plots: [
      {
        kind: 'xy',
        title: `P(exit from m${p.from} lands in the transient Ω_${p.to}) against η, b = ${p.truncation} (exact chain): vanishing order ${r.value.toFixed(4)} ± ${tau.toPrecision(2)} against ${predictedOrder.toFixed(3)}`,
        xLabel: 'η',
        yLabel: 'probability',
        logX: true,
        logY: true,
        series: [
          {
            name: 'exact chain (oracle error)',
            style: 'scatter',
            role: 'observed',
            points: r.series.map((q) => ({ x: q.stepSize, y: q.value, lo: q.value - q.error, hi: q.value + q.error })),
          },
          {
            name: 'order (α − 1)·extra through the smallest-η point',
            style: 'line',
            role: 'predicted',
            points: r.series.map((q) => {
              const last = r.series[r.series.length - 1];
              return { x: q.stepSize, y: last.value * (q.stepSize / last.stepSize) ** predictedOrder };
            }),
          },
        ],
      },
    ],
  };
}

/**
 * Share of steps in the sharp basins (counted at `sharpAt`) from the stationary mix, at `stepSizes`;
 * outside the quick tier (which keeps its small budget for the judged share) a contrast run at the
 * other truncation (b = ∞ ↔ `sharpAt`) takes `contrastFraction` of the budget.
 */
export async function runSharpSharePoint(
  ctx: CheckContext<SharpSharePoint>,
  settings: { readonly stepSizes: readonly number[]; readonly paths: number; readonly contrastFraction: number },
): Promise<Observation> {
  const p = ctx.point;
  const b = p.truncation ?? Infinity;
  return (
    await runStationaryOccupancyCheck(ctx, {
      ...theorem2Setting(p.landscape, p.truncation),
      statistic: 'share',
      basins: sharpBasins(p),
      stepSizes: settings.stepSizes,
      paths: settings.paths,
      ...(ctx.tier === 'quick'
        ? {}
        : { contrastTruncation: b === Infinity ? p.sharpAt : Infinity, contrastFraction: settings.contrastFraction }),
    })
  ).observation;
}

/** Log-log slope of the renewal-reward sharp share over the tier's step sizes. */
export async function runSharpShareRatePoint(
  ctx: CheckContext<SharpSharePoint>,
  settings: { readonly stepSizes: { readonly standard: readonly number[]; readonly full: readonly number[] } },
): Promise<Observation> {
  const p = ctx.point;
  const stepSizes = ctx.tier === 'full' ? settings.stepSizes.full : settings.stepSizes.standard;
  return (
    await runSharpShareCheck(ctx, {
      ...theorem2Setting(p.landscape, p.truncation),
      statistic: 'slope',
      basins: sharpBasins(p),
      stepSizes,
    })
  ).observation;
}

/** b = ∞: the share of one basin at `shareStepSize`, or its ratio over `ratioStepSizes`. */
export async function runUntruncatedOccupancyPoint(
  ctx: CheckContext<UntruncatedPoint>,
  settings: { readonly shareStepSize: number; readonly ratioStepSizes: readonly number[]; readonly paths: number },
): Promise<Observation> {
  const p = ctx.point;
  const ratio = p.statistic === 'ratio';
  return (
    await runStationaryOccupancyCheck(ctx, {
      ...theorem2Setting(p.landscape, null),
      statistic: p.statistic,
      basins: [p.basin],
      stepSizes: ratio ? settings.ratioStepSizes : [settings.shareStepSize],
      paths: settings.paths,
    })
  ).observation;
}

/** The exit order's jump across b = r/(l − 1), from the exact oracle (staircase plot from l = 3). */
export function runHierarchyPoint(ctx: CheckContext<HierarchyPoint>): Observation {
  const p = ctx.point;
  const s = theorem2Setting(p.landscape, null);
  return runHierarchyCheck(ctx, {
    landscape: s.landscape,
    noise: s.noise,
    basin: p.basin,
    jumps: p.jumps,
    staircase: p.jumps >= 3,
  }).observation;
}
