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
import { runHierarchyCheck, runTransientReturnCheck } from './hierarchy.ts';
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
    linkStepSize: settings.linkStepSize,
    resolution: settings.resolution,
    scale: settings.scale,
  });
}

/**
 * Reducible G: the exact oracle's slope of P(return to the transient class) in η, at half the check's
 * significance, with the simulation link (simulator vs exact chain at `linkStepSize`, exits from
 * `from`) at the other half.
 */
export async function runTransientReturnPoint(
  ctx: CheckContext<TransientPoint>,
  settings: { readonly cells: number; readonly linkStepSize: number },
): Promise<Observation> {
  const p = ctx.point;
  const a = 1 - ctx.confidence;
  const setting = theorem2Setting('reducible', p.truncation);
  const { observation } = runTransientReturnCheck(
    { confidence: 1 - a / 2 },
    { ...setting, truncation: p.truncation, from: p.from, to: p.to, cells: settings.cells },
  );
  const link = await simulationLink(ctx, setting, [p.from], settings.linkStepSize, a / 2);
  return {
    ...observation,
    requirements: [...(observation.requirements ?? []), link.requirement],
    details: { ...observation.details, link: link.basins },
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
