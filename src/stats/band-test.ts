/**
 * One test per interval: each function here returns, from the same data and the same test, the
 * two-sided confidence interval of a quantity and the p-value of H0 "the true value lies in the band
 * [lo, hi]" (issue 14 §6). The p-value is sup_{θ ∈ band} p(θ), with p(θ) the two-sided p-value the
 * interval inverts, so for every confidence c:
 *
 *     p ≤ 1 − c  ⇔  the c-interval misses the band,
 *
 * and Holm's decisions over these p-values (src/verify/budget.ts) are the interval verdicts at
 * Holm's levels. For all five tests p(θ) falls monotonically as θ leaves the estimate (for the exact
 * binomial and Poisson tests p(θ) = 1 between the estimate and the median crossing, since a
 * binomial or Poisson law with an integer mean has that mean as a median), so the supremum is p at
 * the band's nearer end, and p = 1 when the estimate is inside the band.
 *
 * Documented exceptions to the equivalence: floating-point ties at the interval's ends (|p − (1 − c)|
 * below ~1e-12); Wilson's interval and the score test agree exactly (the interval is the set of θ
 * the score test keeps), but the clamp of a Wilson end to [0, 1] is immaterial only because the
 * score statistic is infinite at θ = 0 and 1 for 0 < x < n; a band reaching outside the parameter's
 * domain (below 0 for a proportion or rate) is cut to the domain (p = 0 when nothing is left).
 */
import betainc from '@stdlib/math-base-special-betainc';
import { invalidOption } from '../core/errors.ts';
import {
  betaQuantile,
  chiSquareQuantile,
  gammaP,
  gammaQ,
  normalSf,
  studentTQuantile,
  studentTSf,
} from './distributions.ts';
import { twoSidedZ } from './normal.ts';

/** The test behind an observation's interval (what `Observation.test` declares). */
export type BandTestSpec =
  | { readonly kind: 'normal'; readonly estimate: number; readonly standardError: number }
  | { readonly kind: 't'; readonly estimate: number; readonly standardError: number; readonly dof: number }
  | { readonly kind: 'wilson'; readonly successes: number; readonly trials: number }
  | { readonly kind: 'exact-binomial'; readonly successes: number; readonly trials: number }
  | {
      readonly kind: 'poisson';
      readonly count: number;
      readonly exposure: number;
      /** `rate` (count/exposure, the default) or `mean` (exposure/count: the interval and band inverted). */
      readonly scale?: 'rate' | 'mean';
    };

/** Result of a band test: the interval at `confidence` and the p-value of "the truth is in the band". */
export interface BandTestResult {
  readonly kind: BandTestSpec['kind'];
  readonly estimate: number;
  readonly ci: [number, number];
  readonly pValue: number;
  readonly confidence: number;
  readonly method: string;
}

function checkBand(api: string, band: readonly [number, number]): void {
  if (!(band[0] <= band[1])) throw invalidOption(api, 'band', '[lo, hi] with lo ≤ hi', band);
}

/**
 * p at the band's nearer end (1 inside), for a p(θ) that falls as θ leaves `estimate`. The band is
 * first cut to the parameter's `domain`; a band wholly outside it holds no possible value (p = 0).
 */
function supOverBand(
  estimate: number,
  band: readonly [number, number],
  p: (theta: number) => number,
  domain: readonly [number, number] = [-Infinity, Infinity],
): number {
  const lo = Math.max(band[0], domain[0]);
  const hi = Math.min(band[1], domain[1]);
  if (lo > hi) return 0;
  if (!Number.isFinite(estimate)) return 1;
  if (estimate >= lo && estimate <= hi) return 1;
  return Math.min(1, Math.max(0, p(estimate < lo ? lo : hi)));
}

/**
 * Normal (Wald) test: interval estimate ± z·se, p(θ) = 2·P(Z > |estimate − θ|/se).
 * @example normalBandTest(1, 0.1, [1.2, 1.3], 0.95).pValue // 0.0455
 */
