/**
 * Trajectory runs (THEORY.md §6, §8): independent long paths, counting the steps spent in each basin
 * and the transitions between minima. Paths are grouped into tasks and long paths cut into segments
 * (multiples of the noise block), each ≤ ~1 s of work; path i always draws from
 * `chainStream(deriveKey({seed, path}), i)`, so grouping, segmentation and worker count never change
 * a number.
 */
import { checkInteger, checkNumber } from '../core/guards.ts';
import { invalidOption } from '../core/errors.ts';
import type { Seed } from '../rng/seeds.ts';
import { kernelFor, type Engine } from './engines.ts';
import { resolveCommon, type CommonRunOptions, type ResolvedCommon, type RunControl } from './options.ts';
import { submitTrajectory } from './pool.ts';
import { TRAJECTORY_SEGMENT_QUANTUM, type TrajectoryChunkResult, type TrajectoryChunkTask } from './types.ts';

const API = 'runTrajectory';

/** About this many path-steps per task (≈ 0.5–1 s on one core). */
const TASK_STEPS = 16_777_216;

/** Options of a trajectory run. */
export interface TrajectoryOptions extends CommonRunOptions {
  /** X_0 in [−L, L]. */
  start: number;
  /** Steps per path, ≥ 1. */
  steps: number;
  /** Number of independent paths, ≥ 1. @default 1 */
  paths?: number;
  /** Visit radius ε around each minimum, 0 < ε < min distance from a minimum to its saddles. @default 0.1 */
  epsilon?: number;
  /** Keep up to `visitCap` (minimum, step) visits per path; keep X every `sampleEvery` steps. */
  record?: { visitCap?: number; sampleEvery?: number };
  /** Steps per segment (a performance knob; rounded to the noise block). @default automatic */
  segmentSteps?: number;
}

/** The result of a trajectory run. */
export interface TrajectoryResult {
  seed: Seed;
  /** The engine asked for (tasks outside the WASM kernel's coverage ran on 'ts'; same numbers). */
  engine: Engine;
  path: string;
  landscape: string;
  start: number;
  stepSize: number;
  truncation: number;
  epsilon: number;
  paths: number;
  steps: number;
  /** Fraction of all path-steps (n = 1..N) spent in each basin, basins in order; sums to 1. */
  occupancy: number[];
  /** Steps per basin summed over paths. */
  basinSteps: number[];
  /** Per path (row), steps per basin. */
  basinStepsPerPath: number[][];
  /** transitions[i][j]: arrivals at m_{j+1} whose previous visited minimum was m_{i+1}, all paths. */
  transitions: number[][];
  totalSteps: number;
  seconds: number;
  /** With `record.visitCap`: per path, the visits (minimum 1-based, step), and how many were dropped. */
  visits?: { minimum: number[]; step: number[]; dropped: number }[];
  /** With `record.sampleEvery`: per path, X at steps sampleEvery, 2·sampleEvery, … */
  samples?: Float64Array[];
}

/** Options resolved once. */
export interface ResolvedTrajectory extends ResolvedCommon {
  start: number;
  steps: number;
  paths: number;
  epsilon: number;
  visitCap: number;
  sampleEvery: number;
  groupSize: number;
  segmentSteps: number;
}

