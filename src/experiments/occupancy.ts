/**
 * Occupancy of basins along long trajectories, and the renewal-reward sharp share conditioned on
 * the widest home (THEORY.md §6–7): the elimination of sharp minima and the untruncated all-minima law.
 * - `runOccupancyCheck`: per-path shares from one start (the conjecture runner of `src/verify/conjecture.ts`).
 * - `runStationaryOccupancyCheck`: starts in proportion to the limiting chain's π, shares stratified by
 *   start; share or ratio over η, exact finite-η occupancy beside it (sharp-minima-elimination,
 *   untruncated-all-minima).
 * - `runSharpShareCheck`: renewal-reward sharp share and its log-log slope (sharp-minima-rate).
 */
import { invalidOption } from '../core/errors.ts';
import { exactOccupancy } from '../exact/occupancy.ts';
import { forkLabel } from '../rng/seeds.ts';
import { runExit } from '../sim/run-exit.ts';
import { runTrajectory, type TrajectoryResult } from '../sim/run-trajectory.ts';
import { studentTQuantile } from '../stats/distributions.ts';
import { fitLogLog } from '../stats/loglog-regression.ts';
import { basinScale, chainTimeScale } from '../theory/index.ts';
import { leadingOrderOccupancy, theorem2Theory, type Theorem2Setting, type Theorem2Theory } from '../theory/theorem2.ts';
import { fmtB, plannedSpeed, zOf } from './theorem2-support.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

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
  ctx: CheckContext,
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
        engine: ctx.engine, landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, start, steps: stepsPerPath, paths,
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
// Occupancy from the stationary mix of the limiting chain (stratified by start)

/** A stratified mean: strata with fixed weights (summing to 1) and iid values within each. */
export interface StratifiedMean {
  readonly mean: number;
  readonly standardError: number;
  /** Welch–Satterthwaite degrees of freedom of the t interval. */
  readonly dof: number;
}

/**
 * Σ_s w_s·mean_s with Var = Σ_s w_s² var_s / n_s (each stratum needs ≥ 2 values). Weights fixed in
 * advance (here π of the limiting chain) remove the between-strata noise a pooled mean over paths
 * would carry: which minimum a path happened to start at no longer moves the estimate.
 * @throws InputError when a stratum has fewer than two values or the weights are not ≥ 0.
 */
export function stratifiedMean(strata: readonly { weight: number; values: readonly number[] }[]): StratifiedMean {
  const api = 'stratifiedMean';
  let mean = 0;
  let v = 0;
  let den = 0;
  for (const { weight, values } of strata) {
    const n = values.length;
    if (n < 2) throw invalidOption(api, 'strata', 'at least two values per stratum', n);
    if (!(weight >= 0)) throw invalidOption(api, 'strata', 'weights ≥ 0', weight);
    const m = values.reduce((s, x) => s + x, 0) / n;
    const var_ = values.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
    const a = (weight * weight * var_) / n;
    mean += weight * m;
    v += a;
    den += (a * a) / (n - 1);
  }
  return { mean, standardError: Math.sqrt(v), dof: den > 0 ? (v * v) / den : Infinity };
}

/** What {@link runStationaryOccupancyCheck} judges. */
export type StationaryOccupancyStatistic =
  /** Share of `basins` at the smallest step size. */
  | 'share'
  /** Share at the smallest step size over share at the largest (1 when the share does not vanish). */
  | 'ratio';

/** Options of {@link runStationaryOccupancyCheck}. */
export interface StationaryOccupancyOptions extends Theorem2Setting {
  readonly statistic: StationaryOccupancyStatistic;
  /** 1-based basins whose summed share is estimated. */
  readonly basins: readonly number[];
  /** Step sizes (any order; 'ratio' needs exactly two). */
  readonly stepSizes: readonly number[];
  /** Paths per step size, split over the limiting chain's states by π (at least 4 each). @default 64 */
  readonly paths?: number;
  /** Exact finite-η occupancy (src/exact) at every step size, in the details and plots. @default true */
  readonly exactReference?: boolean;
  /**
   * A second truncation run at the smallest step size for the clipped-vs-unclipped occupancy figure
   * (plotted, never judged), e.g. Infinity for a clipped check. @default none
   */
  readonly contrastTruncation?: number;
  /** Share of the budget the contrast run takes. @default 0.15 */
  readonly contrastFraction?: number;
  /** Samples per path kept for the sample-path plot at the smallest η (first start only). @default 1000 */
  readonly samplesPerPath?: number;
  readonly workers?: number;
}

