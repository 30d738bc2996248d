/**
 * Theorem 2 (ICLR §2.3, Thm 2; THEORY.md §6): with G irreducible, clipped heavy-tailed SGD on the
 * clock n·λ*(η) converges to a Markov chain on the widest minima with generator
 * Q(i, j) = Σ_{j'≠i} q(i, j')·θ(m_j | m_{j'}). Checked through the ingredients one can observe:
 * - `sharp-exit`: where chains started at a sharp minimum land, against q(k, l)/q(k) (the transition
 *   probabilities out of sharp basins that θ is built from; issue 5: "within a few percent");
 * - `excursion`: which widest minimum an excursion out of widest m_i ends at (through any sharp
 *   basins), against Σ_{j'} P(i, j')·θ(m_j | m_{j'}), by the strong-Markov two-stage estimator of
 *   `src/experiments/embedded-chain/` (exits from m_i, then K replicates per landing followed through
 *   sharp-basin visits until a widest minimum's ε-ball), which also records the routes;
 * - `markov-limit-holding`: holding times at a widest minimum in λ*(η) units, against −1/Q(i, i),
 *   from the same estimator (Wald: E[exit + sharp steps]/P(the excursion ends elsewhere)).
 */
import type { HypothesisRange } from '../src/verify/types.ts';
import { defineTheorem } from '../src/verify/define.ts';
import { runHoldingPoint, runTransitionPoint } from '../src/experiments/theorem2-declared.ts';
import { THEOREM2_PREDICTORS, type MarkovPoint } from '../src/theory/predictors.ts';

export type { MarkovPoint };

const SOURCE = {
  paper: 'Wang, Oh, Rhee, ICLR 2022',
  theorem: 'Theorem 2 (Markov-chain limit)',
  equation: 'THEORY.md §6: Q(i,j) = Σ q(i,j′) θ(m_j | m_j′)',
};

const HYPOTHESES: readonly HypothesisRange[] = [
  {
    name: 'landscape',
    description: 'landscape and noise (src/theory/theorem2.ts THEOREM2_LANDSCAPES)',
    values: ['paper', 'reducible'],
  },
  {
    name: 'truncation',
    description: 'clipping threshold b (none: no clipping)',
    range: [0.05, 5],
    values: [0.5, 0.4, null],
  },
  {
    name: 'statistic',
    description:
      'sharp-exit: P(exit from basin `from` lands in `to`); excursion: P(excursion from widest `from` ends at widest `to`); holding: mean holding time at widest `from`',
    values: ['sharp-exit', 'excursion', 'holding'],
  },
  { name: 'from', description: '1-based basin / minimum', range: [1, 10] },
  { name: 'to', description: '1-based target (none for holding)', range: [1, 10], values: [1, 2, 3, 4, null] },
];

/** Step sizes of the sharp-exit experiment (largest first; the smallest affordable one is judged). */
const SHARP_EXIT_STEP_SIZES = [0.01, 0.005, 0.002, 0.001];
/**
 * Step sizes of the two-stage excursion and holding estimates (the last judged, the first the
 * trend point). η = 0.005: an exit from m4 costs ≈ 1.2·10⁵ steps, and the exact oracle's finite-η
 * landing law out of m3 (0.398 to Ω2) is within 0.009 of the limit's θ(2|3) = 0.390.
 */
const EMBEDDED_STEP_SIZES = [0.01, 0.005];

