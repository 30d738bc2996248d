/**
 * Theorem 1, exit-time law: q_k λ_k(η) σ_k(η) ⇒ Exp(1) (ICLR 2022 §2.2, Theorem 1).
 *
 * The verdict judges q_k (issue 14 §1: the mean ratio E σ·q_k λ_k(η) → 1 judges q), with both links
 * of the evidence (src/experiments/theorem1/links.ts):
 * 1. simulator → chain at the smallest η affording ≥ 2000 chains: the simulated mean, P(exit left)
 *    and coefficient of variation against the exact chain's at that η (z tests, Bonferroni over the
 *    three; a rejection makes the check inconsistent). The CV is the law's shape: the exact chain's
 *    CV is within 0.002 of 1 at η ≤ 0.05, so a simulator whose law is not exponential fails here.
 * 2. chain → theory: the η → 0 limit m of E σ·q λ_k(η) over η = 1e-8 … 1e-18 (moment-matched
 *    oracle, extrapolated with error e) gives q_obs = q/m ± z·q·e/m², which must contain the
 *    predictor's q_k (rejection → inconsistent).
 * The KS test (scale estimated) and the finite-η trend of the scale ratio are reported.
 */
import { defineTheorem } from '../src/verify/define.ts';
import { THEOREM1_PREDICTORS } from '../src/theory/predictors.ts';
import { PAPER } from '../src/experiments/exact-sweep.ts';
import { runExitTimeLaw, SETTINGS, type Point } from '../src/experiments/theorem1/exit-time-law.ts';

/** q_k from the η → 0 limit of the exact mean (verdict), with the simulator judged against the chain. */
export const exitTimeLaw = defineTheorem<Point>({
  id: 'exit-time-law',
  title:
    'Scaled exit steps q_k λ_k(η) σ are Exp(1): the rate q_k from the η → 0 limit of E σ·λ_k(η), the shape by simulation',
  source: { paper: PAPER, theorem: 'Theorem 1 (§2.2)', equation: 'q_k λ_k(η) σ_k(η) ⇒ Exp(1) (THEORY.md §5)' },
  hypotheses: [
    {
      name: 'truncation',
      description: 'b (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1',
      values: [null, 0.5, 0.28],
    },
  ],
  predictor: THEOREM1_PREDICTORS['theorem1.exit-rate'],
  plan: {
    description:
      'exact chain swept over η = 1e-8 … 1e-18, q from the limit of E σ·q λ_k(η); runExit at the smallest η in {0.1, …, 0.005} affording ≥ 2000 chains (cap 40× the exact mean): mean, exit side and CV against the exact chain; KS and the scale trend reported',
    points: {
      quick: [{ truncation: 0.5 }],
      standard: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
      full: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
    },
    settings: SETTINGS,
  },
  test: {
    name: 'q from the η → 0 limit ± z·e (chain → theory); simulated mean, exit side and CV (delta method) vs exact at the same η (simulator → chain)',
    run: runExitTimeLaw,
  },
  tolerance: {
    value: 0.2,
    scale: 'relative',
    reason:
      'the theorem claims lim E σ·q λ_k(η) = 1 exactly, so the interval is the limit’s own ± z·e (e from src/asymptotics: oracle bounds fully correlated ⊕ Birge residuals ⊕ one- vs two-term spread; z from half the check’s share) and the chain → theory link tests the point hypothesis; 20% is the resolution a consistent verdict needs (a q off by a factor 1.25 cannot be consistent)',
  },
  budgetShare: 1,
});
