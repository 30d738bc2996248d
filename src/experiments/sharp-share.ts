/**
 * The renewal-reward sharp share conditioned on the widest home (THEORY.md §6), and its log-log
 * slope in η (sharp-minima-rate): sharp steps attributed to the widest minimum an excursion left,
 * sojourn means from separate exit runs, stratified by the limiting chain's weights.
 */
import { twoSidedZ } from '../stats/normal.ts';
import { formatTruncation } from '../core/format.ts';
import { invalidOption } from '../core/errors.ts';
import { exactOccupancy } from '../exact/occupancy.ts';
import { forkLabel } from '../rng/seeds.ts';
import { runExit } from '../sim/run-exit.ts';
import { runTrajectory } from '../sim/run-trajectory.ts';
import { fitLogLog } from '../stats/loglog-regression.ts';
import { basinScale, chainTimeScale } from '../theory/index.ts';
import {
  leadingOrderOccupancy,
  theorem2Theory,
  type Theorem2Setting,
  type Theorem2Theory,
} from '../theory/theorem2.ts';
import { plannedSpeed } from './theorem2-support.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';
import { type OccupancyStatistic } from './occupancy.ts';

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
  for (let p = 0; p < P; p++) {
    for (let h = 0; h < n; h++) {
      A[h] += attr.sharpByHome[p][h];
      B[h] += attr.homeSteps[p][h];
    }
  }
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
export function estimateCompositeShare(
  attr: HomeAttribution,
  sojourn: readonly SojournMean[],
  weights: ReadonlyMap<number, number>,
): { share: number; standardError: number } {
  const P = attr.homeSteps.length;
  const n = P > 0 ? attr.homeSteps[0].length : 0;
  const B = new Array<number>(n).fill(0);
  const C = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let p = 0; p < P; p++)
    for (let h = 0; h < n; h++) {
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
export function olsSlope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  x.forEach((v, i) => ((sxy += (v - mx) * (y[i] - my)), (sxx += (v - mx) ** 2)));
  return sxy / sxx;
}

/** (α−1)(l_max − max l*) of the counted sharp basins: the predicted log-log slope of their share (THEORY.md §6). */
export function predictedSlope(theory: Theorem2Theory, basins: readonly number[]): number {
  const lStar = Math.max(...basins.map((k) => theory.constants[k - 1].jumpsNeeded));
  return ((theory.law.tailIndex as number) - 1) * (theory.maxJumps - lStar); // heavy-tailed: theorem2Theory/resolveSetting reject a law without a tail index
}

/**
 * The fitted line of a weighted log-log fit, and a line of the predicted slope through the fit's
 * weighted centre (same value at the geometric mean of η), so the two slopes can be compared by eye.
 */
