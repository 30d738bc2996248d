/**
 * The WebAssembly SIMD kernel behind the `Kernel` interface (src/sim/types.ts).
 *
 * `kernel.wasm` is compiled from `assembly/kernel.ts` by `node ci/build-wasm.mjs` and committed, so
 * users need no compiler; CI rebuilds it and fails on any byte difference. It is instantiated once
 * per thread (module scope), from the committed bytes, on first use.
 *
 * Coverage (the rest falls back to the TypeScript kernel, which gives the same numbers by
 * construction, so callers never see which engine ran a task):
 * - landscapes: `polynomial` with 1–9 roots, whenever the model's `gradientSource` evaluates to the
 *   same bits as `scale·(x − r₁)·(x − r₂)…` left to right (checked once per landscape on a grid);
 *   the paper's landscape (its h₁ = exp(0.6·log a) in the model, reproduced bit for bit here);
 * - noise: all four laws: `lomax` (any p₊), `gaussian`, `student-t` and `stable` (log, exp, cos and
 *   sin re-derived from fdlibm, as V8's Math functions; the contract computes powers as
 *   exp(log(base)·exponent), see samplers.ts);
 * - exit mode, and trajectory mode (with `record`: visit sequences and sample paths); b finite or
 *   `Infinity`; the box.
 *
 * Numbers: bit-identical to the TypeScript kernel (`tsKernel`) chain by chain: same xoshiro128**
 * streams (`writeChainState`), same uniforms, the contract's formulas in the same operation order,
 * and log/exp that reproduce V8's `Math.log`/`Math.exp` bits (see `reference-math.ts`).
 */
import { readFileSync } from 'node:fs';
import {
  NOISE_BLOCK,
  type ExitChunkResult,
  type ExitChunkTask,
  type Kernel,
  type KernelLandscape,
  type TrajectoryChunkResult,
  type TrajectoryChunkTask,
} from '../types.ts';
import { basinOf, trajectoryChunkResult, tsKernel, type TrajectoryRecordBuffers } from '../kernel-ts.ts';
import { writeChainState } from '../../rng/seeds.ts';
import { visitWindows } from './visit-windows.ts';
import type { NoiseSpec } from '../../model/types.ts';

interface KernelExports {
  memory: WebAssembly.Memory;
  setNoise(c: number, alpha: number, pPlus: number, shift: number): void;
  setStep(stepSize: number, b: number, box: number, lo: number, hi: number): void;
  setPolynomial(scale: number, n: number, ...roots: number[]): void;
  setKey(k0: number, k1: number, k2: number, k3: number): void;
  setPaper(): void;
  gradArray(ptr: number, n: number): void;
  setLayout(
    rng: number,
    x: number,
    noise: number,
    x0: number,
    slotChain: number,
    slotDone: number,
    outSteps: number,
    outPos: number,
    outCensored: number,
  ): void;
  blockSteps(): number;
  getTotalSteps(): number;
  exitBegin(units: number, first: number, count: number, x0: number, cap: number): void;
  exitBlock(units: number): number;
  exitCompact(units: number): number;
  setTrajectory(last: number, counts: number, trans: number, geo: number, nb: number, eps: number): void;
  trajectoryBlock(units: number, paths: number, steps: number): void;
  setVisitLog(log: number): void;
  takeVisitCount(): number;
  setSamples(ptr: number, j0: number, every: number, count: number): void;
  logArray(ptr: number, n: number): void;
  cosArray(ptr: number, n: number): void;
  setNoiseKind(kind: number): void;
  setScratch(scratch: number): void;
  sinArray(ptr: number, n: number): void;
  expArray(ptr: number, n: number): void;
  lomaxHalfArray(words: number, out: number, n: number): void;
}

export { visitWindows };

/** Largest root count the WASM gradient supports. */
export const WASM_MAX_ROOTS = 9;
/**
 * Units (of 8 slots) in exit mode: at most 64 (64 × 8 × 256 steps ≈ 1 ms a call), and about one
 * unit per 64 chains, so each slot runs several chains in turn and the tail stays short.
 */
