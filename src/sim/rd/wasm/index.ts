/**
 * The planar WebAssembly kernel (issue 16 §7) behind `runExitChains`' interface (../kernel.ts).
 *
 * `kernel-rd.wasm` is compiled from `assembly/kernel-rd.ts` by `node ci/build-wasm.mjs` and committed
 * (CI rebuilds it and fails on any byte difference). It is instantiated once per thread.
 *
 * Coverage (everything else runs on the TypeScript kernel, which gives the same numbers, so callers
 * never see which engine ran):
 * - d = 2, no simulator mutant;
 * - noise: Pareto or Lomax with isotropic directions (tail index ≥ 0.05, so that the exponent
 *   −log(u)/α of the radius stays in the fdlibm exp port's domain |x| < 709);
 * - landscapes with a `closedForm` (quadratic and quartic wells, the Himmelblau variant, the hook
 *   valley) whose kernel gradient and basin labels equal the model's bit for bit on a probe set
 *   (checked once per landscape object: a model formula changed without the kernel falls back);
 * - exit mode.
 *
 * Numbers: bit-identical to the TypeScript kernel chain by chain (same xoshiro128** stream per chain,
 * same uniforms, the same formulas in the same order, fdlibm log/exp/cos/sin as V8's); tested in
 * `kernel-rd.test.ts` and the property `properties/rd-wasm.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { writeChainState } from '../../../rng/seeds.ts';
import { TWO_POW_MINUS_32 } from '../../../rng/xoshiro.ts';
import type { LandscapeRd } from '../../../model/rd/types.ts';
import type { NoiseLawRd } from '../../../model/rd/noise.ts';
import type { ExitChainsRd } from '../kernel.ts';

interface RdExports {
  memory: WebAssembly.Memory;
  blockSize(): number;
  setConstants(sure: number, half: number, twoM32: number): void;
  setLayout(u: number, z: number): void;
  setNoise(c: number, alpha: number, lomax: number): void;
  setStep(stepSize: number, b: number, ball: number): void;
  setWell(power: number, c0: number, c1: number, r0: number, r1: number): void;
  setGrid(kind: number, ptr: number, n: number, ball: number, h: number): void;
  setHook(a: number, rho: number, kappa: number, mu: number, domain: number): void;
  setChain(
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    x0: number,
    x1: number,
    basin: number,
    maxSteps: number,
  ): void;
  chainSteps(): number;
  chainX0(): number;
  chainX1(): number;
  chainLabel(): number;
  exitRun(budget: number): number;
  gradArray(ptr: number, n: number): void;
  basinArray(ptr: number, out: number, n: number): void;
  noiseArray(out: number, n: number): void;
}

/** Steps per call: short calls let V8 tier the module up early (~1 ms each). */
const BUDGET = 1 << 16;
/** Bytes reserved for the noise buffers (u and z blocks) at the start of memory. */
const SCRATCH = 1 << 14;

let instance: RdExports | null = null;
/** First free byte after the scratch buffers and the current grid. */
let gridEnd = SCRATCH;
let gridOwner: Int32Array | null = null;

/** The committed module's bytes. */
export function wasmRdBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(new URL('./kernel-rd.wasm', import.meta.url)));
}

function kernelExports(): RdExports {
  if (instance === null) {
    const module = new WebAssembly.Module(wasmRdBytes());
    const ex = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('kernel-rd.wasm: abort');
        },
      },
    }).exports as unknown as RdExports;
    if (ex.blockSize() * 32 > SCRATCH) throw new Error('kernel-rd.wasm: noise block larger than its scratch');
    ensure(ex, SCRATCH);
    ex.setLayout(0, SCRATCH / 2);
    ex.setConstants(1 - 1e-9, 0.5, TWO_POW_MINUS_32);
    instance = ex;
  }
  return instance;
}

function ensure(wasm: RdExports, bytes: number): void {
  const need = bytes - wasm.memory.buffer.byteLength;
  if (need > 0) wasm.memory.grow(Math.ceil(need / 65536));
}

