/**
 * Stop-loss transforms of a noise law: π₊(z) = E(Z − z)⁺ = ∫_z^∞ P(Z > v) dv and
 * π₋(z) = E(−Z − z)⁺ = ∫_z^∞ P(Z < −v) dv for z ≥ 0.
 *
 * Why: the exact kernel integrates piecewise-linear test functions (hat functions) against the law of
 * the next iterate. A piecewise-linear function is a sum of ramps (y − t)⁺, so its expectation needs
 * only E(Y − t)⁺, i.e. π±, plus tail probabilities for jumps. Working from each side with the tail
 * (never 1 − CDF) keeps the far-tail entries (the rare big jumps that decide the exit time) accurate
 * to relative precision, without catastrophic cancellation.
 *
 * The only input is the `NoiseLaw` contract (`upperTail`, `lowerTail`, `scale`, `tailIndex`), so the
 * table works for every law the model layer provides. It is built once per law: nodes z = c·sinh(t)
 * on a uniform t grid (fine near 0, geometric far out), segment integrals by 5-point Gauss–Legendre
 * in t (summed from the far end, positive terms only), and cubic Hermite interpolation of log π in t
 * with the exact derivative d log π/dt = −P(tail)·dz/dt / π.
 */
import type { NoiseLaw } from '../model/types.ts';

const GL_X = [-0.906179845938664, -0.5384693101056831, 0, 0.5384693101056831, 0.906179845938664];
const GL_W = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891];

/** Step of the t = asinh(z/c) grid; Hermite error on log π is O(step⁴). */
const STEP = 0.02;
/** Largest tabulated t: z_max = c·sinh(22) ≈ 1.8e9·c, far beyond any jump a basin can see. */
const T_MAX = 22;

/** One side of the table (π₊ or π₋). */
interface Side {
  tail: (z: number) => number;
  /** Index of the segment holding a kink of the density (skewed Lomax), or −1. */
  kinkSegment: number;
  kink: number;
  pi: Float64Array;
  logPi: Float64Array;
  dLogPi: Float64Array;
  /** π at the last node (for the Pareto extrapolation beyond it). */
  piEnd: number;
}

/** Evaluators for the stop-loss transforms of one noise law (build with {@link buildStopLoss}). */
export interface StopLoss {
  /** E(Z − z)⁺ for z ≥ 0 (same units as Z). */
  upper(z: number): number;
  /** E(−Z − z)⁺ for z ≥ 0. */
  lower(z: number): number;
}

/** ∫ tail(c·sinh t)·c·cosh t dt over [t0, t1], 5-point Gauss–Legendre. */
function segmentIntegral(tail: (z: number) => number, scale: number, t0: number, t1: number): number {
  let s = 0;
  for (let q = 0; q < 5; q++) {
    const t = t0 + 0.5 * (t1 - t0) * (1 + GL_X[q]);
    s += GL_W[q] * tail(scale * Math.sinh(t)) * scale * Math.cosh(t);
  }
  return 0.5 * (t1 - t0) * s;
}