/** Occupancy of every basin at one step size and truncation, stratified over the starts. */
export interface StationaryOccupancyPoint {
  readonly stepSize: number;
  readonly truncation: number;
  readonly paths: number;
  readonly stepsPerPath: number;
  /** Per basin (0-based): stratified occupancy, its standard error and t interval. */
  readonly occupancy: readonly number[];
  readonly occupancySe: readonly number[];
  readonly occupancyCi: readonly (readonly [number, number])[];
  /** Summed share of the judged basins. */
  readonly share: number;
  readonly shareSe: number;
  readonly dof: number;
  readonly ci: readonly [number, number];
  /** Leading-order occupancy per basin (π for b = ∞). */
  readonly leadingOrder: readonly number[] | null;
  /** Exact finite-η occupancy per basin and its discretisation bound, when computed. */
  readonly exact: readonly number[] | null;
  readonly exactError: readonly number[] | null;
  readonly path: string;
}

/** The sum over `basins` (1-based) of a per-basin vector. */
const sumOver = (v: readonly number[], basins: readonly number[]) => basins.reduce((s, k) => s + v[k - 1], 0);

/**
 * Occupancy per basin from independent trajectories started in the stationary mix of the limiting
 * chain (THEORY.md §6): paths start at the chain's states (widest minima; every minimum when b = ∞)
 * in proportion to π, and the per-path shares are combined stratified by start with the weights π
 * ({@link stratifiedMean}). Each path runs ≫ one holding time, so a path's share is the occupancy of
 * the finite-η chain started near π; what remains is the Monte Carlo noise of the time average.
 * Steps per step size ∝ 1/clock(η) for 'share' (equal limiting-chain time), ∝ clock(η)^{−1/2} for
 * 'ratio' (the allocation minimising Var log(S₁/S₂) when Var S ∝ 1/(steps·clock)); clock = H(1/η)
 * for b = ∞, λ*(η) with clipping. Planned at {@link plannedSpeed}.
 * Observation: the share of `basins` at the smallest η ('share', t interval), or share(smallest η) /
 * share(largest η) ('ratio', interval exp(log r ± t·√(Σ (se/S)²))).
 * @throws InputError on bad options, or when the limiting chain has no single stationary law.
 */
