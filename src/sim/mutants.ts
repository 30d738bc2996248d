/**
 * A catalogue of deliberately wrong simulators (issue 4 item 7). A statistical check is only worth
 * something if it fails on a broken implementation: every mutant here breaks one named part of the
 * recursion of THEORY.md §1, `x ← φ_L(x − φ_b(η(f'(x) − Z)))`, and `properties/mutants.test.ts` shows
 * that each is caught by at least one check while the correct simulator is not.
 *
 * Run any experiment on a mutant by its engine name `mutant:<id>` (`runExit({ …, engine })`, or
 * `runChecks(declarations, { …, engine })` to run existing checks unchanged). Workers
 * receive the engine name with each task and resolve it here, so mutants work across threads.
 *
 * Most mutants are task transformations around the correct kernel (the WASM kernel, which hands what
 * it does not cover to the TypeScript kernel; both give the same numbers): they change a parameter
 * of the task and run the correct recursion on it, so chain i still draws from `chainStream(key, i)`.
 * Clipping only the gradient changes the recursion itself and has its own plain scalar kernel,
 * written with the contract's samplers (`samplers.ts`).
 */
import { compileGradient } from '../model/landscapes.ts';
import type { NoiseSpec } from '../model/types.ts';
import { chainStream } from '../rng/seeds.ts';
import { Xoshiro128 } from '../rng/xoshiro.ts';
import { basinOf, trajectoryChunkResult } from './kernel-ts.ts';
import { sampleNoise } from './samplers.ts';
import type {
  ChunkCommon,
  ExitChunkResult,
  ExitChunkTask,
  Kernel,
  TrajectoryChunkResult,
  TrajectoryChunkTask,
} from './types.ts';
import { wasmKernel } from './wasm/index.ts';

/** Which part of the theory's hypotheses (THEORY.md §1–2) a mutant breaks. */
export type MutantViolation =
  'truncation' | 'clip-placement' | 'tail-index' | 'noise-scale' | 'step-scaling' | 'box' | 'symmetry';

/** One deliberately wrong simulator. */
export interface Mutant {
  /** Stable id; the engine name is `mutant:<id>`. */
  readonly id: string;
  /** What is wrong, as a formula against the correct recursion, and when it is a no-op. */
  readonly description: string;
  readonly violates: MutantViolation;
  /** A kernel with the correct interface and the wrong law (src/sim/types.ts `Kernel`). */
  readonly kernel: Kernel;
}

/** The parameters a transformation may change (everything else of the task is kept). */
type CommonChange = Partial<Pick<ChunkCommon, 'noise' | 'truncation' | 'landscape' | 'stepSize'>>;

/**
 * A kernel that runs `base` on a transformed task. The transformation sees the whole task (it may
 * depend on η, e.g. the √η mutant) and returns only what it changes.
 */
function transformedKernel(
  name: string,
  change: (task: ChunkCommon) => CommonChange,
  base: Kernel = wasmKernel,
): Kernel {
  return {
    name,
    runExitChunk: (task: ExitChunkTask): ExitChunkResult => base.runExitChunk({ ...task, ...change(task) }),
    runTrajectoryChunk: (task: TrajectoryChunkTask): TrajectoryChunkResult =>
      base.runTrajectoryChunk({ ...task, ...change(task) }),
  };
}

/** The noise spec with its tail index raised by `delta` (Gaussian noise has none: unchanged). */
function shiftTailIndex(noise: NoiseSpec, delta: number): NoiseSpec {
  if (noise.kind === 'gaussian') return noise;
  // A stable index must stay ≤ 2 for the CMS formula to be a law; cap just below it.
  const tailIndex = noise.kind === 'stable' ? Math.min(2, noise.tailIndex + delta) : noise.tailIndex + delta;
  return { ...noise, tailIndex };
}

/** Lomax noise with p₊ = `pPlus` (other laws are symmetric by construction: unchanged). */
function skewLomax(noise: NoiseSpec, pPlus: number): NoiseSpec {
  return noise.kind === 'lomax' ? { ...noise, pPlus } : noise;
}

const gradientCache = new Map<string, (x: number) => number>();
function gradientOf(source: string): (x: number) => number {
  let g = gradientCache.get(source);
  if (!g) {
    g = compileGradient(source);
    gradientCache.set(source, g);
  }
  return g;
}

