/**
 * The experiment of `theorems/simulator-screen.ts` (its claim, tolerance and their reasons are there):
 * plan, simulate or solve, estimate, plot. Returns the check's observation.
 */
import { exactExit, type ExactExitResult } from '../exact/index.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';
import { runExit } from '../sim/run-exit.ts';
import { wilsonInterval } from '../stats/binomial.ts';
import { twoSidedZ } from '../stats/normal.ts';
import type { CheckContext, Observation } from '../verify/types.ts';

/** Three minima at −1.6, 0, 1.5; saddles −0.8, 0.7; box L = 2.2. */
export const SCREEN_LANDSCAPE: LandscapeSpec = {
  kind: 'polynomial',
  roots: [-1.6, -0.8, 0, 0.7, 1.5],
  scale: 1,
  box: 2.2,
};
/** Symmetric two-sided Lomax, α = 1.4, c = 0.25. */
export const SCREEN_NOISE: NoiseSpec = { kind: 'lomax', tailIndex: 1.4, scale: 0.25 };
/** η for every point: moderate, so exits take ≈ 10²–10³ steps. */
export const SCREEN_STEP_SIZE = 0.1;

export type ScreenPoint = { truncation: number | null; basin: number; landing: number };

/** Chains per check (fewer if the time budget cannot afford them at the pinned speed). */
export const CHAINS = 32_000;
/**
 * Step cap as a multiple of the exact mean. The statistic is the mean of min(σ, T) over all chains:
 * for the correct chain (exit law close to exponential) its bias E(σ − T)⁺ ≈ e^{−10}·E σ (≈ 5·10⁻⁵ relative, against a 4% band) is
 * negligible, and a mutant whose chains stall is still judged (its capped mean is a lower bound),
 * at a cost of at most 10× the planned steps.
 */
export const CAP_FACTOR = 10;
/** Exact grid (finest of the oracle's three nested grids). */
export const CELLS = 800;

const exactCache = new Map<string, ExactExitResult>();
export function exactFor(p: ScreenPoint): ExactExitResult {
  const key = JSON.stringify(p);
  let r = exactCache.get(key);
  if (!r) {
    r = exactExit({
      landscape: resolveLandscape(SCREEN_LANDSCAPE),
      noise: createNoiseLaw(SCREEN_NOISE),
      stepSize: SCREEN_STEP_SIZE,
      truncation: p.truncation ?? Infinity,
      basin: p.basin,
      cells: CELLS,
    });
    exactCache.set(key, r);
  }
  return r;
}

/** Runs the chains of one check on the context's engine (so mutants plug in unchanged). */
async function simulate(ctx: CheckContext<ScreenPoint>) {
  const ex = exactFor(ctx.point);
  const speed = (ctx.kernelStepsPerSecond ?? 2e6) * (ctx.workers ?? 2);
  const affordable = Math.floor((ctx.timeBudgetSeconds * speed) / ex.meanExitSteps);
  const chains = Math.max(1000, Math.min(CHAINS, affordable));
  const maxSteps = Math.ceil(CAP_FACTOR * ex.meanExitSteps);
  const r = await runExit(
    {
      engine: ctx.engine,
      landscape: SCREEN_LANDSCAPE,
      noise: SCREEN_NOISE,
      stepSize: SCREEN_STEP_SIZE,
      truncation: ctx.point.truncation ?? Infinity,
      basin: ctx.point.basin,
      chains,
      maxSteps,
      seed: ctx.label.seed,
      path: ctx.label.path,
      workers: ctx.workers ?? 2,
    },
    { onProgress: (d, t) => ctx.progress(d / t) },
  );
  return { ex, r, chains, maxSteps };
}

export async function meanTest(ctx: CheckContext<ScreenPoint>): Promise<Observation> {
  const { ex, r, chains, maxSteps } = await simulate(ctx);
  let sum = 0;
  for (let i = 0; i < chains; i++) sum += r.exitSteps[i]; // censored chains count at the cap T
  const mean = sum / chains;
  let ss = 0;
  for (let i = 0; i < chains; i++) ss += (r.exitSteps[i] - mean) ** 2;
  const se = Math.sqrt(ss / (chains - 1) / chains);
  const z = twoSidedZ(ctx.confidence);
  return {
    estimate: mean,
    ci: [mean - z * se, mean + z * se],
    standardError: se,
    details: {
      chains,
      maxSteps,
      censored: r.censored,
      engine: r.engine,
      exactMean: ex.meanExitSteps,
      exactError: ex.errorEstimate,
      warnings: ex.warnings,
    },
  };
}

export async function landingTest(ctx: CheckContext<ScreenPoint>): Promise<Observation> {
  const { ex, r, chains } = await simulate(ctx);
  let hits = 0;
  for (let i = 0; i < chains; i++) if (r.target[i] === ctx.point.landing) hits++;
  const w = wilsonInterval(hits, chains, { confidence: ctx.confidence });
  const p = hits / chains;
  return {
    estimate: p,
    ci: w.ci,
    standardError: Math.sqrt(Math.max(p * (1 - p), 1 / chains) / chains),
    test: { kind: 'wilson', successes: hits, trials: chains }, // Holm's p-value from the interval's own test
    details: { chains, hits, censored: r.censored, engine: r.engine, exactLanding: ex.landing },
  };
}
