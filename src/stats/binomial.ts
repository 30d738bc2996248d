/**
 * Binomial proportions: Wilson score and Clopper–Pearson exact intervals, and the exact binomial
 * test (e.g. the observed frequency of exits into a basin against its predicted probability).
 */
import betainc from '@stdlib/math-base-special-betainc';
import { invalidOption } from '../core/errors.ts';
import { checkChoice, checkInteger, checkNumber } from '../core/guards.ts';
import { betaQuantile, binomialLogPmf } from './distributions.ts';
import { twoSidedZ } from './normal.ts';
import { checkConfidence, checkOptions, checkSignificance } from './validate.ts';

/** Result of the binomial interval functions. */
export interface BinomialIntervalResult {
  /** The observed proportion successes/trials. */
  statistic: number;
  ci: [number, number];
  successes: number;
  trials: number;
  confidence: number;
  method: string;
}

/** Options of {@link binomialTest}. */
export interface BinomialTestOptions {
  /** Success probability under H0, in [0, 1]. @default 0.5 */
  probability?: number;
  /** `'two-sided'` (minimum-likelihood: sums P(X = k) ≤ P(X = x)), `'less'` or `'greater'`. @default 'two-sided' */
  alternative?: 'two-sided' | 'less' | 'greater';
  /** Test level for `rejected`. @default 0.05 */
  significance?: number;
  /** Confidence of the Clopper–Pearson interval reported with the test. @default 1 − significance */
  confidence?: number;
}

/** Result of {@link binomialTest}. */
export interface BinomialTestResult extends BinomialIntervalResult {
  pValue: number;
  rejected: boolean;
  significance: number;
  probability: number;
  alternative: 'two-sided' | 'less' | 'greater';
}

function checkCounts(api: string, successes: unknown, trials: unknown): [number, number] {
  const n = checkInteger(api, 'trials', trials, 1);
  const x = checkInteger(api, 'successes', successes, 0);
  if (x > n) throw invalidOption(api, 'successes', `an integer in [0, trials = ${n}]`, x);
  return [x, n];
}

/**
 * Wilson score interval (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n): close to nominal
 * coverage even for small n or p near 0 and 1, unlike the Wald interval.
 *
 * @param successes - integer in [0, trials].
 * @param trials - integer ≥ 1.
 * @throws InputError (ERR_INVALID_OPTION) on non-integer counts, successes > trials, bad confidence.
 * @example wilsonInterval(81, 263, { confidence: 0.95 }).ci // [0.2553, 0.3662]
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  options?: { confidence?: number },
): BinomialIntervalResult {
  const api = 'wilsonInterval';
  const [x, n] = checkCounts(api, successes, trials);
  const confidence = checkConfidence(api, checkOptions<{ confidence?: number }>(api, options).confidence);
  const z = twoSidedZ(confidence);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return {
    statistic: p,
    ci: [Math.max(0, centre - half), Math.min(1, centre + half)],
    successes: x,
    trials: n,
    confidence,
    method: 'Wilson score interval',
  };
}

/**
 * Clopper–Pearson exact interval: [B(α/2; x, n−x+1), B(1−α/2; x+1, n−x)] with B the beta quantile
 * (0 when x = 0, 1 when x = n). Coverage is at least the nominal level for every p.
 *
 * @throws InputError (ERR_INVALID_OPTION) as {@link wilsonInterval}.
 * @example clopperPearsonInterval(3, 10).ci // [0.06674, 0.65245]
 */
export function clopperPearsonInterval(
  successes: number,
  trials: number,
  options?: { confidence?: number },
): BinomialIntervalResult {
  const api = 'clopperPearsonInterval';
  const [x, n] = checkCounts(api, successes, trials);
  const confidence = checkConfidence(api, checkOptions<{ confidence?: number }>(api, options).confidence);
  return { ...clopperPearson(x, n, confidence), confidence, method: 'Clopper-Pearson exact interval' };
}

function clopperPearson(
  x: number,
  n: number,
  confidence: number,
): Omit<BinomialIntervalResult, 'confidence' | 'method'> {
  const tail = (1 - confidence) / 2;
  const lo = x === 0 ? 0 : betaQuantile(tail, x, n - x + 1);
  const hi = x === n ? 1 : betaQuantile(1 - tail, x + 1, n - x);
  return { statistic: x / n, ci: [lo, hi], successes: x, trials: n };
}

/**
 * Exact binomial test of H0: P(success) = `probability`. One-sided tails from the regularized
 * incomplete beta (P(X ≥ x) = I_p(x, n−x+1)); the two-sided p-value sums P(X = k) over the k no
 * more likely than x (relative tolerance 1e-7 for ties, as R's binom.test). Reports the
 * Clopper–Pearson interval.
 *
 * @throws InputError (ERR_INVALID_OPTION) on bad counts or options.
 * @example binomialTest(7, 20, { probability: 0.5 }).pValue // 0.2632
 */
export function binomialTest(successes: number, trials: number, options?: BinomialTestOptions): BinomialTestResult {
  const api = 'binomialTest';
  const [x, n] = checkCounts(api, successes, trials);
  const opts = checkOptions<BinomialTestOptions>(api, options);
  const p = checkNumber(api, 'probability', opts.probability ?? 0.5, { min: 0, max: 1 });
  const alternative = checkChoice(api, 'alternative', opts.alternative ?? 'two-sided', [
    'two-sided',
    'less',
    'greater',
  ] as const);
  const significance = checkSignificance(api, opts.significance);
  const confidence = checkConfidence(api, opts.confidence, 1 - significance);

  const upperTail = (k: number): number =>
    k <= 0 ? 1 : k > n ? 0 : p === 0 ? 0 : p === 1 ? 1 : betainc(p, k, n - k + 1);
  const lowerTail = (k: number): number => 1 - upperTail(k + 1);
  let pValue: number;
  if (alternative === 'greater') pValue = upperTail(x);
  else if (alternative === 'less')
    pValue = x >= n ? 1 : p === 0 || p === 1 ? lowerTail(x) : betainc(1 - p, n - x, x + 1);
  else {
    const ref = binomialLogPmf(x, n, p) + Math.log1p(1e-7);
    let sum = 0;
    for (let k = 0; k <= n; k++) {
      const lp = binomialLogPmf(k, n, p);
      if (lp <= ref) sum += Math.exp(lp);
    }
    pValue = Math.min(1, sum);
  }
  return {
    ...clopperPearson(x, n, confidence),
    pValue,
    rejected: pValue < significance,
    significance,
    probability: p,
    alternative,
    confidence,
    method: `Exact binomial test (${alternative}) with Clopper-Pearson interval`,
  };
}
