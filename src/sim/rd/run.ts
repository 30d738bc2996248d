/**
 * Exit and trajectory runners for the R^d chain (issue 16), with the 1-D runners' seeding rules:
 * chain i of an experiment draws from `chainStream(deriveKey({seed, path}), i)` and nothing else, so
 * the numbers do not depend on chunking or on which worker ran a chunk (tested). They run in this
 * thread: the landscape holds closures (gradient, grid basins), which do not cross worker
 * boundaries; chunks are the unit a worker pool would take.
 *
 * Censored chains (still inside after `maxSteps`) are kept and marked, never averaged as exits.
 */
import { invalidOption } from '../../core/errors.ts';
import { checkInteger, checkNumber } from '../../core/guards.ts';
import { checkSeed, deriveKey, type Seed } from '../../rng/seeds.ts';
import { createNoiseLawRd, type NoiseSpecRd } from '../../model/rd/noise.ts';
import type { LandscapeRd } from '../../model/rd/types.ts';
import { runExitChains, runTrajectoryPaths, type MutantRd, type StepContext } from './kernel.ts';
import { noiseSampler } from './samplers.ts';
import { runExitChainsWasm, wasmRdCovers } from './wasm/index.ts';

/** Options shared by both modes. */
export interface CommonOptionsRd {
  landscape: LandscapeRd;
  noise: NoiseSpecRd;
  /** η in (0, 1]. */
  stepSize: number;
  /** b > 0, or Infinity (no clipping). */
  truncation: number;
  seed: Seed;
  /** Stream path. @default 'simulate-rd/exit' or 'simulate-rd/trajectory' */
  path?: string;
  /** A simulator mutant (checks only). */
  mutant?: MutantRd;
  mutantFactor?: number;
}

function resolveCommon(api: string, o: CommonOptionsRd, defaultPath: string) {
  const land = o.landscape;
  if (!land || typeof land.gradient !== 'function' || typeof land.basinOf !== 'function')
    throw invalidOption(api, 'landscape', 'a LandscapeRd (src/model/rd)', land);
  const law = createNoiseLawRd(o.noise);
  if (law.dimension !== land.dimension)
    throw invalidOption(api, 'noise.dimension', `the landscape's dimension ${land.dimension}`, law.dimension);
  const stepSize = checkNumber(api, 'stepSize', o.stepSize, { min: 0, openMin: true, max: 1 });
  const truncation =
    o.truncation === Infinity
      ? Infinity
      : checkNumber(api, 'truncation', o.truncation, {
          min: 0,
          openMin: true,
          domain: 'a positive number or Infinity',
        });
  const seed = checkSeed(api, o.seed);
  const path = o.path ?? defaultPath;
  const ctx: StepContext = {
    landscape: land,
    sample: noiseSampler(law),
    stepSize,
    truncation,
    mutant: o.mutant,
    mutantFactor: o.mutantFactor,
  };
  return { ctx, seed, path, key: deriveKey({ seed, path }), stepSize, truncation, law };
}

function checkPoint(api: string, name: string, v: unknown, land: LandscapeRd): Float64Array {
  if (!Array.isArray(v) && !(v instanceof Float64Array))
    throw invalidOption(api, name, `a point of ${land.dimension} numbers`, v);
  const arr = Array.from(v as ArrayLike<number>);
  if (arr.length !== land.dimension || arr.some((c) => typeof c !== 'number' || !Number.isFinite(c)))
    throw invalidOption(api, name, `a point of ${land.dimension} finite numbers`, arr);
  if (Math.hypot(...arr) > land.ball) throw invalidOption(api, name, `a point in the ball of radius ${land.ball}`, arr);
  return Float64Array.from(arr);
}

export interface ExitOptionsRd extends CommonOptionsRd {
  /** k, 1-based. */
  basin: number;
  /** X₀ in basin k. @default the minimiser of basin k (a segment's first end) */
  start?: ArrayLike<number>;
  /** @default 10_000_000 */
  maxSteps?: number;
  chains: number;
  /** Performance knob only: results do not depend on it. @default 256 */
  chunkSize?: number;
  /**
   * 'auto': the planar WASM kernel where it covers the run (src/sim/rd/wasm), else TypeScript;
   * 'ts': always TypeScript. Results are the same bits either way (tested). @default 'auto'
   */
  engine?: 'auto' | 'ts';
}

export interface ExitResultRd {
  seed: Seed;
  path: string;
  landscape: string;
  basin: number;
  start: number[];
  stepSize: number;
  truncation: number;
  chains: number;
  maxSteps: number;
  /** Over exited chains. */
  meanExitSteps: number;
  standardError: number;
  censored: number;
  /** landing[k]: fraction of exited chains whose X_σ is in basin k (k = 0: outside every basin). */
  landing: number[];
  exitSteps: Float64Array;
  /** chains × d. */
  exitPosition: Float64Array;
  /** −1 if censored. */
  target: Int32Array;
  censoredMask: Uint8Array;
  totalSteps: number;
  seconds: number;
  /** Which kernel ran the chains. */
  engine: 'wasm' | 'ts';
}

/**
 * First exits of basin k by many independent chains.
 * @example runExitRd({ landscape: wellLandscape({curvature: [1, 2], domain: [1, 1]}), noise: {kind: 'lomax', tailIndex: 1.5, scale: 0.1, dimension: 2}, stepSize: 0.05, truncation: 0.6, basin: 1, chains: 100, seed: 1 })
 */
