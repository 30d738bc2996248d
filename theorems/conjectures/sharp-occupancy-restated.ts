/**
 * The derived leading-order sharp-basin share (THEORY.md §6 heuristic, as the built-in
 * sharp-minima-elimination): accepted within its ±50% band at η = 0.01. Simulated (costly: the
 * whole check is long trajectories).
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'sharp-occupancy-restated',
  statement: 'The share of steps in the sharp basins is the leading-order occupancy',
  quantity: 'sharp-occupancy',
  predict: ({ leadingOrderShare }) => leadingOrderShare,
});
