/**
 * Theorem 1's leading-order mean (accepted within the measured finite-η gap): E σ ≈ 1/(q_k λ_k(η)),
 * λ_k(η) = η·λ(η)^{l*}, λ(η) = H(1/η)/η (THEORY.md §4–5).
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'mean-leading-order',
  statement: 'The mean exit steps are 1/(q_k η λ(η)^{l*}) with λ(η) = H(1/η)/η',
  quantity: 'mean-exit-steps',
  predict: ({ exitRate, stepSize, tailAtInverseStep, jumpsNeeded }) =>
    1 / (exitRate * stepSize * (tailAtInverseStep / stepSize) ** jumpsNeeded),
});
