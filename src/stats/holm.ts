/**
 * Multiple-testing corrections of a family of p-values: Holm–Bonferroni (step-down, controls the
 * family-wise error rate under any dependence, uniformly more powerful than Bonferroni) and
 * Bonferroni. The verify layer uses them to turn a suite's error budget into per-check levels.
 */
import { invalidOption } from '../core/errors.ts';
import { checkOptions, checkSamples, checkSignificance, type Samples } from './validate.ts';

/** Result of {@link holm} and {@link bonferroni}. */
export interface AdjustedPValuesResult {
  /** Adjusted p-values in the input order (reject check i at level q iff adjusted[i] ≤ q). */
  adjusted: Float64Array;
  /** Rejections at the family-wise level `significance`, in the input order. */
  rejected: boolean[];
  /** Number of rejections. */
  statistic: number;
  significance: number;
  method: string;
}

function validate(api: string, pValues: unknown, options: unknown): [Samples, number] {
  const ps = checkSamples(api, 'pValues', pValues, { min: 0 });
  for (let i = 0; i < ps.length; i++) {
    if (ps[i] > 1) throw invalidOption(api, `pValues[${i}]`, 'a p-value in [0, 1]', ps[i]);
  }
  const significance = checkSignificance(api, checkOptions<{ significance?: number }>(api, options).significance);
  return [ps, significance];
}

/**
 * Holm–Bonferroni adjusted p-values: with p₍₁₎ ≤ … ≤ p₍ₘ₎, adj₍ₖ₎ = max_{j ≤ k} min(1, (m − j + 1)p₍ⱼ₎).
 *
 * @param pValues - m ≥ 1 p-values in [0, 1].
 * @param options - `significance`, the family-wise level (default 0.05).
 * @throws InputError (ERR_INVALID_OPTION) on an empty array or a value outside [0, 1].
 * @example holm([0.01, 0.04, 0.03, 0.005]).adjusted // [0.03, 0.06, 0.06, 0.02]
 */
export function holm(pValues: Samples, options?: { significance?: number }): AdjustedPValuesResult {
  const [ps, significance] = validate('holm', pValues, options);
  const m = ps.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => ps[a] - ps[b]);
  const adjusted = new Float64Array(m);
  let running = 0;
  for (let k = 0; k < m; k++) {
    running = Math.max(running, Math.min(1, (m - k) * ps[order[k]]));
    adjusted[order[k]] = running;
  }
  return finish(adjusted, significance, `Holm-Bonferroni step-down adjustment (m = ${m})`);
}

/**
 * Bonferroni adjusted p-values min(1, m·pᵢ).
 * @throws InputError (ERR_INVALID_OPTION) as {@link holm}.
 * @example bonferroni([0.01, 0.04]).adjusted // [0.02, 0.08]
 */
export function bonferroni(pValues: Samples, options?: { significance?: number }): AdjustedPValuesResult {
  const [ps, significance] = validate('bonferroni', pValues, options);
  const m = ps.length;
  const adjusted = Float64Array.from(ps as ArrayLike<number>, (p) => Math.min(1, m * p));
  return finish(adjusted, significance, `Bonferroni adjustment (m = ${m})`);
}

function finish(adjusted: Float64Array, significance: number, method: string): AdjustedPValuesResult {
  const rejected = Array.from(adjusted, (p) => p <= significance);
  return { adjusted, rejected, statistic: rejected.filter(Boolean).length, significance, method };
}
