/**
 * One-sample Kolmogorov–Smirnov tests: against a fully specified CDF (asymptotic Kolmogorov
 * distribution with Stephens' small-n correction), and for exponentiality with the mean estimated
 * (Lilliefors' problem; Stephens' modified statistic, p-value from a table calibrated by
 * simulation). Both sort once (O(n log n) on a Float64Array) and are fast for n up to 10^6, unlike
 * @stdlib's exact two-sided kstest (slow past a few thousand samples).
 */
import { invalidOption } from '../core/errors.ts';
import { kolmogorovSf } from './distributions.ts';
import { KS_EXPONENTIAL_TABLE } from './ks-exponential-table.ts';
import { checkOptions, checkSamples, checkSignificance, type Samples } from './validate.ts';

/** Options of the KS tests. */
export interface KsOptions {
  /** Test level for `rejected`. @default 0.05 */
  significance?: number;
}

/** Result of {@link ksTest}. */
export interface KsResult {
  /** D = sup |F_n − F|. */
  statistic: number;
  /** (√n + 0.12 + 0.11/√n)·D, referred to the Kolmogorov distribution. */
  modifiedStatistic: number;
  pValue: number;
  rejected: boolean;
  significance: number;
  n: number;
  method: string;
}

/** Result of {@link ksExponentialTest}. */
export interface KsExponentialResult extends KsResult {
  /** The estimated mean (the sample mean, the MLE). */
  mean: number;
  /** Stephens' critical value of the modified statistic at `significance` when tabled, else NaN. */
  criticalValue: number;
}

/**
 * D = sup_x |F_n(x) − F(x)| of sorted data (max over i of i/n − F(x₍ᵢ₎) and F(x₍ᵢ₎) − (i−1)/n).
 * @param sorted - increasing values.
 * @param cdf - the hypothesised continuous CDF.
 */
export function ksStatisticSorted(sorted: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    const plus = (i + 1) / n - f;
    const minus = f - i / n;
    if (plus > d) d = plus;
    if (minus > d) d = minus;
  }
  return d;
}

function sortedCopy(samples: Samples): Float64Array {
  const s = Float64Array.from(samples as ArrayLike<number>);
  s.sort();
  return s;
}

/**
 * One-sample two-sided KS test of `samples` against a fully specified continuous CDF. The p-value
 * is P(K > (√n + 0.12 + 0.11/√n)·D), K Kolmogorov (Stephens 1970). Measured against @stdlib's
 * exact p-value (ks.test.ts; `npm run measure:stats` prints it): within 0.002 where p < 0.2 (n = 20…400), up to 0.02 larger
 * (conservative) in the body at n = 20. Do not use it when parameters were estimated from the
 * same data (then it is conservative): see {@link ksExponentialTest}.
 *
 * @param samples - n ≥ 1 finite numbers.
 * @param cdf - the CDF, non-decreasing, values in [0, 1].
 * @throws InputError (ERR_INVALID_OPTION) on bad samples, a non-function cdf or bad options.
 * @example
 * const rng = openStream({ seed: 4, path: 'doc' });
 * const u = Array.from({ length: 10_000 }, () => rng.nextUniform());
 * ksTest(u, (x) => Math.min(1, Math.max(0, x))).pValue; // uniform on (0, 1) under H0
 */
export function ksTest(samples: Samples, cdf: (x: number) => number, options?: KsOptions): KsResult {
  const api = 'ksTest';
  checkSamples(api, 'samples', samples);
  if (typeof cdf !== 'function') throw invalidOption(api, 'cdf', 'a function', cdf);
  const significance = checkSignificance(api, checkOptions<KsOptions>(api, options).significance);
  const n = samples.length;
  const d = ksStatisticSorted(sortedCopy(samples), cdf);
  const sn = Math.sqrt(n);
  const modified = (sn + 0.12 + 0.11 / sn) * d;
  const pValue = kolmogorovSf(modified);
  return {
    statistic: d,
    modifiedStatistic: modified,
    pValue,
    rejected: pValue < significance,
    significance,
    n,
    method: 'One-sample Kolmogorov-Smirnov, asymptotic Kolmogorov p-value with Stephens (1970) correction',
  };
}

/**
 * Stephens' (1974) critical values of the modified statistic (D − 0.2/n)(√n + 0.26 + 0.5/√n) for
 * the exponential with the mean estimated (D'Agostino & Stephens 1986, Table 4.11, case 3).
 */
export const STEPHENS_EXPONENTIAL_CRITICAL: ReadonlyArray<{ significance: number; critical: number }> = [
  { significance: 0.15, critical: 0.926 },
  { significance: 0.1, critical: 0.99 },
  { significance: 0.05, critical: 1.094 },
  { significance: 0.025, critical: 1.19 },
  { significance: 0.01, critical: 1.308 },
];

