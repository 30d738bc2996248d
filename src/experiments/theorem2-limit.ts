/**
 * Theorem 2 judged on η → 0 limits (issue 14, must-have 1). The exact finite-η oracle (src/exact)
 * gives, per basin k and step size η, where an exit lands (P_η(k, l), with a Richardson error) and
 * the mean exit steps E σ_k(η) (with a relative error). Those are the ingredients of the limit chain
 * (THEORY.md §6): read off at one η they form a model of the chain at that η
 *   jump P_η(k, l),  θ_η = absorption law of P_η with the true widest minima absorbing,
 *   q_k(η) = 1/(E σ_k(η)·λ_{l*_k}(η))   (so a holding time is E σ_k·λ/(1 − P_η(return))),
 * and every judged statistic (a sharp exit, an excursion law, a holding time, a class share) is the
 * same function of a model as the prediction (`modelStatistic`, src/theory/mutants-theorem2.ts). The
 * statistic's finite-η values are extrapolated to η → 0 as Theorem 1's are (src/asymptotics:
 * Q(η) = Q₀ + a₁s + a₂s², s = η^κ, κ = 1 − 1/α; error = data ⊕ residual ⊕ model).
 *
 * Error of each finite-η value: the oracle's error bars propagated through the statistic by its
 * sensitivities (central differences), summed in absolute value (the bars are discretisation bounds,
 * correlated across entries: worst case, as extrapolate.ts treats them across η).
 *
 * The tolerance, derived (as theorem1-limit.ts). The theorem says the limit equals the prediction, so
 * the band is the uncertainty of the limit: τ = z·e with e the extrapolation's error read as one
 * standard error and z the check's two-sided z (its share of the run's family-wise budget). A
 * prediction is rejected when |limit − prediction| > τ. Consistent also needs τ within the check's
 * resolution (the declaration's tolerance value): an unresolved limit is inconclusive, never
 * inconsistent.
 *
 * Why e can be read as a standard error is measured, not assumed, by the Theorem 1 calibration over
 * random landscapes (the same extrapolation of the same oracle; fixtures/calibration/theory-mutants.txt)
 * and for these statistics by `npm run calibrate:theory-mutants-theorem2`.
 */
import {
  defaultKappa,
  extrapolateLimit,
  extrapolateOrder,
  runLimitSweep,
  type LimitEstimate,
  type LimitPoint,
  type LimitTask,
} from '../asymptotics/index.ts';
import { buildStopLoss, exactExit } from '../exact/index.ts';
import { basinScale } from '../theory/index.ts';
import { absorptionProbabilities } from '../theory/markov.ts';
import { modelStatistic, trueModel, type Theorem2Model, type Theorem2Statistic } from '../theory/mutants-theorem2.ts';
import { resolveSetting, theorem2Theory, type Theorem2Setting, type Theorem2Theory } from '../theory/theorem2.ts';

/** One basin at one η, from the exact oracle. */
export interface ExactBasinPoint {
  readonly basin: number;
  readonly stepSize: number;
  readonly meanExitSteps: number;
  readonly logMeanExitSteps: number;
  readonly relativeError: number;
  readonly landing: readonly number[];
  readonly landingError: readonly number[];
  readonly cells: number;
}

/** Options of the exact points and the sweep. */
export interface Theorem2LimitOptions {
  /**
   * Step sizes of the extrapolation. @default 1e-3 … 1e-6, 4/3 per decade (five points, as
   * theorem1-limit.ts: the two-term fit's model error needs five).
   */
  readonly stepSizes?: readonly number[];
  /** First finest grid (doubled up to `maxCells` while the mean's error exceeds `targetError`). @default 400 */
  readonly cells?: number;
  /** @default 800 */
  readonly maxCells?: number;
  /** @default 0.003 */
  readonly targetError?: number;
  /**
   * A point whose landing error (absolute), or whose mean error (relative) where the statistic uses
   * the mean, exceeds this refuses the sweep (as `htsgd exact --limit` and theorem1-limit.ts refuse).
   * @default 0.05
   */
  readonly maxError?: number;
}

export const DEFAULT_LIMIT_STEP_SIZES: readonly number[] = [
  1e-3, 1.77827941004e-4, 3.16227766017e-5, 5.6234132519e-6, 1e-6,
];