/**
 * One step of the clip-the-gradient-only mutant: x − (φ_b(η f'(x)) − η Z), then the box. The noise
 * enters unclipped, so the heavy tail of Z reaches the iterate: the truncated theory's order
 * 1 + l*(α−1) no longer applies (exits come in one jump, as for b = ∞).
 */
function gradientOnlyStep(x: number, g: number, z: number, eta: number, b: number, L: number): number {
  let s = eta * g;
  s = s > b ? b : s < -b ? -b : s;
  x = x - (s - eta * z);
  return x > L ? L : x < -L ? -L : x;
}

/** Exit mode of the gradient-only mutant: a plain scalar loop, chain i on `chainStream(key, i)`. */
function gradientOnlyExit(task: ExitChunkTask): ExitChunkResult {
  const { landscape, noise, basin, stepSize: eta, truncation: b } = task;
  const grad = gradientOf(landscape.gradientSource);
  const nb = landscape.minima.length;
  const lo = basin > 1 ? landscape.saddles[basin - 2] : -Infinity;
  const hi = basin < nb ? landscape.saddles[basin - 1] : Infinity;
  const L = landscape.box;
  const count = task.chainCount;
  const exitSteps = new Float64Array(count);
  const exitPosition = new Float64Array(count);
  const target = new Int32Array(count);
  const censored = new Uint8Array(count);
  let totalSteps = 0;
  for (let i = 0; i < count; i++) {
    const rng = chainStream(task.key, task.firstChain + i);
    let x = task.start;
    let n = 0;
    let done = false;
    while (n < task.maxSteps) {
      n++;
      const z = sampleNoise(rng, noise);
      x = gradientOnlyStep(x, grad(x), z, eta, b, L);
      if (x <= lo || x >= hi) {
        done = true;
        break;
      }
    }
    exitSteps[i] = n;
    exitPosition[i] = x;
    censored[i] = done ? 0 : 1;
    if (done) target[i] = x >= hi ? Math.max(basin + 1, basinOf(landscape.saddles, x)) : basinOf(landscape.saddles, x);
    totalSteps += n;
  }
  return { exitSteps, exitPosition, target, censored, totalSteps };
}

/**
 * Trajectory mode of the gradient-only mutant, with the semantics of `TrajectoryChunkTask` (basin
 * counts, visits within ε, transitions, optional recording, resumable state). Draws one noise value
 * per step, so the stream state after a segment equals the block kernels' whenever the segment is a
 * multiple of the noise block (the only case where segments continue).
 */
function gradientOnlyTrajectory(task: TrajectoryChunkTask): TrajectoryChunkResult {
  const { landscape, noise, pathCount, stepSize: eta, truncation: b } = task;
  const grad = gradientOf(landscape.gradientSource);
  const nb = landscape.minima.length;
  const L = landscape.box;
  const xs = new Float64Array(pathCount);
  const last = new Int32Array(pathCount);
  const rngState = new Uint32Array(4 * pathCount);
  const visitCap = task.record?.visitCap ?? 0;
  const sampleEvery = task.record?.sampleEvery ?? 0;
  const basinSteps = new Float64Array(pathCount * nb);
  const transitions = new Float64Array(nb * nb);
  const visitMin: number[][] = [];
  const visitStep: number[][] = [];
  const samples: number[][] = [];
  const dropped = new Float64Array(pathCount);
  for (let p = 0; p < pathCount; p++) {
    let rng: Xoshiro128;
    let x: number;
    let lm: number;
    if (task.state) {
      rng = new Xoshiro128(task.state.rng.subarray(4 * p, 4 * p + 4));
      x = task.state.x[p];
      lm = task.state.lastMinimum[p];
    } else {
      rng = chainStream(task.key, task.firstPath + p);
      x = task.start;
      const k0 = basinOf(landscape.saddles, x);
      lm = Math.abs(x - landscape.minima[k0 - 1]) < task.epsilon ? k0 : 0;
    }
    const vm: number[] = [];
    const vs: number[] = [];
    const smp: number[] = [];
    for (let j = 1; j <= task.steps; j++) {
      const z = sampleNoise(rng, noise);
      x = gradientOnlyStep(x, grad(x), z, eta, b, L);
      const k = basinOf(landscape.saddles, x);
      basinSteps[p * nb + k - 1] += 1;
      const d = x - landscape.minima[k - 1];
      if (d < task.epsilon && d > -task.epsilon && lm !== k) {
        if (lm !== 0) transitions[(lm - 1) * nb + k - 1] += 1;
        lm = k;
        if (vm.length < visitCap) {
          vm.push(k);
          vs.push(task.stepOffset + j);
        } else dropped[p] += 1;
      }
      if (sampleEvery > 0 && (task.stepOffset + j) % sampleEvery === 0) smp.push(x);
    }
    xs[p] = x;
    last[p] = lm;
    rngState.set(rng.state(), 4 * p);
    visitMin.push(vm);
    visitStep.push(vs);
    samples.push(smp);
  }
  return trajectoryChunkResult(
    basinSteps,
    transitions,
    { x: xs, lastMinimum: last, rng: rngState },
    { visitCap, visitMin, visitStep, dropped, sampleEvery, samples },
  );
}

