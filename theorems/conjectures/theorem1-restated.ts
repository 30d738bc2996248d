/**
 * Theorem 1 restated as a user conjecture (must be accepted): the mean exit steps scale as η^{−γ},
 * γ = 1 + l*(α − 1) with l* = ⌈r/b⌉ (1 without clipping). ICLR 2022 §2.2; THEORY.md §5.
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'theorem1-restated',
  statement: 'The exit order is 1 + l*(α − 1) with l* = ⌈r/b⌉ (1 without clipping)',
  quantity: 'exit-order',
  // b = Infinity (no clipping) gives r/b = 0, and one jump is still needed: hence the max with 1.
  predict: ({ tailIndex, basinRadius, truncation }) =>
    1 + Math.max(1, Math.ceil(basinRadius / truncation)) * (tailIndex - 1),
});