/** Transition probabilities of the limiting chain (sharp exits and widest-to-widest excursions). */
export const markovLimit = defineTheorem<MarkovPoint>({
  id: 'markov-limit',
  title: 'Markov-chain limit on the widest minima: transition probabilities (sharp exits, excursions)',
  source: SOURCE,
  hypotheses: HYPOTHESES,
  predictor: THEOREM2_PREDICTORS['theorem2.transition-probability'],
  plan: {
    description:
      'sharp-exit: runExit from the sharp minimum at η ∈ {0.01, 0.005, 0.002, 0.001} (smallest affordable judged, Wilson CI, trend of the gap reported); ' +
      'excursion: two-stage estimator at η ∈ {0.01, 0.005} (0.005 judged): runExit from the widest minimum, then K replicates per landing followed ' +
      'through visits (ε = 0.05) of sharp minima until a widest minimum is visited; delta-method t interval over landings; routes recorded',
    points: {
      quick: [{ landscape: 'paper', truncation: 0.5, statistic: 'sharp-exit', from: 3, to: 4 }],
      standard: [
        { landscape: 'paper', truncation: 0.5, statistic: 'sharp-exit', from: 3, to: 4 },
        { landscape: 'paper', truncation: 0.5, statistic: 'excursion', from: 4, to: 2 },
      ],
      full: [
        { landscape: 'paper', truncation: 0.5, statistic: 'sharp-exit', from: 3, to: 4 },
        { landscape: 'paper', truncation: 0.5, statistic: 'sharp-exit', from: 2, to: 3 },
        { landscape: 'paper', truncation: 0.5, statistic: 'excursion', from: 4, to: 2 },
        { landscape: 'paper', truncation: 0.5, statistic: 'excursion', from: 2, to: 4 },
      ],
    },
    settings: { sharpExitStepSizes: SHARP_EXIT_STEP_SIZES, embeddedStepSizes: EMBEDDED_STEP_SIZES },
  },
  test: {
    name: 'sharp-exit: binomial proportion with Wilson CI; excursion: two-stage ratio estimator, delta-method t interval over stage-1 landings',
    run: (ctx) =>
      runTransitionPoint(ctx, { sharpExitStepSizes: SHARP_EXIT_STEP_SIZES, embeddedStepSizes: EMBEDDED_STEP_SIZES }),
  },
  tolerance: {
    value: 0.04,
    scale: 'absolute',
    reason:
      'issue 5 asks for "within a few percent" (0.04 is 6.5% of 0.61). Simulated on the paper landscape (`htsgd verify --tier standard --theorem markov-limit --seed 1729`): ' +
      'P(3 → 4) = 0.607 [0.592, 0.622] against q(3,4)/q(3) = 0.610 (0.546 at η = 0.01 alone); the plan reaches η ≤ 0.002 in every tier. ' +
      'Excursion 4 → 2 (visits, ε = 0.05): its finite-η value is the landing law out of m3, by the exact oracle (400 cells) 0.4106, 0.3981, 0.3960 to Ω2 at ' +
      'η = 0.01, 0.005, 0.002 against θ(2|3) = 0.3896 (`npm run measure:theorem2`; +0.009 at the judged 0.005); at the standard ' +
      'plan 0.398 [0.374, 0.422] (seed 1729) and 0.398 [0.375, 0.422] (seed 7). ' +
      'Visits are counted, not "first widest basin entered", which would be biased at every affordable η (exits from m4 land near the saddle 0.7, ' +
      'where the way back costs a small jump; that correction shrinks like η^{(α−1)/α}).',
  },
  budgetShare: 1,
});

/** Holding times at the widest minima, in λ*(η) units. */
export const markovLimitHolding = defineTheorem<MarkovPoint>({
  id: 'markov-limit-holding',
  title: 'Markov-chain limit: holding time at a widest minimum, in λ*(η) units, equals −1/Q(i,i)',
  source: SOURCE,
  hypotheses: HYPOTHESES,
  predictor: THEOREM2_PREDICTORS['theorem2.holding-time'],
  plan: {
    description:
      'two-stage estimator at η ∈ {0.01, 0.005} (0.005 judged): exits from the widest minimum (stage 1), K replicates per landing through sharp visits ' +
      '(stage 2); holding = E[exit + stage-2 steps]·λ*(η) / P(the excursion ends at another widest minimum) (Wald), delta-method t interval over exits',
    points: {
      quick: [],
      standard: [{ landscape: 'paper', truncation: 0.5, statistic: 'holding', from: 4, to: null }],
      full: [{ landscape: 'paper', truncation: 0.5, statistic: 'holding', from: 4, to: null }],
    },
    settings: { embeddedStepSizes: EMBEDDED_STEP_SIZES },
  },
  test: {
    name: 'ratio of means (Wald) over stage-1 exits, delta-method t interval',
    run: (ctx) => runHoldingPoint(ctx, { embeddedStepSizes: EMBEDDED_STEP_SIZES }),
  },
  tolerance: {
    value: 0.3,
    scale: 'relative',
    reason:
      'finite-η holding at m4, from the exact oracle (400 cells) and the measured null share: E σ_4 is 0.807, 0.815, 0.824 of the leading order ' +
      '1/(q_4 λ_4(η)) at η = 0.01, 0.005, 0.002 (0.87 at 10⁻⁴); 8.5% of the exits from m4 graze Ω3 and come back without a visit (measured), and ' +
      'P(4 → 2) is 0.398 instead of 0.390: together 0.815/(1 − 0.085)·0.390/0.398 = 0.87 of the limit at the judged η = 0.005, i.e. −13% ' +
      '(measured: seed 1729 0.736 [0.667, 0.806], seed 7 0.761 [0.688, 0.835] vs 0.865, −15% and −12%). Band = 15% + the CI half-width at the standard budget (≈ 10%) + 5% (so that a ' +
      'true −15% is called consistent in all but ≈ 10⁻³ of runs). ' +
      'm2 is not judged: its P(leave) = P(2 → 4) is 0.055 at η = 0.005 against 0.035 in the limit, so its holding sits ≈ 45% low',
  },
  budgetShare: 1,
});

