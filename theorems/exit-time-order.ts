/**
 * Theorem 1, exit-time order: E σ_k(η) ≍ η^{−γ} steps with γ = 1 + l*(α − 1) (ICLR 2022 §2.2,
 * Theorem 1, with λ_k(η) = η·λ(η)^{l*}, λ(η) = H(1/η)/η; THEORY.md §5 for the Pareto-tail form).
 *
 * Finite-η bias (issue 4 item 5) and how the check handles it. On the paper's landscape the
 * log-log slope of the mean exit steps at affordable η (≥ 0.01 for b = 0.5) is biased low
 * (1.30–1.36 for γ = 1.4 on [0.01, 0.1]; 1.50–1.57 for γ = 1.6): the corrections decay like η^{α−1} = η^{0.2}.
 * So the verdict is taken where the chain is nearly asymptotic, on the exact finite-η oracle:
 *   observed = local slope of the exact mean exit steps between η = 4·10⁻³ and 10⁻³ (settings),
 *   with the discretisation error bound as its interval.
 * Measured (exact, 1600 cells, src/exact as of 3a3a85d): local slopes on [10⁻³, 4·10⁻³] are 1.2044
 * ± 0.0003 (b = ∞, γ = 1.2), 1.4085 ± 0.003 (b = 0.5, γ = 1.4) and 1.622 ± 0.013 (b = 0.28,
 * γ = 1.6), and between 5·10⁻⁴ and 10⁻³: 1.2043, 1.414 and 1.625 ± 0.05. The slopes overshoot γ
 * slightly before settling, as THEORY.md §5 warns; the overshoot (≤ 0.025)
 * itself decays like η^{0.2}, so it cannot be removed by going a little smaller. The tolerance is
 * 0.05: twice the largest measured overshoot, and a third of the 0.15 error the check must catch
 * (an exponent off by ≥ 0.15 has its band [γ' − 0.05, γ' + 0.05] at ≥ 0.078 from every measured
 * slope, farther than the ≤ 0.013 interval half-widths).
 *
 * The simulated fit at affordable η (the planner's choice within the check's time budget) is shown
 * next to the exact finite-η slope over the same step sizes and to γ: three numbers side by side
 * (issue 7 item 5). Whether the simulator IS that chain is the `simulator-exact` check.
 */
import { fitLogLog } from '../src/stats/loglog-regression.ts';
import { planExitScaling, runExitScaling, type ExitScalingResult } from '../src/experiments/exit-scaling.ts';
import { defineTheorem } from '../src/verify/define.ts';
import type { CheckContext, Observation, PlotSpec } from '../src/verify/types.ts';
import {
  PAPER, PAPER_BASIN, PAPER_LANDSCAPE, PAPER_NOISE, basinTheory, exactLocalSlopes, exactSlope, exactSweep,
  formatTruncation, logInverse, seriesOf, truncationOf,
} from './shared.ts';

type Point = { truncation: number | null };

/** Settings of the check (serialised into the report). */
const SETTINGS = {
  /** Exact step sizes: the trend from the simulated range down to the asymptotic pair. */
  exactStepSizes: [0.1, 0.05, 0.02, 0.01, 0.004, 0.001],
  /** The pair whose local slope is the observation. */
  asymptoticPair: [0.004, 0.001],
  /** Grid cells: 1600 below η = 5·10⁻³ (error bounds ≤ 1.6% of the mean), 800 above. */
  fineCells: 1600,
  coarseCells: 800,
  /** Candidates for the simulated fit (the planner keeps what the budget affords). */
  simulatedStepSizes: [0.1, 0.05, 0.02, 0.01, 0.005, 0.002],
  /** Share of the check's time budget given to the simulation (the exact part costs ~2 s CPU per b). */
  simulationShare: 0.8,
} as const;

const cellsFor = (eta: number) => (eta < 0.005 ? SETTINGS.fineCells : SETTINGS.coarseCells);

/**
 * The simulated side: the planned experiment of `runExitScaling` when the budget affords ≥ 3 step
 * sizes, else null (with the plan's reason) rather than overrunning the budget.
 */
