/**
 * Runners of the Theorem 2 checks (issue 5; THEORY.md §6): the Markov-chain limit on the widest
 * minima, the elimination of sharp minima, the untruncated all-minima chain, and reducible G.
 *
 * Three experiments, all planned from the predicted time scales so that they fit the check's budget:
 * - `runSharpExitCheck`: chains started at a sharp minimum run to their first exit (`runExit`); the
 *   landing basin estimates q(k, l)/q(k), the transition probabilities out of sharp basins that θ is
 *   built from. Exits from a sharp basin take ~1/(q λ_{l*}(η)) steps, far fewer than a widest holding
 *   time, so this is the cheap and precise part of the Markov-chain claim.
 * - `runOccupancyCheck`: long trajectories (`runTrajectory`), occupancy per basin at several η; the
 *   sharp-basin share, its log-log slope in η, or the share of a chosen set of basins.
 * - `runExcursionCheck`: trajectories with visit sequences; excursions out of each widest minimum
 *   (which widest minimum comes next, through which sharp ones) and holding times in λ*(η) units.
 *
 * Confidence intervals: exit landings are binomial (Wilson); occupancy uses independent paths as
 * replicates (Student t over per-path shares, each path being many renewal cycles long); holding
 * times are exponential on the λ* clock in the limit, so the count of completed holdings over the
 * total exposure gives a Poisson rate with an exact chi-square interval (the unfinished last holding
 * of each path is censored exposure, not dropped).
 */
import { invalidOption } from '../core/errors.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { Landscape, LandscapeSpec, NoiseLaw, NoiseSpec } from '../model/types.ts';
import { exactExit } from '../exact/exit.ts';
import { exactOccupancy } from '../exact/occupancy.ts';
import { forkLabel, openStream } from '../rng/seeds.ts';
import { randomPolynomialSpec } from '../model/landscapes.ts';
import { runExit } from '../sim/run-exit.ts';
import { runTrajectory, type TrajectoryResult } from '../sim/run-trajectory.ts';
import { wilsonInterval } from '../stats/binomial.ts';
import { chiSquareQuantile, normalQuantile, studentTQuantile } from '../stats/distributions.ts';
import { fitLogLog } from '../stats/loglog-regression.ts';
import { basinGeometry, basinScale, chainTimeScale, exitExponent, transitionGraph, type Geometry, type TransitionGraph } from '../theory/index.ts';
import { exitConstants, type BasinConstants } from '../theory/constants.ts';
import { untruncatedConstants } from '../theory/baselines.ts';
import { absorptionProbabilities, generatorsByClass, stationaryDistribution, type GeneratorReport } from '../theory/markov.ts';
import type { CheckContext, Observation, PlotSpec } from './types.ts';

/** Landscape, noise and truncation of a Theorem 2 experiment. */
export interface Theorem2Setting {
  readonly landscape: LandscapeSpec;
  readonly noise: NoiseSpec;
  /** b > 0, or Infinity (no clipping: the all-minima chain of THEORY.md §6, last item). */
  readonly truncation: number;
}

/** What THEORY.md §6 predicts for a setting, computed from `src/theory` (never retyped). */
export interface Theorem2Theory {
  readonly landscape: Landscape;
  readonly law: NoiseLaw;
  readonly truncation: number;
  readonly geometry: Geometry;
  readonly graph: TransitionGraph;
  /** q_k, q_{k,l} per basin (b = ∞: the single-jump constants). */
  readonly constants: readonly BasinConstants[];
  /** P(k, l) = q(k, l)/q(k), 0-based. */
  readonly jumpProbabilities: readonly (readonly number[])[];
  /**
   * 1-based widest minima (l* = l_max of their absorbing class, plus transient minima at the global
   * l_max; every minimum when b = ∞) and the others ("sharp").
   */
  readonly widest: readonly number[];
  readonly sharp: readonly number[];
  /** l_max (1 when b = ∞). */
  readonly maxJumps: number;
  /**
   * excursion[i][j] (0-based, i widest): probability that an excursion out of widest m_{i+1} ends at
   * widest m_{j+1}, Σ_{j'≠i} P(i, j')·θ(m_j | m_{j'}) with every widest minimum absorbing (j = i: it
   * returned). Rows of sharp i are 0.
   */
  readonly excursion: readonly (readonly number[])[];
  /**
   * Generator of the limiting chain: on the widest minima of G's class (clipped, one per absorbing
   * class), on all minima (b = ∞). Rates per unit of λ*(η)-time (b = ∞: H(1/η)-time).
   */
  readonly generators: readonly GeneratorReport[];
}

/** Resolves landscape and law, once, at the boundary. */
export function resolveSetting(setting: Theorem2Setting): { landscape: Landscape; law: NoiseLaw } {
  const landscape = resolveLandscape(setting.landscape);
  const law = createNoiseLaw(setting.noise);
  if (law.tailIndex === null) throw invalidOption('theorem2Theory', 'noise', 'a heavy-tailed law (lomax, student-t, stable)', setting.noise.kind);
  return { landscape, law };
}

/**
 * The Theorem 2 predictions for a setting (THEORY.md §4, §6; ICLR Thm 2–5).
 * @throws InputError for a light-tailed law or a bad truncation.
 */
export function theorem2Theory(setting: Theorem2Setting): Theorem2Theory {
  const { landscape, law } = resolveSetting(setting);
  const b = setting.truncation;
  if (!(b === Infinity || (Number.isFinite(b) && b > 0))) throw invalidOption('theorem2Theory', 'truncation', 'a number > 0 or Infinity', b);
  const alpha = law.tailIndex as number;
  const geometry = basinGeometry(landscape, b);
  const graph = transitionGraph(geometry);
  const constants = b === Infinity ? untruncatedConstants(landscape, alpha, law.pPlus) : exitConstants(landscape, b, alpha, law.pPlus);
  const n = constants.length;
  const jumpProbabilities = constants.map((c) => c.exitRateByTarget.map((v) => (c.exitRate > 0 ? v / c.exitRate : 0)));
  const maxJumps = b === Infinity ? 1 : geometry.maxJumps;
  let generators: GeneratorReport[];
  if (b === Infinity) {
    const members = constants.map((c) => c.basin);
    const matrix = constants.map((c, i) => c.exitRateByTarget.map((v, j) => (i === j ? -c.exitRate : v)));
    generators = [{ states: members, class: members, maxJumps: 1, matrix, stationary: stationaryDistribution(matrix) }];
  } else generators = generatorsByClass(constants, graph);
  // Absorbing states of the excursions: the widest minima of each absorbing class (l_max is per
  // class, as in generatorsByClass), and transient minima at the global l_max (so excursions that
  // reach them are counted as ending there: the reducible check asks whether they ever do).
  const classWidest = new Set(generators.flatMap((g) => g.states));
  const transient = new Set(graph.classes.filter((c) => !c.absorbing).flatMap((c) => c.members));
  const isWide = constants.map((c, k) => b === Infinity || classWidest.has(k + 1) || (transient.has(k + 1) && c.jumpsNeeded === maxJumps));
  const rates = constants.map((c) => [...c.exitRateByTarget]);
  const theta = absorptionProbabilities(rates, isWide);
  const excursion = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (!isWide[i] || !isWide[j]) return 0;
      let s = 0;
      for (let jp = 0; jp < n; jp++) if (jp !== i) s += jumpProbabilities[i][jp] * (jp === j ? 1 : isWide[jp] ? 0 : theta[jp][j]);
      return s;
    }),
  );
  const widest = isWide.map((w, k) => (w ? k + 1 : 0)).filter((k) => k > 0);
  const sharp = isWide.map((w, k) => (w ? 0 : k + 1)).filter((k) => k > 0);
  return { landscape, law, truncation: b, geometry, graph, constants, jumpProbabilities, widest, sharp, maxJumps, excursion, generators };
}

