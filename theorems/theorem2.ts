/**
 * The Theorem 2 declarations (issue 5), in report order: Markov-chain limit (transition
 * probabilities, holding times), elimination of sharp minima (share, rate), the untruncated
 * all-minima chain, the truncation hierarchy and reducible G. The registry includes this list.
 */
import type { TheoremDeclaration } from '../src/verify/types.ts';
import { markovLimit, markovLimitHolding, markovLimitRandom } from './markov-limit.ts';
import { sharpMinimaElimination, sharpMinimaRate } from './sharp-minima-elimination.ts';
import { untruncatedAllMinima } from './untruncated-all-minima.ts';
import { truncationHierarchy } from './truncation-hierarchy.ts';
import { reducibleGraph, reducibleGraphTransient } from './reducible-graph.ts';

/** Every Theorem 2 declaration. */
export const theorem2Declarations: readonly TheoremDeclaration[] = [
  markovLimit,
  markovLimitHolding,
  markovLimitRandom,
  sharpMinimaElimination,
  sharpMinimaRate,
  untruncatedAllMinima,
  truncationHierarchy,
  reducibleGraph,
  reducibleGraphTransient,
];
