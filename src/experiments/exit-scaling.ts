/**
 * A ready experiment for exit-time checks (wave 2's exit-time-order, untruncated-order, ...):
 * predicted means from `src/theory` → planner (step sizes, chains, step cap within the check's time
 * budget, using a measured kernel speed) → `runExit` on every step size, each on its own labelled
 * stream → censored-exponential MLE of the mean (capped chains censored, never dropped) → weighted
 * log-log fit of mean exit steps against η with local slopes → an `Observation` of the exit order
 * γ with the log-log and Q–Q plots.
 *
 * The fit is of log E σ = a + γ log(1/η): Var(log θ̂) ≈ 1/events for the exponential MLE, so the
 * weights are known inverse variances. Finite-η bias (THEORY.md §5) is not removed here; the
 * declaration's tolerance must carry it, with its reason, or use the smallest-η local slope.
 */
import { performance } from 'node:perf_hooks';
import { invalidOption } from '../core/errors.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';
import { forkLabel } from '../rng/seeds.ts';
import { runExit } from '../sim/run-exit.ts';
import { estimateCensoredExponential } from '../stats/censored-exponential.ts';
import { fitLogLog, localSlopes, type LocalSlope, type LogLogResult } from '../stats/loglog-regression.ts';
import { theoryReport } from '../theory/index.ts';
import { planExperiment, type ExperimentPlanResult } from '../verify/planner.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

/** Options of `runExitScaling`. */
export interface ExitScalingOptions {
  readonly landscape: LandscapeSpec;
  readonly noise: NoiseSpec;
  /** b (Infinity: no clipping). */
  readonly truncation: number;
  /** 1-based basin the chains start in (at its minimum). */
  readonly basin: number;
  /** Candidate step sizes; the planner keeps the ones the budget affords. */
  readonly stepSizes: readonly number[];
  /** Worker threads for `runExit`. @default 2 */
  readonly workers?: number;
  /**
   * Kernel speed (steps/s per worker) to plan with. @default `ctx.kernelStepsPerSecond` (the
   * tier's pinned speed: the plan, hence the check, is then identical on every machine); measured
   * by a short pilot run when neither is given (faster plans, but not reproducible across machines).
   */
  readonly stepsPerSecond?: number;
  /** Passed to the planner. @default 200 */
  readonly minChains?: number;
  /** Passed to the planner. @default 20000 */
  readonly maxChains?: number;
  /** Passed to the planner. @default 3 */
  readonly minPoints?: number;
  /** Passed to the planner (absolute step cap). @default 5e7 (the paper's cap) */
  readonly maxStepCap?: number;
  /**
   * Predicted mean exit steps at a step size, used only to plan (step caps, chains). @default the
   * Theorem 1 mean 1/(q_k λ_k(η)) of `theoryReport`; light-tailed checks pass the Kramers mean.
   */
  readonly predictMeanSteps?: (stepSize: number) => number | null;
}

/** One step size of the experiment. */
export interface ExitScalingPoint {
  readonly stepSize: number;
  readonly predictedMeanSteps: number;
  readonly chains: number;
  readonly stepCap: number;
  /** Censored-exponential MLE of the mean exit steps and its CI at the check's confidence. */
  readonly mean: number;
  readonly ci: readonly [number, number];
  readonly events: number;
  readonly censored: number;
  /** P(exit to the left | exited): the exit side of the chains that left (censored ones have none). */
  readonly exitedLeft: number;
  readonly seconds: number;
  readonly path: string;
}

/** The experiment's outcome. */
export interface ExitScalingResult {
  readonly plan: ExperimentPlanResult;
  readonly stepsPerSecond: number;
  readonly points: readonly ExitScalingPoint[];
  /** Fit of log mean on log η (slope = −γ). */
  readonly fit: LogLogResult;
  /** Observed order γ̂ = −slope with its CI at the check's confidence. */
  readonly order: { readonly estimate: number; readonly ci: readonly [number, number]; readonly standardError: number };
  readonly localSlopes: readonly LocalSlope[];
  /** Exit steps at the smallest step size divided by their MLE mean (for a Q–Q plot against Exp(1)). */
  readonly scaledExitSteps: readonly number[];
  readonly plots: readonly PlotSpec[];
  /** The exit order as a check's observation (details carry the per-η table). */
  readonly observation: Observation;
}

