/**
 * Hill's (1975) estimator of the tail index α of a Pareto-type tail P(X > x) ~ C·x^−α, from the k
 * largest observations: γ̂ = (1/k)·Σ_{i<k} ln(X₍ₙ₋ᵢ₎ / X₍ₙ₋ₖ₎), α̂ = 1/γ̂. Under second-order
 * conditions with k → ∞, k/n → 0 (and negligible bias), √k(α̂ − α) → N(0, α²), which gives the
 * asymptotic interval α̂(1 ± z/√k). Bias from the second-order term (e.g. the shift of a Lomax,
 * the Gaussian core of a Student t) grows with k/n: keep k a small fraction of n.
 */
import { invalidOption } from '../core/errors.ts';
import { checkChoice, checkNumber } from '../core/guards.ts';
import { twoSidedZ } from './normal.ts';
import { checkConfidence, checkSamples, type Samples } from './validate.ts';

/** Options of {@link estimateTailIndexHill}. */
export interface HillOptions {
  /** Number of upper order statistics used, 1 ≤ k < number of usable observations. */
  k: number;
  /**
   * Which tail: 'upper' uses X, 'lower' uses −X, 'absolute' uses |X| (for symmetric laws, H = P(|Z| > x)).
   * Non-positive transformed values are never among the top k+1 once k+1 ≤ the count of positive ones.
   * @default 'absolute'
   */
  tail?: 'upper' | 'lower' | 'absolute';
  /** Confidence level of the interval. @default 0.95 */
  confidence?: number;
}

/** Result of {@link estimateTailIndexHill}. */
export interface HillResult {
  /** α̂ = 1/γ̂. */
  statistic: number;
  /** α̂·(1 ∓ z/√k), z the two-sided normal quantile at `confidence` (lower end clamped at 0). */
  ci: [number, number];
  /** Number of upper order statistics used. */
  k: number;
  /** The threshold X₍ₙ₋ₖ₎ (the (k+1)-th largest transformed value). */
  threshold: number;
  confidence: number;
  method: string;
}

/**
 * Hill estimate of the tail index with its asymptotic normal interval.
 * @param samples finite numbers; at least k + 1 of the transformed values must be > 0.
 * @throws InputError ERR_INVALID_OPTION on bad samples, k not an integer in [1, n − 1], a bad tail
 *   or confidence, or fewer than k + 1 positive transformed values.
 * @example
 * const rng = openStream({ seed: 1, path: 'doc' });
 * const xs = Array.from({ length: 10_000 }, () => Math.pow(rng.nextUniform(), -1 / 1.5)); // Pareto(1.5)
 * estimateTailIndexHill(xs, { k: 500 }).statistic; // ≈ 1.5
 */
export function estimateTailIndexHill(samples: Samples, options: HillOptions): HillResult {
  const api = 'estimateTailIndexHill';
  checkSamples(api, 'samples', samples, { minLength: 2 });
  if (typeof options !== 'object' || options === null)
    throw invalidOption(api, 'options', 'an options object with k', options);
  const n = samples.length;
  const k = checkNumber(api, 'k', options.k, {
    min: 1,
    max: n - 1,
    integer: true,
    domain: `an integer in [1, ${n - 1}]`,
  });
  const tail = checkChoice(api, 'tail', options.tail ?? 'absolute', ['upper', 'lower', 'absolute'] as const);
  const confidence = checkConfidence(api, options.confidence);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = samples[i];
    t[i] = tail === 'upper' ? v : tail === 'lower' ? -v : Math.abs(v);
  }
  t.sort();
  const threshold = t[n - k - 1];
  if (!(threshold > 0)) {
    throw invalidOption(
      api,
      'k',
      `at most (number of positive ${tail} values) − 1`,
      k,
      'Use a smaller k or more samples.',
    );
  }
  const logThreshold = Math.log(threshold);
  let sum = 0;
  for (let i = n - k; i < n; i++) sum += Math.log(t[i]) - logThreshold;
  const statistic = k / sum;
  const z = twoSidedZ(confidence);
  const half = z / Math.sqrt(k);
  return {
    statistic,
    ci: [Math.max(0, statistic * (1 - half)), statistic * (1 + half)],
    k,
    threshold,
    confidence,
    method: `Hill estimator on the ${k} largest ${tail} values, asymptotic normal interval α̂(1 ± z/√k)`,
  };
}
