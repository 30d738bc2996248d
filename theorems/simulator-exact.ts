/**
 * The simulator is the chain of Theorem 1: at a moderate step size, simulated mean exit steps and
 * the exit side agree with the exact finite-η chain (`src/exact`, issue 7 item 5). No asymptotics
 * are involved, so the check is sharp (a few percent) and it is what catches wrong simulators:
 * clipping in the wrong place or at the wrong threshold, a wrong tail index or scale, asymmetric
 * noise, Student-t instead of Lomax with the same tail index (tens of percent).
 *
 * Observation: `mean-exit-steps`: the sample mean over chains capped at 50× the exact mean, CI
 * mean ± z·SE (CLT; z from the check's confidence). `exit-left`: the fraction of chains leaving
 * through s_{k−1}, Wilson CI.
 *
 * Censored chains (a chain at the cap: probability ~e^{−50} for the right chain, common for a wrong
 * simulator that stalls, e.g. clipping at b/2) are judged, not errors, and without assuming any law
 * of σ: E[min(σ, cap)] ≤ E[σ], so the mean of min(σ, cap) over all chains (censored ones counted at
 * the cap) is a lower bound of the true mean, and its CLT lower end is a lower confidence bound.
 * The CI is [that bound, ∞): `inconsistent` when it lies above predicted × (1 + tolerance), never
 * `consistent`. For the exit side, P(exit left) lies between left/N and (left + censored)/N, so the
 * CI runs from the Wilson lower end of the first to the Wilson upper end of the second.
 */
import { defineTheorem } from '../src/verify/define.ts';
import { PAPER } from '../src/experiments/exact-sweep.ts';
import { exactOf, runSimulatorExact, SETTINGS, type Point } from '../src/experiments/theorem1/simulator-exact.ts';

/** Simulated exit statistics against the exact finite-η chain of the same law, η and b. */
export const simulatorExact = defineTheorem<Point>({
  id: 'simulator-exact',
  title: 'The simulated chain is the chain of Theorem 1: exit mean and side agree with the exact finite-η oracle',
  source: {
    paper: PAPER,
    theorem: 'recursion of §2 (Theorem 1 is stated for it)',
    equation: 'X_n = φ_L(X_{n−1} − φ_b(η(f′(X_{n−1}) − Z_n))) (THEORY.md §1); m = 1 + P m on Ω_k (issue 7)',
  },
  hypotheses: [
    {
      name: 'truncation',
      description: 'b (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1',
      values: [null, 0.5, 0.28],
    },
    { name: 'stepSize', description: 'η (moderate: the exact oracle is accurate to < 0.5%)', range: [0.01, 0.1] },
    { name: 'statistic', description: 'what is compared', values: ['mean-exit-steps', 'exit-left'] },
  ],
  predictor: {
    name: 'exact.exactExit',
    compute: (p) => {
      const ex = exactOf(p);
      return p.statistic === 'exit-left'
        ? { value: ex.exitedLeft.value, details: { errorBound: ex.exitedLeft.errorEstimate } }
        : { value: ex.meanExitSteps, details: { errorBound: ex.errorEstimate } };
    },
  },
  plan: {
    description: 'runExit at one moderate η, chains from the budget at the exact mean (≥ 1000), cap 50× the exact mean',
    points: {
      // Quick: the clipped mean needs ~2·10⁴ chains × 1.7·10³ steps for its 5% band at the
      // Bonferroni confidence with power: standard tier; quick checks the clipped exit side.
      quick: [
        { truncation: null, stepSize: 0.05, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'exit-left' },
        { truncation: 0.5, stepSize: 0.1, statistic: 'exit-left' },
      ],
      standard: [
        { truncation: 0.5, stepSize: 0.1, statistic: 'mean-exit-steps' },
        { truncation: 0.5, stepSize: 0.1, statistic: 'exit-left' },
        { truncation: null, stepSize: 0.05, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'exit-left' },
        // The b = 0.28 mean needs ~10⁴ chains × 4·10⁴ steps for a 5% band: full tier only.
        { truncation: 0.28, stepSize: 0.1, statistic: 'exit-left' },
      ],
      full: [
        { truncation: 0.5, stepSize: 0.1, statistic: 'mean-exit-steps' },
        { truncation: 0.5, stepSize: 0.1, statistic: 'exit-left' },
        { truncation: 0.5, stepSize: 0.02, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'exit-left' },
        { truncation: null, stepSize: 0.01, statistic: 'mean-exit-steps' },
        { truncation: 0.28, stepSize: 0.1, statistic: 'mean-exit-steps' },
        { truncation: 0.28, stepSize: 0.1, statistic: 'exit-left' },
      ],
    },
    settings: SETTINGS,
  },
  test: {
    name: 'simulated mean (CLT CI) or exit-left fraction (Wilson CI) against the exact chain',
    run: runSimulatorExact,
  },
  tolerance: {
    value: 0.05,
    scale: 'relative',
    reason:
      'no asymptotics: the exact chain is the truth at this η up to its discretisation bound (< 0.5% of the mean, < 1e-3 in probability, measured at 800 cells); 5% is the narrowest band the quick tier resolves at the Bonferroni confidence (≈4.2/√chains with ≥ 10⁴ chains), and a wrong law, scale or clip moves the mean by tens of percent',
  },
  budgetShare: 3,
});
