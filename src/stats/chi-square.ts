/**
 * Pearson chi-square tests: goodness of fit of counts to given cell probabilities (with merging
 * of cells whose expected count is small, so the chi-square approximation holds) and homogeneity
 * of the rows of a contingency table. The cell preparation here is shared with `g-test.ts`.
 */
import { invalidOption } from '../core/errors.ts';
import { checkInteger } from '../core/guards.ts';
import { chiSquareSf } from './distributions.ts';
import { checkOptions, checkSamples, checkSignificance, type Samples } from './validate.ts';

/** Options of the goodness-of-fit tests (chi-square and G). */
export interface GoodnessOfFitOptions {
  /** Cells with expected count below this are merged with their right neighbours. @default 5 */
  minExpected?: number;
  /** Parameters estimated from the same data (each removes one degree of freedom). @default 0 */
  estimatedParameters?: number;
  /** Test level for `rejected`. @default 0.05 */
  significance?: number;
}

/** Result of a goodness-of-fit test. */
export interface GoodnessOfFitResult {
  statistic: number;
  pValue: number;
  rejected: boolean;
  significance: number;
  /** Degrees of freedom: cells after merging − 1 − estimatedParameters. */
  dof: number;
  /** Observed and expected counts of the cells actually tested (after merging). */
  observed: Float64Array;
  expected: Float64Array;
  /** For each tested cell, the indices of the input cells it merges. */
  groups: number[][];
  /** True when any input cells were merged (see `groups`). */
  merged: boolean;
  method: string;
}

/** Result of a homogeneity test of a contingency table. */
export interface HomogeneityResult {
  statistic: number;
  pValue: number;
  rejected: boolean;
  significance: number;
  /** (rows − 1)(columns − 1), after dropping empty rows and columns. */
  dof: number;
  /** Expected counts under homogeneity (rows × columns, of the kept rows and columns). */
  expected: number[][];
  /** Number of cells with expected count below 5 (the chi-square approximation is then rough). */
  smallExpectedCells: number;
  method: string;
}

/** Cells ready for a goodness-of-fit statistic. */
export interface PreparedCells {
  observed: Float64Array;
  expected: Float64Array;
  groups: number[][];
  merged: boolean;
  dof: number;
  significance: number;
}

/**
 * Validates counts and probabilities, computes expected counts n·pᵢ and merges small cells
 * left to right (a trailing small group joins the previous one). Cells with probability 0 and no
 * count are dropped; one of probability 0 with a count is merged like any small cell (with
 * `minExpected: 0` it stays alone and the statistic is ∞).
 * @throws InputError (ERR_INVALID_OPTION) on bad counts, probabilities (negative, not summing to 1
 *   within 1e-6), or options, or fewer than 2 cells left after merging.
 */
export function prepareGoodnessOfFit(
  api: string,
  observed: Samples,
  probabilities: Samples,
  options: GoodnessOfFitOptions | undefined,
): PreparedCells {
  checkSamples(api, 'observed', observed, { min: 0, minLength: 2 });
  checkSamples(api, 'probabilities', probabilities, { min: 0, minLength: 2 });
  if (probabilities.length !== observed.length) {
    throw invalidOption(
      api,
      'probabilities',
      `an array of the same length as observed (${observed.length})`,
      `length ${probabilities.length}`,
    );
  }
  let psum = 0;
  let total = 0;
  for (let i = 0; i < observed.length; i++) {
    psum += probabilities[i];
    total += observed[i];
  }
  if (Math.abs(psum - 1) > 1e-6) throw invalidOption(api, 'probabilities', 'probabilities summing to 1', psum);
  if (!(total > 0)) throw invalidOption(api, 'observed', 'counts with a positive total', total);
  const opts = checkOptions<GoodnessOfFitOptions>(api, options);
  const minExpected = opts.minExpected === undefined ? 5 : checkInteger(api, 'minExpected', opts.minExpected, 0);
  const estimated =
    opts.estimatedParameters === undefined ? 0 : checkInteger(api, 'estimatedParameters', opts.estimatedParameters, 0);
  const significance = checkSignificance(api, opts.significance);

  const groups: number[][] = [];
  const obs: number[] = [];
  const exp: number[] = [];
  let curG: number[] = [];
  let curO = 0;
  let curE = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = (total * probabilities[i]) / psum;
    if (e === 0 && observed[i] === 0) continue;
    curG.push(i);
    curO += observed[i];
    curE += e;
    if (curE >= minExpected) {
      groups.push(curG);
      obs.push(curO);
      exp.push(curE);
      curG = [];
      curO = 0;
      curE = 0;
    }
  }
  if (curG.length > 0) {
    if (groups.length > 0) {
      groups[groups.length - 1].push(...curG);
      obs[obs.length - 1] += curO;
      exp[exp.length - 1] += curE;
    } else {
      groups.push(curG);
      obs.push(curO);
      exp.push(curE);
    }
  }
  const dof = groups.length - 1 - estimated;
  if (dof < 1) {
    throw invalidOption(
      api,
      'observed',
      `enough data for ≥ 2 cells with expected count ≥ ${minExpected} (dof ≥ 1)`,
      `${groups.length} cell(s)`,
    );
  }
  return {
    observed: Float64Array.from(obs),
    expected: Float64Array.from(exp),
    groups,
    merged: groups.some((g) => g.length > 1),
    dof,
    significance,
  };
}