export async function simulatedOrder(
  ctx: CheckContext,
  truncation: number,
  stepSizes: readonly number[],
  share: number,
  extra: { noise?: typeof PAPER_NOISE; landscape?: typeof PAPER_LANDSCAPE; basin?: number } = {},
): Promise<{ result: ExitScalingResult | null; reason: string }> {
  const simCtx = { ...ctx, timeBudgetSeconds: ctx.timeBudgetSeconds * share };
  const opts = { landscape: extra.landscape ?? PAPER_LANDSCAPE, noise: extra.noise ?? PAPER_NOISE, truncation, basin: extra.basin ?? PAPER_BASIN, stepSizes };
  const plan = planExitScaling(simCtx, opts);
  if (plan && !plan.feasible) return { result: null, reason: `simulation skipped: ${plan.reason}` };
  return { result: await runExitScaling(simCtx, opts), reason: plan?.reason ?? 'planned from a pilot run' };
}

async function run(ctx: CheckContext<Point>): Promise<Observation> {
  const b = truncationOf(ctx.point.truncation);
  const gamma = ctx.prediction.value;
  const rows = exactSweep(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, SETTINGS.exactStepSizes, cellsFor);
  const [hiEta, loEta] = SETTINGS.asymptoticPair;
  const a = rows.find((r) => r.stepSize === hiEta)!;
  const z = rows.find((r) => r.stepSize === loEta)!;
  const asymptotic = exactSlope(a, z, logInverse);
  const local = exactLocalSlopes(rows);
  ctx.progress(0.1);

  const sim = await simulatedOrder(ctx, b, SETTINGS.simulatedStepSizes, SETTINGS.simulationShare);
  let simulated: Record<string, unknown> = { skipped: sim.reason };
  const plots: PlotSpec[] = [];
  const simPoints = sim.result?.points.filter((p) => p.events > 0) ?? [];
  if (sim.result) {
    // The exact chain at the simulated step sizes: what the simulated fit should reproduce.
    const same = exactSweep(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, simPoints.map((p) => p.stepSize), cellsFor);
    const exactFit = same.length >= 2 ? fitLogLog(same.map((r) => r.stepSize), same.map((r) => r.exactMean)) : null;
    simulated = {
      order: sim.result.order.estimate,
      ci: [...sim.result.order.ci],
      exactOrderSameStepSizes: exactFit ? -exactFit.slope : null,
      stepSizes: simPoints.map((p) => p.stepSize),
      plan: sim.result.observation.details?.plan,
      sideBySide: simPoints.map((p) => {
        const e = same.find((r) => r.stepSize === p.stepSize)!;
        return { stepSize: p.stepSize, simulated: p.mean, simulatedCi: [...p.ci], chains: p.chains, censored: p.censored, exact: e.exactMean, theory: e.theoryMean };
      }),
    };
  }
  plots.push({
    kind: 'xy',
    title: `Theorem 1 exit order, paper landscape, basin ${PAPER_BASIN}, b = ${formatTruncation(b)}: mean exit steps`,
    xLabel: '1/η',
    yLabel: 'mean exit steps',
    logX: true,
    logY: true,
    series: [
      ...(simPoints.length
        ? [
            { name: 'simulated (censored-exp. MLE, CI)', style: 'band' as const, role: 'observed' as const, points: simPoints.map((p) => ({ x: 1 / p.stepSize, y: p.mean, lo: p.ci[0], hi: Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean })) },
            { name: `simulated, fit γ̂ = ${sim.result!.order.estimate.toFixed(3)}`, style: 'scatter' as const, role: 'observed' as const, points: simPoints.map((p) => ({ x: 1 / p.stepSize, y: p.mean, lo: p.ci[0], hi: Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean })) },
          ]
        : []),
      { name: 'exact finite-η chain', style: 'line', role: 'fitted', points: seriesOf(rows, (r) => ({ x: 1 / r.stepSize, y: r.exactMean })) },
      { name: `leading order 1/(q λ_k(η)), γ = ${gamma.toFixed(3)}`, style: 'line', role: 'predicted', points: seriesOf(rows, (r) => (r.theoryMean === null ? null : { x: 1 / r.stepSize, y: r.theoryMean })) },
    ],
  });
  plots.push({
    kind: 'xy',
    title: `local slopes of the exact means vs γ = ${gamma.toFixed(3)} (b = ${formatTruncation(b)})`,
    xLabel: '1/η (pair midpoint)',
    yLabel: 'local order −d log E σ / d log η',
    logX: true,
    series: [
      { name: 'exact local slope (bound)', style: 'scatter', role: 'observed', points: local.map((s) => ({ x: 1 / Math.sqrt(s.from * s.to), y: s.estimate, lo: s.ci[0], hi: s.ci[1] })) },
      { name: 'γ = 1 + l*(α − 1)', style: 'line', role: 'predicted', points: local.map((s) => ({ x: 1 / Math.sqrt(s.from * s.to), y: gamma })) },
    ],
  });
  // Issue 7: how far the leading-order theory is from the finite-η truth, and how fast the gap closes.
  plots.push({
    kind: 'xy',
    title: `exact / leading-order mean exit steps vs η (b = ${formatTruncation(b)})`,
    xLabel: '1/η',
    yLabel: 'E σ exact / 1/(q λ_k(η))',
    logX: true,
    series: [
      {
        name: 'exact / leading order (discretisation bound)',
        style: 'scatter',
        role: 'observed',
        points: seriesOf(rows, (r) =>
          r.theoryMean === null ? null : { x: 1 / r.stepSize, y: r.exactMean / r.theoryMean, lo: (r.exactMean - r.exactError) / r.theoryMean, hi: (r.exactMean + r.exactError) / r.theoryMean },
        ),
      },
      { name: 'ratio 1', style: 'line', role: 'predicted', points: seriesOf(rows, (r) => ({ x: 1 / r.stepSize, y: 1 })) },
    ],
  });
  if (sim.result) plots.push(...sim.result.plots.filter((p) => p.kind === 'qq'));
  ctx.progress(1);
  return {
    estimate: asymptotic.estimate,
    ci: asymptotic.ci,
    details: {
      observation: `local slope of exact mean exit steps between η = ${hiEta} and ${loEta} (discretisation bound as interval)`,
      threeNumbers: {
        simulatedOrder: sim.result ? sim.result.order.estimate : null,
        exactOrderSameStepSizes: simulated.exactOrderSameStepSizes ?? null,
        exactAsymptoticSlope: asymptotic.estimate,
        theory: gamma,
      },
      exact: rows.map((r) => ({ stepSize: r.stepSize, cells: r.cells, exact: r.exactMean, errorBound: r.exactError, theory: r.theoryMean, exactOverTheory: r.ratio })),
      exactLocalSlopes: local.map((s) => ({ from: s.from, to: s.to, order: s.estimate, bound: [...s.ci] })),
      simulated,
    },
    plots,
  };
}

