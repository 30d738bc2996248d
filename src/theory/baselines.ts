/**
 * The contrasts the suite must reproduce (THEORY.md §7): untruncated heavy tails (γ = α, q from
 * single jumps; Imkeller–Pavlyukevich) and Gaussian noise (Kramers / Freidlin–Wentzell exponent
 * 2ΔU/σ² and the 1-D Eyring–Kramers prefactor).
 */
import type { NoiseLaw } from '../model/types.ts';
import { invalidOption } from '../core/errors.ts';
import { exitConstants, type BasinConstants } from './constants.ts';
import type { TheoryLandscape } from './geometry.ts';

/** Untruncated exit exponent: E σ ∝ η^{−α} (THEORY.md §7), i.e. γ = α. */
export function untruncatedExitExponent(tailIndex: number): number {
  return tailIndex;
}

/** q_k, q_{k,l} without clipping (b = ∞, single jumps; THEORY.md §5 l* = 1 closed form). */
export function untruncatedConstants(landscape: TheoryLandscape, tailIndex: number, pPlus: number): BasinConstants[] {
  return exitConstants(landscape, Infinity, tailIndex, pPlus);
}

/**
 * Untruncated mean exit steps E σ ≈ 1/(q·H(1/η)) (THEORY.md §7). @param stepSize η > 0.
 */
export function untruncatedMeanExitSteps(exitRate: number, law: Pick<NoiseLaw, 'tail'>, stepSize: number): number {
  if (!(stepSize > 0 && Number.isFinite(stepSize)))
    throw invalidOption('untruncatedMeanExitSteps', 'stepSize', 'a finite number > 0', stepSize);
  return 1 / (exitRate * law.tail(1 / stepSize));
}

/** Kramers data of one basin under Gaussian noise Z = σ·N(0, 1). */
export interface KramersBasin {
  readonly basin: number;
  /** min over crossable saddles of f(s) − f(m_k). */
  readonly barrier: number;
  /** 2ΔU/σ²: log E σ ≈ exponent/η (Freidlin–Wentzell). */
  readonly exponent: number;
  /**
   * Eyring–Kramers rate per unit time at η → the mean exit steps are
   * 1/(η·Σ_s √(f''(m)|f''(s)|)/(2π)·exp(−2ΔU_s/(ησ²))) (THEORY.md §7).
   */
  meanExitSteps(stepSize: number): number;
}

/**
 * Kramers baseline per basin (THEORY.md §7): the step x ← x − η f'(x) + η σ N is the Euler scheme of
 * dX = −f'dt + √η σ dW on time t = nη, i.e. temperature ε = ησ²/2, so the rate over saddle s is
 * √(f''(m)|f''(s)|)/(2π)·exp(−ΔU_s/ε) per unit time and η times that per step. Clipping does not change
 * it (light tails never need a big jump). @param noiseScale σ > 0.
 */
export function kramersBaseline(landscape: TheoryLandscape, noiseScale: number): KramersBasin[] {
  if (!(noiseScale > 0 && Number.isFinite(noiseScale)))
    throw invalidOption('kramersBaseline', 'noiseScale', 'a finite number > 0', noiseScale);
  const { minima, saddles } = landscape;
  const sigma2 = noiseScale * noiseScale;
  return minima.map((m, k) => {
    const sides = [k > 0 ? saddles[k - 1] : null, k < saddles.length ? saddles[k] : null].filter(
      (s): s is number => s !== null,
    );
    const fm = landscape.value(m);
    const cm = landscape.curvature(m);
    const terms = sides.map((s) => ({
      barrier: landscape.value(s) - fm,
      prefactor: Math.sqrt(cm * Math.abs(landscape.curvature(s))) / (2 * Math.PI),
    }));
    const barrier = terms.length ? Math.min(...terms.map((t) => t.barrier)) : Infinity;
    return {
      basin: k + 1,
      barrier,
      exponent: (2 * barrier) / sigma2,
      meanExitSteps(stepSize: number): number {
        // Factor out the smallest barrier so that the sum never underflows.
        const rate = terms.reduce(
          (s, t) => s + t.prefactor * Math.exp((-2 * (t.barrier - barrier)) / (stepSize * sigma2)),
          0,
        );
        return Math.exp((2 * barrier) / (stepSize * sigma2)) / (stepSize * rate);
      },
    };
  });
}
