/**
 * The simulator is the chain of Theorem 1: at a moderate step size, simulated mean exit steps and
 * the exit side agree with the exact finite-η chain (`src/exact`, issue 7 item 5). No asymptotics
 * are involved, so the check is sharp (a few percent) and it is what catches wrong simulators:
 * clipping in the wrong place or at the wrong threshold, a wrong tail index or scale, asymmetric
 * noise, Student-t instead of Lomax with the same tail index (tens of percent).
 *
 * Observation: `mean-exit-steps`: the sample mean over chains capped at 50× the exact mean, CI
 * mean ± z·SE (CLT; z from the check's confidence); a chain censored there (probability e^{−50}
 * for the right chain) switches the estimate to the censored-exponential MLE. `exit-left`:
 * the fraction of chains leaving through s_{k−1}, Wilson CI.
 */
import { runExit } from '../src/sim/run-exit.ts';
import { wilsonInterval } from '../src/stats/binomial.ts';
import { estimateCensoredExponential } from '../src/stats/censored-exponential.ts';
import { twoSidedZ } from '../src/verify/budget.ts';
import { defineTheorem } from '../src/verify/define.ts';
import type { CheckContext, Observation } from '../src/verify/types.ts';
import { PAPER, PAPER_BASIN, PAPER_LANDSCAPE, PAPER_NOISE, exactAt, formatTruncation, landscapeOf, truncationOf } from './shared.ts';

type Point = { truncation: number | null; stepSize: number; statistic: string };

const SETTINGS = {
  /** Exact grid (error bounds ≤ 0.5% of the mean at η ≥ 0.05). */
  cells: 800,
  /** Step cap as a multiple of the exact mean. */
  capFactor: 50,
  minChains: 1000,
  maxChains: 40_000,
} as const;

function exactOf(p: Point) {
  return exactAt(PAPER_LANDSCAPE, PAPER_NOISE, truncationOf(p.truncation), PAPER_BASIN, p.stepSize, SETTINGS.cells);
}

async function run(ctx: CheckContext<Point>): Promise<Observation> {
  const p = ctx.point;
  const b = truncationOf(p.truncation);
  const ex = exactOf(p);
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const workers = ctx.workers ?? 2;
  // Chains from the budget at the exact mean (pinned speed: the same plan on every machine).
  const chains = Math.max(SETTINGS.minChains, Math.min(SETTINGS.maxChains, Math.floor((ctx.timeBudgetSeconds * speed * workers) / ex.meanExitSteps)));
  const r = await runExit(
    { landscape: landscapeOf(PAPER_LANDSCAPE), noise: PAPER_NOISE, truncation: b, stepSize: p.stepSize, basin: PAPER_BASIN, chains, maxSteps: Math.ceil(SETTINGS.capFactor * ex.meanExitSteps), seed: ctx.label.seed, path: ctx.label.path, workers },
    { onProgress: (done, total) => ctx.progress(done / total) },
  );
  const z = twoSidedZ(ctx.confidence);
  // Censored chains (probability e^{−50} per chain for the right chain) mean a chain that exits far
  // more slowly: the mean is then the censored-exponential MLE with its exact interval, not a guess.
  const censoredMle = r.censored > 0 ? estimateCensoredExponential(r.exitSteps, r.censoredMask, { confidence: ctx.confidence, censoring: 'type-I' }) : null;
  const left = Math.round(r.exitedLeft * chains);
  const wilson = wilsonInterval(left, chains, { confidence: ctx.confidence });
  const details = {
    stepSize: p.stepSize,
    truncation: formatTruncation(b),
    chains,
    exact: { meanExitSteps: ex.meanExitSteps, errorBound: ex.errorEstimate, exitedLeft: ex.exitedLeft.value, exitedLeftError: ex.exitedLeft.errorEstimate, cells: ex.gridCells },
    simulated: { meanExitSteps: r.meanExitSteps, standardError: r.standardError, exitedLeft: r.exitedLeft, exitedLeftCi: wilson.ci, seconds: r.seconds },
  };
  const plots = [
    {
      kind: 'bars' as const,
      title: `simulated vs exact chain, b = ${formatTruncation(b)}, η = ${p.stepSize}`,
      yLabel: p.statistic === 'exit-left' ? 'P(exit left)' : 'mean exit steps',
      groups: [
        p.statistic === 'exit-left'
          ? { label: 'P(exit through s₁)', predicted: ex.exitedLeft.value, observed: r.exitedLeft, lo: wilson.ci[0], hi: wilson.ci[1] }
          : { label: 'mean exit steps', predicted: ex.meanExitSteps, observed: r.meanExitSteps, lo: r.meanExitSteps - z * r.standardError, hi: r.meanExitSteps + z * r.standardError },
      ],
    },
  ];
  if (p.statistic === 'exit-left') return { estimate: r.exitedLeft, ci: wilson.ci, details, plots };
  if (censoredMle) return { estimate: censoredMle.mean, ci: censoredMle.ci, details: { ...details, censored: r.censored, method: censoredMle.method }, plots };
  return { estimate: r.meanExitSteps, ci: [r.meanExitSteps - z * r.standardError, r.meanExitSteps + z * r.standardError], standardError: r.standardError, details, plots };
}

