/**
 * The R^d chain (issue 16; THEORY.md §1, d-dimensional form), the TypeScript reference kernel:
 *
 *     X ← Π_L( X − φ_b( η(∇f(X) − Z) ) ),
 *
 * φ_b the projection onto the ball of radius b (norm clipping of the whole step; b = ∞: none), Π_L the
 * projection onto the ball of radius L. Chain i draws only from `chainStream(key, i)`, so chunking or
 * splitting chains across workers never changes a number.
 *
 * Mutants (for the checks that must catch them; never used by a correct run):
 * - 'coordinate-clipping': each coordinate of the step clipped to [−b, b] (the classic d ≥ 2 bug);
 * - 'anisotropic-noise': the noise's last coordinate multiplied by `mutantFactor` (default 0.5)
 *   while the law claims to be isotropic.
 */
import { chainStream } from '../../rng/seeds.ts';
import type { LandscapeRd } from '../../model/rd/types.ts';
import type { NoiseSampler } from './samplers.ts';

export type MutantRd = 'coordinate-clipping' | 'anisotropic-noise';

/** What one step needs (resolved and trusted: kernels validate nothing). */
export interface StepContext {
  readonly landscape: LandscapeRd;
  readonly sample: NoiseSampler;
  readonly stepSize: number;
  /** b; Infinity = no clipping. */
  readonly truncation: number;
  readonly mutant?: MutantRd;
  readonly mutantFactor?: number;
}

/**
 * Returns a function performing one step on x in place (scratch arrays captured once). Exported so
 * that tests can compare the step with a hand computation.
 */
export function makeStep(ctx: StepContext): (rng: Parameters<NoiseSampler>[0], x: Float64Array) => void {
  const { landscape, sample, stepSize: eta, truncation: b, mutant } = ctx;
  const d = landscape.dimension;
  const L = landscape.ball;
  const L2 = L * L;
  const b2 = b * b;
  const g = new Float64Array(d);
  const z = new Float64Array(d);
  const s = new Float64Array(d);
  const factor = ctx.mutantFactor ?? 0.5;
  const coordinate = mutant === 'coordinate-clipping';
  const aniso = mutant === 'anisotropic-noise';
  if (d === 2 && !mutant) {
    // The plane without a mutant, in scalars: the same operations in the same order as the general
    // loop below (so the same bits), without the scratch array s.
    return (rng, x) => {
      landscape.gradient(x, g);
      sample(rng, z);
      let s0 = eta * (g[0] - z[0]);
      let s1 = eta * (g[1] - z[1]);
      const n2 = 0 + s0 * s0 + s1 * s1;
      if (n2 > b2) {
        const k = b / Math.sqrt(n2);
        s0 *= k;
        s1 *= k;
      }
      const x0 = x[0] - s0;
      const x1 = x[1] - s1;
      const r2 = 0 + x0 * x0 + x1 * x1;
      if (r2 > L2) {
        const k = L / Math.sqrt(r2);
        x[0] = x0 * k;
        x[1] = x1 * k;
      } else {
        x[0] = x0;
        x[1] = x1;
      }
    };
  }
  return (rng, x) => {
    landscape.gradient(x, g);
    sample(rng, z);
    if (aniso) z[d - 1] *= factor;
    let n2 = 0;
    for (let i = 0; i < d; i++) {
      s[i] = eta * (g[i] - z[i]);
      n2 += s[i] * s[i];
    }
    if (coordinate) {
      for (let i = 0; i < d; i++) s[i] = s[i] > b ? b : s[i] < -b ? -b : s[i];
    } else if (n2 > b2) {
      const k = b / Math.sqrt(n2);
      for (let i = 0; i < d; i++) s[i] *= k;
    }
    let r2 = 0;
    for (let i = 0; i < d; i++) {
      x[i] -= s[i];
      r2 += x[i] * x[i];
    }
    if (r2 > L2) {
      const k = L / Math.sqrt(r2);
      for (let i = 0; i < d; i++) x[i] *= k;
    }
  };
}

/** Per-chain exit results for chains firstChain … firstChain + count − 1. */
export interface ExitChainsRd {
  exitSteps: Float64Array;
  /** count × d, row-major. */
  exitPosition: Float64Array;
  /** Basin at exit (1-based; 0 = outside every basin); −1 if censored. */
  target: Int32Array;
  censored: Uint8Array;
  totalSteps: number;
}

