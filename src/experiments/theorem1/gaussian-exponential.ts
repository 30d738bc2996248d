/**
 * The experiment of `theorems/gaussian-exponential.ts` (its claim, tolerance and their reasons are there):
 * plan, simulate or solve, estimate, plot. Returns the check's observation.
 */
import type { NoiseSpec } from '../../model/types.ts';
import { fitLogLog } from '../../stats/loglog-regression.ts';
import { planExitScaling, runExitScaling } from '../exit-scaling.ts';
import type { CheckContext, Observation } from '../../verify/types.ts';
import { exactSlopeWithWeights, linkSignificance, scalingLink } from './links.ts';
import { PAPER_LANDSCAPE, basinTheory, exactSlope, exactSweep, seriesOf } from '../exact-sweep.ts';

export type Point = { basin: number; noiseScale: number };

export const SETTINGS = {
  exactStepSizes: [0.1, 0.05, 0.03, 0.02],
  asymptoticPair: [0.03, 0.02],
  /** Grid cells: 1600 at the judged pair (η ≤ 0.03, means ≥ 4·10⁵), 800 at η ≥ 0.05, where the exact error is far below the simulation's. */
  cells: 1600,
  coarseCells: 800,
  /**
   * Simulated where exits are affordable: the two ends of [0.05, 0.1] carry all the leverage of the
   * slope, and the exact chain is already solved there (the link compares slopes over the same η).
   */
  simulatedStepSizes: [0.1, 0.05],
  simulationShare: 0.8,
} as const;

const noiseOf = (sigma: number): NoiseSpec => ({ kind: 'gaussian', scale: sigma });
export const kramersOf = (p: Point, eta?: number) =>
  basinTheory(PAPER_LANDSCAPE, noiseOf(p.noiseScale), Infinity, p.basin, eta).kramers!;
const inverse = (eta: number) => 1 / eta;
const cellsFor = (eta: number) => (eta >= 0.05 ? SETTINGS.coarseCells : SETTINGS.cells);

export async function runGaussianExponential(ctx: CheckContext<Point>): Promise<Observation> {
  const p = ctx.point;
  const noise = noiseOf(p.noiseScale);
  const rows = exactSweep(PAPER_LANDSCAPE, noise, Infinity, p.basin, SETTINGS.exactStepSizes, cellsFor);
  const etaMean = (r: { stepSize: number; exactMean: number }) => r.stepSize * r.exactMean;
  const [e1, e2] = SETTINGS.asymptoticPair;
  const slope = exactSlope(
    rows.find((r) => r.stepSize === e1)!,
    rows.find((r) => r.stepSize === e2)!,
    inverse,
    etaMean,
  );
  const local = rows.slice(1).map((r, i) => exactSlope(rows[i], r, inverse, etaMean));
  ctx.progress(0.2);
  // Link 1, simulator → chain, at the step sizes the simulation affords (exits ~exp(2ΔU/(ησ²)) steps).
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
  const sig = linkSignificance(ctx.confidence);
  const link = scalingLink(
    result,
    `simulation skipped: ${plan?.reason ?? 'no plan'}`,
    (etas) => exactSweep(PAPER_LANDSCAPE, noise, Infinity, p.basin, etas, cellsFor),
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
  const simSeries = used.map((q) => ({
    x: 1 / q.stepSize,
    y: q.stepSize * q.mean,
    lo: q.stepSize * q.ci[0],
    hi: q.stepSize * (Number.isFinite(q.ci[1]) ? q.ci[1] : q.mean),
  }));
  return {
    estimate: slope.estimate,
    ci: slope.ci,
    requirements: link.requirements,
    details: {
      links: link.requirements.map((q) => ({
        name: q.name,
        met: q.met,
        rejected: q.rejected ?? false,
        detail: q.detail,
      })),
      observation: `local slope of log(η · exact mean) on 1/η between η = ${e1} and ${e2} (discretisation bound as interval)`,
      threeNumbers: {
        simulatedSlope: simulated.slope ?? null,
        exactAsymptoticSlope: slope.estimate,
        theory: ctx.prediction.value,
      },
      exact: rows.map((r) => ({
        stepSize: r.stepSize,
        exact: r.exactMean,
        errorBound: r.exactError,
        kramers: kramersOf(p, r.stepSize).meanExitSteps,
      })),
      exactLocalSlopes: local.map((s) => ({ from: s.from, to: s.to, slope: s.estimate, bound: [...s.ci] })),
      simulated,
    },
    plots: [
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
            points: seriesOf(rows, (r) => ({ x: 1 / r.stepSize, y: r.stepSize * r.exactMean })),
          },
          {
            name: `Kramers, slope 2ΔU/σ² = ${ctx.prediction.value.toFixed(4)}`,
            style: 'line',
            role: 'predicted',
            points: seriesOf(rows, (r) => ({
              x: 1 / r.stepSize,
              y: r.stepSize * (kramersOf(p, r.stepSize).meanExitSteps ?? NaN),
            })),
          },
        ],
      },
    ],
  };
}
