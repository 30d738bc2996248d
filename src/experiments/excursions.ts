/**
 * Excursions between widest minima read from visit sequences (THEORY.md §6): which widest minimum
 * comes next, through which sharp ones, and holding times in λ*(η) units.
 *
 * The declared Markov-limit checks now use the two-stage estimator of `embedded-chain/`, which
 * starts every excursion at the widest minimum instead of waiting for it along a trajectory (at
 * η = 0.01 the trajectories spend ≈ 89% of their steps holding at m2); this trajectory reader stays
 * as the independent cross-check (same visit definition, ε = 0.05) and serves the holding-rate conjecture.
 */
import { formatTruncation } from '../core/format.ts';
import { invalidOption } from '../core/errors.ts';
import { forkLabel } from '../rng/seeds.ts';
import { runTrajectory } from '../sim/run-trajectory.ts';
import { wilsonInterval } from '../stats/binomial.ts';
import { chiSquareQuantile } from '../stats/distributions.ts';
import { chainTimeScale } from '../theory/index.ts';
import { theorem2Theory, type Theorem2Setting } from '../theory/theorem2.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

/** What {@link runExcursionCheck} reports. */
export type ExcursionStatistic =
  /** P(an excursion out of widest `from` ends at widest `to`), against Σ P(i,j')θ(j|j'). */
  | 'excursion'
  /** Mean holding time at widest `from` (until another widest minimum is reached), λ*(η) units. */
  | 'holding';

/** Options of {@link runExcursionCheck}. */
export interface ExcursionOptions extends Theorem2Setting {
  readonly statistic: ExcursionStatistic;
  /** 1-based widest minimum. */
  readonly from: number;
  /** 1-based widest minimum ('excursion' only). */
  readonly to?: number;
  readonly stepSize: number;
  /** @default 8 */
  readonly paths?: number;
  /** Visit radius ε. @default 0.05 */
  readonly epsilon?: number;
  readonly workers?: number;
}

/** Excursion and holding counts from visit sequences (pure; exported for tests). */
export interface ExcursionCounts {
  /** ends[i][j]: excursions from widest m_{i+1} that ended at widest m_{j+1} (0-based). */
  readonly ends: number[][];
  /** Completed holdings (widest i until a different widest) and their total steps. */
  readonly holdings: number[];
  /** Total holding steps per widest minimum, completed plus the censored last one. */
  readonly exposure: number[];
  /** Sharp minima visited on the way, per excursion start i and sharp k: visit counts. */
  readonly sharpVisits: number[][];
}

/**
 * Reads excursions out of the widest minima from visit sequences (visits = arrivals at a minimum
 * different from the last one visited). Before the first widest visit nothing is counted; the
 * holding still running at `totalSteps` is censored exposure.
 */
export function countExcursions(
  visits: readonly { minimum: readonly number[]; step: readonly number[] }[],
  widest: readonly number[],
  n: number,
  totalSteps: number,
): ExcursionCounts {
  const wide = new Set(widest);
  const ends = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const sharpVisits = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const holdings = new Array<number>(n).fill(0);
  const exposure = new Array<number>(n).fill(0);
  for (const v of visits) {
    let home = 0; // current widest minimum (1-based), 0 before the first
    let since = 0; // step of arrival at home
    let last = 0;
    for (let i = 0; i < v.minimum.length; i++) {
      const m = v.minimum[i];
      const s = v.step[i];
      if (home !== 0 && !wide.has(m)) sharpVisits[home - 1][m - 1]++;
      if (wide.has(m)) {
        if (home !== 0 && last !== 0) ends[home - 1][m - 1]++;
        if (home === 0) {
          home = m;
          since = s;
        } else if (m !== home) {
          holdings[home - 1]++;
          exposure[home - 1] += s - since;
          home = m;
          since = s;
        }
      }
      last = m;
    }
    if (home !== 0) exposure[home - 1] += totalSteps - since;
  }
  return { ends, holdings, exposure, sharpVisits };
}

/**
 * Which widest minimum comes next and how long the chain holds (THEORY.md §6): trajectories with
 * visit sequences at one step size, read by `countExcursions`.
 * @throws InputError when `from`/`to` are not widest minima of the setting.
 */