/**
 * Leading-order occupancy of every basin at step size η (a derived heuristic, THEORY.md §6 "derived
 * heuristic rate"). Widest minimum i holds a share π_i of the λ*-clock (π of the class's generator);
 * per unit of that clock it starts q_i excursions, each visiting sharp k on average v_{ik} times
 * (v = P_{i·}(I − P_TT)^{−1}, T the sharp states), and a visit to k lasts 1/(q_k λ_k(η)) steps
 * = (λ*(η)/λ_k(η))/q_k clock units. So sharp k holds λ(η)^{l_max − l*_k}·Σ_i π_i q_i v_{ik}/q_k
 * clock units per unit, and shares are these normalised. For Pareto tails λ(η) ∝ η^{α−1}: the
 * sharp share falls like η^{(α−1)(l_max − l*_k)}. Flow time after a landing (O(1/η) steps) is ignored.
 * Returns one share per basin (0-based), or null when G is reducible (use the class's own chain).
 */
export function leadingOrderOccupancy(theory: Theorem2Theory, stepSize: number): number[] | null {
  const g = theory.generators;
  const n = theory.constants.length;
  if (g.length !== 1 || g[0].stationary === null || g[0].class.length !== n) return null;
  const pi = new Array<number>(n).fill(0);
  g[0].states.forEach((s, r) => (pi[s - 1] = g[0].stationary![r]));
  if (theory.truncation === Infinity) return pi;
  const P = theory.jumpProbabilities;
  const T = theory.sharp.map((k) => k - 1);
  // N = (I − P_TT)^{−1} through absorption probabilities is awkward; solve (I − P_TT)^T v^T = P_{i,T}^T
  // per widest i by the fundamental-matrix identity v = P_{iT} N, with a plain Gauss–Seidel sweep:
  // sharp-to-sharp chains are short (every sharp basin leaks to a widest one), so it converges fast.
  const widestIdx = theory.widest.map((k) => k - 1);
  const shareClock = new Array<number>(n).fill(0);
  for (const i of widestIdx) shareClock[i] = pi[i];
  const star = chainTimeScale(theory.law, theory.maxJumps, stepSize);
  for (const i of widestIdx) {
    if (pi[i] === 0) continue;
    const v = new Map<number, number>(T.map((k) => [k, 0]));
    for (let iter = 0; iter < 10_000; iter++) {
      let delta = 0;
      for (const k of T) {
        let s = P[i][k];
        for (const j of T) s += v.get(j)! * P[j][k];
        delta = Math.max(delta, Math.abs(s - v.get(k)!));
        v.set(k, s);
      }
      if (delta < 1e-15) break;
    }
    for (const k of T) {
      const c = theory.constants[k];
      shareClock[k] += (pi[i] * theory.constants[i].exitRate * v.get(k)! * (star / basinScale(theory.law, c.jumpsNeeded, stepSize))) / c.exitRate;
    }
  }
  const total = shareClock.reduce((s, x) => s + x, 0);
  return shareClock.map((x) => x / total);
}

