// WebAssembly SIMD kernels of the blocked M-matrix elimination (src/exact/mmatrix.ts), compiled by
// `node ci/build-wasm.mjs` with the pinned AssemblyScript (-O3 --enable simd) into ../eliminate.wasm.
//
// Bit-identity with the TypeScript elimination: every entry w_ij receives its terms l_ik·u_kj one
// pivot at a time in increasing k, each as an IEEE product then an IEEE sum (f64x2 lanes are
// independent; no FMA, no reassociation), with the same skips of zero multipliers; the row sums are
// sequential scalar sums in increasing j, as in TypeScript. The pivots d_k, and everything that
// needs log/exp/log1p (the log row excesses), stay in JavaScript: this module only adds, multiplies
// and divides.
//
// Memory is owned by the JavaScript loader (../index.ts), which passes pointers via `setLayout`:
//   w:   the n×n working matrix, row-major, in elimination order (the factors on return);
//   col: scratch through which the multipliers' numerators p_ik (before division) go back to
//        JavaScript, which needs them for the log excesses and the singularity check;
//   d:   the current panel's pivots d_k, written by JavaScript.

let n: i32 = 0;
let wPtr: usize = 0;
let colPtr: usize = 0;
let dPtr: usize = 0;

/** Columns per strip of the trailing update: 2 rows + 4 pivot rows of a strip stay in L1 (24 KB). */
const STRIP: i32 = 512;

export function setLayout(size: i32, w: usize, col: usize, d: usize): void {
  n = size;
  wPtr = w;
  colPtr = col;
  dPtr = d;
}

@inline function at(i: i32, j: i32): usize {
  return wPtr + ((<usize>i * <usize>n + <usize>j) << 3);
}

/** The TypeScript path's test `!(d > 0) || !Number.isFinite(d)` (d = exp(·) is never −∞). */
@inline function badPivot(d: f64): bool {
  return !(d > 0) || d == Infinity;
}

/** dst[j] += l·src[j] for j < len (per entry: the product, then the sum). */
@inline function axpy(dst: usize, src: usize, len: i32, l: f64): void {
  const lv = f64x2.splat(l);
  let j: i32 = 0;
  for (; j + 2 <= len; j += 2) {
    const o = <usize>j << 3;
    v128.store(dst + o, f64x2.add(v128.load(dst + o), f64x2.mul(lv, v128.load(src + o))));
  }
  if (j < len) {
    const o = <usize>j << 3;
    store<f64>(dst + o, load<f64>(dst + o) + l * load<f64>(src + o));
  }
}

/** Σ_{j>k} w_kj, summed in increasing j (the pivot's off-diagonal mass). */
export function rowSum(k: i32): f64 {
  let s: f64 = 0;
  const row = at(k, 0);
  for (let j = k + 1; j < n; j++) s += load<f64>(row + (<usize>j << 3));
  return s;
}

/**
 * Pivot k on the panel's own rows k < i < k1 (full length): col[i] = p_ik, then, unless the pivot
 * is bad or p_ik = 0, l = p_ik/d replaces p_ik and row i gets l·(row k) on j > k.
 */
export function panelPivot(k: i32, d: f64, k1: i32): void {
  const bad = badPivot(d);
  const src = at(k, k + 1);
  const len = n - k - 1;
  for (let i = k + 1; i < k1; i++) {
    const p = at(i, k);
    const pik = load<f64>(p);
    store<f64>(colPtr + (<usize>i << 3), pik);
    if (bad || pik == 0) continue;
    const l = pik / d;
    store<f64>(p, l);
    axpy(p + 8, src, len, l);
  }
}

/**
 * The panel [k0, k1)'s pivots on the rows below it, row by row (for one row, pivot after pivot in
 * increasing k, as the right-looking order gives it), on the panel's columns only:
 * col[(i − k1)·(k1 − k0) + k − k0] = p_ik, then l = p_ik/d_k replaces it and row i gets l·(row k)
 * on k < j < k1. The rest of row i is the trailing update's.
 */
export function panelBelow(k0: i32, k1: i32): void {
  const b = k1 - k0;
  for (let i = k1; i < n; i++) {
    const out = colPtr + ((<usize>(i - k1) * <usize>b) << 3);
    const row = at(i, 0);
    for (let k = k0; k < k1; k++) {
      const p = row + (<usize>k << 3);
      const pik = load<f64>(p);
      store<f64>(out + (<usize>(k - k0) << 3), pik);
      const d = load<f64>(dPtr + (<usize>(k - k0) << 3));
      if (badPivot(d) || pik == 0) continue;
      const l = pik / d;
      store<f64>(p, l);
      axpy(p + 8, at(k, k + 1), k1 - k - 1, l);
    }
  }
}

/** Row r += l0·u0 + l1·u1 + l2·u2 + l3·u3 over len entries, term by term (u rows `stride` apart). */
@inline function tile1(r: usize, u: usize, stride: usize, len: i32, l0: f64, l1: f64, l2: f64, l3: f64): void {
  const a0 = f64x2.splat(l0);
  const a1 = f64x2.splat(l1);
  const a2 = f64x2.splat(l2);
  const a3 = f64x2.splat(l3);
  const u1 = u + stride;
  const u2 = u1 + stride;
  const u3 = u2 + stride;
  let j: i32 = 0;
  for (; j + 2 <= len; j += 2) {
    const o = <usize>j << 3;
    let t = v128.load(r + o);
    t = f64x2.add(t, f64x2.mul(a0, v128.load(u + o)));
    t = f64x2.add(t, f64x2.mul(a1, v128.load(u1 + o)));
    t = f64x2.add(t, f64x2.mul(a2, v128.load(u2 + o)));
    t = f64x2.add(t, f64x2.mul(a3, v128.load(u3 + o)));
    v128.store(r + o, t);
  }
  if (j < len) {
    const o = <usize>j << 3;
    let t = load<f64>(r + o);
    t += l0 * load<f64>(u + o);
    t += l1 * load<f64>(u1 + o);
    t += l2 * load<f64>(u2 + o);
    t += l3 * load<f64>(u3 + o);
    store<f64>(r + o, t);
  }
}

