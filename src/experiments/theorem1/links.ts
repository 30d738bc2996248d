/**
 * The two links of a Theorem 1 check's evidence (issue 14 §2): "the simulator is this chain" and
 * "this chain tends to the theory". A check's verdict is `consistent` only when both hold.
 *
 * Significance. A check gets 1 − confidence from the run's budget. Half goes to the chain → theory
 * link (the η → 0 limit with its error e, src/experiments/theorem1-limit.ts: interval limit ± z·e),
 * half to the simulator → chain link, split by Bonferroni over its comparisons (mean, exit side,
 * order). Each comparison is a two-sided z test of "simulated = exact at the same η" with the
 * simulated standard error and the oracle's discretisation bound combined in quadrature (the bound
 * is read as one standard error, as the limit's e is). A rejected comparison is a `Requirement`
 * with `rejected: true`, which makes the verdict `inconsistent` (src/verify/verdict.ts).
 */
import { createNoiseLaw } from '../../model/noise.ts';
import type { Landscape, NoiseSpec } from '../../model/types.ts';
import { normalQuantile } from '../../stats/distributions.ts';
import type { Requirement, Tier } from '../../verify/types.ts';
import { limitStepSizes } from '../../asymptotics/index.ts';
import { predictedLimits, theorem1LimitSweep, type Theorem1LimitSweep } from '../theorem1-limit.ts';
import type { ExactRow } from '../exact-sweep.ts';
import type { ExitScalingResult } from '../exit-scaling.ts';

/** The significance of each link of a check run at `confidence`. */
export function linkSignificance(confidence: number): { limit: number; simulation: number } {
  const s = 1 - confidence;
  return { limit: s / 2, simulation: s / 2 };
}

/** z of a two-sided test at significance `s` split over `tests` comparisons. */
export function linkZ(s: number, tests = 1): number {
  return normalQuantile(1 - s / (2 * tests));
}

/** A comparison as a judged requirement: rejected when |a − b| > z·√(se_a² + se_b²). */
export function compareLink(
  name: string,
  simulated: { value: number; standardError: number },
  exact: { value: number; error: number },
  z: number,
  what: string,
): Requirement {
  const sd = Math.hypot(simulated.standardError, exact.error);
  const dev = Math.abs(simulated.value - exact.value);
  const ok = dev <= z * sd;
  return {
    name,
    met: ok,
    ...(ok ? {} : { rejected: true }),
    detail: `${what}: simulated ${simulated.value.toPrecision(4)} ± ${simulated.standardError.toPrecision(2)} vs exact ${exact.value.toPrecision(4)} ± ${exact.error.toPrecision(2)}; |Δ| = ${dev.toPrecision(2)} ${ok ? '≤' : '>'} z·sd = ${(z * sd).toPrecision(2)} (z = ${z.toFixed(2)})`,
  };
}

/** The binomial standard error of a simulated frequency (floored at one event in n, so 0 and 1 are testable). */
export function frequencyStandardError(p: number, n: number): number {
  return Math.sqrt(Math.max(p * (1 - p), 1 / n) / n);
}

/**
 * The exact chain's weighted slope of log y against x(η) over `rows`, with a simulated fit's weights
 * (w_i = exits_i: Var log θ̂_i ≈ 1/D_i), so that the two slopes estimate the same finite-η quantity.
 * Error: the discretisation bounds propagated fully correlated, Σ|c_i|·e_i/E_i (y = η·mean has the
 * mean's relative error).
 */
export function exactSlopeWithWeights(
  rows: ReadonlyArray<{ stepSize: number; exactMean: number; exactError: number }>,
  weights: readonly number[],
  x: (stepSize: number) => number,
  logY: (row: { stepSize: number; exactMean: number }) => number = (r) => Math.log(r.exactMean),
): { value: number; error: number } {
  const xs = rows.map((r) => x(r.stepSize));
  const sw = weights.reduce((a, b) => a + b, 0);
  const xm = xs.reduce((a, v, i) => a + weights[i] * v, 0) / sw;
  const sxx = xs.reduce((a, v, i) => a + weights[i] * (v - xm) ** 2, 0);
  const c = xs.map((v, i) => (weights[i] * (v - xm)) / sxx);
  const value = c.reduce((a, ci, i) => a + ci * logY(rows[i]), 0);
  const error = c.reduce((a, ci, i) => a + Math.abs(ci) * (rows[i].exactError / rows[i].exactMean), 0);
  return { value, error };
}