/** Validates trajectory options. */
export function resolveTrajectoryOptions(options: TrajectoryOptions): ResolvedTrajectory {
  const common = resolveCommon(API, options, 'simulate/trajectory');
  const { landscape } = common;
  const L = landscape.box;
  const start = checkNumber(API, 'start', options.start, { min: -L, max: L, domain: `a number in [${-L}, ${L}]` });
  const steps = checkInteger(API, 'steps', options.steps, 1, 2 ** 52);
  const paths = options.paths === undefined ? 1 : checkInteger(API, 'paths', options.paths, 1, 2 ** 30);
  let maxEps = Infinity;
  landscape.minima.forEach((m, k) => {
    if (k > 0) maxEps = Math.min(maxEps, m - landscape.saddles[k - 1]);
    if (k < landscape.saddles.length) maxEps = Math.min(maxEps, landscape.saddles[k] - m);
  });
  const epsilon =
    options.epsilon === undefined
      ? 0.1
      : checkNumber(API, 'epsilon', options.epsilon, { min: 0, openMin: true, domain: `a number in (0, ${maxEps})` });
  if (!(epsilon < maxEps)) {
    throw invalidOption(
      API,
      'epsilon',
      `a number in (0, ${maxEps}) (below every minimum's distance to its saddles)`,
      epsilon,
    );
  }
  const visitCap =
    options.record?.visitCap === undefined
      ? 0
      : checkInteger(API, 'record.visitCap', options.record.visitCap, 0, 2 ** 26);
  const sampleEvery =
    options.record?.sampleEvery === undefined
      ? 0
      : checkInteger(API, 'record.sampleEvery', options.record.sampleEvery, 1, 2 ** 52);
  if (sampleEvery > 0 && (steps / sampleEvery) * paths > 2 ** 26) {
    throw invalidOption(
      API,
      'record.sampleEvery',
      `at least ${Math.ceil((steps * paths) / 2 ** 26)} (≤ 2^26 samples in all)`,
      sampleEvery,
    );
  }
  const Q = TRAJECTORY_SEGMENT_QUANTUM;
  // Groups of up to 32 paths (SIMD kernels run them side by side), more when paths are short, but
  // at least one group per worker; then segments sized so a task is about TASK_STEPS path-steps.
  const groupSize = Math.max(
    1,
    Math.min(Math.ceil(paths / common.workers), Math.max(32, Math.floor(TASK_STEPS / steps))),
  );
  const segmentSteps =
    options.segmentSteps === undefined
      ? Math.max(Q, Math.floor(TASK_STEPS / groupSize / Q) * Q)
      : Math.max(Q, Math.floor(checkInteger(API, 'segmentSteps', options.segmentSteps, 1, 2 ** 52) / Q) * Q);
  return { ...common, start, steps, paths, epsilon, visitCap, sampleEvery, groupSize, segmentSteps };
}

/** The task for segment starting after step `offset` of the group starting at `first`. */
function task(
  r: ResolvedTrajectory,
  first: number,
  count: number,
  offset: number,
  prev: TrajectoryChunkResult | null,
): TrajectoryChunkTask {
  const t: TrajectoryChunkTask = {
    landscape: r.kernelLandscape,
    noise: r.noise,
    stepSize: r.stepSize,
    truncation: r.truncation,
    key: r.key,
    start: r.start,
    steps: Math.min(r.segmentSteps, r.steps - offset),
    stepOffset: offset,
    epsilon: r.epsilon,
    firstPath: first,
    pathCount: count,
    ...(prev ? { state: prev.state } : {}),
    ...(r.visitCap > 0 || r.sampleEvery > 0
      ? {
          record: {
            ...(r.visitCap > 0 ? { visitCap: r.visitCap } : {}),
            ...(r.sampleEvery > 0 ? { sampleEvery: r.sampleEvery } : {}),
          },
        }
      : {}),
  };
  return t;
}

/** Accumulates one group's segments. */
class GroupAcc {
  readonly basinSteps: Float64Array;
  readonly transitions: Float64Array;
  readonly visits: { minimum: number[]; step: number[]; dropped: number }[];
  readonly samples: number[][];
  constructor(
    readonly first: number,
    readonly count: number,
    n: number,
  ) {
    this.basinSteps = new Float64Array(count * n);
    this.transitions = new Float64Array(n * n);
    this.visits = Array.from({ length: count }, () => ({ minimum: [], step: [], dropped: 0 }));
    this.samples = Array.from({ length: count }, () => []);
  }
  add(res: TrajectoryChunkResult, visitCap: number): void {
    for (let i = 0; i < res.basinSteps.length; i++) this.basinSteps[i] += res.basinSteps[i];
    for (let i = 0; i < res.transitions.length; i++) this.transitions[i] += res.transitions[i];
    if (res.visits) {
      for (let p = 0; p < this.count; p++) {
        const v = this.visits[p];
        const mins = res.visits.minimum[p];
        v.dropped += res.visits.dropped[p];
        for (let i = 0; i < mins.length; i++) {
          if (v.minimum.length < visitCap) {
            v.minimum.push(mins[i]);
            v.step.push(res.visits.step[p][i]);
          } else v.dropped++;
        }
      }
    }
    if (res.samples) for (let p = 0; p < this.count; p++) for (const x of res.samples[p]) this.samples[p].push(x);
  }
}