function mutant(id: string, violates: MutantViolation, description: string, kernel: (name: string) => Kernel): Mutant {
  return { id, violates, description, kernel: kernel(`mutant:${id}`) };
}

/**
 * Every mutant, by id. Mutants that change a parameter the task does not use are no-ops there (said
 * in each description), so a test must pick points where each one bites: finite b for the clipping
 * mutants, Lomax noise for the asymmetric ones, a heavy tail for the tail-index one.
 */
export const MUTANTS: readonly Mutant[] = [
  mutant(
    'clip-gradient-only',
    'clip-placement',
    "clips only the gradient step and adds the noise unclipped: x − (φ_b(η f'(x)) − η Z), then the box " +
      '(own scalar kernel; the correct law when b = ∞, equal up to rounding)',
    (name) => ({ name, runExitChunk: gradientOnlyExit, runTrajectoryChunk: gradientOnlyTrajectory }),
  ),
  mutant('clip-half', 'truncation', "clips at b/2 instead of b: x − φ_{b/2}(η(f'(x) − Z)) (no-op when b = ∞)", (name) =>
    transformedKernel(name, (t) => ({ truncation: t.truncation / 2 })),
  ),
  mutant(
    'tail-index-plus-0.3',
    'tail-index',
    'draws the noise with tail index α + 0.3 instead of α (a stable index is capped at 2; Gaussian noise unchanged)',
    (name) => transformedKernel(name, (t) => ({ noise: shiftTailIndex(t.noise, 0.3) })),
  ),
  mutant('noise-scale-x2', 'noise-scale', 'draws the noise at twice its scale: Z → 2Z', (name) =>
    transformedKernel(name, (t) => ({ noise: { ...t.noise, scale: 2 * t.noise.scale } })),
  ),
  mutant(
    'noise-sqrt-eta',
    'step-scaling',
    "scales the noise by √η instead of η: x − φ_b(η f'(x) − √η Z), run as noise scale c/√η",
    (name) => transformedKernel(name, (t) => ({ noise: { ...t.noise, scale: t.noise.scale / Math.sqrt(t.stepSize) } })),
  ),
  mutant(
    'no-box',
    'box',
    'drops the projection onto [−L, L] (L = ∞); a chain thrown far out may diverge (then it never exits ' +
      'and is censored). Observable only when the box binds, e.g. exits from an end basin with b = ∞',
    (name) => transformedKernel(name, (t) => ({ landscape: { ...t.landscape, box: Infinity } })),
  ),
  mutant(
    'asymmetric-centred',
    'symmetry',
    "two-sided Lomax with p₊ = 0.7, centred by the contract's shift c·(2p₊ − 1)/(α − 1) so E Z = 0 still " +
      '(the subtler of the two asymmetric mutants: only the jump directions change; Lomax noise only)',
    (name) => transformedKernel(name, (t) => ({ noise: skewLomax(t.noise, 0.7) })),
  ),
];

/** The mutant with this id, or undefined. */
export function mutantById(id: string): Mutant | undefined {
  return MUTANTS.find((m) => m.id === id);
}
