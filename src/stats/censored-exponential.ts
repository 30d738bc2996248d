/**
 * Maximum-likelihood estimate of an exponential mean from right-censored data (runs that hit the
 * step cap are censored, never dropped: CONVENTIONS.md). With D events and total time on test
 * T = Σ tᵢ (events and censored times alike) the log-likelihood is ℓ(θ) = −D log θ − T/θ, so
 * θ̂ = T/D and λ̂ = D/T.
 */
import { invalidOption } from '../core/errors.ts';
import { checkChoice } from '../core/guards.ts';
import { chiSquareQuantile } from './distributions.ts';
import { twoSidedZ } from './normal.ts';
import { checkConfidence, checkFlags, checkOptions, checkSamples, type Samples } from './validate.ts';

/** How the confidence interval of the mean is computed. */
export type CensoredExponentialCiMethod = 'chi-square' | 'likelihood-ratio' | 'wald-log';

/** Options of {@link estimateCensoredExponential}. */
export interface CensoredExponentialOptions {
  /** Two-sided confidence level in (0, 1). @default 0.95 */
  confidence?: number;
  /**
   * Interval method. `'chi-square'`: 2T/θ ~ χ²(2D), exact with no censoring or type-II censoring;
   * under type-I censoring (a fixed cap, as for exit steps) Cox's (1953) approximation χ²(2D+1).
   * `'likelihood-ratio'`: {θ : 2[ℓ(θ̂) − ℓ(θ)] ≤ χ²₁(confidence)}. `'wald-log'`: log θ̂ ± z/√D.
   * @default 'chi-square'
   */
  ciMethod?: CensoredExponentialCiMethod;
  /**
   * `'type-I'`: censoring at fixed times (a step cap); `'type-II'`: the experiment stopped at the
   * D-th event. Only changes the chi-square degrees of freedom when some runs are censored.
   * @default 'type-I'
   */
  censoring?: 'type-I' | 'type-II';
}

/** Result of {@link estimateCensoredExponential}. */
export interface CensoredExponentialResult {
  /** The MLE of the mean, θ̂ = T/D (Infinity when D = 0). */
  statistic: number;
  /** Same as `statistic`. */
  mean: number;
  /** The MLE of the rate, D/T. */
  rate: number;
  /** Confidence interval of the mean (upper end Infinity when D = 0). */
  ci: [number, number];
  /** Confidence interval of the rate (the reciprocal of `ci`). */
  rateCi: [number, number];
  /** D, the number of observed events. */
  events: number;
  /** The number of censored observations. */
  censored: number;
  /** T, the total time on test (same unit as the input times). */
  totalTime: number;
  confidence: number;
  method: string;
}

const API = 'estimateCensoredExponential';

/**
 * MLE of the mean and rate of exponential data with right-censoring, with a confidence interval.
 *
 * @param times - observed times ≥ 0 (event times, or censoring times where `censored[i]`); not all 0.
 * @param censored - per time, true (or 1) when the observation is censored; omit when none are.
 * @param options - see {@link CensoredExponentialOptions}.
 * @throws InputError (ERR_INVALID_OPTION) on empty/negative/non-finite times, mismatched flags,
 *   bad options, or a total time of 0.
 * @example
 * const rng = openStream({ seed: 1, path: 'doc' });
 * const t = Array.from({ length: 500 }, () => -10 * Math.log(rng.nextUniform()));
 * const cap = 20, flags = t.map((x) => x > cap);
 * estimateCensoredExponential(t.map((x) => Math.min(x, cap)), flags, { confidence: 0.95 });
 * // { mean: ≈10, ci: [≈9, ≈11], events: ≈430, censored: ≈70, method: "... Cox ..." }
 */