/** z for a two-sided interval at `confidence`. */
function zOf(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

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
export async function runSharpExitCheck(ctx: CheckContext<any>, options: SharpExitOptions): Promise<{ observation: Observation; points: SharpExitPoint[] }> {
  const api = 'runSharpExitCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  if (!(Number.isInteger(options.basin) && options.basin >= 1 && options.basin <= n)) throw invalidOption(api, 'basin', `an integer in [1, ${n}]`, options.basin);
  if (!(Number.isInteger(options.target) && options.target >= 1 && options.target <= n && options.target !== options.basin)) {
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
  // The judged (last) step size is the smallest one whose `targetChains` still fit after `minChains`
  // at each larger step size (those give the trend); if none fits, the largest alone takes the budget.
  // Precision at the judged η matters more than a smaller η with a CI too wide to decide.
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  const target = options.targetChains ?? 6000;
  const cost = (eta: number, chains: number) => chains * meanSteps(eta) * 1.5;
  let kept: number[] = [etas[0]];
  for (let f = etas.length - 1; f >= 0; f--) {
    const need = etas.slice(0, f).reduce((s, e) => s + cost(e, minChains), 0) + cost(etas[f], target);
    if (need <= capacity) {
      kept = etas.slice(0, f + 1);
      break;
    }
  }
  const used = kept.slice(0, -1).reduce((s, e) => s + cost(e, minChains), 0);
  const points: SharpExitPoint[] = [];
  for (const [idx, eta] of kept.entries()) {
    const m = meanSteps(eta) * 1.5; // finite-η means can sit above the leading order
    const last = idx === kept.length - 1;
    const share = last ? capacity - used : minChains * m;
    const chains = Math.max(minChains, Math.min(maxChains, Math.floor(share / m)));
    const path = forkLabel(ctx.label, `eta=${eta}`).path;
    const r = await runExit(
      { landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, basin: options.basin, chains, maxSteps: Math.ceil(20 * m), seed: ctx.label.seed, path, workers },
      { onProgress: (d, t) => ctx.progress((idx + d / t) / kept.length) },
    );
    const landings = new Array<number>(n).fill(0);
    for (let i = 0; i < r.target.length; i++) if (r.target[i] > 0) landings[r.target[i] - 1]++;
    const exited = chains - r.censored;
    const w = wilsonInterval(landings[options.target - 1], Math.max(1, exited), { confidence: ctx.confidence });
    points.push({ stepSize: eta, chains, exited, censored: r.censored, landings, estimate: w.statistic, ci: w.ci, predictedMeanSteps: meanSteps(eta), meanExitSteps: r.meanExitSteps, path });
  }
  const p = predicted[options.basin - 1][options.target - 1];
  const last = points[points.length - 1];
  const first = points[0];
  const z = zOf(ctx.confidence);
  const se = (q: SharpExitPoint) => Math.sqrt(Math.max(q.estimate * (1 - q.estimate), 1e-12) / Math.max(1, q.exited));
  // Trend: the deviation at the smallest η must not be significantly larger than at the largest.
  const trendZ = points.length > 1 ? (Math.abs(last.estimate - p) - Math.abs(first.estimate - p)) / Math.hypot(se(last), se(first)) : 0;
  const plots: PlotSpec[] = [
    {
      kind: 'bars',
      title: `exit from basin ${options.basin}: landing basin, η = ${last.stepSize}, b = ${fmtB(options.truncation)}`,
      yLabel: 'P(land in Ω_l)',
      groups: last.landings
        .map((cnt, l) => ({ l, cnt }))
        .filter(({ l }) => l !== options.basin - 1 && (predicted[options.basin - 1][l] > 0 || last.landings[l] > 0))
        .map(({ l, cnt }) => {
          const wl = wilsonInterval(cnt, Math.max(1, last.exited), { confidence: ctx.confidence });
          return { label: `Ω_${l + 1}`, predicted: predicted[options.basin - 1][l], observed: wl.statistic, lo: wl.ci[0], hi: wl.ci[1] };
        }),
    },
    {
      kind: 'xy',
      title: `P(exit ${options.basin} → ${options.target}) against η`,
      xLabel: 'η',
      yLabel: 'probability',
      logX: true,
      series: [
        { name: 'observed (Wilson CI)', style: 'scatter', role: 'observed', points: points.map((q) => ({ x: q.stepSize, y: q.estimate, lo: q.ci[0], hi: q.ci[1] })) },
        { name: 'q(k,l)/q(k)', style: 'line', role: 'predicted', points: points.map((q) => ({ x: q.stepSize, y: p })) },
      ],
    },
  ];
  return {
    points,
    observation: {
      estimate: last.estimate,
      ci: last.ci,
      standardError: se(last),
      details: {
        predictedByTarget: predicted[options.basin - 1],
        points: points.map((q) => ({ ...q, ci: [...q.ci] })),
        trend: { z: trendZ, towardPrediction: trendZ < z, note: 'z of |dev(smallest η)| − |dev(largest η)|; ≥ the CI z means the gap grows as η falls' },
      },
      plots,
    },
  };
}

function fmtB(b: number): string {
  return b === Infinity ? '∞' : String(b);
}

// ---------------------------------------------------------------------------------------------
// Occupancy

/** What an occupancy check estimates. */
export type OccupancyStatistic =
  /** Share of steps in `basins` (default: the sharp basins) at the smallest step size. */
  | 'share'
  /** Log-log slope of that share against η (predicted (α−1)(l_max − l*_sharp) for the sharp set). */
  | 'slope';

/** Options of {@link runOccupancyCheck}. */
export interface OccupancyOptions extends Theorem2Setting {
  readonly statistic: OccupancyStatistic;
  /** Step sizes (any order). */
  readonly stepSizes: readonly number[];
  /** 1-based basins whose share is estimated. @default the sharp basins of this truncation */
  readonly basins?: readonly number[];
  /** X_0. @default the first widest minimum */
  readonly start?: number;
  /** Independent paths per step size (replicates of the CI). @default 16 */
  readonly paths?: number;
  /** Record this many samples per path at the smallest η for a Fig. 1 style plot. @default 2000 */
  readonly samplesPerPath?: number;
  readonly workers?: number;
}

/** One step size of an occupancy experiment. */
export interface OccupancyPoint {
  readonly stepSize: number;
  readonly paths: number;
  readonly stepsPerPath: number;
  readonly occupancy: readonly number[];
  /** Share of `basins` with a t interval over paths. */
  readonly share: number;
  readonly shareSe: number;
  readonly ci: readonly [number, number];
  readonly leadingOrder: readonly number[] | null;
  readonly transitions: readonly (readonly number[])[];
  readonly path: string;
}

/**
 * Occupancy per basin from long trajectories, steps allotted by the predicted time scale (each η
 * gets steps ∝ 1/λ*(η), so every point sees about the same number of widest-to-widest cycles).
 * The observation is the share of the chosen basins at the smallest η, or its log-log slope.
 * @throws InputError on bad options.
 */
export async function runOccupancyCheck(
  ctx: CheckContext<any>,
  options: OccupancyOptions,
): Promise<{ observation: Observation; points: OccupancyPoint[]; trajectory: TrajectoryResult | null }> {
  const api = 'runOccupancyCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  const basins = options.basins ?? theory.sharp;
  if (basins.length === 0 || basins.some((k) => !(Number.isInteger(k) && k >= 1 && k <= n))) {
    throw invalidOption(api, 'basins', `a non-empty list of basins in [1, ${n}] (no sharp basins at this truncation: name them)`, basins);
  }
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  if (options.statistic === 'slope' && etas.length < 2) throw invalidOption(api, 'stepSizes', 'at least two step sizes for a slope', options.stepSizes);
  const paths = options.paths ?? 16;
  const workers = ctx.workers ?? options.workers ?? 2;
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * speed * workers * 0.85;
  // Steps ∝ 1/λ*(η) (b = ∞: the all-minima clock H(1/η)).
  const clock = (eta: number) => (options.truncation === Infinity ? theory.law.tail(1 / eta) : chainTimeScale(theory.law, theory.maxJumps, eta));
  const weights = etas.map((e) => 1 / clock(e));
  const wsum = weights.reduce((s, w) => s + w, 0);
  const start = options.start ?? theory.landscape.minima[theory.widest[0] - 1];
  const points: OccupancyPoint[] = [];
  let trajectory: TrajectoryResult | null = null;
  for (const [idx, eta] of etas.entries()) {
    const q = 256;
    const stepsPerPath = Math.max(q, Math.floor((capacity * weights[idx]) / wsum / paths / q) * q);
    const last = idx === etas.length - 1;
    const samplesPerPath = options.samplesPerPath ?? 2000;
    const path = forkLabel(ctx.label, `eta=${eta}`).path;
    const r = await runTrajectory(
      {
        landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, start, steps: stepsPerPath, paths,
        seed: ctx.label.seed, path, workers,
        ...(last && samplesPerPath > 0 ? { record: { sampleEvery: Math.max(1, Math.floor(stepsPerPath / samplesPerPath)) } } : {}),
      },
      { onProgress: (d, t) => ctx.progress((idx + d / t) / etas.length) },
    );
    if (last) trajectory = r;
    const shares = r.basinStepsPerPath.map((row) => basins.reduce((s, k) => s + row[k - 1], 0) / stepsPerPath);
    const mean = shares.reduce((s, x) => s + x, 0) / paths;
    const sd = Math.sqrt(shares.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, paths - 1));
    const se = sd / Math.sqrt(paths);
    const t = studentTQuantile(1 - (1 - ctx.confidence) / 2, Math.max(1, paths - 1));
    points.push({
      stepSize: eta, paths, stepsPerPath, occupancy: r.occupancy, share: mean, shareSe: se, ci: [Math.max(0, mean - t * se), Math.min(1, mean + t * se)],
      leadingOrder: leadingOrderOccupancy(theory, eta), transitions: r.transitions, path,
    });
  }
  const lastPoint = points[points.length - 1];
  const plots: PlotSpec[] = [];
  const label = `{${basins.map((k) => `Ω_${k}`).join(', ')}}`;
  plots.push({
    kind: 'bars',
    title: `occupancy per basin, η = ${lastPoint.stepSize}, b = ${fmtB(options.truncation)}`,
    yLabel: 'fraction of steps',
    groups: lastPoint.occupancy.map((o, k) => ({ label: `Ω_${k + 1}`, predicted: lastPoint.leadingOrder?.[k] ?? NaN, observed: o })),
  });
  const usable = points.filter((p) => p.share > 0 && p.shareSe > 0);
  let fitInfo: Record<string, unknown> | null = null;
  let observation: Observation;
  if (options.statistic === 'slope') {
    if (usable.length < 2) {
      observation = { estimate: NaN, ci: [-Infinity, Infinity], details: { reason: 'fewer than two step sizes with a positive share' } };
    } else {
      const fit = fitLogLog(usable.map((p) => p.stepSize), usable.map((p) => p.share), usable.map((p) => p.shareSe), { confidence: ctx.confidence, variance: 'known' });
      fitInfo = { slope: fit.slope, ci: fit.ci, se: fit.slopeSe, fitPValue: fit.fitPValue };
      observation = { estimate: fit.slope, ci: fit.ci, standardError: fit.slopeSe };
    }
  } else {
    observation = { estimate: lastPoint.share, ci: lastPoint.ci, standardError: lastPoint.shareSe };
  }
  plots.push({
    kind: 'xy',
    title: `share of ${label} against η, b = ${fmtB(options.truncation)}`,
    xLabel: 'η',
    yLabel: 'fraction of steps',
    logX: true,
    logY: true,
    series: [
      { name: 'observed (t CI over paths)', style: 'scatter', role: 'observed', points: usable.map((p) => ({ x: p.stepSize, y: p.share, lo: Math.max(p.ci[0], p.share / 10), hi: p.ci[1] })) },
      ...(usable.every((p) => p.leadingOrder)
        ? [{ name: 'leading order (slope (α−1)(l_max − l*))', style: 'line' as const, role: 'predicted' as const, points: usable.map((p) => ({ x: p.stepSize, y: basins.reduce((s, k) => s + p.leadingOrder![k - 1], 0) })) }]
        : []),
    ],
  });
  if (trajectory?.samples) {
    const every = Math.max(1, Math.floor(lastPoint.stepsPerPath / (options.samplesPerPath ?? 2000)));
    plots.push({
      kind: 'step',
      title: `sample paths, η = ${lastPoint.stepSize}, b = ${fmtB(options.truncation)} (cf. ICLR Fig. 1)`,
      xLabel: 'step',
      yLabel: 'x',
      paths: trajectory.samples.slice(0, 3).map((s, i) => ({ name: `path ${i}`, steps: Array.from(s, (_, j) => (j + 1) * every), values: Array.from(s) })),
      guides: [
        ...theory.landscape.minima.map((m, k) => ({ y: m, label: `m${k + 1}${theory.sharp.includes(k + 1) ? ' (sharp)' : ''}` })),
        ...theory.landscape.saddles.map((s, k) => ({ y: s, label: `s${k + 1}` })),
      ],
    });
  }
  const details = {
    basins,
    widest: theory.widest,
    sharp: theory.sharp,
    points: points.map((p) => ({ ...p, ci: [...p.ci], predictedShare: p.leadingOrder ? basins.reduce((s, k) => s + p.leadingOrder![k - 1], 0) : null })),
    fit: fitInfo,
    decreasing: points.length > 1 ? points.every((p, i) => i === 0 || p.share <= points[i - 1].share + zOf(ctx.confidence) * Math.hypot(p.shareSe, points[i - 1].shareSe)) : null,
  };
  return { observation: { ...observation, details, plots }, points, trajectory };
}

// ---------------------------------------------------------------------------------------------
// Sharp share conditioned on the widest home (renewal-reward)

/**
 * The nominal kernel speed of `ci/tiers.json` (2·10⁶ steps/s per worker) was pinned on the TS kernel;
 * trajectory runs now go to the WebAssembly engine by default, which runs the paper's Lomax kernel
 * about 4× faster unloaded (measured 4.3·10⁶ steps/s per worker on the shared 2-core box at load ≈ 3,
 * about half that at load 13). The standard and full tiers' Theorem 2 runners (renewal-reward share,
 * sharp exits) plan with this multiple of the nominal speed: still a pinned constant, so plans (and
 * every number) stay the same on every machine. The quick tier keeps the nominal speed (npm test runs
 * on a shared box, and its mutant screen was sized at it).
 */
export const WASM_PLANNING_SPEEDUP = 3;

/** Steps per second per worker a runner plans with (see {@link WASM_PLANNING_SPEEDUP}). */
function plannedSpeed(ctx: CheckContext<any>): number {
  return (ctx.kernelStepsPerSecond ?? 2e6) * (ctx.tier === 'quick' ? 1 : WASM_PLANNING_SPEEDUP);
}

/** Steps per path and widest home read from visit sequences (pure; exported for tests). */
export interface HomeAttribution {
  /** sharpByHome[p][h − 1]: steps at counted sharp minima on excursions that left widest m_h, path p. */
  readonly sharpByHome: number[][];
  /** homeSteps[p][h − 1]: steps spent with widest m_h as the last visited minimum, path p. */
  readonly homeSteps: number[][];
  /** Sharp sojourns counted, per path. */
  readonly sojourns: number[];
  /** entries[p][h − 1][k − 1]: sojourns at sharp m_k on excursions from widest m_h, path p. */
  readonly entries: number[][][];
}

/**
 * Splits each path into sojourns between visits (visit i owns the steps [s_i, s_{i+1}); the last one
 * runs to `totalSteps`) and books them: a sojourn at a widest minimum h is home time of h, one at a
 * counted sharp minimum is sharp time of the widest minimum the excursion left. Sojourns read from
 * ε-ball arrivals differ from basin membership by the flow time into and out of a basin, O(1/η)
 * steps against a sharp sojourn of order 1/(η λ(η)): a relative bias ∝ λ(η) of about 1% here.
 */
export function attributeSharpSteps(
  visits: readonly { minimum: ArrayLike<number>; step: ArrayLike<number> }[],
  widest: readonly number[],
  counted: readonly number[],
  n: number,
  totalSteps: number,
): HomeAttribution {
  const wide = new Set(widest);
  const sharp = new Set(counted);
  const sharpByHome = visits.map(() => new Array<number>(n).fill(0));
  const homeSteps = visits.map(() => new Array<number>(n).fill(0));
  const sojourns = visits.map(() => 0);
  const entries = visits.map(() => Array.from({ length: n }, () => new Array<number>(n).fill(0)));
  visits.forEach((v, p) => {
    let home = 0;
    for (let i = 0; i < v.minimum.length; i++) {
      const m = v.minimum[i];
      const len = (i + 1 < v.minimum.length ? v.step[i + 1] : totalSteps + 1) - v.step[i];
      if (wide.has(m)) {
        home = m;
        homeSteps[p][m - 1] += len;
      } else if (home !== 0 && sharp.has(m)) {
        sharpByHome[p][home - 1] += len;
        sojourns[p]++;
        entries[p][home - 1][m - 1]++;
      }
    }
  });
  return { sharpByHome, homeSteps, sojourns, entries };
}

/** The stratified share estimate of {@link estimateStratifiedShare}. */
export interface StratifiedShare {
  /** Σ_h π_h R_h / (1 + Σ_h π_h R_h). */
  readonly share: number;
  /** Delta-method standard error (paths as independent replicates). */
  readonly standardError: number;
  /** R_h = Σ_p sharp steps from h / Σ_p steps at h, per widest h (1-based index − 1; NaN if unseen). */
  readonly ratioByHome: number[];
  readonly ratioSeByHome: number[];
  /** Σ sharp / Σ (home + sharp) over all paths, the unstratified (pooled) share, for comparison. */
  readonly pooledShare: number;
}

/**
 * Renewal-reward estimate of the share of sharp steps in the stationary mix `weights` of the widest
 * minima: per home h, the ratio R_h of sharp steps on excursions from h to steps at h (a ratio of
 * sums, so its noise comes from the number of excursions from h, not from how long a path happened to
 * stay near h rather than elsewhere), combined with fixed weights π_h. Delta method: the influence of
 * path p is z_p = Σ_h π_h (A_ph − R_h B_ph)/Σ_q B_qh, Var(odds) ≈ P/(P−1)·Σ_p z_p².
 */
export function estimateStratifiedShare(attr: HomeAttribution, weights: ReadonlyMap<number, number>): StratifiedShare {
  const P = attr.homeSteps.length;
  const n = P > 0 ? attr.homeSteps[0].length : 0;
  const A = new Array<number>(n).fill(0);
  const B = new Array<number>(n).fill(0);
  for (let p = 0; p < P; p++) for (let h = 0; h < n; h++) (A[h] += attr.sharpByHome[p][h]), (B[h] += attr.homeSteps[p][h]);
  const R = A.map((a, h) => (B[h] > 0 ? a / B[h] : NaN));
  let odds = 0;
  for (const [h, w] of weights) odds += w * R[h - 1];
  const infl = (h: number, p: number) => (attr.sharpByHome[p][h - 1] - R[h - 1] * attr.homeSteps[p][h - 1]) / B[h - 1];
  let v = 0;
  const vh = new Array<number>(n).fill(0);
  for (let p = 0; p < P; p++) {
    let z = 0;
    for (const [h, w] of weights) {
      const zi = infl(h, p);
      z += w * zi;
      vh[h - 1] += zi * zi;
    }
    v += z * z;
  }
  const f = P > 1 ? P / (P - 1) : NaN;
  const sumA = A.reduce((s, x) => s + x, 0);
  const sumB = B.reduce((s, x) => s + x, 0);
  return {
    share: odds / (1 + odds),
    standardError: Math.sqrt(v * f) / (1 + odds) ** 2,
    ratioByHome: R,
    ratioSeByHome: vh.map((x, h) => (B[h] > 0 ? Math.sqrt(x * f) : NaN)),
    pooledShare: sumA / (sumA + sumB),
  };
}

/** Mean sojourn steps at a sharp minimum from separate exit runs, with its standard error. */
export interface SojournMean {
  readonly basin: number;
  readonly mean: number;
  readonly standardError: number;
  /** Exit chains run, and how many hit the cap (counted at the cap). */
  readonly chains?: number;
  readonly censored?: number;
}

/**
 * Renewal-reward share with the sojourn lengths taken from separate exit runs (Wald: sharp steps per
 * home step = Σ_k (entries into k per home step)·E[sojourn in k]). Entries per home step are a Poisson
 * rate read from the trajectories; E[sojourn in k] is the mean exit time of Ω_k from m_k, cheap to
 * pin down (a sharp exit costs λ(η)^{l_max − l*} of a widest one). This removes the sojourn-length
 * noise from the trajectory estimate (half its variance: both the count and the exponential lengths
 * have relative variance 1/N). The exit-run mean misses the inflow from the landing point to m_k and
 * counts no outflow, O(1/η) steps against 1/(q η λ(η)): relative ≈ q·λ(η)·(flow time·η) < 1% here.
 * Delta method over paths (entries) plus the independent variance of each sojourn mean.
 */
export function estimateCompositeShare(attr: HomeAttribution, sojourn: readonly SojournMean[], weights: ReadonlyMap<number, number>): { share: number; standardError: number } {
  const P = attr.homeSteps.length;
  const n = P > 0 ? attr.homeSteps[0].length : 0;
  const B = new Array<number>(n).fill(0);
  const C = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let p = 0; p < P; p++) for (let h = 0; h < n; h++) {
    B[h] += attr.homeSteps[p][h];
    for (const s of sojourn) C[h][s.basin - 1] += attr.entries[p][h][s.basin - 1];
  }
  let odds = 0;
  for (const [h, w] of weights) for (const s of sojourn) odds += (w * C[h - 1][s.basin - 1] * s.mean) / B[h - 1];
  let v = 0;
  for (let p = 0; p < P; p++) {
    let z = 0;
    for (const [h, w] of weights) {
      for (const s of sojourn) {
        const r = C[h - 1][s.basin - 1] / B[h - 1];
        z += (w * s.mean * (attr.entries[p][h - 1][s.basin - 1] - r * attr.homeSteps[p][h - 1])) / B[h - 1];
      }
    }
    v += z * z;
  }
  v *= P > 1 ? P / (P - 1) : NaN;
  for (const s of sojourn) {
    let d = 0;
    for (const [h, w] of weights) d += (w * C[h - 1][s.basin - 1]) / B[h - 1];
    v += d * d * s.standardError ** 2;
  }
  return { share: odds / (1 + odds), standardError: Math.sqrt(v) / (1 + odds) ** 2 };
}