export function runExitRd(options: ExitOptionsRd): ExitResultRd {
  const api = 'runExitRd';
  const t0 = performance.now();
  const r = resolveCommon(api, options, 'simulate-rd/exit');
  const land = options.landscape;
  const n = land.minima.length;
  const basin = checkInteger(api, 'basin', options.basin, 1, n);
  const start =
    options.start === undefined
      ? Float64Array.from(land.minima[basin - 1].point)
      : checkPoint(api, 'start', options.start, land);
  if (land.basinOf(start) !== basin) throw invalidOption(api, 'start', `a point in basin ${basin}`, Array.from(start));
  const maxSteps =
    options.maxSteps === undefined ? 10_000_000 : checkInteger(api, 'maxSteps', options.maxSteps, 1, 2 ** 52);
  const chains = checkInteger(api, 'chains', options.chains, 1, 2 ** 30);
  const chunk = options.chunkSize === undefined ? 256 : checkInteger(api, 'chunkSize', options.chunkSize, 1, 2 ** 30);
  const d = land.dimension;
  const exitSteps = new Float64Array(chains);
  const exitPosition = new Float64Array(chains * d);
  const target = new Int32Array(chains);
  const censoredMask = new Uint8Array(chains);
  let totalSteps = 0;
  const engine = options.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'ts') throw invalidOption(api, 'engine', "'auto' or 'ts'", engine);
  const task = { landscape: land, law: r.law, stepSize: r.stepSize, truncation: r.truncation };
  const wasm = engine === 'auto' && !options.mutant && wasmRdCovers(task);
  for (let first = 0; first < chains; first += chunk) {
    const count = Math.min(chunk, chains - first);
    const part = wasm
      ? runExitChainsWasm(task, r.key, basin, start, maxSteps, first, count)
      : runExitChains(r.ctx, r.key, basin, start, maxSteps, first, count);
    exitSteps.set(part.exitSteps, first);
    exitPosition.set(part.exitPosition, first * d);
    target.set(part.target, first);
    censoredMask.set(part.censored, first);
    totalSteps += part.totalSteps;
  }
  let exited = 0;
  let sum = 0;
  const landing = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < chains; i++) {
    if (censoredMask[i]) continue;
    exited++;
    sum += exitSteps[i];
    landing[target[i]]++;
  }
  const mean = exited > 0 ? sum / exited : NaN;
  let ss = 0;
  for (let i = 0; i < chains; i++) if (!censoredMask[i]) ss += (exitSteps[i] - mean) ** 2;
  return {
    seed: r.seed,
    path: r.path,
    landscape: land.name,
    basin,
    start: Array.from(start),
    stepSize: r.stepSize,
    truncation: r.truncation,
    chains,
    maxSteps,
    meanExitSteps: mean,
    standardError: exited > 1 ? Math.sqrt(ss / (exited - 1) / exited) : NaN,
    censored: chains - exited,
    landing: landing.map((c) => (exited > 0 ? c / exited : NaN)),
    exitSteps,
    exitPosition,
    target,
    censoredMask,
    totalSteps,
    seconds: (performance.now() - t0) / 1000,
    engine: wasm ? 'wasm' : 'ts',
  };
}

export interface TrajectoryOptionsRd extends CommonOptionsRd {
  start: ArrayLike<number>;
  paths: number;
  steps: number;
  /** Radius of the ball around a minimiser set that counts as a visit. @default 0.1 */
  epsilon?: number;
  /** Keep every `thin`-th iterate of path 0 (0: none). @default 0 */
  thin?: number;
}

export interface TrajectoryResultRd {
  seed: Seed;
  path: string;
  landscape: string;
  stepSize: number;
  truncation: number;
  paths: number;
  steps: number;
  /** occupancy[k]: fraction of all steps in basin k (k = 0: outside every basin). */
  occupancy: number[];
  /** perPath[p][k]: the same per path (the replication unit for error bars). */
  perPath: number[][];
  /** transitions[i][j] (0-based): visits of set j + 1 right after set i + 1, summed over paths. */
  transitions: number[][];
  sample: Float64Array;
  totalSteps: number;
  seconds: number;
}

/** Long paths: occupancy of every basin and transitions between minimiser sets. */
export function runTrajectoryRd(options: TrajectoryOptionsRd): TrajectoryResultRd {
  const api = 'runTrajectoryRd';
  const t0 = performance.now();
  const r = resolveCommon(api, options, 'simulate-rd/trajectory');
  const land = options.landscape;
  const n = land.minima.length;
  const start = checkPoint(api, 'start', options.start, land);
  const paths = checkInteger(api, 'paths', options.paths, 1, 2 ** 30);
  const steps = checkInteger(api, 'steps', options.steps, 1, 2 ** 52);
  const epsilon =
    options.epsilon === undefined ? 0.1 : checkNumber(api, 'epsilon', options.epsilon, { min: 0, openMin: true });
  const thin = options.thin === undefined ? 0 : checkInteger(api, 'thin', options.thin, 0);
  const perPath: number[][] = [];
  const transitions = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let sample: Float64Array = new Float64Array(0);
  for (let p = 0; p < paths; p++) {
    const part = runTrajectoryPaths(r.ctx, r.key, start, steps, epsilon, p, 1, p === 0 ? thin : 0);
    perPath.push(Array.from(part.occupancy, (c) => c / steps));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) transitions[i][j] += part.transitions[i * n + j];
    if (p === 0) sample = part.sample;
  }
  const occupancy = new Array<number>(n + 1).fill(0);
  perPath.forEach((row) => row.forEach((v, k) => (occupancy[k] += v / paths)));
  return {
    seed: r.seed,
    path: r.path,
    landscape: land.name,
    stepSize: r.stepSize,
    truncation: r.truncation,
    paths,
    steps,
    occupancy,
    perPath,
    transitions,
    sample,
    totalSteps: paths * steps,
    seconds: (performance.now() - t0) / 1000,
  };
}
