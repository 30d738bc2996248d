/**
 * Theorem 1, exit-time law: q_k λ_k(η) σ_k(η) ⇒ Exp(1) (ICLR 2022 §2.2, Theorem 1). Two parts:
 *
 * 1. Shape (the verdict). The limit law is exponential, whose coefficient of variation sd/mean is
 *    1 whatever its scale, so the check estimates the CV of simulated exit steps at the smallest η
 *    the budget affords (≥ 2000 chains) and compares it with the CV of the predicted law. CI:
 *    CV ± z·SE with the delta-method SE from the sample moments (for Exp, SE ≈ 1/√n). The KS test
 *    with the scale estimated (`ksExponentialTest`, Lilliefors-type table) is reported beside it.
 *    Why CV and not the KS p-value: a verdict needs an equivalence test of an estimate against a
 *    band; a p-value that fails to reject is not agreement (CONVENTIONS.md).
 *    Measured finite-η CV of the exact chain (second moment from `src/exact`): 0.998–1.000 at
 *    η ≤ 0.05 for b = ∞, 0.5, 0.28, so the law is exponential long before the scale is asymptotic.
 * 2. Scale (reported, issue 4 item 3). The ratio of the simulated mean to the predicted
 *    1/(q λ_k(η)), with its CI, next to the exact ratio over η down to 10⁻³: it shows how slowly
 *    the scale approaches the prediction (b = 0.5: 0.86 at η = 10⁻³; b = 0.28: 0.75), which is why
 *    the scale is not a verdict at affordable η (the order is, in `exit-time-order`).
 */
import { runExit } from '../src/sim/run-exit.ts';
import { estimateCensoredExponential } from '../src/stats/censored-exponential.ts';
import { ksExponentialTest } from '../src/stats/ks.ts';
import { twoSidedZ } from '../src/verify/budget.ts';
import { defineTheorem } from '../src/verify/define.ts';
import type { CheckContext, Observation } from '../src/verify/types.ts';
import { PAPER, PAPER_BASIN, PAPER_LANDSCAPE, PAPER_NOISE, basinTheory, exactAt, exactSweep, formatTruncation, landscapeOf, seriesOf, truncationOf } from './shared.ts';

type Point = { truncation: number | null };

const SETTINGS = {
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

async function run(ctx: CheckContext<Point>): Promise<Observation> {
  const b = truncationOf(ctx.point.truncation);
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const workers = ctx.workers ?? 2;
  const capacity = ctx.timeBudgetSeconds * speed * workers;
  const means = SETTINGS.stepSizes.map((eta) => ({ eta, mean: exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, eta, SETTINGS.cells).meanExitSteps }));
  const affordable = means.filter((m) => m.mean * SETTINGS.minChains <= capacity);
  const pick = affordable.length ? affordable[affordable.length - 1] : means[0];
  const chains = Math.max(SETTINGS.minChains, Math.min(SETTINGS.maxChains, Math.floor(capacity / pick.mean)));
  const r = await runExit(
    { landscape: landscapeOf(PAPER_LANDSCAPE), noise: PAPER_NOISE, truncation: b, stepSize: pick.eta, basin: PAPER_BASIN, chains, maxSteps: Math.ceil(SETTINGS.capFactor * pick.mean), seed: ctx.label.seed, path: ctx.label.path, workers },
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
      details: { stepSize: pick.eta, chains, censored: r.censored, cap: Math.ceil(SETTINGS.capFactor * pick.mean), note: `${r.censored} chains hit the cap of ${SETTINGS.capFactor}× the exact mean: the CV of a censored sample is not estimable` },
    };
  }
  const { cv, standardError } = coefficientOfVariation(r.exitSteps);
  const z = twoSidedZ(ctx.confidence);
  const ks = ksExponentialTest(r.exitSteps);
  const theory = basinTheory(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, pick.eta);
  const predictedMean = theory.predictedMeanExitSteps!;
  const mle = estimateCensoredExponential(r.exitSteps, r.censoredMask, { confidence: ctx.confidence, censoring: 'type-I' });
  const trend = exactSweep(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, SETTINGS.trendStepSizes, (eta) => (eta < 0.005 ? SETTINGS.fineCells : SETTINGS.cells));
  // Q–Q plot data: 1000 evenly spaced order statistics are enough to draw, and keep the report small.
  const sorted = Float64Array.from(r.exitSteps).sort();
  const keep = Math.min(1000, sorted.length);
  const scaled = Array.from({ length: keep }, (_, i) => sorted[Math.round(((i + 0.5) / keep) * sorted.length - 0.5)] / predictedMean);
  const ratio = { estimate: mle.mean / predictedMean, ci: [mle.ci[0] / predictedMean, mle.ci[1] / predictedMean] };
  return {
    estimate: cv,
    ci: [cv - z * standardError, cv + z * standardError],
    standardError,
    details: {
      stepSize: pick.eta,
      chains,
      ks: { statistic: ks.statistic, pValue: ks.pValue, method: ks.method },
      scaleRatio: { simulatedOverTheory: ratio.estimate, ci: ratio.ci, exactOverTheory: trend.find((t) => t.stepSize === pick.eta)?.ratio ?? null },
      exactTrend: trend.map((t) => ({ stepSize: t.stepSize, exactOverTheory: t.ratio, exactCv: t.coefficientOfVariation })),
      predictedMeanExitSteps: predictedMean,
    },
    plots: [
      { kind: 'qq', title: `q λ_k(η) σ at η = ${pick.eta}, b = ${formatTruncation(b)}, vs Exp(1) (scaled by the predicted mean)`, samples: scaled, xLabel: 'Exp(1) quantile', yLabel: 'q λ_k(η) σ' },
      {
        kind: 'xy',
        title: `scale: mean exit steps / predicted 1/(q λ_k(η)), b = ${formatTruncation(b)}`,
        xLabel: '1/η',
        yLabel: 'ratio to leading order',
        logX: true,
        series: [
          { name: 'simulated (CI)', style: 'scatter', role: 'observed', points: [{ x: 1 / pick.eta, y: ratio.estimate, lo: ratio.ci[0], hi: Number.isFinite(ratio.ci[1]) ? ratio.ci[1] : ratio.estimate }] },
          { name: 'exact finite-η chain', style: 'line', role: 'fitted', points: seriesOf(trend, (t) => (t.ratio === null ? null : { x: 1 / t.stepSize, y: t.ratio })) },
          { name: 'Theorem 1 limit', style: 'line', role: 'predicted', points: seriesOf(trend, (t) => ({ x: 1 / t.stepSize, y: 1 })) },
        ],
      },
    ],
  };
}

