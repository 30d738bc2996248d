/**
 * The error budget of a run: the family-wise probability that any check of the run calls the true
 * theory `inconsistent` (a false alarm). It is split over the run's checks, so every check's
 * confidence is derived, never typed by hand.
 *
 * - Bonferroni (always available, needed before any check runs): check i gets level a_i = total / m
 *   and computes its two-sided CI at confidence 1 − a_i. P(any CI misses its true value) ≤ Σ a_i =
 *   total, whatever the dependence between checks.
 * - Holm (when checks report a standard error, hence a p-value of "the true value is in the band"):
 *   step-down over the m p-values of the whole run, rejecting p_(j) ≤ total / (m − j + 1) until the
 *   first failure. Strong FWER control at `total` like Bonferroni, never less powerful. It needs
 *   every p-value of the run, so sharded runs apply it when the shards are merged.
 */
import erfc from '@stdlib/math-base-special-erfc';
import { checkNumber, checkInteger } from '../core/guards.ts';
import { invalidOption } from '../core/errors.ts';

/** One check's share of the budget. */
export interface CheckLevel {
  /** Per-check error level a_i (probability that its CI misses the true value). */
  readonly level: number;
  /** 1 − a_i: the two-sided confidence its CI must have. */
  readonly confidence: number;
}

/**
 * Bonferroni split of `total` over `count` checks.
 * @param total family-wise false-alarm probability of the run, in (0, 0.5].
 * @param count number of checks in the whole run (all shards), ≥ 1.
 * @throws InputError for total ∉ (0, 0.5] or count not a positive integer.
 * @example bonferroniLevels(1e-3, 4) // { level: 2.5e-4, confidence: 0.99975 }
 */
export function bonferroniLevels(total: number, count: number): CheckLevel {
  checkNumber('bonferroniLevels', 'total', total, { min: 0, max: 0.5, openMin: true });
  checkInteger('bonferroniLevels', 'count', count);
  const level = total / count;
  return { level, confidence: 1 - level };
}

/** Standard normal CDF Φ(x) via erfc (accurate in both tails). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Standard normal quantile Φ⁻¹(p), p ∈ (0, 1): Acklam's rational approximation (relative error
 * 1.15e-9) refined by one Halley step on `normalCdf`, which brings it to ~1e-15.
 * @throws InputError for p ∉ (0, 1).
 */
export function normalQuantile(p: number): number {
  checkNumber('normalQuantile', 'p', p, { min: 0, max: 1, openMin: true, openMax: true });
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // Halley step; for p > ½ work with the upper tail so that 1 − p does not lose digits.
  const e = p > 0.5 ? 0.5 * erfc(x / Math.SQRT2) - (1 - p) : normalCdf(x) - p;
  const u = (p > 0.5 ? -e : e) * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Two-sided normal z for confidence `confidence` (e.g. 0.95 → 1.95996).
 * @throws InputError for confidence ∉ (0, 1).
 */
export function twoSidedZ(confidence: number): number {
  checkNumber('twoSidedZ', 'confidence', confidence, { min: 0, max: 1, openMin: true, openMax: true });
  return -normalQuantile((1 - confidence) / 2);
}

/**
 * p-value of H0 "the true value lies in [lo, hi]" for an estimate with normal standard error `se`:
 * p = 2·(1 − Φ(d/se)) with d the distance from the estimate to the band (p = 1 inside it). It is
 * built so that p ≤ a exactly when the two-sided normal (1 − a) CI misses the band, which keeps
 * Holm's decisions and the CI verdicts one and the same test.
 * @throws InputError for se not > 0 or lo > hi.
 */
export function bandPValue(estimate: number, standardError: number, band: readonly [number, number]): number {
  checkNumber('bandPValue', 'standardError', standardError, { min: 0, openMin: true });
  if (!(band[0] <= band[1])) throw invalidOption('bandPValue', 'band', '[lo, hi] with lo ≤ hi', band);
  if (!Number.isFinite(estimate)) return 1;
  const d = Math.max(band[0] - estimate, estimate - band[1], 0);
  if (d === 0) return 1;
  return Math.min(1, erfc(d / standardError / Math.SQRT2));
}

/** Holm's decision for one check. */
export interface HolmDecision {
  readonly rejected: boolean;
  /** The level its p-value was compared with: total / (m − rank + 1) (rank 1 = smallest p). */
  readonly level: number;
}

/**
 * Holm's step-down procedure over every p-value of the run. `null` entries (checks without a
 * p-value) count in m (they keep their Bonferroni share) but are never rejected.
 * @param total family-wise level, in (0, 0.5].
 * @returns one decision per input, in input order.
 * @example holmDecisions([0.01, 0.2, 0.0001], 0.05) // rejects the 3rd (0.0001 ≤ 0.05/3) and the 1st (0.01 ≤ 0.05/2)
 */
export function holmDecisions(pValues: readonly (number | null)[], total: number): HolmDecision[] {
  checkNumber('holmDecisions', 'total', total, { min: 0, max: 0.5, openMin: true });
  const m = pValues.length;
  const order = pValues
    .map((p, i) => ({ p: p === null ? Infinity : p, i }))
    .sort((x, y) => x.p - y.p || x.i - y.i);
  const out: HolmDecision[] = new Array(m);
  let stopped = false;
  order.forEach(({ p, i }, j) => {
    const level = total / (m - j);
    const rejected = !stopped && p <= level;
    if (!rejected) stopped = true;
    out[i] = { rejected, level };
  });
  return out;
}
