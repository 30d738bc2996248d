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
import { checkNumber, checkInteger } from '../core/guards.ts';
import { invalidOption } from '../core/errors.ts';
import { normalCdf, normalQuantile } from '../stats/distributions.ts';
import { holm } from '../stats/holm.ts';
import { normalBandTest } from '../stats/band-test.ts';

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

/** Φ and Φ⁻¹ come from the stats layer (one implementation in the project). */
export { normalCdf, normalQuantile };

/**
 * The two-sided normal z, Φ⁻¹(1 − (1 − c)/2), has one implementation: `src/stats/normal.ts`. (This
 * module used to compute −Φ⁻¹((1 − c)/2), the same number up to ~1e-13 relative at a run's
 * confidences; the tier reports moved accordingly, see fixtures/measurements/baseline-issue12.)
 */
export { twoSidedZ } from '../stats/normal.ts';

/**
 * p-value of H0 "the true value lies in [lo, hi]" for an estimate with normal standard error `se`:
 * p = 2·(1 − Φ(d/se)) with d the distance from the estimate to the band (p = 1 inside it), i.e. the
 * normal test of `src/stats/band-test.ts` (which also gives its interval: p ≤ a exactly when the
 * normal (1 − a) interval misses the band). Checks whose interval comes from another test declare it
 * (`Observation.test`) and take their p-value from that test instead (`judgedInterval` in run.ts).
 * @throws InputError for se not > 0 or lo > hi.
 */
export function bandPValue(estimate: number, standardError: number, band: readonly [number, number]): number {
  checkNumber('bandPValue', 'standardError', standardError, { min: 0, openMin: true });
  if (!(band[0] <= band[1])) throw invalidOption('bandPValue', 'band', '[lo, hi] with lo ≤ hi', band);
  return normalBandTest(estimate, standardError, band, 0.5).pValue;
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
  if (m === 0) return [];
  // A missing p-value enters as 1: it counts in m and is never rejected (total ≤ ½ < 1).
  const ps = pValues.map((p) => (p === null ? 1 : p));
  const { rejected } = holm(ps, { significance: total });
  const rank = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i);
  const out: HolmDecision[] = new Array(m);
  rank.forEach(({ i }, j) => {
    out[i] = { rejected: rejected[i], level: total / (m - j) };
  });
  return out;
}
