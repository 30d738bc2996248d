/**
 * Occupancy from the stationary mix of the limiting chain (THEORY.md §6–7): starts in proportion to
 * the limiting chain's π, shares stratified by start; the share or its ratio over η, with the exact
 * finite-η occupancy beside it (sharp-minima-elimination, untruncated-all-minima).
 */
import { formatTruncation } from '../core/format.ts';
import { invalidOption } from '../core/errors.ts';
import { exactOccupancy } from '../exact/occupancy.ts';
import { forkLabel } from '../rng/seeds.ts';
import { runTrajectory } from '../sim/run-trajectory.ts';
import { studentTQuantile } from '../stats/distributions.ts';
import { chainTimeScale } from '../theory/index.ts';
import {
  leadingOrderOccupancy,
  theorem2Theory,
  type Theorem2Setting,
  type Theorem2Theory,
} from '../theory/theorem2.ts';
import { plannedSpeed } from './theorem2-support.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

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
export const sumOver = (v: readonly number[], basins: readonly number[]) => basins.reduce((s, k) => s + v[k - 1], 0);

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
): Promise<{
  observation: Observation;
  points: StationaryOccupancyPoint[];
  contrast: StationaryOccupancyPoint | null;
}> {
  const api = 'runStationaryOccupancyCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  const basins = options.basins;
  if (basins.length === 0 || basins.some((k) => !(Number.isInteger(k) && k >= 1 && k <= n))) {
    throw invalidOption(api, 'basins', `a non-empty list of basins in [1, ${n}]`, basins);
  }
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  if (etas.length === 0 || etas.some((e) => !(e > 0 && e < 1)))
    throw invalidOption(api, 'stepSizes', 'step sizes in (0, 1)', options.stepSizes);
  if (options.statistic === 'ratio' && etas.length !== 2)
    throw invalidOption(api, 'stepSizes', 'exactly two step sizes for a ratio', options.stepSizes);
  const paths = options.paths ?? 64;
  if (!(Number.isInteger(paths) && paths >= 2)) throw invalidOption(api, 'paths', 'an integer ≥ 2', paths);
  const fContrast = options.contrastTruncation === undefined ? 0 : (options.contrastFraction ?? 0.15);
  if (!(fContrast >= 0 && fContrast < 1)) throw invalidOption(api, 'contrastFraction', 'a number in [0, 1)', fContrast);
  const contrastTheory =
    options.contrastTruncation === undefined
      ? null
      : theorem2Theory({ ...options, truncation: options.contrastTruncation });
  const workers = ctx.workers ?? options.workers ?? 2;
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * plannedSpeed(ctx) * workers * 0.85;
  const clock = (t: Theorem2Theory, eta: number) =>
    t.truncation === Infinity ? t.law.tail(1 / eta) : chainTimeScale(t.law, t.maxJumps, eta);
  const alloc = etas.map((e) =>
    options.statistic === 'ratio' ? 1 / Math.sqrt(clock(theory, e)) : 1 / clock(theory, e),
  );
  const asum = alloc.reduce((s, x) => s + x, 0);
  const samplesPerPath = options.samplesPerPath ?? 1000;
  let samples: RecordedSamples | null = null;
  const env: MeasureEnv = { ctx, options, n, paths, samplesPerPath, workers };
  const measure = async (
    t: Theorem2Theory,
    eta: number,
    steps: number,
    label: string,
    progress: (f: number) => void,
    keepSamples: boolean,
  ): Promise<StationaryOccupancyPoint> => {
    const m = await measureStationary(env, t, eta, steps, label, progress, keepSamples);
    if (m.samples) samples = m.samples;
    return m.point;
  };

  const points: StationaryOccupancyPoint[] = [];
  const parts = etas.length + (contrastTheory ? 1 : 0);
  for (const [idx, eta] of etas.entries()) {
    const steps = (capacity * (1 - fContrast) * alloc[idx]) / asum;
    const label = forkLabel(ctx.label, `eta=${eta}`).path;
    points.push(
      await measure(theory, eta, steps, label, (f) => ctx.progress((idx + f) / parts), idx === etas.length - 1),
    );
  }
  const last = points[points.length - 1];
  let contrast: StationaryOccupancyPoint | null = null;
  if (contrastTheory) {
    const label = forkLabel(
      ctx.label,
      `contrast=b${formatTruncation(contrastTheory.truncation)}/eta=${last.stepSize}`,
    ).path;
    contrast = await measure(
      contrastTheory,
      last.stepSize,
      capacity * fContrast,
      label,
      (f) => ctx.progress((etas.length + f) / parts),
      false,
    );
  }

  const { observation, ratioInfo } = stationaryObservation(options.statistic, points, basins, ctx.confidence);

  const plots = stationaryPlots(theory, options, points, contrast, samples);
  const pointDetails = (p: StationaryOccupancyPoint) => ({
    ...p,
    ci: [...p.ci],
    occupancyCi: p.occupancyCi.map((c) => [...c]),
    exactShare: p.exact ? sumOver(p.exact, basins) : null,
    // How far the simulated share is from the finite-η chain it simulates, in standard errors.
    zVsExact: p.exact ? (p.share - sumOver(p.exact, basins)) / p.shareSe : null,
    predictedShare: p.leadingOrder ? sumOver(p.leadingOrder, basins) : null,
  });
  const details = {
    basins,
    points: points.map(pointDetails),
    contrast: contrast ? pointDetails(contrast) : null,
    ratio: ratioInfo,
  };
  return { observation: { ...observation, details, plots }, points, contrast };
}

