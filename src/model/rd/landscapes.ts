/**
 * Landscapes in R^d (issue 16). Each knows its gradient, minimiser sets, saddles where known,
 * basins and radii r_k (distance from minimiser set k to the outside of its basin, within the ball):
 *
 * - `separableLandscape`: f(x) = Σ f_i(x_i) of 1-D landscapes (src/model); basins are products of
 *   1-D basins, exactly; r = min_i r_i. With noise along one axis it is the 1-D chain (a test).
 * - `wellLandscape`: anisotropic quadratic or quartic well f = Σ a_i x_i^p/p with an elliptic exit
 *   domain (basin 1 = the ellipse, 0 = outside): contractive, a(x)·x ≤ 0, so J_b = ⌈r/b⌉.
 * - `hookValleyLandscape`: a valley that leaves the minimum, turns on a half circle and comes back
 *   (a C shape); its flow carries points outward in norm before bringing them in, so J_b < ⌈r/b⌉.
 * - `gaussianWellsLandscape`: f = κ|x|²/2 − Σ a_k exp(−|x − c_k|²/(2s_k²)): a random family whose
 *   geometry is set by centres, depths and widths (basins by the flow on a grid).
 * - `himmelblauVariant`: see himmelblau.ts.
 * - `userLandscape`: a module exporting `gradient(x, out)` (basins by the flow on a grid).
 */
import { InputError, invalidOption } from '../../core/errors.ts';
import { importUserModule } from '../../core/user-module.ts';
import { checkNumber } from '../../core/guards.ts';
import type { Landscape } from '../types.ts';
import { basinRadii } from '../landscapes.ts';
import { computeBasinGrid, gridBasinOf, type BasinGrid } from './grid-basins.ts';
import { norm, type LandscapeRd, type MinimiserSet } from './types.ts';

function invalidLandscape(api: string, name: string, expected: string, got: unknown, fix?: string): InputError {
  return invalidOption(api, name, expected, got, fix, 'ERR_INVALID_LANDSCAPE');
}

function intervalIndex(saddles: readonly number[], x: number): number {
  let k = 0;
  while (k < saddles.length && x >= saddles[k]) k++;
  return k;
}

/**
 * f(x) = Σ f_i(x_i). Basin of the minimum (m_{k_1}, …, m_{k_d}) is Ω_{k_1} × … × Ω_{k_d}, numbered
 * lexicographically with the first coordinate fastest (basin = 1 + Σ (k_i − 1)·Π_{j<i} n_j).
 * r = min_i r_{k_i} (1-D radii; a box side counts as uncrossable, as in 1-D).
 * @param ball L of the R^d chain; @default the largest 1-D box (then on an axis the ball is the 1-D box).
 */
export function separableLandscape(parts: readonly Landscape[], ball?: number): LandscapeRd {
  const api = 'separableLandscape';
  if (parts.length < 1) throw invalidLandscape(api, 'parts', 'at least one 1-D landscape', parts);
  const d = parts.length;
  const L =
    ball === undefined
      ? Math.max(...parts.map((p) => p.box))
      : checkNumber(api, 'ball', ball, { min: 0, openMin: true });
  const counts = parts.map((p) => p.minima.length);
  const radii1 = parts.map((p) => basinRadii(p));
  const minima: MinimiserSet[] = [];
  const radii: number[] = [];
  const total = counts.reduce((a, b) => a * b, 1);
  for (let b = 0; b < total; b++) {
    let rest = b;
    const point = new Float64Array(d);
    let r = Infinity;
    for (let i = 0; i < d; i++) {
      const k = rest % counts[i];
      rest = Math.floor(rest / counts[i]);
      point[i] = parts[i].minima[k];
      r = Math.min(r, radii1[i][k]);
    }
    minima.push({ point });
    radii.push(r);
  }
  const saddles: Float64Array[] = [];
  minima.forEach((m) => {
    for (let i = 0; i < d; i++) {
      for (const s of parts[i].saddles) {
        if (s > m.point[i] && parts[i].minima.every((mm) => !(mm > m.point[i] && mm < s))) {
          const p = Float64Array.from(m.point);
          p[i] = s;
          saddles.push(p);
        }
      }
    }
  });
  return {
    name: `separable(${parts.map((p) => p.name).join(', ')})`,
    dimension: d,
    ball: L,
    value: (x) => parts.reduce((s, p, i) => s + p.value(x[i]), 0),
    gradient: (x, out) => {
      for (let i = 0; i < d; i++) out[i] = parts[i].gradient(x[i]);
    },
    minima,
    saddles,
    basinOf: (x) => {
      let b = 0;
      let stride = 1;
      for (let i = 0; i < d; i++) {
        b += intervalIndex(parts[i].saddles, x[i]) * stride;
        stride *= counts[i];
      }
      return b + 1;
    },
    basinRadii: radii,
    geometryError: 0,
  };
}