/** log P(S > s) from one row of the table (see {@link ksExponentialPValue}). */
function logTailFromRow(t: ReadonlyArray<readonly [number, number]>, modified: number): number {
  const m = t.length;
  if (modified <= t[0][0]) {
    const slope = (Math.log(t[1][1]) - Math.log(t[0][1])) / (t[1][0] - t[0][0]);
    return Math.min(0, Math.log(t[0][1]) + slope * (modified - t[0][0]));
  }
  if (modified >= t[m - 1][0]) {
    const [s1, p1] = t[m - 2];
    const [s2, p2] = t[m - 1];
    const b = (Math.log(p1) - Math.log(p2)) / (s2 * s2 - s1 * s1);
    return Math.log(p2) - b * (modified * modified - s2 * s2);
  }
  let lo = 0;
  let hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (t[mid][0] <= modified) lo = mid;
    else hi = mid;
  }
  const [sa, pa] = t[lo];
  const [sb, pb] = t[hi];
  const w = (modified - sa) / (sb - sa);
  return (1 - w) * Math.log(pa) + w * Math.log(pb);
}

/**
 * Upper-tail probability under H0 of Stephens' modified statistic S for sample size n, from the
 * calibrated table: within a row, log p is interpolated linearly in S (beyond the last entry a
 * Kolmogorov-like tail log p = A − B·S² through the last two entries; before the first, linear
 * extrapolation capped at p = 1); across rows, log p is interpolated linearly in 1/√n (the body
 * of the law drifts like that), extrapolated past the largest n and held below the smallest.
 * @param modified - S = (D − 0.2/n)(√n + 0.26 + 0.5/√n).
 * @param n - the sample size (≥ 1).
 */
export function ksExponentialPValue(modified: number, n: number): number {
  const rows = KS_EXPONENTIAL_TABLE;
  const u = 1 / Math.sqrt(n);
  let i = 0;
  // Rows are by increasing n, i.e. decreasing u; pick the bracketing pair (or the last two).
  while (i < rows.length - 2 && 1 / Math.sqrt(rows[i + 1].n) > u) i++;
  if (n <= rows[0].n) return Math.exp(logTailFromRow(rows[0].points, modified));
  const ua = 1 / Math.sqrt(rows[i].n);
  const ub = 1 / Math.sqrt(rows[i + 1].n);
  const w = (u - ua) / (ub - ua);
  const logP = (1 - w) * logTailFromRow(rows[i].points, modified) + w * logTailFromRow(rows[i + 1].points, modified);
  return Math.min(1, Math.exp(logP));
}

/**
 * KS test of exponentiality with the mean estimated from the data (the scale is a nuisance; a
 * plain KS p-value would be far too large). Statistic D against Exp(mean = x̄); Stephens' modified
 * statistic (D − 0.2/n)(√n + 0.26 + 0.5/√n) has an upper tail nearly free of n (Stephens' critical
 * values apply at any n ≥ 5); its p-value comes from `ks-exponential-table.ts`, calibrated by
 * simulation at n = 10…2000 by `calibrate-ks-exponential.ts` (see there) and interpolated.
 *
 * @param samples - n ≥ 5 values ≥ 0, not all 0 (e.g. scaled exit steps).
 * @throws InputError (ERR_INVALID_OPTION) on bad samples or options.
 * @example
 * const rng = openStream({ seed: 5, path: 'doc' });
 * const x = Array.from({ length: 1000 }, () => -3 * Math.log(rng.nextUniform()));
 * ksExponentialTest(x).rejected; // false in ~95% of seeds
 */
export function ksExponentialTest(samples: Samples, options?: KsOptions): KsExponentialResult {
  const api = 'ksExponentialTest';
  checkSamples(api, 'samples', samples, { minLength: 5, min: 0 });
  const significance = checkSignificance(api, checkOptions<KsOptions>(api, options).significance);
  const n = samples.length;
  const sorted = sortedCopy(samples);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = sum / n;
  if (!(mean > 0)) throw invalidOption(api, 'samples', 'values with a positive mean', mean);
  const rate = 1 / mean;
  const d = ksStatisticSorted(sorted, (x) => -Math.expm1(-x * rate));
  const sn = Math.sqrt(n);
  const modified = (d - 0.2 / n) * (sn + 0.26 + 0.5 / sn);
  const pValue = ksExponentialPValue(modified, n);
  const tabled = STEPHENS_EXPONENTIAL_CRITICAL.find((r) => Math.abs(r.significance - significance) < 1e-12);
  return {
    statistic: d,
    modifiedStatistic: modified,
    pValue,
    rejected: pValue < significance,
    significance,
    criticalValue: tabled ? tabled.critical : NaN,
    n,
    mean,
    method:
      'Lilliefors-type KS test of exponentiality (mean estimated), Stephens modified statistic, simulated p-value table',
  };
}
