/**
 * The η → 0 limit of Theorem 1's quantities from the exact oracle (issue 13): a sweep of exact
 * values over a geometric grid of step sizes, each to a target accuracy, and their extrapolation.
 *
 * The quantities and their limits (THEORY.md §5):
 *   - meanRatio(η) = E σ / (1/(q_k λ_k(η)))  → 1 (judges q_k),
 *   - the order of E σ ≈ C η^{−γ}(1 + O(η^κ)), fitted on log E σ → γ = 1 + l*(α − 1),
 *   - P(exit to the left)                    → Σ_{l<k} q_{k,l}/q_k.
 * The predictions come from the caller (the command line combines `theory` with this module), so
 * that this layer needs only `core`, `model` and `exact`.
 */
import type { Landscape, NoiseLaw } from '../model/types.ts';
import { exactExit } from '../exact/exit.ts';
import type { StopLoss } from '../exact/stop-loss.ts';
import {
  defaultKappa,
  extrapolateLimit,
  extrapolateOrder,
  fitKappa,
  type LimitEstimate,
  type LimitPoint,
} from './extrapolate.ts';

/** One η of a limit sweep. */
export interface LimitSweepPoint {
  stepSize: number;
  /** E σ in steps (null past the range of a double: see logMeanExitSteps). */
  meanExitSteps: number | null;
  /** Natural log of E σ. */
  logMeanExitSteps: number;
  /** Absolute error of E σ (null when E σ is not a double). */
  errorEstimate: number | null;
  /** Relative error of E σ. */
  relativeError: number;
  exitedLeft: number;
  exitedLeftError: number;
  /** P(exit lands in Ω_l), l = 1..n, and each one's error estimate (exit.ts `landing`, `landingError`). */
  landing: number[];
  landingError: number[];
  /** Finest grid used, after refinement toward `targetError`. */
  cells: number;
  observedOrder: number;
  seconds: number;
}

/** Options of {@link exactLimitPoint}. */
export interface LimitPointOptions {
  landscape: Landscape;
  noise: NoiseLaw;
  truncation: number;
  basin: number;
  stepSize: number;
  /** First finest grid; doubled while the error exceeds `targetError`. @default 800 */
  cells?: number;
  /** Largest finest grid. @default 1600 */
  maxCells?: number;
  /** Relative error of the mean to stop refining at. @default 0.01 */
  targetError?: number;
  /** @default 'adaptive' */
  grid?: 'graded' | 'adaptive';
  /**
   * Pilot passes of the adaptive grid (exit.ts `adaptivePasses`). With moment-matched small moves one
   * pass converges more cleanly (η = 1e-8, l* = 3, 1600 cells: order 0.98 and 2.3% with 1 pass
   * against 0.81 and 14% with 3; `npx tsx ci/measure-limit.ts random`).
   * @default 3, 1 with `smallMoves: 'moments'`
   */
  adaptivePasses?: number;
  /** exit.ts `smallMoves` ('moments' is what η ≪ 1e-4 needs). @default 'hat' */
  smallMoves?: 'hat' | 'moments';
  stopLoss?: StopLoss;
}

/**
 * One exact point of a sweep, refined (cells doubled up to `maxCells`) until the mean's relative
 * error is at most `targetError`. Solved by the entrywise-accurate elimination on every grid.
 */
export function exactLimitPoint(o: LimitPointOptions): LimitSweepPoint {
  const t0 = performance.now();
  const maxCells = o.maxCells ?? 1600;
  const target = o.targetError ?? 0.01;
  let cells = Math.min(o.cells ?? 800, maxCells);
  for (;;) {
    const r = exactExit({
      landscape: o.landscape,
      noise: o.noise,
      stepSize: o.stepSize,
      truncation: o.truncation,
      basin: o.basin,
      cells,
      stopLoss: o.stopLoss,
      grid: o.grid ?? 'adaptive',
      adaptivePasses: o.adaptivePasses ?? (o.smallMoves === 'moments' ? 1 : 3),
      solver: 'dense',
      smallMoves: o.smallMoves,
    });
    if (r.relativeError <= target || cells * 2 > maxCells) {
      return {
        stepSize: o.stepSize,
        meanExitSteps: Number.isFinite(r.meanExitSteps) ? r.meanExitSteps : null,
        logMeanExitSteps: r.logMeanExitSteps,
        errorEstimate: Number.isFinite(r.errorEstimate) ? r.errorEstimate : null,
        relativeError: r.relativeError,
        exitedLeft: r.exitedLeft.value,
        exitedLeftError: r.exitedLeft.errorEstimate,
        landing: r.landing,
        landingError: r.landingError,
        cells,
        observedOrder: r.observedOrder,
        seconds: (performance.now() - t0) / 1000,
      };
    }
    cells *= 2;
  }
}

/**
 * Largest error of a sweep point (relative for a mean, absolute for a probability) a limit is fitted
 * on, as `htsgd exact --limit --max-error`. A point's error is a property of its discretisation, not
 * of how far its value lies from any theory, so dropping it selects nothing toward a prediction.
 */
export const MAX_POINT_ERROR = 0.05;