const cache = new Map<string, ExactBasinPoint>();
const keyOf = (setting: Theorem2Setting, basin: number, stepSize: number, o: Theorem2LimitOptions) =>
  JSON.stringify([setting, basin, stepSize, o.cells ?? 400, o.maxCells ?? 800, o.targetError ?? 0.003]);

/**
 * Solves, on `workers` threads (src/asymptotics runLimitSweep: the same exactExit options and
 * refinement as {@link exactBasinPoint}, so the same numbers), every (basin, η) a sweep of `s` needs
 * that is not cached yet. Then {@link theorem2LimitSweep} finds them all in the cache.
 */
export async function prefetchTheorem2Sweep(
  setting: Theorem2Setting,
  s: Theorem2Statistic,
  o: Theorem2LimitOptions = {},
  workers = 2,
  extra: readonly { basin: number; stepSize: number; options: Theorem2LimitOptions }[] = [],
): Promise<void> {
  const theory = theorem2Theory(setting);
  const wanted = [
    ...basinsOf(theory, s).flatMap((basin) =>
      (o.stepSizes ?? DEFAULT_LIMIT_STEP_SIZES).map((stepSize) => ({ basin, stepSize, options: o })),
    ),
    ...extra,
  ].filter((w) => !cache.has(keyOf(setting, w.basin, w.stepSize, w.options)));
  if (wanted.length === 0) return;
  const tasks: LimitTask[] = wanted.map((w) => ({
    landscape: setting.landscape,
    noise: setting.noise,
    truncation: setting.truncation === Infinity ? null : setting.truncation,
    basin: w.basin,
    stepSize: w.stepSize,
    cells: Math.min(w.options.cells ?? 400, w.options.maxCells ?? 800),
    maxCells: w.options.maxCells ?? 800,
    targetError: w.options.targetError ?? 0.003,
    grid: 'adaptive',
    smallMoves: 'moments',
  }));
  const points = await runLimitSweep(tasks, workers);
  points.forEach((p, i) => {
    const w = wanted[i];
    cache.set(keyOf(setting, w.basin, w.stepSize, w.options), {
      basin: w.basin,
      stepSize: w.stepSize,
      meanExitSteps: p.meanExitSteps ?? Math.exp(p.logMeanExitSteps),
      logMeanExitSteps: p.logMeanExitSteps,
      relativeError: p.relativeError,
      landing: p.landing,
      landingError: p.landingError,
      cells: p.cells,
    });
  });
}

/**
 * The exact chain's exit law from one basin at one η (moment-matched small moves, adaptive grid,
 * refined to `targetError`), memoised per process: checks that share a basin share its solve.
 */
export function exactBasinPoint(
  setting: Theorem2Setting,
  basin: number,
  stepSize: number,
  o: Theorem2LimitOptions = {},
): ExactBasinPoint {
  const maxCells = o.maxCells ?? 800;
  const target = o.targetError ?? 0.003;
  const key = keyOf(setting, basin, stepSize, o);
  const hit = cache.get(key);
  if (hit) return hit;
  const { landscape, law } = resolveSetting(setting);
  const stopLoss = buildStopLoss(law);
  let cells = Math.min(o.cells ?? 400, maxCells);
  for (;;) {
    const r = exactExit({
      landscape,
      noise: law,
      stepSize,
      truncation: setting.truncation,
      basin,
      cells,
      stopLoss,
      grid: 'adaptive',
      adaptivePasses: 1,
      solver: 'dense',
      smallMoves: 'moments',
    });
    if (r.relativeError <= target || cells * 2 > maxCells) {
      const p: ExactBasinPoint = {
        basin,
        stepSize,
        meanExitSteps: r.meanExitSteps,
        logMeanExitSteps: r.logMeanExitSteps,
        relativeError: r.relativeError,
        landing: r.landing,
        landingError: r.landingError,
        cells,
      };
      cache.set(key, p);
      return p;
    }
    cells *= 2;
  }
}

