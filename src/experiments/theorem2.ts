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
 * This module is the barrel of the Theorem 2 runners: theorem2-setting.ts (settings and limit theory),
 * sharp-exit-check.ts, occupancy-checks.ts, excursion-checks.ts and hierarchy-checks.ts.
 */
export * from '../theory/theorem2.ts';
export * from './sharp-exits.ts';
export * from './occupancy.ts';
export * from './excursions.ts';
export * from './hierarchy.ts';
export * from './embedded-chain.ts';
export * from './theorem2-support.ts';
