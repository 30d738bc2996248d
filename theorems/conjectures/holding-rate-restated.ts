/**
 * Theorem 2 restated: a widest minimum i is left for another widest one at rate −Q(i, i) per unit of
 * λ*(η)-time. Simulated (costly: long trajectories with visit sequences).
 */
import { defineConjecture } from 'htsgd';

export default defineConjecture({
  id: 'holding-rate-restated',
  statement: 'The holding rate at widest minimum i is −Q(i,i) on the λ* clock',
  quantity: 'holding-rate',
  predict: ({ generatorRate }) => generatorRate,
});
