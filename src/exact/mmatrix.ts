/**
 * Entrywise-accurate elimination for the exit systems (I − P) u = f of a substochastic chain
 * (issue 13, must-have 1).
 *
 * Why not LU. The mean exit time solves (I − P) m = 1. With partial pivoting, the eliminated diagonal
 * a_ii − a_ik a_ki / a_kk is a difference of O(1) numbers whose true value is of the order of the
 * exit probability per step; once that is below ~1e-16 every digit is lost and means come out
 * wrong by orders of magnitude, or negative (issue 13: l* = 3 at η = 1e-7).
 *
 * What instead. A = I − P is a diagonally dominant M-matrix that is fully described by its
 * off-diagonal entries −P_ij ≤ 0 and its row excesses e_i = (A·1)_i = P(exit in one step from i) ≥ 0,
 * which the kernel computes directly from the law's tails (never as 1 − Σ_j P_ij). Gaussian
 * elimination without pivoting keeps that representation (Alfa, Xue & Ye, Math. Comp. 71 (2002);
 * Ye, Math. Comp. 77 (2008); the stationary-distribution special case is GTH, solve.ts):
 *   - off-diagonals of the Schur complement: P'_ij = P_ij + (P_ik / d_k) P_kj (a sum of non-negatives),
 *   - row excesses: e'_i = e_i + (P_ik / d_k) e_k (a sum of non-negatives),
 *   - pivots: d_k = e_k + Σ_{j>k} P_kj (a sum of non-negatives; the diagonal of A is never read),
 * and both triangular solves with a non-negative right-hand side add non-negative terms only. No
 * step subtracts, so every entry of the solution keeps a relative accuracy of a small multiple of
 * n·ε, however rare the exit (the result is the exact solution of a system whose entries and excesses
 * are perturbed by that relative amount).
 *
 * Past the range of a double. The excesses are carried as logarithms, and the solution as scaled
 * values with a common log scale, so a mean exit time of exp(10⁴) steps (light-tailed noise at small
 * η) comes out as its logarithm instead of overflowing. For that to work the elimination order must
 * put the node with the largest solution last: then every earlier pivot has mass towards a
 * not-yet-eliminated node that the chain reaches easily, and only the last pivot is tiny (it is
 * 1/m of that node). {@link eliminationOrder} gives that order for a basin (nodes far from the
 * minimum first).
 */

import { eliminationWorkspace, releaseEliminationWorkspace, type EliminationWorkspace } from './wasm/index.ts';

/** The factors of an M-matrix given by off-diagonals and row excesses, in a chosen elimination order. */
export interface MMatrixFactors {
  n: number;
  /** order[k] = original index of the k-th eliminated node. */
  order: Int32Array;
  /**
   * Row-major n×n, in elimination order: strictly upper part = −U off-diagonals (≥ 0), strictly
   * lower part = −L multipliers (≥ 0). The diagonal is unused.
   */
  w: Float64Array;
  /** Pivots d_k (may underflow to 0 for the last one: use `logPivot`). */
  pivot: Float64Array;
  /** log d_k. */
  logPivot: Float64Array;
}

/** A non-negative vector in scaled form: value_i = scaled_i · exp(logScale). */
export interface ScaledVector {
  scaled: Float64Array;
  logScale: number;
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * An elimination order for a basin grid: the node farthest from the minimum (in units of its side's
 * length) first, the minimum last, so that the node with the largest mean exit time is eliminated last.
 * @param nodes the grid's nodes, increasing; @param minimum m_k inside them.
 */
export function eliminationOrder(nodes: Float64Array, minimum: number): Int32Array {
  const n = nodes.length;
  const a = nodes[0];
  const b = nodes[n - 1];
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = nodes[i];
    key[i] =
      x < minimum ? (minimum - x) / Math.max(minimum - a, 1e-300) : (x - minimum) / Math.max(b - minimum, 1e-300);
  }
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((i, j) => key[j] - key[i] || i - j);
  return Int32Array.from(idx);
}

/**
 * Pivots per panel of the blocked elimination. The right-looking update streams the whole trailing
 * matrix once per pivot (memory-bound: 83% of an l* = 3 point at 3200 cells); deferring it over a
 * panel streams it once per panel instead.
 */
export const ELIMINATION_BLOCK = 64;

/**
 * The deferred Schur update of the rows and columns past the panel [k0, k1): w_ij += Σ_k l_ik u_kj,
 * added one k at a time in increasing k, the order of the unblocked elimination, so the factors are
 * bit-identical to it (mmatrix.test.ts checks this against the unblocked reference).
 */
