/**
 * The one number formatter of the project: titles, tables, plot labels, CLI summaries. Every
 * caller used to carry its own `fmt` (svg axis ticks, the summary table, `htsgd theory`,
 * `htsgd simulate`, the audit's messages) and three copies formatted the truncation b; they differed
 * only in digits and in how they print non-finite values, which are now options here, so each
 * output keeps its exact former strings (tests pin them).
 */

/** How `formatNumber` prints a number. */
export interface NumberFormat {
  /**
   * Significant digits in fixed notation (trailing zeros dropped: 0.5, not 0.5000).
   * @default 4
   */
  readonly digits?: number;
  /**
   * Significant digits in exponential notation, used when |x| ≥ 1e5 or 0 < |x| < 1e-3
   * (`false`: never switch to exponential notation).
   * @default 3
   */
  readonly exponentDigits?: number | false;
  /**
   * Drop the `+` of positive exponents (`1e5` instead of `1e+5`), for plot ticks.
   * @default false
   */
  readonly compactExponent?: boolean;
  /**
   * Non-finite values: `'symbol'` prints ∞, −∞ and — (NaN); `'js'` prints Infinity, -Infinity, NaN.
   * @default 'symbol'
   */
  readonly nonFinite?: 'symbol' | 'js';
}

/** `String(Number(x.toPrecision(digits)))`: `digits` significant digits, trailing zeros dropped. */
export function formatSignificant(x: number, digits: number): string {
  return String(Number(x.toPrecision(digits)));
}

/**
 * A number for people: `digits` significant digits, exponential notation outside [1e-3, 1e5).
 * @param x - any number (non-finite values print per `format.nonFinite`).
 * @param format - digits and notation; the defaults are those of the verify summary table.
 * @example formatNumber(0.123456) // '0.1235'
 * @example formatNumber(123456) // '1.23e+5'
 * @example formatNumber(123456, { digits: 3, exponentDigits: 1, compactExponent: true }) // '1e5'
 */
export function formatNumber(x: number, format: NumberFormat = {}): string {
  const { digits = 4, exponentDigits = 3, compactExponent = false, nonFinite = 'symbol' } = format;
  if (!Number.isFinite(x)) {
    if (nonFinite === 'js') return String(x);
    return Number.isNaN(x) ? '—' : x > 0 ? '∞' : '−∞';
  }
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (exponentDigits !== false && (a >= 1e5 || a < 1e-3)) {
    const s = x.toExponential(exponentDigits - 1);
    return compactExponent ? s.replace('e+', 'e') : s;
  }
  return formatSignificant(x, digits);
}

/**
 * The truncation b for titles and tables: the number as typed, or `infinite` (default ∞) when there
 * is no clipping (b = Infinity, or `null` as hypotheses and JSON spell it).
 * @example formatTruncation(0.5) // '0.5'
 * @example formatTruncation(Infinity) // '∞'
 * @example formatTruncation(null, 'none') // 'none'
 */
export function formatTruncation(b: number | null, infinite = '∞'): string {
  return b === null || b === Infinity ? infinite : String(b);
}
