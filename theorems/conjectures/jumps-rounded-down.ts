/**
 * A false claim (must be rejected): the order is 1 + ⌊r/b⌋(α − 1), jumps rounded down. Taken
 * literally, ⌊r/b⌋ is 0 when b > r and when there is no clipping (r/∞ = 0), so the claim predicts
 * order 1 there; with r/b never an integer (the papers exclude it) the
 * floor is always one less than l* = ⌈r/b⌉, so the claim is off by α − 1 at every point.
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'jumps-rounded-down',
  statement: 'The exit order is 1 + l*(α − 1) with l* = ⌊r/b⌋ (jumps rounded down)',
  quantity: 'exit-order',
  predict: ({ tailIndex, basinRadius, truncation }) => 1 + Math.floor(basinRadius / truncation) * (tailIndex - 1),
});