/** Options of an anisotropic well with an elliptic exit domain. */
export interface WellOptions {
  /** a_i > 0 per axis (its length sets the dimension). */
  curvature: number[];
  /** p: 2 (quadratic) or 4 (quartic). @default 2 */
  power?: 2 | 4;
  /** Semi-axes R_i of the exit domain {Σ (x_i/R_i)² < 1}. */
  domain: number[];
  /** L. @default 1.5·max R_i */
  ball?: number;
}

/**
 * f(x) = Σ a_i x_i^p / p, minimum at 0, basin 1 = the open ellipse with semi-axes R_i, basin 0 =
 * outside (the exit region). r = min R_i (exact). Contractive: −∇f(x)·x = −Σ a_i x_i^p ≤ 0.
 */
export function wellLandscape(options: WellOptions): LandscapeRd {
  const api = 'wellLandscape';
  const a = options.curvature;
  const R = options.domain;
  const p = options.power ?? 2;
  if (!Array.isArray(a) || a.length < 1 || a.some((v) => !(v > 0 && Number.isFinite(v))))
    throw invalidLandscape(api, 'curvature', 'an array of positive numbers', a);
  if (!Array.isArray(R) || R.length !== a.length || R.some((v) => !(v > 0 && Number.isFinite(v))))
    throw invalidLandscape(api, 'domain', `${a.length} positive semi-axes`, R);
  if (p !== 2 && p !== 4) throw invalidLandscape(api, 'power', '2 or 4', p);
  const d = a.length;
  const L = options.ball ?? 1.5 * Math.max(...R);
  if (!(L > Math.max(...R)))
    throw invalidLandscape(api, 'ball', `a radius larger than the domain's largest semi-axis ${Math.max(...R)}`, L);
  return {
    name: `${p === 2 ? 'quadratic' : 'quartic'}-well(${a.join(',')}; ${R.join(',')})`,
    dimension: d,
    ball: L,
    value: (x) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += (a[i] * x[i] ** p) / p;
      return s;
    },
    gradient:
      p === 2
        ? (x, out) => {
            for (let i = 0; i < d; i++) out[i] = a[i] * x[i];
          }
        : (x, out) => {
            for (let i = 0; i < d; i++) out[i] = a[i] * x[i] * x[i] * x[i];
          },
    minima: [{ point: new Float64Array(d) }],
    saddles: [],
    basinOf: (x) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += (x[i] / R[i]) ** 2;
      return s < 1 ? 1 : 0;
    },
    basinRadii: [Math.min(...R)],
    geometryError: 0,
    closedForm: { kind: 'well', power: p, curvature: [...a], domain: [...R] },
  };
}

/** Options of the hook valley (defaults: the pinned J_b < ⌈r/b⌉ example, b = 1.25). */
export interface HookValleyOptions {
  /** Length a of the first straight part, from the minimum along +x. @default 1 */
  reach?: number;
  /** Radius ρ of the half circle (the valley comes back at height 2ρ). @default 0.6 */
  turn?: number;
  /** Wall stiffness κ (f = κ·dist²/2 across the valley). @default 4 */
  stiffness?: number;
  /** Slope μ along the valley floor (f grows by μ per unit arc length). @default 1 */
  slope?: number;
  /** Radius R of the exit domain (a disc around the minimum). @default 2.8 */
  domain?: number;
  /** L. @default 4 */
  ball?: number;
}

