/**
 * Iterative solves of (I − P) u = f for large node grids: restarted GMRES, right-preconditioned by a
 * two-grid cycle whose coarse level is the same discretisation on a nested coarser grid, factorised
 * once by dense LU (solve.ts).
 *
 * Why this works here. The system is nearly singular: its slowest mode is the metastable one, with
 * eigenvalue ≈ the exit rate (1e-9 per step at small η), and plain Krylov iterations would need ~1/√rate
 * steps to see it. The coarse grid carries that mode with the same rate up to its discretisation error,
 * so after the coarse correction the preconditioned operator has its spectrum near 1 and GMRES needs a
 * few tens of products. Each product is O(N²) on the stored matrix (the O(N³) factorisation is done on
 * the coarse grid only).
 *
 * Stopping rule. I − P is an M-matrix with P ≥ 0 substochastic, so (I − P)⁻¹ ≥ 0 and
 * ‖(I − P)⁻¹‖_∞ = ‖m‖_∞ with m the mean exit steps (m = (I − P)⁻¹·1). The error of an iterate with
 * residual r is therefore at most ‖m‖_∞·‖r‖_∞; the solver stops once that bound is below `tolerance`
 * times ‖u‖_∞, checked on the true residual f − (I − P)u (not the recursive estimate), or when a
 * restart no longer halves it (rounding floor); the final bound is returned either way.
 */
import { luSolve, type LuFactors } from './solve.ts';

/** A two-grid preconditioner: fine nodes, nested coarse nodes and the coarse LU. */
export interface TwoGrid {
  /** Fine node positions (n + 1 of them). */
  fine: Float64Array;
  /** fine index of each coarse node (coarse node c sits at fine node index[c]). */
  coarseIndex: Int32Array;
  /** Coarse node positions. */
  coarse: Float64Array;
  /** LU of the coarse system matrix (I − P_coarse). */
  lu: LuFactors;
}

/**
 * y = A x for a row-major dense n×n matrix. Four rows per pass, so each x[j] is loaded once for four
 * rows (the product is memory-bound: this is what the iterative solve's time goes into).
 */
export function matVec(a: Float64Array, n: number, x: Float64Array, y: Float64Array): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      s0 += a[r0 + j] * xj;
      s1 += a[r1 + j] * xj;
      s2 += a[r2 + j] * xj;
      s3 += a[r3 + j] * xj;
    }
    y[i] = s0;
    y[i + 1] = s1;
    y[i + 2] = s2;
    y[i + 3] = s3;
  }
  for (; i < n; i++) {
    const ri = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += a[ri + j] * x[j];
    y[i] = s;
  }
}

/** Linear interpolation of nodal values on nested coarse nodes (fine index `idx[c]`) onto the fine nodes. */
export function interpolateNested(
  fine: Float64Array,
  idx: Int32Array,
  coarseValues: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let c = 0; c + 1 < idx.length; c++) {
    const i0 = idx[c];
    const i1 = idx[c + 1];
    const x0 = fine[i0];
    const h = fine[i1] - x0;
    for (let i = i0; i < i1; i++) {
      const t = (fine[i] - x0) / h;
      out[i] = (1 - t) * coarseValues[c] + t * coarseValues[c + 1];
    }
  }
  out[idx[idx.length - 1]] = coarseValues[idx.length - 1];
  return out;
}

/**
 * Builds the two-grid data for nested grids.
 * @param fine fine nodes; @param coarse coarse nodes, each equal to some fine node (nested grids).
 * @throws Error when a coarse node is not a fine node (the grids are not nested).
 */
export function twoGrid(fine: Float64Array, coarse: Float64Array, lu: LuFactors): TwoGrid {
  const idx = new Int32Array(coarse.length);
  let j = 0;
  for (let c = 0; c < coarse.length; c++) {
    while (j < fine.length && fine[j] < coarse[c]) j++;
    if (j >= fine.length || fine[j] !== coarse[c])
      throw new Error('twoGrid: the coarse grid is not nested in the fine grid');
    idx[c] = j;
  }
  return { fine, coarseIndex: idx, coarse, lu };
}

/**
 * z = M⁻¹ r, additive two-grid: the coarse correction (residual injected at the coarse nodes, coarse
 * solve, linear interpolation back) plus a Jacobi step on the part of r that the coarse nodes do not
 * see (r minus the interpolation of its coarse samples). The residual of this collocation system is a
 * pointwise quantity, so injection is its natural transfer. No product with A: each GMRES iteration
 * costs one product (a multiplicative smoother costs two and saved too few iterations, measured).
 */
function precondition(tg: TwoGrid, diag: Float64Array, r: Float64Array, z: Float64Array): void {
  const { coarseIndex: idx, fine } = tg;
  const rc = new Float64Array(idx.length);
  for (let c = 0; c < idx.length; c++) rc[c] = r[idx[c]];
  interpolateNested(fine, idx, luSolve(tg.lu, rc), z);
  for (let c = 0; c + 1 < idx.length; c++) {
    const i0 = idx[c];
    const i1 = idx[c + 1];
    const x0 = fine[i0];
    const h = fine[i1] - x0;
    for (let i = i0 + 1; i < i1; i++) {
      const t = (fine[i] - x0) / h;
      z[i] += (r[i] - ((1 - t) * r[i0] + t * r[i1])) / diag[i];
    }
  }
}