const MAX_UNITS = 64;
const CHAINS_PER_UNIT = 64;

let instance: KernelExports | null = null;

/** The committed module's bytes (also used by `ci/build-wasm.mjs` tests). */
export function wasmBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(new URL('./kernel.wasm', import.meta.url)));
}

function kernelExports(): KernelExports {
  if (instance === null) {
    const module = new WebAssembly.Module(wasmBytes());
    instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('kernel.wasm: abort');
        },
      },
    }).exports as unknown as KernelExports;
    if (instance.blockSteps() !== NOISE_BLOCK) throw new Error('kernel.wasm: block size differs from NOISE_BLOCK');
  }
  return instance;
}

/** Bump allocator over linear memory; grows it as needed (views must be re-created afterwards). */
class Arena {
  private top = 1024;
  constructor(private readonly wasm: KernelExports) {}
  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 15) & ~15;
    const need = this.top - this.wasm.memory.buffer.byteLength;
    if (need > 0) this.wasm.memory.grow(Math.ceil(need / 65536));
    return at;
  }
}

const gradientCheck = new Map<string, boolean>();

/** The gradient in the WASM kernel's operation order (scalar twin of `sgrad`). */
function polyGradient(scale: number, roots: readonly number[], x: number): number {
  let g = scale * (x - roots[0]);
  for (let k = 1; k < roots.length; k++) g = g * (x - roots[k]);
  return g;
}

/**
 * Whether the WASM kernel can run this landscape with the same bits as `gradientSource`: the spec is
 * a polynomial with 1–9 roots and the model's formula agrees bit for bit on a 4097-point grid of
 * [−L, L] plus the roots and their neighbours.
 */
export function wasmSupportsLandscape(landscape: KernelLandscape): boolean {
  const spec = landscape.spec;
  if (spec.kind !== 'polynomial' || spec.roots.length < 1 || spec.roots.length > WASM_MAX_ROOTS) return false;
  const key = `${JSON.stringify(spec)}|${landscape.gradientSource}`;
  const known = gradientCheck.get(key);
  if (known !== undefined) return known;
  const model = new Function('x', `var g = 0; ${landscape.gradientSource}\nreturn g;`) as (x: number) => number;
  const scale = spec.scale ?? 1;
  const L = landscape.box;
  const probes: number[] = [];
  for (let i = 0; i <= 4096; i++) probes.push(-L + (2 * L * i) / 4096);
  for (const r of spec.roots) probes.push(r, r * (1 + 1e-9) + 1e-12, r - 1e-7, r + 1e-7);
  let ok = true;
  for (const x of probes) {
    if (!Object.is(model(x), polyGradient(scale, spec.roots, x))) {
      ok = false;
      break;
    }
  }
  gradientCheck.set(key, ok);
  return ok;
}

/**
 * The WASM kernel's f' at `xs` for a landscape it can run (`paper` included), computed by the same
 * scalar code its exit replays use (bit-identical to its SIMD lanes).
 */
export function wasmGradient(landscape: KernelLandscape, xs: Float64Array): Float64Array {
  const wasm = kernelExports();
  setLandscape(wasm, landscape);
  const at = new Arena(wasm).alloc(xs.length * 8);
  new Float64Array(wasm.memory.buffer, at, xs.length).set(xs);
  wasm.gradArray(at, xs.length);
  return new Float64Array(wasm.memory.buffer, at, xs.length).slice();
}

const paperCheck = new Map<string, boolean>();

/**
 * Whether the hand-coded paper gradient reproduces the model's `gradientSource` bit for bit on a
 * 4097-point grid of the box: it guards against the model's formula changing under the WASM kernel
 * (a changed formula silently falls back to the TS kernel).
 */
