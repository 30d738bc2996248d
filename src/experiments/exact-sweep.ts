/**
 * What the Theorem 1 declarations share: the paper's fixture (ICLR 2022 §3.1: landscape, Lomax
 * noise 0.1·S·W with α = 1.2, exit from Ω_2), cached exact finite-η sweeps (`src/exact`), the
 * local-slope estimate with its discretisation bound, and small formatting helpers.
 *
 * Why exact sweeps: Theorem 1 is a limit η → 0, and at the step sizes a simulation can afford the
 * chain is measurably pre-asymptotic (THEORY.md §5; issue 4 item 5). The exact oracle gives the
 * finite-η truth of the same discrete chain down to η ≈ 5·10⁻⁴ in seconds, so the asymptotic claims
 * are judged on it, and the simulator is judged against it at moderate η (`simulator-exact`).
 */
import { buildStopLoss, exactExit, type ExactExitResult, type StopLoss } from '../exact/index.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { Landscape, LandscapeSpec, NoiseLaw, NoiseSpec } from '../model/types.ts';
import { theoryReport, type BasinReport } from '../theory/index.ts';
import type { HypothesisValue, XYPoint } from '../verify/types.ts';

/** The paper every Theorem 1 declaration cites. */
export const PAPER = 'Wang, Oh, Rhee, ICLR 2022 (arXiv 2102.04297)';

/** The paper's fixture (ICLR §3.1, THEORY.md §8): defined once, with the predictors that read it. */
export { PAPER_BASIN, PAPER_LANDSCAPE, PAPER_NOISE } from '../theory/predictors.ts';

/** b from a hypothesis value (`null` = no clipping). */
export function truncationOf(v: HypothesisValue | undefined): number {
  return typeof v === 'number' ? v : Infinity;
}

const landscapes = new Map<string, Landscape>();
const laws = new Map<string, { law: NoiseLaw; stopLoss: StopLoss }>();

/** Resolved landscape, cached by spec (resolution finds roots; cheap but not free). */
export function landscapeOf(spec: LandscapeSpec): Landscape {
  const key = JSON.stringify(spec);
  let l = landscapes.get(key);
  if (!l) landscapes.set(key, (l = resolveLandscape(spec)));
  return l;
}

/** Noise law and its stop-loss table (the exact kernel's tail integrals), cached by spec. */
export function lawOf(spec: NoiseSpec): { law: NoiseLaw; stopLoss: StopLoss } {
  const key = JSON.stringify(spec);
  let e = laws.get(key);
  if (!e) {
    const law = createNoiseLaw(spec);
    laws.set(key, (e = { law, stopLoss: buildStopLoss(law) }));
  }
  return e;
}

/** The theory's report of one basin (Theorem 1 constants; mean exit steps when η is given). */
export function basinTheory(
  landscape: LandscapeSpec,
  noise: NoiseSpec,
  truncation: number,
  basin: number,
  stepSize?: number,
): BasinReport {
  const r = theoryReport(landscapeOf(landscape), lawOf(noise).law, truncation, stepSize).basins[basin - 1];
  if (!r) throw new Error(`basin ${basin} does not exist on ${JSON.stringify(landscape)}`);
  return r;
}

const exactCache = new Map<string, ExactExitResult>();

/**
 * `exactExit` from the basin's minimum, cached (deterministic, so sharing a solve between checks of
 * one process changes no number). `cells` must be a multiple of 4.
 */
export function exactAt(
  landscape: LandscapeSpec,
  noise: NoiseSpec,
  truncation: number,
  basin: number,
  stepSize: number,
  cells: number,
): ExactExitResult {
  const key = JSON.stringify([landscape, noise, truncation === Infinity ? 'inf' : truncation, basin, stepSize, cells]);
  let r = exactCache.get(key);
  if (!r) {
    const { law, stopLoss } = lawOf(noise);
    r = exactExit({ landscape: landscapeOf(landscape), noise: law, stepSize, truncation, basin, cells, stopLoss });
    exactCache.set(key, r);
  }
  return r;
}

