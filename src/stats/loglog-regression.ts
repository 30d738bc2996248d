/**
 * Scaling exponents from log-log data: weighted least squares of log y on log x, local slopes
 * between neighbouring points, and a fit with a finite-size correction term.
 *
 * The variance of log y comes from the standard error of y by the delta method,
 * Var[log y] ≈ (se/y)², so the weights are wᵢ = (yᵢ/seᵢ)². This is how an exit-time order is read
 * off mean exit steps at several step sizes (THEORY.md: mean ∝ η^{−γ}, slope on log η = −γ).
 */
import { invalidOption } from '../core/errors.ts';
import { checkChoice, checkNumber } from '../core/guards.ts';
import { chiSquareSf, studentTQuantile } from './distributions.ts';
import { twoSidedZ } from './normal.ts';
import { checkConfidence, checkOptions, checkSamples, type Samples } from './validate.ts';

/** How the residual scale is treated. */
export type LogLogVariance = 'estimated' | 'known';

/** Options of {@link fitLogLog}. */
export interface LogLogOptions {
  /** Two-sided confidence level of the slope and intercept intervals. @default 0.95 */
  confidence?: number;
  /**
   * `'estimated'`: the weights are only relative; the residual variance s² = Σ w r²/(n−2) scales
   * the covariance and the interval uses Student t with n−2 degrees of freedom (needs n ≥ 3).
   * `'known'`: the weights are exact inverse variances; covariance (XᵀWX)⁻¹ and a normal (z)
   * interval (n ≥ 2); `fitPValue` then tests the linear model by the residual chi-square.
   * @default 'estimated'
   */
  variance?: LogLogVariance;
}

/** Result of {@link fitLogLog}. */
export interface LogLogResult {
  /** The fitted slope of log y on log x. */
  statistic: number;
  slope: number;
  intercept: number;
  slopeSe: number;
  interceptSe: number;
  /** Confidence interval of the slope. */
  ci: [number, number];
  interceptCi: [number, number];
  /** Degrees of freedom of the t interval (Infinity for the known-variance z interval). */
  dof: number;
  /** Σ wᵢ rᵢ² (a chi-square with n−2 dof when the variances are known and the model is right). */
  residualChiSquare: number;
  /** P(χ²_{n−2} > residualChiSquare): small values say the data are not a straight line. NaN if n = 2. */
  fitPValue: number;
  n: number;
  confidence: number;
  method: string;
}

/** One local slope, from {@link localSlopes}. */
export interface LocalSlope {
  /** Geometric midpoint √(x_i x_{i+1}) of the pair. */
  x: number;
  /** (log y_{i+1} − log y_i)/(log x_{i+1} − log x_i). */
  slope: number;
  /** Delta-method standard error √(v_i + v_{i+1})/|Δ log x|. */
  se: number;
  ci: [number, number];
}

/** Options of {@link fitLogLogWithCorrection}. */
export interface LogLogCorrectionOptions extends LogLogOptions {
  /** δ > 0, the known exponent of the correction term c·x^δ. */
  delta: number;
}

/** Result of {@link fitLogLogWithCorrection}. */
export interface LogLogCorrectionResult {
  /** γ of log y = a + γ log(1/x) + log(1 + c·x^δ). */
  statistic: number;
  gamma: number;
  /** Confidence interval of γ. */
  ci: [number, number];
  gammaSe: number;
  intercept: number;
  correction: number;
  correctionSe: number;
  delta: number;
  dof: number;
  residualChiSquare: number;
  /** P(χ²_{n−3} > residualChiSquare); NaN when n = 3. */
  fitPValue: number;
  /** False if Gauss–Newton did not converge in its iteration budget. */
  converged: boolean;
  n: number;
  confidence: number;
  method: string;
}

interface Prepared {
  lx: Float64Array;
  ly: Float64Array;
  w: Float64Array;
}