export function slopeLines(
  points: readonly { stepSize: number }[],
  fit: { slope: number; intercept: number },
  slope: number,
) {
  const xs = points.map((p) => p.stepSize);
  const mid = Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
  const yMid = Math.exp(fit.intercept + fit.slope * Math.log(mid));
  return [
    {
      name: `fitted slope ${fit.slope.toFixed(3)}`,
      style: 'line' as const,
      role: 'fitted' as const,
      points: xs.map((x) => ({ x, y: Math.exp(fit.intercept + fit.slope * Math.log(x)) })),
    },
    {
      name: `predicted slope (α−1)(l_max − l*) = ${slope.toFixed(2)}`,
      style: 'line' as const,
      role: 'predicted' as const,
      points: xs.map((x) => ({ x, y: yMid * (x / mid) ** slope })),
    },
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
export async function runSharpShareCheck(
  ctx: CheckContext,
  options: SharpShareOptions,
): Promise<{ observation: Observation; points: SharpSharePoint[] }> {
  const api = 'runSharpShareCheck';
  const theory = theorem2Theory(options);
  const n = theory.constants.length;
  const basins = options.basins ?? theory.sharp;
  if (basins.length === 0 || basins.some((k) => !theory.sharp.includes(k)))
    throw invalidOption(api, 'basins', `a non-empty list of sharp basins (${theory.sharp.join(', ')})`, basins);
  const gen = theory.generators.length === 1 ? theory.generators[0] : null;
  if (!gen || !gen.stationary || options.truncation === Infinity)
    throw invalidOption(api, 'truncation', 'a finite b with an irreducible transition graph', options.truncation);
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  if (etas.length === 0 || (options.statistic === 'slope' && etas.length < 2))
    throw invalidOption(api, 'stepSizes', 'at least two step sizes for a slope (one for a share)', options.stepSizes);
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
  const z = twoSidedZ(ctx.confidence);
  const fSojourn = options.sojournFraction ?? 0.15;
  if (!(fSojourn > 0 && fSojourn < 1)) throw invalidOption(api, 'sojournFraction', 'a number in (0, 1)', fSojourn);
  const sojournSteps = (k: number, eta: number) =>
    1 / (theory.constants[k - 1].exitRate * basinScale(theory.law, theory.constants[k - 1].jumpsNeeded, eta));
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
        engine: ctx.engine,
        landscape: theory.landscape,
        noise: options.noise,
        truncation: options.truncation,
        stepSize: eta,
        basin: k,
        chains,
        maxSteps: Math.ceil(60 * m),
        seed: ctx.label.seed,
        path: `${path}/sojourn=m${k}`,
        workers,
      });
      // Censored chains (if any) count at the cap: a lower bound, reported in the details.
      const sum = Array.from(r.exitSteps).reduce((s, x) => s + x, 0);
      let ss = 0;
      for (const x of r.exitSteps) ss += (x - sum / chains) ** 2;
      sojournMeans.push({
        basin: k,
        mean: sum / chains,
        standardError: Math.sqrt(ss / (chains - 1) / chains),
        chains,
        censored: r.censored,
      });
    }
    const visits: { minimum: ArrayLike<number>; step: ArrayLike<number> }[] = [];
    for (const [si, s] of gen.states.entries()) {
      const r = await runTrajectory(
        {
          engine: ctx.engine,
          landscape: theory.landscape,
          noise: options.noise,
          truncation: options.truncation,
          stepSize: eta,
          start: theory.landscape.minima[s - 1],
          steps: stepsPerPath,
          paths: perStart[si],
          epsilon: options.epsilon ?? 0.05,
          seed: ctx.label.seed,
          path: `${path}/start=m${s}`,
          workers,
          record: { visitCap: 1 << 20 },
        },
        { onProgress: (d, t) => ctx.progress((idx + (si + d / t) / gen.states.length) / etas.length) },
      );
      visits.push(...(r.visits ?? []));
    }
    const attr = attributeSharpSteps(visits, gen.states, basins, n, stepsPerPath);
    const est = estimateStratifiedShare(attr, weights);
    const comp = estimateCompositeShare(attr, sojournMeans, weights);
    const exact =
      options.exactReference === false
        ? null
        : exactOccupancy({
            landscape: theory.landscape,
            noise: theory.law,
            stepSize: eta,
            truncation: options.truncation,
          }).occupancy;
    points.push({
      stepSize: eta,
      paths: totalPaths,
      stepsPerPath,
      share: comp.share,
      shareSe: comp.standardError,
      ci: [Math.max(0, comp.share - z * comp.standardError), comp.share + z * comp.standardError],
      directShare: est.share,
      directSe: est.standardError,
      sojournMeans,
      pooledShare: est.pooledShare,
      ratioByHome: est.ratioByHome,
      ratioSeByHome: est.ratioSeByHome,
      sojourns: attr.sojourns.reduce((s, x) => s + x, 0),
      leadingOrder: lo ? basins.reduce((s, k) => s + lo[k - 1], 0) : NaN,
      exact: exact ? basins.reduce((s, k) => s + exact[k - 1], 0) : null,
      path,
    });
  }
  const { observation, fitInfo, fitLine } = sharpShareObservation(options.statistic, points, ctx.confidence);
  const plots = sharpSharePlots(theory, options, points, basins, fitLine);
  const details = {
    basins,
    widest: gen.states,
    weights: Object.fromEntries(weights),
    points: points.map((p) => ({ ...p, ci: [...p.ci] })),
    fit: fitInfo,
  };
  return { observation: { ...observation, details, plots }, points };
}