/** γ = 1 + l*(α − 1) on the paper's basin 2 from `theoryReport` (b = null: no clipping, γ = α). */
export const exitTimeOrder = defineTheorem<Point>({
  id: 'exit-time-order',
  title: 'Mean exit steps scale as η^{−γ}, γ = 1 + l*(α − 1) (clipped heavy-tailed SGD)',
  source: { paper: PAPER, theorem: 'Theorem 1 (§2.2)', equation: 'q_k λ_k(η) σ_k(η) ⇒ Exp(1), λ_k(η) = η λ(η)^{l*}; Pareto tails: E σ ≈ η^{−γ}/(q C^{l*}), γ = 1 + l*(α − 1) (THEORY.md §5)' },
  hypotheses: [{ name: 'truncation', description: 'truncation threshold b of the whole step (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1', values: [null, 0.5, 0.28], unit: 'x units' }],
  predictor: {
    name: 'theory.exitExponent',
    compute: (p) => {
      const r = basinTheory(PAPER_LANDSCAPE, PAPER_NOISE, truncationOf(p.truncation), PAPER_BASIN);
      return { value: r.exitExponent!, details: { jumpsNeeded: r.jumpsNeeded, radius: r.radius, exitRate: r.exitRate } };
    },
  },
  plan: {
    description: 'exact finite-η means (src/exact) on η = 0.1 … 0.001; observation = local slope on [0.001, 0.004]; simulated fit at the affordable η shown beside it',
    points: {
      quick: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
      standard: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
      full: [{ truncation: null }, { truncation: 0.5 }, { truncation: 0.28 }],
    },
    settings: SETTINGS,
  },
  test: { name: 'local slope of exact finite-η mean exit steps at η ∈ [0.001, 0.004] (discretisation bound); simulated weighted log-log fit reported beside it', run },
  tolerance: {
    value: 0.05,
    scale: 'absolute',
    reason:
      'finite-η bias measured on the exact chain (1600 cells): local slopes on [0.001, 0.004] exceed γ by 0.004 (b = ∞), 0.009 (b = 0.5), 0.022 (b = 0.28), and by up to 0.025 on [5e-4, 1e-3]; the overshoot decays like η^{α−1}. 0.05 is 2× the largest and a third of the 0.15 error the check must catch.',
  },
  budgetShare: 2,
});