/** tile1 on two rows at once (each u vector loaded once for both). */
@inline function tile2(
  r: usize, s: usize, u: usize, stride: usize, len: i32,
  l0: f64, l1: f64, l2: f64, l3: f64, m0: f64, m1: f64, m2: f64, m3: f64,
): void {
  const a0 = f64x2.splat(l0);
  const a1 = f64x2.splat(l1);
  const a2 = f64x2.splat(l2);
  const a3 = f64x2.splat(l3);
  const b0 = f64x2.splat(m0);
  const b1 = f64x2.splat(m1);
  const b2 = f64x2.splat(m2);
  const b3 = f64x2.splat(m3);
  const u1 = u + stride;
  const u2 = u1 + stride;
  const u3 = u2 + stride;
  let j: i32 = 0;
  for (; j + 2 <= len; j += 2) {
    const o = <usize>j << 3;
    let t = v128.load(r + o);
    let q = v128.load(s + o);
    let x = v128.load(u + o);
    t = f64x2.add(t, f64x2.mul(a0, x));
    q = f64x2.add(q, f64x2.mul(b0, x));
    x = v128.load(u1 + o);
    t = f64x2.add(t, f64x2.mul(a1, x));
    q = f64x2.add(q, f64x2.mul(b1, x));
    x = v128.load(u2 + o);
    t = f64x2.add(t, f64x2.mul(a2, x));
    q = f64x2.add(q, f64x2.mul(b2, x));
    x = v128.load(u3 + o);
    t = f64x2.add(t, f64x2.mul(a3, x));
    q = f64x2.add(q, f64x2.mul(b3, x));
    v128.store(r + o, t);
    v128.store(s + o, q);
  }
  if (j < len) {
    const o = <usize>j << 3;
    let t = load<f64>(r + o);
    t += l0 * load<f64>(u + o);
    t += l1 * load<f64>(u1 + o);
    t += l2 * load<f64>(u2 + o);
    t += l3 * load<f64>(u3 + o);
    store<f64>(r + o, t);
    let q = load<f64>(s + o);
    q += m0 * load<f64>(u + o);
    q += m1 * load<f64>(u1 + o);
    q += m2 * load<f64>(u2 + o);
    q += m3 * load<f64>(u3 + o);
    store<f64>(s + o, q);
  }
}

/**
 * The deferred Schur update of rows and columns ≥ k1 by the panel [k0, k1): w_ij += Σ_k l_ik u_kj,
 * term by term in increasing k. Pivots go in groups of four from k0 (a group whose four multipliers
 * are all zero is skipped), the rest one by one (skipped when zero): the TypeScript path's grouping,
 * so a zero product is added, or not, exactly where it adds it. Columns go in strips of STRIP, rows
 * in pairs, so a strip of two rows stays in L1 across the panel.
 */
export function trailing(k0: i32, k1: i32): void {
  const stride = <usize>n << 3;
  for (let jb = k1; jb < n; jb += STRIP) {
    const len = min(STRIP, n - jb);
    const jo = <usize>jb << 3;
    let i = k1;
    for (; i + 2 <= n; i += 2) {
      const ra = at(i, 0);
      const rc = ra + stride;
      let k = k0;
      for (; k + 4 <= k1; k += 4) {
        const ko = <usize>k << 3;
        const l0 = load<f64>(ra + ko);
        const l1 = load<f64>(ra + ko + 8);
        const l2 = load<f64>(ra + ko + 16);
        const l3 = load<f64>(ra + ko + 24);
        const m0 = load<f64>(rc + ko);
        const m1 = load<f64>(rc + ko + 8);
        const m2 = load<f64>(rc + ko + 16);
        const m3 = load<f64>(rc + ko + 24);
        const useA = !(l0 == 0 && l1 == 0 && l2 == 0 && l3 == 0);
        const useC = !(m0 == 0 && m1 == 0 && m2 == 0 && m3 == 0);
        const u = at(k, jb);
        if (useA && useC) tile2(ra + jo, rc + jo, u, stride, len, l0, l1, l2, l3, m0, m1, m2, m3);
        else if (useA) tile1(ra + jo, u, stride, len, l0, l1, l2, l3);
        else if (useC) tile1(rc + jo, u, stride, len, m0, m1, m2, m3);
      }
      for (; k < k1; k++) {
        const ko = <usize>k << 3;
        const la = load<f64>(ra + ko);
        const lc = load<f64>(rc + ko);
        const u = at(k, jb);
        if (la != 0) axpy(ra + jo, u, len, la);
        if (lc != 0) axpy(rc + jo, u, len, lc);
      }
    }
    if (i < n) {
      const ra = at(i, 0);
      let k = k0;
      for (; k + 4 <= k1; k += 4) {
        const ko = <usize>k << 3;
        const l0 = load<f64>(ra + ko);
        const l1 = load<f64>(ra + ko + 8);
        const l2 = load<f64>(ra + ko + 16);
        const l3 = load<f64>(ra + ko + 24);
        if (l0 == 0 && l1 == 0 && l2 == 0 && l3 == 0) continue;
        tile1(ra + jo, at(k, jb), stride, len, l0, l1, l2, l3);
      }
      for (; k < k1; k++) {
        const la = load<f64>(ra + (<usize>k << 3));
        if (la != 0) axpy(ra + jo, at(k, jb), len, la);
      }
    }
  }
}