/** Least-squares slope of y on x (the exact oracle's log-log slope: no noise model). */
function olsSlope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  x.forEach((v, i) => ((sxy += (v - mx) * (y[i] - my)), (sxx += (v - mx) ** 2)));
  return sxy / sxx;
}

/** Options of {@link runSharpShareCheck}. */
export interface SharpShareOptions extends Theorem2Setting {
  readonly statistic: OccupancyStatistic;
  /** Step sizes (any order); 'slope' needs at least two. */
  readonly stepSizes: readonly number[];
  /** 1-based sharp basins whose share is estimated. @default the sharp basins of this truncation */
  readonly basins?: readonly number[];
  /** Paths per step size, split over the widest minima by π (at least 4 each). @default 64 */
  readonly paths?: number;
  /** Visit radius ε. @default 0.05 */
  readonly epsilon?: number;
  /** Finite-η reference from the exact oracle (src/exact occupancy) at every step size. @default true */
  readonly exactReference?: boolean;
  /** Share of each step size's steps spent on exit runs from the sharp minima (sojourn lengths). @default 0.15 */
  readonly sojournFraction?: number;
  readonly workers?: number;
}

/** One step size of {@link runSharpShareCheck}. */
export interface SharpSharePoint {
  readonly stepSize: number;
  readonly paths: number;
  readonly stepsPerPath: number;
  /** Composite renewal-reward share (entries from trajectories × sojourn means from exit runs). */
  readonly share: number;
  readonly shareSe: number;
  readonly ci: readonly [number, number];
  /** The same share with sojourn lengths read from the trajectories alone, and its standard error. */
  readonly directShare: number;
  readonly directSe: number;
  readonly sojournMeans: readonly SojournMean[];
  readonly pooledShare: number;
  readonly ratioByHome: readonly number[];
  readonly ratioSeByHome: readonly number[];
  readonly sojourns: number;
  readonly leadingOrder: number;
  readonly exact: number | null;
  readonly path: string;
}

