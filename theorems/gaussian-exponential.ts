/**
 * Light-tailed contrast (THEORY.md §7; ICLR 2022 §1 and §3 control): with Gaussian noise the exit
 * time is exponential in 1/η, E σ ≈ (2π/(η√(f''(m)|f''(s)|)))·exp(2ΔU/(η σ²)) steps (Kramers), so
 * log(η·E σ) is linear in 1/η with slope 2ΔU/σ², a barrier HEIGHT (not a width as for heavy tails).
 *
 * Affordability: σ = 1.5 on the paper landscape's basin 4 (ΔU ≈ 0.326, slope 0.290): mean exit steps
 * run from 1.5·10² (η = 0.1) to 7·10⁷ (η = 0.02). Simulation affords η ≥ 0.05; the exact chain
 * reaches 0.02. As for the order, the verdict is the exact local slope between η = 0.03 and 0.02
 * (discretisation bound as interval); the simulated slope over the affordable η is shown beside it.
 * Measured exact local slopes of log(η m) on 1/η: 0.2850 (η 0.1→0.05), 0.2851 (0.05→0.03), 0.2870
 * (0.03→0.02) vs 0.2897: within 1.6%, closing as η decreases; basin 2 (slope 0.358): 0.346, 0.352,
 * 0.354 (within 3.4%).
 */
import { defineTheorem } from '../src/verify/define.ts';
import { THEOREM1_PREDICTORS } from '../src/theory/predictors.ts';
import { PAPER } from '../src/experiments/exact-sweep.ts';
import { runGaussianExponential, SETTINGS, type Point } from '../src/experiments/theorem1/gaussian-exponential.ts';

/** log(η E σ) linear in 1/η with slope 2ΔU/σ² for Gaussian noise. */
export const gaussianExponential = defineTheorem<Point>({
  id: 'gaussian-exponential',
  title: 'Gaussian noise: log mean exit steps linear in 1/η, slope 2ΔU/σ² (exponential, not polynomial, in 1/η)',
  source: {
    paper: PAPER,
    theorem: 'light-tailed baseline (Kramers / Freidlin–Wentzell), contrast to Theorem 1',
    equation: 'E σ ≈ (2π/(η√(f″(m)|f″(s)|)))·exp(2ΔU/(ησ²)) (THEORY.md §7)',
  },
  hypotheses: [
    { name: 'basin', description: 'basin of the paper landscape (start at its minimum)', values: [2, 4] },
    { name: 'noiseScale', description: 'σ of the Gaussian noise', range: [0.5, 3] },
  ],
  predictor: THEOREM1_PREDICTORS['theorem1.kramers-exponent'],
  plan: {
    description:
      'exact means at η ∈ {0.1, 0.05, 0.03, 0.02}; observation = local slope of log(η m) on 1/η at [0.02, 0.03]; simulated slope over η ∈ {0.1, …, 0.05} beside it',
    points: {
      quick: [{ basin: 4, noiseScale: 1.5 }],
      standard: [
        { basin: 4, noiseScale: 1.5 },
        { basin: 2, noiseScale: 1.5 },
      ],
      full: [
        { basin: 4, noiseScale: 1.5 },
        { basin: 2, noiseScale: 1.5 },
      ],
    },
    settings: SETTINGS,
  },
  test: {
    name: 'local slope of log(η · exact mean exit steps) on 1/η at η ∈ [0.02, 0.03] (discretisation bound); simulated weighted fit reported',
    run: runGaussianExponential,
  },
  tolerance: {
    value: 0.05,
    scale: 'relative',
    reason:
      'finite-η bias measured on the exact chain: local slopes at η ∈ [0.02, 0.03] are 1.0% (basin 4) and 1.1% (basin 2) below 2ΔU/σ², 3.4% at η ∈ [0.05, 0.1]; 5% covers them and still separates the exponential law from any polynomial one (slope → 0)',
  },
  budgetShare: 0.5,
});
