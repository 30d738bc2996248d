/**
 * Theorem 1's exit location restated (must be accepted): P(exit lands in Ω_l) → q_{k,l}/q_k.
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'exit-location-restated',
  statement: 'The exit from Ω_k lands in Ω_l with probability q_{k,l}/q_k',
  quantity: 'exit-location',
  predict: ({ exitRateToTarget, exitRate }) => exitRateToTarget / exitRate,
});
