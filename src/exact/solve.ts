/**
 * Dense linear algebra for the exact chain: LU with partial pivoting (one factorisation, several
 * right-hand sides: mean, second moment, exit locations) and the Grassmann–Taksar–Heyman (GTH)
 * elimination for stationary distributions, which uses no subtractions and so stays accurate for
 * the metastable chains here (occupancies of sharp basins can be 1e-10 of the total).
 * Matrices are row-major `Float64Array`s of n·n entries. O(n³): fine to a few thousand unknowns.
 */

/** An LU factorisation PA = LU, stored in place, with its row permutation. */
export interface LuFactors {
  n: number;
  lu: Float64Array;
  perm: Int32Array;
}

/**
 * Factorises the n×n matrix `a` in place (it is overwritten by L and U).
 * @returns the factors, or null when a pivot is exactly 0 (singular matrix).
 */
export function luFactor(a: Float64Array, n: number): LuFactors | null {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0) return null;
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j];
        a[rk + j] = a[rp + j];
        a[rp + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const rk = k * n;
    const pivot = a[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const f = a[ri + k] / pivot;
      if (f === 0) continue;
      a[ri + k] = f;
      for (let j = k + 1; j < n; j++) a[ri + j] -= f * a[rk + j];
    }
  }
  return { n, lu: a, perm };
}

/** Solves A x = b with the factors of A. */
export function luSolve(f: LuFactors, b: Float64Array): Float64Array {
  const { n, lu, perm } = f;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = b[perm[i]];
  for (let i = 0; i < n; i++) {
    let s = x[i];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= lu[ri + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    const ri = i * n;
    for (let j = i + 1; j < n; j++) s -= lu[ri + j] * x[j];
    x[i] = s / lu[ri + i];
  }
  return x;
}

/**
 * Stationary distribution π = πP of an irreducible stochastic n×n matrix by GTH elimination
 * (Grassmann, Taksar & Heyman 1985). `p` is overwritten. Diagonal entries are never used: each
 * pivot is the sum of the off-diagonal mass of its row, so there is no cancellation.
 * @returns π (sums to 1).
 */
export function stationaryGth(p: Float64Array, n: number): Float64Array {
  for (let k = n - 1; k > 0; k--) {
    const rk = k * n;
    let s = 0;
    for (let j = 0; j < k; j++) s += p[rk + j];
    if (s <= 0) s = Number.MIN_VALUE;
    for (let i = 0; i < k; i++) {
      const ri = i * n;
      const f = p[ri + k] / s;
      if (f === 0) continue;
      for (let j = 0; j < k; j++) if (j !== i) p[ri + j] += f * p[rk + j];
    }
    // Column k scaled by 1/s for the back substitution.
    for (let i = 0; i < k; i++) p[i * n + k] /= s;
  }
  const pi = new Float64Array(n);
  pi[0] = 1;
  let total = 1;
  for (let k = 1; k < n; k++) {
    let v = 0;
    for (let i = 0; i < k; i++) v += pi[i] * p[i * n + k];
    pi[k] = v;
    total += v;
  }
  for (let k = 0; k < n; k++) pi[k] /= total;
  return pi;
}
