/**
 * The embedded chain on the widest minima as a check (issue 5, must-have 1 and 5): plan each step
 * size (`plan.ts`), estimate (`estimate.ts`), judge the last against the limit's prediction
 * (`src/theory/embedded-chain.ts`) with the trend of the gap, and plot.
 */
import { twoSidedZ } from '../../stats/normal.ts';
import { formatTruncation } from '../../core/format.ts';
import { invalidOption } from '../../core/errors.ts';
import { forkLabel } from '../../rng/seeds.ts';
import { theorem2Theory, type Theorem2Setting, type Theorem2Theory } from '../../theory/theorem2.ts';
import { againstEtaPlot, gapTrend, plannedSpeed } from '../theorem2-support.ts';
import type { CheckContext, Observation, PlotSpec } from '../../verify/types.ts';
import { type EmbeddedChainResult, type EmbeddedEstimate, estimateEmbeddedChain } from './estimate.ts';
import {
  type EmbeddedStatistic,
  classGenerator,
  embeddedPrediction,
  leadingMeanExitSteps,
} from '../../theory/embedded-chain.ts';
import { planEmbeddedChain } from './plan.ts';

/** Options of {@link runEmbeddedChainCheck}. */
export interface EmbeddedCheckOptions extends Theorem2Setting {
  readonly statistic: EmbeddedStatistic;
  readonly from: number;
  /** Target widest minimum ('excursion', 'rate'). */
  readonly to?: number;
  /** Step sizes, largest first; the last is judged, the others give the trend (each a `trendShare` of the budget). */
  readonly stepSizes: readonly number[];
  /** Budget share of each trend step size. @default 0.12 */
  readonly trendShare?: number;
  readonly epsilon?: number;
  readonly maxReplicates?: number;
  readonly workers?: number;
}

/** One step size of an embedded-chain check. */
export interface EmbeddedCheckPoint {
  readonly stepSize: number;
  readonly exits: number;
  readonly replicates: number;
  readonly estimate: number;
  readonly ci: readonly [number, number];
  readonly standardError: number;
  /** P̂(from → j) per 1-based j (index j − 1; NaN for sharp j) and its CI. */
  readonly excursion: readonly number[];
  readonly excursionCi: readonly (readonly [number, number])[];
  readonly holding: number;
  readonly nullShare: number;
  readonly routes: Readonly<Record<string, number>>;
  readonly landings: readonly number[];
  readonly sharpVisits: readonly number[];
  readonly meanExitSteps: number;
  readonly meanSharpSteps: number;
  readonly stage2Calls: number;
  readonly seconds: readonly [number, number];
  readonly path: string;
  /** 'class-share': the other state's holding time (λ* units) and CI. */
  readonly other?: { readonly from: number; readonly holding: number; readonly ci: readonly [number, number] };
}

/**
 * Routes of the excursions (minima visited, e.g. `4→3→2`): observed share among the excursions (null
 * cycles excluded) against the limit's discrete chain on the minima, P(i, k₁)·P(k₁, k₂)·…·P(k_m, j)
 * with P(k, l) = q(k, l)/q(k) (THEORY.md §6). The `most` routes with the largest observed or
 * predicted share (pure; exported for tests).
 */
export function routeComparison(
  theory: Theorem2Theory,
  from: number,
  routes: Readonly<Record<string, number>>,
  most: number,
): { label: string; predicted: number; observed: number }[] {
  const total = Object.values(routes).reduce((s, x) => s + x, 0);
  const predictedOf = (route: string) => {
    const m = route.split('→').map(Number);
    let p = 1;
    for (let k = 0; k + 1 < m.length; k++) p *= theory.jumpProbabilities[m[k] - 1][m[k + 1] - 1];
    return p;
  };
  // Predicted routes: from i through sharp minima (at most 4 of them) to the first widest one.
  const predicted = new Map<string, number>();
  const wide = new Set(theory.widest);
  const grow = (route: number[], p: number): void => {
    const last = route[route.length - 1];
    if (route.length > 1 && wide.has(last)) {
      predicted.set(route.join('→'), p);
      return;
    }
    if (route.length > 5 || p < 1e-4) return;
    theory.jumpProbabilities[last - 1].forEach((q, l) => {
      if (q > 0) grow([...route, l + 1], p * q);
    });
  };
  grow([from], 1);
  const labels = new Set([...Object.keys(routes), ...predicted.keys()]);
  return [...labels]
    .map((label) => ({
      label,
      predicted: predicted.get(label) ?? predictedOf(label),
      observed: total > 0 ? (routes[label] ?? 0) / total : NaN,
    }))
    .sort((a, b) => Math.max(b.predicted, b.observed) - Math.max(a.predicted, a.observed))
    .slice(0, most);
}

