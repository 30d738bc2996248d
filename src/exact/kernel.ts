/**
 * One-step transition law of X' = φ_L(x − φ_b(η(f'(x) − Z))) (THEORY.md §1) and its integrals
 * against piecewise-linear test functions.
 *
 * Derivation. Unclipped, Y = μ + ηZ with μ = x − ηf'(x). Clipping the step to [−b, b] and then
 * projecting onto [−L, L] is one clamp: X' = clamp(Y, lo, hi) with lo = max(x − b, −L),
 * hi = min(x + b, L) (the two intervals both contain x, so the composition of the two clamps is the
 * clamp onto their intersection). The atoms at x ∓ b (clipped steps) and at ±L (box) are the masses
 * P(Y ≤ lo) and P(Y ≥ hi).
 *
 * A piecewise-linear function is a sum of ramps, so E g(X') needs only the ramp expectations
 * Λ₊(t) = E(X' − t)⁺ and Λ₋(t) = E(t − X')⁺, which follow from the stop-loss transforms of Z:
 * for lo ≤ t ≤ hi, Λ₊(t) = S₊(t) − S₊(hi) with S₊(t) = E(Y − t)⁺ = η·π₊((t − μ)/η) for t ≥ μ
 * (and (μ − t) + S₋(t) below μ), symmetrically for Λ₋. A hat function whose support lies left of the
 * bulk of X' is integrated with Λ₋, otherwise with Λ₊, so that no entry is a small difference of
 * large numbers: far-tail entries keep full relative precision.
 */
import type { NoiseLaw } from '../model/types.ts';
import type { StopLoss } from './stop-loss.ts';
import type { SecondMoments } from './second-moment.ts';

/** The chain: gradient, step size η, truncation b (Infinity = none), box L, noise law. */
export interface ChainModel {
  gradient(x: number): number;
  stepSize: number;
  truncation: number;
  box: number;
  law: NoiseLaw;
  stopLoss: StopLoss;
  /**
   * Present = moment-matched small moves (see {@link kernelRow}): the part of X' that stays within
   * the two cells next to the node is put on the three nodes with its exact mass, mean and variance.
   * Absent = plain hat projection.
   */
  secondMoments?: SecondMoments;
}

/** The law of X' from one start x, with its ramp expectations. Reused across rows (no allocation). */
export class NextStep {
  mu = 0;
  /**
   * The start x and the drift step μ − x = −ηf'(x), kept apart: t − μ is computed as (t − x) − shift,
   * never as t minus the rounded μ, whose cancellation costs ulp(x)/(η|f'(x)|) of relative precision:
   * with it the chain's mean exit time went wrong below η ≈ 1e-13 on flat wells; without it the
   * ratio to the leading order keeps converging to η = 1e-20 (`npm run measure:limit-window`).
   */
  private x = 0;
  private shift = 0;
  lo = 0;
  hi = 0;
  /** clamp(μ, lo, hi): where the bulk of X' sits. */
  centre = 0;
  /**
   * S₊(hi), S₊(lo), S₋(lo), S₋(hi) for the current start, computed on first use (NaN = not yet):
   * every ramp of a row subtracts one of them, so caching halves the stop-loss evaluations of a
   * kernel row (a pure function of the same arguments: the same bits).
   */
  private sPlusHi = NaN;
  private sPlusLo = NaN;
  private sMinusLo = NaN;
  private sMinusHi = NaN;
  private readonly eta: number;
  constructor(readonly model: ChainModel) {
    this.eta = model.stepSize;
  }

  /** Sets the start x ∈ [−L, L]. */
  at(x: number): this {
    const m = this.model;
    this.x = x;
    this.shift = -m.stepSize * m.gradient(x);
    this.mu = x + this.shift;
    this.lo = Math.max(x - m.truncation, -m.box);
    this.hi = Math.min(x + m.truncation, m.box);
    this.centre = this.mu < this.lo ? this.lo : this.mu > this.hi ? this.hi : this.mu;
    this.sPlusHi = this.sPlusLo = this.sMinusLo = this.sMinusHi = NaN;
    return this;
  }

  /** S₊(t) = E(Y − t)⁺ for the unclipped Y = μ + ηZ. */
  private sPlus(t: number): number {
    const d = t - this.x - this.shift;
    if (d >= 0) return this.eta * this.model.stopLoss.upper(d / this.eta);
    return -d + this.eta * this.model.stopLoss.lower(-d / this.eta);
  }

  /** S₋(t) = E(t − Y)⁺. */
  private sMinus(t: number): number {
    const d = this.shift - (t - this.x);
    if (d >= 0) return this.eta * this.model.stopLoss.lower(d / this.eta);
    return -d + this.eta * this.model.stopLoss.upper(-d / this.eta);
  }

