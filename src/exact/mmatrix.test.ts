import { describe, expect, it } from 'vitest';
import {
  ELIMINATION_BLOCK,
  eliminationOrder,
  mMatrixFactor,
  type MMatrixFactors,
  mMatrixSolve,
  mMatrixSolveTransposed,
} from './mmatrix.ts';
import { luFactor, luSolve } from './solve.ts';

/**
 * Birth–death chain on {0..N}: up with p, down with q (reflected at 0), exit only upwards from N.
 * Closed form: the mean time to go from k to k + 1 is τ_k = (1 + q·τ_{k−1})/p (τ_{−1} = 0, and the
 * reflection at 0 means state 0 has no down move), so E σ from 0 is Σ_k τ_k — a recursion of positive
 * terms, accurate to ~N·ε. With q/p = 500 it is ~500^N steps.
 */
function birthDeath(n: number, p: number, q: number) {
  const size = n + 1;
  const off = new Float64Array(size * size);
  const excess = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    if (i + 1 < size) off[i * size + i + 1] = p;
    else excess[i] = p;
    if (i > 0) off[i * size + i - 1] = q;
  }
  let tau = 0;
  let logTotal = -Infinity;
  const logTau: number[] = [];
  for (let k = 0; k < size; k++) {
    tau = k === 0 ? 1 / p : (1 + q * tau) / p;
    logTau.push(Math.log(tau));
  }
  // log Σ τ_k without overflow (τ_k itself overflows past k ≈ 114).
  let lt = -Infinity;
  for (let k = 0; k < size; k++) {
    const l = k === 0 ? -Math.log(p) : Math.log1p(q * Math.exp(lt)) - Math.log(p);
    lt = Number.isFinite(Math.exp(lt)) ? l : lt + Math.log(q / p);
    logTau[k] = lt;
    logTotal = logTotal === -Infinity ? lt : Math.max(logTotal, lt) + Math.log1p(Math.exp(-Math.abs(logTotal - lt)));
  }
  return { off, excess, size, logMean: logTotal };
}

/**
 * A random sparse M-matrix system on n nodes: banded like a clipped kernel (half-width 40), with
 * holes, so rows and panels with zero multipliers occur; excesses mostly 0, some tiny; `zeroRows`
 * rows with no off-diagonal mass at all (their pivot is their excess).
 */
function randomSystem(n: number, seed: number, zeroRows: number) {
  let state = seed;
  const u = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const off = new Float64Array(n * n);
  const excess = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - 40); j < Math.min(n, i + 40); j++) if (j !== i && u() < 0.7) off[i * n + j] = u() / 80;
    excess[i] = u() < 0.9 ? 0 : u() * 1e-12;
  }
  for (let z = 0; z < zeroRows; z++) {
    const i = Math.floor(u() * n);
    off.fill(0, i * n, (i + 1) * n);
    excess[i] = 0.5 * u() + 1e-3;
  }
  return { off, excess };
}

/** Every bit of the factors (the unused diagonal included), pivots and log pivots. */
function sameFactors(a: MMatrixFactors, b: MMatrixFactors): boolean {
  if (a.n !== b.n || a.w.length !== b.w.length) return false;
  for (let t = 0; t < a.w.length; t++) if (!Object.is(a.w[t], b.w[t])) return false;
  for (let k = 0; k < a.n; k++) {
    if (!Object.is(a.pivot[k], b.pivot[k]) || !Object.is(a.logPivot[k], b.logPivot[k])) return false;
  }
  return true;
}

/** Elimination order: the exit end first, state 0 (the largest mean) last. */
const reversed = (size: number) => Int32Array.from({ length: size }, (_, i) => size - 1 - i);