export async function runStationaryOccupancyCheck(
  ctx: CheckContext,
  options: StationaryOccupancyOptions,
): Promise<{ observation: Observation; points: StationaryOccupancyPoint[]; contrast: StationaryOccupancyPoint | null }> {
  const api = 'runStationaryOccupancyCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  const basins = options.basins;
  if (basins.length === 0 || basins.some((k) => !(Number.isInteger(k) && k >= 1 && k <= n))) {
    throw invalidOption(api, 'basins', `a non-empty list of basins in [1, ${n}]`, basins);
  }
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  if (etas.length === 0 || etas.some((e) => !(e > 0 && e < 1))) throw invalidOption(api, 'stepSizes', 'step sizes in (0, 1)', options.stepSizes);
  if (options.statistic === 'ratio' && etas.length !== 2) throw invalidOption(api, 'stepSizes', 'exactly two step sizes for a ratio', options.stepSizes);
  const paths = options.paths ?? 64;
  if (!(Number.isInteger(paths) && paths >= 2)) throw invalidOption(api, 'paths', 'an integer ≥ 2', paths);
  const fContrast = options.contrastTruncation === undefined ? 0 : options.contrastFraction ?? 0.15;
  if (!(fContrast >= 0 && fContrast < 1)) throw invalidOption(api, 'contrastFraction', 'a number in [0, 1)', fContrast);
  const contrastTheory = options.contrastTruncation === undefined ? null : theorem2Theory({ ...options, truncation: options.contrastTruncation });
  const workers = ctx.workers ?? options.workers ?? 2;
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * plannedSpeed(ctx) * workers * 0.85;
  const clock = (t: Theorem2Theory, eta: number) => (t.truncation === Infinity ? t.law.tail(1 / eta) : chainTimeScale(t.law, t.maxJumps, eta));
  const alloc = etas.map((e) => (options.statistic === 'ratio' ? 1 / Math.sqrt(clock(theory, e)) : 1 / clock(theory, e)));
  const asum = alloc.reduce((s, x) => s + x, 0);
  const samplesPerPath = options.samplesPerPath ?? 1000;
  let samples: { every: number; values: Float64Array[] } | null = null;

  /** One step size at one truncation: paths from π's states, stratified occupancy. */
  const measure = async (t: Theorem2Theory, eta: number, steps: number, label: string, progress: (f: number) => void, keepSamples: boolean): Promise<StationaryOccupancyPoint> => {
    const gen = t.generators.length === 1 ? t.generators[0] : null;
    if (!gen || !gen.stationary) throw invalidOption(api, 'truncation', 'a truncation whose transition graph is irreducible (one stationary law)', t.truncation);
    const perStart = gen.states.map((_, r) => Math.max(4, Math.round(paths * gen.stationary![r])));
    const total = perStart.reduce((s, x) => s + x, 0);
    const q = 256;
    const stepsPerPath = Math.max(q, Math.floor(steps / total / q) * q);
    const shares: number[][][] = []; // [start][basin][path]
    for (const [si, s] of gen.states.entries()) {
      const every = Math.max(1, Math.floor(stepsPerPath / samplesPerPath));
      const record = keepSamples && si === 0 && samplesPerPath > 0;
      const r = await runTrajectory(
        {
          engine: ctx.engine, landscape: t.landscape, noise: options.noise, truncation: t.truncation, stepSize: eta, start: t.landscape.minima[s - 1], steps: stepsPerPath,
          paths: perStart[si], seed: ctx.label.seed, path: `${label}/start=m${s}`, workers, ...(record ? { record: { sampleEvery: every } } : {}),
        },
        { onProgress: (d, tot) => progress((si + d / tot) / gen.states.length) },
      );
      if (record && r.samples) samples = { every, values: r.samples };
      shares.push(Array.from({ length: n }, (_, k) => r.basinStepsPerPath.map((row) => row[k] / stepsPerPath)));
    }
    const weight = (si: number) => gen.stationary![si];
    const perBasin = Array.from({ length: n }, (_, k) => stratifiedMean(shares.map((b, si) => ({ weight: weight(si), values: b[k] }))));
    const judged = stratifiedMean(shares.map((b, si) => ({ weight: weight(si), values: b[0].map((_, p) => sumOver(b.map((x) => x[p]), basins)) })));
    const tq = (dof: number) => studentTQuantile(1 - (1 - ctx.confidence) / 2, Math.max(1, dof));
    const ex = options.exactReference === false ? null : exactOccupancy({ landscape: t.landscape, noise: t.law, stepSize: eta, truncation: t.truncation });
    return {
      stepSize: eta, truncation: t.truncation, paths: total, stepsPerPath,
      occupancy: perBasin.map((m) => m.mean), occupancySe: perBasin.map((m) => m.standardError),
      occupancyCi: perBasin.map((m) => [Math.max(0, m.mean - tq(m.dof) * m.standardError), Math.min(1, m.mean + tq(m.dof) * m.standardError)] as const),
      share: judged.mean, shareSe: judged.standardError, dof: judged.dof,
      ci: [Math.max(0, judged.mean - tq(judged.dof) * judged.standardError), Math.min(1, judged.mean + tq(judged.dof) * judged.standardError)],
      leadingOrder: leadingOrderOccupancy(t, eta), exact: ex ? ex.occupancy : null, exactError: ex ? ex.errorEstimate : null, path: label,
    };
  };

  const points: StationaryOccupancyPoint[] = [];
  const parts = etas.length + (contrastTheory ? 1 : 0);
  for (const [idx, eta] of etas.entries()) {
    const steps = (capacity * (1 - fContrast) * alloc[idx]) / asum;
    const label = forkLabel(ctx.label, `eta=${eta}`).path;
    points.push(await measure(theory, eta, steps, label, (f) => ctx.progress((idx + f) / parts), idx === etas.length - 1));
  }
  const last = points[points.length - 1];
  let contrast: StationaryOccupancyPoint | null = null;
  if (contrastTheory) {
    const label = forkLabel(ctx.label, `contrast=b${fmtB(contrastTheory.truncation)}/eta=${last.stepSize}`).path;
    contrast = await measure(contrastTheory, last.stepSize, capacity * fContrast, label, (f) => ctx.progress((etas.length + f) / parts), false);
  }

  let observation: Observation;
  let ratioInfo: Record<string, unknown> | null = null;
  if (options.statistic === 'ratio') {
    const [first, second] = points;
    if (!(first.share > 0 && second.share > 0)) {
      observation = { estimate: NaN, ci: [0, Infinity], details: { reason: 'a step size with no steps in the basins' } };
    } else {
      const r = second.share / first.share;
      const rel = Math.hypot(first.shareSe / first.share, second.shareSe / second.share);
      const t = studentTQuantile(1 - (1 - ctx.confidence) / 2, Math.max(1, Math.min(first.dof, second.dof)));
      const exactRatio = first.exact && second.exact ? sumOver(second.exact, basins) / sumOver(first.exact, basins) : null;
      ratioInfo = { ratio: r, logSe: rel, exactRatio, slope: Math.log(r) / Math.log(second.stepSize / first.stepSize) };
      observation = { estimate: r, ci: [r * Math.exp(-t * rel), r * Math.exp(t * rel)], standardError: r * rel };
    }
  } else observation = { estimate: last.share, ci: last.ci, standardError: last.shareSe };

  const label = `{${basins.map((k) => `Ω_${k}`).join(', ')}}`;
  const plots: PlotSpec[] = [];
  // Occupancy bars: this run and the contrast side by side, basin by basin (the paper's Fig. 1 as numbers).
  const bars = (p: StationaryOccupancyPoint, k: number) => ({
    label: `Ω_${k + 1} b=${fmtB(p.truncation)}`, predicted: p.leadingOrder?.[k] ?? NaN, observed: p.occupancy[k], lo: p.occupancyCi[k][0], hi: p.occupancyCi[k][1],
  });
  plots.push({
    kind: 'bars',
    title: `occupancy per basin at η = ${last.stepSize}, ${contrast ? `b = ${fmtB(last.truncation)} against b = ${fmtB(contrast.truncation)}` : `b = ${fmtB(last.truncation)}`} (predicted: leading order)`,
    yLabel: 'fraction of steps',
    groups: last.occupancy.flatMap((_, k) => (contrast ? [bars(last, k), bars(contrast, k)] : [bars(last, k)])),
  });
  if (points.length > 1) {
    const lo = (p: StationaryOccupancyPoint) => (p.leadingOrder ? sumOver(p.leadingOrder, basins) : NaN);
    const alpha = theory.law.tailIndex as number;
    plots.push({
      kind: 'xy',
      title: `share of ${label} against η, b = ${fmtB(options.truncation)}`,
      xLabel: 'η',
      yLabel: 'fraction of steps',
      logX: true,
      logY: true,
      series: [
        { name: 'simulated (t CI)', style: 'scatter', role: 'observed', points: points.map((p) => ({ x: p.stepSize, y: p.share, lo: Math.max(p.ci[0], p.share / 10), hi: p.ci[1] })) },
        { name: options.truncation === Infinity ? 'π of the all-minima chain (slope 0)' : 'leading order', style: 'line', role: 'predicted', points: points.map((p) => ({ x: p.stepSize, y: lo(p) })) },
        ...(points.every((p) => p.exact) ? [{ name: 'exact finite-η oracle', style: 'line' as const, role: 'fitted' as const, points: points.map((p) => ({ x: p.stepSize, y: sumOver(p.exact!, basins) })) }] : []),
        ...(options.truncation === Infinity
          ? [{ name: `decay at the clipped rate η^{α−1} (contrast)`, style: 'line' as const, role: 'other' as const, points: points.map((p) => ({ x: p.stepSize, y: lo(points[0]) * (p.stepSize / points[0].stepSize) ** (alpha - 1) })) }]
          : []),
      ],
    });
  }
  const s = samples as { every: number; values: Float64Array[] } | null;
  if (s) {
    plots.push({
      kind: 'step',
      title: `sample paths, η = ${last.stepSize}, b = ${fmtB(options.truncation)} (cf. ICLR Fig. 1)`,
      xLabel: 'step',
      yLabel: 'x',
      paths: s.values.slice(0, 2).map((v, i) => ({ name: `path ${i}`, steps: Array.from(v, (_, j) => (j + 1) * s.every), values: Array.from(v) })),
      guides: [
        ...theory.landscape.minima.map((m, k) => ({ y: m, label: `m${k + 1}${theory.sharp.includes(k + 1) ? ' (sharp)' : ''}` })),
        ...theory.landscape.saddles.map((x, k) => ({ y: x, label: `s${k + 1}` })),
      ],
    });
  }
  const pointDetails = (p: StationaryOccupancyPoint) => ({
    ...p, ci: [...p.ci], occupancyCi: p.occupancyCi.map((c) => [...c]),
    exactShare: p.exact ? sumOver(p.exact, basins) : null,
    // How far the simulated share is from the finite-η chain it simulates, in standard errors.
    zVsExact: p.exact ? (p.share - sumOver(p.exact, basins)) / p.shareSe : null,
    predictedShare: p.leadingOrder ? sumOver(p.leadingOrder, basins) : null,
  });
  const details = { basins, points: points.map(pointDetails), contrast: contrast ? pointDetails(contrast) : null, ratio: ratioInfo };
  return { observation: { ...observation, details, plots }, points, contrast };
}

