/**
 * The experiment planner: from the predicted mean exit steps at each candidate step size, the
 * measured kernel speed and a time budget, choose the step sizes, the number of chains and a step
 * cap, so that the check fits its budget. Capped chains are censored observations (to be fed to the
 * censored-exponential MLE / Kaplan–Meier), never dropped.
 *
 * Cost model: exit steps are ≈ Exp(mean m) (Theorem 1), so a chain capped at c costs
 * E min(σ, c) = m·(1 − e^{−c/m}) steps and is censored with probability e^{−c/m}. Chains are the same
 * at every step size: the relative standard error of each censored-exponential mean is then about
 * 1/√(events), the same at each point, which is what a log-log fit of the means wants.
 * Step sizes are kept cheapest first (largest η first); the smallest affordable η are the ones that
 * matter most for the finite-η bias, so the planner keeps as many as the budget allows.
 */
import { checkInteger, checkNumber } from '../core/guards.ts';
import { invalidOption } from '../core/errors.ts';

/** One candidate step size with its predicted mean exit steps (from `src/theory`). */
export interface PlanCandidate {
  readonly stepSize: number;
  readonly predictedMeanSteps: number;
}

/** Options of `planExperiment`. */
export interface PlanOptions {
  readonly candidates: readonly PlanCandidate[];
  /** Measured kernel speed on one core, steps per second (e.g. from `htsgd bench`). */
  readonly stepsPerSecond: number;
  /** Cores the runner will use. @default 1 */
  readonly cores?: number;
  /** Wall-clock seconds the experiment may take. */
  readonly timeBudgetSeconds: number;
  /** Fewest chains per step size worth running. @default 100 */
  readonly minChains?: number;
  /** Most chains per step size (beyond this precision is not the bottleneck). @default 100000 */
  readonly maxChains?: number;
  /** Fewest step sizes a fit needs. @default 3 */
  readonly minPoints?: number;
  /** Step cap as a multiple of the predicted mean (e^{−6} ≈ 0.25% censored). @default 6 */
  readonly capFactor?: number;
  /** Absolute step cap (e.g. the paper's 5·10⁷). @default Infinity */
  readonly maxStepCap?: number;
  /** Step sizes whose expected censored fraction exceeds this are not used. @default 0.5 */
  readonly maxCensoredFraction?: number;
  /**
   * Multiplies the predicted means before planning, to allow for the finite-η gap (THEORY.md §5:
   * means can sit a factor of two off the leading order). @default 1.5
   */
  readonly safetyFactor?: number;
  /** Fixed cost of each step size's run (worker dispatch, kernel set-up), seconds. @default 0 */
  readonly overheadSecondsPerPoint?: number;
}

/** The plan for one step size. */
export interface PlannedPoint {
  readonly stepSize: number;
  readonly predictedMeanSteps: number;
  readonly chains: number;
  /** Chains stop here and count as censored. */
  readonly stepCap: number;
  readonly expectedCensoredFraction: number;
  /** ≈ 1/√(expected events): the relative SE of the censored-exponential mean. */
  readonly expectedRelativeError: number;
  readonly expectedSeconds: number;
}

/** A plan; `feasible: false` means even the minimum design overruns the budget (see `reason`). */
export interface ExperimentPlanResult {
  readonly feasible: boolean;
  readonly reason: string;
  readonly points: readonly PlannedPoint[];
  readonly dropped: readonly { stepSize: number; reason: string }[];
  readonly expectedSeconds: number;
}

/**
 * Plans an exit-time experiment (see the module comment for the cost model).
 * @throws InputError for an empty candidate list, a non-positive step size / mean / speed / budget.
 * @example planExperiment({ candidates: [{stepSize: 0.01, predictedMeanSteps: 1e3}, ...],
 *   stepsPerSecond: 5e7, cores: 2, timeBudgetSeconds: 10 })
 */
