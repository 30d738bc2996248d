/**
 * Exits out of sharp basins (THEORY.md §6): chains started at a sharp minimum run to their first
 * exit; the landing basin estimates q(k, l)/q(k), the transition probabilities that θ is built from.
 */
import { formatTruncation } from '../core/format.ts';
import { invalidOption } from '../core/errors.ts';
import { forkLabel } from '../rng/seeds.ts';
import { runExit } from '../sim/run-exit.ts';
import { wilsonInterval } from '../stats/binomial.ts';
import { basinScale } from '../theory/index.ts';
import { theorem2Theory, type Theorem2Setting } from '../theory/theorem2.ts';
import { againstEtaPlot, gapTrend, plannedSpeed } from './theorem2-support.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

// ---------------------------------------------------------------------------------------------
// Exits out of sharp basins

/** Options of {@link runSharpExitCheck}. */
export interface SharpExitOptions extends Theorem2Setting {
  /** 1-based basin the chains start in (at its minimum). */
  readonly basin: number;
  /** 1-based landing basin whose probability is the check's estimate. */
  readonly target: number;
  /** Step sizes, largest first; the estimate is taken at the smallest affordable one. */
  readonly stepSizes: readonly number[];
  /** Chains per step size, at most (the budget may lower it). @default 20000 */
  readonly maxChains?: number;
  /** Chains at each step size but the judged one (the trend). @default 500 */
  readonly minChains?: number;
  /** Chains the judged (smallest affordable) step size needs: about ±0.02 at z = 3.7 for p ≈ 0.6. @default 6000 */
  readonly targetChains?: number;
  readonly workers?: number;
}

/** One step size of a sharp-exit experiment. */
export interface SharpExitPoint {
  readonly stepSize: number;
  readonly chains: number;
  readonly exited: number;
  readonly censored: number;
  /** Landings per basin (1-based index − 1). */
  readonly landings: readonly number[];
  readonly estimate: number;
  readonly ci: readonly [number, number];
  readonly predictedMeanSteps: number;
  readonly meanExitSteps: number;
  readonly path: string;
}

/**
 * Exit-location probabilities out of a basin (ICLR Thm 1 second part, the entries of θ in Thm 2):
 * P(X_σ ∈ Ω_target) against q(k, target)/q(k), at each affordable step size. The observation is the
 * estimate at the smallest step size with its Wilson CI; details carry the per-η table and whether
 * the deviation shrinks (the trend the issue asks for).
 * @throws InputError for a bad basin/target or when theory predicts no exit.
 */
