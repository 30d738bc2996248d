/**
 * Occupancy of basins along long trajectories from one start (THEORY.md §6–7): per-path shares, their
 * log-log slope in η, or the share of a set of basins (the conjecture runner of `src/conjecture`).
 * The stationary mix is `stationary-occupancy.ts`; the renewal-reward sharp share `sharp-share.ts`.
 */
import { twoSidedZ } from '../stats/normal.ts';
import { formatTruncation } from '../core/format.ts';
import { invalidOption } from '../core/errors.ts';
import { forkLabel } from '../rng/seeds.ts';
import { runTrajectory, type TrajectoryResult } from '../sim/run-trajectory.ts';
import { studentTQuantile } from '../stats/distributions.ts';
import { fitLogLog } from '../stats/loglog-regression.ts';
import { chainTimeScale } from '../theory/index.ts';
import {
  leadingOrderOccupancy,
  theorem2Theory,
  type Theorem2Setting,
  type Theorem2Theory,
} from '../theory/theorem2.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

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
    throw invalidOption(
      api,
      'basins',
      `a non-empty list of basins in [1, ${n}] (no sharp basins at this truncation: name them)`,
      basins,
    );
  }
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  if (options.statistic === 'slope' && etas.length < 2)
    throw invalidOption(api, 'stepSizes', 'at least two step sizes for a slope', options.stepSizes);
  const paths = options.paths ?? 16;
  const workers = ctx.workers ?? options.workers ?? 2;
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * speed * workers * 0.85;
  // Steps ∝ 1/λ*(η) (b = ∞: the all-minima clock H(1/η)).
  const clock = (eta: number) =>
    options.truncation === Infinity ? theory.law.tail(1 / eta) : chainTimeScale(theory.law, theory.maxJumps, eta);
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
        engine: ctx.engine,
        landscape: theory.landscape,
        noise: options.noise,
        truncation: options.truncation,
        stepSize: eta,
        start,
        steps: stepsPerPath,
        paths,
        seed: ctx.label.seed,
        path,
        workers,
        ...(last && samplesPerPath > 0
          ? { record: { sampleEvery: Math.max(1, Math.floor(stepsPerPath / samplesPerPath)) } }
          : {}),
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
      stepSize: eta,
      paths,
      stepsPerPath,
      occupancy: r.occupancy,
      share: mean,
      shareSe: se,
      ci: [Math.max(0, mean - t * se), Math.min(1, mean + t * se)],
      leadingOrder: leadingOrderOccupancy(theory, eta),
      transitions: r.transitions,
      path,
    });
  }
  const { observation, fitInfo } = occupancyObservation(options.statistic, points, ctx.confidence);
  const plots = occupancyPlots(theory, options, points, basins, trajectory);
  const details = {
    basins,
    widest: theory.widest,
    sharp: theory.sharp,
    points: points.map((p) => ({
      ...p,
      ci: [...p.ci],
      predictedShare: p.leadingOrder ? basins.reduce((s, k) => s + p.leadingOrder![k - 1], 0) : null,
    })),
    fit: fitInfo,
    decreasing:
      points.length > 1
        ? points.every(
            (p, i) =>
              i === 0 ||
              p.share <= points[i - 1].share + twoSidedZ(ctx.confidence) * Math.hypot(p.shareSe, points[i - 1].shareSe),
          )
        : null,
  };
  return { observation: { ...observation, details, plots }, points, trajectory };
}

