/**
 * Runners of the Theorem 2 checks (issue 5; THEORY.md §6): the Markov-chain limit on the widest
 * minima, the elimination of sharp minima, the untruncated all-minima chain, and reducible G.
 *
 * Three experiments, all planned from the predicted time scales so that they fit the check's budget:
 * - `runSharpExitCheck`: chains started at a sharp minimum run to their first exit (`runExit`); the
 *   landing basin estimates q(k, l)/q(k), the transition probabilities out of sharp basins that θ is
 *   built from. Exits from a sharp basin take ~1/(q λ_{l*}(η)) steps, far fewer than a widest holding
 *   time, so this is the cheap and precise part of the Markov-chain claim.
 * - `runOccupancyCheck`: long trajectories (`runTrajectory`), occupancy per basin at several η; the
 *   sharp-basin share, its log-log slope in η, or the share of a chosen set of basins.
 * - `runExcursionCheck`: trajectories with visit sequences; excursions out of each widest minimum
 *   (which widest minimum comes next, through which sharp ones) and holding times in λ*(η) units.
 *
 * Confidence intervals: exit landings are binomial (Wilson); occupancy uses independent paths as
 * replicates (Student t over per-path shares, each path being many renewal cycles long); holding
 * times are exponential on the λ* clock in the limit, so the count of completed holdings over the
 * total exposure gives a Poisson rate with an exact chi-square interval (the unfinished last holding
 * of each path is censored exposure, not dropped).
 *
 * This module lists what the Theorem 2 declarations use (an explicit list, no `export *`): the limit theory (`src/theory/theorem2.ts`),
 * sharp-exits.ts, occupancy.ts, stationary-occupancy.ts, sharp-share.ts, excursions.ts, hierarchy.ts
 * and embedded-chain/.
 */
export {
  theorem2Setting,
  theorem2Theory,
  randomMarkovSetting,
  leadingOrderOccupancy,
  type Theorem2Setting,
  type Theorem2Theory,
} from '../theory/theorem2.ts';
export { embeddedPrediction, type EmbeddedStatistic } from '../theory/embedded-chain.ts';
export { runSharpExitCheck, type SharpExitOptions, type SharpExitPoint } from './sharp-exits.ts';
export { runOccupancyCheck, type OccupancyOptions, type OccupancyPoint } from './occupancy.ts';
export {
  runStationaryOccupancyCheck,
  stratifiedMean,
  type StationaryOccupancyOptions,
  type StationaryOccupancyPoint,
} from './stationary-occupancy.ts';
export {
  runSharpShareCheck,
  attributeSharpSteps,
  estimateStratifiedShare,
  estimateCompositeShare,
  type SharpShareOptions,
  type SharpSharePoint,
} from './sharp-share.ts';
export { runExcursionCheck, countExcursions, type ExcursionOptions, type ExcursionCounts } from './excursions.ts';
export {
  runHierarchyCheck,
  runTransientReturnCheck,
  exactExitOrder,
  type HierarchyOptions,
  type TransientReturnOptions,
} from './hierarchy.ts';
export { runEmbeddedChainCheck, type EmbeddedCheckOptions, type EmbeddedCheckPoint } from './embedded-chain/check.ts';
