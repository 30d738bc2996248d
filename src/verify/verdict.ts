/**
 * Equivalence verdicts. With a two-sided (1 − a) confidence interval [L, U] for the checked quantity
 * and the band B = [p − t, p + t] around the prediction p:
 *
 * - `consistent` when [L, U] ⊂ B. This is TOST (two one-sided tests, Schuirmann 1987): each of the
 *   one-sided nulls "θ ≤ p − t" and "θ ≥ p + t" is rejected at level a/2, so calling a claim
 *   consistent when the truth lies outside the band has probability ≤ a/2. Failing to reject
 *   "θ = p" is not agreement, which is why a wide CI around the right value stays inconclusive.
 * - `inconsistent` when [L, U] ∩ B = ∅: every θ in B is rejected, so the true theory (θ ∈ B) is
 *   called inconsistent with probability ≤ a/2 (the CI misses θ on one known side).
 * - `inconclusive` otherwise: the data cannot tell at this confidence (the CI straddles an edge).
 *
 * The band's edges are part of the band (closed), so a point CI on the edge is consistent.
 */
import { invalidOption } from '../core/errors.ts';
import type { Requirement, Tolerance, Verdict } from './types.ts';

/**
 * The band predicted ± tolerance: absolute `[p − t, p + t]`, or relative `[p(1 − t), p(1 + t)]`
 * (ordered, so a negative prediction still gives lo ≤ hi).
 * @throws InputError for a non-finite prediction or a bad tolerance.
 */
export function toleranceBand(predicted: number, tolerance: Pick<Tolerance, 'value' | 'scale'>): [number, number] {
  if (!Number.isFinite(predicted)) throw invalidOption('toleranceBand', 'predicted', 'a finite number', predicted);
  if (!(tolerance.value >= 0) || !Number.isFinite(tolerance.value)) {
    throw invalidOption('toleranceBand', 'tolerance.value', 'a finite number ≥ 0', tolerance.value);
  }
  const half = tolerance.scale === 'relative' ? Math.abs(predicted) * tolerance.value : tolerance.value;
  return [predicted - half, predicted + half];
}

/**
 * The verdict of a CI against a band (see the module comment for the error rates).
 * A CI with a NaN end is `inconclusive` (no evidence either way).
 * @throws InputError when ci[0] > ci[1] or band[0] > band[1].
 * @example equivalenceVerdict([1.38, 1.42], [1.35, 1.45]) // 'consistent'
 */
export function equivalenceVerdict(ci: readonly [number, number], band: readonly [number, number]): Verdict {
  const [lo, hi] = ci;
  if (Number.isNaN(lo) || Number.isNaN(hi)) return 'inconclusive';
  if (lo > hi) throw invalidOption('equivalenceVerdict', 'ci', '[lo, hi] with lo ≤ hi', ci);
  if (!(band[0] <= band[1])) throw invalidOption('equivalenceVerdict', 'band', '[lo, hi] with lo ≤ hi', band);
  if (lo >= band[0] && hi <= band[1]) return 'consistent';
  if (hi < band[0] || lo > band[1]) return 'inconsistent';
  return 'inconclusive';
}

/**
 * {@link equivalenceVerdict} with side conditions: `consistent` needs every requirement met, else it
 * becomes `inconclusive` (an unmet side condition is missing evidence, not evidence against the
 * claim), except that a requirement that is a rejecting test of its own (`rejects`, e.g. the
 * simulator against the exact chain) makes the verdict `inconsistent`.
 * @example gatedVerdict([1.38, 1.42], [1.35, 1.45], [{ name: 'trend', met: false, detail: '' }]) // 'inconclusive'
 */
export function gatedVerdict(
  ci: readonly [number, number],
  band: readonly [number, number],
  requirements: readonly Requirement[] = [],
): Verdict {
  const v = equivalenceVerdict(ci, band);
  if (requirements.some((r) => r.rejects === true)) return 'inconsistent';
  return v === 'consistent' && requirements.some((r) => !r.met) ? 'inconclusive' : v;
}