/**
 * The points of a sweep a limit may use (`ok`: the quantity's errors are at most
 * {@link MAX_POINT_ERROR}), and the refusal when fewer than `minPoints` remain (every verdict on it is
 * then inconclusive, with this reason shown). One rule for the Theorem 1 checks, their per-target
 * landing links and the conjectures.
 */
export function usablePoints<T>(
  points: readonly T[],
  ok: (p: T) => boolean,
  minPoints: number,
): { usable: T[]; refused: string | null } {
  const usable = points.filter(ok);
  const dropped = points.length - usable.length;
  return {
    usable,
    refused:
      usable.length < minPoints
        ? `${dropped} of ${points.length} exact points have errors above ${100 * MAX_POINT_ERROR}%; fewer than ${minPoints} remain`
        : null,
  };
}

/** What the theory predicts (supplied by the caller). */
export interface LimitTheory {
  /** Leading-order mean exit steps 1/(q_k λ_k(η)). */
  leadingMeanExitSteps: (stepSize: number) => number;
  /** γ = 1 + l*(α − 1). */
  order: number;
  /** Σ_{l<k} q_{k,l}/q_k. */
  exitedLeft: number;
}

/** A limit with its error and the prediction it is judged against. */
export interface LimitQuantity {
  value: number;
  error: number;
  predicted: number;
  /** (value − predicted)/error. */
  z: number;
  errorParts: LimitEstimate['errorParts'];
}

/** Options of {@link exactLimit}. */
export interface ExactLimitOptions {
  /** Add the window-shift part to each limit's error (extrapolate.ts). @default false */
  shift?: boolean;
  /**
   * Smallest relative error credited to a point's mean (and absolute error to its P(exit left)): a
   * Richardson estimate is a difference of two extrapolants and can vanish by cancellation.
   * @default 0
   */
  relativeErrorFloor?: number;
}

/** Result of {@link exactLimit}. */
export interface ExactLimitResult {
  meanRatio: LimitQuantity;
  order: LimitQuantity;
  exitedLeft: LimitQuantity;
  kappa: { assumed: number; fitted: number | null; ci: [number, number] | null };
  points: Array<LimitSweepPoint & { leadingMeanExitSteps: number; meanRatio: number; meanRatioError: number }>;
}

function quantity(e: LimitEstimate, predicted: number): LimitQuantity {
  return {
    value: e.value,
    error: e.error,
    predicted,
    z: e.error > 0 ? (e.value - predicted) / e.error : Infinity,
    errorParts: e.errorParts,
  };
}

/**
 * Extrapolates a sweep to η → 0 and sets it beside the theory.
 * @param points ≥ 4 sweep points (≥ 5 decades recommended).
 * @param tailIndex α of the noise (null = Gaussian: refused, no power-law limit).
 * @param kappa override of the default κ (see extrapolate.ts).
 * @throws RangeError for Gaussian noise or fewer than 4 points (callers validate first).
 */
export function exactLimit(
  points: readonly LimitSweepPoint[],
  theory: LimitTheory,
  tailIndex: number | null,
  kappa?: number,
  options: ExactLimitOptions = {},
): ExactLimitResult {
  const k = kappa ?? defaultKappa(tailIndex);
  const floor = options.relativeErrorFloor ?? 0;
  const ext = { shift: options.shift ?? false };
  if (k === null) throw new RangeError('exactLimit: Gaussian noise has no power-law limit to extrapolate');
  if (points.length < 4) throw new RangeError('exactLimit: needs at least 4 step sizes');
  // A point the oracle could not solve (non-finite mean or error) carries no information.
  const sorted = points
    .filter((p) => Number.isFinite(p.logMeanExitSteps) && Number.isFinite(p.relativeError))
    .sort((a, b) => b.stepSize - a.stepSize);
  if (sorted.length < 4) throw new RangeError('exactLimit: needs at least 4 step sizes with finite values');
  const rows = sorted.map((p0) => {
    const p = {
      ...p0,
      relativeError: Math.max(p0.relativeError, floor),
      exitedLeftError: Math.max(p0.exitedLeftError, floor),
    };
    const lead = theory.leadingMeanExitSteps(p.stepSize);
    const ratio = Math.exp(p.logMeanExitSteps - Math.log(lead));
    return { ...p, leadingMeanExitSteps: lead, meanRatio: ratio, meanRatioError: ratio * p.relativeError };
  });
  const ratioPts: LimitPoint[] = rows.map((r) => ({
    stepSize: r.stepSize,
    value: r.meanRatio,
    error: r.meanRatioError,
  }));
  const leftPts: LimitPoint[] = rows.map((r) => ({
    stepSize: r.stepSize,
    value: r.exitedLeft,
    error: r.exitedLeftError,
  }));
  const fitted = fitKappa(ratioPts);
  return {
    meanRatio: quantity(extrapolateLimit(ratioPts, k, ext), 1),
    order: quantity(
      extrapolateOrder(
        rows.map((r) => ({ stepSize: r.stepSize, logValue: r.logMeanExitSteps, relativeError: r.relativeError })),
        k,
        ext,
      ),
      theory.order,
    ),
    exitedLeft: quantity(extrapolateLimit(leftPts, k, ext), theory.exitedLeft),
    kappa: { assumed: k, fitted: fitted?.value ?? null, ci: fitted?.ci ?? null },
    points: rows,
  };
}