/** Simulated exit statistics against the exact finite-η chain of the same law, η and b. */
export const simulatorExact = defineTheorem<Point>({
  id: 'simulator-exact',
  title: 'The simulated chain is the chain of Theorem 1: exit mean and side agree with the exact finite-η oracle',
  source: { paper: PAPER, theorem: 'recursion of §2 (Theorem 1 is stated for it)', equation: 'X_n = φ_L(X_{n−1} − φ_b(η(f′(X_{n−1}) − Z_n))) (THEORY.md §1); m = 1 + P m on Ω_k (issue 7)' },
  hypotheses: [
    { name: 'truncation', description: 'b (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1', values: [null, 0.5, 0.28] },
    { name: 'stepSize', description: 'η (moderate: the exact oracle is accurate to < 0.5%)', range: [0.01, 0.1] },
    { name: 'statistic', description: 'what is compared', values: ['mean-exit-steps', 'exit-left'] },
  ],
  predictor: {
    name: 'exact.exactExit',
    compute: (p) => {
      const ex = exactOf(p);
      return p.statistic === 'exit-left'
        ? { value: ex.exitedLeft.value, details: { errorBound: ex.exitedLeft.errorEstimate } }
        : { value: ex.meanExitSteps, details: { errorBound: ex.errorEstimate } };
    },
  },
  plan: {
    description: 'runExit at one moderate η, chains from the budget at the exact mean (≥ 1000), cap 50× the exact mean',
    points: {
      // Quick: the clipped mean needs ~2·10⁴ chains × 1.7·10³ steps for its 5% band at the
      // Bonferroni confidence with power: standard tier; quick checks the clipped exit side.
      quick: [
        { truncation: null, stepSize: 0.05, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'exit-left' },
        { truncation: 0.5, stepSize: 0.1, statistic: 'exit-left' },
      ],
      standard: [
        { truncation: 0.5, stepSize: 0.1, statistic: 'mean-exit-steps' },
        { truncation: 0.5, stepSize: 0.1, statistic: 'exit-left' },
        { truncation: null, stepSize: 0.05, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'exit-left' },
        // The b = 0.28 mean needs ~10⁴ chains × 4·10⁴ steps for a 5% band: full tier only.
        { truncation: 0.28, stepSize: 0.1, statistic: 'exit-left' },
      ],
      full: [
        { truncation: 0.5, stepSize: 0.1, statistic: 'mean-exit-steps' },
        { truncation: 0.5, stepSize: 0.1, statistic: 'exit-left' },
        { truncation: 0.5, stepSize: 0.02, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'mean-exit-steps' },
        { truncation: null, stepSize: 0.05, statistic: 'exit-left' },
        { truncation: null, stepSize: 0.01, statistic: 'mean-exit-steps' },
        { truncation: 0.28, stepSize: 0.1, statistic: 'mean-exit-steps' },
        { truncation: 0.28, stepSize: 0.1, statistic: 'exit-left' },
      ],
    },
    settings: SETTINGS,
  },
  test: { name: 'simulated mean (CLT CI) or exit-left fraction (Wilson CI) against the exact chain', run },
  tolerance: {
    value: 0.05,
    scale: 'relative',
    reason:
      'no asymptotics: the exact chain is the truth at this η up to its discretisation bound (< 0.5% of the mean, < 1e-3 in probability, measured at 800 cells); 5% is the narrowest band the quick tier resolves at the Bonferroni confidence (≈4.2/√chains with ≥ 10⁴ chains), and a wrong law, scale or clip moves the mean by tens of percent',
  },
  budgetShare: 3,
});