/** One row of an exact sweep: finite-η truth beside the leading-order theory. */
export interface ExactRow {
  readonly stepSize: number;
  readonly cells: number;
  /** Exact mean exit steps of the discrete chain and its discretisation error bound. */
  readonly exactMean: number;
  readonly exactError: number;
  /** Leading-order mean 1/(q_k λ_k(η)) (null for light tails). */
  readonly theoryMean: number | null;
  /** exact / theory: how far the finite-η chain is from the leading order. */
  readonly ratio: number | null;
  /** P(exit lands in Ω_l), l = 1..n. */
  readonly landing: readonly number[];
  /** P(exit to the left) and its Richardson error estimate. */
  readonly exitedLeft: number;
  readonly exitedLeftError: number;
  /** sd/mean of the exit steps (1 for an exponential law). */
  readonly coefficientOfVariation: number;
  readonly seconds: number;
}

/**
 * Exact rows at each step size (cells from `cellsFor`), largest η first.
 * @example exactSweep(PAPER_LANDSCAPE, PAPER_NOISE, 0.5, 2, [0.01, 0.001], (eta) => (eta < 0.005 ? 1600 : 800))
 */
export function exactSweep(
  landscape: LandscapeSpec,
  noise: NoiseSpec,
  truncation: number,
  basin: number,
  stepSizes: readonly number[],
  cellsFor: (stepSize: number) => number,
): ExactRow[] {
  return [...stepSizes]
    .sort((a, b) => b - a)
    .map((stepSize) => {
      const cells = cellsFor(stepSize);
      const e = exactAt(landscape, noise, truncation, basin, stepSize, cells);
      const theoryMean = basinTheory(landscape, noise, truncation, basin, stepSize).predictedMeanExitSteps ?? null;
      return {
        stepSize,
        cells,
        exactMean: e.meanExitSteps,
        exactError: e.errorEstimate,
        theoryMean,
        ratio: theoryMean === null ? null : e.meanExitSteps / theoryMean,
        landing: e.landing,
        exitedLeft: e.exitedLeft.value,
        exitedLeftError: e.exitedLeft.errorEstimate,
        coefficientOfVariation: e.exitStepsSd / e.meanExitSteps,
        seconds: e.seconds,
      };
    });
}

/** A slope between two exact points with its discretisation bound. */
export interface ExactSlope {
  readonly from: number;
  readonly to: number;
  readonly estimate: number;
  /** estimate ± halfWidth, halfWidth = (ε₁ + ε₂)/|Δx| with ε the relative error bounds of the means. */
  readonly ci: readonly [number, number];
  readonly halfWidth: number;
}

/**
 * Slope of log y against `x` between two exact rows, where y and x are given by `transform`
 * (exit order: y = mean, x = log 1/η; Kramers: y = η·mean, x = 1/η). The exact means carry a
 * deterministic discretisation error bound (`exactExit`'s `errorEstimate`, already conservative:
 * max(|m_fine − m_mid|/3, |R_fine − R_mid|)), so the interval is a bound, not a confidence interval:
 * its width does not depend on the check's confidence.
 */
export function exactSlope(
  a: ExactRow,
  b: ExactRow,
  x: (stepSize: number) => number,
  y: (row: ExactRow) => number = (r) => r.exactMean,
): ExactSlope {
  const dx = x(b.stepSize) - x(a.stepSize);
  const estimate = (Math.log(y(b)) - Math.log(y(a))) / dx;
  const halfWidth = (a.exactError / a.exactMean + b.exactError / b.exactMean) / Math.abs(dx);
  return { from: a.stepSize, to: b.stepSize, estimate, ci: [estimate - halfWidth, estimate + halfWidth], halfWidth };
}

/** x = log(1/η): the abscissa of exit-order slopes. */
export const logInverse = (stepSize: number): number => -Math.log(stepSize);

/** Local slopes of consecutive exact rows (the trend toward γ as η decreases). */
export function exactLocalSlopes(rows: readonly ExactRow[]): ExactSlope[] {
  const out: ExactSlope[] = [];
  for (let i = 1; i < rows.length; i++) out.push(exactSlope(rows[i - 1], rows[i], logInverse));
  return out;
}

/** Points of an xy series from rows. */
export function seriesOf<T>(rows: readonly T[], f: (r: T) => XYPoint | null): XYPoint[] {
  return rows.map(f).filter((p): p is XYPoint => p !== null && Number.isFinite(p.x) && Number.isFinite(p.y));
}