/**
 * Random landscapes (issue 5, must-have 1: "on random multi-well landscapes with irreducible G"):
 * `random-<i>` is `randomMarkovSetting(i)` (src/theory/theorem2.ts), a 4-minimum polynomial drawn from a
 * pinned stream with G irreducible, two or more widest minima and a sharp basin with two landing
 * basins; the point names the drawn b. Judged: where exits from that sharp basin land, against
 * q(k, l)/q(k), at η ∈ {0.005, 0.001} (the smallest affordable judged).
 */
export const RANDOM_POINTS: readonly MarkovPoint[] = [
  { landscape: 'random-1', truncation: 0.71, statistic: 'sharp-exit', from: 3, to: 2 },
  { landscape: 'random-2', truncation: 0.47, statistic: 'sharp-exit', from: 2, to: 1 },
];

/**
 * The widest-to-widest chain on the random landscapes (two-stage estimator): random-1 4 → 2 (every
 * exit from m4 lands in the sharp Ω3, then θ(2|3) = 0.586) and random-2 1 → 4 (through the sharp
 * Ω2 and Ω3, back and forth: θ(4|2) = 0.327).
 */
export const RANDOM_EXCURSION_POINTS: readonly MarkovPoint[] = [
  { landscape: 'random-1', truncation: 0.71, statistic: 'excursion', from: 4, to: 2 },
  { landscape: 'random-2', truncation: 0.47, statistic: 'excursion', from: 1, to: 4 },
];

/** Step sizes of the random-landscape sharp exits: the trend point and the judged one. */
const RANDOM_STEP_SIZES = [0.005, 0.001];

/** Exit probabilities out of sharp basins on random landscapes (the θ ingredients of Q). */
export const markovLimitRandom = defineTheorem<MarkovPoint>({
  id: 'markov-limit-random',
  title:
    'Markov-chain limit on random landscapes: where exits from a sharp basin land, q(k,l)/q(k), and which widest minimum comes next',
  source: SOURCE,
  hypotheses: [
    {
      name: 'landscape',
      description: 'random-<i>: randomMarkovSetting(i), a pinned draw (src/theory/theorem2.ts)',
      values: RANDOM_POINTS.map((p) => p.landscape),
    },
    { name: 'truncation', description: 'the b drawn with the landscape', range: [0.2, 1.2] },
    {
      name: 'statistic',
      description:
        'sharp-exit: P(exit from basin `from` lands in `to`); excursion: P(excursion out of widest `from` ends at widest `to`)',
      values: ['sharp-exit', 'excursion'],
    },
    { name: 'from', description: '1-based sharp basin (sharp-exit) or widest minimum (excursion)', range: [1, 4] },
    { name: 'to', description: '1-based landing basin or widest minimum', range: [1, 4] },
  ],
  predictor: THEOREM2_PREDICTORS['theorem2.random-transition'],
  plan: {
    description:
      'sharp-exit: runExit from the sharp minimum at η ∈ {0.005, 0.001} (the smallest affordable judged, Wilson CI; trend of the gap reported); ' +
      'excursion: the two-stage embedded-chain estimator at η ∈ {0.01, 0.005} (0.005 judged)',
    points: {
      quick: [],
      standard: [...RANDOM_POINTS, ...RANDOM_EXCURSION_POINTS],
      full: [...RANDOM_POINTS, ...RANDOM_EXCURSION_POINTS],
    },
    settings: { stepSizes: RANDOM_STEP_SIZES, embeddedStepSizes: EMBEDDED_STEP_SIZES },
  },
  test: {
    name: 'binomial proportion of landings with Wilson CI (sharp-exit); two-stage ratio estimator, delta-method t interval (excursion)',
    run: (ctx) =>
      runTransitionPoint(ctx, { sharpExitStepSizes: RANDOM_STEP_SIZES, embeddedStepSizes: EMBEDDED_STEP_SIZES }),
  },
  tolerance: {
    value: 0.07,
    scale: 'absolute',
    reason:
      'finite-η gap, from the exact oracle (src/exact exactExit landing, 400 cells): random-2 P(2 → 1) = 0.423, 0.430, 0.439 at η = 0.005, 0.001, 10⁻⁴ ' +
      'against 0.460 (−0.030 at the judged η, closing slowly: its m2 sits 0.40 from the left saddle with b = 0.47, so few clipped jumps clear it with room); ' +
      'random-1 P(3 → 2) 0.590 vs 0.586; the simulator agrees (seed 1729, η = 0.001: 0.424 [0.401, 0.447] and 0.587 [0.565, 0.608]). Band = 0.030 + the CI ' +
      "half-width at the standard budget (≈ 0.023) + 0.017 margin. Excursions (exact oracle's landing laws out of the minima composed into θ): " +
      'random-1 P(4 → 2) 0.592, 0.592, 0.591 and random-2 P(1 → 4) 0.336, 0.335, 0.334 at η = 0.01, 0.005, 0.002 against 0.586 and 0.327 (+0.006, +0.008)',
  },
  budgetShare: 3,
});