/** The basins (1-based) a statistic's finite-η value depends on. */
export function basinsOf(theory: Theorem2Theory, s: Theorem2Statistic): number[] {
  if (s.kind === 'sharp-exit') return [s.from];
  const set = new Set<number>([s.from, ...theory.sharp]);
  if (s.kind === 'class-share') set.add(s.other);
  return [...set].sort((a, b) => a - b);
}

/** The chain at one η as a model (module note); basins not swept get zero rows and NaN rates. */
export function observedModel(
  theory: Theorem2Theory,
  points: readonly ExactBasinPoint[],
  stepSize: number,
): Theorem2Model {
  const truth = trueModel(theory);
  const n = truth.wide.length;
  const jump = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const exitRate = new Array<number>(n).fill(NaN);
  for (const p of points) {
    jump[p.basin - 1] = [...p.landing];
    exitRate[p.basin - 1] = Math.exp(
      -p.logMeanExitSteps - Math.log(basinScale(theory.law, truth.jumps[p.basin - 1], stepSize)),
    );
  }
  return { jump, wide: truth.wide, theta: absorptionProbabilities(jump, truth.wide), exitRate, jumps: truth.jumps };
}

/**
 * The statistic at one η with its propagated error (module note): Σ |∂F/∂P_kl|·e_kl over the swept
 * landing entries plus Σ |∂F/∂log E σ_k|·(relative error)_k.
 */
export function statisticAt(
  theory: Theorem2Theory,
  points: readonly ExactBasinPoint[],
  stepSize: number,
  s: Theorem2Statistic,
): LimitPoint {
  const jumps = trueModel(theory).jumps;
  const f = (pts: readonly ExactBasinPoint[]) => modelStatistic(observedModel(theory, pts, stepSize), s, jumps);
  const value = f(points);
  let error = 0;
  points.forEach((p, idx) => {
    const swap = (q: ExactBasinPoint) => points.map((x, j) => (j === idx ? q : x));
    p.landing.forEach((v, l) => {
      if (!(p.landingError[l] > 0)) return;
      const h = Math.max(1e-7, 1e-3 * p.landingError[l]);
      const up = [...p.landing];
      const dn = [...p.landing];
      up[l] = v + h;
      dn[l] = v - h;
      const d = (f(swap({ ...p, landing: up })) - f(swap({ ...p, landing: dn }))) / (2 * h);
      if (Number.isFinite(d)) error += Math.abs(d) * p.landingError[l];
    });
    const h = 1e-6;
    const d =
      (f(swap({ ...p, logMeanExitSteps: p.logMeanExitSteps + h })) -
        f(swap({ ...p, logMeanExitSteps: p.logMeanExitSteps - h }))) /
      (2 * h);
    if (Number.isFinite(d)) error += Math.abs(d) * p.relativeError;
  });
  return { stepSize, value, error };
}

/** A statistic's sweep and its η → 0 limit. */
export interface Theorem2LimitSweep {
  readonly statistic: Theorem2Statistic;
  readonly theory: Theorem2Theory;
  /** The statistic per η (largest η first), with propagated errors. */
  readonly series: readonly LimitPoint[];
  readonly limit: LimitEstimate;
  readonly basins: readonly number[];
  readonly points: readonly ExactBasinPoint[];
  /** Why the sweep cannot be judged (a point's error above `maxError`), or null. */
  readonly refused: string | null;
  readonly seconds: number;
}

/**
 * Solves the exact chain of every basin the statistic needs at every step size, and extrapolates.
 * @throws InputError for a light-tailed law (no power-law limit), as theorem2Theory.
 */
