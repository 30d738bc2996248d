/**
 * Theorem 2 as a model of its ingredients, and deliberately wrong versions of it (issue 14, must-have
 * 4: "θ taken from the nearest basin only", "the unclipped generator used with clipping"). The
 * Theorem 1 mutants are in `mutants.ts`; these act on the limit chain of THEORY.md §6.
 *
 * A {@link Theorem2Model} holds what the limit chain is built from: the jump law P(k, l) of the
 * discrete chain on all minima, which minima are the chain's states ("widest"), the absorption law
 * θ(j | k) of a landing in a sharp basin, and per minimum q_k with its jump count l*_k (the clock
 * λ_{l*}(η) its exits run on). Every Theorem 2 statistic the checks judge is a function of a model
 * ({@link modelStatistic}): the same function is applied to the theory's model (the prediction) and to
 * a model read off the exact finite-η chain (`src/experiments/theorem2-limit.ts`), so prediction and
 * observation are the same formula with different ingredients.
 *
 * Mutants (each the true model with one part replaced):
 *   theta-nearest        θ(j | k) = 1 for the widest minimum nearest to sharp m_k (ties: the left
 *                        one): a landing in a sharp basin is credited to the nearest widest minimum
 *                        instead of the absorption law of the chain on the sharp basins
 *   unclipped-generator  the b = ∞ limit chain used with clipping: every minimum a state, P and q
 *                        from single jumps, l* = 1 (the all-minima chain of THEORY.md §6, last item)
 */
import { absorptionProbabilities } from './markov.ts';
import { theorem2Theory, type Theorem2Setting, type Theorem2Theory } from './theorem2.ts';

/** The ingredients of the limit chain (0-based arrays over the minima). */
export interface Theorem2Model {
  /** P(k, l): where an exit from Ω_k lands (rows sum to 1 where q_k > 0). */
  readonly jump: readonly (readonly number[])[];
  /** The limit chain's states. */
  readonly wide: readonly boolean[];
  /** θ(j | k): the widest minimum a landing in Ω_k ends at (row of a widest k: its indicator). */
  readonly theta: readonly (readonly number[])[];
  /** q_k in units of its clock λ_{l*_k}(η) (holding at k = 1/(q_k·P(leave for good))). */
  readonly exitRate: readonly number[];
  /** l*_k: q_k is in units of the clock λ_{l*_k}(η) (`basinScale` in scales.ts). */
  readonly jumps: readonly number[];
}

/** What a Theorem 2 check judges (1-based minima). */
export type Theorem2Statistic =
  /** P(exit from sharp Ω_from lands in Ω_to) → q(from, to)/q(from). */
  | { readonly kind: 'sharp-exit'; readonly from: number; readonly to: number }
  /** P(an excursion out of widest m_from ends at widest m_to) → Σ_j′ P(from, j′)·θ(to | j′). */
  | { readonly kind: 'excursion'; readonly from: number; readonly to: number }
  /** Holding time at widest m_from on its class clock → −1/Q(from, from). */
  | { readonly kind: 'holding'; readonly from: number }
  /** Share of the class time at m_from in a class of two widest minima {from, other}. */
  | { readonly kind: 'class-share'; readonly from: number; readonly other: number };

/** The true model of a setting's Theorem 2 (from {@link theorem2Theory}). */
export function trueModel(theory: Theorem2Theory): Theorem2Model {
  const n = theory.constants.length;
  const wide = Array.from({ length: n }, (_, k) => theory.widest.includes(k + 1));
  const jump = theory.jumpProbabilities.map((r) => [...r]);
  return {
    jump,
    wide,
    theta: absorptionProbabilities(jump, wide),
    exitRate: theory.constants.map((c) => c.exitRate),
    jumps: theory.constants.map((c) => c.jumpsNeeded),
  };
}

/** Names of the Theorem 2 mutants. */
export const THEOREM2_MUTANTS = {
  'theta-nearest': 'θ from the nearest basin only: a sharp landing is credited to the nearest widest minimum',
  'unclipped-generator': 'the unclipped (b = ∞) generator used with clipping: all minima states, single-jump P and q',
} as const;
export type Theorem2MutantName = keyof typeof THEOREM2_MUTANTS;

/**
 * The model a theory variant predicts for `setting` (no mutant: the true model).
 * @throws InputError as {@link theorem2Theory}.
 */
export function theorem2Model(setting: Theorem2Setting, mutant?: Theorem2MutantName): Theorem2Model {
  if (mutant === 'unclipped-generator') return trueModel(theorem2Theory({ ...setting, truncation: Infinity }));
  const theory = theorem2Theory(setting);
  const model = trueModel(theory);
  if (mutant !== 'theta-nearest') return model;
  const minima = theory.landscape.minima;
  const theta = minima.map((x, k) => {
    if (model.wide[k]) return minima.map((_, j) => (j === k ? 1 : 0));
    let best = -1;
    minima.forEach((y, j) => {
      if (model.wide[j] && (best < 0 || Math.abs(y - x) < Math.abs(minima[best] - x))) best = j;
    });
    return minima.map((_, j) => (j === best ? 1 : 0));
  });
  return { ...model, theta };
}

/** P(an excursion out of widest i ends at widest j), 0-based (j = i: it came back). */
export function excursionProbability(m: Theorem2Model, i: number, j: number): number {
  let s = 0;
  m.jump[i].forEach((p, jp) => {
    if (jp !== i && p > 0) s += p * (m.wide[jp] ? (jp === j ? 1 : 0) : m.theta[jp][j]);
  });
  return s;
}

/** Holding time at widest i (0-based) in units of its own clock: 1/(q_i·P(the excursion ends elsewhere)). */
export function holdingTime(m: Theorem2Model, i: number): number {
  return 1 / (m.exitRate[i] * (1 - excursionProbability(m, i, i)));
}

/**
 * The statistic under model `m`, in the frame of the truth's clocks `truthJumps` (l*_k of the true
 * theory): a holding time on a model clock with more jumps than the truth's is infinitely long on the
 * true clock (λ_{l+1}/λ_l = λ(η) → 0), one with fewer is 0 (as Theorem 1's mean ratio, theorem1-limit.ts).
 */
export function modelStatistic(m: Theorem2Model, s: Theorem2Statistic, truthJumps: readonly number[]): number {
  const i = s.from - 1;
  const onTruthClock = (k: number, h: number) =>
    m.jumps[k] === truthJumps[k] ? h : m.jumps[k] > truthJumps[k] ? Infinity : 0;
  switch (s.kind) {
    case 'sharp-exit':
      return m.jump[i][s.to - 1];
    case 'excursion':
      return excursionProbability(m, i, s.to - 1);
    case 'holding':
      return onTruthClock(i, holdingTime(m, i));
    case 'class-share': {
      const o = s.other - 1;
      // Both holdings on one clock (the class's l*): the clock cancels in the ratio.
      if (m.jumps[i] !== m.jumps[o]) return m.jumps[i] > m.jumps[o] ? 1 : 0;
      const a = holdingTime(m, i);
      const b = holdingTime(m, o);
      return a / (a + b);
    }
  }
}
