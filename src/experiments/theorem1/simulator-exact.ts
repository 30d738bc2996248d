/**
 * The experiment of `theorems/simulator-exact.ts` (its claim, tolerance and their reasons are there):
 * plan, simulate or solve, estimate, plot. Returns the check's observation.
 */
import { formatTruncation } from '../../core/format.ts';
import { runExit } from '../../sim/run-exit.ts';
import { wilsonInterval } from '../../stats/binomial.ts';
import { estimateCensoredExponential } from '../../stats/censored-exponential.ts';
import { twoSidedZ } from '../../stats/normal.ts';
import type { CheckContext, Observation } from '../../verify/types.ts';
import { PAPER_BASIN, PAPER_LANDSCAPE, PAPER_NOISE, exactAt, landscapeOf, truncationOf } from '../exact-sweep.ts';

export type Point = { truncation: number | null; stepSize: number; statistic: string };

export const SETTINGS = {
  /** Exact grid (error bounds ≤ 0.5% of the mean at η ≥ 0.05). */
  cells: 800,
  /** Step cap as a multiple of the exact mean. */
  capFactor: 50,
  minChains: 1000,
  maxChains: 40_000,
} as const;

export function exactOf(p: Point) {
  return exactAt(PAPER_LANDSCAPE, PAPER_NOISE, truncationOf(p.truncation), PAPER_BASIN, p.stepSize, SETTINGS.cells);
}

export async function runSimulatorExact(ctx: CheckContext<Point>): Promise<Observation> {
  const p = ctx.point;
  const b = truncationOf(p.truncation);
  const ex = exactOf(p);
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const workers = ctx.workers ?? 2;
  // Chains from the budget at the exact mean (pinned speed: the same plan on every machine).
  const chains = Math.max(
    SETTINGS.minChains,
    Math.min(SETTINGS.maxChains, Math.floor((ctx.timeBudgetSeconds * speed * workers) / ex.meanExitSteps)),
  );
  const r = await runExit(
    {
      engine: ctx.engine,
      landscape: landscapeOf(PAPER_LANDSCAPE),
      noise: PAPER_NOISE,
      truncation: b,
      stepSize: p.stepSize,
      basin: PAPER_BASIN,
      chains,
      maxSteps: Math.ceil(SETTINGS.capFactor * ex.meanExitSteps),
      seed: ctx.label.seed,
      path: ctx.label.path,
      workers,
    },
    { onProgress: (done, total) => ctx.progress(done / total) },
  );
  const z = twoSidedZ(ctx.confidence);
  const left = Math.round(r.exitedLeft * chains);
  const wilson = wilsonInterval(left, chains, { confidence: ctx.confidence });
  const censored = r.censored > 0 ? censoredBounds(r, chains, left, z, ctx.confidence) : null;
  const details = {
    stepSize: p.stepSize,
    truncation: formatTruncation(b),
    chains,
    exact: {
      meanExitSteps: ex.meanExitSteps,
      errorBound: ex.errorEstimate,
      exitedLeft: ex.exitedLeft.value,
      exitedLeftError: ex.exitedLeft.errorEstimate,
      cells: ex.gridCells,
    },
    simulated: {
      meanExitSteps: r.meanExitSteps,
      standardError: r.standardError,
      exitedLeft: r.exitedLeft,
      exitedLeftCi: wilson.ci,
      seconds: r.seconds,
    },
  };
  const exitLeft = p.statistic === 'exit-left';
  // What is judged: the uncensored estimates, or the bounds of `censoredBounds`.
  const judged: { estimate: number; ci: [number, number] } = censored
    ? exitLeft
      ? censored.exitLeft
      : censored.mean
    : exitLeft
      ? { estimate: r.exitedLeft, ci: wilson.ci }
      : {
          estimate: r.meanExitSteps,
          ci: [r.meanExitSteps - z * r.standardError, r.meanExitSteps + z * r.standardError],
        };
  const plots = [
    {
      kind: 'bars' as const,
      title: `simulated vs exact chain, b = ${formatTruncation(b)}, η = ${p.stepSize}${censored ? ` (${r.censored} chains censored)` : ''}`,
      yLabel: exitLeft ? 'P(exit left)' : 'mean exit steps',
      groups: [
        {
          label: exitLeft
            ? 'P(exit through s₁)'
            : censored
              ? 'mean exit steps ≥ mean of min(σ, cap)'
              : 'mean exit steps',
          predicted: exitLeft ? ex.exitedLeft.value : ex.meanExitSteps,
          observed: judged.estimate,
          lo: judged.ci[0],
          // An unbounded CI end (a lower bound only) is drawn as no bar end.
          ...(Number.isFinite(judged.ci[1]) ? { hi: judged.ci[1] } : {}),
        },
      ],
    },
  ];
  if (censored) {
    const c = exitLeft ? censored.exitLeft : censored.mean;
    return {
      ...judged,
      details: { ...details, censored: r.censored, cap: r.maxSteps, method: c.method, censoredMle: censored.mle },
      plots,
    };
  }
  return { ...judged, ...(exitLeft ? {} : { standardError: r.standardError }), details, plots };
}

/**
 * Distribution-free bounds when some chains hit the cap (see the module comment).
 * - mean: the mean of min(σ, cap) over all N chains, CI [m̄ − z·s/√N, ∞) (z two-sided, so the
 *   lower end errs with probability ≤ a/2, as the lower end of a two-sided CI does).
 * - exit side: [Wilson lower end of left/N, Wilson upper end of (left + censored)/N]; each end
 *   errs with probability ≤ a/2, so the union interval has coverage ≥ 1 − a.
 * The censored-exponential MLE (which assumes an exponential σ) is reported beside, not judged.
 */
function censoredBounds(
  r: { exitSteps: ArrayLike<number>; censoredMask: ArrayLike<number>; censored: number },
  n: number,
  left: number,
  z: number,
  confidence: number,
) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += r.exitSteps[i]; // censored chains hold the cap here
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (r.exitSteps[i] - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Infinity;
  const mle = estimateCensoredExponential(r.exitSteps, r.censoredMask, { confidence, censoring: 'type-I' });
  const lo = wilsonInterval(left, n, { confidence }).ci[0];
  const hi = wilsonInterval(Math.min(n, left + r.censored), n, { confidence }).ci[1];
  const exited = n - r.censored;
  return {
    mean: {
      estimate: mean,
      ci: [mean - z * se, Infinity] as [number, number],
      method: `${r.censored} of ${n} chains censored at the cap: mean of min(σ, cap) over all chains is a lower bound of the mean (CI [lower end, ∞))`,
    },
    exitLeft: {
      estimate: exited > 0 ? left / exited : (left + r.censored / 2) / n,
      ci: [lo, hi] as [number, number],
      method: `${r.censored} of ${n} chains censored at the cap: P(exit left) between left/N and (left + censored)/N (Wilson ends)`,
    },
    mle: { mean: mle.mean, ci: mle.ci, method: mle.method },
  };
}