export function planExperiment(options: PlanOptions): ExperimentPlanResult {
  const api = 'planExperiment';
  const { candidates } = options;
  if (!Array.isArray(candidates) || candidates.length === 0)
    throw invalidOption(api, 'candidates', 'a non-empty array of {stepSize, predictedMeanSteps}', candidates);
  candidates.forEach((c, i) => {
    checkNumber(api, `candidates[${i}].stepSize`, c.stepSize, { min: 0, openMin: true });
    checkNumber(api, `candidates[${i}].predictedMeanSteps`, c.predictedMeanSteps, { min: 0, openMin: true });
  });
  const speed = checkNumber(api, 'stepsPerSecond', options.stepsPerSecond, { min: 0, openMin: true });
  const cores = checkInteger(api, 'cores', options.cores ?? 1, 1, 256);
  const budget = checkNumber(api, 'timeBudgetSeconds', options.timeBudgetSeconds, { min: 0, openMin: true });
  const minChains = checkInteger(api, 'minChains', options.minChains ?? 100);
  const maxChains = checkInteger(api, 'maxChains', options.maxChains ?? 100_000, minChains);
  const minPoints = checkInteger(api, 'minPoints', options.minPoints ?? 3);
  const capFactor = checkNumber(api, 'capFactor', options.capFactor ?? 6, { min: 0, openMin: true });
  const maxStepCap = options.maxStepCap ?? Infinity;
  if (!(maxStepCap >= 1)) throw invalidOption(api, 'maxStepCap', 'a number ≥ 1 or Infinity', maxStepCap);
  const maxCens = checkNumber(api, 'maxCensoredFraction', options.maxCensoredFraction ?? 0.5, {
    min: 0,
    max: 1,
    openMin: true,
    openMax: true,
  });
  const safety = checkNumber(api, 'safetyFactor', options.safetyFactor ?? 1.5, { min: 1 });
  const overhead = checkNumber(api, 'overheadSecondsPerPoint', options.overheadSecondsPerPoint ?? 0, { min: 0 });

  const dropped: { stepSize: number; reason: string }[] = [];
  const usable: { stepSize: number; predictedMeanSteps: number; cap: number; perChain: number; cens: number }[] = [];
  for (const c of candidates) {
    const m = c.predictedMeanSteps * safety;
    const cap = Math.max(1, Math.ceil(Math.min(capFactor * m, maxStepCap)));
    const cens = Math.exp(-cap / m);
    if (cens > maxCens) {
      dropped.push({
        stepSize: c.stepSize,
        reason: `step cap ${cap} censors ≈${(100 * cens).toFixed(0)}% of chains (> ${100 * maxCens}%)`,
      });
      continue;
    }
    usable.push({
      stepSize: c.stepSize,
      predictedMeanSteps: c.predictedMeanSteps,
      cap,
      perChain: m * (1 - cens),
      cens,
    });
  }
  usable.sort((a, b) => a.perChain - b.perChain || b.stepSize - a.stepSize);
  const capacity = budget * speed * cores; // steps the budget buys

  const build = (k: number, chains: number): PlannedPoint[] =>
    usable.slice(0, k).map((u) => ({
      stepSize: u.stepSize,
      predictedMeanSteps: u.predictedMeanSteps,
      chains,
      stepCap: u.cap,
      expectedCensoredFraction: u.cens,
      expectedRelativeError: 1 / Math.sqrt(Math.max(1, chains * (1 - u.cens))),
      expectedSeconds: overhead + (chains * u.perChain) / (speed * cores),
    }));
  const total = (ps: PlannedPoint[]) => ps.reduce((s, p) => s + p.expectedSeconds, 0);

  for (let k = usable.length; k >= Math.min(minPoints, usable.length) && k >= 1; k--) {
    const perRound = usable.slice(0, k).reduce((s, u) => s + u.perChain, 0);
    const chains = Math.min(maxChains, Math.floor((capacity - k * overhead * speed * cores) / perRound));
    if (chains >= minChains && k >= minPoints) {
      for (const u of usable.slice(k))
        dropped.push({
          stepSize: u.stepSize,
          reason: `over budget: ${minChains} chains would need ≈${((minChains * u.perChain) / (speed * cores)).toFixed(1)} s on their own`,
        });
      const points = build(k, chains).sort((a, b) => b.stepSize - a.stepSize);
      return {
        feasible: true,
        reason: `${k} step sizes × ${chains} chains fit ${budget} s`,
        points,
        dropped,
        expectedSeconds: total(points),
      };
    }
  }
  // Not feasible: report the minimum design and how far over budget it goes.
  const k = Math.min(minPoints, usable.length);
  const points = build(k, minChains).sort((a, b) => b.stepSize - a.stepSize);
  for (const u of usable.slice(k)) dropped.push({ stepSize: u.stepSize, reason: 'over budget' });
  const need = total(points);
  const reason =
    usable.length < minPoints
      ? `only ${usable.length} usable step size(s), ${minPoints} needed`
      : `${minPoints} step sizes × ${minChains} chains need ≈${need.toFixed(1)} s, budget ${budget.toFixed(1)} s`;
  return { feasible: false, reason, points, dropped, expectedSeconds: need };
}
