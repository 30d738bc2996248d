/**
 * The censoring-aware estimate of an exit run, shared by `htsgd simulate exit` in 1-D and in R^d:
 * chains that hit the step cap are censored observations, never averaged as exits (issue 15 §1).
 */
import { estimateCensoredExponential, estimateKaplanMeier } from '../stats/index.ts';

/** What the estimate reads of an exit run (the 1-D `ExitResult` and the R^d one both have it). */
export interface CensoredExitRun {
  readonly chains: number;
  readonly censored: number;
  readonly maxSteps: number;
  /** Mean and standard error over exited chains only. */
  readonly meanExitSteps: number;
  readonly standardError: number;
  /** Per chain: the exit step, or the cap for a censored chain. */
  readonly exitSteps: Float64Array;
  readonly censoredMask: Uint8Array;
}

/** Above this fraction of censored chains `simulate exit` warns on stderr. */
export const CENSORED_WARNING_FRACTION = 0.05;

/**
 * The exit-time estimate of a run with a step cap: chains that hit the cap are censored
 * observations (CONVENTIONS.md), so the mean is the censored-exponential MLE with its interval and
 * the quantiles are Kaplan–Meier. The mean over exited chains alone is biased low and is kept only
 * as `naiveMeanOfExited`.
 */
export interface ExitEstimate {
  /** MLE of the mean exit steps, null when every chain is censored (then see `meanLowerBound`). */
  mean: number | null;
  /** Its two-sided 95% interval; upper end null when every chain is censored. */
  ci: [number, number | null];
  /** θ̂/√D, the large-sample standard error of the MLE (null when no chain exited). */
  standardError: number | null;
  /** One-sided 95% lower bound of the mean when every chain is censored, else null. */
  meanLowerBound: number | null;
  method: string;
  exited: number;
  censored: number;
  censoredFraction: number;
  /** Mean over exited chains only (biased low under censoring), null when none exited. */
  naiveMeanOfExited: number | null;
  naiveStandardErrorOfExited: number | null;
  /** Kaplan–Meier median and its Brookmeyer–Crowley interval (null: beyond the cap). */
  median: number | null;
  medianCi: [number | null, number | null];
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The censoring-aware estimate of an exit run (see {@link ExitEstimate}). */
export function exitEstimate(r: CensoredExitRun): ExitEstimate {
  const mle = estimateCensoredExponential(r.exitSteps, r.censoredMask, { confidence: 0.95 });
  const km = estimateKaplanMeier(r.exitSteps, r.censoredMask, { confidence: 0.95 });
  const exited = r.chains - r.censored;
  const none = exited === 0;
  return {
    mean: none ? null : mle.mean,
    ci: [mle.ci[0], finiteOrNull(mle.ci[1])],
    standardError: none ? null : mle.mean / Math.sqrt(exited),
    meanLowerBound: none ? mle.ci[0] : null,
    method: mle.method,
    exited,
    censored: r.censored,
    censoredFraction: r.censored / r.chains,
    naiveMeanOfExited: none ? null : finiteOrNull(r.meanExitSteps),
    naiveStandardErrorOfExited: none ? null : finiteOrNull(r.standardError),
    median: finiteOrNull(km.median),
    medianCi: [finiteOrNull(km.medianCi[0]), finiteOrNull(km.medianCi[1])],
  };
}

/** The stderr warning of a run with more than 5% censored chains, or null. */
export function censoringWarning(r: CensoredExitRun, e: ExitEstimate): string | null {
  if (e.censoredFraction <= CENSORED_WARNING_FRACTION) return null;
  const pct = (100 * e.censoredFraction).toFixed(1);
  const what =
    e.exited === 0
      ? 'no chain exited, so only a lower bound of the mean is given'
      : 'the mean is the censored-exponential MLE (it assumes exponential exit times); the mean over exited chains alone is biased low';
  return `htsgd: warning: ${r.censored} of ${r.chains} chains (${pct}%) hit the cap of ${r.maxSteps} steps and are censored: ${what}. Raise --max-steps for a model-free estimate.`;
}
