/**
 * Extrapolation of finite-η values Q(η) to η → 0, with an error bar (issue 13, must-have 4).
 * Pure functions of the oracle's values: no solver, no randomness.
 *
 * Model. Q(η) = Q₀ + a₁ s + a₂ s² with s = η^κ. The default κ = 1 − 1/α (α < 2) is the working
 * hypothesis of THEORY.md §5: between the l* large jumps the many moderate noises move the path by
 * about η·(1/η)^{1/α} = η^{1−1/α} per unit of flow time, which shifts where the jumps must land. For
 * α ≥ 2 the moderate noises have finite variance, their sum over 1/η steps scales like (1/η)^{1/2}
 * (central limit) instead of (1/η)^{1/α}, so the same argument gives κ = 1/2 (α = 2 itself carries a
 * log factor and is flagged). Gaussian noise has no power-law limit at all (the mean grows like
 * exp(c/η)), so there is nothing of this form to extrapolate: it is refused. κ is also fitted freely
 * ({@link fitKappa}) so the hypothesis is tested, not assumed.
 *
 * Error of Q₀. Three parts, combined in quadrature:
 *   - data: the oracle's error bars are discretisation bounds, and discretisation errors at
 *     neighbouring η are correlated (same grid, same sign), so they are propagated as fully
 *     correlated worst case: Σ_i |c_i|·e_i with c the weights of Q₀ in the linear fit;
 *   - residuals: if the fit misses the points by more than their bars (reduced χ² > 1), the
 *     statistical error of Q₀ is scaled up by √χ²_ν (Birge ratio);
 *   - model: |Q₀(two terms) − Q₀(one term)|, the spread between the two truncations of the series;
 *   - shift (opt-in, {@link ExtrapolateOptions.shift}): |Q₀ − Q₀ without the largest-η point|, the
 *     Romberg-table test of the asymptotic regime. Inside it the series' next term moves Q₀ by far less
 *     than the error when one point is dropped; a window that still holds a pre-asymptotic turn (a
 *     ratio that dips and recovers, as on flat l* = 2 wells with α ≤ 1.3: `npm run measure:limit-window`)
 *     moves Q₀ by about its own bias, so the bias enters e instead of a false rejection.
 */

/** One finite-η value with its error bar (an error ≤ 0 is replaced by a tiny floor). */
export interface LimitPoint {
  stepSize: number;
  value: number;
  error: number;
}

/** Result of one linear fit Q = Q₀ + Σ_k a_k s^k. */
export interface SeriesFit {
  terms: number;
  /** Q₀, a₁, … */
  coefficients: number[];
  /** Q₀'s error from the points' bars, fully correlated worst case Σ|c_i| e_i. */
  dataError: number;
  /** Q₀'s statistical standard error from the bars (uncorrelated). */
  standardError: number;
  /** χ² of the fit with the bars as standard deviations. */
  chiSquare: number;
  dof: number;
}

/** Options of {@link extrapolateLimit} and {@link extrapolateOrder}. */
export interface ExtrapolateOptions {
  /**
   * Add the window-shift part to the error (module note). It needs 5 points left after the drop for a
   * limit, 6 for an order (two-term fits with a degree of freedom); below that it is 0. @default false
   */
  shift?: boolean;
  /**
   * Smallest error credited to a point: error ≥ max(absolute, relative·|value|) for a limit, relative
   * error ≥ relative for an order. An oracle's Richardson bar is a difference of two extrapolants and
   * can vanish by cancellation (theorem1-limit.ts RELATIVE_ERROR_FLOOR). @default none
   */
  errorFloor?: { readonly relative?: number; readonly absolute?: number };
}

/** The extrapolated limit. */
export interface LimitEstimate {
  /** Q₀ (two-term fit when there are ≥ 4 points, else one-term). */
  value: number;
  /** Combined error (data ⊕ residuals ⊕ model ⊕ shift). */
  error: number;
  /** The parts of `error` (shift is 0 unless asked for). */
  errorParts: { data: number; residual: number; model: number; shift: number };
  kappa: number;
  fits: SeriesFit[];
}

