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
import { theorem2Setting, theorem2Theory } from '../theory/theorem2.ts';
import { limitStepSizes } from '../asymptotics/index.ts';
import { runSharpShareLimitCheck } from './sharp-share-limit.ts';
import type { CheckContext, Observation, Requirement } from '../verify/types.ts';
import { runHierarchyCheck, type ExitOrder } from './hierarchy.ts';
import { exactSweep, landscapeOf } from './exact-sweep.ts';
import { orderSlope, simulatedOrder } from './theorem1/exit-time-order.ts';
import { limitRequirement, limitSweepOf, linkSignificance, linkZ, scalingLink } from './theorem1/links.ts';
import type { Theorem1LimitSweep } from './theorem1-limit.ts';
import { forkLabel } from '../rng/seeds.ts';
import { twoSidedZ } from '../stats/normal.ts';
import { THEOREM2_PREDICTORS } from '../theory/predictors.ts';
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
 * The sharp-share checks' judged evidence (src/experiments/sharp-share-limit.ts): the exact sweep per
 * tier (quick: every other decade, 5 points, as the Theorem 1 quick sweep; standard and full: one per
 * decade, 9 points; η ≤ 1e-4, past the finite-η bump of share/leading order at η ≈ 1e-3), the grid
 * (quick 240 cells per basin, enough for the share's resolution; standard and full 480, which the
 * slope's resolution needs: `sharpShareLimits` says why), η₀ of the
 * simulation link, and the resolutions (share: within a factor 1.5 of the leading order, as the
 * Theorem 1 mean ratio; slope: (α − 1)/2, so neighbouring levels (α − 1)(l_max − l*) differ by > 2τ).
 */
export const SHARP_SHARE_LIMIT = {
  stepSizes: { quick: limitStepSizes(1e-4, 8, 0.5), standard: limitStepSizes(1e-4, 8, 1) },
  cellsPerBasin: { quick: 240, standard: 480 },
  linkStepSize: 0.01,
  resolution: { share: 0.5, slopeOfAlphaMinusOne: 0.5 },
} as const;

/** The tier's occupancy sweep: step sizes and cells per basin (quick: thinned window, coarser grid). */
const sharpShareSweep = (tier: CheckContext['tier']) => {
  const t = tier === 'quick' ? 'quick' : 'standard';
  return { stepSizes: SHARP_SHARE_LIMIT.stepSizes[t], cellsPerBasin: SHARP_SHARE_LIMIT.cellsPerBasin[t] };
};

const sharpLimitOptions = (ctx: CheckContext<SharpSharePoint>, statistic: 'share' | 'slope') => {
  const p = ctx.point;
  const setting = theorem2Setting(p.landscape, p.truncation);
  const alpha = theorem2Theory(setting).law.tailIndex as number; // heavy-tailed (theorem2Theory rejects others)
  return {
    setting,
    basins: sharpBasins(p),
    statistic,
    ...sharpShareSweep(ctx.tier),
    linkStepSize: SHARP_SHARE_LIMIT.linkStepSize,
    resolution:
      statistic === 'share'
        ? SHARP_SHARE_LIMIT.resolution.share
        : SHARP_SHARE_LIMIT.resolution.slopeOfAlphaMinusOne * (alpha - 1),
  };
};

/**
 * Share of steps in the sharp basins (counted at `sharpAt`), judged on the exact chain's η → 0 limit
 * with the simulation link at η₀. Outside the quick tier the simulated share from the stationary mix
 * at `stepSizes` is reported beside it (with a contrast run at the other truncation, b = ∞ ↔
 * `sharpAt`, taking `contrastFraction` of the budget, for the clipped-against-unclipped figure).
 */
export async function runSharpSharePoint(
  ctx: CheckContext<SharpSharePoint>,
  settings: { readonly stepSizes: readonly number[]; readonly paths: number; readonly contrastFraction: number },
): Promise<Observation> {
  const p = ctx.point;
  const b = p.truncation ?? Infinity;
  const reported = async () =>
    (
      await runStationaryOccupancyCheck(ctx, {
        ...theorem2Setting(p.landscape, p.truncation),
        statistic: 'share',
        basins: sharpBasins(p),
        stepSizes: settings.stepSizes,
        paths: settings.paths,
        contrastTruncation: b === Infinity ? p.sharpAt : Infinity,
        contrastFraction: settings.contrastFraction,
      })
    ).observation;
  return runSharpShareLimitCheck(ctx, sharpLimitOptions(ctx, 'share'), ctx.tier === 'quick' ? undefined : reported);
}

/**
 * Log-log slope of the sharp share, judged on the exact chain's η → 0 limit with the simulation link;
 * the renewal-reward simulated slope over the tier's step sizes is reported beside it.
 */
export async function runSharpShareRatePoint(
  ctx: CheckContext<SharpSharePoint>,
  settings: { readonly stepSizes: { readonly standard: readonly number[]; readonly full: readonly number[] } },
): Promise<Observation> {
  const p = ctx.point;
  const stepSizes = ctx.tier === 'full' ? settings.stepSizes.full : settings.stepSizes.standard;
  const reported = async () =>
    (
      await runSharpShareCheck(ctx, {
        ...theorem2Setting(p.landscape, p.truncation),
        statistic: 'slope',
        basins: sharpBasins(p),
        stepSizes,
      })
    ).observation;
  return runSharpShareLimitCheck(ctx, sharpLimitOptions(ctx, 'slope'), reported);
}

/**
 * b = ∞: one basin's share judged on the exact chain's η → 0 limit, as the sharp shares are
 * (`runSharpShareLimitCheck`, the tier's sweep of {@link SHARP_SHARE_LIMIT}): share → π of the
 * all-minima chain, or the share ratio over `ratioStepSizes` implied by the slope limit → 1; the
 * simulation link at η₀ = 0.01. Outside the quick tier the simulated share at `shareStepSize` (or the
 * simulated ratio) is reported beside it.
 */
export async function runUntruncatedOccupancyPoint(
  ctx: CheckContext<UntruncatedPoint>,
  settings: {
    readonly shareStepSize: number;
    readonly ratioStepSizes: readonly [number, number];
    readonly paths: number;
    readonly resolution: number;
  },
): Promise<Observation> {
  const p = ctx.point;
  const ratio = p.statistic === 'ratio';
  const setting = theorem2Setting(p.landscape, null);
  const quick = ctx.tier === 'quick';
  const reported = async () =>
    (
      await runStationaryOccupancyCheck(ctx, {
        ...setting,
        statistic: p.statistic,
        basins: [p.basin],
        stepSizes: ratio ? settings.ratioStepSizes : [settings.shareStepSize],
        paths: settings.paths,
      })
    ).observation;
  return runSharpShareLimitCheck(
    ctx,
    {
      setting,
      basins: [p.basin],
      statistic: ratio ? 'ratio' : 'share',
      ratioOver: settings.ratioStepSizes,
      ...sharpShareSweep(ctx.tier),
      linkStepSize: SHARP_SHARE_LIMIT.linkStepSize,
      resolution: settings.resolution,
    },
    quick ? undefined : reported,
  );
}

/**
 * The simulation link of the truncation hierarchy: on each side of the threshold the simulator's exit
 * order over the step sizes a simulation affords (`simulatedOrder`: the planner keeps ≥ `minPoints` of
 * these within `share` of the check's budget, split over the sides, planned with the exact chain's
 * means; two suffice, the link compares slopes over the same η) against the exact chain's over the
 * same step sizes, and its mean and exit side at the smallest (`scalingLink`); the exact chain there
 * on `cells`-cell grids.
 */
export const HIERARCHY_LINK = {
  stepSizes: [0.1, 0.05, 0.02, 0.01, 0.005],
  cells: 800,
  share: 0.9,
  minPoints: 2,
} as const;

/**
 * The chain → theory link of the truncation hierarchy: the difference of the two sides' η → 0 order
 * limits (lower l* first) ± z·hypot(e_lo, e_hi) must contain `predicted`. A refused sweep leaves the
 * link unmet, never rejected. Exported for its test (a wrong jump is rejected).
 */
export function hierarchyLimitLink(
  limits: readonly Theorem1LimitSweep[],
  significance: number,
  predicted: number,
): { jump: number; error: number; halfWidth: number; requirement: Requirement } {
  const [lo, hi] = limits;
  const jump = hi.limit.order.value - lo.limit.order.value;
  const refused = lo.refused ?? hi.refused;
  const error = Math.hypot(lo.limit.order.error, hi.limit.order.error);
  const z = linkZ(significance);
  const unresolved = refused !== null || !Number.isFinite(jump) || !Number.isFinite(error);
  const halfWidth = unresolved ? Infinity : z * error;
  return {
    jump,
    error,
    halfWidth,
    requirement: limitRequirement(
      jump,
      halfWidth,
      predicted,
      unresolved ? (refused ?? 'the order limits are not finite') : null,
      `jump of the order limits ${jump.toPrecision(5)} ± ${halfWidth.toPrecision(2)} (z = ${z.toFixed(2)} × e = ${error.toPrecision(2)}; order limits ${lo.limit.order.value.toPrecision(5)} → ${hi.limit.order.value.toPrecision(5)}) vs theory ${predicted.toPrecision(5)}`,
    ),
  };
}

/**
 * The exit order's jump across b = r/(l − 1), from the exact oracle (staircase plot from l = 3), at half
 * the check's significance; the other half goes to the simulation link of both sides (Bonferroni).
 */
export async function runHierarchyPoint(ctx: CheckContext<HierarchyPoint>): Promise<Observation> {
  const p = ctx.point;
  const s = theorem2Setting(p.landscape, null);
  const sig = linkSignificance(ctx.confidence);
  const { observation } = runHierarchyCheck(
    { confidence: 1 - sig.limit },
    { landscape: s.landscape, noise: s.noise, basin: p.basin, jumps: p.jumps, staircase: p.jumps >= 3 },
  );
  const sides = (observation.details as { sides: readonly ExitOrder[] }).sides;
  // Chain → theory on η → 0 limits (issue 14 §1): each side's exit order is the limit of the exact
  // chain's sweep (theorem1LimitSweep: η = 1e-8 … 1e-18, window shift and error floor; the quick tier's
  // thinned sweep in `npm test`), the jump is their difference and its error e = hypot(e_lo, e_hi)
  // (two independent sweeps). The check's interval is jump ± z·e; the link tests the check's own
  // prediction inside it. The finite-η orders above (η = 10⁻⁴ → 10⁻⁶) stay in the details and plot
  // only: their overshoot (0.21–0.24 against 0.2) is what a finite-η band had to absorb.
  const land = landscapeOf(s.landscape);
  const limits = sides.map((side) => limitSweepOf(p.landscape, land, s.noise, side.truncation, p.basin, ctx.tier));
  const z = linkZ(sig.limit);
  const { jump, error: e, halfWidth, requirement } = hierarchyLimitLink(limits, sig.limit, ctx.prediction.value);
  const requirements: Requirement[] = [requirement];
  const links: Record<string, unknown>[] = [];
  for (const [i, side] of sides.entries()) {
    const b = side.truncation;
    const sideCtx = { ...ctx, label: forkLabel(ctx.label, `link/side=${i}`), progress: () => {} };
    const exactRows = (etas: readonly number[]) =>
      exactSweep(s.landscape, s.noise, b, p.basin, etas, () => HIERARCHY_LINK.cells);
    // Planned with the exact chain's means: the leading order overstates them at these η by up to ~10×
    // for l* = 3, which would make an affordable simulation look unaffordable.
    const sim = await simulatedOrder(sideCtx, b, HIERARCHY_LINK.stepSizes, HIERARCHY_LINK.share / sides.length, {
      landscape: s.landscape,
      noise: s.noise,
      basin: p.basin,
      predictMeanSteps: (eta) => exactRows([eta])[0].exactMean,
      minPoints: HIERARCHY_LINK.minPoints,
    });
    ctx.progress((i + 1) / sides.length);
    const link = scalingLink(sim.result, sim.reason, exactRows, sig.simulation / sides.length, orderSlope);
    const at = `l* = ${side.jumpsNeeded}, b = ${b.toPrecision(4)}`;
    requirements.push(...link.requirements.map((r) => ({ ...r, name: `${r.name}, ${at}` })));
    links.push({ side: at, ...link.details });
  }
  const radius = (observation.details as { radius: number }).radius;
  const plots = (observation.plots ?? []).map((plot, i) =>
    i !== 0 || plot.kind !== 'xy'
      ? plot
      : {
          ...plot,
          series: [
            ...plot.series,
            {
              name: 'η → 0 limit of the exact chain (± z·e)',
              style: 'scatter' as const,
              role: 'fitted' as const,
              points: limits.map((l, j) => ({
                x: radius / sides[j].truncation,
                y: l.limit.order.value,
                lo: l.limit.order.value - z * l.limit.order.error,
                hi: l.limit.order.value + z * l.limit.order.error,
              })),
            },
          ],
        },
  );
  return {
    ...observation,
    plots,
    estimate: jump,
    ci: [jump - halfWidth, jump + halfWidth],
    standardError: Number.isFinite(halfWidth) ? e : undefined,
    requirements,
    details: {
      ...observation.details,
      finiteEta: { jump: observation.estimate, ci: observation.ci },
      limits: limits.map((l, i) => ({
        truncation: sides[i].truncation,
        jumpsNeeded: sides[i].jumpsNeeded,
        order: l.limit.order.value,
        error: l.limit.order.error,
        refused: l.refused,
        dropped: l.dropped,
        stepSizes: l.points.map((q) => q.stepSize),
      })),
      links: requirements.map((q) => ({ name: q.name, met: q.met, rejected: q.rejected ?? false, detail: q.detail })),
      simulated: links,
    },
  };
}