/** Sample paths recorded along the judged step size (for the trajectory plot). */
type RecordedSamples = { every: number; values: Float64Array[] };

/** What {@link measureStationary} needs of its check. */
interface MeasureEnv {
  readonly ctx: CheckContext;
  readonly options: StationaryOccupancyOptions;
  readonly n: number;
  readonly paths: number;
  readonly samplesPerPath: number;
  readonly workers: number;
}

/** One step size at one truncation: paths from π's states, stratified occupancy (and, if asked, sample paths). */
async function measureStationary(
  env: MeasureEnv,
  t: Theorem2Theory,
  eta: number,
  steps: number,
  label: string,
  progress: (f: number) => void,
  keepSamples: boolean,
): Promise<{ point: StationaryOccupancyPoint; samples: RecordedSamples | null }> {
  const api = 'runStationaryOccupancyCheck';
  const { ctx, options, n, paths, samplesPerPath, workers } = env;
  const basins = options.basins;
  let samples: RecordedSamples | null = null;
  const gen = t.generators.length === 1 ? t.generators[0] : null;
  if (!gen || !gen.stationary)
    throw invalidOption(
      api,
      'truncation',
      'a truncation whose transition graph is irreducible (one stationary law)',
      t.truncation,
    );
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
        engine: ctx.engine,
        landscape: t.landscape,
        noise: options.noise,
        truncation: t.truncation,
        stepSize: eta,
        start: t.landscape.minima[s - 1],
        steps: stepsPerPath,
        paths: perStart[si],
        seed: ctx.label.seed,
        path: `${label}/start=m${s}`,
        workers,
        ...(record ? { record: { sampleEvery: every } } : {}),
      },
      { onProgress: (d, tot) => progress((si + d / tot) / gen.states.length) },
    );
    if (record && r.samples) samples = { every, values: r.samples };
    shares.push(Array.from({ length: n }, (_, k) => r.basinStepsPerPath.map((row) => row[k] / stepsPerPath)));
  }
  const weight = (si: number) => gen.stationary![si];
  const perBasin = Array.from({ length: n }, (_, k) =>
    stratifiedMean(shares.map((b, si) => ({ weight: weight(si), values: b[k] }))),
  );
  const judged = stratifiedMean(
    shares.map((b, si) => ({
      weight: weight(si),
      values: b[0].map((_, p) =>
        sumOver(
          b.map((x) => x[p]),
          basins,
        ),
      ),
    })),
  );
  const tq = (dof: number) => studentTQuantile(1 - (1 - ctx.confidence) / 2, Math.max(1, dof));
  const ex =
    options.exactReference === false
      ? null
      : exactOccupancy({ landscape: t.landscape, noise: t.law, stepSize: eta, truncation: t.truncation });
  const point: StationaryOccupancyPoint = {
    stepSize: eta,
    truncation: t.truncation,
    paths: total,
    stepsPerPath,
    occupancy: perBasin.map((m) => m.mean),
    occupancySe: perBasin.map((m) => m.standardError),
    occupancyCi: perBasin.map(
      (m) =>
        [Math.max(0, m.mean - tq(m.dof) * m.standardError), Math.min(1, m.mean + tq(m.dof) * m.standardError)] as const,
    ),
    share: judged.mean,
    shareSe: judged.standardError,
    dof: judged.dof,
    ci: [
      Math.max(0, judged.mean - tq(judged.dof) * judged.standardError),
      Math.min(1, judged.mean + tq(judged.dof) * judged.standardError),
    ],
    leadingOrder: leadingOrderOccupancy(t, eta),
    exact: ex ? ex.occupancy : null,
    exactError: ex ? ex.errorEstimate : null,
    path: label,
  };
  return { point, samples };
}