const FLOOR = 1e-12;

/** Solves the small symmetric system M x = v (Gaussian elimination with partial pivoting). */
function solveSmall(m: number[][], v: number[]): number[] | null {
  const n = v.length;
  const a = m.map((r, i) => [...r, v[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    if (!(Math.abs(a[p][k]) > 0)) return null;
    [a[k], a[p]] = [a[p], a[k]];
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j <= n; j++) a[i][j] -= f * a[k][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i][n];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * x[j];
    x[i] = s / a[i][i];
  }
  return x;
}

/** A weighted linear fit y ≈ X β, reported for one coefficient β_target. */
interface LinearFit {
  beta: number[];
  /** Σ_i |c_i| sd_i with c = ∂β_target/∂y (fully correlated worst case). */
  dataError: number;
  /** √((XᵀWX)⁻¹)_{tt}: the uncorrelated standard error of β_target. */
  standardError: number;
  chiSquare: number;
  dof: number;
}

function fitLinear(rows: number[][], y: readonly number[], sd: readonly number[], target: number): LinearFit | null {
  const p = rows[0].length;
  const n = rows.length;
  if (n < p) return null;
  const w = sd.map((e) => 1 / (e * e));
  const m = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => rows.reduce((s, r, t) => s + w[t] * r[i] * r[j], 0)),
  );
  const inv: number[][] = [];
  for (let i = 0; i < p; i++) {
    const col = solveSmall(
      m,
      Array.from({ length: p }, (_, j) => (j === i ? 1 : 0)),
    );
    if (!col || !col.every(Number.isFinite)) return null;
    inv.push(col);
  }
  const coef = (i: number) => rows.map((r, t) => w[t] * r.reduce((s, v, j) => s + inv[i][j] * v, 0));
  const beta = Array.from({ length: p }, (_, i) => coef(i).reduce((s, c, t) => s + c * y[t], 0));
  let chi = 0;
  rows.forEach((r, t) => {
    const fit = r.reduce((s, v, j) => s + beta[j] * v, 0);
    chi += ((y[t] - fit) / sd[t]) ** 2;
  });
  return {
    beta,
    dataError: coef(target).reduce((s, c, t) => s + Math.abs(c) * sd[t], 0),
    standardError: Math.sqrt(Math.max(0, inv[target][target])),
    chiSquare: chi,
    dof: n - p,
  };
}

/**
 * Weighted least squares of Q = Q₀ + Σ_{k=1..terms} a_k s^k with s = η^κ.
 * @returns the fit, or null when it is not determined (fewer points than parameters).
 */
export function fitSeries(points: readonly LimitPoint[], kappa: number, terms: number): SeriesFit | null {
  const p = terms + 1;
  if (points.length < p) return null;
  const sMax = Math.max(...points.map((q) => Math.pow(q.stepSize, kappa)));
  // Scaled abscissa u = s/sMax ∈ (0, 1] keeps the normal equations well conditioned.
  const rows = points.map((q) => {
    const u = Math.pow(q.stepSize, kappa) / sMax;
    return Array.from({ length: p }, (_, k) => Math.pow(u, k));
  });
  const scale = Math.max(...points.map((q) => Math.abs(q.value)), FLOOR);
  const sd = points.map((q) => Math.max(q.error, FLOOR * scale));
  const f = fitLinear(
    rows,
    points.map((q) => q.value),
    sd,
    0,
  );
  if (!f) return null;
  return {
    terms,
    coefficients: f.beta.map((b, k) => b / Math.pow(sMax, k)),
    dataError: f.dataError,
    standardError: f.standardError,
    chiSquare: f.chiSquare,
    dof: f.dof,
  };
}

/**
 * The order γ of Q(η) ≈ C η^{−γ}(1 + a₁s + a₂s²), s = η^κ, fitted directly on log Q:
 * log Q = log C − γ log η + b₁s + b₂s² (linear in log C, γ, b₁, b₂; one and two correction terms, the
 * value from the two-term fit, errors as in {@link extrapolateLimit}, each point's relative error
 * taken as its error on log Q). Fitting log Q once uses every point once, where extrapolating local
 * slopes would count each point's error twice.
 * @param points step sizes with log Q and the relative error of Q.
 */