/**
 * Share of steps in sharp basins at several η, by renewal-reward conditioned on the widest home
 * (THEORY.md §6: → 0 like η^{(α−1)(l_max − l*_sharp)}). The slow mixing between widest minima (the
 * holding-time check's subject) is fixed at the limiting chain's stationary law π, so the η-trend
 * is read from the ratios R_h alone. Paths start at the widest minima in proportion to π; steps per
 * path at η ∝ λ*(η)^{−1/2}, the allocation that minimises the variance of a log-log slope when a
 * point's variance is ∝ 1/(steps·λ*(η)). Observation: the share at the smallest η, or the weighted
 * log-log slope (known variances).
 * @throws InputError on bad options or a setting without a single stationary widest chain.
 */
export async function runSharpShareCheck(ctx: CheckContext<any>, options: SharpShareOptions): Promise<{ observation: Observation; points: SharpSharePoint[] }> {
  const api = 'runSharpShareCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  const basins = options.basins ?? theory.sharp;
  if (basins.length === 0 || basins.some((k) => !theory.sharp.includes(k))) throw invalidOption(api, 'basins', `a non-empty list of sharp basins (${theory.sharp.join(', ')})`, basins);
  const gen = theory.generators.length === 1 ? theory.generators[0] : null;
  if (!gen || !gen.stationary || options.truncation === Infinity) throw invalidOption(api, 'truncation', 'a finite b with an irreducible transition graph', options.truncation);
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  if (etas.length === 0 || (options.statistic === 'slope' && etas.length < 2)) throw invalidOption(api, 'stepSizes', 'at least two step sizes for a slope (one for a share)', options.stepSizes);
  const weights = new Map(gen.states.map((s, r) => [s, gen.stationary![r]] as [number, number]));
  const paths = options.paths ?? 64;
  const perStart = gen.states.map((s) => Math.max(4, Math.round(paths * weights.get(s)!)));
  const workers = ctx.workers ?? options.workers ?? 2;
  const speed = plannedSpeed(ctx);
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * speed * workers * 0.85;
  const star = (eta: number) => chainTimeScale(theory.law, theory.maxJumps, eta);
  const alloc = etas.map((e) => 1 / Math.sqrt(star(e)));
  const asum = alloc.reduce((s, x) => s + x, 0);
  const totalPaths = perStart.reduce((s, x) => s + x, 0);
  const z = zOf(ctx.confidence);
  const fSojourn = options.sojournFraction ?? 0.15;
  if (!(fSojourn > 0 && fSojourn < 1)) throw invalidOption(api, 'sojournFraction', 'a number in (0, 1)', fSojourn);
  const sojournSteps = (k: number, eta: number) => 1 / (theory.constants[k - 1].exitRate * basinScale(theory.law, theory.constants[k - 1].jumpsNeeded, eta));
  const points: SharpSharePoint[] = [];
  for (const [idx, eta] of etas.entries()) {
    const q = 256;
    const share = (capacity * alloc[idx]) / asum;
    const stepsPerPath = Math.max(q, Math.floor((share * (1 - fSojourn)) / totalPaths / q) * q);
    const path = forkLabel(ctx.label, `eta=${eta}`).path;
    // Sojourn lengths: exit runs from each counted sharp minimum, steps split by its leading-order
    // share (the term's weight in the odds); the cap (60 predicted means) censors next to nothing.
    const lo = leadingOrderOccupancy(theory, eta);
    const loSum = basins.reduce((s, k) => s + (lo ? lo[k - 1] : 1), 0);
    const sojournMeans: SojournMean[] = [];
    for (const k of basins) {
      const m = sojournSteps(k, eta) * 1.3;
      const chains = Math.max(200, Math.floor((share * fSojourn * (lo ? lo[k - 1] : 1)) / loSum / m));
      const r = await runExit({
        landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, basin: k, chains, maxSteps: Math.ceil(60 * m),
        seed: ctx.label.seed, path: `${path}/sojourn=m${k}`, workers,
      });
      // Censored chains (if any) count at the cap: a lower bound, reported in the details.
      const sum = Array.from(r.exitSteps).reduce((s, x) => s + x, 0);
      let ss = 0;
      for (const x of r.exitSteps) ss += (x - sum / chains) ** 2;
      sojournMeans.push({ basin: k, mean: sum / chains, standardError: Math.sqrt(ss / (chains - 1) / chains), chains, censored: r.censored });
    }
    const visits: { minimum: ArrayLike<number>; step: ArrayLike<number> }[] = [];
    for (const [si, s] of gen.states.entries()) {
      const r = await runTrajectory(
        {
          landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, start: theory.landscape.minima[s - 1],
          steps: stepsPerPath, paths: perStart[si], epsilon: options.epsilon ?? 0.05, seed: ctx.label.seed, path: `${path}/start=m${s}`, workers,
          record: { visitCap: 1 << 20 },
        },
        { onProgress: (d, t) => ctx.progress((idx + (si + d / t) / gen.states.length) / etas.length) },
      );
      visits.push(...(r.visits ?? []));
    }
    const attr = attributeSharpSteps(visits, gen.states, basins, n, stepsPerPath);
    const est = estimateStratifiedShare(attr, weights);
    const comp = estimateCompositeShare(attr, sojournMeans, weights);
    const exact = options.exactReference === false ? null : exactOccupancy({ landscape: theory.landscape, noise: theory.law, stepSize: eta, truncation: options.truncation }).occupancy;
    points.push({
      stepSize: eta, paths: totalPaths, stepsPerPath, share: comp.share, shareSe: comp.standardError,
      ci: [Math.max(0, comp.share - z * comp.standardError), comp.share + z * comp.standardError],
      directShare: est.share, directSe: est.standardError, sojournMeans,
      pooledShare: est.pooledShare, ratioByHome: est.ratioByHome, ratioSeByHome: est.ratioSeByHome, sojourns: attr.sojourns.reduce((s, x) => s + x, 0),
      leadingOrder: lo ? basins.reduce((s, k) => s + lo[k - 1], 0) : NaN,
      exact: exact ? basins.reduce((s, k) => s + exact[k - 1], 0) : null,
      path,
    });
  }
  const last = points[points.length - 1];
  const label = `{${basins.map((k) => `Ω_${k}`).join(', ')}}`;
  let observation: Observation;
  let fitInfo: Record<string, unknown> | null = null;
  if (options.statistic === 'slope') {
    const ok = points.every((p) => p.share > 0 && p.shareSe > 0);
    if (!ok) observation = { estimate: NaN, ci: [-Infinity, Infinity], details: { reason: 'a step size without sharp sojourns' } };
    else {
      // Var(log S) ≈ (se/S)²: the fit wants the standard errors of the shares themselves.
      const fit = fitLogLog(points.map((p) => p.stepSize), points.map((p) => p.share), points.map((p) => p.shareSe), { confidence: ctx.confidence, variance: 'known' });
      const ex = points.every((p) => p.exact !== null && p.exact > 0) ? olsSlope(points.map((p) => Math.log(p.stepSize)), points.map((p) => Math.log(p.exact!))) : null;
      fitInfo = { slope: fit.slope, ci: fit.ci, se: fit.slopeSe, fitPValue: fit.fitPValue, decreasing: fit.ci[0] > 0, exactOracleSlope: ex };
      observation = { estimate: fit.slope, ci: fit.ci, standardError: fit.slopeSe };
    }
  } else observation = { estimate: last.share, ci: last.ci, standardError: last.shareSe };
  const plots: PlotSpec[] = [
    {
      kind: 'xy',
      title: `share of ${label} in the stationary mix of the widest minima against η, b = ${fmtB(options.truncation)} (renewal-reward)`,
      xLabel: 'η',
      yLabel: 'fraction of steps',
      logX: true,
      logY: true,
      series: [
        { name: 'observed (delta-method CI)', style: 'scatter', role: 'observed', points: points.map((p) => ({ x: p.stepSize, y: p.share, lo: Math.max(p.ci[0], p.share / 10), hi: p.ci[1] })) },
        { name: 'leading order (slope (α−1)(l_max − l*))', style: 'line', role: 'predicted', points: points.map((p) => ({ x: p.stepSize, y: p.leadingOrder })) },
        ...(points.every((p) => p.exact !== null) ? [{ name: 'exact finite-η oracle', style: 'line' as const, role: 'predicted' as const, points: points.map((p) => ({ x: p.stepSize, y: p.exact! })) }] : []),
      ],
    },
  ];
  const details = { basins, widest: gen.states, weights: Object.fromEntries(weights), points: points.map((p) => ({ ...p, ci: [...p.ci] })), fit: fitInfo };
  return { observation: { ...observation, details, plots }, points };
}