/** A transient buffer after the grid (valid until the next call that allocates). */
function scratch(wasm: RdExports, bytes: number): number {
  ensure(wasm, gridEnd + bytes);
  return gridEnd;
}

/** Loads the landscape's closed form into the kernel; false if it has none the kernel knows. */
function setLandscape(wasm: RdExports, land: LandscapeRd): boolean {
  const f = land.closedForm;
  if (!f || land.dimension !== 2) return false;
  if (f.kind === 'well') {
    wasm.setWell(f.power, f.curvature[0], f.curvature[1], f.domain[0], f.domain[1]);
    return true;
  }
  if (f.kind === 'hook') {
    wasm.setHook(f.reach, f.turn, f.stiffness, f.slope, f.domain);
    return true;
  }
  const n = f.resolution;
  if (gridOwner !== f.labels) {
    ensure(wasm, SCRATCH + n * n * 4);
    new Int32Array(wasm.memory.buffer, SCRATCH, n * n).set(f.labels);
    gridOwner = f.labels;
    gridEnd = SCRATCH + ((n * n * 4 + 15) & ~15);
  }
  wasm.setGrid(2, SCRATCH, n, land.ball, f.spacing);
  return true;
}

/** Probe points: a 65 × 65 grid of [−L, L]², the minima and points near them, and pseudo-random points. */
function probePoints(land: LandscapeRd): Float64Array {
  const pts: number[] = [];
  const L = land.ball;
  for (let j = 0; j <= 64; j++) for (let i = 0; i <= 64; i++) pts.push(-L + (2 * L * i) / 64, -L + (2 * L * j) / 64);
  for (const m of land.minima) {
    for (const p of [m.point, m.segmentEnd]) {
      if (!p) continue;
      pts.push(p[0], p[1], p[0] + 1e-9, p[1] - 1e-9, p[0] - 0.01, p[1] + 0.02);
    }
  }
  // A fixed Weyl sequence: deterministic, dense in the square.
  let a = 0.5;
  let b = 0.5;
  for (let k = 0; k < 4000; k++) {
    a = (a + 0.6180339887498949) % 1;
    b = (b + 0.7548776662466927) % 1;
    pts.push(-L + 2 * L * a, -L + 2 * L * b);
  }
  return Float64Array.from(pts);
}

const landscapeChecked = new WeakMap<LandscapeRd, boolean>();

/**
 * Whether the kernel's gradient and basins equal the model's bit for bit on the probe points (cached
 * per landscape object).
 */
export function wasmRdSupportsLandscape(land: LandscapeRd): boolean {
  const known = landscapeChecked.get(land);
  if (known !== undefined) return known;
  const wasm = kernelExports();
  let ok = setLandscape(wasm, land);
  if (ok) {
    const pts = probePoints(land);
    const n = pts.length / 2;
    const g = wasmRdGradient(land, pts);
    const labels = wasmRdBasins(land, pts);
    const out = new Float64Array(2);
    for (let i = 0; i < n && ok; i++) {
      const x = pts.subarray(2 * i, 2 * i + 2);
      land.gradient(x, out);
      if (!Object.is(out[0], g[2 * i]) || !Object.is(out[1], g[2 * i + 1])) ok = false;
      if (land.basinOf(x) !== labels[i]) ok = false;
    }
  }
  landscapeChecked.set(land, ok);
  return ok;
}

/** The kernel's ∇f at the (x, y) pairs `pts` (the code its chains run). */
export function wasmRdGradient(land: LandscapeRd, pts: Float64Array): Float64Array {
  const wasm = kernelExports();
  if (!setLandscape(wasm, land)) throw new Error('wasmRdGradient: no closed form');
  const at = scratch(wasm, pts.length * 8);
  new Float64Array(wasm.memory.buffer, at, pts.length).set(pts);
  wasm.gradArray(at, pts.length / 2);
  return new Float64Array(wasm.memory.buffer, at, pts.length).slice();
}

