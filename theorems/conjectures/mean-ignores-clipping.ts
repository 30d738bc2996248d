/**
 * A false claim (must be rejected): the mean exit steps are the untruncated ones, 1/(q_k H(1/η)),
 * whatever the clipping (THEORY.md §7's baseline applied with clipping). It equals the leading
 * order 1/(q_k η λ(η)^{l*}) when l* = 1 and misses it by the factor λ(η)^{1−l*} (about 63 at
 * η = 10⁻³, α = 1.2, l* = 2) when clipping forces more jumps.
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'mean-ignores-clipping',
  statement: 'The mean exit steps are 1/(q_k H(1/η)), as without clipping',
  quantity: 'mean-exit-steps',
  predict: ({ exitRate, tailAtInverseStep }) => 1 / (exitRate * tailAtInverseStep),
});
