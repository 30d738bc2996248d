/**
 * Light-tailed contrast (THEORY.md §7; ICLR 2022 §1 and §3 control): with Gaussian noise the exit
 * time is exponential in 1/η, E σ ≈ (2π/(η√(f''(m)|f''(s)|)))·exp(2ΔU/(η σ²)) steps (Kramers), so
 * log(η·E σ) = S/η + O(1) with S = 2ΔU/σ², a barrier HEIGHT (not a width as for heavy tails): the
 * limit S = lim_{η→0} η·log(η E σ) is the claim.
 *
 * Affordability: σ = 1.5 on the paper landscape's basin 4 (ΔU ≈ 0.326, S = 0.290): exact mean exit
 * steps 149 (η = 0.1), 5.2·10³ (0.05), 3.9·10⁵ (0.03), 6.9·10⁷ (0.02) (fixtures/measurements/gaussian-limit.txt,
 * `npm run measure:gaussian-limit`): exits are exponentially rare in 1/η, so the simulation runs where
 * it is affordable, η ∈ {0.1, 0.05} (200 exits at η = 0.03 would already cost 8·10⁷ steps), and the
 * exact chain goes down to η = 0.0125. The verdict needs both links (issue 14 §2,
 * src/experiments/theorem1/links.ts):
 * 1. simulator → chain, at the simulated η (`scalingLink`): the simulated slope of log(η·mean) on 1/η
 *    against the exact chain's over the same η (same weights), and the simulated mean and exit side at
 *    η = 0.05 against the exact chain's (z tests at half the check's significance; a rejection makes
 *    the check inconsistent);
 * 2. chain → theory, on the η → 0 limit: Q(η) = η·log(η E σ) from the exact oracle over
 *    η = 0.05 … 0.0125 (quick: … 0.0175), extrapolated as Q = S + a₁η + a₂η^{3/2} + a₃η² (the η^{3/2}
 *    term is the discrete chain's overshoot of the saddle: src/experiments/theorem1/gaussian-exponential.ts),
 *    must contain S within ± z·e (a rejection makes the check inconsistent). The observation is that
 *    limit ± z·e.
 * Why not a finite-η slope any more: the local slopes of log(η E σ) on 1/η still climb at the
 * smallest η the oracle resolves (basin 4, 1600 cells: 0.2856 at 0.04 → 0.03, 0.2873 at 0.025 → 0.02,
 * 0.2884 at 0.015 → 0.0125, 0.2887 at 0.0125 → 0.01, vs S = 0.2897), so any band around a finite-η
 * value is a measured offset; the limit has an error model instead. Measured by
 * `npm run measure:gaussian-limit` (fixtures/measurements/gaussian-limit.txt): limits 0.28957 ± 0.0011
 * (basin 4, S = 0.28972) and 0.35777 ± 0.0032 (basin 2, S = 0.35806) at the standard tier.
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
      'exact means at η = 0.05 … 0.0125 (quick: … 0.0175); observation = the η → 0 limit of η·log(η m), extrapolated as S + a₁η + a₂η^{3/2} + a₃η², ± z·e (chain → theory); simulation where exits are affordable, η ∈ {0.1, 0.05}: its slope, and its mean and exit side at 0.05, against the exact chain at the same η (simulator → chain)',
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
    name: 'η → 0 limit of η·log(η · exact mean exit steps) ± z·e (chain → theory) and simulated vs exact slope, mean and exit side at η ∈ [0.05, 0.1] (simulator → chain)',
    run: runGaussianExponential,
  },
  tolerance: {
    value: 0.05,
    scale: 'relative',
    reason:
      'the claim is lim η·log(η E σ) = 2ΔU/σ² exactly, so the interval is the extrapolated limit ± z·e alone: e = the oracle bounds η·log(1 + ε) propagated fully correlated ⊕ Birge-inflated residuals ⊕ |three-term − two-term| spread of the series S + a₁η + a₂η^{3/2} + a₃η² ⊕ window shift (src/asymptotics extrapolateSeries; the η^{3/2} term is the chain’s overshoot of the saddle, and with it the two-term fit’s χ²/ν on basin 4 is 0.40 against 1.82 for S + a₁η + a₂η²), z from half the check’s share of the run’s budget (z = 4.41 standard, 4.08 in the quick test). Measured (`npm run measure:gaussian-limit`, fixtures/measurements/gaussian-limit.txt): e = 0.39% (basin 4) and 0.90% (basin 2) of S at the standard tier, 1.00% at the quick one (coarser cells); the limits lie 0.05%, 0.08% and 0.03% from S (|limit − S| ≤ 0.15 e), and an exponent 10% off is rejected (fixtures/measurements/gaussian-limit.txt lists the theory mutants). 0.05 is the resolution a consistent verdict must reach (it separates the exponential law from any polynomial one, whose η·log(η E σ) → 0); τ = z·e is 1.7% and 4.0% of S at the standard tier and 4.1% at the quick one.',
  },
  budgetShare: 0.5,
});