export function normalBandTest(
  estimate: number,
  standardError: number,
  band: readonly [number, number],
  confidence: number,
): BandTestResult {
  const api = 'normalBandTest';
  checkBand(api, band);
  if (!(standardError > 0)) throw invalidOption(api, 'standardError', 'a number > 0', standardError);
  const z = twoSidedZ(confidence, api);
  return {
    kind: 'normal',
    estimate,
    ci: [estimate - z * standardError, estimate + z * standardError],
    pValue: supOverBand(estimate, band, (t) => 2 * normalSf(Math.abs(estimate - t) / standardError)),
    confidence,
    method: 'normal (Wald) interval and test',
  };
}

/**
 * Student t test with `dof` degrees of freedom: interval estimate ± t_{ν, 1−a/2}·se,
 * p(θ) = 2·P(T_ν > |estimate − θ|/se).
 * @example tBandTest(1, 0.1, 30, [1.2, 1.3], 0.95).pValue // 0.0546
 */
export function tBandTest(
  estimate: number,
  standardError: number,
  dof: number,
  band: readonly [number, number],
  confidence: number,
): BandTestResult {
  const api = 'tBandTest';
  checkBand(api, band);
  if (!(standardError > 0)) throw invalidOption(api, 'standardError', 'a number > 0', standardError);
  if (!(dof > 0)) throw invalidOption(api, 'dof', 'a number > 0', dof);
  const t = studentTQuantile(1 - (1 - confidence) / 2, dof);
  return {
    kind: 't',
    estimate,
    ci: [estimate - t * standardError, estimate + t * standardError],
    pValue: supOverBand(estimate, band, (th) => 2 * studentTSf(Math.abs(estimate - th) / standardError, dof)),
    confidence,
    method: `Student t interval and test (${+dof.toPrecision(6)} degrees of freedom)`,
  };
}

function checkCounts(api: string, x: number, n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw invalidOption(api, 'trials', 'an integer ≥ 1', n);
  if (!(Number.isInteger(x) && x >= 0 && x <= n)) throw invalidOption(api, 'successes', `an integer in [0, ${n}]`, x);
}

/**
 * Wilson score interval and the score test it inverts: p(θ) = 2·P(Z > |x/n − θ|/√(θ(1 − θ)/n)).
 * @example wilsonBandTest(81, 263, [0.4, 0.5], 0.95).pValue // 0.0024
 */
export function wilsonBandTest(
  successes: number,
  trials: number,
  band: readonly [number, number],
  confidence: number,
): BandTestResult {
  const api = 'wilsonBandTest';
  checkBand(api, band);
  checkCounts(api, successes, trials);
  const z = twoSidedZ(confidence, api);
  const n = trials;
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  const score = (t: number) => {
    const th = Math.min(1, Math.max(0, t));
    const sd = Math.sqrt((th * (1 - th)) / n);
    return sd > 0 ? 2 * normalSf(Math.abs(p - th) / sd) : p === th ? 1 : 0;
  };
  return {
    kind: 'wilson',
    estimate: p,
    ci: [Math.max(0, centre - half), Math.min(1, centre + half)],
    pValue: supOverBand(p, band, score, [0, 1]),
    confidence,
    method: 'Wilson score interval and score test',
  };
}

/** P_θ(X ≥ x) and P_θ(X ≤ x) for X ~ Bin(n, θ). */
function binomialTails(x: number, n: number, th: number): [number, number] {
  const upper = x === 0 ? 1 : th <= 0 ? 0 : th >= 1 ? 1 : betainc(th, x, n - x + 1);
  const lower = x === n ? 1 : th <= 0 ? 1 : th >= 1 ? 0 : 1 - betainc(th, x + 1, n - x);
  return [upper, lower];
}

/**
 * Exact binomial test (central: twice the smaller tail) and the Clopper–Pearson interval it inverts.
 * @example exactBinomialBandTest(3, 10, [0.7, 0.8], 0.95).pValue // 0.0212
 */
