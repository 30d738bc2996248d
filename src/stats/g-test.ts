/**
 * G-tests (likelihood-ratio tests of multinomial counts): goodness of fit to given probabilities
 * and homogeneity of a contingency table. Same cells, merging and degrees of freedom as the
 * Pearson tests of `chi-square.ts`; G = 2 Σ O log(O/E) is referred to the same chi-square law.
 */
import {
  finishGoodnessOfFit,
  finishHomogeneity,
  prepareContingency,
  prepareGoodnessOfFit,
  type GoodnessOfFitOptions,
  type GoodnessOfFitResult,
  type HomogeneityResult,
} from './chi-square.ts';
import { checkOptions, checkSignificance, type Samples } from './validate.ts';

/** O log(O/E), with the convention 0 log 0 = 0. */
function term(o: number, e: number): number {
  return o > 0 ? o * Math.log(o / e) : 0;
}

/**
 * G-test of goodness of fit, G = 2 Σ O log(O/E), p-value P(χ²_dof > G).
 *
 * @param observed - counts ≥ 0 per cell.
 * @param probabilities - cell probabilities under H0, summing to 1.
 * @throws InputError (ERR_INVALID_OPTION) as `prepareGoodnessOfFit` in chi-square.ts.
 * @example gTest([43, 52, 54, 40, 53, 58], Array(6).fill(1 / 6)).statistic // 4.9617
 */
export function gTest(observed: Samples, probabilities: Samples, options?: GoodnessOfFitOptions): GoodnessOfFitResult {
  const cells = prepareGoodnessOfFit('gTest', observed, probabilities, options);
  let g = 0;
  for (let i = 0; i < cells.observed.length; i++) g += term(cells.observed[i], cells.expected[i]);
  return finishGoodnessOfFit(2 * g, cells, 'G-test (likelihood ratio) of goodness of fit');
}

/**
 * G-test of homogeneity (independence) of a contingency table, (r−1)(c−1) dof.
 * @throws InputError (ERR_INVALID_OPTION) as `prepareContingency` in chi-square.ts.
 * @example gTestHomogeneity([[10, 20], [20, 10]]).statistic // 6.7960
 */
export function gTestHomogeneity(table: number[][], options?: { significance?: number }): HomogeneityResult {
  const api = 'gTestHomogeneity';
  const significance = checkSignificance(api, checkOptions<{ significance?: number }>(api, options).significance);
  const { table: t, expected } = prepareContingency(api, table);
  let g = 0;
  for (let i = 0; i < t.length; i++) for (let j = 0; j < t[i].length; j++) g += term(t[i][j], expected[i][j]);
  return finishHomogeneity(2 * g, t, expected, significance, 'G-test of homogeneity');
}
