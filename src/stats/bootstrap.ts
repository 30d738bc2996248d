/**
 * Nonparametric bootstrap confidence intervals of a statistic of one i.i.d. sample: percentile,
 * and BCa-lite (bias-corrected and accelerated, Efron 1987; "lite" because the acceleration comes
 * from a jackknife that is skipped for large samples, where it costs n extra evaluations).
 */
import { invalidOption } from '../core/errors.ts';
import { checkChoice, checkInteger } from '../core/guards.ts';
import type { RandomStream } from '../rng/xoshiro.ts';
import { normalCdf, normalQuantile } from './distributions.ts';
import { checkConfidence, checkOptions, checkSamples, type Samples } from './validate.ts';

/** Options of {@link bootstrapCi}. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples B (≥ 100). @default 2000 */
  resamples?: number;
  /** Two-sided confidence level. @default 0.95 */
  confidence?: number;
  /** `'percentile'` or `'bca'` (bias-corrected, accelerated). @default 'bca' */
  method?: 'percentile' | 'bca';
  /**
   * Largest sample size for which the BCa acceleration is estimated by the jackknife (n extra
   * evaluations of the statistic); above it the acceleration is 0 (bias-corrected percentile).
   * @default 5000
   */
  jackknifeLimit?: number;
}

/** Result of {@link bootstrapCi}. */
export interface BootstrapResult {
  /** The statistic on the original sample. */
  statistic: number;
  ci: [number, number];
  /** Bootstrap standard error (standard deviation of the replicates). */
  standardError: number;
  /** Bootstrap estimate of the bias, mean(θ*) − θ̂. */
  bias: number;
  /** BCa bias correction z₀ and acceleration a (0 for the percentile method). */
  biasCorrection: number;
  acceleration: number;
  resamples: number;
  confidence: number;
  method: string;
}

const API = 'bootstrapCi';

/**
 * Bootstrap confidence interval of `statistic(sample)`.
 *
 * @param rng - the random stream the resampling indices are drawn from (first argument, as for
 *   every function that draws: CONVENTIONS.md); B·n uniforms are consumed.
 * @param data - the sample (finite numbers, n ≥ 2).
 * @param statistic - a function of a sample (called with a reused Float64Array, which it may reorder but must not keep).
 * @throws InputError (ERR_INVALID_OPTION) on bad data or options, or a statistic that is not a
 *   finite number on the original sample.
 * @example
 * const rng = openStream({ seed: 3, path: 'doc' });
 * const data = Array.from({ length: 100 }, () => -Math.log(rng.nextUniform()));
 * bootstrapCi(rng, data, (s) => s.reduce((a, b) => a + b, 0) / s.length, { resamples: 2000 }).ci;
 * // ≈ [0.8, 1.2]
 */
export function bootstrapCi(
  rng: RandomStream,
  data: Samples,
  statistic: (sample: Float64Array) => number,
  options?: BootstrapOptions,
): BootstrapResult {
  if (!rng || typeof rng.nextUniform !== 'function') throw invalidOption(API, 'rng', 'a RandomStream', rng);
  checkSamples(API, 'data', data, { minLength: 2 });
  if (typeof statistic !== 'function') throw invalidOption(API, 'statistic', 'a function of a Float64Array', statistic);
  const opts = checkOptions<BootstrapOptions>(API, options);
  const resamples = checkInteger(API, 'resamples', opts.resamples ?? 2000, 100);
  const confidence = checkConfidence(API, opts.confidence);
  const method = checkChoice(API, 'method', opts.method ?? 'bca', ['percentile', 'bca'] as const);
  const jackknifeLimit = checkInteger(API, 'jackknifeLimit', opts.jackknifeLimit ?? 5000, 0);

  const n = data.length;
  const original = Float64Array.from(data as ArrayLike<number>);
  const theta = statistic(Float64Array.from(original));
  if (!Number.isFinite(theta)) throw invalidOption(API, 'statistic', 'a finite value on the original sample', theta);

  const buf = new Float64Array(n);
  const reps = new Float64Array(resamples);
  let sum = 0;
  for (let b = 0; b < resamples; b++) {
    // floor(u·n) with u ∈ (0, 1): bias below n·2^−32, negligible for any sample we bootstrap.
    for (let i = 0; i < n; i++) buf[i] = original[Math.floor(rng.nextUniform() * n)];
    const v = statistic(buf);
    reps[b] = v;
    sum += v;
  }
  const mean = sum / resamples;
  let ss = 0;
  for (let b = 0; b < resamples; b++) ss += (reps[b] - mean) ** 2;
  const standardError = Math.sqrt(ss / (resamples - 1));
  reps.sort();

  const tail = (1 - confidence) / 2;
  let lowerP = tail;
  let upperP = 1 - tail;
  let z0 = 0;
  let acc = 0;
  let desc = 'percentile';
  if (method === 'bca') {
    let below = 0;
    let equal = 0;
    for (let b = 0; b < resamples; b++) {
      if (reps[b] < theta) below++;
      else if (reps[b] === theta) equal++;
    }
    // Ties count half, and the proportion is kept away from 0 and 1 so z₀ stays finite.
    const prop = Math.min(1 - 0.5 / resamples, Math.max(0.5 / resamples, (below + 0.5 * equal) / resamples));
    z0 = normalQuantile(prop);
    if (n <= jackknifeLimit) {
      acc = jackknifeAcceleration(original, statistic);
      desc = 'BCa (jackknife acceleration)';
    } else {
      desc = `bias-corrected percentile (acceleration 0: n > jackknifeLimit ${jackknifeLimit})`;
    }
    const adjust = (p: number): number => {
      const zp = normalQuantile(p);
      return normalCdf(z0 + (z0 + zp) / (1 - acc * (z0 + zp)));
    };
    lowerP = adjust(tail);
    upperP = adjust(1 - tail);
  }
  return {
    statistic: theta,
    ci: [quantileSorted(reps, lowerP), quantileSorted(reps, upperP)],
    standardError,
    bias: mean - theta,
    biasCorrection: z0,
    acceleration: acc,
    resamples,
    confidence,
    method: `Nonparametric bootstrap, ${desc}, B = ${resamples}`,
  };
}

/** Efron's acceleration Σ(θ̄ − θ₍ᵢ₎)³ / (6 [Σ(θ̄ − θ₍ᵢ₎)²]^{3/2}) from the leave-one-out jackknife. */
function jackknifeAcceleration(data: Float64Array, statistic: (s: Float64Array) => number): number {
  const n = data.length;
  const loo = new Float64Array(n - 1);
  const values = new Float64Array(n);
  const scratch = new Float64Array(n - 1); // the statistic may sort or overwrite its argument
  // Build leave-one-out samples incrementally: moving from omitting i−1 to omitting i swaps one entry.
  for (let i = 1; i < n; i++) loo[i - 1] = data[i];
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) loo[i - 1] = data[i - 1];
    scratch.set(loo);
    values[i] = statistic(scratch);
    mean += values[i];
  }
  mean /= n;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    const d = mean - values[i];
    s2 += d * d;
    s3 += d * d * d;
  }
  return s2 > 0 ? s3 / (6 * Math.pow(s2, 1.5)) : 0;
}

/** Quantile of sorted values by linear interpolation between order statistics (Hyndman–Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