export function exactBinomialBandTest(
  successes: number,
  trials: number,
  band: readonly [number, number],
  confidence: number,
): BandTestResult {
  const api = 'exactBinomialBandTest';
  checkBand(api, band);
  checkCounts(api, successes, trials);
  const x = successes;
  const n = trials;
  const tail = (1 - confidence) / 2;
  const lo = x === 0 ? 0 : betaQuantile(tail, x, n - x + 1);
  const hi = x === n ? 1 : betaQuantile(1 - tail, x + 1, n - x);
  const p = (t: number) => {
    const [up, down] = binomialTails(x, n, Math.min(1, Math.max(0, t)));
    return 2 * Math.min(up, down);
  };
  return {
    kind: 'exact-binomial',
    estimate: x / n,
    ci: [lo, hi],
    pValue: supOverBand(x / n, band, p, [0, 1]),
    confidence,
    method: 'exact binomial test and Clopper–Pearson interval',
  };
}

/**
 * Exact Poisson test (central) and the Garwood interval it inverts, for a rate: `count` events over
 * `exposure`. With `scale: 'mean'` the quantity is exposure/count (e.g. a mean holding time), and
 * interval and band are inverted (a monotone map keeps the p-value).
 * @example poissonBandTest(10, 5, [4, 5], 0.95).pValue // 0.0183
 */
export function poissonBandTest(
  count: number,
  exposure: number,
  band: readonly [number, number],
  confidence: number,
  scale: 'rate' | 'mean' = 'rate',
): BandTestResult {
  const api = 'poissonBandTest';
  checkBand(api, band);
  if (!(Number.isInteger(count) && count >= 0)) throw invalidOption(api, 'count', 'an integer ≥ 0', count);
  if (!(exposure > 0)) throw invalidOption(api, 'exposure', 'a number > 0', exposure);
  const k = count;
  const tail = (1 - confidence) / 2;
  const rateLo = k === 0 ? 0 : gammaQuantile(tail, k) / exposure;
  const rateHi = gammaQuantile(1 - tail, k + 1) / exposure;
  const p = (rate: number) => {
    const mu = Math.max(0, rate) * exposure;
    const upper = k === 0 ? 1 : gammaP(k, mu); // P(K ≥ k)
    const lower = gammaQ(k + 1, mu); // P(K ≤ k)
    return 2 * Math.min(upper, lower);
  };
  const rate = k / exposure;
  if (scale === 'rate')
    return {
      kind: 'poisson',
      estimate: rate,
      ci: [rateLo, rateHi],
      pValue: supOverBand(rate, band, p, [0, Infinity]),
      confidence,
      method: 'exact Poisson test and Garwood interval (rate)',
    };
  const inv = (v: number) => (v === 0 ? Infinity : v === Infinity ? 0 : 1 / v);
  return {
    kind: 'poisson',
    estimate: inv(rate),
    ci: [inv(rateHi), inv(rateLo)],
    pValue:
      band[1] < 0 ? 0 : supOverBand(rate, [inv(band[1]), band[0] <= 0 ? Infinity : inv(band[0])], p, [0, Infinity]),
    confidence,
    method: 'exact Poisson test and Garwood interval (mean = exposure/count)',
  };
}

/** Quantile of Gamma(a, 1): χ²_{2a} quantile / 2 (the Garwood interval's usual form). */
function gammaQuantile(prob: number, a: number): number {
  return chiSquareQuantile(prob, 2 * a) / 2;
}

/** The interval and p-value of a declared test (dispatch on `spec.kind`). */
export function bandTest(spec: BandTestSpec, band: readonly [number, number], confidence: number): BandTestResult {
  switch (spec.kind) {
    case 'normal':
      return normalBandTest(spec.estimate, spec.standardError, band, confidence);
    case 't':
      return tBandTest(spec.estimate, spec.standardError, spec.dof, band, confidence);
    case 'wilson':
      return wilsonBandTest(spec.successes, spec.trials, band, confidence);
    case 'exact-binomial':
      return exactBinomialBandTest(spec.successes, spec.trials, band, confidence);
    case 'poisson':
      return poissonBandTest(spec.count, spec.exposure, band, confidence, spec.scale);
  }
}