export async function runSharpExitCheck(
  ctx: CheckContext,
  options: SharpExitOptions,
): Promise<{ observation: Observation; points: SharpExitPoint[] }> {
  const api = 'runSharpExitCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  if (!(Number.isInteger(options.basin) && options.basin >= 1 && options.basin <= n))
    throw invalidOption(api, 'basin', `an integer in [1, ${n}]`, options.basin);
  if (!(
    Number.isInteger(options.target) &&
    options.target >= 1 &&
    options.target <= n &&
    options.target !== options.basin
  )) {
    throw invalidOption(api, 'target', `an integer in [1, ${n}] other than the basin`, options.target);
  }
  const c = theory.constants[options.basin - 1];
  if (!(c.exitRate > 0)) throw invalidOption(api, 'basin', 'a basin with a positive exit rate q', options.basin);
  const predicted = theory.jumpProbabilities.map((row) => [...row]);
  const workers = ctx.workers ?? options.workers ?? 2;
  const speed = plannedSpeed(ctx);
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * speed * workers * 0.8; // 20% for overheads
  const meanSteps = (eta: number) => 1 / (c.exitRate * basinScale(theory.law, c.jumpsNeeded, eta));
  const maxChains = options.maxChains ?? 20_000;
  const minChains = options.minChains ?? 500;
  const { kept, used } = planSharpExits(
    options.stepSizes,
    capacity,
    (eta, chains) => chains * meanSteps(eta) * 1.5,
    minChains,
    options.targetChains ?? 6000,
  );
  const points: SharpExitPoint[] = [];
  for (const [idx, eta] of kept.entries()) {
    const m = meanSteps(eta) * 1.5; // finite-η means can sit above the leading order
    const last = idx === kept.length - 1;
    const share = last ? capacity - used : minChains * m;
    const chains = Math.max(minChains, Math.min(maxChains, Math.floor(share / m)));
    const path = forkLabel(ctx.label, `eta=${eta}`).path;
    const r = await runExit(
      {
        engine: ctx.engine,
        landscape: theory.landscape,
        noise: options.noise,
        truncation: options.truncation,
        stepSize: eta,
        basin: options.basin,
        chains,
        maxSteps: Math.ceil(20 * m),
        seed: ctx.label.seed,
        path,
        workers,
      },
      { onProgress: (d, t) => ctx.progress((idx + d / t) / kept.length) },
    );
    const landings = new Array<number>(n).fill(0);
    for (let i = 0; i < r.target.length; i++) if (r.target[i] > 0) landings[r.target[i] - 1]++;
    const exited = chains - r.censored;
    const w = wilsonInterval(landings[options.target - 1], Math.max(1, exited), { confidence: ctx.confidence });
    points.push({
      stepSize: eta,
      chains,
      exited,
      censored: r.censored,
      landings,
      estimate: w.statistic,
      ci: w.ci,
      predictedMeanSteps: meanSteps(eta),
      meanExitSteps: r.meanExitSteps,
      path,
    });
  }
  const p = predicted[options.basin - 1][options.target - 1];
  const last = points[points.length - 1];
  const se = (q: SharpExitPoint) => Math.sqrt(Math.max(q.estimate * (1 - q.estimate), 1e-12) / Math.max(1, q.exited));
  // Trend: the deviation at the smallest η must not be significantly larger than at the largest.
  const { trend, requirements } = gapTrend(points, p, se, ctx.confidence);
  const plots: PlotSpec[] = [
    {
      kind: 'bars',
      title: `exit from basin ${options.basin}: landing basin, η = ${last.stepSize}, b = ${formatTruncation(options.truncation)}`,
      yLabel: 'P(land in Ω_l)',
      groups: last.landings
        .map((cnt, l) => ({ l, cnt }))
        .filter(({ l }) => l !== options.basin - 1 && (predicted[options.basin - 1][l] > 0 || last.landings[l] > 0))
        .map(({ l, cnt }) => {
          const wl = wilsonInterval(cnt, Math.max(1, last.exited), { confidence: ctx.confidence });
          return {
            label: `Ω_${l + 1}`,
            predicted: predicted[options.basin - 1][l],
            observed: wl.statistic,
            lo: wl.ci[0],
            hi: wl.ci[1],
          };
        }),
    },
    againstEtaPlot(
      `P(exit ${options.basin} → ${options.target}) against η`,
      'probability',
      'observed (Wilson CI)',
      'q(k,l)/q(k)',
      points,
      p,
    ),
  ];
  return {
    points,
    observation: {
      estimate: last.estimate,
      ci: last.ci,
      standardError: se(last),
      // Holm's p-value from the interval's own test (issue 14 §6).
      ...(last.exited > 0
        ? { test: { kind: 'wilson' as const, successes: last.landings[options.target - 1], trials: last.exited } }
        : {}),
      details: {
        predictedByTarget: predicted[options.basin - 1],
        points: points.map((q) => ({ ...q, ci: [...q.ci] })),
        trend,
      },
      plots,
      requirements,
    },
  };
}

/**
 * The step sizes a sharp-exit check runs, largest first. The judged (last) step size is the smallest
 * one whose `target` chains still fit after `minChains` at each larger step size (those give the
 * trend); if none fits, the largest alone takes the budget. Precision at the judged η matters more
 * than a smaller η with a CI too wide to decide. `used`: the steps the trend points take.
 */
function planSharpExits(
  stepSizes: readonly number[],
  capacity: number,
  cost: (stepSize: number, chains: number) => number,
  minChains: number,
  target: number,
): { kept: number[]; used: number } {
  const etas = [...stepSizes].sort((a, b) => b - a);
  let kept: number[] = [etas[0]];
  for (let f = etas.length - 1; f >= 0; f--) {
    const need = etas.slice(0, f).reduce((s, e) => s + cost(e, minChains), 0) + cost(etas[f], target);
    if (need <= capacity) {
      kept = etas.slice(0, f + 1);
      break;
    }
  }
  const used = kept.slice(0, -1).reduce((s, e) => s + cost(e, minChains), 0);
  return { kept, used };
}