/** The observation: the share of the basins at the smallest η, or its weighted log-log slope in η. */
function occupancyObservation(
  statistic: OccupancyStatistic,
  points: readonly OccupancyPoint[],
  confidence: number,
): { observation: Observation; fitInfo: Record<string, unknown> | null } {
  const lastPoint = points[points.length - 1];
  const usable = points.filter((p) => p.share > 0 && p.shareSe > 0);
  let fitInfo: Record<string, unknown> | null = null;
  let observation: Observation;
  if (statistic === 'slope') {
    if (usable.length < 2) {
      observation = {
        estimate: NaN,
        ci: [-Infinity, Infinity],
        details: { reason: 'fewer than two step sizes with a positive share' },
      };
    } else {
      const fit = fitLogLog(
        usable.map((p) => p.stepSize),
        usable.map((p) => p.share),
        usable.map((p) => p.shareSe),
        { confidence: confidence, variance: 'known' },
      );
      fitInfo = { slope: fit.slope, ci: fit.ci, se: fit.slopeSe, fitPValue: fit.fitPValue };
      observation = { estimate: fit.slope, ci: fit.ci, standardError: fit.slopeSe };
    }
  } else {
    observation = {
      estimate: lastPoint.share,
      ci: lastPoint.ci,
      standardError: lastPoint.shareSe,
      // Holm's p-value from the interval's own test: Student t over the paths (issue 14 §6).
      ...(lastPoint.shareSe > 0
        ? {
            test: {
              kind: 't' as const,
              estimate: lastPoint.share,
              standardError: lastPoint.shareSe,
              dof: Math.max(1, lastPoint.paths - 1),
            },
          }
        : {}),
    };
  }
  return { observation, fitInfo };
}

/** Occupancy bars at the smallest η, the share against η beside its leading order, and sample paths. */
function occupancyPlots(
  theory: Theorem2Theory,
  options: OccupancyOptions,
  points: readonly OccupancyPoint[],
  basins: readonly number[],
  trajectory: TrajectoryResult | null,
): PlotSpec[] {
  const lastPoint = points[points.length - 1];
  const plots: PlotSpec[] = [];
  const label = `{${basins.map((k) => `Ω_${k}`).join(', ')}}`;
  plots.push({
    kind: 'bars',
    title: `occupancy per basin, η = ${lastPoint.stepSize}, b = ${formatTruncation(options.truncation)}`,
    yLabel: 'fraction of steps',
    groups: lastPoint.occupancy.map((o, k) => ({
      label: `Ω_${k + 1}`,
      predicted: lastPoint.leadingOrder?.[k] ?? NaN,
      observed: o,
    })),
  });
  const usable = points.filter((p) => p.share > 0 && p.shareSe > 0);
  plots.push({
    kind: 'xy',
    title: `share of ${label} against η, b = ${formatTruncation(options.truncation)}`,
    xLabel: 'η',
    yLabel: 'fraction of steps',
    logX: true,
    logY: true,
    series: [
      {
        name: 'observed (t CI over paths)',
        style: 'scatter',
        role: 'observed',
        points: usable.map((p) => ({ x: p.stepSize, y: p.share, lo: Math.max(p.ci[0], p.share / 10), hi: p.ci[1] })),
      },
      ...(usable.every((p) => p.leadingOrder)
        ? [
            {
              name: 'leading order (slope (α−1)(l_max − l*))',
              style: 'line' as const,
              role: 'predicted' as const,
              points: usable.map((p) => ({ x: p.stepSize, y: basins.reduce((s, k) => s + p.leadingOrder![k - 1], 0) })),
            },
          ]
        : []),
    ],
  });
  if (trajectory?.samples) {
    const every = Math.max(1, Math.floor(lastPoint.stepsPerPath / (options.samplesPerPath ?? 2000)));
    plots.push({
      kind: 'step',
      title: `sample paths, η = ${lastPoint.stepSize}, b = ${formatTruncation(options.truncation)} (cf. ICLR Fig. 1)`,
      xLabel: 'step',
      yLabel: 'x',
      paths: trajectory.samples
        .slice(0, 3)
        .map((s, i) => ({ name: `path ${i}`, steps: Array.from(s, (_, j) => (j + 1) * every), values: Array.from(s) })),
      guides: [
        ...theory.landscape.minima.map((m, k) => ({
          y: m,
          label: `m${k + 1}${theory.sharp.includes(k + 1) ? ' (sharp)' : ''}`,
        })),
        ...theory.landscape.saddles.map((s, k) => ({ y: s, label: `s${k + 1}` })),
      ],
    });
  }
  return plots;
}
