/**
 * Theorem 1, exit location: P(X_{σ_k} ∈ Ω_l) → q_{k,l}/q_k (ICLR 2022 §2.2, Theorem 1; the
 * constants are Lévy-measure integrals computed by `src/theory`).
 *
 * Two links (issue 14 §2, src/experiments/theorem1/links.ts):
 * 1. simulator → chain (every point): the simulated landing frequency at the smallest affordable η
 *    against the exact chain's probability at that η (z test; rejection → inconsistent);
 * 2. chain → theory: for Ω_1, the only basin left of Ω_2, P(land in Ω_1) = P(exit left), whose η → 0
 *    limit the moment-matched oracle extrapolates with an error (η = 1e-5 … 1e-10); the observation
 *    is that limit ± z·e and the link rejects when it misses q_{2,1}/q_2. For Ω_3, Ω_4 src/exact gives
 *    no per-target error bound yet, so those points keep the finite-η observation: the exact
 *    probability at η = 10⁻³ with its 800-vs-1600-cell bound, against a band that covers the
 *    measured finite-η gap (b = 0.5, Ω_3: 0.083 vs 0.057 at η = 10⁻³, src/exact as of 3a3a85d).
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
      'Ω_1 points: the theorem claims the limit equals q_{k,l}/q_k, so the interval is the limit ± z·e alone (e from src/asymptotics: oracle bounds fully correlated ⊕ Birge residuals ⊕ one- vs two-term spread; z from half the check’s share) and the chain → theory link tests the point hypothesis; 0.04 is then only the resolution a consistent verdict needs. Ω_3, Ω_4 points (no per-target error bound in the oracle yet): finite-η bias measured on the exact chain at η = 0.001, |P − q_{k,l}/q_k| ≤ 0.0255 (b = 0.5, Ω_3 0.083 vs 0.057), which 0.04 covers with the grid bound',
  },
  budgetShare: 0.5,
});