function prepare(api: string, xs: unknown, ys: unknown, ses: unknown, minLength: number): Prepared {
  const x = checkSamples(api, 'xs', xs, { min: 0, openMin: true, minLength });
  const y = checkSamples(api, 'ys', ys, { min: 0, openMin: true, minLength });
  if (y.length !== x.length)
    throw invalidOption(api, 'ys', `an array of the same length as xs (${x.length})`, `length ${y.length}`);
  const n = x.length;
  const lx = new Float64Array(n);
  const ly = new Float64Array(n);
  const w = new Float64Array(n);
  let se: Samples | undefined;
  if (ses !== undefined) {
    se = checkSamples(api, 'ses', ses, { min: 0, openMin: true, minLength });
    if (se.length !== n)
      throw invalidOption(api, 'ses', `an array of the same length as xs (${n})`, `length ${se.length}`);
  }
  for (let i = 0; i < n; i++) {
    lx[i] = Math.log(x[i]);
    ly[i] = Math.log(y[i]);
    w[i] = se ? (y[i] / se[i]) ** 2 : 1;
  }
  return { lx, ly, w };
}

const FIT_API = 'fitLogLog';

/**
 * Weighted least squares of log y on log x with a confidence interval for the slope.
 *
 * @param xs - abscissae > 0 (e.g. step sizes η).
 * @param ys - ordinates > 0 (e.g. mean exit steps).
 * @param ses - standard errors of ys (> 0); weights (y/se)². Omit for unweighted least squares.
 * @throws InputError (ERR_INVALID_OPTION) on non-positive or mismatched data, fewer than 3 points
 *   (2 with `variance: 'known'`), all xs equal, or bad options.
 * @example
 * fitLogLog([0.1, 0.05, 0.025], [10, 40, 160], [0.5, 2, 8], { variance: 'known' });
 * // { slope: -2, ci: [≈-2.10, ≈-1.90], method: 'Weighted least squares on log-log, known variances (z)' }
 */
export function fitLogLog(xs: Samples, ys: Samples, ses?: Samples, options?: LogLogOptions): LogLogResult {
  const opts = checkOptions<LogLogOptions>(FIT_API, options);
  const confidence = checkConfidence(FIT_API, opts.confidence);
  const variance = checkChoice(FIT_API, 'variance', opts.variance ?? 'estimated', ['estimated', 'known'] as const);
  const { lx, ly, w } = prepare(FIT_API, xs, ys, ses, variance === 'known' ? 2 : 3);
  const n = lx.length;
  let sw = 0;
  let swx = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i];
    swx += w[i] * lx[i];
    swy += w[i] * ly[i];
  }
  const mx = swx / sw;
  const my = swy / sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += w[i] * (lx[i] - mx) ** 2;
    sxy += w[i] * (lx[i] - mx) * (ly[i] - my);
  }
  if (!(sxx > 0))
    throw invalidOption(FIT_API, 'xs', 'at least two distinct values', Array.from(xs as ArrayLike<number>));
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += w[i] * (ly[i] - intercept - slope * lx[i]) ** 2;
  const residualDof = n - 2;
  const scale = variance === 'known' ? 1 : rss / residualDof;
  const slopeSe = Math.sqrt(scale / sxx);
  const interceptSe = Math.sqrt(scale * (1 / sw + (mx * mx) / sxx));
  const dof = variance === 'known' ? Infinity : residualDof;
  const q = critical(confidence, dof);
  return {
    statistic: slope,
    slope,
    intercept,
    slopeSe,
    interceptSe,
    ci: [slope - q * slopeSe, slope + q * slopeSe],
    interceptCi: [intercept - q * interceptSe, intercept + q * interceptSe],
    dof,
    residualChiSquare: rss,
    fitPValue: residualDof > 0 ? chiSquareSf(rss, residualDof) : NaN,
    n,
    confidence,
    method:
      variance === 'known'
        ? `${ses ? 'Weighted' : 'Unweighted'} least squares on log-log, known variances (z)`
        : `${ses ? 'Weighted' : 'Unweighted'} least squares on log-log, estimated scale (t, ${residualDof} dof)`,
  };
}

function critical(confidence: number, dof: number): number {
  return dof === Infinity ? twoSidedZ(confidence) : studentTQuantile(1 - (1 - confidence) / 2, dof);
}

/**
 * Slopes between adjacent points (sorted by x) with delta-method normal intervals; their trend
 * shows how the local order drifts towards its limit (finite-η bias, issue 4 item 5).
 *
 * @param xs - abscissae > 0, distinct.
 * @param ys - ordinates > 0.
 * @param ses - standard errors of ys, > 0 (Var[log y] ≈ (se/y)²; adjacent points independent).
 * @param options - `confidence` (default 0.95).
 * @throws InputError (ERR_INVALID_OPTION) on bad or mismatched data, fewer than 2 points, repeated xs.
 * @example
 * localSlopes([0.1, 0.05, 0.025], [10, 40, 160], [0.5, 2, 8]);
 * // [{ x: 0.0354, slope: -2, se: 0.102, ci: [...] }, { x: 0.0707, slope: -2, ... }]
 */