/** Candidate step sizes with their predicted means (theory's, or `options.predictMeanSteps`). */
function exitScalingCandidates(options: ExitScalingOptions): { stepSize: number; predictedMeanSteps: number }[] {
  const landscape = resolveLandscape(options.landscape);
  const law = createNoiseLaw(options.noise);
  const k = options.basin;
  return options.stepSizes.map((stepSize) => {
    const m = options.predictMeanSteps
      ? options.predictMeanSteps(stepSize)
      : theoryReport(landscape, law, options.truncation, stepSize).basins[k - 1]?.predictedMeanExitSteps;
    if (m === undefined || m === null || !(m > 0) || !Number.isFinite(m)) {
      throw invalidOption(
        'runExitScaling',
        'stepSizes',
        `step sizes at which theory predicts a finite mean exit from basin ${k}`,
        stepSize,
      );
    }
    return { stepSize, predictedMeanSteps: m };
  });
}

function planFor(
  options: ExitScalingOptions,
  candidates: { stepSize: number; predictedMeanSteps: number }[],
  speed: number,
  workers: number,
  budget: number,
  overhead: number,
): ExperimentPlanResult {
  return planExperiment({
    candidates,
    stepsPerSecond: speed,
    cores: workers,
    timeBudgetSeconds: budget,
    minChains: options.minChains ?? 200,
    maxChains: options.maxChains ?? 20_000,
    minPoints: options.minPoints ?? 3,
    maxStepCap: options.maxStepCap ?? 5e7,
    overheadSecondsPerPoint: overhead,
  });
}

/**
 * The plan `runExitScaling` would follow with a pinned kernel speed (`options.stepsPerSecond` or
 * `ctx.kernelStepsPerSecond`), without running anything: callers use it to skip a simulation the
 * budget cannot afford (`feasible: false`) instead of overrunning. Null when no speed is pinned
 * (the plan would then depend on a pilot run).
 * @throws InputError as `runExitScaling`.
 */
export function planExitScaling(
  ctx: Pick<CheckContext, 'timeBudgetSeconds' | 'kernelStepsPerSecond' | 'workers'>,
  options: ExitScalingOptions,
): ExperimentPlanResult | null {
  const speed = options.stepsPerSecond ?? ctx.kernelStepsPerSecond;
  if (speed === undefined) return null;
  return planFor(
    options,
    exitScalingCandidates(options),
    speed,
    options.workers ?? ctx.workers ?? 2,
    Math.max(0.1, ctx.timeBudgetSeconds),
    0,
  );
}

/**
 * Runs a planned exit-time scaling experiment for one check (see the module comment).
 * @throws InputError for bad options (from the planner, the simulator or the theory engine), or
 *   when the theory predicts no exit (q = 0) at this point.
 */
