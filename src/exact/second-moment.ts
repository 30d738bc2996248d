/**
 * Truncated second-moment transforms of a noise law: Ψ₊(z) = ∫₀^z v·P(Z > v) dv and
 * Ψ₋(z) = ∫₀^z v·P(Z < −v) dv for z ≥ 0 (finite for every z, also when E Z² = ∞).
 *
 * Why: the moment-matched small-move part of the kernel (kernel.ts, `smallMoves`) needs the second
 * moment of X' within the two cells next to a node, E[(X' − x)²; x < X' < x + h] =
 * 2∫₀^h s·P(X' > x + s) ds − h²·P(X' ≥ x + h), i.e. Ψ and the stop-loss transforms. Tabulated like
 * stop-loss.ts: nodes z = c·sinh(t) on a uniform t grid, 5-point Gauss–Legendre per segment
 * (summed from 0, positive terms only), cubic Hermite interpolation in t with the exact derivative
 * dΨ/dt = z·P(tail)·dz/dt, and a Pareto extrapolation past the table. (A skewed Lomax's density
 * kink is not split out here: it costs the segment holding it some order, which the second moment of
 * a whole cell does not notice.)
 */
import type { NoiseLaw } from '../model/types.ts';

const GL_X = [-0.906179845938664, -0.5384693101056831, 0, 0.5384693101056831, 0.906179845938664];
const GL_W = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891];
const STEP = 0.02;
const T_MAX = 22;

interface Side {
  psi: Float64Array;
  dPsi: Float64Array;
  tail: (z: number) => number;
  /** The integrand z·P(tail)·dz/dt in t. */
  f: (t: number) => number;
}

function buildSide(tail: (z: number) => number, c: number): Side {
  const n = Math.round(T_MAX / STEP);
  const psi = new Float64Array(n + 1);
  const dPsi = new Float64Array(n + 1);
  const f = (t: number) => {
    const z = c * Math.sinh(t);
    return z * tail(z) * c * Math.cosh(t);
  };
  for (let k = 0; k < n; k++) {
    const t0 = k * STEP;
    let s = 0;
    for (let q = 0; q < 5; q++) s += GL_W[q] * f(t0 + 0.5 * STEP * (1 + GL_X[q]));
    psi[k + 1] = psi[k] + 0.5 * STEP * s;
  }
  for (let k = 0; k <= n; k++) dPsi[k] = f(k * STEP);
  return { psi, dPsi, tail, f };
}

function evaluate(side: Side, c: number, tailIndex: number | null, z: number): number {
  if (!(z > 0)) return 0;
  const t = Math.asinh(z / c);
  const n = side.psi.length - 1;
  const u = t / STEP;
  if (u >= n) {
    // Past z_end the tail is Pareto to leading order: ∫ v·T(z_end)(v/z_end)^−α dv.
    const zEnd = c * Math.sinh(n * STEP);
    const tEnd = side.tail(zEnd);
    if (tailIndex === null || tEnd === 0) return side.psi[n];
    const a = tailIndex;
    const grow = a === 2 ? zEnd * zEnd * Math.log(z / zEnd) : (zEnd * zEnd * (Math.pow(z / zEnd, 2 - a) - 1)) / (2 - a);
    return side.psi[n] + tEnd * grow;
  }
  const k = Math.floor(u);
  if (k === 0) {
    // Ψ ∝ z² near 0: the Hermite interpolant's relative error there is ~1e-4; integrate directly.
    let q = 0;
    for (let i = 0; i < 5; i++) q += GL_W[i] * side.f(0.5 * t * (1 + GL_X[i]));
    return 0.5 * t * q;
  }
  const s = u - k;
  const s2 = s * s;
  const s3 = s2 * s;
  return (
    (2 * s3 - 3 * s2 + 1) * side.psi[k] +
    (s3 - 2 * s2 + s) * STEP * side.dPsi[k] +
    (-2 * s3 + 3 * s2) * side.psi[k + 1] +
    (s3 - s2) * STEP * side.dPsi[k + 1]
  );
}

/** Evaluators of Ψ₊ and Ψ₋ for one noise law (build with {@link buildSecondMoments}). */
export interface SecondMoments {
  /** ∫₀^z v·P(Z > v) dv for z ≥ 0 (0 for z ≤ 0). */
  upper(z: number): number;
  /** ∫₀^z v·P(Z < −v) dv for z ≥ 0. */
  lower(z: number): number;
}

/**
 * Tabulates Ψ₊ and Ψ₋ (about 5 500 tail evaluations per side).
 * @example buildSecondMoments(createNoiseLaw({ kind: 'lomax', tailIndex: 1.5, scale: 0.2 })).upper(10)
 */
export function buildSecondMoments(law: NoiseLaw): SecondMoments {
  const c = law.scale;
  const up = buildSide((z) => law.upperTail(z), c);
  const low = buildSide((z) => law.lowerTail(z), c);
  return {
    upper: (z) => evaluate(up, c, law.tailIndex, z),
    lower: (z) => evaluate(low, c, law.tailIndex, z),
  };
}