// ---------------------------------------------------------------------------------------------
// Excursions and holding times

/** Statistics read from visit sequences. */
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
export async function runExcursionCheck(ctx: CheckContext<any>, options: ExcursionOptions): Promise<{ observation: Observation; counts: ExcursionCounts }> {
  const api = 'runExcursionCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  const gen = theory.generators.find((g) => g.states.includes(options.from));
  if (!theory.widest.includes(options.from) || !gen) throw invalidOption(api, 'from', `a widest minimum of an absorbing class (${theory.widest.join(', ')})`, options.from);
  if (options.statistic === 'excursion' && !(options.to !== undefined && theory.widest.includes(options.to))) {
    throw invalidOption(api, 'to', `a widest minimum (${theory.widest.join(', ')})`, options.to);
  }
  const eta = options.stepSize;
  const paths = options.paths ?? 8;
  const workers = ctx.workers ?? options.workers ?? 2;
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const q = 256;
  const stepsPerPath = Math.max(q, Math.floor((Math.max(0.1, ctx.timeBudgetSeconds) * speed * workers * 0.85) / paths / q) * q);
  const start = theory.landscape.minima[options.from - 1];
  const r = await runTrajectory(
    {
      landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, start, steps: stepsPerPath, paths,
      epsilon: options.epsilon ?? 0.05, seed: ctx.label.seed, path: forkLabel(ctx.label, `eta=${eta}`).path, workers, record: { visitCap: 1 << 20 },
    },
    { onProgress: (d, t) => ctx.progress(d / t) },
  );
  const counts = countExcursions(r.visits ?? [], theory.widest, n, stepsPerPath);
  const i = options.from - 1;
  const star = options.truncation === Infinity ? theory.law.tail(1 / eta) : chainTimeScale(theory.law, theory.maxJumps, eta);
  const r0 = gen.states.indexOf(options.from);
  const predictedHolding = -1 / gen.matrix[r0][r0];
  const edges = theory.widest.flatMap((a) =>
    theory.widest.filter((b) => b !== a).map((b) => {
      const tot = counts.ends[a - 1].reduce((s, x) => s + x, 0);
      const w = wilsonInterval(counts.ends[a - 1][b - 1], Math.max(1, tot), { confidence: ctx.confidence });
      return { from: a, to: b, predicted: theory.excursion[a - 1][b - 1], observed: tot > 0 ? w.statistic : NaN, lo: w.ci[0], hi: w.ci[1] };
    }),
  );
  const plots: PlotSpec[] = [
    {
      kind: 'graph',
      title: `excursions between widest minima, η = ${eta}, b = ${fmtB(options.truncation)}`,
      nodes: theory.landscape.minima.map((m, k) => ({ id: k + 1, label: `m${k + 1}`, position: m, wide: theory.widest.includes(k + 1) })),
      edges,
      quantity: 'P(excursion from i ends at j)',
    },
  ];
  let observation: Observation;
  const details: Record<string, unknown> = {
    stepSize: eta, paths, stepsPerPath, chainTimeScale: star, counts, predictedExcursion: theory.excursion, predictedHolding,
    droppedVisits: (r.visits ?? []).reduce((s, v) => s + v.dropped, 0), occupancy: r.occupancy,
  };
  if (options.statistic === 'excursion') {
    const tot = counts.ends[i].reduce((s, x) => s + x, 0);
    const w = wilsonInterval(counts.ends[i][options.to! - 1], Math.max(1, tot), { confidence: ctx.confidence });
    observation = { estimate: tot > 0 ? w.statistic : NaN, ci: tot > 0 ? w.ci : [0, 1], standardError: Math.sqrt(Math.max(w.statistic * (1 - w.statistic), 1e-12) / Math.max(1, tot)) };
  } else {
    // Holdings ~ Exp on the λ* clock: N completed over exposure T; exact Poisson-rate interval.
    const N = counts.holdings[i];
    const T = counts.exposure[i] * star;
    const a = 1 - ctx.confidence;
    const rateLo = N > 0 ? chiSquareQuantile(a / 2, 2 * N) / (2 * T) : 0;
    const rateHi = chiSquareQuantile(1 - a / 2, 2 * N + 2) / (2 * T);
    const mean = N > 0 ? T / N : Infinity;
    observation = { estimate: mean, ci: [1 / rateHi, rateLo > 0 ? 1 / rateLo : Infinity], ...(N > 0 ? { standardError: mean / Math.sqrt(N) } : {}) };
  }
  return { observation: { ...observation, details, plots }, counts };
}

