/**
 * Theorem 2 (ICLR §2.3, Thm 2; THEORY.md §6): with G irreducible, clipped heavy-tailed SGD on the
 * clock n·λ*(η) converges to a Markov chain on the widest minima with generator
 * Q(i, j) = Σ_{j'≠i} q(i, j')·θ(m_j | m_{j'}). Checked through the ingredients one can observe:
 * - `sharp-exit`: where chains started at a sharp minimum land, against q(k, l)/q(k) (the transition
 *   probabilities out of sharp basins that θ is built from; issue 5: "within a few percent");
 * - `excursion`: which widest minimum an excursion out of widest m_i ends at (through any sharp
 *   basins), against Σ_{j'} P(i, j')·θ(m_j | m_{j'});
 * - `markov-limit-holding`: holding times at a widest minimum in λ*(η) units, against −1/Q(i, i).
 */
import { defineTheorem } from '../src/verify/define.ts';
import { runExcursionCheck, runSharpExitCheck, theorem2Setting, theorem2Theory } from '../src/verify/trajectory-checks.ts';

/** A point of the Markov-limit checks. */
export type MarkovPoint = {
  landscape: string;
  truncation: number | null;
  statistic: string;
  from: number;
  to: number | null;
};

const SOURCE = { paper: 'Wang, Oh, Rhee, ICLR 2022', theorem: 'Theorem 2 (Markov-chain limit)', equation: 'THEORY.md §6: Q(i,j) = Σ q(i,j′) θ(m_j | m_j′)' };

const HYPOTHESES = [
  { name: 'landscape', description: 'landscape and noise (trajectory-checks.ts THEOREM2_LANDSCAPES)', values: ['paper', 'reducible'] },
  { name: 'truncation', description: 'clipping threshold b (none: no clipping)', range: [0.05, 5] as [number, number], values: [0.5, 0.4, null] },
  { name: 'statistic', description: 'sharp-exit: P(exit from basin `from` lands in `to`); excursion: P(excursion from widest `from` ends at widest `to`); holding: mean holding time at widest `from`', values: ['sharp-exit', 'excursion', 'holding'] },
  { name: 'from', description: '1-based basin / minimum', range: [1, 10] as [number, number] },
  { name: 'to', description: '1-based target (none for holding)', range: [1, 10] as [number, number], values: [1, 2, 3, 4, null] },
];

/** Step sizes of the sharp-exit experiment (largest first; the smallest affordable one is judged). */
const SHARP_EXIT_STEP_SIZES = [0.01, 0.005, 0.002, 0.001];
/** One step size for the trajectory statistics: λ*(0.01) makes m4's holding ≈ 1.4·10⁵ steps on the paper landscape. */
const TRAJECTORY_STEP_SIZE = 0.01;

/** Transition probabilities of the limiting chain (sharp exits and widest-to-widest excursions). */
export const markovLimit = defineTheorem<MarkovPoint>({
  id: 'markov-limit',
  title: 'Markov-chain limit on the widest minima: transition probabilities (sharp exits, excursions)',
  source: SOURCE,
  hypotheses: HYPOTHESES,
  predictor: {
    name: 'theory.absorptionProbabilities',
    compute: (p) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const m = p.statistic === 'sharp-exit' ? t.jumpProbabilities : t.excursion;
      return { value: m[p.from - 1][(p.to ?? 0) - 1], details: { widest: t.widest, sharp: t.sharp, jumpProbabilities: t.jumpProbabilities, excursion: t.excursion } };
    },
  },
  plan: {
    description:
      'sharp-exit: runExit from the sharp minimum at η ∈ {0.01, 0.005, 0.002, 0.001} (smallest affordable judged, Wilson CI, trend of the gap reported); ' +
      'excursion: trajectories from the widest minimum at η = 0.01 with visit sequences (ε = 0.05), excursions counted between widest visits',
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
        { landscape: 'reducible', truncation: 0.5, statistic: 'excursion', from: 2, to: 3 },
      ],
    },
    settings: { sharpExitStepSizes: SHARP_EXIT_STEP_SIZES, trajectoryStepSize: TRAJECTORY_STEP_SIZE },
  },
  test: {
    name: 'binomial proportion with Wilson CI (landings per exit, or excursion ends)',
    run: async (ctx) => {
      const p = ctx.point;
      const setting = theorem2Setting(p.landscape, p.truncation);
      if (p.statistic === 'sharp-exit') {
        return (await runSharpExitCheck(ctx, { ...setting, basin: p.from, target: p.to ?? 0, stepSizes: SHARP_EXIT_STEP_SIZES })).observation;
      }
      return (await runExcursionCheck(ctx, { ...setting, statistic: 'excursion', from: p.from, to: p.to ?? 0, stepSize: TRAJECTORY_STEP_SIZE })).observation;
    },
  },
  tolerance: {
    value: 0.04,
    scale: 'absolute',
    reason:
      'issue 5 asks for "within a few percent" (0.04 is 6.5% of 0.61). Measured on the paper landscape (theorem2-readme): P(3 → 4) = 0.53–0.58 at η = 0.01, ' +
      '0.58–0.61 at 0.005, 0.606 at 0.002 and 0.606–0.608 at 0.001 against q(3,4)/q(3) = 0.610; the plan reaches η ≤ 0.002 in every tier',
  },
  budgetShare: 1,
});

