/**
 * A false claim (must be rejected): the jump count is read off the basin's half-width,
 * l* = ⌈(left + right)/(2b)⌉, instead of its radius (the nearer side). On the paper's landscape
 * (sides 0.6007 and 0.8993 of m_2) it gives exactly Theorem 1's l*: ⌈1.5⌉ = 2 at b = 0.5,
 * ⌈2.68⌉ = 3 at b = 0.28, and 1 without clipping; on the three-well landscape (0.6 and 0.9) too
 * (⌈1.875⌉ = 2 at b = 0.4, ⌈3⌉ = 3 at b = 0.25). It is wrong, by α − 1 in the order, wherever
 * the fractional parts of r/b and far/b add up past 1: the random settings with a large margin
 * (src/conjecture/family.ts: r/b = l* − 1 + f, far/b = l* + u with f, u ∈ [0.65, 0.85]).
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'jumps-from-half-width',
  statement: 'The exit order is 1 + l*(α − 1) with l* = ⌈(left + right)/(2b)⌉, the half-width of the basin over b',
  quantity: 'exit-order',
  predict: ({ tailIndex, leftDistance, rightDistance, truncation }) =>
    1 + Math.max(1, Math.ceil((leftDistance + rightDistance) / 2 / truncation)) * (tailIndex - 1),
});