function paperMatches(landscape: KernelLandscape): boolean {
  const known = paperCheck.get(landscape.gradientSource);
  if (known !== undefined) return known;
  const model = new Function('x', `var g = 0; ${landscape.gradientSource}\nreturn g;`) as (x: number) => number;
  const L = landscape.box;
  const xs = new Float64Array(4097);
  for (let i = 0; i < xs.length; i++) xs[i] = -L + (2 * L * i) / (xs.length - 1);
  const w = wasmGradient(landscape, xs);
  let ok = true;
  for (let i = 0; i < xs.length; i++) {
    const m = model(xs[i]);
    if (!Object.is(w[i], m)) ok = false;
  }
  paperCheck.set(landscape.gradientSource, ok);
  return ok;
}

/** Whether the WASM kernel covers this noise law: all four laws of the contract (kept for callers). */
export function wasmSupportsNoise(noise: NoiseSpec): boolean {
  return noise.kind === 'lomax' || noise.kind === 'gaussian' || noise.kind === 'student-t' || noise.kind === 'stable';
}

function setLandscape(wasm: KernelExports, landscape: KernelLandscape): void {
  if (landscape.spec.kind === 'paper') {
    wasm.setPaper();
    return;
  }
  const spec = landscape.spec;
  const r = [...spec.roots];
  while (r.length < WASM_MAX_ROOTS) r.push(0);
  wasm.setPolynomial(spec.scale ?? 1, spec.roots.length, ...r);
}

function configure(wasm: KernelExports, task: ExitChunkTask | TrajectoryChunkTask, lo: number, hi: number): void {
  const noise = task.noise;
  if (noise.kind === 'lomax') {
    const pPlus = noise.pPlus ?? 0.5;
    const shift = pPlus !== 0.5 ? (2 * pPlus - 1) / (noise.tailIndex - 1) : 0;
    wasm.setNoiseKind(0);
    wasm.setNoise(noise.scale, noise.tailIndex, pPlus, shift);
  } else if (noise.kind === 'gaussian') {
    wasm.setNoiseKind(1);
    wasm.setNoise(noise.scale, 2, 0.5, 0);
  } else {
    wasm.setNoiseKind(noise.kind === 'student-t' ? 2 : 3);
    wasm.setNoise(noise.scale, noise.tailIndex, 0.5, 0);
  }
  wasm.setStep(task.stepSize, task.truncation, task.landscape.box, lo, hi);
  setLandscape(wasm, task.landscape);
  wasm.setKey(task.key[0], task.key[1], task.key[2], task.key[3]);
}

/** Options of {@link createWasmKernel}. */
export interface WasmKernelOptions {
  /**
   * The paper's landscape: `'wasm'` runs it on WASM (bit-identical to the TS kernel since the model
   * computes h₁ = exp(0.6·log a), which the fdlibm ports reproduce); `'fallback'` forces the TS
   * kernel. @default 'wasm'
   */
  paper?: 'fallback' | 'wasm';
}

function covered(task: ExitChunkTask | TrajectoryChunkTask, options: WasmKernelOptions): boolean {
  if (!wasmSupportsNoise(task.noise)) return false;
  if (task.landscape.spec.kind === 'paper') return options.paper !== 'fallback' && paperMatches(task.landscape);
  return wasmSupportsLandscape(task.landscape);
}