export function theorem2LimitSweep(
  setting: Theorem2Setting,
  s: Theorem2Statistic,
  o: Theorem2LimitOptions = {},
): Theorem2LimitSweep {
  const t0 = performance.now();
  const theory = theorem2Theory(setting);
  const basins = basinsOf(theory, s);
  const etas = [...(o.stepSizes ?? DEFAULT_LIMIT_STEP_SIZES)].sort((a, b) => b - a);
  const all: ExactBasinPoint[] = [];
  const series = etas.map((eta) => {
    const pts = basins.map((k) => exactBasinPoint(setting, k, eta, o));
    all.push(...pts);
    return statisticAt(theory, pts, eta, s);
  });
  const kappa = defaultKappa(theory.law.tailIndex) as number; // heavy-tailed: theorem2Theory refuses the rest
  const limit = extrapolateLimit(series, kappa);
  const maxError = o.maxError ?? 0.05;
  // Only the errors the statistic depends on: means enter holding times (of `from`, and `other`).
  const meanMatters = (k: number) =>
    (s.kind === 'holding' && k === s.from) || (s.kind === 'class-share' && (k === s.from || k === s.other));
  const bad = all.find(
    (p) => (meanMatters(p.basin) && !(p.relativeError <= maxError)) || p.landingError.some((e) => !(e <= maxError)),
  );
  const refused = bad
    ? `the exact point of basin ${bad.basin} at η = ${bad.stepSize.toPrecision(3)} has errors ${(100 * bad.relativeError).toPrecision(2)}% (mean) and ${Math.max(...bad.landingError).toPrecision(2)} (landing), above ${maxError}`
    : null;
  return {
    statistic: s,
    theory,
    series,
    limit,
    basins,
    points: all,
    refused,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** A prediction judged against a limit. */
export interface Theorem2LimitJudgement {
  readonly value: number;
  readonly error: number;
  readonly predicted: number;
  /** τ = z·error. */
  readonly tolerance: number;
  /** |value − predicted| > τ on a usable sweep (a non-finite prediction is rejected). */
  readonly rejected: boolean;
  /** τ ≤ resolution on a usable sweep. */
  readonly resolved: boolean;
  readonly verdict: 'consistent' | 'inconsistent' | 'inconclusive';
}

/** Judges a prediction (the truth's or a mutant's, `modelStatistic` of its model) against the sweep. */
export function judgeTheorem2Limit(
  sweep: Theorem2LimitSweep,
  predicted: number,
  z: number,
  resolution: number,
): Theorem2LimitJudgement {
  const usable = sweep.refused === null;
  const tolerance = z * sweep.limit.error;
  const rejected = usable && !(Math.abs(sweep.limit.value - predicted) <= tolerance);
  const resolved = usable && tolerance <= resolution;
  return {
    value: sweep.limit.value,
    error: sweep.limit.error,
    predicted,
    tolerance,
    rejected,
    resolved,
    verdict: rejected ? 'inconsistent' : resolved ? 'consistent' : 'inconclusive',
  };
}

/**
 * Reducible G, statement (a), on the exact chain: P_η(an exit from widest m_from lands in the
 * transient Ω_to) ≈ C·η^{(α−1)·extra}(1 + O(η^κ)); its order fitted on log P over the sweep
 * (src/asymptotics `extrapolateOrder`, the exit order's fit) → (α − 1)(l_{from,to} − l*_from), with
 * the fit's error. The value is the vanishing order (the negative of the fitted γ).
 */
export function transientOrderLimit(
  setting: Theorem2Setting,
  from: number,
  to: number,
  o: Theorem2LimitOptions = {},
): {
  value: number;
  error: number;
  errorParts: LimitEstimate['errorParts'];
  series: LimitPoint[];
  refused: string | null;
} {
  const etas = [...(o.stepSizes ?? DEFAULT_LIMIT_STEP_SIZES)].sort((a, b) => b - a);
  const pts = etas.map((eta) => exactBasinPoint(setting, from, eta, o));
  const series = pts.map((p) => ({ stepSize: p.stepSize, value: p.landing[to - 1], error: p.landingError[to - 1] }));
  const alpha = resolveSetting(setting).law.tailIndex as number;
  const fit = extrapolateOrder(
    series.map((p) => ({ stepSize: p.stepSize, logValue: Math.log(p.value), relativeError: p.error / p.value })),
    defaultKappa(alpha) as number,
  );
  const bad = series.find((p) => !(p.value > 0) || !(p.error <= (o.maxError ?? 0.05) * p.value));
  return {
    value: -fit.value,
    error: fit.error,
    errorParts: fit.errorParts,
    series,
    refused: bad
      ? `P(${from} → ${to}) at η = ${bad.stepSize.toPrecision(3)} is ${bad.value.toPrecision(3)} ± ${bad.error.toPrecision(2)} (relative error above ${o.maxError ?? 0.05})`
      : null,
  };
}
