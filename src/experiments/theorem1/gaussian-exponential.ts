/**
 * The experiment of `theorems/gaussian-exponential.ts` (its claim, tolerance and their reasons are there):
 * plan, solve, extrapolate, simulate, plot. Returns the check's observation.
 *
 * Chain → theory on the η → 0 limit. Kramers: log(η E σ) = S/η + A + o(1) with S = 2ΔU/σ², so
 * Q(η) = η·log(η E σ) = S + Aη + o(η) tends to S. The next term is η^{3/2}: the discrete chain leaves
 * the basin by a step of size ≈ ησ that overshoots the saddle (by ≈ 0.58·ησ for Gaussian steps), against
 * a saddle layer of width ≈ σ√(η/|f''(s)|); that moves log(η E σ) by O(√η), so Q by O(η^{3/2}). The
 * exact oracle's Q over the window of {@link gaussianLimitPlan} is extrapolated as
 * Q = S + a₁η + a₂η^{3/2} + a₃η² (`extrapolateSeries`: error e = data ⊕ Birge residual ⊕ |Q₀(three
 * terms) − Q₀(two terms)| ⊕ window shift, each point's error its oracle bound η·log(1 + ε)).
 */
import type { NoiseSpec } from '../../model/types.ts';
import { fitLogLog } from '../../stats/loglog-regression.ts';
import { extrapolateSeries, MAX_POINT_ERROR, type LimitEstimate } from '../../asymptotics/index.ts';
import { planExitScaling, runExitScaling } from '../exit-scaling.ts';
import type { CheckContext, Observation, PlotSpec, Requirement, Tier } from '../../verify/types.ts';
import { exactSlopeWithWeights, limitRequirement, linkSignificance, linkZ, scalingLink } from './links.ts';
import { PAPER_LANDSCAPE, basinTheory, exactSlope, exactSweep, seriesOf, type ExactRow } from '../exact-sweep.ts';

export type Point = { basin: number; noiseScale: number };

export const SETTINGS = {
  /**
   * The η → 0 window of Q(η) = η·log(η E σ), as [η, cells]: from 0.05 (where the three-term series
   * fits the oracle's bounds with χ²/ν < 1) down to where the bound stays under MAX_POINT_ERROR.
   * Standard and full: 800 cells at η ≥ 0.04 (1600 there takes the iterative solver, whose bound at
   * η = 0.04 is useless: 5.8e2 on basin 4), 1600 below. Quick (basin 4 only): 800 cells down to 0.02
   * and 1200 at 0.0175: the check's exact solves cost about what the finite-η pair it replaced did (0.03 and
   * 0.02 at 1600 cells; 2.95 s against 2.68 s CPU on basin 4, timings vary ~10% between runs), with τ = 4.1% of S. Bounds, cells and CPU seconds:
   * fixtures/measurements/gaussian-limit.txt (`npm run measure:gaussian-limit`).
   */
  limit: {
    standard: [
      [0.05, 800],
      [0.04, 800],
      [0.03, 1600],
      [0.025, 1600],
      [0.02, 1600],
      [0.015, 1600],
      [0.0125, 1600],
    ] as ReadonlyArray<readonly [number, number]>,
    quick: [
      [0.05, 800],
      [0.04, 800],
      [0.03, 800],
      [0.025, 800],
      [0.02, 800],
      [0.0175, 1200],
    ] as ReadonlyArray<readonly [number, number]>,
    /** Powers of the correction series Q = S + a₁η + a₂η^{3/2} + a₃η² (module note). */
    powers: [1, 1.5, 2],
    /** A point is used when its relative bound is at most this (as the heavy-tailed limit sweeps). */
    maxPointError: MAX_POINT_ERROR,
  },
  /** Cells of the simulated step sizes' exact rows. */
  coarseCells: 800,
  /** The finite-η local slope shown beside the limit (the pair the check used to judge). */
  reportedPair: [0.03, 0.02],
  /**
   * Simulated where exits are affordable: the two ends of [0.05, 0.1] carry all the leverage of the
   * slope, and the exact chain is solved there too (the link compares slopes over the same η).
   */
  simulatedStepSizes: [0.1, 0.05],
  simulationShare: 0.8,
} as const;

const noiseOf = (sigma: number): NoiseSpec => ({ kind: 'gaussian', scale: sigma });
export const kramersOf = (p: Point, eta?: number) =>
  basinTheory(PAPER_LANDSCAPE, noiseOf(p.noiseScale), Infinity, p.basin, eta).kramers!;