/**
 * f(x) = κ·dist(x, γ)²/2 + μ·s(x), where γ is the valley floor (from the minimum 0 along +x to
 * (a, 0), a half circle of radius ρ about (a, ρ) to (a, 2ρ), then a ray toward −x at height 2ρ) and
 * s(x) is the arc length of the nearest point of γ (extended linearly along the ray; s = 0 beyond
 * the minimum's end). Off the floor the flow falls onto γ, then runs along it to 0. Points on the
 * returning ray at norm ≈ 2ρ first move out to max_γ ‖·‖ = |(a, ρ)| + ρ before turning in.
 *
 * Why J_b < ⌈r/b⌉ here (defaults, b = 1.25, r = R = 2.8): one jump reaches the ray (norm 1.2 < b),
 * the flow then carries the path out to norm |(1, 0.6)| + 0.6 ≈ 1.766, and a second jump of norm b
 * reaches 3.016 > R: J_b = 2, whereas ⌈R/b⌉ = 3 (2b = 2.5 < R). `theory/rd/reach.ts` computes it.
 *
 * f is C¹ off the medial axis of γ (the line y = ρ left of x = a and the centre (a, ρ)), where it has
 * a ridge (a kink); the flow and the chain are well defined there a.e. (a measured-zero set).
 */
export function hookValleyLandscape(options: HookValleyOptions = {}): LandscapeRd {
  const a = options.reach ?? 1;
  const rho = options.turn ?? 0.6;
  const kappa = options.stiffness ?? 4;
  const mu = options.slope ?? 1;
  const R = options.domain ?? 2.8;
  const L = options.ball ?? 4;
  const api = 'hookValleyLandscape';
  for (const [name, v] of Object.entries({ reach: a, turn: rho, stiffness: kappa, slope: mu, domain: R, ball: L })) {
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v)))
      throw invalidLandscape(api, name, 'a positive finite number', v);
  }
  if (!(L > R)) throw invalidLandscape(api, 'ball', `a radius larger than the domain ${R}`, L);
  // Nearest point of γ: returns [px, py, s, tx, ty] with (tx, ty) = ∇s at x.
  const out5 = new Float64Array(5);
  const nearest = (x0: number, x1: number): Float64Array => {
    // Piece 1: segment (0,0)-(a,0), s = t; beyond the minimum's end s = 0 (∇s = 0).
    const t1 = Math.max(0, Math.min(a, x0));
    let best = (x0 - t1) ** 2 + x1 * x1;
    out5[0] = t1;
    out5[1] = 0;
    out5[2] = t1;
    out5[3] = t1 > 0 && t1 < a ? 1 : 0;
    out5[4] = 0;
    // Piece 2: half circle about (a, ρ), angles θ ∈ [−π/2, π/2], s = a + ρ(θ + π/2).
    const cx = x0 - a;
    const cy = x1 - rho;
    const cr = Math.hypot(cx, cy);
    if (cx >= 0 && cr > 0) {
      const dd = (cr - rho) ** 2;
      if (dd < best) {
        best = dd;
        const th = Math.atan2(cy, cx);
        out5[0] = a + (rho * cx) / cr;
        out5[1] = rho + (rho * cy) / cr;
        out5[2] = a + rho * (th + Math.PI / 2);
        out5[3] = (-rho * cy) / (cr * cr);
        out5[4] = (rho * cx) / (cr * cr);
      }
    }
    // Piece 3: ray (a − t, 2ρ), t ≥ 0, s = a + πρ + t.
    const t3 = Math.max(0, a - x0);
    const d3 = (x0 - (a - t3)) ** 2 + (x1 - 2 * rho) ** 2;
    if (d3 < best) {
      out5[0] = a - t3;
      out5[1] = 2 * rho;
      out5[2] = a + Math.PI * rho + t3;
      out5[3] = t3 > 0 ? -1 : 0;
      out5[4] = 0;
    }
    return out5;
  };
  return {
    name: `hook-valley(a=${a}, rho=${rho}, R=${R})`,
    dimension: 2,
    ball: L,
    value: (x) => {
      const n = nearest(x[0], x[1]);
      return (kappa * ((x[0] - n[0]) ** 2 + (x[1] - n[1]) ** 2)) / 2 + mu * n[2];
    },
    gradient: (x, out) => {
      const n = nearest(x[0], x[1]);
      out[0] = kappa * (x[0] - n[0]) + mu * n[3];
      out[1] = kappa * (x[1] - n[1]) + mu * n[4];
    },
    minima: [{ point: new Float64Array(2) }],
    saddles: [],
    basinOf: (x) => (x[0] * x[0] + x[1] * x[1] < R * R ? 1 : 0),
    basinRadii: [R],
    geometryError: 0,
    closedForm: { kind: 'hook', reach: a, turn: rho, stiffness: kappa, slope: mu, domain: R },
  };
}