function buildSide(tail: (z: number) => number, scale: number, tailIndex: number | null, kinkZ: number | null): Side {
  const n = Math.round(T_MAX / STEP);
  const seg = new Float64Array(n);
  // A density jump (skewed Lomax: at Z = −c·shift) would cost Gauss–Legendre its order; split there.
  const kink = kinkZ !== null && kinkZ > 0 ? Math.asinh(kinkZ / scale) : -1;
  const kinkSegment = kink >= 0 && kink < n * STEP ? Math.floor(kink / STEP) : -1;
  for (let k = 0; k < n; k++) {
    const t0 = k * STEP;
    seg[k] =
      k === kinkSegment
        ? segmentIntegral(tail, scale, t0, kink) + segmentIntegral(tail, scale, kink, t0 + STEP)
        : segmentIntegral(tail, scale, t0, t0 + STEP);
  }
  const zEnd = scale * Math.sinh(n * STEP);
  const tailEnd = tail(zEnd);
  // Beyond z_max the tail is Pareto to leading order: ∫_z^∞ C v^−α dv = z·H(z)/(α − 1).
  const piEnd = tailIndex === null || !(tailIndex > 1) ? 0 : (tailEnd * zEnd) / (tailIndex - 1);
  const pi = new Float64Array(n + 1);
  pi[n] = piEnd;
  for (let k = n - 1; k >= 0; k--) pi[k] = pi[k + 1] + seg[k];
  const logPi = new Float64Array(n + 1);
  const dLogPi = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    const t = k * STEP;
    logPi[k] = Math.log(pi[k]);
    dLogPi[k] = pi[k] > 0 ? (-tail(scale * Math.sinh(t)) * scale * Math.cosh(t)) / pi[k] : 0;
  }
  return { tail, kinkSegment, kink, pi, logPi, dLogPi, piEnd };
}

function evaluate(side: Side, scale: number, tailIndex: number | null, z: number): number {
  const t = Math.asinh(z / scale);
  const n = side.logPi.length - 1;
  const u = t / STEP;
  if (u >= n) {
    if (tailIndex === null || side.piEnd === 0) return 0;
    return side.piEnd * Math.pow(z / (scale * Math.sinh(n * STEP)), 1 - tailIndex);
  }
  const k = Math.floor(u);
  if (k === side.kinkSegment) {
    // π is only C¹ across the kink: integrate exactly from z to the segment's right end instead.
    const t1 = (k + 1) * STEP;
    const part =
      t < side.kink
        ? segmentIntegral(side.tail, scale, t, side.kink) + segmentIntegral(side.tail, scale, side.kink, t1)
        : segmentIntegral(side.tail, scale, t, t1);
    return side.pi[k + 1] + part;
  }
  const y0 = side.logPi[k];
  const y1 = side.logPi[k + 1];
  // Light tails underflow far out (Gaussian beyond ~38σ): the transform is 0 to double precision.
  if (y1 === -Infinity || y0 === -Infinity) return 0;
  const s = u - k;
  const s2 = s * s;
  const s3 = s2 * s;
  const h00 = 2 * s3 - 3 * s2 + 1;
  const h10 = s3 - 2 * s2 + s;
  const h01 = -2 * s3 + 3 * s2;
  const h11 = s3 - s2;
  return Math.exp(h00 * y0 + h10 * STEP * side.dLogPi[k] + h01 * y1 + h11 * STEP * side.dLogPi[k + 1]);
}

/**
 * Tabulates π₊ and π₋ for `law` (about 11 000 tail evaluations per side; milliseconds for Lomax,
 * well under a second for the α-stable law whose tail is itself a quadrature).
 * @param law a resolved noise law (its `upperTail`/`lowerTail` must be exact and cancellation-free).
 * @returns evaluators with relative accuracy ≈ 1e-9 on [0, ~1e9·scale] and a Pareto extrapolation beyond.
 */
export function buildStopLoss(law: NoiseLaw): StopLoss {
  const c = law.scale;
  const alpha = law.tailIndex;
  // Skewed Lomax: Z = c(SW − shift) has a density jump at Z = −c·shift (S flips sign at W = 0).
  const spec = law.spec;
  const shift =
    spec.kind === 'lomax' && spec.pPlus !== undefined && spec.pPlus !== 0.5
      ? (2 * spec.pPlus - 1) / (spec.tailIndex - 1)
      : 0;
  const up = buildSide((z) => law.upperTail(z), c, alpha, shift !== 0 ? -c * shift : null);
  const low = buildSide((z) => law.lowerTail(z), c, alpha, shift !== 0 ? c * shift : null);
  return {
    upper: (z) => evaluate(up, c, alpha, z),
    lower: (z) => evaluate(low, c, alpha, z),
  };
}
