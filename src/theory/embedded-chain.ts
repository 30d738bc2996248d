/**
 * What the limit predicts for the embedded chain on the widest minima (THEORY.md §5–6): leading-order
 * mean exit steps, the absorption probabilities θ(j | k) of the discrete chain on all minima, and the
 * limit's value of each embedded-chain statistic (excursion law, holding time, rate, class share).
 */
import { invalidOption } from '../core/errors.ts';
import { absorptionProbabilities } from './markov.ts';
import { basinScale } from './index.ts';
import { type Theorem2Theory } from './theorem2.ts';

/** Leading-order mean exit steps 1/(q_k λ_k(η)) of basin k (1-based), THEORY.md §5. */
export function leadingMeanExitSteps(theory: Theorem2Theory, basin: number, stepSize: number): number {
  const c = theory.constants[basin - 1];
  return 1 / (c.exitRate * basinScale(theory.law, c.jumpsNeeded, stepSize));
}

/**
 * θ(j | k): probability that the limit's discrete chain on all minima, started at k, is absorbed at
 * widest j (P(k, l) = q(k, l)/q(k); widest minima absorbing), THEORY.md §6. Row k of a widest k is
 * the indicator of k. 0-based matrix.
 */
export function absorptionMatrix(theory: Theorem2Theory): number[][] {
  const wide = theory.constants.map((_, k) => theory.widest.includes(k + 1));
  return absorptionProbabilities(
    theory.constants.map((c) => [...c.exitRateByTarget]),
    wide,
  );
}

/** What {@link runEmbeddedChainCheck} judges. */
export type EmbeddedStatistic =
  /** P(an excursion out of widest `from` ends at widest `to`), against Σ_j′ P(i, j′)·θ(j | j′). */
  | 'excursion'
  /** Mean holding time at widest `from` in λ*(η) units, against −1/Q(i, i). */
  | 'holding'
  /** Generator entry Q(from, to) in λ*(η) units (rate of leaving `from` for `to`). */
  | 'rate'
  /**
   * Share of time at `from` within its absorbing class of two widest minima, against the class
   * generator's stationary law: π̂ = H_from/(H_from + H_other), the two holding times estimated by
   * two two-stage runs (a common finite-η factor of the exit times cancels in the ratio).
   */
  | 'class-share';

/** The generator of the class that holds widest `from` (rates per λ*(η) unit). */
export function classGenerator(
  theory: Theorem2Theory,
  from: number,
): { states: readonly number[]; matrix: readonly (readonly number[])[] } {
  const g = theory.generators.find((x) => x.states.includes(from));
  if (!g)
    throw invalidOption(
      'runEmbeddedChainCheck',
      'from',
      `a widest minimum of an absorbing class (${theory.generators.flatMap((x) => x.states).join(', ')})`,
      from,
    );
  return g;
}

/** The limit's value of a statistic (THEORY.md §6). */
export function embeddedPrediction(
  theory: Theorem2Theory,
  statistic: EmbeddedStatistic,
  from: number,
  to?: number,
): number {
  if (statistic === 'excursion') return theory.excursion[from - 1][(to ?? 0) - 1];
  const g = classGenerator(theory, from);
  const r = g.states.indexOf(from);
  if (statistic === 'class-share') {
    const st = theory.generators.find((x) => x.states.includes(from))!.stationary;
    return g.states.length === 2 && st ? st[r] : NaN;
  }
  if (statistic === 'holding') return -1 / g.matrix[r][r];
  const c = g.states.indexOf(to ?? 0);
  return c >= 0 ? g.matrix[r][c] : 0;
}