function trailingUpdate(w: Float64Array, n: number, k0: number, k1: number): void {
  for (let i = k1; i < n; i++) {
    const ri = i * n;
    let k = k0;
    for (; k + 4 <= k1; k += 4) {
      const l0 = w[ri + k];
      const l1 = w[ri + k + 1];
      const l2 = w[ri + k + 2];
      const l3 = w[ri + k + 3];
      if (l0 === 0 && l1 === 0 && l2 === 0 && l3 === 0) continue;
      const r0 = k * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      for (let j = k1; j < n; j++) {
        let t = w[ri + j];
        t += l0 * w[r0 + j];
        t += l1 * w[r1 + j];
        t += l2 * w[r2 + j];
        t += l3 * w[r3 + j];
        w[ri + j] = t;
      }
    }
    for (; k < k1; k++) {
      const l = w[ri + k];
      if (l === 0) continue;
      const rk = k * n;
      for (let j = k1; j < n; j++) w[ri + j] += l * w[rk + j];
    }
  }
}

/** Which implementation factorises: `'auto'` = WebAssembly when available, else TypeScript. */
export type EliminationEngine = 'auto' | 'wasm' | 'ts';

/**
 * Factorises the M-matrix A with A_ij = −off_ij (i ≠ j) and row excesses `excess` (A·1 = excess).
 * @param off row-major n×n, off_ij ≥ 0 (the diagonal is ignored); not modified.
 * @param excess e_i ≥ 0 (the one-step exit probabilities).
 * @param order elimination order (see {@link eliminationOrder}); default 0..n−1.
 * @param block pivots per panel ({@link ELIMINATION_BLOCK}); any value gives the same factors, and
 *   block ≥ n is the unblocked elimination (`npm run measure:elimination` times both).
 * @param engine `'auto'` (default) runs the WebAssembly SIMD kernels (src/exact/wasm) unless they
 *   are unavailable or the environment variable HTSGD_ELIMINATION=ts asks for TypeScript; `'wasm'`
 *   and `'ts'` force one (`'wasm'` throws if it cannot run). Both give bit-identical factors
 *   (mmatrix.test.ts): the same operations on each entry in the same order.
 * @returns the factors, or null when an early pivot is 0 (a set of nodes that can never exit: A singular).
 */
export function mMatrixFactor(
  off: Float64Array,
  excess: Float64Array,
  n: number,
  order?: Int32Array,
  block = ELIMINATION_BLOCK,
  engine: EliminationEngine = 'auto',
): MMatrixFactors | null {
  const ord = order ?? Int32Array.from({ length: n }, (_, i) => i);
  const useWasm = engine === 'wasm' || (engine === 'auto' && process.env.HTSGD_ELIMINATION !== 'ts');
  if (useWasm && n > 0) {
    const b = Math.min(block, n);
    const ws = eliminationWorkspace(n, Math.max(n, (n - b) * b), b);
    if (ws !== null) {
      try {
        return factorWasm(ws, off, excess, n, ord, block);
      } finally {
        releaseEliminationWorkspace();
      }
    }
    if (engine === 'wasm') throw new Error('mMatrixFactor: the WebAssembly elimination cannot run here');
  }
  return factorTs(off, excess, n, ord, block);
}

/** The permuted working matrix (diagonal zeroed) and the log excesses, both in elimination order. */
function loadSystem(
  w: Float64Array,
  off: Float64Array,
  excess: Float64Array,
  n: number,
  ord: Int32Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    const src = ord[i] * n;
    const dst = i * n;
    for (let j = 0; j < n; j++) w[dst + j] = off[src + ord[j]];
    w[dst + i] = 0;
  }
  const logE = new Float64Array(n);
  for (let i = 0; i < n; i++) logE[i] = Math.log(excess[ord[i]]);
  return logE;
}

/** Pivot k from its row's off-diagonal sum and log excess: d_k = exp(logAddExp(log s, log e_k)), stored with its log. */
function setPivot(pivot: Float64Array, logPivot: Float64Array, k: number, rowSum: number, logExcess: number): number {
  const lp = logAddExp(Math.log(rowSum), logExcess);
  logPivot[k] = lp;
  return (pivot[k] = Math.exp(lp));
}

/** A pivot that can divide: positive and finite (else its row reaches neither a remaining node nor the exit). */
const usablePivot = (d: number) => d > 0 && Number.isFinite(d);

function factorTs(
  off: Float64Array,
  excess: Float64Array,
  n: number,
  ord: Int32Array,
  block: number,
): MMatrixFactors | null {
  const w = new Float64Array(n * n);
  const logE = loadSystem(w, off, excess, n, ord);
  const pivot = new Float64Array(n);
  const logPivot = new Float64Array(n);
  for (let k0 = 0; k0 < n; k0 += block) {
    const k1 = Math.min(n, k0 + block);
    // The panel: pivots k0..k1−1, their rows in full and, below the panel, their columns only.
    for (let k = k0; k < k1; k++) {
      const rk = k * n;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += w[rk + j];
      const d = setPivot(pivot, logPivot, k, s, logE[k]);
      if (k === n - 1) break;
      if (!usablePivot(d)) {
        // Row k reaches neither a remaining node nor the exit: harmless only if nothing leads to it.
        for (let i = k + 1; i < n; i++) if (w[i * n + k] > 0) return null;
        continue;
      }
      const lek = logE[k];
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const pik = w[ri + k];
        if (pik === 0) continue;
        const l = pik / d;
        w[ri + k] = l;
        const end = i < k1 ? n : k1;
        for (let j = k + 1; j < end; j++) w[ri + j] += l * w[rk + j];
        if (lek !== -Infinity) logE[i] = logAddExp(logE[i], Math.log(l) + lek);
      }
    }
    if (k1 < n) trailingUpdate(w, n, k0, k1);
  }
  return { n, order: ord, w, pivot, logPivot };
}