// ---------------------------------------------------------------------------------------------
// Named settings of the Theorem 2 declarations

/**
 * Landscapes and noise of the Theorem 2 checks, by hypothesis value:
 * - `paper`: ICLR §3.1 (THEORY.md §8), Z = 0.1·S·W, W Lomax α = 1.2.
 * - `reducible`: THEORY.md §4's example, distances 0.6 (left) and 0.9 (right) from m_2: minima
 *   −1.2, 0, 1.45 and saddles −0.6, 0.9 (f' = (x+1.2)(x+0.6)x(x−0.9)(x−1.45), box 1.8); at b = 0.4
 *   l* = (2, 2, 2), G = {1 ↔ 2, 3 → 2}: {m1, m2} absorbing, {m3} transient (every ratio ≥ 0.1 from an
 *   integer). Same noise as the paper.
 */
export const THEOREM2_LANDSCAPES: Readonly<Record<string, { landscape: LandscapeSpec; noise: NoiseSpec }>> = {
  paper: { landscape: { kind: 'paper' }, noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 } },
  reducible: {
    landscape: { kind: 'polynomial', roots: [-1.2, -0.6, 0, 0.9, 1.45], scale: 1, box: 1.8 },
    noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
  },
};

/** A random landscape of the Markov-limit checks, with its truncation and the sharp exit judged. */
export interface RandomMarkovSetting extends Theorem2Setting {
  readonly truncation: number;
  /** 1-based sharp basin whose exit probabilities are judged, and the landing basin reported. */
  readonly basin: number;
  readonly target: number;
  /** How many draws were rejected before this one (for the record). */
  readonly rejected: number;
}

/**
 * A random multi-well polynomial landscape with an irreducible G (issue 5, must-have 1), drawn from a
 * pinned stream `{seed: 'theorem2-random-landscapes', path: index}`: 4 minima, gaps between critical
 * points on a 0.05 grid in [0.3, 0.8], box margin 0.4, f' = 20·Π(x − c) (steep wells, so that
 * η ~ 10⁻³ is close to the limit: see properties/theorem2.test.ts), Lomax α = 1.2, c = 0.1. The
 * truncation is drawn from a grid of b in [0.2, 1.2] and accepted when G is irreducible, at least two
 * minima are widest (a chain with transitions), every critical distance over b is ≥ 0.1 from an integer, and a sharp basin has two landing
 * basins with q(k, l)/q(k) in [0.2, 0.8] (so the judged probability is not trivially 0 or 1) and l*_k = 1
 * (its exits cost ~10⁴ steps at η = 0.002). Draws
 * that fail are rejected and redrawn from the same stream (deterministic).
 */
export function randomMarkovSetting(index: number): RandomMarkovSetting {
  const rng = openStream({ seed: 'theorem2-random-landscapes', path: String(index) });
  const noise: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };
  for (let rejected = 0; rejected < 10_000; rejected++) {
    const gaps = Array.from({ length: 6 }, () => (6 + Math.floor(rng.nextUniform() * 11)) * 0.05);
    const landscape = randomPolynomialSpec({ gaps, scale: 20, margin: 0.4 });
    const b = 0.2 + Math.floor(rng.nextUniform() * 101) * 0.01;
    const resolved = resolveLandscape(landscape);
    const crit = [...resolved.minima, ...resolved.saddles];
    const clearance = Math.min(...resolved.minima.flatMap((m) => crit.filter((c) => c !== m).map((c) => { const r = Math.abs(c - m) / b; return Math.abs(r - Math.round(r)); })));
    if (clearance < 0.1) continue;
    const t = theorem2Theory({ landscape, noise, truncation: b });
    if (!t.graph.irreducible || t.sharp.length === 0 || t.widest.length < 2) continue;
    for (const k of t.sharp) {
      if (t.constants[k - 1].jumpsNeeded !== 1) continue;
      const row = t.jumpProbabilities[k - 1];
      const l = row.findIndex((v) => v >= 0.2 && v <= 0.8);
      if (l >= 0) return { landscape, noise, truncation: b, basin: k, target: l + 1, rejected };
    }
  }
  throw invalidOption('randomMarkovSetting', 'index', 'an index whose stream yields an admissible landscape within 10⁴ draws', index);
}

/** Drawn random settings, by index (each draw is deterministic; memoised because a draw can take a second). */
const randomSettings = new Map<number, RandomMarkovSetting>();

/**
 * The setting of a declaration point: landscape by name (`random-<i>`: {@link randomMarkovSetting}(i),
 * whose drawn truncation the point must name), truncation `null` = ∞.
 * @throws InputError for an unknown landscape name.
 */
export function theorem2Setting(landscape: string, truncation: number | null): Theorem2Setting {
  const random = /^random-(\d+)$/.exec(landscape);
  if (random) {
    const i = Number(random[1]);
    const drawn = randomSettings.get(i) ?? randomMarkovSetting(i);
    randomSettings.set(i, drawn);
    // The point names the drawn truncation (so a report reads it); anything else is a typo.
    if (truncation === null || Math.abs(truncation - drawn.truncation) > 1e-9) throw invalidOption('theorem2Setting', 'truncation', `the truncation drawn for ${landscape} (${drawn.truncation})`, truncation);
    return { landscape: drawn.landscape, noise: drawn.noise, truncation: drawn.truncation };
  }
  const s = THEOREM2_LANDSCAPES[landscape];
  if (!s) throw invalidOption('theorem2Setting', 'landscape', `one of ${Object.keys(THEOREM2_LANDSCAPES).join(', ')}, random-<i>`, landscape);
  return { ...s, truncation: truncation ?? Infinity };
}

// ---------------------------------------------------------------------------------------------
// Truncation hierarchy (exit order against b), from the exact finite-η oracle

/** Options of {@link runHierarchyCheck}. */
export interface HierarchyOptions {
  readonly landscape: LandscapeSpec;
  readonly noise: NoiseSpec;
  /** 1-based basin. */
  readonly basin: number;
  /**
   * l ≥ 2: compares b = r/(l − ½) (l* = l) with b = r/(l − 3/2) (l* = l − 1; b = 2r for l = 2), the
   * middles of the two b-intervals on either side of the threshold r/(l − 1).
   */
  readonly jumps: number;
  /** Two step sizes (the order is the log-log slope between them). @default [1e-3, 1e-4] */
  readonly stepSizes?: readonly [number, number];
  /** Finest grid of the oracle. @default 800 for l = 2, 1600 beyond (the l* ≥ 3 means converge slowly in the grid) */
  readonly cells?: number;
}