/** Options of a sum of Gaussian wells in the plane. */
export interface GaussianWellsOptions {
  centres: number[][];
  /** a_k > 0. */
  depths: number[];
  /** s_k > 0. */
  widths: number[];
  /** κ ≥ 0: a confining bowl κ|x|²/2 (keeps the outer flow pointing in). @default 0.05 */
  confinement?: number;
  /** L. */
  ball: number;
  /** Grid cells per side for the basins. @default 161 */
  resolution?: number;
}

/** Newton-free minimum search: normalised-then-plain gradient descent from a start (small d). */
function descend(
  gradient: (x: ArrayLike<number>, out: Float64Array) => void,
  start: ArrayLike<number>,
  ball: number,
): Float64Array {
  const x = Float64Array.from(start);
  const g = new Float64Array(x.length);
  let step = 1e-2;
  for (let n = 0; n < 200_000; n++) {
    gradient(x, g);
    const gn = norm(g);
    if (gn < 1e-13) break;
    const move = Math.min(step, 0.05 / gn);
    for (let i = 0; i < x.length; i++) x[i] -= move * g[i];
    const r = norm(x);
    if (r > ball) for (let i = 0; i < x.length; i++) x[i] *= ball / r;
    if (n % 1000 === 999) step *= 1.5;
  }
  return x;
}

/**
 * f(x) = κ|x|²/2 − Σ_k a_k exp(−|x − c_k|²/(2 s_k²)) in the plane. Minima are found by descent from
 * each centre (merged within 1e-6); basins and radii by the flow on a grid (error ≤ grid spacing).
 */
