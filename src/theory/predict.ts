/**
 * Predictions of Theorem 1 (THEORY.md §5; ICLR Thm 1): mean exit steps, exit-location probabilities,
 * and the local log-log slope at any η, all with the exact tail H of the law.
 */
import type { NoiseLaw } from '../model/types.ts';
import { basinScale, localExitSlope } from './scales.ts';
import type { BasinConstants } from './constants.ts';

/**
 * Predicted mean exit steps 1/(q_k·λ_k(η)) (ICLR Thm 1: q_k λ_k(η) σ_k(η) ⇒ Exp(1)), λ_k from the
 * exact H (scales.ts). Infinity when q_k = 0. Leading order only: at finite η simulated means can
 * sit 15% or more below it (THEORY.md §5). @param stepSize η > 0.
 */
export function predictedMeanExitSteps(
  constants: BasinConstants,
  law: Pick<NoiseLaw, 'tail'>,
  stepSize: number,
): number {
  if (constants.exitRate === 0 || constants.jumpsNeeded === Infinity) return Infinity;
  return 1 / (constants.exitRate * basinScale(law, constants.jumpsNeeded, stepSize));
}

/**
 * P(exit lands in Ω_l) → q_{k,l}/q_k (ICLR Thm 1), index l − 1; all 0 when q_k = 0.
 */
export function exitLocationProbabilities(constants: BasinConstants): number[] {
  const q = constants.exitRate;
  return constants.exitRateByTarget.map((v) => (q > 0 ? v / q : 0));
}

/**
 * −d log E σ/d log η of the prediction at η, from the exact H (scales.ts `localExitSlope`): → γ_k
 * as η → 0 (THEORY.md §5).
 */
export function predictedLocalSlope(constants: BasinConstants, law: Pick<NoiseLaw, 'tail'>, stepSize: number): number {
  return localExitSlope(law, constants.jumpsNeeded, stepSize);
}