/**
 * The jump of the exit order across the threshold b = r/(l − 1) (ICLR Thm 1; THEORY.md §5: γ = 1 +
 * l*(α − 1), so crossing a threshold r/k changes γ by α − 1, a discrete hierarchy of phase
 * transitions). Mean exit steps come from the exact finite-η oracle (`src/exact`: linear algebra on
 * the chain, no simulation), so the check is cheap enough for many landscapes and b grids; its CI
 * propagates the oracle's Richardson error estimates (treated as one standard error each).
 * @throws InputError for a basin that cannot be left or l < 2.
 */
export function runHierarchyCheck(ctx: Pick<CheckContext<any>, 'confidence'>, options: HierarchyOptions): { observation: Observation } {
  const api = 'runHierarchyCheck';
  const { landscape, law } = resolveSetting({ ...options, truncation: Infinity });
  const geometry = basinGeometry(landscape, Infinity);
  const g = geometry.basins[options.basin - 1];
  if (!g || !Number.isFinite(g.radius)) throw invalidOption(api, 'basin', `a basin in [1, ${geometry.basins.length}] with a crossable side`, options.basin);
  if (!(Number.isInteger(options.jumps) && options.jumps >= 2 && options.jumps <= 6)) throw invalidOption(api, 'jumps', 'an integer in [2, 6]', options.jumps);
  const [e1, e2] = options.stepSizes ?? [1e-3, 1e-4];
  const alpha = law.tailIndex as number;
  const z = zOf(ctx.confidence);
  const side = (l: number) => {
    const b = g.radius / (l - 0.5);
    const lStar = basinGeometry(landscape, b).basins[options.basin - 1].jumpsNeeded;
    const m = [e1, e2].map((eta) => exactExit({ landscape, noise: law, stepSize: eta, truncation: b, basin: options.basin, cells: options.cells ?? (options.jumps > 2 ? 1600 : 800) }));
    const order = Math.log(m[1].meanExitSteps / m[0].meanExitSteps) / Math.log(e1 / e2);
    const se = Math.hypot(m[0].errorEstimate / m[0].meanExitSteps, m[1].errorEstimate / m[1].meanExitSteps) / Math.abs(Math.log(e1 / e2));
    return { truncation: b, jumpsNeeded: lStar, predictedOrder: exitExponent(lStar, alpha), order, se, means: m.map((x) => ({ stepSize: x.stepSize, mean: x.meanExitSteps, error: x.errorEstimate })) };
  };
  const hi = side(options.jumps);
  const lo = side(options.jumps - 1);
  const jump = hi.order - lo.order;
  const se = Math.hypot(hi.se, lo.se);
  return {
    observation: {
      estimate: jump,
      ci: [jump - z * se, jump + z * se],
      standardError: se,
      details: { radius: g.radius, threshold: g.radius / (options.jumps - 1), sides: [lo, hi] },
      plots: [
        {
          kind: 'xy',
          title: `exit order of basin ${options.basin} against b (threshold r/${options.jumps - 1})`,
          xLabel: 'b',
          yLabel: 'order γ',
          series: [
            { name: 'exact oracle', style: 'scatter', role: 'observed', points: [lo, hi].map((s) => ({ x: s.truncation, y: s.order, lo: s.order - z * s.se, hi: s.order + z * s.se })) },
            { name: '1 + l*(α − 1)', style: 'scatter', role: 'predicted', points: [lo, hi].map((s) => ({ x: s.truncation, y: s.predictedOrder })) },
          ],
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reducible G: the transient class is left for good (exact finite-η oracle)

/** Options of {@link runTransientReturnCheck}. */
export interface TransientReturnOptions extends Theorem2Setting {
  readonly truncation: number;
  /** 1-based widest minimum of an absorbing class whose exits are read. */
  readonly from: number;
  /** 1-based basin of a transient class next to it. */
  readonly to: number;
  /** Two step sizes (the order is the log-log slope between them). @default [1e-3, 1e-4] */
  readonly stepSizes?: readonly [number, number];
  /** Finest grid of the oracle. @default 800 */
  readonly cells?: number;
}

/**
 * Reducible G (THEORY.md §6: "the same per absorbing class, with killing from transient classes"):
 * once the chain is in an absorbing class, an exit from its widest minimum m_from lands in a transient
 * basin Ω_to only through l_{from,to} > l*_from clipped jumps, so P(land in Ω_to) ≈ C·λ(η)^{l_{from,to} − l*_from}
 * → 0: the transient class is left for good. Derived like the exit-order hierarchy (the extra jumps
 * cost a factor λ(η) = H(1/η)/η each; Pareto: η^{α−1}). The slope of log P against log η between two
 * step sizes, from the exact finite-η oracle's landing law (no simulation, so cheap enough for the
 * quick tier); its CI propagates the oracle's error estimates of P(exit left) (one standard error
 * each). Details: the same probability at every η, and the contrast at b = 0.5 where G is
 * irreducible and P tends to q(from, to)/q(from) > 0.
 * @throws InputError when `from` is not widest in an absorbing class or `to` not in a transient one.
 */
export function runTransientReturnCheck(ctx: Pick<CheckContext<any>, 'confidence'>, options: TransientReturnOptions): { observation: Observation } {
  const api = 'runTransientReturnCheck';
  const theory = theorem2Theory(options);
  const transient = new Set(theory.graph.classes.filter((c) => !c.absorbing).flatMap((c) => c.members));
  if (!theory.generators.some((g) => g.states.includes(options.from))) throw invalidOption(api, 'from', 'a widest minimum of an absorbing class', options.from);
  if (!transient.has(options.to) || Math.abs(options.to - options.from) !== 1) throw invalidOption(api, 'to', 'a transient basin next to `from`', options.to);
  const [e1, e2] = options.stepSizes ?? [1e-3, 1e-4];
  const alpha = theory.law.tailIndex as number;
  const z = zOf(ctx.confidence);
  const right = options.to > options.from;
  const land = (eta: number, b: number) => {
    const r = exactExit({ landscape: theory.landscape, noise: theory.law, stepSize: eta, truncation: b, basin: options.from, cells: options.cells ?? 800 });
    const p = right ? 1 - r.exitedLeft.value : r.exitedLeft.value;
    return { stepSize: eta, probability: p, error: r.exitedLeft.errorEstimate, landing: r.landing };
  };
  const pts = [land(e1, options.truncation), land(e2, options.truncation)];
  const lr = Math.log(e1 / e2);
  const slope = Math.log(pts[0].probability / pts[1].probability) / lr;
  const se = Math.hypot(pts[0].error / pts[0].probability, pts[1].error / pts[1].probability) / lr;
  const extra = theory.geometry.jumpNumbers[options.from - 1][options.to - 1] - theory.constants[options.from - 1].jumpsNeeded;
  return {
    observation: {
      estimate: slope,
      ci: [slope - z * se, slope + z * se],
      standardError: se,
      details: { extraJumps: extra, predictedOrder: (alpha - 1) * extra, points: pts, classes: theory.graph.classes },
      plots: [
        {
          kind: 'xy',
          title: `P(exit from m${options.from} lands in the transient Ω_${options.to}) against η, b = ${options.truncation} (exact oracle)`,
          xLabel: 'η',
          yLabel: 'probability',
          logX: true,
          logY: true,
          series: [
            { name: 'exact finite-η oracle', style: 'scatter', role: 'observed', points: pts.map((p) => ({ x: p.stepSize, y: p.probability, lo: p.probability - z * p.error, hi: p.probability + z * p.error })) },
            { name: `slope (α−1)(l_{${options.from},${options.to}} − l*) through the first point`, style: 'line', role: 'predicted', points: pts.map((p) => ({ x: p.stepSize, y: pts[0].probability * (p.stepSize / e1) ** ((alpha - 1) * extra) })) },
          ],
        },
      ],
    },
  };
}