/** The kernel's basin labels at the (x, y) pairs `pts`. */
export function wasmRdBasins(land: LandscapeRd, pts: Float64Array): Int32Array {
  const wasm = kernelExports();
  if (!setLandscape(wasm, land)) throw new Error('wasmRdBasins: no closed form');
  const n = pts.length / 2;
  const at = scratch(wasm, pts.length * 8 + n * 4);
  new Float64Array(wasm.memory.buffer, at, pts.length).set(pts);
  wasm.basinArray(at, at + pts.length * 8, n);
  return new Int32Array(wasm.memory.buffer, at + pts.length * 8, n).slice();
}

/** Whether the kernel covers this noise law (Pareto/Lomax, isotropic, d = 2, α ≥ 0.05). */
export function wasmRdSupportsNoise(law: NoiseLawRd): boolean {
  const s = law.spec;
  return (
    law.dimension === 2 &&
    (s.kind === 'pareto' || s.kind === 'lomax') &&
    law.spectral.kind === 'isotropic' &&
    s.tailIndex >= 0.05
  );
}

function setNoise(wasm: RdExports, law: NoiseLawRd): void {
  wasm.setNoise(law.scale, law.spec.tailIndex, law.spec.kind === 'lomax' ? 1 : 0);
}

/**
 * The first `count` noise draws of chain `index`'s stream as the kernel makes them ((z₀, z₁) pairs);
 * `count` is rounded up to whole blocks internally.
 */
export function wasmRdNoise(law: NoiseLawRd, key: Uint32Array, index: number, count: number): Float64Array {
  const wasm = kernelExports();
  setNoise(wasm, law);
  const B = wasm.blockSize();
  const n = Math.ceil(count / B) * B;
  const w = new Uint32Array(4);
  writeChainState(key, index, w);
  wasm.setChain(w[0], w[1], w[2], w[3], 0, 0, 1, 0);
  const at = scratch(wasm, n * 16);
  wasm.noiseArray(at, n);
  return new Float64Array(wasm.memory.buffer, at, 2 * count).slice();
}

/** What an exit run needs (as `StepContext` without the sampler, plus the law). */
export interface ExitTaskRd {
  readonly landscape: LandscapeRd;
  readonly law: NoiseLawRd;
  readonly stepSize: number;
  readonly truncation: number;
}

/** Whether the kernel covers the task (see the module comment). */
export function wasmRdCovers(task: ExitTaskRd): boolean {
  return wasmRdSupportsNoise(task.law) && wasmRdSupportsLandscape(task.landscape);
}

/**
 * `runExitChains` on the WASM kernel (the caller checks `wasmRdCovers` first): chains firstChain …
 * firstChain + count − 1 from `start` until they leave `basin` or reach `maxSteps`.
 */
export function runExitChainsWasm(
  task: ExitTaskRd,
  key: Uint32Array,
  basin: number,
  start: ArrayLike<number>,
  maxSteps: number,
  firstChain: number,
  count: number,
): ExitChainsRd {
  const wasm = kernelExports();
  setLandscape(wasm, task.landscape);
  setNoise(wasm, task.law);
  wasm.setStep(task.stepSize, task.truncation, task.landscape.ball);
  const out: ExitChainsRd = {
    exitSteps: new Float64Array(count),
    exitPosition: new Float64Array(count * 2),
    target: new Int32Array(count),
    censored: new Uint8Array(count),
    totalSteps: 0,
  };
  const w = new Uint32Array(4);
  for (let c = 0; c < count; c++) {
    writeChainState(key, firstChain + c, w);
    wasm.setChain(w[0], w[1], w[2], w[3], start[0], start[1], basin, maxSteps);
    while (wasm.exitRun(BUDGET) === 0);
    const n = wasm.chainSteps();
    const lab = wasm.chainLabel();
    out.exitSteps[c] = n;
    out.exitPosition[2 * c] = wasm.chainX0();
    out.exitPosition[2 * c + 1] = wasm.chainX1();
    if (lab === basin) {
      out.censored[c] = 1;
      out.target[c] = -1;
    } else out.target[c] = lab;
    out.totalSteps += n;
  }
  return out;
}
