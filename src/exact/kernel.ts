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

/** The chain: gradient, step size η, truncation b (Infinity = none), box L, noise law. */
export interface ChainModel {
  gradient(x: number): number;
  stepSize: number;
  truncation: number;
  box: number;
  law: NoiseLaw;
  stopLoss: StopLoss;
}

/** The law of X' from one start x, with its ramp expectations. Reused across rows (no allocation). */
export class NextStep {
  mu = 0;
  lo = 0;
  hi = 0;
  /** clamp(μ, lo, hi): where the bulk of X' sits. */
  centre = 0;
  private readonly eta: number;
  constructor(private readonly model: ChainModel) {
    this.eta = model.stepSize;
  }

  /** Sets the start x ∈ [−L, L]. */
  at(x: number): this {
    const m = this.model;
    this.mu = x - m.stepSize * m.gradient(x);
    this.lo = Math.max(x - m.truncation, -m.box);
    this.hi = Math.min(x + m.truncation, m.box);
    this.centre = this.mu < this.lo ? this.lo : this.mu > this.hi ? this.hi : this.mu;
    return this;
  }

  /** S₊(t) = E(Y − t)⁺ for the unclipped Y = μ + ηZ. */
  private sPlus(t: number): number {
    const d = t - this.mu;
    if (d >= 0) return this.eta * this.model.stopLoss.upper(d / this.eta);
    return -d + this.eta * this.model.stopLoss.lower(-d / this.eta);
  }

  /** S₋(t) = E(t − Y)⁺. */
  private sMinus(t: number): number {
    const d = this.mu - t;
    if (d >= 0) return this.eta * this.model.stopLoss.lower(d / this.eta);
    return -d + this.eta * this.model.stopLoss.upper(-d / this.eta);
  }

  /** Λ₊(t) = E(X' − t)⁺. */
  rampUp(t: number): number {
    if (t >= this.hi) return 0;
    if (t < this.lo) return this.lo - t + this.sPlus(this.lo) - this.sPlus(this.hi);
    return this.sPlus(t) - this.sPlus(this.hi);
  }

  /** Λ₋(t) = E(t − X')⁺. */
  rampDown(t: number): number {
    if (t <= this.lo) return 0;
    if (t > this.hi) return t - this.hi + this.sMinus(this.hi) - this.sMinus(this.lo);
    return this.sMinus(t) - this.sMinus(this.lo);
  }

  /** P(X' ≥ t), from the tail on its own side (no 1 − CDF in the far tail). */
  probAtLeast(t: number): number {
    if (t <= this.lo) return 1;
    if (t > this.hi) return 0;
    const z = (t - this.mu) / this.eta;
    return z >= 0 ? this.model.law.upperTail(z) : 1 - this.model.law.lowerTail(-z);
  }

  /** P(X' ≤ t). */
  probAtMost(t: number): number {
    if (t >= this.hi) return 1;
    if (t < this.lo) return 0;
    const z = (t - this.mu) / this.eta;
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
  return {
    left: leftExit ? step.probAtMost(nodes[0]) : 0,
    right: rightExit ? step.probAtLeast(nodes[n]) : 0,
  };
}
