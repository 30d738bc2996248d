/**
 * Theorem 1, exit location: P(X_{σ_k} ∈ Ω_l) → q_{k,l}/q_k (ICLR 2022 §2.2, Theorem 1; the
 * constants are Lévy-measure integrals computed by `src/theory`).
 *
 * Finite-η bias: the landing probabilities converge slowly too. Measured on the exact chain,
 * P(land in Ω_1) from Ω_2 of the paper landscape at b = 0.5 is 0.883 (η = 0.05), 0.903 (0.01), 0.917
 * (0.001) against the limit 0.943; b = 0.28: 0.970, 0.982, 0.990 against 1; b = ∞, Ω_3: 0.175, 0.173
 * (η = 0.05, 0.01) against 0.157. So, as for the order, the verdict is taken on the exact chain at
 * η = 10⁻³ (observation: the exact probability, interval = its discretisation error, bounded by the
 * change between 800 and 1600 cells plus the Richardson estimate), and the simulated frequency at an
 * affordable η (Wilson CI) is shown next to the exact probability at that η and the limit.
 * Tolerance 0.04: the largest measured gap at η = 10⁻³ is 0.025 (b = 0.5: Ω_1 0.917 vs 0.943 and
 * Ω_3 0.083 vs 0.057; src/exact as of 3a3a85d).
 */
import { defineTheorem } from '../src/verify/define.ts';
import { THEOREM1_PREDICTORS } from '../src/theory/predictors.ts';
import { PAPER } from '../src/experiments/exact-sweep.ts';
import { runExitLocation, SETTINGS, type Point } from '../src/experiments/theorem1/exit-location.ts';

/** P(exit into Ω_l) → q_{k,l}/q_k on the paper's basin 2. */
export const exitLocation = defineTheorem<Point>({
  id: 'exit-location',
  title: 'Exit location: P(exit into Ω_l) → q_{k,l}/q_k',
  source: {
    paper: PAPER,
    theorem: 'Theorem 1 (§2.2)',
    equation: 'P(X_{σ_k} ∈ Ω_l) → q_{k,l}/q_k, q_{k,l} = μ_k(land in Ω_l) (THEORY.md §5)',
  },
  hypotheses: [
    {
      name: 'truncation',
      description: 'b (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1',
      values: [null, 0.5, 0.28],
    },
    { name: 'target', description: 'the basin l the exit lands in (1-based)', values: [1, 3, 4] },
  ],
  predictor: THEOREM1_PREDICTORS['theorem1.exit-location'],
  plan: {
    description:
      'exact landing probabilities at η = 0.001 (1600 vs 800 cells); simulated frequency (Wilson CI) at the smallest affordable η in {0.1, …, 0.01} beside it',
    points: {
      quick: [
        { truncation: 0.5, target: 1 },
        { truncation: null, target: 3 },
      ],
      standard: [
        { truncation: null, target: 1 },
        { truncation: null, target: 3 },
        { truncation: null, target: 4 },
        { truncation: 0.5, target: 1 },
        { truncation: 0.5, target: 3 },
        { truncation: 0.28, target: 1 },
      ],
      full: [
        { truncation: null, target: 1 },
        { truncation: null, target: 3 },
        { truncation: null, target: 4 },
        { truncation: 0.5, target: 1 },
        { truncation: 0.5, target: 3 },
        { truncation: 0.28, target: 1 },
      ],
    },
    settings: SETTINGS,
  },
  test: {
    name: 'exact landing probability at η = 0.001 with its discretisation bound; simulated frequency (Wilson CI) reported',
    run: runExitLocation,
  },
  tolerance: {
    value: 0.04,
    scale: 'absolute',
    reason:
      'finite-η bias measured on the exact chain at η = 0.001: |P − q_{k,l}/q_k| ≤ 0.0255 over the six (b, target) points (largest: b = 0.5, Ω_1 0.917 vs 0.943 and Ω_3 0.083 vs 0.057), decreasing with η; 0.04 covers it with the grid bound',
  },
  budgetShare: 0.5,
});