describe('M-matrix elimination (Alfa–Xue–Ye / GTH)', () => {
  for (const [n, label] of [
    [18, '≈ 1e50'],
    [73, '≈ 1e200'],
  ] as const) {
    it(`reproduces a birth–death mean exit time ${label} to 1e-10 relative, where LU loses every digit`, () => {
      const { off, excess, size, logMean } = birthDeath(n, 1e-3, 0.5);
      const fac = mMatrixFactor(off, excess, size, reversed(size))!;
      const m = mMatrixSolve(fac, { scaled: new Float64Array(size).fill(1), logScale: 0 });
      expect(m.logScale).toBe(0);
      const got = m.scaled[0];
      expect(Math.abs(Math.log(got) - logMean)).toBeLessThan(1e-10);
      expect(Math.log10(got)).toBeGreaterThan(n === 18 ? 49 : 199);
      // Every node, not only the largest: from k the mean is Σ_{j ≥ k} τ_j (positive terms; τ ≤ 1e200 here).
      const tau: number[] = [];
      for (let k = 0; k < size; k++) tau.push(k === 0 ? 1e3 : (1 + 0.5 * tau[k - 1]) / 1e-3);
      let suffix = 0;
      for (let k = size - 1; k >= 0; k--) {
        suffix += tau[k];
        expect(Math.abs(m.scaled[k] / suffix - 1)).toBeLessThan(1e-10);
      }
      // Partial-pivoting LU on A = I − P (diagonal as 1 − P_ii would be 1 − (1 − p − q); here built as
      // excess + off-mass, its best case) for contrast: the relative error is far above 1e-10.
      const a = new Float64Array(size * size);
      for (let i = 0; i < size; i++) {
        let s = excess[i];
        for (let j = 0; j < size; j++) {
          if (j === i) continue;
          a[i * size + j] = -off[i * size + j];
          s += off[i * size + j];
        }
        a[i * size + i] = s;
      }
      const lu = luSolve(luFactor(a, size)!, new Float64Array(size).fill(1));
      expect(!(Math.abs(Math.log(lu[0]) - logMean) < 1e-10)).toBe(true);
    });
  }

  it('goes past the range of a double in scaled form (E σ ≈ 1e400), with the same log', () => {
    const { off, excess, size, logMean } = birthDeath(148, 1e-3, 0.5);
    const fac = mMatrixFactor(off, excess, size, reversed(size))!;
    const m = mMatrixSolve(fac, { scaled: new Float64Array(size).fill(1), logScale: 0 });
    expect(m.logScale).toBeGreaterThan(700);
    const logGot = m.logScale + Math.log(m.scaled[0]);
    expect(logMean / Math.LN10).toBeGreaterThan(400);
    expect(Math.abs(logGot - logMean) / logMean).toBeLessThan(1e-12);
    expect(m.scaled.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
  });

  it('solves Aᵀ too (visits), and a tiny exit probability keeps its digits (1e-30 per step)', () => {
    // Two states: 0 ↔ 1 with prob 0.5 each way, exit from 1 with 1e-30: E σ from 0 = 2e30 + 2, from 1 = 2e30.
    const off = Float64Array.from([0, 0.5, 0.5, 0]);
    const excess = Float64Array.from([0, 1e-30]);
    const fac = mMatrixFactor(off, excess, 2, Int32Array.from([1, 0]))!;
    const m = mMatrixSolve(fac, { scaled: Float64Array.from([1, 1]), logScale: 0 });
    expect(m.scaled[0] / (2e30 + 2) - 1).toBeCloseTo(0, 14);
    expect(m.scaled[1] / 2e30 - 1).toBeCloseTo(0, 14);
    // Visits from state 0 (gᵀ = e₀ᵀ A⁻¹): equals the first row of A⁻¹ = (m at 0 split over states).
    const g = mMatrixSolveTransposed(fac, Float64Array.from([1, 0]));
    expect((g[0] + g[1]) / (2e30 + 2) - 1).toBeCloseTo(0, 14);
    expect(g.every((v) => v > 0)).toBe(true);
  });

  it('eliminationOrder puts the nodes far from the minimum first and the minimum last', () => {
    const nodes = Float64Array.from([-1, -0.5, 0, 0.2, 1]);
    const o = eliminationOrder(nodes, 0);
    expect(o[o.length - 1]).toBe(2);
    expect([o[0], o[1]].sort()).toEqual([0, 4]);
  });

  it('the blocked elimination gives factors bit-identical to the unblocked one (random sparse M-matrix, n = 203)', () => {
    // The unblocked right-looking elimination (one Schur update per pivot), written out as reference.
    const reference = (off: Float64Array, excess: Float64Array, n: number, ord: Int32Array) => {
      const w = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i * n + j] = i === j ? 0 : off[ord[i] * n + ord[j]];
      const logE = Array.from({ length: n }, (_, i) => Math.log(excess[ord[i]]));
      const lae = (a: number, b: number) =>
        a === -Infinity ? b : b === -Infinity ? a : Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
      const pivot = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let j = k + 1; j < n; j++) s += w[k * n + j];
        const d = Math.exp(lae(Math.log(s), logE[k]));
        pivot[k] = d;
        for (let i = k + 1; i < n && k < n - 1; i++) {
          const pik = w[i * n + k];
          if (pik === 0) continue;
          const l = pik / d;
          w[i * n + k] = l;
          for (let j = k + 1; j < n; j++) w[i * n + j] += l * w[k * n + j];
          if (logE[k] !== -Infinity) logE[i] = lae(logE[i], Math.log(l) + logE[k]);
        }
      }
      return { w, pivot };
    };
    const n = 203;
    const { off, excess } = randomSystem(n, 12345, 0);
    const ord = eliminationOrder(
      Float64Array.from({ length: n }, (_, i) => i),
      97,
    );
    const fac = mMatrixFactor(off, excess, n, ord, ELIMINATION_BLOCK, 'ts')!;
    const ref = reference(off, excess, n, ord);
    let same = true;
    for (let t = 0; t < n * n; t++) if (t % (n + 1) !== 0 && !Object.is(fac.w[t], ref.w[t])) same = false;
    for (let k = 0; k < n; k++) if (!Object.is(fac.pivot[k], ref.pivot[k])) same = false;
    expect(same).toBe(true);
  });

  it('the WebAssembly elimination gives factors bit-identical to the TypeScript one (n, block, order, zero rows, singular)', () => {
    // n not a multiple of 2, 4 or 64 (and 1, 2, 64, 65); blocks not multiples of 4 reach the single
    // pivots of the trailing update; identity and eliminationOrder's permutation; rows with no
    // off-diagonal mass. A singular system (a zero row that others lead into, with no excess) must
    // give null on both engines.
    let cases = 0;
    for (const [n, seed, zeroRows] of [
      [1, 1, 0],
      [2, 2, 0],
      [5, 3, 1],
      [63, 4, 0],
      [64, 5, 2],
      [65, 6, 0],
      [131, 7, 3],
      [203, 8, 0],
    ] as const) {
      const { off, excess } = randomSystem(n, seed, zeroRows);
      // Every node leads to the next and the last exits: nonsingular however the holes fall.
      for (let i = 0; i + 1 < n; i++) off[i * n + i + 1] ||= 5e-3;
      excess[n - 1] = 1e-3;
      const permuted = eliminationOrder(
        Float64Array.from({ length: n }, (_, i) => i),
        Math.floor(n / 3),
      );
      for (const order of [undefined, permuted]) {
        for (const block of [ELIMINATION_BLOCK, 7, 16, 1000]) {
          const ts = mMatrixFactor(off, excess, n, order, block, 'ts');
          const wasm = mMatrixFactor(off, excess, n, order, block, 'wasm');
          expect(ts, `n = ${n}`).not.toBeNull();
          expect(sameFactors(ts!, wasm!), `n = ${n}, block = ${block}, ${order ? 'permuted' : 'identity'}`).toBe(true);
          cases++;
        }
      }
    }
    expect(cases).toBe(64);
    const { off, excess } = randomSystem(97, 9, 0);
    off.fill(0, 40 * 97, 41 * 97);
    excess[40] = 0;
    for (const engine of ['ts', 'wasm'] as const)
      expect(mMatrixFactor(off, excess, 97, undefined, 16, engine)).toBeNull();
  });
});