/**
 * The embedded chain on the widest minima as a check (issue 5, must-have 1 and 5): the two-stage
 * estimator at each step size (see {@link estimateEmbeddedChain}), judged at the last. Details carry
 * per step size the whole excursion law out of `from`, the routes through sharp basins, the holding
 * time, and the trend of the gap to the limit.
 * @throws InputError for a `from`/`to` that is not widest (of an absorbing class, for holding/rate).
 */
export async function runEmbeddedChainCheck(
  ctx: CheckContext,
  options: EmbeddedCheckOptions,
): Promise<{ observation: Observation; points: EmbeddedCheckPoint[] }> {
  const api = 'runEmbeddedChainCheck';
  const theory = theorem2Theory(options);
  if (!theory.widest.includes(options.from))
    throw invalidOption(api, 'from', `a widest minimum (${theory.widest.join(', ')})`, options.from);
  if (options.statistic === 'class-share' && classGenerator(theory, options.from).states.length !== 2) {
    throw invalidOption(
      api,
      'from',
      'a widest minimum of an absorbing class of exactly two widest minima',
      options.from,
    );
  }
  if (
    options.statistic !== 'holding' &&
    options.statistic !== 'class-share' &&
    !(options.to !== undefined && theory.widest.includes(options.to) && options.to !== options.from)
  ) {
    throw invalidOption(api, 'to', `a widest minimum other than from (${theory.widest.join(', ')})`, options.to);
  }
  const predicted = embeddedPrediction(theory, options.statistic, options.from, options.to);
  const workers = ctx.workers ?? options.workers ?? 2;
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * plannedSpeed(ctx) * workers * 0.8;
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  const trendShare = options.trendShare ?? 0.12;
  const points: EmbeddedCheckPoint[] = [];
  const pick = (r: EmbeddedChainResult): EmbeddedEstimate => {
    if (options.statistic === 'excursion') return r.probabilities[options.to! - 1];
    if (options.statistic === 'holding') return r.holding;
    return r.rates[options.to! - 1];
  };
  for (const [idx, eta] of etas.entries()) {
    const last = idx === etas.length - 1;
    const steps = capacity * (last ? 1 - trendShare * (etas.length - 1) : trendShare);
    const path = forkLabel(ctx.label, `eta=${eta}`).path;
    const run = (from: number, budget: number, sub: string, p0: number, p1: number) => {
      const plan = planEmbeddedChain(
        theory,
        from,
        options.statistic === 'excursion' ? options.to! : null,
        eta,
        budget,
        { maxReplicates: options.maxReplicates },
      );
      return estimateEmbeddedChain({
        theory,
        noise: options.noise,
        from,
        stepSize: eta,
        exits: plan.exits,
        replicates: plan.replicates,
        seed: ctx.label.seed,
        path: `${path}${sub}`,
        confidence: ctx.confidence,
        workers,
        engine: ctx.engine,
        ...(options.epsilon !== undefined ? { epsilon: options.epsilon } : {}),
        onProgress: (f) => ctx.progress((idx + p0 + (p1 - p0) * f) / etas.length),
      });
    };
    let r: EmbeddedChainResult;
    let e: EmbeddedEstimate;
    let other: { from: number; holding: EmbeddedEstimate } | undefined;
    if (options.statistic === 'class-share') {
      // Two runs, budget ∝ √(exit cost) (equal relative precision per step spent on either holding).
      const o = classGenerator(theory, options.from).states.find((x) => x !== options.from)!;
      const wa = Math.sqrt(leadingMeanExitSteps(theory, options.from, eta));
      const wb = Math.sqrt(leadingMeanExitSteps(theory, o, eta));
      r = await run(options.from, (steps * wa) / (wa + wb), '', 0, 0.5);
      const rb = await run(o, (steps * wb) / (wa + wb), `/other=m${o}`, 0.5, 1);
      other = { from: o, holding: rb.holding };
      const ha = r.holding.estimate;
      const hb = rb.holding.estimate;
      const pi = ha / (ha + hb);
      const se = Math.hypot(hb * r.holding.standardError, ha * rb.holding.standardError) / (ha + hb) ** 2;
      e = {
        estimate: pi,
        standardError: se,
        ci: [Math.max(0, pi - twoSidedZ(ctx.confidence) * se), Math.min(1, pi + twoSidedZ(ctx.confidence) * se)],
      };
    } else {
      r = await run(options.from, steps, '', 0, 1);
      e = pick(r);
    }
    points.push({
      stepSize: eta,
      exits: r.exits,
      replicates: r.replicates,
      estimate: e.estimate,
      ci: [...e.ci] as [number, number],
      standardError: e.standardError,
      excursion: r.probabilities.map((p) => p.estimate),
      excursionCi: r.probabilities.map((p) => [...p.ci] as [number, number]),
      holding: r.holding.estimate,
      nullShare: r.nullShare,
      routes: r.routes,
      landings: r.landings,
      sharpVisits: r.sharpVisits,
      meanExitSteps: r.meanExitSteps,
      meanSharpSteps: r.meanSharpSteps,
      stage2Calls: r.stage2Calls,
      seconds: [r.stage1Seconds, r.stage2Seconds],
      path,
      ...(other
        ? {
            other: { from: other.from, holding: other.holding.estimate, ci: [...other.holding.ci] as [number, number] },
          }
        : {}),
    });
  }
  const last = points[points.length - 1];
  const { trend, requirements } = gapTrend(points, predicted, (q) => q.standardError, ctx.confidence);
  const plots = embeddedChainPlots(theory, options, points, predicted);
  return {
    points,
    observation: {
      estimate: last.estimate,
      ci: last.ci,
      // No standard error when only bounds are known (stage-1 exits censored): the verdict then reads the CI alone.
      ...(Number.isFinite(last.standardError) ? { standardError: last.standardError } : {}),
      details: {
        statistic: options.statistic,
        predictedExcursion: theory.excursion[options.from - 1],
        points,
        trend,
        estimator:
          'two-stage (strong Markov): runExit from the widest minimum, then K replicates per landing through sharp basins until a widest ε-ball is visited',
      },
      plots,
      requirements,
    },
  };
}