function groups(r: ResolvedTrajectory): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let first = 0; first < r.paths; first += r.groupSize) out.push([first, Math.min(r.groupSize, r.paths - first)]);
  return out;
}

function assemble(r: ResolvedTrajectory, accs: GroupAcc[], seconds: number): TrajectoryResult {
  const n = r.landscape.minima.length;
  const basinSteps = new Array<number>(n).fill(0);
  const basinStepsPerPath: number[][] = [];
  const transitions = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const a of accs) {
    for (let p = 0; p < a.count; p++) {
      const row = Array.from(a.basinSteps.subarray(p * n, (p + 1) * n));
      basinStepsPerPath.push(row);
      row.forEach((v, k) => (basinSteps[k] += v));
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) transitions[i][j] += a.transitions[i * n + j];
  }
  const totalSteps = r.steps * r.paths;
  const result: TrajectoryResult = {
    seed: r.seed,
    engine: r.engine,
    path: r.path,
    landscape: r.landscape.name,
    start: r.start,
    stepSize: r.stepSize,
    truncation: r.truncation,
    epsilon: r.epsilon,
    paths: r.paths,
    steps: r.steps,
    occupancy: basinSteps.map((v) => v / totalSteps),
    basinSteps,
    basinStepsPerPath,
    transitions,
    totalSteps,
    seconds,
  };
  if (r.visitCap > 0) result.visits = accs.flatMap((a) => a.visits);
  if (r.sampleEvery > 0) result.samples = accs.flatMap((a) => a.samples.map((s) => Float64Array.from(s)));
  return result;
}

/** Runs a resolved trajectory experiment in this thread. */
function runResolvedSync(r: ResolvedTrajectory, control: RunControl): TrajectoryResult {
  const t0 = performance.now();
  const n = r.landscape.minima.length;
  const total = r.steps * r.paths;
  let done = 0;
  const accs = groups(r).map(([first, count]) => {
    const acc = new GroupAcc(first, count, n);
    let prev: TrajectoryChunkResult | null = null;
    for (let off = 0; off < r.steps; off += r.segmentSteps) {
      const t = task(r, first, count, off, prev);
      prev = kernelFor(r.engine).runTrajectoryChunk(t);
      acc.add(prev, r.visitCap);
      done += t.steps * count;
      control.onProgress?.(done, total);
    }
    return acc;
  });
  return assemble(r, accs, (performance.now() - t0) / 1000);
}

/**
 * Runs a trajectory experiment in this thread, synchronously (small runs, tests).
 * @throws InputError on bad options.
 * @example runTrajectorySync({ landscape: { kind: 'paper' }, noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
 *   stepSize: 0.001, truncation: 0.5, start: 0.3, steps: 1e6, paths: 2, seed: 1 }).occupancy
 */
export function runTrajectorySync(options: TrajectoryOptions, control: RunControl = {}): TrajectoryResult {
  return runResolvedSync(resolveTrajectoryOptions(options), control);
}

/**
 * Runs a trajectory experiment on `workers` worker threads (in this thread when `workers` = 1);
 * results are identical for every worker count, grouping and segmentation.
 * @throws InputError on bad options (as a rejected Promise).
 */
export async function runTrajectory(options: TrajectoryOptions, control: RunControl = {}): Promise<TrajectoryResult> {
  const r = resolveTrajectoryOptions(options);
  if (r.workers === 1) return runResolvedSync(r, control);
  const t0 = performance.now();
  const n = r.landscape.minima.length;
  const total = r.steps * r.paths;
  let done = 0;
  const accs = await Promise.all(
    groups(r).map(async ([first, count]) => {
      const acc = new GroupAcc(first, count, n);
      let prev: TrajectoryChunkResult | null = null;
      for (let off = 0; off < r.steps; off += r.segmentSteps) {
        const t = task(r, first, count, off, prev);
        prev = await submitTrajectory(t, r.workers, r.engine);
        acc.add(prev, r.visitCap);
        done += t.steps * count;
        control.onProgress?.(done, total);
      }
      return acc;
    }),
  );
  return assemble(r, accs, (performance.now() - t0) / 1000);
}