  /** Λ₊(t) = E(X' − t)⁺. */
  rampUp(t: number): number {
    if (t >= this.hi) return 0;
    if (Number.isNaN(this.sPlusHi)) this.sPlusHi = this.sPlus(this.hi);
    if (t < this.lo) {
      if (Number.isNaN(this.sPlusLo)) this.sPlusLo = this.sPlus(this.lo);
      return this.lo - t + this.sPlusLo - this.sPlusHi;
    }
    return this.sPlus(t) - this.sPlusHi;
  }

  /** Λ₋(t) = E(t − X')⁺. */
  rampDown(t: number): number {
    if (t <= this.lo) return 0;
    if (Number.isNaN(this.sMinusLo)) this.sMinusLo = this.sMinus(this.lo);
    if (t > this.hi) {
      if (Number.isNaN(this.sMinusHi)) this.sMinusHi = this.sMinus(this.hi);
      return t - this.hi + this.sMinusHi - this.sMinusLo;
    }
    return this.sMinus(t) - this.sMinusLo;
  }

  /**
   * For X' within (x − h1, x + h2) (the supports of the hats next to x; null when a clip or box atom
   * lies inside): the variance the hat projection adds to that part of X',
   * V = E[d(h2 − d); 0 < d < h2] + E[d(h1 − d); 0 < d < h1] (d = |X' − x| on each side), and the
   * one-sided first moments E[d; side] that bound how much of it can be removed with non-negative
   * weights. Uses ∫_{za}^{zb} (z − za)P(Z > z) dz = A2(zb) − A2(za) − za(A1(zb) − A1(za)) with the
   * whole-line antiderivatives A1 = ∫₀ P(Z > v) dv (stop-loss) and A2 = ∫₀ v P(Z > v) dv (Ψ).
   */
  cellVarianceExcess(
    x: number,
    h1: number,
    h2: number,
    sm: SecondMoments,
  ): { excess: number; right: number; left: number } | null {
    if (!(x - h1 > this.lo && x + h2 < this.hi)) return null;
    const eta = this.eta;
    const sl = this.model.stopLoss;
    const up0 = sl.upper(0);
    const low0 = sl.lower(0);
    // Antiderivatives for the law of Z (sign +1) or of −Z (sign −1), from 0.
    const a1 = (z: number, sign: number): number => {
      const [same, other, s0, o0] = sign > 0 ? [sl.upper, sl.lower, up0, low0] : [sl.lower, sl.upper, low0, up0];
      return z >= 0 ? s0 - same(z) : z + o0 - other(-z);
    };
    const a2 = (z: number, sign: number): number => {
      const [same, other] = sign > 0 ? [sm.upper, sm.lower] : [sm.lower, sm.upper];
      return z >= 0 ? same(z) : 0.5 * z * z - other(-z);
    };
    const half = (za: number, zb: number, h: number, sign: number, first: number, beyond: number) => {
      const i2 = a2(zb, sign) - a2(za, sign) - za * (a1(zb, sign) - a1(za, sign));
      const second = 2 * eta * eta * i2 - h * h * beyond;
      return Math.max(0, h * first - second);
    };
    // (x − μ)/η without forming μ (see `shift`): x is the window's node, not necessarily the start.
    const dx = x - this.x - this.shift;
    const za = dx / eta;
    const pRight = this.probAtLeast(x + h2);
    const right = Math.max(0, this.rampUp(x) - this.rampUp(x + h2) - h2 * pRight);
    const pLeft = this.probAtMost(x - h1);
    const left = Math.max(0, this.rampDown(x) - this.rampDown(x - h1) - h1 * pLeft);
    const vRight = half(za, (dx + h2) / eta, h2, 1, right, pRight);
    const vLeft = half(-za, (h1 - dx) / eta, h1, -1, left, pLeft);
    return { excess: vRight + vLeft, right, left };
  }

  /** P(X' ≥ t), from the tail on its own side (no 1 − CDF in the far tail). */
  probAtLeast(t: number): number {
    if (t <= this.lo) return 1;
    if (t > this.hi) return 0;
    const z = (t - this.x - this.shift) / this.eta;
    return z >= 0 ? this.model.law.upperTail(z) : 1 - this.model.law.lowerTail(-z);
  }

  /** P(X' ≤ t). */
  probAtMost(t: number): number {
    if (t >= this.hi) return 1;
    if (t < this.lo) return 0;
    const z = (t - this.x - this.shift) / this.eta;
    return z <= 0 ? this.model.law.lowerTail(-z) : 1 - this.model.law.upperTail(z);
  }
}

