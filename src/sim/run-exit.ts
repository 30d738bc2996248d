/**
 * Exit-time runs (THEORY.md §5): many independent chains started in basin Ω_k, each run to its first
 * exit or a step cap. Chains are split into chunks run in this thread or on the worker pool; chain i
 * always draws from `chainStream(deriveKey({seed, path}), i)`, so chunking and worker count never
 * change a number. Censored chains are kept and marked, never dropped, never averaged as exits.
 */
import { checkInteger, checkNumber } from '../core/guards.ts';
import type { Seed } from '../rng/seeds.ts';
import { kernelFor, type Engine } from './engines.ts';
import { resolveCommon, type CommonRunOptions, type ResolvedCommon, type RunControl } from './options.ts';
import { submitExit } from './pool.ts';
import type { ExitChunkResult, ExitChunkTask } from './types.ts';

const API = 'runExit';

/** Options of an exit run. */
export interface ExitOptions extends CommonRunOptions {
  /** k, 1-based basin index. */
  basin: number;
  /** X_0, strictly inside Ω_k. @default m_k */
  start?: number;
  /** Step cap per chain (chains still inside are censored). @default 10_000_000 */
  maxSteps?: number;
  /** Number of chains, ≥ 1. */
  chains: number;
  /** Chains per chunk (a performance knob only; results do not depend on it). @default automatic */
  chunkSize?: number;
}

/** Empirical quantiles of the exit steps; null where the quantile falls among censored chains. */
export interface ExitQuantiles {
  p10: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
}

/** The result of an exit run: per-chain arrays (index = chain) and a summary. */
export interface ExitResult {
  seed: Seed;
  /** The engine asked for (tasks outside the WASM kernel's coverage ran on 'ts'; same numbers). */
  engine: Engine;
  path: string;
  landscape: string;
  basin: number;
  start: number;
  stepSize: number;
  truncation: number;
  maxSteps: number;
  chains: number;
  /** Mean exit steps over the chains that exited (censored chains excluded; see `censored`). */
  meanExitSteps: number;
  /** Standard error of `meanExitSteps` (sample sd / √exited). */
  standardError: number;
  /** Fraction of all chains that left through the left end s_{k−1}. */
  exitedLeft: number;
  /** Fraction of all chains that left through the right end s_k. */
  exitedRight: number;
  /** Number of censored chains (hit `maxSteps`). */
  censored: number;
  /** Steps simulated in total. */
  totalSteps: number;
  /** Wall-clock seconds. */
  seconds: number;
  /**
   * Quantiles of σ over all chains, censored ones counted as > maxSteps (with a fixed cap this is
   * the Kaplan–Meier estimate); null where a quantile exceeds the cap.
   */
  quantiles: ExitQuantiles;
  /** Per chain. */
  exitSteps: Float64Array;
  exitPosition: Float64Array;
  /** Basin landed in (1-based), 0 if censored. */
  target: Int32Array;
  censoredMask: Uint8Array;
}

/** Options resolved once. */
export interface ResolvedExit extends ResolvedCommon {
  basin: number;
  start: number;
  maxSteps: number;
  chains: number;
  chunkSize: number;
}

/** Validates exit options (the one InputError shape on bad input). */
export function resolveExitOptions(options: ExitOptions): ResolvedExit {
  const common = resolveCommon(API, options, 'simulate/exit');
  const { landscape } = common;
  const n = landscape.minima.length;
  const basin = checkInteger(API, 'basin', options.basin, 1, n);
  const lo = basin > 1 ? landscape.saddles[basin - 2] : -landscape.box;
  const hi = basin < n ? landscape.saddles[basin - 1] : landscape.box;
  const start =
    options.start === undefined
      ? landscape.minima[basin - 1]
      : checkNumber(API, 'start', options.start, {
          min: lo,
          max: hi,
          openMin: basin > 1,
          openMax: basin < n,
          domain: `a number in basin ${basin}, ${basin > 1 ? '(' : '['}${lo}, ${hi}${basin < n ? ')' : ']'}`,
        });
  const maxSteps =
    options.maxSteps === undefined ? 10_000_000 : checkInteger(API, 'maxSteps', options.maxSteps, 1, 2 ** 52);
  const chains = checkInteger(API, 'chains', options.chains, 1, 2 ** 30);
  const chunkSize =
    options.chunkSize === undefined
      ? Math.max(1, Math.min(4096, Math.ceil(chains / (8 * common.workers))))
      : checkInteger(API, 'chunkSize', options.chunkSize, 1, 2 ** 30);
  return { ...common, basin, start, maxSteps, chains, chunkSize };
}

function chunkTasks(r: ResolvedExit): ExitChunkTask[] {
  const tasks: ExitChunkTask[] = [];
  for (let first = 0; first < r.chains; first += r.chunkSize) {
    tasks.push({
      landscape: r.kernelLandscape,
      noise: r.noise,
      stepSize: r.stepSize,
      truncation: r.truncation,
      key: r.key,
      basin: r.basin,
      start: r.start,
      maxSteps: r.maxSteps,
      firstChain: first,
      chainCount: Math.min(r.chunkSize, r.chains - first),
    });
  }
  return tasks;
}