/** Exit-mode chunk on WASM when covered, else on the TS kernel (same numbers either way). */
export function runExitChunkWasm(task: ExitChunkTask, options: WasmKernelOptions = {}): ExitChunkResult {
  if (!covered(task, options)) return tsKernel.runExitChunk(task);
  const wasm = kernelExports();
  const { landscape, basin } = task;
  const nb = landscape.minima.length;
  const lo = basin > 1 ? landscape.saddles[basin - 2] : -Infinity;
  const hi = basin < nb ? landscape.saddles[basin - 1] : Infinity;
  const count = task.chainCount;
  const units = Math.max(1, Math.min(MAX_UNITS, Math.ceil(count / CHAINS_PER_UNIT)));
  const B = NOISE_BLOCK;
  const arena = new Arena(wasm);
  const rngP = arena.alloc(units * 128);
  const xP = arena.alloc(units * 64);
  const noiseP = arena.alloc((B + 1) * 64);
  const scratchP = arena.alloc((B + 1) * 64);
  const x0P = arena.alloc(192);
  const chainP = arena.alloc(units * 32);
  const doneP = arena.alloc(units * 64);
  const stepsP = arena.alloc(count * 8);
  const posP = arena.alloc(count * 8);
  const censP = arena.alloc(count);
  configure(wasm, task, lo, hi);
  wasm.setLayout(rngP, xP, noiseP, x0P, chainP, doneP, stepsP, posP, censP);
  wasm.setScratch(scratchP);
  wasm.exitBegin(units, task.firstChain, count, task.start, task.maxSteps);
  let live = units;
  for (;;) {
    const active = wasm.exitBlock(live);
    if (active === 0) break;
    // Idle slots cost a full unit's work; once the queue is empty, pack the running chains.
    if (active <= 8 * (live - 1)) live = wasm.exitCompact(live);
  }
  // Views are made only now: memory may have grown during allocation.
  const buf = wasm.memory.buffer;
  const exitSteps = new Float64Array(buf, stepsP, count).slice();
  const exitPosition = new Float64Array(buf, posP, count).slice();
  const censored = new Uint8Array(buf, censP, count).slice();
  const target = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (censored[i]) continue;
    const x = exitPosition[i];
    target[i] = x >= hi ? Math.max(basin + 1, basinOf(landscape.saddles, x)) : basinOf(landscape.saddles, x);
  }
  return { exitSteps, exitPosition, target, censored, totalSteps: wasm.getTotalSteps() };
}

/**
 * Applies the kernels' SIMD log (`fn = 'log'`, inputs positive normal), exp (`'exp'`, inputs in
 * [0, 709)), cos or sin (`'cos'`, `'sin'`, inputs in [−2π, 2π]) to a copy of `values`: the accuracy and bit-identity tests call the very code the
 * kernels run.
 */
export function wasmMathProbe(fn: 'log' | 'exp' | 'cos' | 'sin', values: Float64Array): Float64Array {
  const wasm = kernelExports();
  const n = values.length + (values.length & 1);
  const at = new Arena(wasm).alloc(n * 8);
  const view = new Float64Array(wasm.memory.buffer, at, n);
  view.fill(1);
  view.set(values);
  if (fn === 'log') wasm.logArray(at, n);
  else if (fn === 'cos') wasm.cosArray(at, n);
  else if (fn === 'sin') wasm.sinArray(at, n);
  else wasm.expArray(at, n);
  return new Float64Array(wasm.memory.buffer, at, values.length).slice();
}

/**
 * The p₊ = ½ Lomax draws (tail index `alpha`, scale `c`) that the kernel makes from the xoshiro128**
 * outputs `words`, through the code its trajectory and exit blocks run: the tests compare them with
 * the contract's formula on words chosen to reach the rare branches.
 */
export function wasmLomaxHalfProbe(words: Uint32Array, alpha: number, c: number): Float64Array {
  const wasm = kernelExports();
  const n = (words.length + 3) & ~3;
  const arena = new Arena(wasm);
  const wp = arena.alloc(n * 4);
  const op = arena.alloc(n * 8);
  new Uint32Array(wasm.memory.buffer, wp, n).fill(0).set(words);
  wasm.setNoise(c, alpha, 0.5, 0);
  wasm.lomaxHalfArray(wp, op, n);
  return new Float64Array(wasm.memory.buffer, op, words.length).slice();
}

/** Writes path p's xoshiro state into the unit layout (quad-major, word-major, lane-minor). */
function rngOffset(p: number, w: number): number {
  const unit = p >> 3;
  const lane = p & 7;
  return (unit * 128 + (lane >> 2) * 64 + w * 16 + (lane & 3) * 4) >> 2;
}

/**
 * Trajectory segment on WASM when covered, else on the TS kernel. Recording (`record`) is on WASM
 * too: visits are logged by the scalar replays (a lane that stays in the basin of its last visited
 * minimum for a whole block cannot visit a minimum), and a block holding a sample step replays every
 * lane in scalar code: sampling every s ≤ 256 steps makes every block scalar-stepped (the noise stays
 * SIMD), every s > 256 steps only about 256/s of the blocks.
 */
