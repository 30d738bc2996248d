/**
 * The one two-sided normal critical value of the project. Every normal-approximation interval
 * (Wilson, Kaplan–Meier, log-log regression, Hill, the Wald interval of the censored exponential,
 * the checks of `src/verify` and `theorems/`) takes its z from here, so that two intervals at the
 * same confidence always use the same number.
 */
import { normalQuantile } from './distributions.ts';
import { checkNumber } from '../core/guards.ts';

/**
 * Two-sided standard normal critical value z = Φ⁻¹(1 − (1 − c)/2): P(|Z| ≤ z) = c.
 *
 * Computed as the upper quantile at 1 − (1 − c)/2, the form the statistics layer has always used,
 * so its intervals are bit-for-bit those of before the refactor. (−Φ⁻¹((1 − c)/2), the form of the
 * old `twoSidedZ` in `src/verify/budget.ts`, is the same number up to the rounding of 1 − (1 − c)/2:
 * at most ~2e-11 relative for c ≤ 1 − 10⁻⁶, see `normal.test.ts`.)
 *
 * @param confidence - two-sided confidence c, in (0, 1).
 * @param api - the public function to name in the error message (default `twoSidedZ`).
 * @returns z > 0 for c > 0 (z → ∞ as c → 1).
 * @throws InputError (ERR_INVALID_OPTION) when `confidence` is not a finite number in (0, 1).
 * @example twoSidedZ(0.95) // 1.959963984540054
 */
export function twoSidedZ(confidence: number, api = 'twoSidedZ'): number {
  const c = checkNumber(api, 'confidence', confidence, { min: 0, max: 1, openMin: true, openMax: true });
  return normalQuantile(1 - (1 - c) / 2);
}
