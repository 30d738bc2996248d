/**
 * Dynamics checks: exits of the optimizer (driven by the suite's gradient and box) from a basin of
 * the paper landscape, against the finite-η oracle of `src/exact` for the claimed law, η and b:
 * the mean number of steps to exit and the basin the exit lands in. The oracle is exact up to a
 * discretisation error it estimates, so no asymptotic (η → 0) correction enters these checks; they
 * test the claims jointly, and catch what one step cannot (memory, state-dependent noise).
 */
import { exactExit, buildStopLoss, type ExactExitResult } from '../exact/index.ts';
import { paperLandscape } from '../model/landscapes.ts';
import type { Landscape, NoiseLaw } from '../model/types.ts';
import { gammaP, gammaQ } from '../stats/distributions.ts';
import { gTest } from '../stats/g-test.ts';
import { InputError } from '../core/errors.ts';
import { formatSignificant } from '../core/format.ts';
import type { RawCheck } from './one-step.ts';
import type { ClaimName, ResolvedOptimizer } from './types.ts';

/** The exit experiment for a claim. */
export interface DynamicsPlan {
  landscape: Landscape;
  basin: number;
  stepSize: number;
  exact: ExactExitResult;
}

/** Step sizes tried, largest first: the first whose exact mean exit time is ≥ MIN_MEAN is used. */
export const DYNAMICS_STEP_SIZES = [0.2, 0.1, 0.05, 0.025, 0.0125];
const MIN_MEAN = 300;
/** Above this exact mean the exits are too rare to afford; the dynamics checks are then skipped. */
export const MAX_MEAN = 20_000;

const cache = new Map<string, DynamicsPlan | null>();

/**
 * Picks η for the exit experiment from the paper landscape's basin 2 (whose exit needs l* clipped
 * jumps for the claimed b): the largest η in {@link DYNAMICS_STEP_SIZES} whose exact mean exit
 * time is at least 300 steps (a metastable exit, not a drift-driven one), or null when even the
 * largest needs more than 20 000 steps. Memoised per claim (it costs a few linear solves).
 */
export function planDynamics(opt: ResolvedOptimizer, law: NoiseLaw): DynamicsPlan | null {
  const key = JSON.stringify([opt.noise, opt.truncation]);
  if (cache.has(key)) return cache.get(key)!;
  const landscape = paperLandscape();
  const stopLoss = buildStopLoss(law);
  let plan: DynamicsPlan | null = null;
  for (const stepSize of DYNAMICS_STEP_SIZES) {
    const exact = exactExit({
      landscape,
      noise: law,
      stepSize,
      truncation: opt.truncation,
      basin: 2,
      cells: 800,
      stopLoss,
    });
    if (exact.meanExitSteps > MAX_MEAN) break;
    plan = { landscape, basin: 2, stepSize, exact };
    if (exact.meanExitSteps >= MIN_MEAN) break;
  }
  cache.set(key, plan);
  return plan;
}

const ALL: ClaimName[] = ['noise', 'tailIndex', 'noiseScale', 'pPlus', 'truncation', 'update'];
const fmt = (v: number): string => formatSignificant(v, 4);

/**
 * Two-sided p-value of a sum of N iid exit times against the oracle's mean μ and sd σ: the sum is
 * referred to the Gamma law with the same two moments (exit times are near-exponential, so this is
 * far better in the tails than the normal). The oracle's discretisation error ε is absorbed by
 * taking the largest p-value over μ ∈ [μ − 2ε, μ + 2ε].
 */
export function meanExitPValue(sum: number, chains: number, mean: number, sd: number, error: number): number {
  const observed = sum / chains;
  if (Math.abs(observed - mean) <= 2 * error) return 1;
  const mu = observed > mean ? mean + 2 * error : Math.max(mean - 2 * error, 1e-300);
  const shape = (chains * mu * mu) / (sd * sd);
  const scale = (sd * sd) / mu;
  const x = sum / scale;
  return Math.min(1, 2 * Math.min(gammaP(shape, x), gammaQ(shape, x)));
}

/** The exit checks from the chains' outputs (censored chains count as exits at the cap: a lower bound). */
export function dynamicsChecks(plan: DynamicsPlan, exitSteps: Float64Array, landing: Int32Array): RawCheck[] {
  const n = exitSteps.length;
  let sum = 0;
  let censored = 0;
  const nb = plan.landscape.minima.length;
  const counts = new Array(nb).fill(0);
  for (let i = 0; i < n; i++) {
    sum += exitSteps[i];
    if (landing[i] === 0) censored++;
    else counts[landing[i] - 1]++;
  }
  const ex = plan.exact;
  const checks: RawCheck[] = [
    {
      id: 'dynamics/mean-exit-steps',
      title: `mean steps to leave basin ${plan.basin} of the paper landscape = the exact chain's (η = ${plan.stepSize})`,
      primary: null,
      bearsOn: ALL,
      pValue: meanExitPValue(sum, n, ex.meanExitSteps, ex.exitStepsSd, ex.errorEstimate),
      detail: `observed ${fmt(sum / n)} over ${n} chains${censored ? ` (${censored} censored)` : ''}, exact ${fmt(ex.meanExitSteps)} ± ${fmt(ex.errorEstimate)} (sd ${fmt(ex.exitStepsSd)})`,
    },
  ];
  // Richardson extrapolation can push a tiny landing probability below 0: clamp, then renormalise.
  const others = ex.landing.map((p, l) => ({ p: Math.max(0, p), l })).filter((c) => c.l !== plan.basin - 1);
  const exited = others.reduce((s, c) => s + counts[c.l], 0);
  if (exited > 0 && others.length > 1) {
    const total = others.reduce((s, c) => s + c.p, 0);
    const res = landingTest(
      others.map((c) => counts[c.l]),
      others.map((c) => c.p / total),
    );
    if (res) {
      checks.push({
        id: 'dynamics/exit-location',
        title: 'the basin each exit lands in follows the exact chain',
        primary: null,
        bearsOn: ALL,
        pValue: res.pValue,
        detail: `landed ${others.map((c) => `Ω${c.l + 1}: ${counts[c.l]}`).join(', ')}; exact ${others.map((c) => `${fmt((c.p / total) * exited)}`).join(', ')}`,
      });
    }
  }
  return checks;
}

/**
 * The G-test of the landing basins, or null when too few chains exited for two pooled cells of
 * expected count ≥ 5 (small `--chains`): no test is then possible, which is not a rejection.
 */
function landingTest(counts: number[], probabilities: number[]): { pValue: number } | null {
  try {
    return gTest(counts, probabilities);
  } catch (err) {
    if (err instanceof InputError) return null;
    throw err;
  }
}
