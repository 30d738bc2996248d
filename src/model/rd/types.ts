/**
 * Landscapes and noise laws in R^d (issue 16) as mathematics: no randomness, no simulation. Both
 * `src/sim/rd` (which draws) and `src/theory/rd` (which predicts) import these and never each other.
 *
 * Points are `ArrayLike<number>` of length `dimension`; gradients are written into a caller's
 * `Float64Array` (no allocation in hot loops).
 */

/** A set of minimisers: a point, or the segment from `point` to `segmentEnd` (all minimisers). */
export interface MinimiserSet {
  readonly point: Float64Array;
  /** The other end of a segment of minimisers (the paper's Ω₂ on its Himmelblau variant). */
  readonly segmentEnd?: Float64Array;
}

/**
 * A landscape f on the closed ball of radius `ball` (the iterate is projected onto it), with its
 * basins. Basin k (1-based) contains minimiser set k. `basinOf` returns 0 for points in no declared
 * basin: the exit region of a "domain" landscape (a well whose declared basin is a disc or ellipse
 * around its minimum, the sequel's setting of exit from a domain).
 */
export interface LandscapeRd {
  readonly name: string;
  readonly dimension: number;
  /** L: radius of the ball the iterate is projected onto. */
  readonly ball: number;
  value(x: ArrayLike<number>): number;
  /** Writes ∇f(x) into `out`. */
  gradient(x: ArrayLike<number>, out: Float64Array): void;
  readonly minima: readonly MinimiserSet[];
  /** Index-1 saddles where known (closed form or located on the grid); may be empty. */
  readonly saddles: readonly Float64Array[];
  /** 1-based basin of x, 0 for "outside every basin". Exact where the landscape knows it, else a grid lookup. */
  basinOf(x: ArrayLike<number>): number;
  /** r_k: distance from minimiser set k to the outside of its basin (within the ball). */
  readonly basinRadii: readonly number[];
  /** Absolute error bound of `basinOf` boundaries and of `basinRadii` (0 where exact; grid spacing otherwise). */
  readonly geometryError: number;
  /**
   * The landscape's closed form, for kernels that compute it themselves (the planar WASM kernel,
   * src/sim/rd/wasm): they must reproduce `gradient` and `basinOf` bit for bit, and check it.
   */
  readonly closedForm?: ClosedFormRd;
}

/** The closed forms the planar WASM kernel knows (parameters as given to the model's constructors). */
export type ClosedFormRd =
  | {
      readonly kind: 'well';
      readonly power: 2 | 4;
      readonly curvature: readonly number[];
      readonly domain: readonly number[];
    }
  | {
      readonly kind: 'himmelblau';
      /** Basin labels on the grid (`basinOf` reads them). */
      readonly labels: Int32Array;
      readonly resolution: number;
      readonly spacing: number;
    }
  | {
      readonly kind: 'hook';
      readonly reach: number;
      readonly turn: number;
      readonly stiffness: number;
      readonly slope: number;
      readonly domain: number;
    };

/** Distance from x to a minimiser set (point or segment). */
export function distanceToSet(set: MinimiserSet, x: ArrayLike<number>): number {
  const p = set.point;
  const d = p.length;
  if (!set.segmentEnd) {
    let s = 0;
    for (let i = 0; i < d; i++) s += (x[i] - p[i]) ** 2;
    return Math.sqrt(s);
  }
  const q = set.segmentEnd;
  let dot = 0;
  let len2 = 0;
  for (let i = 0; i < d; i++) {
    dot += (x[i] - p[i]) * (q[i] - p[i]);
    len2 += (q[i] - p[i]) ** 2;
  }
  const t = Math.max(0, Math.min(1, dot / len2));
  let s = 0;
  for (let i = 0; i < d; i++) s += (x[i] - p[i] - t * (q[i] - p[i])) ** 2;
  return Math.sqrt(s);
}

/** Euclidean norm. */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}