/** The limit law is Exp(1): CV of exit steps = 1 (verdict), scale ratio and its trend reported. */
export const exitTimeLaw = defineTheorem<Point>({
  id: 'exit-time-law',
  title: 'Scaled exit steps q_k λ_k(η) σ are Exp(1): exponential shape (CV = 1), scale approaching 1/(q λ_k(η))',
  source: { paper: PAPER, theorem: 'Theorem 1 (§2.2)', equation: 'q_k λ_k(η) σ_k(η) ⇒ Exp(1) (THEORY.md §5)' },
  hypotheses: [{ name: 'truncation', description: 'b (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1', values: [null, 0.5, 0.28] }],
  predictor: {
    name: 'theory.theoryReport',
    // The CV of the predicted law Exp(mean 1/(q λ_k(η))): sd/mean of an exponential, computed from
    // the theory's mean rather than typed, so a theory that predicted no exit (q = 0) fails loudly.
    compute: (p) => {
      const m = basinTheory(PAPER_LANDSCAPE, PAPER_NOISE, truncationOf(p.truncation), PAPER_BASIN, 0.01).predictedMeanExitSteps;
      if (!(m !== null && m !== undefined && m > 0 && Number.isFinite(m))) throw new Error('theory predicts no finite mean exit time');
      const sd = m; // Exp(θ): sd = θ
      return { value: sd / m, details: { law: 'Exp(1) after scaling by q λ_k(η)', predictedMeanAtEta0_01: m } };
    },
  },
  plan: {
    description: 'runExit at the smallest η in {0.1, …, 0.005} affording ≥ 2000 chains, cap 40× the exact mean; CV with delta-method CI; KS (scale estimated) and scale ratio with exact trend reported',
    points: {
      quick: [{ truncation: 0.5 }],
      standard: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
      full: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
    },
    settings: SETTINGS,
  },
  test: { name: 'coefficient of variation of simulated exit steps (delta-method CI); KS exponentiality and scale ratio reported', run },
  tolerance: {
    value: 0.1,
    scale: 'absolute',
    reason:
      'the exact finite-η CV is within 0.002 of 1 at η ≤ 0.05 (b = ∞, 0.5, 0.28), so the band carries no measured bias; 0.1 is what ≥ 2000 chains resolve at the Bonferroni confidence (z/√n ≈ 0.09), and a non-exponential law (e.g. a sum of two exponential phases, CV ≈ 0.7) falls outside',
  },
  budgetShare: 1,
});