/** Holding times at the widest minima, in λ*(η) units. */
export const markovLimitHolding = defineTheorem<MarkovPoint>({
  id: 'markov-limit-holding',
  title: 'Markov-chain limit: holding time at a widest minimum, in λ*(η) units, equals −1/Q(i,i)',
  source: SOURCE,
  hypotheses: HYPOTHESES,
  predictor: {
    name: 'theory.widestGenerator',
    compute: (p) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const g = t.generators.find((x) => x.states.includes(p.from));
      if (!g) return { value: NaN, details: { reason: `m${p.from} is not a widest minimum of an absorbing class` } };
      const r = g.states.indexOf(p.from);
      return { value: -1 / g.matrix[r][r], details: { states: g.states, generator: g.matrix, stationary: g.stationary } };
    },
  },
  plan: {
    description: 'trajectories from the widest minimum at η = 0.01 with visit sequences; completed holdings over exposure (censored last holding kept), exact Poisson-rate CI',
    points: {
      quick: [],
      standard: [{ landscape: 'paper', truncation: 0.5, statistic: 'holding', from: 4, to: null }],
      full: [
        { landscape: 'paper', truncation: 0.5, statistic: 'holding', from: 4, to: null },
        { landscape: 'paper', truncation: 0.5, statistic: 'holding', from: 2, to: null },
        { landscape: 'reducible', truncation: 0.4, statistic: 'holding', from: 1, to: null },
      ],
    },
    settings: { trajectoryStepSize: TRAJECTORY_STEP_SIZE },
  },
  test: {
    name: 'exponential holding times: N completed over total exposure on the λ* clock, chi-square CI',
    run: async (ctx) => {
      const p = ctx.point;
      return (await runExcursionCheck(ctx, { ...theorem2Setting(p.landscape, p.truncation), statistic: 'holding', from: p.from, stepSize: TRAJECTORY_STEP_SIZE })).observation;
    },
  },
  tolerance: {
    value: 0.4,
    scale: 'relative',
    reason:
      'holding times are sums of exit times, whose finite-η means sit 10–15% below the leading order (THEORY.md §5); measured at η = 0.01 ' +
      '(theorem2-readme): m4 holds 0.76 [0.64, 0.90] against 0.865; the band allows that gap plus the slower m2 side',
  },
  budgetShare: 1,
});

/**
 * Random landscapes (issue 5, must-have 1: "on random multi-well landscapes with irreducible G"):
 * `random-<i>` is `randomMarkovSetting(i)` (trajectory-checks.ts), a 4-minimum polynomial drawn from a
 * pinned stream with G irreducible, two or more widest minima and a sharp basin with two landing
 * basins; the point names the drawn b. Judged: where exits from that sharp basin land, against
 * q(k, l)/q(k), at η ∈ {0.005, 0.001} (the smallest affordable judged).
 */
export const RANDOM_POINTS: readonly MarkovPoint[] = [
  { landscape: 'random-1', truncation: 0.71, statistic: 'sharp-exit', from: 3, to: 2 },
  { landscape: 'random-2', truncation: 0.47, statistic: 'sharp-exit', from: 2, to: 1 },
];

/** Step sizes of the random-landscape sharp exits: the trend point and the judged one. */
const RANDOM_STEP_SIZES = [0.005, 0.001];

/** Exit probabilities out of sharp basins on random landscapes (the θ ingredients of Q). */
export const markovLimitRandom = defineTheorem<MarkovPoint>({
  id: 'markov-limit-random',
  title: 'Markov-chain limit on random landscapes: where exits from a sharp basin land, q(k,l)/q(k)',
  source: SOURCE,
  hypotheses: [
    { name: 'landscape', description: 'random-<i>: randomMarkovSetting(i), a pinned draw (trajectory-checks.ts)', values: RANDOM_POINTS.map((p) => p.landscape) },
    { name: 'truncation', description: 'the b drawn with the landscape', range: [0.2, 1.2] as [number, number] },
    { name: 'statistic', description: 'sharp-exit: P(exit from basin `from` lands in `to`)', values: ['sharp-exit'] },
    { name: 'from', description: '1-based sharp basin', range: [1, 4] as [number, number] },
    { name: 'to', description: '1-based landing basin', range: [1, 4] as [number, number] },
  ],
  predictor: {
    name: 'theory.exitConstants',
    compute: (p) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      return { value: t.jumpProbabilities[p.from - 1][(p.to ?? 0) - 1], details: { widest: t.widest, sharp: t.sharp, jumpProbabilities: t.jumpProbabilities, excursion: t.excursion, generator: t.generators[0]?.matrix } };
    },
  },
  plan: {
    description: 'runExit from the sharp minimum at η ∈ {0.005, 0.001} (the smallest affordable judged, Wilson CI; trend of the gap reported)',
    points: { quick: [], standard: RANDOM_POINTS, full: RANDOM_POINTS },
    settings: { stepSizes: RANDOM_STEP_SIZES },
  },
  test: {
    name: 'binomial proportion of landings with Wilson CI',
    run: async (ctx) => {
      const p = ctx.point;
      return (await runSharpExitCheck(ctx, { ...theorem2Setting(p.landscape, p.truncation), basin: p.from, target: p.to ?? 0, stepSizes: RANDOM_STEP_SIZES })).observation;
    },
  },
  tolerance: {
    value: 0.07,
    scale: 'absolute',
    reason:
      'finite-η gap, from the exact oracle (src/exact exactExit landing, 400 cells): random-2 P(2 → 1) = 0.423, 0.430, 0.439 at η = 0.005, 0.001, 10⁻⁴ ' +
      'against 0.460 (−0.030 at the judged η, closing slowly: its m2 sits 0.40 from the left saddle with b = 0.47, so few clipped jumps clear it with room); ' +
      'random-1 P(3 → 2) 0.590 vs 0.586; the simulator agrees (seed 1729, η = 0.001: 0.424 [0.401, 0.447] and 0.587 [0.565, 0.608]). Band = 0.030 + the CI ' +
      'half-width at the standard budget (≈ 0.023) + 0.017 margin',
  },
  budgetShare: 1.5,
});