export function extrapolateOrder(
  points: ReadonlyArray<{ stepSize: number; logValue: number; relativeError: number }>,
  kappa: number,
  options: ExtrapolateOptions = {},
): LimitEstimate {
  if (points.length < 4 || !(kappa > 0)) throw new RangeError('extrapolateOrder: needs ≥ 4 points and κ > 0');
  const floor = options.errorFloor?.relative;
  if (floor !== undefined) points = points.map((q) => ({ ...q, relativeError: Math.max(q.relativeError, floor) }));
  const sMax = Math.max(...points.map((q) => Math.pow(q.stepSize, kappa)));
  const lMean = points.reduce((s, q) => s + Math.log(q.stepSize), 0) / points.length;
  const rowsOf = (terms: number) =>
    points.map((q) => {
      const u = Math.pow(q.stepSize, kappa) / sMax;
      return [1, -(Math.log(q.stepSize) - lMean), ...Array.from({ length: terms }, (_, k) => Math.pow(u, k + 1))];
    });
  const y = points.map((q) => q.logValue);
  const sd = points.map((q) => Math.max(Math.log1p(q.relativeError), FLOOR));
  const one = fitLinear(rowsOf(1), y, sd, 1);
  if (!one) return undetermined(kappa);
  const two = points.length >= 5 ? fitLinear(rowsOf(2), y, sd, 1) : null;
  const main = two ?? one;
  const birge = main.dof > 0 ? Math.sqrt(Math.max(0, main.chiSquare / main.dof - 1)) : 0;
  const residual = birge * main.standardError;
  const model = two ? Math.abs(two.beta[1] - one.beta[1]) : 0;
  const asSeries = (f: LinearFit, terms: number): SeriesFit => ({
    terms,
    coefficients: [f.beta[1]],
    dataError: f.dataError,
    standardError: f.standardError,
    chiSquare: f.chiSquare,
    dof: f.dof,
  });
  const shift = options.shift ? windowShift(points, main.beta[1], (rest) => extrapolateOrder(rest, kappa).value, 6) : 0;
  return {
    value: main.beta[1],
    error: Math.hypot(main.dataError, residual, model, shift),
    errorParts: { data: main.dataError, residual, model, shift },
    kappa,
    fits: two ? [asSeries(one, 1), asSeries(two, 2)] : [asSeries(one, 1)],
  };
}

/** A limit the points do not determine (a singular fit: non-finite values or bars): NaN ± ∞, never a throw. */
function undetermined(kappa: number): LimitEstimate {
  return {
    value: NaN,
    error: Infinity,
    errorParts: { data: Infinity, residual: 0, model: 0, shift: 0 },
    kappa,
    fits: [],
  };
}

/**
 * |Q₀ − Q₀ refitted without the largest-η point| (the module note's shift part), or 0 when fewer than
 * `minRest` points would remain (the refit would not have the two-term series' degrees of freedom).
 */
function windowShift<P extends { stepSize: number }>(
  points: readonly P[],
  value: number,
  refit: (rest: P[]) => number,
  minRest: number,
): number {
  if (points.length - 1 < minRest) return 0;
  const largest = Math.max(...points.map((q) => q.stepSize));
  const rest = points.filter((q) => q.stepSize !== largest);
  const v = refit(rest);
  return Number.isFinite(v) ? Math.abs(value - v) : Infinity;
}

/**
 * The default κ of the correction series for a tail index (see the module note).
 * @param tailIndex α > 1, or null for Gaussian noise.
 * @returns 1 − 1/α for α < 2, 1/2 for α ≥ 2; null for Gaussian noise (no power-law limit: refuse).
 */
export function defaultKappa(tailIndex: number | null): number | null {
  if (tailIndex === null) return null;
  return tailIndex < 2 ? 1 - 1 / tailIndex : 0.5;
}