export async function runExitScaling(ctx: CheckContext, options: ExitScalingOptions): Promise<ExitScalingResult> {
  const landscape = resolveLandscape(options.landscape);
  const workers = options.workers ?? ctx.workers ?? 2;
  const k = options.basin;
  const candidates = exitScalingCandidates(options);
  const t0 = performance.now();
  let speed = options.stepsPerSecond ?? ctx.kernelStepsPerSecond;
  let overhead = 0;
  if (speed === undefined) {
    // Pilot at the cheapest step size. A tiny warm-up run first starts the workers and builds the
    // kernel; its wall time is the per-run overhead. The timed pilot (~2e6 steps) gives the speed.
    const cheapest = candidates.reduce((a, b) => (a.predictedMeanSteps < b.predictedMeanSteps ? a : b));
    const pilotRun = (chains: number, label: string) =>
      runExit({
        engine: ctx.engine,
        landscape,
        noise: options.noise,
        truncation: options.truncation,
        stepSize: cheapest.stepSize,
        basin: k,
        chains,
        maxSteps: Math.ceil(6 * cheapest.predictedMeanSteps),
        seed: ctx.label.seed,
        path: forkLabel(ctx.label, label).path,
        workers,
      });
    await pilotRun(workers, 'warm-up');
    const tw = performance.now();
    await pilotRun(workers, 'overhead');
    overhead = (performance.now() - tw) / 1000;
    const pilot = await pilotRun(
      Math.max(workers * 8, Math.min(20_000, Math.ceil(2e6 / cheapest.predictedMeanSteps))),
      'pilot',
    );
    speed = pilot.totalSteps / Math.max(pilot.seconds - overhead, 1e-3) / workers;
  }
  const pilotSeconds = (performance.now() - t0) / 1000;
  const plan = planFor(
    options,
    candidates,
    speed,
    workers,
    Math.max(0.1, ctx.timeBudgetSeconds - pilotSeconds),
    overhead,
  );
  const points: ExitScalingPoint[] = [];
  let smallest: Float64Array | null = null;
  let smallestMask: Uint8Array | null = null;
  for (const [i, p] of plan.points.entries()) {
    const path = forkLabel(ctx.label, `eta=${p.stepSize}`).path;
    const r = await runExit(
      {
        engine: ctx.engine,
        landscape,
        noise: options.noise,
        truncation: options.truncation,
        stepSize: p.stepSize,
        basin: k,
        chains: p.chains,
        maxSteps: p.stepCap,
        seed: ctx.label.seed,
        path,
        workers,
      },
      { onProgress: (done, total) => ctx.progress((i + done / total) / plan.points.length) },
    );
    const mle = estimateCensoredExponential(r.exitSteps, r.censoredMask, {
      confidence: ctx.confidence,
      censoring: 'type-I',
    });
    points.push({
      stepSize: p.stepSize,
      predictedMeanSteps: p.predictedMeanSteps,
      chains: p.chains,
      stepCap: p.stepCap,
      mean: mle.mean,
      ci: mle.ci,
      events: mle.events,
      censored: mle.censored,
      exitedLeft: mle.events > 0 ? (r.exitedLeft * p.chains) / mle.events : NaN,
      seconds: r.seconds,
      path,
    });
    if (i === plan.points.length - 1) {
      smallest = r.exitSteps;
      smallestMask = r.censoredMask;
    }
  }
  const usable = points.filter((p) => p.events > 0);
  const xs = usable.map((p) => p.stepSize);
  const ys = usable.map((p) => p.mean);
  const ses = usable.map((p) => p.mean / Math.sqrt(p.events)); // Var(log θ̂) ≈ 1/D
  const fit = fitLogLog(xs, ys, ses, { confidence: ctx.confidence, variance: 'known' });
  const slopes = localSlopes(xs, ys, ses, { confidence: ctx.confidence });
  const order = { estimate: -fit.slope, ci: [-fit.ci[1], -fit.ci[0]] as const, standardError: fit.slopeSe };
  const last = usable[usable.length - 1];
  const scaled: number[] = [];
  if (smallest && smallestMask && last)
    for (let i = 0; i < smallest.length; i++) if (!smallestMask[i]) scaled.push(smallest[i] / last.mean);
  const plots = exitScalingPlots(k, options.truncation, usable, order.estimate, fit, last, scaled);
  const details = {
    plan: {
      feasible: plan.feasible,
      reason: plan.reason,
      dropped: plan.dropped,
      expectedSeconds: plan.expectedSeconds,
    },
    stepsPerSecond: speed,
    overheadSecondsPerPoint: overhead,
    points: points.map((p) => ({ ...p, ci: [...p.ci] })),
    fit: { method: fit.method, fitPValue: fit.fitPValue, residualChiSquare: fit.residualChiSquare },
    localSlopes: slopes.map((s) => ({ stepSize: s.x, order: -s.slope, ci: [-s.ci[1], -s.ci[0]] })),
  };
  return {
    plan,
    stepsPerSecond: speed,
    points,
    fit,
    order,
    localSlopes: slopes,
    scaledExitSteps: scaled,
    plots,
    observation: { estimate: order.estimate, ci: order.ci, standardError: order.standardError, details, plots },
  };
}

/** Mean exit steps against 1/η (CI band, MLE, fit, theory) and the Q–Q plot of the smallest η's exit steps against Exp(1). */
function exitScalingPlots(
  k: number,
  truncation: number,
  usable: readonly ExitScalingPoint[],
  orderEstimate: number,
  fit: LogLogResult,
  last: ExitScalingPoint | undefined,
  scaled: number[],
): PlotSpec[] {
  const plots: PlotSpec[] = [
    {
      kind: 'xy',
      title: `mean exit steps, basin ${k}, b = ${truncation === Infinity ? '∞' : truncation}`,
      xLabel: '1/η',
      yLabel: 'mean exit steps',
      logX: true,
      logY: true,
      series: [
        {
          name: 'CI',
          style: 'band',
          role: 'observed',
          points: usable.map((p) => ({ x: 1 / p.stepSize, y: p.mean, lo: p.ci[0], hi: p.ci[1] })),
        },
        {
          name: 'censored-exponential MLE',
          style: 'scatter',
          role: 'observed',
          points: usable.map((p) => ({
            x: 1 / p.stepSize,
            y: p.mean,
            lo: p.ci[0],
            hi: Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean,
          })),
        },
        {
          name: `fit γ̂ = ${orderEstimate.toFixed(3)}`,
          style: 'line',
          role: 'fitted',
          points: usable.map((p) => ({
            x: 1 / p.stepSize,
            y: Math.exp(fit.intercept + fit.slope * Math.log(p.stepSize)),
          })),
        },
        {
          name: 'theory 1/(q λ(η))',
          style: 'line',
          role: 'predicted',
          points: usable.map((p) => ({ x: 1 / p.stepSize, y: p.predictedMeanSteps })),
        },
      ],
    },
    { kind: 'qq', title: `exit steps / mean at η = ${last?.stepSize ?? '—'} vs Exp(1)`, samples: scaled },
  ];
  return plots;
}