export function localSlopes(xs: Samples, ys: Samples, ses: Samples, options?: { confidence?: number }): LocalSlope[] {
  const api = 'localSlopes';
  const opts = checkOptions<{ confidence?: number }>(api, options);
  const confidence = checkConfidence(api, opts.confidence);
  if (ses === undefined) throw invalidOption(api, 'ses', 'an array of standard errors > 0', ses);
  const { lx, ly, w } = prepare(api, xs, ys, ses, 2);
  const order = Array.from({ length: lx.length }, (_, i) => i).sort((a, b) => lx[a] - lx[b]);
  const z = twoSidedZ(confidence);
  const out: LocalSlope[] = [];
  for (let k = 0; k + 1 < order.length; k++) {
    const i = order[k];
    const j = order[k + 1];
    const dx = lx[j] - lx[i];
    if (!(dx > 0)) throw invalidOption(api, 'xs', 'distinct values', Array.from(xs as ArrayLike<number>));
    const slope = (ly[j] - ly[i]) / dx;
    const se = Math.sqrt(1 / w[i] + 1 / w[j]) / dx;
    out.push({ x: Math.exp((lx[i] + lx[j]) / 2), slope, se, ci: [slope - z * se, slope + z * se] });
  }
  return out;
}

const CORR_API = 'fitLogLogWithCorrection';

/**
 * Fits log y = a + γ·log(1/x) + log(1 + c·x^δ) with δ given, by weighted Gauss–Newton (started
 * from the straight-line fit, step-halving to keep 1 + c·x^δ > 0 and the residual decreasing).
 * The interval of γ comes from the covariance (JᵀWJ)⁻¹, scaled by s² = RSS/(n−3) with a t(n−3)
 * critical value (`variance: 'estimated'`, needs n ≥ 4) or unscaled with z (`'known'`, n ≥ 3).
 * Why: the theorems are limits in η and the leading correction decays like a power of η, so a fit
 * that models it reads γ with less bias than the straight line (at the price of a wider interval).
 *
 * @throws InputError (ERR_INVALID_OPTION) on bad data, too few points, or δ not > 0.
 * @example
 * const xs = [0.2, 0.1, 0.05, 0.025, 0.0125];
 * const ys = xs.map((x) => 3 * x ** -1.5 * (1 + 2 * x ** 0.5));
 * fitLogLogWithCorrection(xs, ys, ys.map((y) => 0.01 * y), { delta: 0.5, variance: 'known' }).gamma; // 1.5
 */
export function fitLogLogWithCorrection(
  xs: Samples,
  ys: Samples,
  ses: Samples | undefined,
  options: LogLogCorrectionOptions,
): LogLogCorrectionResult {
  const opts = checkOptions<LogLogCorrectionOptions>(CORR_API, options);
  const confidence = checkConfidence(CORR_API, opts.confidence);
  const variance = checkChoice(CORR_API, 'variance', opts.variance ?? 'estimated', ['estimated', 'known'] as const);
  const delta = checkNumber(CORR_API, 'delta', opts.delta, { min: 0, openMin: true });
  const { lx, ly, w } = prepare(CORR_API, xs, ys, ses, variance === 'known' ? 3 : 4);
  const n = lx.length;
  const xd = new Float64Array(n);
  for (let i = 0; i < n; i++) xd[i] = Math.exp(delta * lx[i]);

  // Parameters p = (a, g, c), started from the straight line (c = 0).
  const line = fitLogLog(xs, ys, ses, { variance: 'known' });
  const data: CorrectionData = { lx, ly, w, xd };
  const { p, rss, converged } = gaussNewton(data, [line.intercept, -line.slope, 0]);
  const cov = invert3(normalEquations(data, p).jtj);
  const residualDof = n - 3;
  const scale = variance === 'known' ? 1 : rss / residualDof;
  const gammaSe = cov ? Math.sqrt(scale * cov[1][1]) : NaN;
  const correctionSe = cov ? Math.sqrt(scale * cov[2][2]) : NaN;
  const dof = variance === 'known' ? Infinity : residualDof;
  const q = critical(confidence, dof);
  return {
    statistic: p[1],
    gamma: p[1],
    ci: [p[1] - q * gammaSe, p[1] + q * gammaSe],
    gammaSe,
    intercept: p[0],
    correction: p[2],
    correctionSe,
    delta,
    dof,
    residualChiSquare: rss,
    fitPValue: residualDof > 0 ? chiSquareSf(rss, residualDof) : NaN,
    converged,
    n,
    confidence,
    method: `Weighted Gauss-Newton fit of log y = a + gamma log(1/x) + log(1 + c x^${delta}), ${
      variance === 'known' ? 'known variances (z)' : `estimated scale (t, ${residualDof} dof)`
    }`,
  };
}