/** The observation: the renewal-reward share at the smallest η, or its weighted log-log slope (with the exact oracle's beside it). */
function sharpShareObservation(
  statistic: OccupancyStatistic,
  points: readonly SharpSharePoint[],
  confidence: number,
): {
  observation: Observation;
  fitInfo: Record<string, unknown> | null;
  fitLine: { slope: number; intercept: number } | null;
} {
  const last = points[points.length - 1];
  let observation: Observation;
  let fitInfo: Record<string, unknown> | null = null;
  let fitLine: { slope: number; intercept: number } | null = null;
  if (statistic === 'slope') {
    const ok = points.every((p) => p.share > 0 && p.shareSe > 0);
    if (!ok)
      observation = {
        estimate: NaN,
        ci: [-Infinity, Infinity],
        details: { reason: 'a step size without sharp sojourns' },
      };
    else {
      // Var(log S) ≈ (se/S)²: the fit wants the standard errors of the shares themselves.
      const fit = fitLogLog(
        points.map((p) => p.stepSize),
        points.map((p) => p.share),
        points.map((p) => p.shareSe),
        { confidence: confidence, variance: 'known' },
      );
      const ex = points.every((p) => p.exact !== null && p.exact > 0)
        ? olsSlope(
            points.map((p) => Math.log(p.stepSize)),
            points.map((p) => Math.log(p.exact!)),
          )
        : null;
      fitInfo = {
        slope: fit.slope,
        ci: fit.ci,
        se: fit.slopeSe,
        fitPValue: fit.fitPValue,
        decreasing: fit.ci[0] > 0,
        exactOracleSlope: ex,
      };
      fitLine = { slope: fit.slope, intercept: fit.intercept };
      observation = { estimate: fit.slope, ci: fit.ci, standardError: fit.slopeSe };
    }
  } else observation = { estimate: last.share, ci: last.ci, standardError: last.shareSe };
  return { observation, fitInfo, fitLine };
}

/** The share against η beside the leading order, the exact oracle and (for a slope) the fitted and predicted lines. */
function sharpSharePlots(
  theory: Theorem2Theory,
  options: SharpShareOptions,
  points: readonly SharpSharePoint[],
  basins: readonly number[],
  fitLine: { slope: number; intercept: number } | null,
): PlotSpec[] {
  const label = `{${basins.map((k) => `Ω_${k}`).join(', ')}}`;
  const plots: PlotSpec[] = [
    {
      kind: 'xy',
      title: `share of ${label} in the stationary mix of the widest minima against η, b = ${formatTruncation(options.truncation)} (renewal-reward)`,
      xLabel: 'η',
      yLabel: 'fraction of steps',
      logX: true,
      logY: true,
      series: [
        {
          name: 'observed (delta-method CI)',
          style: 'scatter',
          role: 'observed',
          points: points.map((p) => ({ x: p.stepSize, y: p.share, lo: Math.max(p.ci[0], p.share / 10), hi: p.ci[1] })),
        },
        {
          name: 'leading-order share',
          style: 'line',
          role: 'other',
          points: points.map((p) => ({ x: p.stepSize, y: p.leadingOrder })),
        },
        ...(points.every((p) => p.exact !== null)
          ? [
              {
                name: 'exact finite-η oracle',
                style: 'line' as const,
                role: 'other' as const,
                points: points.map((p) => ({ x: p.stepSize, y: p.exact! })),
              },
            ]
          : []),
        ...(fitLine ? slopeLines(points, fitLine, predictedSlope(theory, basins)) : []),
      ],
    },
  ];
  return plots;
}