export function estimateCensoredExponential(
  times: Samples,
  censored?: ArrayLike<boolean | number>,
  options?: CensoredExponentialOptions,
): CensoredExponentialResult {
  checkSamples(API, 'times', times, { min: 0 });
  const flags = censored === undefined ? undefined : checkFlags(API, 'censored', censored, times.length);
  const opts = checkOptions<CensoredExponentialOptions>(API, options);
  const confidence = checkConfidence(API, opts.confidence);
  const ciMethod = checkChoice(API, 'ciMethod', opts.ciMethod ?? 'chi-square', [
    'chi-square',
    'likelihood-ratio',
    'wald-log',
  ] as const);
  const censoring = checkChoice(API, 'censoring', opts.censoring ?? 'type-I', ['type-I', 'type-II'] as const);

  let totalTime = 0;
  let events = 0;
  for (let i = 0; i < times.length; i++) {
    totalTime += times[i];
    if (!flags || !flags[i]) events++;
  }
  if (!(totalTime > 0)) throw invalidOption(API, 'times', 'a total time on test > 0', totalTime);
  const nCensored = times.length - events;
  const mean = events > 0 ? totalTime / events : Infinity;
  const rate = events / totalTime;
  const tail = (1 - confidence) / 2;

  let ci: [number, number];
  let method: string;
  if (events === 0) {
    // No event: only a lower bound for the mean exists; 2T/θ ≥ χ²(2) at the one-sided level.
    ci = [(2 * totalTime) / chiSquareQuantile(confidence, 2), Infinity];
    method = 'Censored exponential MLE with no events: one-sided chi-square(2) lower bound for the mean';
  } else if (ciMethod === 'chi-square') {
    const cox = nCensored > 0 && censoring === 'type-I';
    const dof = cox ? 2 * events + 1 : 2 * events;
    ci = [(2 * totalTime) / chiSquareQuantile(1 - tail, dof), (2 * totalTime) / chiSquareQuantile(tail, dof)];
    method = cox
      ? `Censored exponential MLE, Cox's chi-square(2D+1 = ${dof}) approximation for type-I censoring`
      : `Exponential MLE, exact chi-square(2D = ${dof}) interval (${nCensored > 0 ? 'type-II censoring' : 'no censoring'})`;
  } else if (ciMethod === 'likelihood-ratio') {
    // 2[ℓ(θ̂) − ℓ(θ)] = 2D·g(u) with u = log(θ/θ̂), g(u) = u + e^{−u} − 1 (convex, g(0) = 0).
    const target = chiSquareQuantile(confidence, 1) / (2 * events);
    ci = [mean * Math.exp(solveDeviance(target, -1)), mean * Math.exp(solveDeviance(target, 1))];
    method = 'Censored exponential MLE, profile likelihood-ratio interval (chi-square(1) calibration)';
  } else {
    const z = twoSidedZ(confidence);
    ci = [mean * Math.exp(-z / Math.sqrt(events)), mean * Math.exp(z / Math.sqrt(events))];
    method = 'Censored exponential MLE, Wald interval on the log mean (Fisher information D)';
  }
  return {
    statistic: mean,
    mean,
    rate,
    ci,
    rateCi: [1 / ci[1], 1 / ci[0]],
    events,
    censored: nCensored,
    totalTime,
    confidence,
    method,
  };
}

/** Root u of u + e^{−u} − 1 = target on the side `sign` (−1: u < 0, +1: u > 0), by Newton. */
function solveDeviance(target: number, sign: -1 | 1): number {
  // Start from the quadratic approximation g(u) ≈ u²/2, then Newton; g is convex so Newton from
  // the outside converges monotonically.
  // On the left, e^s − 1 − s > s²/2 puts the start outside the root, so the iterates increase to it.
  let u = sign * Math.sqrt(2 * target);
  for (let i = 0; i < 100; i++) {
    const g = u + Math.exp(-u) - 1 - target;
    const dg = 1 - Math.exp(-u);
    const next = u - g / dg;
    if (!Number.isFinite(next) || Math.abs(next - u) < 1e-14 * Math.max(1, Math.abs(u))) {
      u = Number.isFinite(next) ? next : u;
      break;
    }
    u = next;
  }
  return u;
}
