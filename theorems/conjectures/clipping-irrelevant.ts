/**
 * A false claim (must be rejected): clipping does not change the exit order, γ = α whatever b.
 * True only where l* = 1 (b = ∞ or b > r); wrong by (l* − 1)(α − 1) ≥ 0.2 elsewhere in the family.
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'clipping-irrelevant',
  statement: 'The exit order is the tail index, whatever the clipping threshold',
  quantity: 'exit-order',
  predict: ({ tailIndex }) => tailIndex,
});