/** Log data of the corrected fit: log x, log y, weights, and x^δ. */
interface CorrectionData {
  readonly lx: Float64Array | number[];
  readonly ly: Float64Array | number[];
  readonly w: Float64Array | number[];
  readonly xd: Float64Array;
}

/** Weighted residual sum of squares of m = a − g·log x + log(1 + c·x^δ) at p = (a, g, c); ∞ off-domain. */
function correctionRss({ lx, ly, w, xd }: CorrectionData, q: readonly number[]): number {
  let r = 0;
  for (let i = 0; i < lx.length; i++) {
    const u = 1 + q[2] * xd[i];
    if (!(u > 0)) return Infinity;
    r += w[i] * (ly[i] - q[0] + q[1] * lx[i] - Math.log(u)) ** 2;
  }
  return r;
}

/** JᵀWJ and JᵀWr of the corrected model at p (J the Jacobian of m in (a, g, c)). */
function normalEquations({ lx, ly, w, xd }: CorrectionData, q: readonly number[]): { jtj: number[][]; jtr: number[] } {
  const jtj = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const jtr = [0, 0, 0];
  for (let i = 0; i < lx.length; i++) {
    const u = 1 + q[2] * xd[i];
    const r = ly[i] - q[0] + q[1] * lx[i] - Math.log(u);
    const jac = [1, -lx[i], xd[i] / u];
    for (let a = 0; a < 3; a++) {
      jtr[a] += w[i] * jac[a] * r;
      for (let b = 0; b < 3; b++) jtj[a][b] += w[i] * jac[a] * jac[b];
    }
  }
  return { jtj, jtr };
}

/**
 * Weighted Gauss–Newton from `start`, halving the step (≤ 40 times) until the RSS does not grow and
 * 1 + c·x^δ stays > 0; at most 200 iterations.
 */
function gaussNewton(data: CorrectionData, start: number[]): { p: number[]; rss: number; converged: boolean } {
  let p = start;
  let rss = correctionRss(data, p);
  let converged = false;
  for (let iter = 0; iter < 200 && !converged; iter++) {
    const { jtj, jtr } = normalEquations(data, p);
    const step = solve3(jtj, jtr);
    if (!step) break;
    let t = 1;
    let accepted = false;
    for (let h = 0; h < 40; h++, t /= 2) {
      const trial = [p[0] + t * step[0], p[1] + t * step[1], p[2] + t * step[2]];
      const r = correctionRss(data, trial);
      if (r <= rss) {
        p = trial;
        accepted = true;
        // Converged when the step no longer moves the parameters (relative 1e-10).
        converged = Math.max(...step.map((v, k) => Math.abs(t * v) / (1 + Math.abs(p[k])))) < 1e-10;
        rss = r;
        break;
      }
    }
    if (!accepted) {
      converged = true; // no descent direction left at machine precision: a stationary point
    }
  }
  return { p, rss, converged };
}

/** Solves the 3×3 system A s = b by Cramer's rule; undefined when A is singular. */
function solve3(a: number[][], b: number[]): number[] | undefined {
  const inv = invert3(a);
  if (!inv) return undefined;
  return [0, 1, 2].map((i) => inv[i][0] * b[0] + inv[i][1] * b[1] + inv[i][2] * b[2]);
}

/** Inverse of a symmetric 3×3 matrix by cofactors; undefined when (numerically) singular. */
function invert3(m: number[][]): number[][] | undefined {
  const [[a, b, c], [d, e, f], [g, h, k]] = m;
  const A = e * k - f * h;
  const B = -(d * k - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const norm = Math.abs(a) * Math.abs(e) * Math.abs(k) + 1e-300;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-14 * norm) return undefined;
  return [
    [A / det, -(b * k - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * k - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}