/** The excursion law as a graph (predicted / observed), the routes through sharp basins, and the statistic against η. */
function embeddedChainPlots(
  theory: Theorem2Theory,
  options: EmbeddedCheckOptions,
  points: readonly EmbeddedCheckPoint[],
  predicted: number,
): PlotSpec[] {
  const last = points[points.length - 1];
  const observedExcursion = last.excursion;
  const routeBars = routeComparison(theory, options.from, last.routes, 6);
  const plots: PlotSpec[] = [
    {
      kind: 'graph',
      title: `embedded chain out of m${options.from}: P(next widest = j), η = ${last.stepSize}, b = ${formatTruncation(Number(options.truncation.toPrecision(6)))} (predicted / observed)`,
      nodes: theory.landscape.minima.map((m, k) => ({
        id: k + 1,
        label: `m${k + 1}`,
        position: m,
        wide: theory.widest.includes(k + 1),
      })),
      edges: theory.widest
        .filter((j) => j !== options.from)
        .map((j) => ({
          from: options.from,
          to: j,
          predicted: theory.excursion[options.from - 1][j - 1],
          observed: observedExcursion[j - 1],
          lo: last.excursionCi[j - 1][0],
          hi: last.excursionCi[j - 1][1],
        })),
      quantity: 'P(excursion from i ends at j), two-stage estimate',
    },
    {
      kind: 'bars',
      title: `routes of the excursions out of m${options.from} (minima visited), η = ${last.stepSize}: limit chain P(i,k₁)P(k₁,k₂)… against observed`,
      yLabel: 'share of the excursions',
      groups: routeBars,
    },
    againstEtaPlot(
      `${options.statistic} ${options.from}${options.to !== undefined ? ` → ${options.to}` : ''} against η (two-stage estimator)`,
      options.statistic === 'excursion'
        ? 'probability'
        : options.statistic === 'holding'
          ? 'holding time (λ* units)'
          : options.statistic === 'rate'
            ? 'rate (λ* units)'
            : 'share of the class time',
      'observed (CI)',
      'limit',
      points,
      predicted,
    ),
  ];
  return plots;
}
