/**
 * The cheapest checks that tell a correct simulator from every mutant of `src/sim/mutants.ts`
 * (issue 4 items 7–8): the simulated chain against the exact finite-η chain of `src/exact`, which
 * solves the same recursion (THEORY.md §1) by linear algebra from the noise law's exact tails.
 * Any simulator that changes the chain's law changes its exit statistics, and at a moderate η
 * (mean exit ≈ 10²–10³ steps) a few ×10⁴ chains cost well under a second on the WASM kernel.
 *
 * Two declarations, each at three points chosen so that every mutant bites at least one of them:
 * - `exact-exit-mean`: mean exit steps from the minimum (relative band);
 * - `exact-exit-landing`: probability that the exit lands in a named basin (absolute band).
 * Points on a three-minimum polynomial landscape with Lomax noise α = 1.4, c = 0.25, η = 0.1:
 * b = 0.4 from Ω_2 (the clipping mutants, l* = 2), b = ∞ from Ω_2 (asymmetry: the side of a single
 * large jump), b = ∞ from the end basin Ω_1 (the box: a jump past −L is projected back there, and
 * without the projection it throws the chain across the whole landscape).
 *
 * They are registered (`theorems/index.ts`) beside the paper's theorems: not a claim of the
 * paper but a correctness screen of the simulator, and the only registered check where the box
 * binds (the `no-box` mutant escapes every check that starts in the paper's middle basin).
 */
import type { HypothesisRange } from '../src/verify/types.ts';
import { defineTheorem } from '../src/verify/define.ts';
import type { TheoremDeclaration } from '../src/verify/types.ts';
import {
  CAP_FACTOR,
  CELLS,
  CHAINS,
  SCREEN_LANDSCAPE,
  SCREEN_NOISE,
  SCREEN_STEP_SIZE,
  exactFor,
  landingTest,
  meanTest,
  type ScreenPoint,
} from '../src/experiments/simulator-screen.ts';

const POINTS: readonly ScreenPoint[] = [
  { truncation: 0.4, basin: 2, landing: 1 },
  { truncation: null, basin: 2, landing: 1 },
  { truncation: null, basin: 1, landing: 2 },
];

const HYPOTHESES: readonly HypothesisRange[] = [
  { name: 'truncation', description: 'b (null: no clipping)', values: [0.4, null] },
  { name: 'basin', description: 'basin Ω_k the chains start in (at m_k)', values: [1, 2] },
  { name: 'landing', description: 'basin Ω_l whose landing probability `exact-exit-landing` checks', values: [1, 2] },
];

const SOURCE = {
  paper: 'THEORY.md §1 (the clipped recursion); exact chain of src/exact',
  theorem: 'simulator correctness screen (not a claim of the paper)',
  equation: 'x ← φ_L(x − φ_b(η(f′(x) − Z)))',
};

const PLAN = {
  description: `η = ${SCREEN_STEP_SIZE}, up to ${CHAINS} chains from m_k, cap ${CAP_FACTOR}× the exact mean (capped chains count at the cap)`,
  points: { quick: POINTS, standard: POINTS, full: POINTS },
  settings: {
    landscape: SCREEN_LANDSCAPE,
    noise: SCREEN_NOISE,
    stepSize: SCREEN_STEP_SIZE,
    chains: CHAINS,
    capFactor: CAP_FACTOR,
    cells: CELLS,
  },
};

/** Mean exit steps of the simulated chain against the exact chain's. */
export const exactExitMean: TheoremDeclaration<ScreenPoint> = defineTheorem<ScreenPoint>({
  id: 'exact-exit-mean',
  title: "Simulated mean exit steps equal the exact finite-η chain's",
  source: SOURCE,
  hypotheses: HYPOTHESES,
  predictor: {
    name: 'exact.exactExit',
    compute: (p) => ({ value: exactFor(p).meanExitSteps, details: { errorEstimate: exactFor(p).errorEstimate } }),
  },
  plan: PLAN,
  test: { name: 'mean of min(σ, T) over all chains, normal CI', run: meanTest },
  tolerance: {
    value: 0.04,
    scale: 'relative',
    reason:
      "covers the exact oracle's discretisation error (Richardson estimate ≤ 0.1% at these points; 800 vs 1600 cells differ by ≤ 0.05%) " +
      'with room to spare; the mutants move the mean by ≥ 5% at the b = ∞ points and ≥ 17% at b = 0.4 (measured, seed 7)',
  },
  budgetShare: 0.8,
});

/** Landing probability of the simulated exit against the exact chain's. */
export const exactExitLanding: TheoremDeclaration<ScreenPoint> = defineTheorem<ScreenPoint>({
  id: 'exact-exit-landing',
  title: "Simulated exit lands in Ω_l as often as the exact finite-η chain's",
  source: SOURCE,
  hypotheses: HYPOTHESES,
  predictor: { name: 'exact.exactExit', compute: (p) => exactFor(p).landing[p.landing - 1] },
  plan: PLAN,
  test: { name: 'fraction of chains landing in Ω_l, Wilson CI', run: landingTest },
  tolerance: {
    value: 0.02,
    scale: 'absolute',
    reason:
      "covers the exact oracle's discretisation error of the landing law (≤ 5·10⁻⁴ between 400 and 800 cells, ≤ 2·10⁻⁴ between 800 and 1600) " +
      'with room to spare; the asymmetric and box mutants move it by ≥ 0.09 (measured, seed 7)',
  },
  budgetShare: 0.8,
});

/** Both screen declarations, in report order. */
export const MUTANT_SCREEN: readonly TheoremDeclaration[] = [exactExitMean, exactExitLanding];