const inverse = (eta: number) => 1 / eta;

/** The η → 0 window of a tier and the cells of each of its step sizes. */
export function gaussianLimitPlan(tier: Tier): { stepSizes: readonly number[]; cellsFor: (eta: number) => number } {
  const w = tier === 'quick' ? SETTINGS.limit.quick : SETTINGS.limit.standard;
  return {
    stepSizes: w.map(([eta]) => eta),
    cellsFor: (eta) => w.find(([e]) => e === eta)?.[1] ?? SETTINGS.coarseCells,
  };
}

/** Q(η) = η·log(η E σ) of an exact row and its bound η·log(1 + relative bound). */
export function etaLogPoint(r: ExactRow): { stepSize: number; value: number; error: number } {
  const rel = r.exactError / r.exactMean;
  return {
    stepSize: r.stepSize,
    value: r.stepSize * Math.log(r.stepSize * r.exactMean),
    error: r.stepSize * Math.log1p(rel),
  };
}

/** The η → 0 limit of Q(η) from exact rows: points over MAX_POINT_ERROR dropped, ≥ 6 kept or refused. */
export interface GaussianLimit {
  estimate: LimitEstimate | null;
  used: ExactRow[];
  dropped: number[];
  refused: string | null;
}

/** Extrapolates Q(η) over `rows` (module note); refuses with fewer than 6 usable points (no window shift). */
export function gaussianLimit(rows: readonly ExactRow[]): GaussianLimit {
  const ok = (r: ExactRow) => r.exactError / r.exactMean <= SETTINGS.limit.maxPointError;
  const used = rows.filter(ok);
  const dropped = rows.filter((r) => !ok(r)).map((r) => r.stepSize);
  if (used.length < 6)
    return {
      estimate: null,
      used,
      dropped,
      refused: `${used.length} exact points within ${SETTINGS.limit.maxPointError} (6 needed for the two-term fit and its window shift)`,
    };
  const estimate = extrapolateSeries(used.map(etaLogPoint), SETTINGS.limit.powers, { shift: true });
  return { estimate, used, dropped, refused: Number.isFinite(estimate.value) ? null : 'the fit is singular' };
}

/** The chain → theory link of a limit: met when |limit − predicted| ≤ z·e (z at `significance`), else rejected. */
export function gaussianLimitLink(
  lim: GaussianLimit,
  predicted: number,
  significance: number,
): { value: number; halfWidth: number; z: number; requirement: Requirement } {
  const z = linkZ(significance);
  const value = lim.estimate?.value ?? NaN;
  const halfWidth = lim.refused === null ? z * lim.estimate!.error : Infinity;
  const etas = lim.used.map((r) => r.stepSize);
  const requirement = limitRequirement(
    value,
    halfWidth,
    predicted,
    lim.refused,
    `limit of η·log(η E σ) ${value.toPrecision(5)} ± ${halfWidth.toPrecision(2)} (z = ${z.toFixed(2)} × e = ${lim.estimate?.error.toPrecision(2)}; η = ${etas[0]} … ${etas[etas.length - 1]}, ${lim.dropped.length} points over the error cap dropped) vs 2ΔU/σ² = ${predicted.toPrecision(5)}`,
  );
  return { value, halfWidth, z, requirement };
}

