/**
 * The experiment of `theorems/exit-time-law.ts` (its claim, tolerance and their reasons are there):
 * plan, simulate or solve, estimate, plot. Returns the check's observation.
 */
import { formatTruncation } from '../../core/format.ts';
import { runExit } from '../../sim/run-exit.ts';
import { estimateCensoredExponential } from '../../stats/censored-exponential.ts';
import { ksExponentialTest } from '../../stats/ks.ts';
import { twoSidedZ } from '../../stats/normal.ts';
import type { CheckContext, Observation } from '../../verify/types.ts';
import {
  PAPER_BASIN,
  PAPER_LANDSCAPE,
  PAPER_NOISE,
  basinTheory,
  exactAt,
  exactSweep,
  landscapeOf,
  seriesOf,
  truncationOf,
} from '../exact-sweep.ts';

export type Point = { truncation: number | null };

export const SETTINGS = {
  /** Candidates, largest first; the smallest one affording `minChains` chains is used. */
  stepSizes: [0.1, 0.05, 0.02, 0.01, 0.005],
  minChains: 2000,
  maxChains: 20_000,
  /** Cap as a multiple of the exact mean (censoring probability e^{−40}). */
  capFactor: 40,
  /** Exact ratios (trend of the scale) down to η = 10⁻³. */
  trendStepSizes: [0.1, 0.05, 0.02, 0.01, 0.004, 0.001],
  cells: 800,
  fineCells: 1600,
} as const;

/** Sample CV and its delta-method standard error (from the sample's second to fourth moments). */
export function coefficientOfVariation(x: ArrayLike<number>): { cv: number; standardError: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const s = Math.sqrt(m2);
  const cv = s / m;
  // CV = g(mean, variance) = √v/μ; Var ≈ (1/n)[v/μ⁴·v ... ] written out: ∇g = (−√v/μ², 1/(2μ√v)),
  // Cov(x̄, s²) = μ₃/n, Var(s²) = (μ₄ − v²)/n.
  const gm = -s / (m * m);
  const gv = 1 / (2 * m * s);
  const variance = (gm * gm * m2 + 2 * gm * gv * m3 + gv * gv * (m4 - m2 * m2)) / n;
  return { cv, standardError: Math.sqrt(Math.max(variance, 0)) };
}

export async function runExitTimeLaw(ctx: CheckContext<Point>): Promise<Observation> {
  const b = truncationOf(ctx.point.truncation);
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const workers = ctx.workers ?? 2;
  const capacity = ctx.timeBudgetSeconds * speed * workers;
  const means = SETTINGS.stepSizes.map((eta) => ({
    eta,
    mean: exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, eta, SETTINGS.cells).meanExitSteps,
  }));
  const affordable = means.filter((m) => m.mean * SETTINGS.minChains <= capacity);
  const pick = affordable.length ? affordable[affordable.length - 1] : means[0];
  const chains = Math.max(SETTINGS.minChains, Math.min(SETTINGS.maxChains, Math.floor(capacity / pick.mean)));
  const r = await runExit(
    {
      engine: ctx.engine,
      landscape: landscapeOf(PAPER_LANDSCAPE),
      noise: PAPER_NOISE,
      truncation: b,
      stepSize: pick.eta,
      basin: PAPER_BASIN,
      chains,
      maxSteps: Math.ceil(SETTINGS.capFactor * pick.mean),
      seed: ctx.label.seed,
      path: ctx.label.path,
      workers,
    },
    { onProgress: (done, total) => ctx.progress(done / total) },
  );
  if (r.censored > 0) {
    // Under the exact chain a chain outlives 40 exact means with probability ≈ e^−40, so censored
    // chains mean a simulator whose exits are far slower than the chain's: simulator-exact judges
    // that. The CV of a censored sample is not estimable, so this check says so (an unbounded
    // interval: inconclusive) instead of erroring or guessing.
    return {
      estimate: Number.NaN,
      ci: [-Infinity, Infinity],
      details: {
        stepSize: pick.eta,
        chains,
        censored: r.censored,
        cap: Math.ceil(SETTINGS.capFactor * pick.mean),
        note: `${r.censored} chains hit the cap of ${SETTINGS.capFactor}× the exact mean: the CV of a censored sample is not estimable`,
      },
    };
  }
  const { cv, standardError } = coefficientOfVariation(r.exitSteps);
  const z = twoSidedZ(ctx.confidence);
  const ks = ksExponentialTest(r.exitSteps);
  const theory = basinTheory(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, pick.eta);
  const predictedMean = theory.predictedMeanExitSteps!;
  const mle = estimateCensoredExponential(r.exitSteps, r.censoredMask, {
    confidence: ctx.confidence,
    censoring: 'type-I',
  });
  const trend = exactSweep(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, SETTINGS.trendStepSizes, (eta) =>
    eta < 0.005 ? SETTINGS.fineCells : SETTINGS.cells,
  );
  // Q–Q plot data: 1000 evenly spaced order statistics are enough to draw, and keep the report small.
  const sorted = Float64Array.from(r.exitSteps).sort();
  const keep = Math.min(1000, sorted.length);
  const scaled = Array.from(
    { length: keep },
    (_, i) => sorted[Math.round(((i + 0.5) / keep) * sorted.length - 0.5)] / predictedMean,
  );
  const ratio = { estimate: mle.mean / predictedMean, ci: [mle.ci[0] / predictedMean, mle.ci[1] / predictedMean] };
  return {
    estimate: cv,
    ci: [cv - z * standardError, cv + z * standardError],
    standardError,
    details: {
      stepSize: pick.eta,
      chains,
      ks: { statistic: ks.statistic, pValue: ks.pValue, method: ks.method },
      scaleRatio: {
        simulatedOverTheory: ratio.estimate,
        ci: ratio.ci,
        exactOverTheory: trend.find((t) => t.stepSize === pick.eta)?.ratio ?? null,
      },
      exactTrend: trend.map((t) => ({
        stepSize: t.stepSize,
        exactOverTheory: t.ratio,
        exactCv: t.coefficientOfVariation,
      })),
      predictedMeanExitSteps: predictedMean,
    },
    plots: [
      {
        kind: 'qq',
        title: `q λ_k(η) σ at η = ${pick.eta}, b = ${formatTruncation(b)}, vs Exp(1) (scaled by the predicted mean)`,
        samples: scaled,
        xLabel: 'Exp(1) quantile',
        yLabel: 'q λ_k(η) σ',
      },
      {
        kind: 'xy',
        title: `scale: mean exit steps / predicted 1/(q λ_k(η)), b = ${formatTruncation(b)}`,
        xLabel: '1/η',
        yLabel: 'ratio to leading order',
        logX: true,
        series: [
          {
            name: 'simulated (CI)',
            style: 'scatter',
            role: 'observed',
            points: [
              {
                x: 1 / pick.eta,
                y: ratio.estimate,
                lo: ratio.ci[0],
                hi: Number.isFinite(ratio.ci[1]) ? ratio.ci[1] : ratio.estimate,
              },
            ],
          },
          {
            name: 'exact finite-η chain',
            style: 'line',
            role: 'fitted',
            points: seriesOf(trend, (t) => (t.ratio === null ? null : { x: 1 / t.stepSize, y: t.ratio })),
          },
          {
            name: 'Theorem 1 limit',
            style: 'line',
            role: 'predicted',
            points: seriesOf(trend, (t) => ({ x: 1 / t.stepSize, y: 1 })),
          },
        ],
      },
    ],
  };
}