export function runTrajectoryChunkWasm(
  task: TrajectoryChunkTask,
  options: WasmKernelOptions = {},
): TrajectoryChunkResult {
  if (!covered(task, options)) {
    return tsKernel.runTrajectoryChunk(task);
  }
  const visitCap = task.record?.visitCap ?? 0;
  const sampleEvery = task.record?.sampleEvery ?? 0;
  const wasm = kernelExports();
  const { landscape, pathCount } = task;
  const nb = landscape.minima.length;
  const units = Math.ceil(pathCount / 8);
  const slots = units * 8;
  const B = NOISE_BLOCK;
  const arena = new Arena(wasm);
  const rngP = arena.alloc(units * 128);
  const xP = arena.alloc(slots * 8);
  const noiseP = arena.alloc((B + 1) * 64);
  const scratchP = arena.alloc((B + 1) * 64);
  const x0P = arena.alloc(192);
  const lastP = arena.alloc(slots * 4);
  const countP = arena.alloc(slots * nb * 8);
  const transP = arena.alloc(nb * nb * 8);
  const geoP = arena.alloc((2 * nb - 1 + 2 * (nb + 1)) * 8);
  // At most one visit per path and step: a block's log holds slots × B entries of 3 i32.
  const logP = visitCap > 0 ? arena.alloc(slots * B * 12) : 0;
  const sampleP = sampleEvery > 0 ? arena.alloc(slots * B * 8) : 0;
  configure(wasm, task, -Infinity, Infinity);
  wasm.setLayout(rngP, xP, noiseP, x0P, 0, 0, 0, 0, 0);
  wasm.setScratch(scratchP);
  wasm.setTrajectory(lastP, countP, transP, geoP, nb, task.epsilon);
  const buf = wasm.memory.buffer;
  new Float64Array(buf, countP, slots * nb).fill(0);
  new Float64Array(buf, transP, nb * nb).fill(0);
  const geo = new Float64Array(buf, geoP, 2 * nb - 1 + 2 * (nb + 1));
  geo.set(landscape.saddles, 0);
  geo.set(landscape.minima, nb - 1);
  const win = visitWindows(landscape.minima, task.epsilon);
  geo.set(win.lo, 2 * nb - 1);
  geo.set(win.hi, 3 * nb);
  loadTrajectorySlots(
    task,
    new Uint32Array(buf, rngP, units * 32),
    new Float64Array(buf, xP, slots),
    new Int32Array(buf, lastP, slots),
  );
  wasm.setVisitLog(logP);
  const rec = stepTrajectoryBlocks(wasm, task, units, logP, sampleP);
  const out = wasm.memory.buffer;
  const counts = new Float64Array(out, countP, slots * nb);
  const basinSteps = counts.slice(0, pathCount * nb);
  const transitions = new Float64Array(out, transP, nb * nb).slice();
  const rngOut = new Uint32Array(4 * pathCount);
  const r32 = new Uint32Array(out, rngP, units * 32);
  for (let p = 0; p < pathCount; p++) for (let w = 0; w < 4; w++) rngOut[4 * p + w] = r32[rngOffset(p, w)];
  const state = {
    x: new Float64Array(out, xP, slots).slice(0, pathCount),
    lastMinimum: new Int32Array(out, lastP, slots).slice(0, pathCount),
    rng: rngOut,
  };
  return trajectoryChunkResult(basinSteps, transitions, state, rec);
}

/**
 * Writes every slot's starting state (generator, position, last visited minimum) into the unit
 * layout: continued from `task.state`, or fresh chains at `task.start`; padding slots past
 * `pathCount` get a fixed non-zero generator state and stay at 0 (their results are never read).
 */
