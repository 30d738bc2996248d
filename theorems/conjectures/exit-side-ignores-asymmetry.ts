/**
 * A false claim (must be rejected): where the exit lands does not depend on the asymmetry of the
 * noise, P(exit lands in Ω_l) → q̃_{k,l}/q̃_k with q̃ the constants of the symmetrised noise (p₊ = ½).
 * An exit needs l* jumps all toward the side of Ω_l (l* − 1 jumps of size ≤ b cannot cover r even
 * after a backward one), so q_{k,l} = (2p_l)^{l*} q̃_{k,l} with p_l = p₋ left and p₊ right, and the
 * symmetrised constants follow from Theorem 1's. Equal to Theorem 1 wherever p₊ = ½, so on the
 * paper's and the three-well landscape exactly; wrong on the random settings (p₊ ∈ [0.3, 0.4] or
 * [0.6, 0.7]), by a factor ((1 − p₊)/p₊)^{l*} in the odds of the two sides.
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'exit-side-ignores-asymmetry',
  statement: 'The exit from Ω_k lands in Ω_l with probability q_{k,l}/q_k computed for symmetric noise (p₊ = ½)',
  quantity: 'exit-location',
  predict: ({ target, basin, pPlus, jumpsNeeded, exitRate, exitRateLeft, exitRateToTarget }) => {
    const w = (left: boolean) => (2 * (left ? 1 - pPlus : pPlus)) ** jumpsNeeded;
    const symmetric = exitRateLeft / w(true) + (exitRate - exitRateLeft) / w(false);
    return exitRateToTarget / w(target < basin) / symmetric;
  },
});
