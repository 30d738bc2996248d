/**
 * Theorem 1, exit-time order: E σ_k(η) ≍ η^{−γ} steps with γ = 1 + l*(α − 1) (ICLR 2022 §2.2,
 * Theorem 1, with λ_k(η) = η·λ(η)^{l*}, λ(η) = H(1/η)/η; THEORY.md §5 for the Pareto-tail form).
 *
 * Finite-η bias (issue 4 item 5) and how the check handles it. On the paper's landscape the
 * log-log slope of the mean exit steps at affordable η (≥ 0.01 for b = 0.5) is biased low
 * (1.30–1.36 for γ = 1.4 on [0.01, 0.1]; 1.50–1.57 for γ = 1.6): the corrections decay like η^{α−1} = η^{0.2}.
 * So the verdict is taken where the chain is nearly asymptotic, on the exact finite-η oracle:
 *   observed = local slope of the exact mean exit steps between η = 4·10⁻³ and 10⁻³ (settings),
 *   with the discretisation error bound as its interval.
 * Measured (exact, 1600 cells, src/exact as of 3a3a85d): local slopes on [10⁻³, 4·10⁻³] are 1.2044
 * ± 0.0003 (b = ∞, γ = 1.2), 1.4085 ± 0.003 (b = 0.5, γ = 1.4) and 1.622 ± 0.013 (b = 0.28,
 * γ = 1.6), and between 5·10⁻⁴ and 10⁻³: 1.2043, 1.414 and 1.625 ± 0.05. The slopes overshoot γ
 * slightly before settling, as THEORY.md §5 warns; the overshoot (≤ 0.025)
 * itself decays like η^{0.2}, so it cannot be removed by going a little smaller. The tolerance is
 * 0.05: twice the largest measured overshoot, and a third of the 0.15 error the check must catch
 * (an exponent off by ≥ 0.15 has its band [γ' − 0.05, γ' + 0.05] at ≥ 0.078 from every measured
 * slope, farther than the ≤ 0.013 interval half-widths).
 *
 * The simulated fit at affordable η (the planner's choice within the check's time budget) is shown
 * next to the exact finite-η slope over the same step sizes and to γ: three numbers side by side
 * (issue 7 item 5). Whether the simulator IS that chain is the `simulator-exact` check.
 */
import { defineTheorem } from '../src/verify/define.ts';
import { THEOREM1_PREDICTORS } from '../src/theory/predictors.ts';
import { PAPER } from '../src/experiments/exact-sweep.ts';
import { runExitTimeOrder, SETTINGS, type Point } from '../src/experiments/theorem1/exit-time-order.ts';

/** γ = 1 + l*(α − 1) on the paper's basin 2 from `theoryReport` (b = null: no clipping, γ = α). */
export const exitTimeOrder = defineTheorem<Point>({
  id: 'exit-time-order',
  title: 'Mean exit steps scale as η^{−γ}, γ = 1 + l*(α − 1) (clipped heavy-tailed SGD)',
  source: {
    paper: PAPER,
    theorem: 'Theorem 1 (§2.2)',
    equation:
      'q_k λ_k(η) σ_k(η) ⇒ Exp(1), λ_k(η) = η λ(η)^{l*}; Pareto tails: E σ ≈ η^{−γ}/(q C^{l*}), γ = 1 + l*(α − 1) (THEORY.md §5)',
  },
  hypotheses: [
    {
      name: 'truncation',
      description:
        'truncation threshold b of the whole step (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1',
      values: [null, 0.5, 0.28],
      unit: 'x units',
    },
  ],
  predictor: THEOREM1_PREDICTORS['theorem1.exit-exponent'],
  plan: {
    description:
      'exact finite-η means (src/exact) on η = 0.1 … 0.001; observation = local slope on [0.001, 0.004]; simulated fit at the affordable η shown beside it',
    points: {
      quick: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
      standard: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
      full: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
    },
    settings: SETTINGS,
  },
  test: {
    name: 'local slope of exact finite-η mean exit steps at η ∈ [0.001, 0.004] (discretisation bound); simulated weighted log-log fit reported beside it',
    run: runExitTimeOrder,
  },
  tolerance: {
    value: 0.05,
    scale: 'absolute',
    reason:
      'finite-η bias measured on the exact chain (1600 cells): local slopes on [0.001, 0.004] exceed γ by 0.004 (b = ∞), 0.009 (b = 0.5), 0.022 (b = 0.28), and by up to 0.025 on [5e-4, 1e-3]; the overshoot decays like η^{α−1}. 0.05 is 2× the largest and a third of the 0.15 error the check must catch.',
  },
  budgetShare: 2,
});