export async function runExcursionCheck(
  ctx: CheckContext,
  options: ExcursionOptions,
): Promise<{ observation: Observation; counts: ExcursionCounts }> {
  const api = 'runExcursionCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  const gen = theory.generators.find((g) => g.states.includes(options.from));
  if (!theory.widest.includes(options.from) || !gen)
    throw invalidOption(
      api,
      'from',
      `a widest minimum of an absorbing class (${theory.widest.join(', ')})`,
      options.from,
    );
  if (options.statistic === 'excursion' && !(options.to !== undefined && theory.widest.includes(options.to))) {
    throw invalidOption(api, 'to', `a widest minimum (${theory.widest.join(', ')})`, options.to);
  }
  const eta = options.stepSize;
  const paths = options.paths ?? 8;
  const workers = ctx.workers ?? options.workers ?? 2;
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const q = 256;
  const stepsPerPath = Math.max(
    q,
    Math.floor((Math.max(0.1, ctx.timeBudgetSeconds) * speed * workers * 0.85) / paths / q) * q,
  );
  const start = theory.landscape.minima[options.from - 1];
  const r = await runTrajectory(
    {
      engine: ctx.engine,
      landscape: theory.landscape,
      noise: options.noise,
      truncation: options.truncation,
      stepSize: eta,
      start,
      steps: stepsPerPath,
      paths,
      epsilon: options.epsilon ?? 0.05,
      seed: ctx.label.seed,
      path: forkLabel(ctx.label, `eta=${eta}`).path,
      workers,
      record: { visitCap: 1 << 20 },
    },
    { onProgress: (d, t) => ctx.progress(d / t) },
  );
  const counts = countExcursions(r.visits ?? [], theory.widest, n, stepsPerPath);
  const i = options.from - 1;
  const star =
    options.truncation === Infinity ? theory.law.tail(1 / eta) : chainTimeScale(theory.law, theory.maxJumps, eta);
  const r0 = gen.states.indexOf(options.from);
  const predictedHolding = -1 / gen.matrix[r0][r0];
  const edges = theory.widest.flatMap((a) =>
    theory.widest
      .filter((b) => b !== a)
      .map((b) => {
        const tot = counts.ends[a - 1].reduce((s, x) => s + x, 0);
        const w = wilsonInterval(counts.ends[a - 1][b - 1], Math.max(1, tot), { confidence: ctx.confidence });
        return {
          from: a,
          to: b,
          predicted: theory.excursion[a - 1][b - 1],
          observed: tot > 0 ? w.statistic : NaN,
          lo: w.ci[0],
          hi: w.ci[1],
        };
      }),
  );
  const plots: PlotSpec[] = [
    {
      kind: 'graph',
      title: `excursions between widest minima, η = ${eta}, b = ${formatTruncation(options.truncation)}`,
      nodes: theory.landscape.minima.map((m, k) => ({
        id: k + 1,
        label: `m${k + 1}`,
        position: m,
        wide: theory.widest.includes(k + 1),
      })),
      edges,
      quantity: 'P(excursion from i ends at j)',
    },
  ];
  let observation: Observation;
  const details: Record<string, unknown> = {
    stepSize: eta,
    paths,
    stepsPerPath,
    chainTimeScale: star,
    counts,
    predictedExcursion: theory.excursion,
    predictedHolding,
    droppedVisits: (r.visits ?? []).reduce((s, v) => s + v.dropped, 0),
    occupancy: r.occupancy,
  };
  if (options.statistic === 'excursion') {
    const tot = counts.ends[i].reduce((s, x) => s + x, 0);
    const w = wilsonInterval(counts.ends[i][options.to! - 1], Math.max(1, tot), { confidence: ctx.confidence });
    observation = {
      estimate: tot > 0 ? w.statistic : NaN,
      ci: tot > 0 ? w.ci : [0, 1],
      standardError: Math.sqrt(Math.max(w.statistic * (1 - w.statistic), 1e-12) / Math.max(1, tot)),
      // Holm's p-value from the interval's own test (issue 14 §6).
      ...(tot > 0
        ? { test: { kind: 'wilson' as const, successes: counts.ends[i][options.to! - 1], trials: tot } }
        : {}),
    };
  } else {
    // Holdings ~ Exp on the λ* clock: N completed over exposure T; exact Poisson-rate interval.
    const N = counts.holdings[i];
    const T = counts.exposure[i] * star;
    const a = 1 - ctx.confidence;
    const rateLo = N > 0 ? chiSquareQuantile(a / 2, 2 * N) / (2 * T) : 0;
    const rateHi = chiSquareQuantile(1 - a / 2, 2 * N + 2) / (2 * T);
    const mean = N > 0 ? T / N : Infinity;
    observation = {
      estimate: mean,
      ci: [1 / rateHi, rateLo > 0 ? 1 / rateLo : Infinity],
      ...(N > 0 ? { standardError: mean / Math.sqrt(N) } : {}),
      ...(T > 0 ? { test: { kind: 'poisson' as const, count: N, exposure: T, scale: 'mean' as const } } : {}),
    };
  }
  return { observation: { ...observation, details, plots }, counts };
}