/**
 * The TypeScript elimination's operations, with the arithmetic on the matrix in WebAssembly: the
 * kernels apply pivot k to the panel's rows, then the whole panel to the rows below it (row by row:
 * each row still receives the pivots in increasing k), then the trailing update; they hand back the
 * numerators p_ik, from which the log excesses are updated here, row by row in increasing k as in
 * {@link factorTs}, with the same Math.log/exp/log1p.
 */
function factorWasm(
  ws: EliminationWorkspace,
  off: Float64Array,
  excess: Float64Array,
  n: number,
  ord: Int32Array,
  block: number,
): MMatrixFactors | null {
  const { kernel } = ws;
  const buffer = kernel.memory.buffer;
  const w = new Float64Array(buffer, ws.w, n * n);
  const b = Math.min(block, n);
  const col = new Float64Array(buffer, ws.col, Math.max(n, (n - b) * b));
  const dv = new Float64Array(buffer, ws.d, b);
  const logE = loadSystem(w, off, excess, n, ord);
  const pivot = new Float64Array(n);
  const logPivot = new Float64Array(n);
  // Row i's log excess after pivot k (numerator pik, pivot d): the step of factorTs.
  const absorb = (i: number, pik: number, d: number, lek: number) => {
    if (pik !== 0 && lek !== -Infinity) logE[i] = logAddExp(logE[i], Math.log(pik / d) + lek);
  };
  for (let k0 = 0; k0 < n; k0 += block) {
    const k1 = Math.min(n, k0 + block);
    for (let k = k0; k < k1; k++) {
      const d = setPivot(pivot, logPivot, k, kernel.rowSum(k), logE[k]);
      dv[k - k0] = d;
      if (k === n - 1) break;
      kernel.panelPivot(k, d, k1);
      const bad = !usablePivot(d);
      for (let i = k + 1; i < k1; i++) {
        if (bad) {
          if (col[i] > 0) return null;
        } else absorb(i, col[i], d, logE[k]);
      }
    }
    if (k1 >= n) break;
    kernel.panelBelow(k0, k1);
    for (let i = k1, at = 0; i < n; i++) {
      for (let k = k0; k < k1; k++, at++) {
        const d = pivot[k];
        if (!usablePivot(d)) {
          if (col[at] > 0) return null;
        } else absorb(i, col[at], d, logE[k]);
      }
    }
    kernel.trailing(k0, k1);
  }
  return { n, order: ord, w: w.slice(), pivot, logPivot };
}

/**
 * Solves A u = f for f ≥ 0 with the factors of {@link mMatrixFactor}; every operation adds
 * non-negative terms. The result is scaled: u_i = scaled_i · exp(logScale); logScale is 0 unless the
 * solution would exceed ~1e280 (then it is the log of the largest entry's order).
 * @param f right-hand side in original node order (scaled form, f ≥ 0).
 */
export function mMatrixSolve(fac: MMatrixFactors, f: ScaledVector): ScaledVector {
  const { n, order, w, pivot, logPivot } = fac;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = f.scaled[order[i]];
    for (let j = 0; j < i; j++) s += w[ri + j] * y[j];
    y[i] = s;
  }
  // The last node's value fixes the scale (it is the largest when the order is eliminationOrder's).
  const logLast = Math.log(y[n - 1]) - logPivot[n - 1];
  const shift = logLast > 645 ? logLast : 0;
  const fac0 = Math.exp(-shift);
  const u = new Float64Array(n);
  u[n - 1] = Math.exp(logLast - shift);
  for (let i = n - 2; i >= 0; i--) {
    const ri = i * n;
    let s = y[i] * fac0;
    for (let j = i + 1; j < n; j++) s += w[ri + j] * u[j];
    u[i] = s / pivot[i];
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[order[i]] = u[i];
  return { scaled: out, logScale: f.logScale + shift };
}

/**
 * Solves Aᵀ g = f for f ≥ 0 (unscaled; e.g. expected visits g = (I − P)^{−T} w from a start row w).
 * Aᵀ = Uᵀ Lᵀ: a forward solve with Uᵀ, then a backward one with Lᵀ, non-negative terms only.
 */
export function mMatrixSolveTransposed(fac: MMatrixFactors, f: Float64Array): Float64Array {
  const { n, order, w, pivot } = fac;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = f[order[i]];
  for (let i = 0; i < n; i++) {
    z[i] /= pivot[i];
    const ri = i * n;
    const zi = z[i];
    if (zi !== 0) for (let j = i + 1; j < n; j++) z[j] += w[ri + j] * zi;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const gi = z[i];
    if (gi !== 0) for (let j = 0; j < i; j++) z[j] += w[ri + j] * gi;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[order[i]] = z[i];
  return out;
}
