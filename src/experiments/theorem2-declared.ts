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
import { runEmbeddedChainCheck } from './embedded-chain/check.ts';
import { runHierarchyCheck, runTransientReturnCheck } from './hierarchy.ts';
import { runSharpExitCheck } from './sharp-exits.ts';
import { runSharpShareCheck } from './sharp-share.ts';
import { runStationaryOccupancyCheck } from './stationary-occupancy.ts';

/**
 * One transition-probability point: a sharp exit (runExit from the sharp minimum at
 * `sharpExitStepSizes`) or an excursion between widest minima (the two-stage embedded-chain
 * estimator at `embeddedStepSizes`).
 */
export async function runTransitionPoint(
  ctx: CheckContext<MarkovPoint>,
  settings: { readonly sharpExitStepSizes: readonly number[]; readonly embeddedStepSizes: readonly number[] },
): Promise<Observation> {
  const p = ctx.point;
  const setting = theorem2Setting(p.landscape, p.truncation);
  if (p.statistic === 'sharp-exit')
    return (
      await runSharpExitCheck(ctx, {
        ...setting,
        basin: p.from,
        target: p.to ?? 0,
        stepSizes: settings.sharpExitStepSizes,
      })
    ).observation;
  return (
    await runEmbeddedChainCheck(ctx, {
      ...setting,
      statistic: 'excursion',
      from: p.from,
      to: p.to ?? 0,
      stepSizes: settings.embeddedStepSizes,
    })
  ).observation;
}

/** Holding time at widest `from` in λ*(η) units, from the two-stage estimator (Wald). */
export async function runHoldingPoint(
  ctx: CheckContext<MarkovPoint>,
  settings: { readonly embeddedStepSizes: readonly number[] },
): Promise<Observation> {
  const p = ctx.point;
  return (
    await runEmbeddedChainCheck(ctx, {
      ...theorem2Setting(p.landscape, p.truncation),
      statistic: 'holding',
      from: p.from,
      stepSizes: settings.embeddedStepSizes,
    })
  ).observation;
}

/** Reducible G: share of the class time at `from` (two holding-time estimates). */
export async function runClassSharePoint(
  ctx: CheckContext<ReduciblePoint>,
  settings: { readonly stepSizes: readonly number[] },
): Promise<Observation> {
  const p = ctx.point;
  return (
    await runEmbeddedChainCheck(ctx, {
      ...theorem2Setting('reducible', p.truncation),
      statistic: 'class-share',
      from: p.from,
      stepSizes: settings.stepSizes,
    })
  ).observation;
}

/** Reducible G: the exact oracle's slope of P(return to the transient class) in η. */
export function runTransientReturnPoint(
  ctx: CheckContext<TransientPoint>,
  settings: { readonly cells: number },
): Observation {
  const p = ctx.point;
  return runTransientReturnCheck(ctx, {
    ...theorem2Setting('reducible', p.truncation),
    truncation: p.truncation,
    from: p.from,
    to: p.to,
    cells: settings.cells,
  }).observation;
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