export async function runGaussianExponential(ctx: CheckContext<Point>): Promise<Observation> {
  const p = ctx.point;
  const noise = noiseOf(p.noiseScale);
  const S = ctx.prediction.value;
  const sig = linkSignificance(ctx.confidence);
  // Link 2, chain → theory: the η → 0 limit of Q(η) = η·log(η E σ) against S = 2ΔU/σ².
  const window = gaussianLimitPlan(ctx.tier);
  const rows = exactSweep(PAPER_LANDSCAPE, noise, Infinity, p.basin, window.stepSizes, window.cellsFor);
  const lim = gaussianLimit(rows);
  const { value, halfWidth, requirement: limitReq } = gaussianLimitLink(lim, S, sig.limit);
  const [e1, e2] = SETTINGS.reportedPair;
  const pairRows = [e1, e2].map((eta) => rows.find((r) => r.stepSize === eta));
  const pair = pairRows[0] && pairRows[1] ? exactSlope(pairRows[0], pairRows[1], inverse, etaMean) : null;
  const local = rows.slice(1).map((r, i) => exactSlope(rows[i], r, inverse, etaMean));
  ctx.progress(0.2);
  // Link 1, simulator → chain, at the step sizes the simulation affords (exits ~exp(2ΔU/(ησ²)) steps).
  const simCells = window.cellsFor;
  const simCtx = { ...ctx, timeBudgetSeconds: ctx.timeBudgetSeconds * SETTINGS.simulationShare };
  const opts = {
    landscape: PAPER_LANDSCAPE,
    noise,
    truncation: Infinity,
    basin: p.basin,
    stepSizes: SETTINGS.simulatedStepSizes,
    predictMeanSteps: (eta: number) => kramersOf(p, eta).meanExitSteps,
    minPoints: 2,
  };
  const plan = planExitScaling(simCtx, opts);
  const result = !plan || plan.feasible ? await runExitScaling(simCtx, opts) : null;
  const used = result?.points.filter((q) => q.events > 0) ?? [];
  // Slope of log(η·mean) on 1/η through fitLogLog: x = e^{1/η} has log x = 1/η exactly enough
  // for 1/η ≤ 700, and the known-variance weights (η·mean/SE)² are those of the means (= exits).
  const fit =
    used.length >= 2
      ? fitLogLog(
          used.map((q) => Math.exp(1 / q.stepSize)),
          used.map((q) => q.stepSize * q.mean),
          used.map((q) => (q.stepSize * q.mean) / Math.sqrt(q.events)),
          { confidence: ctx.confidence, variance: 'known' },
        )
      : null;
  const link = scalingLink(
    result,
    `simulation skipped: ${plan?.reason ?? 'no plan'}`,
    (etaList) => exactSweep(PAPER_LANDSCAPE, noise, Infinity, p.basin, etaList, simCells),
    sig.simulation,
    () => ({
      name: 'simulator → chain (slope)',
      simulated: { value: fit!.slope, standardError: fit!.slopeSe },
      exact: (rs, w) => exactSlopeWithWeights(rs, w, inverse, (r) => Math.log(r.stepSize * r.exactMean)),
      what: 'slope of log(η·mean) on 1/η',
    }),
  );
  const simulated: Record<string, unknown> = fit
    ? {
        ...link.details,
        ci: fit.ci,
        points: used.map((q) => ({
          stepSize: q.stepSize,
          mean: q.mean,
          ci: [...q.ci],
          chains: q.chains,
          censored: q.censored,
        })),
      }
    : link.details;
  const requirements = [limitReq, ...link.requirements];
  const simRows = exactSweep(PAPER_LANDSCAPE, noise, Infinity, p.basin, SETTINGS.simulatedStepSizes, simCells);
  return {
    estimate: value,
    ci: [value - halfWidth, value + halfWidth],
    requirements,
    details: {
      links: requirements.map((q) => ({ name: q.name, met: q.met, rejected: q.rejected ?? false, detail: q.detail })),
      observation: `η → 0 limit of η·log(η · exact mean exit steps), extrapolated as S + a₁η + a₂η^{3/2} + a₃η² over η = ${window.stepSizes.join(', ')}; interval ± z·e at half the check's significance`,
      threeNumbers: {
        simulatedSlope: simulated.slope ?? null,
        exactSlopeSameStepSizes: simulated.exactSameStepSizes ?? null,
        exactLimit: value,
        theory: S,
      },
      limit: {
        value,
        error: lim.estimate?.error ?? null,
        errorParts: lim.estimate?.errorParts ?? null,
        halfWidth,
        z: linkZ(sig.limit),
        powers: SETTINGS.limit.powers,
        fits: lim.estimate?.fits ?? [],
        used: lim.used.map((r) => r.stepSize),
        dropped: lim.dropped,
        refused: lim.refused,
      },
      exact: rows.map((r) => ({
        stepSize: r.stepSize,
        cells: r.cells,
        exact: r.exactMean,
        errorBound: r.exactError,
        etaLog: etaLogPoint(r).value,
        kramers: kramersOf(p, r.stepSize).meanExitSteps,
      })),
      exactLocalSlopes: local.map((s) => ({ from: s.from, to: s.to, slope: s.estimate, bound: [...s.ci] })),
      reportedFiniteEta: pair
        ? {
            what: `local slope of log(η E σ) on 1/η between η = ${e1} and ${e2} (reported, not judged: the limit is)`,
            slope: pair.estimate,
            bound: [...pair.ci],
          }
        : null,
      simulated,
    },
    plots: gaussianPlots(p, S, rows, simRows, lim, halfWidth, used),
  };
}