/**
 * Extrapolates Q(η) to η → 0 (see the module note for the model and the error).
 * @param points ≥ 3 values (≥ 5 decades of η recommended).
 * @param kappa the exponent of s = η^κ, > 0.
 * @throws RangeError when there are fewer than 3 points or κ ≤ 0 (a programming error: callers validate).
 */
export function extrapolateLimit(
  points: readonly LimitPoint[],
  kappa: number,
  options: ExtrapolateOptions = {},
): LimitEstimate {
  if (points.length < 3 || !(kappa > 0)) throw new RangeError('extrapolateLimit: needs ≥ 3 points and κ > 0');
  const floor = options.errorFloor;
  if (floor)
    points = points.map((q) => ({
      ...q,
      error: Math.max(q.error, floor.absolute ?? 0, (floor.relative ?? 0) * Math.abs(q.value)),
    }));
  const one = fitSeries(points, kappa, 1);
  if (!one) return undetermined(kappa);
  const two = points.length >= 4 ? fitSeries(points, kappa, 2) : null;
  const main = two ?? one;
  const birge = main.dof > 0 ? Math.sqrt(Math.max(0, main.chiSquare / main.dof - 1)) : 0;
  const residual = birge * main.standardError;
  const model = two ? Math.abs(two.coefficients[0] - one.coefficients[0]) : 0;
  const data = main.dataError;
  const value = main.coefficients[0];
  const shift = options.shift ? windowShift(points, value, (rest) => extrapolateLimit(rest, kappa).value, 5) : 0;
  return {
    value,
    error: Math.hypot(data, residual, model, shift),
    errorParts: { data, residual, model, shift },
    kappa,
    fits: two ? [one, two] : [one],
  };
}

/**
 * Extrapolates Q(η) = Q₀ + Σ_k a_k η^{p_k} to η → 0 with the error model of {@link extrapolateLimit},
 * one order up when more powers are given: the value is the fit with every power, the model part is
 * |Q₀(all powers) − Q₀(all but the last)|, and data, Birge residual and optional window shift are as
 * there. For a correction series whose powers are known but are not multiples of one κ: e.g.
 * η·log(η E σ) under Gaussian noise, S + a₁η + a₂η^{3/2} + a₃η² (src/experiments/theorem1/gaussian-exponential.ts).
 * @param powers 0 < p₁ < p₂ < …, at least two.
 * @throws RangeError when the powers are not increasing and positive, or there are fewer points than
 * the full fit's parameters plus one.
 */
export function extrapolateSeries(
  points: readonly LimitPoint[],
  powers: readonly number[],
  options: ExtrapolateOptions = {},
): LimitEstimate {
  const increasing = powers.length >= 2 && powers.every((p, k) => p > (k === 0 ? 0 : powers[k - 1]));
  if (!increasing || points.length < powers.length + 2)
    throw new RangeError('extrapolateSeries: needs increasing powers > 0 and more points than parameters');
  const etaMax = Math.max(...points.map((q) => q.stepSize));
  const scale = Math.max(...points.map((q) => Math.abs(q.value)), FLOOR);
  const sd = points.map((q) => Math.max(q.error, FLOOR * scale));
  const y = points.map((q) => q.value);
  // Scaled abscissa η/η_max ∈ (0, 1], as in fitSeries.
  const rowsOf = (ps: readonly number[]) => points.map((q) => [1, ...ps.map((p) => Math.pow(q.stepSize / etaMax, p))]);
  const asSeries = (f: LinearFit, ps: readonly number[]): SeriesFit => ({
    terms: ps.length,
    coefficients: f.beta.map((b, k) => (k === 0 ? b : b / Math.pow(etaMax, ps[k - 1]))),
    dataError: f.dataError,
    standardError: f.standardError,
    chiSquare: f.chiSquare,
    dof: f.dof,
  });
  const shorter = powers.slice(0, -1);
  const lower = fitLinear(rowsOf(shorter), y, sd, 0);
  const main = fitLinear(rowsOf(powers), y, sd, 0);
  if (!lower || !main) return undetermined(powers[0]);
  const birge = main.dof > 0 ? Math.sqrt(Math.max(0, main.chiSquare / main.dof - 1)) : 0;
  const residual = birge * main.standardError;
  const model = Math.abs(main.beta[0] - lower.beta[0]);
  const data = main.dataError;
  const value = main.beta[0];
  const shift = options.shift
    ? windowShift(points, value, (rest) => extrapolateSeries(rest, powers).value, powers.length + 2)
    : 0;
  return {
    value,
    error: Math.hypot(data, residual, model, shift),
    errorParts: { data, residual, model, shift },
    kappa: powers[0],
    fits: [asSeries(lower, shorter), asSeries(main, powers)],
  };
}