function loadTrajectorySlots(task: TrajectoryChunkTask, rng: Uint32Array, xs: Float64Array, last: Int32Array): void {
  const { landscape, pathCount } = task;
  const st = new Uint32Array(4);
  for (let p = 0; p < xs.length; p++) {
    if (p < pathCount) {
      if (task.state) {
        for (let w = 0; w < 4; w++) st[w] = task.state.rng[4 * p + w];
        xs[p] = task.state.x[p];
        last[p] = task.state.lastMinimum[p];
      } else {
        writeChainState(task.key, task.firstPath + p, st, 0);
        xs[p] = task.start;
        const k0 = basinOf(landscape.saddles, task.start);
        last[p] = Math.abs(task.start - landscape.minima[k0 - 1]) < task.epsilon ? k0 : 0;
      }
    } else {
      st.set([1, 2, 3, 4]);
      xs[p] = 0;
      last[p] = 0;
    }
    for (let w = 0; w < 4; w++) rng[rngOffset(p, w)] = st[w];
  }
}

/**
 * Runs `task.steps` steps in blocks of at most NOISE_BLOCK, telling the kernel which steps of each
 * block to sample, and collects the visit log and the samples after each block.
 */
function stepTrajectoryBlocks(
  wasm: KernelExports,
  task: TrajectoryChunkTask,
  units: number,
  logP: number,
  sampleP: number,
): TrajectoryRecordBuffers {
  const { pathCount } = task;
  const visitCap = task.record?.visitCap ?? 0;
  const sampleEvery = task.record?.sampleEvery ?? 0;
  const B = NOISE_BLOCK;
  const visitMin: number[][] = Array.from({ length: visitCap > 0 ? pathCount : 0 }, () => []);
  const visitStep: number[][] = Array.from({ length: visitCap > 0 ? pathCount : 0 }, () => []);
  const dropped = new Float64Array(pathCount);
  const samples: number[][] = Array.from({ length: sampleEvery > 0 ? pathCount : 0 }, () => []);
  let done = 0;
  while (done < task.steps) {
    const m = task.steps - done < B ? task.steps - done : B;
    // Global step g = stepOffset + done + j + 1 is sampled when g ≡ 0 (mod every), as in the TS kernel.
    const g0 = task.stepOffset + done;
    let count = 0;
    let j0 = 0;
    if (sampleEvery > 0) {
      j0 = (sampleEvery - ((g0 + 1) % sampleEvery)) % sampleEvery;
      count = j0 < m ? Math.floor((m - 1 - j0) / sampleEvery) + 1 : 0;
    }
    wasm.setSamples(sampleP, j0, sampleEvery, count);
    wasm.trajectoryBlock(units, pathCount, m);
    if (visitCap > 0) {
      const entries = wasm.takeVisitCount();
      if (entries > 0) {
        const log = new Int32Array(wasm.memory.buffer, logP, entries * 3);
        for (let e = 0; e < entries; e++) {
          const p = log[3 * e];
          if (visitMin[p].length < visitCap) {
            visitMin[p].push(log[3 * e + 1]);
            visitStep[p].push(g0 + log[3 * e + 2]);
          } else dropped[p] += 1;
        }
      }
    }
    if (count > 0) {
      const sv = new Float64Array(wasm.memory.buffer, sampleP, pathCount * count);
      for (let p = 0; p < pathCount; p++) for (let i = 0; i < count; i++) samples[p].push(sv[p * count + i]);
    }
    done += m;
  }
  return { visitCap, visitMin, visitStep, dropped, sampleEvery, samples };
}

// Wired in by src/sim/engines.ts (`engine: 'wasm'`, the default). Results depend neither on the
// engine (bit-identical) nor on the worker count (a chunk's numbers depend only on the chunk).

/** A WASM kernel with options (see {@link WasmKernelOptions}). */
export function createWasmKernel(options: WasmKernelOptions = {}): Kernel {
  const opts = { ...options };
  return {
    name: opts.paper === 'fallback' ? 'wasm-paper-fallback' : 'wasm',
    runExitChunk: (task) => runExitChunkWasm(task, opts),
    runTrajectoryChunk: (task) => runTrajectoryChunkWasm(task, opts),
  };
}

/**
 * The WebAssembly SIMD kernel: bit-identical to `tsKernel` on every task (falls back to it outside
 * its coverage).
 */
export const wasmKernel: Kernel = createWasmKernel();
