/**
 * Contrast (ICLR 2022 §2.2 remark; THEORY.md §7): without clipping the exit order is γ = α, set by
 * one large jump (E σ ≈ 1/(q H(1/η)) ∝ η^{−α}), whatever the basin's width in units of b.
 *
 * Unlike `exit-time-order`, the verdict here is the simulated fit: at b = ∞ the finite-η bias is
 * small enough to test the simulator's own scaling at affordable η. Measured on the exact chain,
 * local slopes on η ∈ [0.002, 0.1] are 1.181–1.203 for α = 1.2, 1.385–1.404 for α = 1.4 and 1.585–1.603 for α = 1.6 (paper
 * landscape, basin 2): a weighted fit over that range sits within 0.02 of α (exact fit over the
 * simulated step sizes: 1.198 for α = 1.2). The exact finite-η slope over the simulated step sizes
 * is shown next to the simulated γ̂ and α.
 */
import { defineTheorem } from '../src/verify/define.ts';
import { THEOREM1_PREDICTORS } from '../src/theory/predictors.ts';
import { PAPER } from '../src/experiments/exact-sweep.ts';
import { runUntruncatedOrder, SETTINGS, type Point } from '../src/experiments/theorem1/untruncated-order.ts';

/** γ = α without clipping (simulated weighted log-log fit). */
export const untruncatedOrder = defineTheorem<Point>({
  id: 'untruncated-order',
  title: 'Without clipping the exit order is γ = α (one large jump)',
  source: {
    paper: PAPER,
    theorem: 'Theorem 1 with b = ∞ (l* = 1); Imkeller–Pavlyukevich for the SDE',
    equation: 'E σ ≈ 1/(q H(1/η)) ∝ η^{−α} (THEORY.md §7)',
  },
  hypotheses: [
    {
      name: 'tailIndex',
      description: 'α of the Lomax noise (c = 0.1, symmetric); paper landscape, basin 2, b = ∞',
      range: [1.1, 1.9],
    },
  ],
  predictor: THEOREM1_PREDICTORS['theorem1.untruncated-exponent'],
  plan: {
    description:
      'runExitScaling over η ∈ {0.1, …, 0.002} (planner keeps the affordable ones), censored-exponential means, weighted log-log fit',
    // α = 1.6 needs more than the standard budget for a CI inside ±0.08 (measured ±0.094 with 21 s).
    points: {
      quick: [{ tailIndex: 1.2 }],
      standard: [{ tailIndex: 1.2 }, { tailIndex: 1.4 }],
      full: [{ tailIndex: 1.2 }, { tailIndex: 1.4 }, { tailIndex: 1.6 }],
    },
    settings: SETTINGS,
  },
  test: { name: 'weighted log-log slope of simulated censored-exponential means (z CI)', run: runUntruncatedOrder },
  tolerance: {
    value: 0.08,
    scale: 'absolute',
    reason:
      'finite-η bias measured on the exact chain: local slopes on η ∈ [0.002, 0.1] within 0.02 of α (α = 1.2, 1.4, 1.6); 0.08 is 4× that, and about half the 0.15 error a wrong exponent (e.g. the clipped γ = 1.4 for α = 1.2) must be caught by',
  },
  budgetShare: 2,
});