/** κ fitted freely: the best value and a profile confidence interval. */
export interface KappaFit {
  value: number;
  /** Profile interval {κ : χ²(κ) − χ²_min ≤ Δ·max(1, χ²_min/ν)}, clipped to the search range. */
  ci: [number, number];
  /** Q₀ at the best κ. */
  limit: number;
}

/**
 * Fits κ in Q = Q₀ + a s, s = η^κ (one correction term: with a second term κ and a₂ trade off and
 * are not identified by ~6 points) by profiling χ² over κ ∈ [range].
 * @param delta χ² rise that bounds the interval: 3.84 for 95%. @default 3.84
 */
export function fitKappa(
  points: readonly LimitPoint[],
  range: [number, number] = [0.02, 2],
  delta = 3.84,
): KappaFit | null {
  if (points.length < 4) return null;
  const grid: Array<{ k: number; chi: number; q0: number }> = [];
  const steps = 400;
  for (let i = 0; i <= steps; i++) {
    const k = range[0] * Math.pow(range[1] / range[0], i / steps);
    const f = fitSeries(points, k, 1);
    if (f) grid.push({ k, chi: f.chiSquare, q0: f.coefficients[0] });
  }
  if (grid.length === 0) return null;
  let best = grid[0];
  for (const g of grid) if (g.chi < best.chi) best = g;
  const dof = points.length - 3;
  const cut = best.chi + delta * Math.max(1, dof > 0 ? best.chi / dof : 1);
  let lo = grid.indexOf(best);
  let hi = lo;
  while (lo > 0 && grid[lo - 1].chi <= cut) lo--;
  while (hi < grid.length - 1 && grid[hi + 1].chi <= cut) hi++;
  // Where χ² crosses the cut between grid points, by linear interpolation (the grid is coarse).
  const cross = (a: { k: number; chi: number }, b: { k: number; chi: number }) =>
    a.k + ((cut - a.chi) / (b.chi - a.chi)) * (b.k - a.k);
  const left = lo > 0 ? cross(grid[lo], grid[lo - 1]) : grid[0].k;
  const right = hi < grid.length - 1 ? cross(grid[hi], grid[hi + 1]) : grid[grid.length - 1].k;
  return { value: best.k, ci: [left, right], limit: best.q0 };
}

/**
 * Local log-log slopes −Δ log Q/Δ log η between neighbouring points, at the geometric mid step sizes,
 * with worst-case errors (e_i/Q_i + e_{i+1}/Q_{i+1})/|Δ log η|. Extrapolated by
 * {@link extrapolateLimit}, they give the order γ of a power law Q ≈ C η^{−γ}(1 + O(η^κ)).
 * @param points positive values (`logValue` optional: used instead of log value when given, for means past 1e308).
 */
export function localSlopes(
  points: ReadonlyArray<LimitPoint & { logValue?: number; relativeError?: number }>,
): LimitPoint[] {
  const sorted = [...points].sort((a, b) => b.stepSize - a.stepSize);
  const out: LimitPoint[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i];
    const b = sorted[i + 1];
    const la = a.logValue ?? Math.log(a.value);
    const lb = b.logValue ?? Math.log(b.value);
    const dl = Math.log(a.stepSize) - Math.log(b.stepSize);
    const ra = a.relativeError ?? a.error / a.value;
    const rb = b.relativeError ?? b.error / b.value;
    out.push({ stepSize: Math.sqrt(a.stepSize * b.stepSize), value: (lb - la) / dl, error: (ra + rb) / dl });
  }
  return out;
}