/** The observation: the share at the smallest η, or share(smallest η)/share(largest η) ('ratio'). */
function stationaryObservation(
  statistic: StationaryOccupancyStatistic,
  points: readonly StationaryOccupancyPoint[],
  basins: readonly number[],
  confidence: number,
): { observation: Observation; ratioInfo: Record<string, unknown> | null } {
  const last = points[points.length - 1];
  let observation: Observation;
  let ratioInfo: Record<string, unknown> | null = null;
  if (statistic === 'ratio') {
    const [first, second] = points;
    if (!(first.share > 0 && second.share > 0)) {
      observation = {
        estimate: NaN,
        ci: [0, Infinity],
        details: { reason: 'a step size with no steps in the basins' },
      };
    } else {
      const r = second.share / first.share;
      const rel = Math.hypot(first.shareSe / first.share, second.shareSe / second.share);
      const t = studentTQuantile(1 - (1 - confidence) / 2, Math.max(1, Math.min(first.dof, second.dof)));
      const exactRatio =
        first.exact && second.exact ? sumOver(second.exact, basins) / sumOver(first.exact, basins) : null;
      ratioInfo = { ratio: r, logSe: rel, exactRatio, slope: Math.log(r) / Math.log(second.stepSize / first.stepSize) };
      observation = { estimate: r, ci: [r * Math.exp(-t * rel), r * Math.exp(t * rel)], standardError: r * rel };
    }
  } else
    observation = {
      estimate: last.share,
      ci: last.ci,
      standardError: last.shareSe,
      // Holm's p-value from the interval's own test: Welch–Satterthwaite t (issue 14 §6).
      ...(last.shareSe > 0
        ? {
            test: {
              kind: 't' as const,
              estimate: last.share,
              standardError: last.shareSe,
              dof: Math.max(1, last.dof),
            },
          }
        : {}),
    };
  return { observation, ratioInfo };
}

/** Occupancy bars (this run against the contrast), the share against η, and sample paths. */
function stationaryPlots(
  theory: Theorem2Theory,
  options: StationaryOccupancyOptions,
  points: readonly StationaryOccupancyPoint[],
  contrast: StationaryOccupancyPoint | null,
  samples: RecordedSamples | null,
): PlotSpec[] {
  const basins = options.basins;
  const last = points[points.length - 1];
  const label = `{${basins.map((k) => `Ω_${k}`).join(', ')}}`;
  const plots: PlotSpec[] = [];
  // Occupancy bars: this run and the contrast side by side, basin by basin (the paper's Fig. 1 as numbers).
  const bars = (p: StationaryOccupancyPoint, k: number) => ({
    label: `Ω_${k + 1} b=${formatTruncation(p.truncation)}`,
    predicted: p.leadingOrder?.[k] ?? NaN,
    observed: p.occupancy[k],
    lo: p.occupancyCi[k][0],
    hi: p.occupancyCi[k][1],
  });
  plots.push({
    kind: 'bars',
    title: `occupancy per basin at η = ${last.stepSize}, ${contrast ? `b = ${formatTruncation(last.truncation)} against b = ${formatTruncation(contrast.truncation)}` : `b = ${formatTruncation(last.truncation)}`} (predicted: leading order)`,
    yLabel: 'fraction of steps',
    groups: last.occupancy.flatMap((_, k) => (contrast ? [bars(last, k), bars(contrast, k)] : [bars(last, k)])),
  });
  if (points.length > 1) {
    const lo = (p: StationaryOccupancyPoint) => (p.leadingOrder ? sumOver(p.leadingOrder, basins) : NaN);
    const alpha = theory.law.tailIndex as number; // heavy-tailed: theorem2Theory/resolveSetting reject a law without a tail index
    plots.push({
      kind: 'xy',
      title: `share of ${label} against η, b = ${formatTruncation(options.truncation)}`,
      xLabel: 'η',
      yLabel: 'fraction of steps',
      logX: true,
      logY: true,
      series: [
        {
          name: 'simulated (t CI)',
          style: 'scatter',
          role: 'observed',
          points: points.map((p) => ({ x: p.stepSize, y: p.share, lo: Math.max(p.ci[0], p.share / 10), hi: p.ci[1] })),
        },
        {
          name: options.truncation === Infinity ? 'π of the all-minima chain (slope 0)' : 'leading order',
          style: 'line',
          role: 'predicted',
          points: points.map((p) => ({ x: p.stepSize, y: lo(p) })),
        },
        ...(points.every((p) => p.exact)
          ? [
              {
                name: 'exact finite-η oracle',
                style: 'line' as const,
                role: 'fitted' as const,
                points: points.map((p) => ({ x: p.stepSize, y: sumOver(p.exact!, basins) })),
              },
            ]
          : []),
        ...(options.truncation === Infinity
          ? [
              {
                name: `decay at the clipped rate η^{α−1} (contrast)`,
                style: 'line' as const,
                role: 'other' as const,
                points: points.map((p) => ({
                  x: p.stepSize,
                  y: lo(points[0]) * (p.stepSize / points[0].stepSize) ** (alpha - 1),
                })),
              },
            ]
          : []),
      ],
    });
  }
  const s = samples;
  if (s) {
    plots.push({
      kind: 'step',
      title: `sample paths, η = ${last.stepSize}, b = ${formatTruncation(options.truncation)} (cf. ICLR Fig. 1)`,
      xLabel: 'step',
      yLabel: 'x',
      paths: s.values.slice(0, 2).map((v, i) => ({
        name: `path ${i}`,
        steps: Array.from(v, (_, j) => (j + 1) * s.every),
        values: Array.from(v),
      })),
      guides: [
        ...theory.landscape.minima.map((m, k) => ({
          y: m,
          label: `m${k + 1}${theory.sharp.includes(k + 1) ? ' (sharp)' : ''}`,
        })),
        ...theory.landscape.saddles.map((x, k) => ({ y: x, label: `s${k + 1}` })),
      ],
    });
  }
  return plots;
}