/** The exact chain's exit order −d log E σ/d log η over `rows` with a simulated fit's weights. */
export function exactOrderWithWeights(
  rows: ReadonlyArray<{ stepSize: number; exactMean: number; exactError: number }>,
  weights: readonly number[],
): { value: number; error: number } {
  const s = exactSlopeWithWeights(rows, weights, Math.log);
  return { value: -s.value, error: s.error };
}

/** How {@link scalingLink} reads a simulated fit's slope and forms the exact one. */
export interface ScalingSlope {
  /** Requirement name, e.g. 'simulator → chain (order)'. */
  name: string;
  /** The simulated fit's slope and its standard error. */
  simulated: { value: number; standardError: number };
  /** The exact slope over the same step sizes with the fit's weights (see {@link exactSlopeWithWeights}). */
  exact: (rows: readonly ExactRow[], weights: readonly number[]) => { value: number; error: number };
  /** What the slope is, for the detail line. */
  what: string;
}

/**
 * The simulator → chain link of an exit-scaling experiment (`runExitScaling`; issue 14 §2): at the
 * simulated step sizes, the simulated fit's slope against the exact chain's over the same step sizes
 * with the same weights, and at the smallest of them the mean exit steps (SE mean/√exits) and the exit
 * side (P(exit left | exited), binomial SE) against the exact chain's there. Three z tests at
 * `significance`, Bonferroni (compareLink: the exact bound read as one standard error). With fewer
 * than two step sizes that saw exits the link is not judged (unmet, never rejected).
 */
export function scalingLink(
  result: ExitScalingResult | null,
  skipped: string,
  exactRows: (stepSizes: readonly number[]) => readonly ExactRow[],
  significance: number,
  slope: (r: ExitScalingResult) => ScalingSlope,
): { requirements: Requirement[]; details: Record<string, unknown> } {
  const pts = result?.points.filter((p) => p.events > 0) ?? [];
  if (!result || pts.length < 2) {
    const why = result ? 'fewer than two simulated step sizes saw exits' : skipped;
    return {
      requirements: [{ name: 'simulator → chain', met: false, detail: `not judged: ${why}` }],
      details: { skipped: why },
    };
  }
  const etas = pts.map((p) => p.stepSize);
  const same = exactRows(etas);
  const row = (eta: number) => same.find((r) => r.stepSize === eta)!;
  const sl = slope(result);
  const exact = sl.exact(
    etas.map(row),
    pts.map((p) => p.events),
  );
  const z = linkZ(significance, 3);
  const last = pts[pts.length - 1];
  const lastExact = row(last.stepSize);
  const requirements = [
    compareLink(sl.name, sl.simulated, exact, z, `${sl.what} over η = ${etas.join(', ')}`),
    compareLink(
      'simulator → chain (mean)',
      { value: last.mean, standardError: last.mean / Math.sqrt(last.events) },
      { value: lastExact.exactMean, error: lastExact.exactError },
      z,
      `mean exit steps at η = ${last.stepSize} (${last.chains} chains, ${last.censored} censored)`,
    ),
    compareLink(
      'simulator → chain (exit side)',
      {
        value: last.exitedLeft,
        standardError: frequencyStandardError(last.exitedLeft, last.events),
      },
      { value: lastExact.exitedLeft, error: lastExact.exitedLeftError },
      z,
      `P(exit to the left | exited) at η = ${last.stepSize}`,
    ),
  ];
  return {
    requirements,
    details: {
      slope: sl.simulated.value,
      slopeStandardError: sl.simulated.standardError,
      exactSameStepSizes: exact.value,
      exactSameStepSizesError: exact.error,
      stepSizes: etas,
      plan: result.observation.details?.plan,
      sideBySide: pts.map((p) => {
        const e = row(p.stepSize);
        return {
          stepSize: p.stepSize,
          simulated: p.mean,
          simulatedCi: [...p.ci],
          chains: p.chains,
          censored: p.censored,
          exact: e.exactMean,
          exactError: e.exactError,
          simulatedExitedLeft: p.exitedLeft,
          exactExitedLeft: e.exitedLeft,
        };
      }),
    },
  };
}

const sweeps = new Map<string, Theorem1LimitSweep>();

