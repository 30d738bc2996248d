/**
 * Reducible G (ICLR §2.3 remark; THEORY.md §4, §6): the example with distances 0.6 and 0.9 from m_2.
 * At b = 0.4, G = {m1 ↔ m2, m3 → m2}: {m1, m2} is absorbing and {m3} transient. The limit then runs
 * per absorbing class. Statement (b), checked here: within {m1, m2} the chain is that class's chain,
 * whose generator (`theory.generators`, rates q(1,2) and q(2,1) on the λ*(η) clock) fixes the share
 * of time at m1 among the class, π_1 = q(2,1)/(q(1,2) + q(2,1)) = 0.667. Judged on the η → 0 limit
 * of the exact chain's π(η) = H_1/(H_1 + H_2) (holding times from mean exits and landing laws), with
 * the simulator linked to the exact chain at η₀ (src/experiments/theorem2-limit-check.ts). Statement (a), that the transient m3 is left for good, is
 * `reducible-graph-transient` below (exact oracle).
 *
 * The former simulated check of (a) (P(excursion out of m2 reaches m3) → 0) is dropped: its limit is
 * approached like λ(η) ∝ η^{0.2} from a large constant (0.020–0.034 at η = 0.01–0.005), so it stayed
 * inconclusive by design; the exact-oracle slope decides the same statement.
 */
import type { HypothesisRange } from '../src/verify/types.ts';
import { defineTheorem } from '../src/verify/define.ts';
import {
  runTheorem2LimitPoint,
  runTransientReturnPoint,
  type Theorem2LimitSettings,
} from '../src/experiments/theorem2-declared.ts';
import { limitStepSizes } from '../src/asymptotics/index.ts';
import { LIMIT_TOLERANCE_DERIVATION } from './markov-limit.ts';
import { THEOREM2_PREDICTORS, type ReduciblePoint, type TransientPoint } from '../src/theory/predictors.ts';

export type { ReduciblePoint, TransientPoint };

/** Limit and link settings of statement (b) (as markov-limit's; resolution 0.1 on the share). */
const CLASS_SHARE_SETTINGS: Theorem2LimitSettings = {
  stepSizes: { quick: limitStepSizes(1e-3, 3, 4 / 3), standard: limitStepSizes(1e-3, 5, 1.2) },
  linkStepSize: 0.01,
  resolution: 0.1,
  scale: 'absolute',
};

/** The truncation hypothesis of both reducible-G declarations: the b range where G is reducible on this landscape. */
const REDUCIBLE_TRUNCATION: HypothesisRange = {
  name: 'truncation',
  description: 'b making G reducible (0.3 < b < 0.45 on this landscape)',
  range: [0.3, 0.45],
  values: [0.4, 0.35],
};

/** Statement (b): within the absorbing class the chain follows that class's generator. */
export const reducibleGraph = defineTheorem<ReduciblePoint>({
  id: 'reducible-graph',
  title:
    "Reducible G: within an absorbing class the chain follows that class's generator (share of class time at m_from)",
  source: {
    paper: 'Wang, Oh, Rhee, ICLR 2022',
    theorem: 'Theorem 2, reducible 𝒢 (per absorbing class)',
    equation: 'THEORY.md §4 example (distances 0.6, 0.9; b = 0.4) and §6',
  },
  hypotheses: [
    REDUCIBLE_TRUNCATION,
    { name: 'from', description: '1-based widest minimum of the absorbing class', range: [1, 3] },
    { name: 'to', description: 'the other widest minimum of the class', range: [1, 3] },
  ],
  predictor: THEOREM2_PREDICTORS['theorem2.class-share'],
  plan: {
    description:
      'limit link: π(η) = H_from/(H_from + H_to), each holding H = E σ·λ*(η)/(1 − P_η(return)) from the exact chain at η = 1e-3 … 1e-8, ' +
      'extrapolated to η → 0 (τ = z·e); simulation link: runExit from m_from, m_to and the sharp basins at η₀ = 0.01 against the exact chain',
    points: {
      quick: [],
      standard: [{ truncation: 0.4, from: 1, to: 2 }],
      full: [
        { truncation: 0.4, from: 1, to: 2 },
        { truncation: 0.35, from: 1, to: 2 },
      ],
    },
    settings: { ...CLASS_SHARE_SETTINGS },
  },
  test: {
    name: 'η → 0 extrapolation of the exact class share (limit link); simulated exits against the exact chain at η₀ (simulation link)',
    run: (ctx) => runTheorem2LimitPoint(ctx, CLASS_SHARE_SETTINGS),
  },
  tolerance: {
    value: CLASS_SHARE_SETTINGS.resolution,
    scale: 'absolute',
    reason:
      LIMIT_TOLERANCE_DERIVATION +
      ' Resolution 0.1 (the share told from ½ and from the untruncated chain’s when they differ by more than 0.2). Measured ' +
      '(`npm run measure:theorem2-limits`): π(η) 0.697 at η = 1e-3, 0.675 at 1e-8 (the +0.035 offset the former ±0.1 band absorbed is ' +
      'the slow η^{1/6} approach), limit 0.665 ± 0.012 against 0.6668.',
  },
  budgetShare: 0.5,
});