/** Scratch space for {@link kernelRow}. */
export interface RowScratch {
  up: Float64Array;
  down: Float64Array;
}

/** Allocates scratch for grids of `nodes` points. */
export function rowScratch(nodes: number): RowScratch {
  return { up: new Float64Array(nodes), down: new Float64Array(nodes) };
}

/**
 * Transition weights from x onto the hat functions of a region's nodes: out[j] = E φ_j(X'), where
 * φ_j is the hat at node j cut to the region (X' outside the region contributes nothing). The
 * region is [x_0, x_n]; `leftExit` says x_0 is a saddle (X' ≤ x_0 leaves), otherwise x_0 = −L and
 * the box atom stays inside; likewise `rightExit` (X' ≥ x_n leaves).
 * @returns the probability of leaving the region in this step (left + right).
 */
export function kernelRow(
  step: NextStep,
  nodes: Float64Array,
  leftExit: boolean,
  rightExit: boolean,
  out: Float64Array,
  scratch: RowScratch,
): { left: number; right: number } {
  const n = nodes.length - 1;
  const { up, down } = scratch;
  const c = step.centre;
  // Λ₋ at nodes left of the bulk (hats entirely left of it), Λ₊ from just below the bulk upwards.
  let k0 = 0;
  while (k0 <= n && nodes[k0] <= c) k0++;
  for (let j = 0; j < k0; j++) down[j] = step.rampDown(nodes[j]);
  for (let j = Math.max(0, k0 - 2); j <= n; j++) up[j] = step.rampUp(nodes[j]);
  for (let j = 0; j <= n; j++) {
    let v: number;
    if (j === 0) {
      const h = nodes[1] - nodes[0];
      v = (step.rampDown(nodes[1]) - step.rampDown(nodes[0])) / h - (leftExit ? step.probAtMost(nodes[0]) : 0);
    } else if (j === n) {
      const h = nodes[n] - nodes[n - 1];
      v = (step.rampUp(nodes[n - 1]) - step.rampUp(nodes[n])) / h - (rightExit ? step.probAtLeast(nodes[n]) : 0);
    } else {
      const a = nodes[j - 1];
      const x = nodes[j];
      const b = nodes[j + 1];
      const h1 = x - a;
      const h2 = b - x;
      if (b <= c) {
        v = down[j - 1] / h1 - down[j] * (1 / h1 + 1 / h2) + down[j + 1] / h2;
      } else {
        v = up[j - 1] / h1 - up[j] * (1 / h1 + 1 / h2) + up[j + 1] / h2;
      }
    }
    out[j] = v > 0 ? v : 0;
  }
  const sm = step.model.secondMoments;
  if (sm) {
    // Moment-matched small moves. The bulk of X' (spread ≈ η·c, far below a cell at small η) is
    // projected by the hats onto x_{i−1}, x_i, x_{i+1} with the right mean but a variance of about
    // h·E|ηZ|, hundreds of times the true one at η = 1e-8: numerical diffusion that smears the
    // saddle's boundary layer (width ≈ c·η^{1−1/α}) over ≈ √(c·h/f'') and converges with order ≤ 1.
    // Taking out the excess V keeps mass and mean and makes the variance of that part exact; where
    // the mean shift is too large for that with non-negative weights (drift-dominated rows), as much
    // as can be removed is (the linear interpolation of a point mass at the mean: minimal variance).
    // One window only (the node nearest the bulk): neighbouring windows overlap.
    let i = 0;
    const c = step.centre;
    while (i < n && nodes[i + 1] <= c) i++;
    const nearest = i < n && nodes[i + 1] - c < c - nodes[i] ? i + 1 : i;
    for (const k of [nearest]) {
      if (k < 1 || k > n - 1) continue;
      const x = nodes[k];
      const h1 = x - nodes[k - 1];
      const h2 = nodes[k + 1] - x;
      const r = step.cellVarianceExcess(x, h1, h2, sm);
      if (!r) continue;
      const v = Math.min(r.excess, (h1 + h2) * r.right, (h1 + h2) * r.left);
      if (!(v > 0)) continue;
      out[k + 1] = Math.max(0, out[k + 1] - v / (h2 * (h1 + h2)));
      out[k - 1] = Math.max(0, out[k - 1] - v / (h1 * (h1 + h2)));
      out[k] += v / (h1 * h2);
    }
  }
  return {
    left: leftExit ? step.probAtMost(nodes[0]) : 0,
    right: rightExit ? step.probAtLeast(nodes[n]) : 0,
  };
}