/** Runs chains from `start` until basinOf(X_n) ≠ basin (n ≥ 1) or `maxSteps`. */
export function runExitChains(
  ctx: StepContext,
  key: Uint32Array,
  basin: number,
  start: ArrayLike<number>,
  maxSteps: number,
  firstChain: number,
  count: number,
): ExitChainsRd {
  const d = ctx.landscape.dimension;
  const basinOf = ctx.landscape.basinOf;
  const step = makeStep(ctx);
  const out: ExitChainsRd = {
    exitSteps: new Float64Array(count),
    exitPosition: new Float64Array(count * d),
    target: new Int32Array(count),
    censored: new Uint8Array(count),
    totalSteps: 0,
  };
  const x = new Float64Array(d);
  for (let c = 0; c < count; c++) {
    const rng = chainStream(key, firstChain + c);
    for (let i = 0; i < d; i++) x[i] = start[i];
    let n = 0;
    let lab = basin;
    while (n < maxSteps) {
      step(rng, x);
      n++;
      lab = basinOf(x);
      if (lab !== basin) break;
    }
    out.exitSteps[c] = n;
    out.exitPosition.set(x, c * d);
    if (lab === basin) {
      out.censored[c] = 1;
      out.target[c] = -1;
    } else out.target[c] = lab;
    out.totalSteps += n;
  }
  return out;
}

/** Per-path occupancy and transitions. */
export interface TrajectoryPathsRd {
  /** occupancy[p·(n + 1) + k]: steps of path p with basinOf = k (k = 0 … n). */
  occupancy: Float64Array;
  /** transitions[(i − 1)·n + (j − 1)], summed over paths: visits of minimiser set j right after i. */
  transitions: Float64Array;
  /** Every `thin`-th iterate of the first path (d per point), for figures. */
  sample: Float64Array;
}

/**
 * Runs `count` paths of `steps` steps from `start`. A minimiser set counts as visited when the iterate
 * comes within `epsilon` of it; a transition i → j is counted when set j is visited and the last set
 * visited was i ≠ j.
 */
export function runTrajectoryPaths(
  ctx: StepContext,
  key: Uint32Array,
  start: ArrayLike<number>,
  steps: number,
  epsilon: number,
  firstPath: number,
  count: number,
  thin = 0,
): TrajectoryPathsRd {
  const land = ctx.landscape;
  const d = land.dimension;
  const n = land.minima.length;
  const step = makeStep(ctx);
  const occupancy = new Float64Array(count * (n + 1));
  const transitions = new Float64Array(n * n);
  const sample = new Float64Array(thin > 0 ? Math.floor(steps / thin) * d : 0);
  const x = new Float64Array(d);
  const eps = epsilon;
  // Distance to a set, inlined for points (the common case); segments via the model's helper.
  const pts = land.minima.map((m) => m.point);
  const segs = land.minima.map((m) => m.segmentEnd);
  const near = (k: number): boolean => {
    const p = pts[k];
    const q = segs[k];
    if (!q) {
      let s2 = 0;
      for (let i = 0; i < d; i++) s2 += (x[i] - p[i]) ** 2;
      return s2 < eps * eps;
    }
    let dot = 0;
    let len2 = 0;
    for (let i = 0; i < d; i++) {
      dot += (x[i] - p[i]) * (q[i] - p[i]);
      len2 += (q[i] - p[i]) ** 2;
    }
    const t = Math.max(0, Math.min(1, dot / len2));
    let s2 = 0;
    for (let i = 0; i < d; i++) s2 += (x[i] - p[i] - t * (q[i] - p[i])) ** 2;
    return s2 < eps * eps;
  };
  for (let c = 0; c < count; c++) {
    const rng = chainStream(key, firstPath + c);
    for (let i = 0; i < d; i++) x[i] = start[i];
    let last = -1;
    const occ = c * (n + 1);
    for (let t = 0; t < steps; t++) {
      step(rng, x);
      const lab = land.basinOf(x);
      occupancy[occ + lab]++;
      if (lab > 0 && lab - 1 !== last && near(lab - 1)) {
        if (last >= 0) transitions[last * n + lab - 1]++;
        last = lab - 1;
      }
      if (c === 0 && thin > 0 && (t + 1) % thin === 0) {
        const o = ((t + 1) / thin - 1) * d;
        for (let i = 0; i < d; i++) sample[o + i] = x[i];
      }
    }
  }
  return { occupancy, transitions, sample };
}