/**
 * The quick tier's sweep: every other decade of the default window (η = 1e-8, 1e-10, …, 1e-18), at
 * least 5 points kept, 400 → 800 cells. The error model is the same, so τ is wider, never biased
 * (with six points the order's fit gets no window-shift term). It keeps the quick tier inside
 * `npm test`'s three minutes (theorems/quick-tier.test.ts runs the paper's three truncations), where
 * the default sweep made that file take twice as long.
 */
export const QUICK_LIMIT_SWEEP = {
  stepSizes: limitStepSizes(1e-8, 10, 0.5),
  minPoints: 5,
  cells: 400,
  maxCells: 800,
} as const;

/**
 * The chain's η → 0 limit for a case (cached by the landscape's `key`, noise, truncation, basin and tier:
 * several checks judge the same sweep).
 * Standard and full: the default sweep of `theorem1LimitSweep` (moment-matched kernel, η = 1e-8 …
 * 1e-18); quick: {@link QUICK_LIMIT_SWEEP}.
 */
export function limitSweepOf(
  key: string,
  landscape: Landscape,
  noise: NoiseSpec,
  truncation: number,
  basin: number,
  tier: Tier,
): Theorem1LimitSweep {
  // The noise is part of the key whatever the caller's key says (checks on one landscape differ in α).
  const k = `${key}|${JSON.stringify(noise)}|${truncation}|${basin}|${tier === 'quick' ? 'quick' : 'default'}`;
  let s = sweeps.get(k);
  if (!s) {
    s = theorem1LimitSweep(
      landscape,
      createNoiseLaw(noise),
      truncation,
      basin,
      tier === 'quick' ? QUICK_LIMIT_SWEEP : {},
    );
    sweeps.set(k, s);
  }
  return s;
}

/** One limit quantity as an observation interval and its chain → theory link. */
export interface LimitLink {
  value: number;
  error: number;
  predicted: number;
  /** z·e at the link's significance. */
  halfWidth: number;
  requirement: Requirement;
}

/**
 * The chain → theory requirement of an η → 0 limit: met when the prediction lies within `halfWidth`
 * (z·e) of the limit, rejected when it does not; a `refused` sweep (its reason) leaves it unmet, never
 * rejected. `detail` describes a judged limit. One rule for limitLink, exit-location's per-target
 * landing link and the truncation hierarchy's jump.
 */
export function limitRequirement(
  value: number,
  halfWidth: number,
  predicted: number,
  refused: string | null,
  detail: string,
): Requirement {
  const name = 'chain → theory (η → 0 limit)';
  if (refused !== null) return { name, met: false, detail: `limit refused: ${refused}` };
  const ok = Math.abs(value - predicted) <= halfWidth;
  return { name, met: ok, ...(ok ? {} : { rejected: true }), detail };
}

/**
 * The chain → theory link of one quantity: the limit ± z·e must contain the theory's value (the
 * theorem claims equality in the limit; the interval is the limit's only uncertainty). A refused
 * sweep (too few accurate points) leaves the link unmet, never rejected.
 */
export function limitLink(
  sweep: Theorem1LimitSweep,
  quantity: 'order' | 'meanRatio' | 'exitedLeft',
  significance: number,
  transform: (v: number) => number = (v) => v,
  predictedOverride?: number,
): LimitLink {
  const z = linkZ(significance);
  const q = sweep.limit[quantity];
  const value = transform(q.value);
  // The check's own predictor when it has one (same number as the sweep's truth, but a check judges
  // what its declaration predicts).
  const predicted = predictedOverride ?? transform(predictedLimits(sweep.truth, sweep.truth)[quantity]);
  const refused = sweep.refused;
  const halfWidth = refused !== null ? Infinity : z * q.error;
  return {
    value,
    error: q.error,
    predicted,
    halfWidth,
    requirement: limitRequirement(
      value,
      halfWidth,
      predicted,
      refused,
      `${quantity} limit ${value.toPrecision(5)} ± ${halfWidth.toPrecision(2)} (z = ${z.toFixed(2)} × e = ${q.error.toPrecision(2)}; η = ${sweep.points[0].stepSize.toExponential(0)} … ${sweep.points[sweep.points.length - 1].stepSize.toExponential(0)}, ${sweep.dropped} points dropped) vs theory ${predicted.toPrecision(5)}`,
    ),
  };
}
