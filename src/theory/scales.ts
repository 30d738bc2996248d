/**
 * Scales of the theorems computed with the noise law's exact tail H(x) = P(|Z| > x), not its Pareto
 * asymptotic (THEORY.md §4–6; ICLR eq. for λ(η) and Thm 1–2).
 *
 * Scale bookkeeping (why q is in units of ν_α and H carries the law's scale): a step's noise jump is
 * η·Z, and P(η|Z| > x) = H(x/η) = H(1/η)·[H(x/η)/H(1/η)] → H(1/η)·x^{−α} by regular variation. So
 * per step, jumps of η·Z form a Poisson-like stream of intensity H(1/η)·ν_α, with ν_α[x,∞) = p₊x^{−α}.
 * The l* jumps of an exit must fall within O(1) flow time, i.e. O(1/η) steps of each other, which
 * costs (H(1/η)/η)^{l*−1}. Hence the exit rate per step is q·H(1/η)·(H(1/η)/η)^{l*−1} = q·λ_i(η).
 * For Z = c·S·W (Lomax), H(x) ≈ c^α x^{−α}: doubling c multiplies λ_i by ≈ 2^{α·l*}, so predicted
 * mean exit steps for scale c are ≈ 2^{α·l*} times those for 2c.
 */
import type { NoiseLaw } from '../model/types.ts';
import { invalidOption } from '../core/errors.ts';

function checkStep(api: string, stepSize: number): void {
  if (!(typeof stepSize === 'number' && stepSize > 0 && Number.isFinite(stepSize))) {
    throw invalidOption(api, 'stepSize', 'a finite number > 0', stepSize);
  }
}

/** γ_i = 1 + l*_i(α − 1) (THEORY.md §5): E σ ∝ η^{−γ} for Pareto-type tails; γ = α for l* = 1. */
export function exitExponent(jumpsNeeded: number, tailIndex: number): number {
  return 1 + jumpsNeeded * (tailIndex - 1);
}

/**
 * λ(η) = H(1/η)/η (THEORY.md §4), per step. @param stepSize η > 0.
 * @throws InputError on a non-positive η.
 */
export function lambda(law: Pick<NoiseLaw, 'tail'>, stepSize: number): number {
  checkStep('lambda', stepSize);
  return law.tail(1 / stepSize) / stepSize;
}

/**
 * λ_i(η) = H(1/η)·(H(1/η)/η)^{l*−1} = η·λ(η)^{l*} (THEORY.md §4, ICLR Thm 1): the exit rate per step
 * of basin i divided by q_i. @param jumpsNeeded l* ≥ 1.
 */
export function basinScale(law: Pick<NoiseLaw, 'tail'>, jumpsNeeded: number, stepSize: number): number {
  checkStep('basinScale', stepSize);
  const H = law.tail(1 / stepSize);
  return H * Math.pow(H / stepSize, jumpsNeeded - 1);
}

/** λ*(η) = η·λ(η)^{l_max} (THEORY.md §6, ICLR Thm 2): steps → limiting-chain time is t = n·λ*(η). */
export function chainTimeScale(law: Pick<NoiseLaw, 'tail'>, maxJumps: number, stepSize: number): number {
  return basinScale(law, maxJumps, stepSize);
}

/**
 * The exact local exponent −d log E σ/d log η of the leading-order prediction 1/(q·λ_i(η)) at η:
 * l*·κ(1/η) − (l* − 1) with κ(x) = −d log H/d log x (central difference, relative step 1e-4).
 * Tends to γ = 1 + l*(α − 1) as η → 0; at finite η it shows how far the exact H is from Pareto.
 */
export function localExitSlope(law: Pick<NoiseLaw, 'tail'>, jumpsNeeded: number, stepSize: number): number {
  checkStep('localExitSlope', stepSize);
  const x = 1 / stepSize;
  const h = 1e-4;
  const kappa = -(Math.log(law.tail(x * Math.exp(h))) - Math.log(law.tail(x * Math.exp(-h)))) / (2 * h);
  return jumpsNeeded * kappa - (jumpsNeeded - 1);
}