/** Options and diagnostics of {@link gmres}. */
export interface GmresOptions {
  /** Bound on ‖(I − P)⁻¹‖_∞ (the largest mean exit steps); 0 = take ‖u‖_∞ of the current iterate's mean solve. */
  inverseNorm: number;
  /** Relative error target on ‖u‖_∞. @default 1e-8 */
  tolerance?: number;
  /** Krylov dimension per restart. @default 40 */
  restart?: number;
  /** Maximum restarts. @default 30 */
  maxRestarts?: number;
  /** Starting guess (e.g. the interpolated coarse solution). */
  initial?: Float64Array;
}

/** Result of {@link gmres}. */
export interface GmresResult {
  x: Float64Array;
  /** Products with A used. */
  iterations: number;
  /** Final ‖f − Au‖_∞·‖A⁻¹‖_∞ / ‖u‖_∞: a bound on the relative error of u. */
  errorBound: number;
  converged: boolean;
}

/**
 * Solves A u = f (A = I − P dense, row-major) by right-preconditioned restarted GMRES with the two-grid
 * preconditioner. Modified Gram–Schmidt with one reorthogonalisation (the Krylov basis of a nearly
 * singular system loses orthogonality fast otherwise).
 */
export function gmres(a: Float64Array, n: number, f: Float64Array, tg: TwoGrid, options: GmresOptions): GmresResult {
  const m = options.restart ?? 40;
  const tol = options.tolerance ?? 1e-8;
  const maxRestarts = options.maxRestarts ?? 30;
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) diag[i] = a[i * n + i];
  const x = options.initial ? options.initial.slice() : new Float64Array(n);
  const r = new Float64Array(n);
  const tmp = new Float64Array(n);
  const v: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(n));
  const zs: Float64Array[] = Array.from({ length: m }, () => new Float64Array(n));
  const h = new Float64Array((m + 1) * m);
  const cs = new Float64Array(m);
  const sn = new Float64Array(m);
  const g = new Float64Array(m + 1);
  let products = 0;
  const bound = (): number => {
    matVec(a, n, x, tmp);
    products++;
    let rInf = 0;
    let xInf = 0;
    for (let i = 0; i < n; i++) {
      r[i] = f[i] - tmp[i];
      rInf = Math.max(rInf, Math.abs(r[i]));
      xInf = Math.max(xInf, Math.abs(x[i]));
    }
    const inv = options.inverseNorm > 0 ? options.inverseNorm : xInf;
    return xInf > 0 ? (rInf * inv) / xInf : rInf === 0 ? 0 : Infinity;
  };
  let err = bound();
  for (let restart = 0; restart < maxRestarts && err > tol; restart++) {
    let beta = 0;
    for (let i = 0; i < n; i++) beta += r[i] * r[i];
    beta = Math.sqrt(beta);
    if (beta === 0) break;
    for (let i = 0; i < n; i++) v[0][i] = r[i] / beta;
    g.fill(0);
    g[0] = beta;
    let k = 0;
    // The 2-norm residual bound that ends an inner cycle: ‖r‖_∞ ≤ ‖r‖₂, so this implies the target.
    let xInf = 0;
    for (let i = 0; i < n; i++) xInf = Math.max(xInf, Math.abs(x[i]));
    const inv = options.inverseNorm > 0 ? options.inverseNorm : xInf;
    const inner = inv > 0 && xInf > 0 ? (0.5 * tol * xInf) / inv : 0;
    for (; k < m; k++) {
      precondition(tg, diag, v[k], zs[k]);
      matVec(a, n, zs[k], v[k + 1]);
      products++;
      const w = v[k + 1];
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j <= k; j++) {
          let d = 0;
          const vj = v[j];
          for (let i = 0; i < n; i++) d += w[i] * vj[i];
          h[j * m + k] += d;
          for (let i = 0; i < n; i++) w[i] -= d * vj[i];
        }
      }
      let nw = 0;
      for (let i = 0; i < n; i++) nw += w[i] * w[i];
      nw = Math.sqrt(nw);
      h[(k + 1) * m + k] = nw;
      if (nw > 0) for (let i = 0; i < n; i++) w[i] /= nw;
      for (let j = 0; j < k; j++) {
        const t = cs[j] * h[j * m + k] + sn[j] * h[(j + 1) * m + k];
        h[(j + 1) * m + k] = -sn[j] * h[j * m + k] + cs[j] * h[(j + 1) * m + k];
        h[j * m + k] = t;
      }
      const den = Math.hypot(h[k * m + k], h[(k + 1) * m + k]);
      cs[k] = h[k * m + k] / den;
      sn[k] = h[(k + 1) * m + k] / den;
      h[k * m + k] = den;
      h[(k + 1) * m + k] = 0;
      g[k + 1] = -sn[k] * g[k];
      g[k] = cs[k] * g[k];
      if (Math.abs(g[k + 1]) <= inner || nw === 0) {
        k++;
        break;
      }
    }
    // Back substitution for the Krylov coefficients, then x += Z y.
    const y = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      let s = g[i];
      for (let j = i + 1; j < k; j++) s -= h[i * m + j] * y[j];
      y[i] = s / h[i * m + i];
    }
    for (let j = 0; j < k; j++) {
      const zj = zs[j];
      const yj = y[j];
      for (let i = 0; i < n; i++) x[i] += yj * zj[i];
    }
    h.fill(0);
    const previous = err;
    err = bound();
    // Stagnation: the bound has reached its rounding floor (≈ ε·‖A‖·max m, which exceeds the target
    // when the mean exit time is ~1e9 steps); further restarts cannot lower it, so stop and report it.
    if (err > 0.5 * previous) break;
  }
  return { x, iterations: products, errorBound: err, converged: err <= tol };
}