export function gaussianWellsLandscape(options: GaussianWellsOptions): LandscapeRd {
  const api = 'gaussianWellsLandscape';
  const { centres, depths, widths, ball } = options;
  const kappa = options.confinement ?? 0.05;
  if (!Array.isArray(centres) || centres.length < 1 || centres.some((c) => !Array.isArray(c) || c.length !== 2))
    throw invalidLandscape(api, 'centres', 'an array of 2-D points', centres);
  if (depths?.length !== centres.length || depths.some((v) => !(v > 0)))
    throw invalidLandscape(api, 'depths', `${centres.length} positive numbers`, depths);
  if (widths?.length !== centres.length || widths.some((v) => !(v > 0)))
    throw invalidLandscape(api, 'widths', `${centres.length} positive numbers`, widths);
  checkNumber(api, 'ball', ball, { min: 0, openMin: true });
  const K = centres.length;
  const cx = centres.map((c) => c[0]);
  const cy = centres.map((c) => c[1]);
  const inv2s2 = widths.map((s) => 1 / (2 * s * s));
  const gradient = (x: ArrayLike<number>, out: Float64Array) => {
    let g0 = kappa * x[0];
    let g1 = kappa * x[1];
    for (let k = 0; k < K; k++) {
      const dx = x[0] - cx[k];
      const dy = x[1] - cy[k];
      const e = depths[k] * Math.exp(-(dx * dx + dy * dy) * inv2s2[k]) * 2 * inv2s2[k];
      g0 += e * dx;
      g1 += e * dy;
    }
    out[0] = g0;
    out[1] = g1;
  };
  const value = (x: ArrayLike<number>) => {
    let v = (kappa * (x[0] * x[0] + x[1] * x[1])) / 2;
    for (let k = 0; k < K; k++) v -= depths[k] * Math.exp(-((x[0] - cx[k]) ** 2 + (x[1] - cy[k]) ** 2) * inv2s2[k]);
    return v;
  };
  const found: Float64Array[] = [];
  for (const c of centres) {
    const m = descend(gradient, c, ball);
    if (!found.some((f) => Math.hypot(f[0] - m[0], f[1] - m[1]) < 1e-6)) found.push(m);
  }
  const minima = found.map((point) => ({ point }));
  return withGridBasins(
    { name: `gaussian-wells(${K})`, dimension: 2, ball, value, gradient, minima, saddles: [] },
    options.resolution,
  );
}

/** Completes a 2-D landscape with basins, radii and `basinOf` from the flow on a grid. */
export function withGridBasins(
  core: Omit<LandscapeRd, 'basinOf' | 'basinRadii' | 'geometryError'>,
  resolution = 161,
): LandscapeRd & { grid: BasinGrid } {
  if (core.dimension !== 2)
    throw invalidLandscape('withGridBasins', 'dimension', '2 (grid basins are planar)', core.dimension);
  const grid = computeBasinGrid(core, resolution);
  return { ...core, basinOf: gridBasinOf(grid), basinRadii: grid.radii, geometryError: grid.spacing, grid };
}

/** What a user module exports (JS or TS, loaded with `import()`). */
export interface UserLandscapeModule {
  gradient(x: ArrayLike<number>, out: Float64Array): void;
  value?(x: ArrayLike<number>): number;
  /** Minimiser points (required: the flow needs to know where it ends). */
  minima: number[][];
  /** L. */
  ball: number;
  name?: string;
}

/**
 * A planar landscape from a module exporting `gradient(x, out)`, `minima` and `ball` (and optionally
 * `value`, `name`); basins by the flow on a grid. Throws ERR_LOAD if the module cannot be imported,
 * ERR_INVALID_LANDSCAPE if an export is missing or malformed.
 * @example await userLandscape(pathToFileURL('my-landscape.ts').href)
 */
export async function userLandscape(specifier: string, resolution = 161): Promise<LandscapeRd> {
  const api = 'userLandscape';
  let mod: Partial<UserLandscapeModule>;
  try {
    mod = (await importUserModule(specifier)) as Partial<UserLandscapeModule>;
  } catch (e) {
    throw new InputError('ERR_LOAD', `${api}: cannot import ${JSON.stringify(specifier)}: ${(e as Error).message}.`, {
      api,
    });
  }
  if (typeof mod.gradient !== 'function')
    throw invalidLandscape(api, 'gradient', 'an exported function gradient(x, out)', mod.gradient);
  if (
    !Array.isArray(mod.minima) ||
    mod.minima.length < 1 ||
    mod.minima.some((m) => !Array.isArray(m) || m.length !== 2)
  ) {
    throw invalidLandscape(api, 'minima', 'an exported array of 2-D points', mod.minima);
  }
  const ball = checkNumber(api, 'ball', mod.ball, { min: 0, openMin: true });
  const gradient = mod.gradient;
  const value = mod.value ?? (() => NaN);
  return withGridBasins(
    {
      name: mod.name ?? 'user',
      dimension: 2,
      ball,
      gradient,
      value,
      minima: mod.minima.map((m) => ({ point: Float64Array.from(m) })),
      saddles: [],
    },
    resolution,
  );
}