function quantile(sorted: Float64Array, censoredFrom: number, p: number): number | null {
  // Type-7 (linear) empirical quantile; null once it touches the censored block at the top.
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  const j = Math.min(i + 1, sorted.length - 1);
  if (j >= censoredFrom && h > i) return null;
  if (i >= censoredFrom) return null;
  return sorted[i] + (h - i) * (sorted[j] - sorted[i]);
}

/** Builds the result from per-chunk results (in chain order). */
function assemble(r: ResolvedExit, parts: ExitChunkResult[], seconds: number): ExitResult {
  const N = r.chains;
  const exitSteps = new Float64Array(N);
  const exitPosition = new Float64Array(N);
  const target = new Int32Array(N);
  const censoredMask = new Uint8Array(N);
  let off = 0;
  let totalSteps = 0;
  for (const p of parts) {
    exitSteps.set(p.exitSteps, off);
    exitPosition.set(p.exitPosition, off);
    target.set(p.target, off);
    censoredMask.set(p.censored, off);
    off += p.exitSteps.length;
    totalSteps += p.totalSteps;
  }
  let exited = 0;
  let sum = 0;
  let left = 0;
  let right = 0;
  for (let i = 0; i < N; i++) {
    if (censoredMask[i]) continue;
    exited++;
    sum += exitSteps[i];
    if (target[i] < r.basin) left++;
    else right++;
  }
  const mean = exited > 0 ? sum / exited : NaN;
  let ss = 0;
  for (let i = 0; i < N; i++) if (!censoredMask[i]) ss += (exitSteps[i] - mean) ** 2;
  const standardError = exited > 1 ? Math.sqrt(ss / (exited - 1) / exited) : NaN;
  const sorted = Float64Array.from(exitSteps).sort();
  // Censored chains sit at the cap; an exit exactly at the cap ties with them, so only the top
  // `censored` order statistics are unknown.
  const nCens = N - exited;
  const from = N - nCens;
  const quantiles: ExitQuantiles = {
    p10: quantile(sorted, from, 0.1),
    p25: quantile(sorted, from, 0.25),
    p50: quantile(sorted, from, 0.5),
    p75: quantile(sorted, from, 0.75),
    p90: quantile(sorted, from, 0.9),
  };
  return {
    seed: r.seed,
    engine: r.engine,
    path: r.path,
    landscape: r.landscape.name,
    basin: r.basin,
    start: r.start,
    stepSize: r.stepSize,
    truncation: r.truncation,
    maxSteps: r.maxSteps,
    chains: N,
    meanExitSteps: mean,
    standardError,
    exitedLeft: left / N,
    exitedRight: right / N,
    censored: nCens,
    totalSteps,
    seconds,
    quantiles,
    exitSteps,
    exitPosition,
    target,
    censoredMask,
  };
}

/**
 * Runs an exit experiment in this thread, synchronously (for small runs and tests).
 * @throws InputError (ERR_INVALID_OPTION / ERR_INVALID_LANDSCAPE) on bad options.
 * @example runExitSync({ landscape: { kind: 'paper' }, noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
 *   stepSize: 0.05, truncation: 0.5, basin: 2, chains: 100, seed: 1 }).meanExitSteps
 */
export function runExitSync(options: ExitOptions, control: RunControl = {}): ExitResult {
  return runResolvedSync(resolveExitOptions(options), control);
}

function runResolvedSync(r: ResolvedExit, control: RunControl): ExitResult {
  const t0 = performance.now();
  const parts: ExitChunkResult[] = [];
  let done = 0;
  for (const task of chunkTasks(r)) {
    parts.push(kernelFor(r.engine).runExitChunk(task));
    done += task.chainCount;
    control.onProgress?.(done, r.chains);
  }
  return assemble(r, parts, (performance.now() - t0) / 1000);
}

/**
 * Runs an exit experiment: on `workers` worker threads (or in this thread when `workers` = 1).
 * Results are identical for every worker count and chunk size.
 * @throws InputError on bad options (synchronously validated, returned as a rejected Promise).
 */
export async function runExit(options: ExitOptions, control: RunControl = {}): Promise<ExitResult> {
  const r = resolveExitOptions(options);
  if (r.workers === 1) return runResolvedSync(r, control);
  const t0 = performance.now();
  const tasks = chunkTasks(r);
  let done = 0;
  const parts = await Promise.all(
    tasks.map((task) =>
      submitExit(task, r.workers, r.engine).then((res) => {
        done += task.chainCount;
        control.onProgress?.(done, r.chains);
        return res;
      }),
    ),
  );
  return assemble(r, parts, (performance.now() - t0) / 1000);
}