const etaMean = (r: { stepSize: number; exactMean: number }) => r.stepSize * r.exactMean;

/** The two plots: η·E σ against 1/η (simulated, exact, Kramers), and Q(η) with its fit and limit ± τ beside S. */
function gaussianPlots(
  p: Point,
  S: number,
  rows: readonly ExactRow[],
  simRows: readonly ExactRow[],
  lim: GaussianLimit,
  halfWidth: number,
  simPoints: ReadonlyArray<{ stepSize: number; mean: number; ci: readonly [number, number] }>,
): PlotSpec[] {
  const all = [...simRows, ...rows.filter((r) => !simRows.some((s) => s.stepSize === r.stepSize))].sort(
    (a, b) => b.stepSize - a.stepSize,
  );
  const simSeries = simPoints.map((q) => ({
    x: 1 / q.stepSize,
    y: q.stepSize * q.mean,
    lo: q.stepSize * q.ci[0],
    hi: q.stepSize * (Number.isFinite(q.ci[1]) ? q.ci[1] : q.mean),
  }));
  const plots: PlotSpec[] = [
    {
      kind: 'xy',
      title: `Gaussian noise σ = ${p.noiseScale}, basin ${p.basin}: η · mean exit steps against 1/η`,
      xLabel: '1/η',
      yLabel: 'η · mean exit steps',
      logY: true,
      series: [
        ...(simSeries.length
          ? [{ name: 'simulated (CI)', style: 'scatter' as const, role: 'observed' as const, points: simSeries }]
          : []),
        {
          name: 'exact finite-η chain',
          style: 'line',
          role: 'fitted',
          points: seriesOf(all, (r) => ({ x: 1 / r.stepSize, y: etaMean(r) })),
        },
        {
          name: `Kramers, slope 2ΔU/σ² = ${S.toFixed(4)}`,
          style: 'line',
          role: 'predicted',
          points: seriesOf(all, (r) => ({
            x: 1 / r.stepSize,
            y: r.stepSize * (kramersOf(p, r.stepSize).meanExitSteps ?? NaN),
          })),
        },
      ],
    },
  ];
  const limit = limitPlot(p, S, lim, halfWidth);
  if (limit) plots.push(limit);
  return plots;
}

/** Q(η) = η·log(η E σ): the exact points with their bounds, the three-term fit, and the limit ± τ at η = 0 beside S. */
function limitPlot(p: Point, S: number, lim: GaussianLimit, halfWidth: number): PlotSpec | null {
  const est = lim.estimate;
  if (!est || lim.refused !== null) return null;
  const c = est.fits[est.fits.length - 1].coefficients;
  const powers = SETTINGS.limit.powers;
  const etaMax = Math.max(...lim.used.map((r) => r.stepSize));
  const fitted = (eta: number) => c[0] + powers.reduce((sum, pw, k) => sum + c[k + 1] * Math.pow(eta, pw), 0);
  return {
    kind: 'xy',
    title: `Gaussian noise σ = ${p.noiseScale}, basin ${p.basin}: η·log(η E σ) → 2ΔU/σ² as η → 0`,
    xLabel: 'η',
    yLabel: 'η · log(η · mean exit steps)',
    series: [
      {
        name: 'exact chain (discretisation bound)',
        style: 'scatter',
        role: 'observed',
        points: seriesOf(lim.used, (r) => {
          const q = etaLogPoint(r);
          return { x: q.stepSize, y: q.value, lo: q.value - q.error, hi: q.value + q.error };
        }),
      },
      {
        name: 'fit S + a₁η + a₂η^{3/2} + a₃η²',
        style: 'line',
        role: 'fitted',
        points: Array.from({ length: 21 }, (_, i) => ({ x: (etaMax * i) / 20, y: fitted((etaMax * i) / 20) })),
      },
      {
        name: `limit ± τ = ${est.value.toFixed(4)} ± ${halfWidth.toPrecision(2)}`,
        style: 'scatter',
        role: 'fitted',
        points: [{ x: 0, y: est.value, lo: est.value - halfWidth, hi: est.value + halfWidth }],
      },
      {
        name: `2ΔU/σ² = ${S.toFixed(4)}`,
        style: 'line',
        role: 'predicted',
        points: [
          { x: 0, y: S },
          { x: etaMax, y: S },
        ],
      },
    ],
  };
}
