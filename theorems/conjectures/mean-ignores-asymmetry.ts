/**
 * A false claim (must be rejected): the mean exit steps are the leading order 1/(q̃_k η λ(η)^{l*})
 * with q̃_k the exit constant of the symmetrised noise (p₊ = ½), i.e. "the asymmetry of the noise
 * does not change how long the chain stays". Since each of the l* jumps of an exit goes toward its
 * side, q_k = Σ_sides (2p_side)^{l*} q̃_side (see exit-side-ignores-asymmetry.ts). Equal to Theorem 1
 * wherever p₊ = ½, so on the paper's and the three-well landscape exactly; on the random settings,
 * where the far side needs one jump more, q̃_k/q_k = (2p_near)^{−l*}: 1.23–2.8 for p₊ ∈ [0.3, 0.4] or
 * [0.6, 0.7] and l* ≤ 3.
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'mean-ignores-asymmetry',
  statement: 'The mean exit steps are 1/(q_k η λ(η)^{l*}) with q_k computed for symmetric noise (p₊ = ½)',
  quantity: 'mean-exit-steps',
  predict: ({ pPlus, jumpsNeeded, exitRate, exitRateLeft, stepSize, tailAtInverseStep }) => {
    const symmetric =
      exitRateLeft / (2 * (1 - pPlus)) ** jumpsNeeded + (exitRate - exitRateLeft) / (2 * pPlus) ** jumpsNeeded;
    return 1 / (symmetric * stepSize * (tailAtInverseStep / stepSize) ** jumpsNeeded);
  },
});