/**
 * Statement (a) of reducible G, decided on the exact finite-η chain: exits from the absorbing class's
 * widest m2 land in the transient Ω3 with a probability that vanishes like λ(η)^{l_{2,3} − l*_2}
 * (b = 0.4: ⌈0.9/0.4⌉ − ⌈0.6/0.4⌉ = 1 extra jump, order α − 1 = 0.2; b = 0.35: ⌈0.9/0.35⌉ − ⌈0.6/0.35⌉ = 1).
 * At b = 0.5 (G irreducible) the same probability tends to q(2,3)/q(2) = 0.028 instead.
 */
export const reducibleGraphTransient = defineTheorem<TransientPoint>({
  id: 'reducible-graph-transient',
  title: 'Reducible G: the transient class is left for good (returns vanish like λ(η)^{extra jumps})',
  source: {
    paper: 'Wang, Oh, Rhee, ICLR 2022',
    theorem: 'Theorem 2, reducible 𝒢 (killing from transient classes)',
    equation: 'THEORY.md §4 example, §6; P(return) ≈ C·λ(η)^{l_{i,j} − l*_i}',
  },
  hypotheses: [
    REDUCIBLE_TRUNCATION,
    { name: 'from', description: 'widest minimum of the absorbing class', range: [1, 3] },
    { name: 'to', description: 'transient basin next to it', range: [1, 3] },
  ],
  predictor: THEOREM2_PREDICTORS['theorem2.transient-return'],
  plan: {
    description:
      'exact finite-η oracle (src/exact, 1600 cells): P(exit from m2 lands in Ω3) at η = 10⁻³ and 10⁻⁴, log-log slope (half the significance); ' +
      'simulation link: runExit from m2 at η₀ = 0.01 against the exact chain (mean, landing law; the other half)',
    points: {
      quick: [],
      standard: [
        { truncation: 0.4, from: 2, to: 3 },
        { truncation: 0.35, from: 2, to: 3 },
      ],
      full: [
        { truncation: 0.4, from: 2, to: 3 },
        { truncation: 0.35, from: 2, to: 3 },
      ],
    },
  },
  test: {
    name: "log-log slope of the exact landing probability, CI from the oracle's error estimates",
    run: (ctx) => runTransientReturnPoint(ctx, { cells: 1600, linkStepSize: 0.01 }),
  },
  tolerance: {
    value: 0.08,
    scale: 'absolute',
    reason:
      'slopes come in steps of α − 1 = 0.2 (0, 1, 2 extra jumps: 0, 0.2, 0.4), so a band narrower than ±0.2 still tells "left for good at the predicted ' +
      'order" from "not left" (0) and from two extra jumps (0.4). Measured on the exact oracle (1600 cells), η = 10⁻³ → 10⁻⁴: b = 0.4 0.211 [0.183, 0.239], ' +
      'b = 0.35 0.240 [0.204, 0.276] (three jumps of 0.35 cover 0.9 with little room: a larger finite-η overshoot, like truncation-hierarchy l = 3 at 0.240); ' +
      'b = 0.4 local slopes 0.219, 0.211, 0.211 per decade over η = 10⁻² … 10⁻⁵. Contrast b = 0.5 (irreducible): P = 0.0576, 0.0419, 0.0343, 0.0312 → ' +
      'q(2,3)/q(2) = 0.0279, local slopes 0.14, 0.09, 0.04 → 0. Why not judged on the η → 0 limit (issue 14 asks to show it): fitted on the ' +
      'exact chain over η = 1e-3 … 1e-8 (`npm run measure:theorem2-limits`, fixtures/measurements/theorem2-limits.txt) the order is 0.1996 ' +
      '(b = 0.4) and 0.2009 (b = 0.35), on the prediction, but with errors 0.40 and 0.47: these probabilities of ' +
      '10⁻²…10⁻³ carry 2–30% landing error bars, which the worst-case (fully correlated) propagation through the two-term fit amplifies, so ' +
      'the limit cannot resolve one extra jump (0.2) from none; the two-point slope at η = 10⁻³, 10⁻⁴ can, with the band above.',
  },
  budgetShare: 0.2,
});