/**
 * Pearson's chi-square goodness-of-fit test, X² = Σ (O − E)²/E, p-value P(χ²_dof > X²).
 *
 * @param observed - counts ≥ 0 per cell (at least 2 cells).
 * @param probabilities - cell probabilities under H0, ≥ 0, summing to 1.
 * @throws InputError (ERR_INVALID_OPTION) as {@link prepareGoodnessOfFit}.
 * @example
 * chiSquareTest([43, 52, 54, 40, 53, 58], Array(6).fill(1 / 6)); // statistic 4.84, pValue 0.4357
 */
export function chiSquareTest(
  observed: Samples,
  probabilities: Samples,
  options?: GoodnessOfFitOptions,
): GoodnessOfFitResult {
  const cells = prepareGoodnessOfFit('chiSquareTest', observed, probabilities, options);
  let x2 = 0;
  for (let i = 0; i < cells.observed.length; i++)
    x2 += (cells.observed[i] - cells.expected[i]) ** 2 / cells.expected[i];
  return finishGoodnessOfFit(x2, cells, 'Pearson chi-square goodness-of-fit test');
}

/** Builds the result object of a goodness-of-fit statistic (shared with the G-test). */
export function finishGoodnessOfFit(statistic: number, cells: PreparedCells, name: string): GoodnessOfFitResult {
  const pValue = chiSquareSf(statistic, cells.dof);
  return {
    statistic,
    pValue,
    rejected: pValue < cells.significance,
    significance: cells.significance,
    dof: cells.dof,
    observed: cells.observed,
    expected: cells.expected,
    groups: cells.groups,
    merged: cells.merged,
    method: `${name} (${cells.dof} dof${cells.merged ? '; cells with small expected counts merged' : ''})`,
  };
}

/**
 * Validates a contingency table (rows of equal length, counts ≥ 0), drops all-zero rows and
 * columns and returns the kept table with its expected counts under homogeneity rᵢcⱼ/N.
 * @throws InputError (ERR_INVALID_OPTION) on a ragged or negative table, or fewer than 2 non-empty
 *   rows or columns.
 */
export function prepareContingency(api: string, table: unknown): { table: number[][]; expected: number[][] } {
  const domain = 'an array of ≥ 2 rows of equal length ≥ 2 with counts ≥ 0';
  if (!Array.isArray(table) || table.length < 2) throw invalidOption(api, 'table', domain, table);
  const cols = (table[0] as unknown[])?.length;
  table.forEach((row, i) => {
    checkSamples(api, `table[${i}]`, row, { min: 0, minLength: 2 });
    if ((row as Samples).length !== cols)
      throw invalidOption(api, `table[${i}]`, `a row of length ${cols}`, `length ${(row as Samples).length}`);
  });
  const rows = table as Samples[];
  const keepCols: number[] = [];
  for (let j = 0; j < cols; j++) if (rows.some((r) => r[j] > 0)) keepCols.push(j);
  const kept = rows.map((r) => keepCols.map((j) => r[j])).filter((r) => r.some((v) => v > 0));
  if (kept.length < 2 || keepCols.length < 2)
    throw invalidOption(api, 'table', 'at least 2 non-empty rows and columns', table);
  const rowSums = kept.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = keepCols.map((_, j) => kept.reduce((a, r) => a + r[j], 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const expected = kept.map((_, i) => colSums.map((c) => (rowSums[i] * c) / total));
  return { table: kept, expected };
}

/**
 * Pearson chi-square test of homogeneity (or independence) of a contingency table, e.g. exit-basin
 * counts of several runs: X² = Σ (O − E)²/E with (r−1)(c−1) dof.
 * @throws InputError (ERR_INVALID_OPTION) as {@link prepareContingency}, or a bad significance.
 * @example chiSquareHomogeneityTest([[10, 20], [20, 10]]).pValue // 0.009823
 */
export function chiSquareHomogeneityTest(table: number[][], options?: { significance?: number }): HomogeneityResult {
  const api = 'chiSquareHomogeneityTest';
  const significance = checkSignificance(api, checkOptions<{ significance?: number }>(api, options).significance);
  const { table: t, expected } = prepareContingency(api, table);
  let x2 = 0;
  for (let i = 0; i < t.length; i++)
    for (let j = 0; j < t[i].length; j++) x2 += (t[i][j] - expected[i][j]) ** 2 / expected[i][j];
  return finishHomogeneity(x2, t, expected, significance, 'Pearson chi-square test of homogeneity');
}

/** Builds the result object of a homogeneity statistic (shared with the G-test). */
export function finishHomogeneity(
  statistic: number,
  table: number[][],
  expected: number[][],
  significance: number,
  name: string,
): HomogeneityResult {
  const dof = (table.length - 1) * (table[0].length - 1);
  const pValue = chiSquareSf(statistic, dof);
  const small = expected.flat().filter((e) => e < 5).length;
  return {
    statistic,
    pValue,
    rejected: pValue < significance,
    significance,
    dof,
    expected,
    smallExpectedCells: small,
    method: `${name} (${dof} dof${small ? `; ${small} cell(s) with expected count < 5, approximation rough` : ''})`,
  };
}