// ---------------------------------------------------------------------------------------------
// Sharp share conditioned on the widest home (renewal-reward)
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

/** (α−1)(l_max − max l*) of the counted sharp basins: the predicted log-log slope of their share (THEORY.md §6). */
function predictedSlope(theory: Theorem2Theory, basins: readonly number[]): number {
  const lStar = Math.max(...basins.map((k) => theory.constants[k - 1].jumpsNeeded));
  return ((theory.law.tailIndex as number) - 1) * (theory.maxJumps - lStar);
}

/**
 * The fitted line of a weighted log-log fit, and a line of the predicted slope through the fit's
 * weighted centre (same value at the geometric mean of η), so the two slopes can be compared by eye.
 */
function slopeLines(points: readonly { stepSize: number }[], fit: { slope: number; intercept: number }, slope: number) {
  const xs = points.map((p) => p.stepSize);
  const mid = Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
  const yMid = Math.exp(fit.intercept + fit.slope * Math.log(mid));
  return [
    { name: `fitted slope ${fit.slope.toFixed(3)}`, style: 'line' as const, role: 'fitted' as const, points: xs.map((x) => ({ x, y: Math.exp(fit.intercept + fit.slope * Math.log(x)) })) },
    { name: `predicted slope (α−1)(l_max − l*) = ${slope.toFixed(2)}`, style: 'line' as const, role: 'predicted' as const, points: xs.map((x) => ({ x, y: yMid * (x / mid) ** slope })) },
  ];
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
export async function runSharpShareCheck(ctx: CheckContext, options: SharpShareOptions): Promise<{ observation: Observation; points: SharpSharePoint[] }> {
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
        engine: ctx.engine, landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, basin: k, chains, maxSteps: Math.ceil(60 * m),
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
          engine: ctx.engine, landscape: theory.landscape, noise: options.noise, truncation: options.truncation, stepSize: eta, start: theory.landscape.minima[s - 1],
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
  let fitLine: { slope: number; intercept: number } | null = null;
  if (options.statistic === 'slope') {
    const ok = points.every((p) => p.share > 0 && p.shareSe > 0);
    if (!ok) observation = { estimate: NaN, ci: [-Infinity, Infinity], details: { reason: 'a step size without sharp sojourns' } };
    else {
      // Var(log S) ≈ (se/S)²: the fit wants the standard errors of the shares themselves.
      const fit = fitLogLog(points.map((p) => p.stepSize), points.map((p) => p.share), points.map((p) => p.shareSe), { confidence: ctx.confidence, variance: 'known' });
      const ex = points.every((p) => p.exact !== null && p.exact > 0) ? olsSlope(points.map((p) => Math.log(p.stepSize)), points.map((p) => Math.log(p.exact!))) : null;
      fitInfo = { slope: fit.slope, ci: fit.ci, se: fit.slopeSe, fitPValue: fit.fitPValue, decreasing: fit.ci[0] > 0, exactOracleSlope: ex };
      fitLine = { slope: fit.slope, intercept: fit.intercept };
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
        { name: 'leading-order share', style: 'line', role: 'other', points: points.map((p) => ({ x: p.stepSize, y: p.leadingOrder })) },
        ...(points.every((p) => p.exact !== null) ? [{ name: 'exact finite-η oracle', style: 'line' as const, role: 'other' as const, points: points.map((p) => ({ x: p.stepSize, y: p.exact! })) }] : []),
        ...(fitLine ? slopeLines(points, fitLine, predictedSlope(theory, basins)) : []),
      ],
    },
  ];
  const details = { basins, widest: gen.states, weights: Object.fromEntries(weights), points: points.map((p) => ({ ...p, ci: [...p.ci] })), fit: fitInfo };
  return { observation: { ...observation, details, plots }, points };
}

// ---------------------------------------------------------------------------------------------
// Excursions and holding times

/** Statistics read from visit sequences. */
