/**
 * The fast TypeScript kernel: one function generated with `new Function` per (landscape gradient,
 * noise kind, clipped or not, mode) and cached. Why generated: V8 inlines a literal gradient and a
 * literal noise formula into the hot loop, whereas a call through `landscape.gradient` or a branch per
 * step on the noise kind costs several times more. The xoshiro128** state lives in four int32 locals;
 * noise is drawn in blocks of `NOISE_BLOCK` values and then stepped through, which keeps the two
 * loops tight and lets V8 keep everything in registers.
 *
 * Numbers: chain i's noise sequence is exactly what `sampleNoise(chainStream(key, i), law)` returns
 * draw after draw (the shared contract formulas), so the kernel agrees bit for bit with the scalar
 * reference (`reference.ts`); blocks change when draws happen, never what they are.
 */
import { writeChainState } from '../rng/seeds.ts';
import { TWO_POW_MINUS_32, XOSHIRO128_STEP_SOURCE } from '../rng/xoshiro.ts';
import type { NoiseSpec } from '../model/types.ts';
import {
  NOISE_BLOCK,
  type ExitChunkResult,
  type ExitChunkTask,
  type Kernel,
  type KernelLandscape,
  type TrajectoryChunkResult,
  type TrajectoryChunkTask,
} from './types.ts';

/** Noise parameters unpacked once per task (plain numbers for the generated code). */
interface NoiseParams {
  c: number;
  invAlpha: number;
  alpha: number;
  pPlus: number;
  shift: number;
}

function noiseParams(spec: NoiseSpec): NoiseParams {
  const c = spec.scale;
  if (spec.kind === 'gaussian') return { c, invAlpha: 0, alpha: 2, pPlus: 0.5, shift: 0 };
  const alpha = spec.tailIndex;
  const pPlus = spec.kind === 'lomax' ? (spec.pPlus ?? 0.5) : 0.5;
  const shift = spec.kind === 'lomax' && pPlus !== 0.5 ? (2 * pPlus - 1) / (alpha - 1) : 0;
  return { c, invAlpha: 1 / alpha, alpha, pPlus, shift };
}

/** xoshiro128** step on locals s0..s3 (the one definition), leaving the uniform (u32 + 0.5)·2^−32 in `u`. */
const NEXT = `${XOSHIRO128_STEP_SOURCE}
      u = ((r >>> 0) + 0.5) * ${TWO_POW_MINUS_32};`;

/** Statements that fill buf[0..B) with noise draws, by the shared contract formulas. */
function noiseBlockSource(kind: NoiseSpec['kind'], shifted: boolean): string {
  switch (kind) {
    case 'lomax':
      return `for (j = 0; j < B; j++) {${NEXT}
      if (u < pPlus) { v = u / pPlus; sg = 1; } else { v = (1 - u) / (1 - pPlus); sg = -1; }
      w = Math.exp(-Math.log(v) * invAlpha) - 1;
      buf[j] = ${shifted ? 'c * (sg * w - shift)' : 'c * sg * w'};
    }`;
    case 'gaussian':
      return `for (j = 0; j < B; j++) {${NEXT}
      u1 = u;${NEXT}
      buf[j] = c * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u);
    }`;
    case 'student-t':
      return `for (j = 0; j < B; j++) {
      do {${NEXT}
        a = 2 * u - 1;${NEXT}
        bb = 2 * u - 1; w = a * a + bb * bb;
      } while (!(0 < w && w < 1));
      buf[j] = c * a * Math.sqrt(alpha * (Math.exp(Math.log(w) * (-2 / alpha)) - 1) / w);
    }`;
    case 'stable':
      return `for (j = 0; j < B; j++) {${NEXT}
      vv = Math.PI * (u - 0.5);${NEXT}
      e = -Math.log(u);
      buf[j] = c * Math.sin(alpha * vv) / Math.exp(Math.log(Math.cos(vv)) * (1 / alpha)) * Math.exp(Math.log(Math.cos(vv - alpha * vv) / e) * ((1 - alpha) / alpha));
    }`;
  }
}

const LOCALS =
  'var s0 = 0, s1 = 0, s2 = 0, s3 = 0, t5 = 0, r = 0, t = 0, n2 = 0, n3 = 0, u = 0, u1 = 0, v = 0, sg = 0, w = 0, a = 0, bb = 0, vv = 0, e = 0, j = 0, g = 0, st = 0;';

/** The step X ← φ_L(X − φ_b(η(f'(X) − Z))) with the contract's comparisons. */
function stepSource(gradientSource: string, clipped: boolean): string {
  return `${gradientSource}
        st = eta * (g - buf[j]);
        ${clipped ? 'st = st > b ? b : (st < -b ? -b : st);' : ''}
        x = x - st;
        x = x > L ? L : (x < -L ? -L : x);`;
}

type ExitFn = (
  key: Uint32Array,
  firstChain: number,
  chainCount: number,
  x0: number,
  maxSteps: number,
  eta: number,
  b: number,
  L: number,
  lo: number,
  hi: number,
  p: NoiseParams,
  outSteps: Float64Array,
  outPos: Float64Array,
  outCensored: Uint8Array,
  writeState: typeof writeChainState,
) => number;

type TrajFn = (
  pathCount: number,
  steps: number,
  stepOffset: number,
  eta: number,
  b: number,
  L: number,
  eps: number,
  p: NoiseParams,
  xs: Float64Array,
  last: Int32Array,
  rng: Uint32Array,
  basinSteps: Float64Array,
  transitions: Float64Array,
  visitCap: number,
  visitMin: number[][],
  visitStep: number[][],
  dropped: Float64Array,
  sampleEvery: number,
  samples: number[][],
) => void;

const exitCache = new Map<string, ExitFn>();
const trajCache = new Map<string, TrajFn>();

/** Builds (or fetches) the exit kernel. Exported for tests and the bench. */
export function compileExitKernel(
  gradientSource: string,
  kind: NoiseSpec['kind'],
  clipped: boolean,
  shifted: boolean,
): ExitFn {
  const cacheKey = `${kind}|${clipped}|${shifted}|${gradientSource}`;
  let fn = exitCache.get(cacheKey);
  if (fn) return fn;
  const body = `
  ${LOCALS}
  var c = p.c, invAlpha = p.invAlpha, alpha = p.alpha, pPlus = p.pPlus, shift = p.shift;
  var B = ${NOISE_BLOCK}, buf = new Float64Array(B), st4 = new Uint32Array(4), total = 0;
  for (var ci = 0; ci < chainCount; ci++) {
    writeState(key, firstChain + ci, st4, 0);
    s0 = st4[0] | 0; s1 = st4[1] | 0; s2 = st4[2] | 0; s3 = st4[3] | 0;
    var x = x0, n = 0, done = 0;
    while (n < maxSteps) {
      ${noiseBlockSource(kind, shifted)}
      var m = maxSteps - n < B ? maxSteps - n : B;
      for (j = 0; j < m; j++) {
        ${stepSource(gradientSource, clipped)}
        if (x <= lo || x >= hi) { done = 1; n += j + 1; break; }
      }
      if (done) break;
      n += m;
    }
    outSteps[ci] = n; outPos[ci] = x; outCensored[ci] = done ? 0 : 1; total += n;
  }
  return total;`;
  fn = new Function(
    'key',
    'firstChain',
    'chainCount',
    'x0',
    'maxSteps',
    'eta',
    'b',
    'L',
    'lo',
    'hi',
    'p',
    'outSteps',
    'outPos',
    'outCensored',
    'writeState',
    body,
  ) as ExitFn;
  exitCache.set(cacheKey, fn);
  return fn;
}

/** Unrolled basin lookup: k = #{saddles s < x} (0-based basin index; x = s_k stays in basin k). */
function basinLookupSource(saddles: readonly number[]): string {
  if (saddles.length === 0) return 'k = 0;';
  const parts = saddles.map((s, i) => `${i === 0 ? '' : 'else '}if (x <= ${String(s)}) k = ${i};`);
  return `${parts.join(' ')} else k = ${saddles.length};`;
}

/** Builds (or fetches) the trajectory kernel. */
export function compileTrajectoryKernel(
  landscape: KernelLandscape,
  kind: NoiseSpec['kind'],
  clipped: boolean,
  shifted: boolean,
): TrajFn {
  const n = landscape.minima.length;
  const cacheKey = `${kind}|${clipped}|${shifted}|${landscape.saddles.join(',')}|${landscape.minima.join(',')}|${landscape.gradientSource}`;
  let fn = trajCache.get(cacheKey);
  if (fn) return fn;
  const minima = `[${landscape.minima.map((m) => String(m)).join(', ')}]`;
  const body = `
  ${LOCALS}
  var c = p.c, invAlpha = p.invAlpha, alpha = p.alpha, pPlus = p.pPlus, shift = p.shift;
  var B = ${NOISE_BLOCK}, buf = new Float64Array(B), NB = ${n}, mins = new Float64Array(${minima});
  var cnt = new Float64Array(NB), k = 0, d = 0;
  for (var pi = 0; pi < pathCount; pi++) {
    s0 = rng[4 * pi] | 0; s1 = rng[4 * pi + 1] | 0; s2 = rng[4 * pi + 2] | 0; s3 = rng[4 * pi + 3] | 0;
    var x = xs[pi], lm = last[pi], done = 0;
    cnt.fill(0);
    var vm = visitMin[pi], vs = visitStep[pi], smp = samples[pi];
    // countdown to the next recorded sample: global step index n is recorded when n % every == 0.
    var cd = sampleEvery > 0 ? sampleEvery - (stepOffset % sampleEvery) : -1;
    var nDone = 0;
    while (nDone < steps) {
      ${noiseBlockSource(kind, shifted)}
      var m = steps - nDone < B ? steps - nDone : B;
      for (j = 0; j < m; j++) {
        ${stepSource(landscape.gradientSource, clipped)}
        ${basinLookupSource(landscape.saddles)}
        cnt[k] += 1;
        d = x - mins[k];
        if (d < eps && d > -eps && lm !== k + 1) {
          if (lm !== 0) transitions[(lm - 1) * NB + k] += 1;
          lm = k + 1;
          if (vm.length < visitCap) { vm.push(k + 1); vs.push(stepOffset + nDone + j + 1); } else dropped[pi] += 1;
        }
        if (--cd === 0) { smp.push(x); cd = sampleEvery; }
      }
      nDone += m;
    }
    for (k = 0; k < NB; k++) basinSteps[pi * NB + k] = cnt[k];
    xs[pi] = x; last[pi] = lm;
    rng[4 * pi] = s0; rng[4 * pi + 1] = s1; rng[4 * pi + 2] = s2; rng[4 * pi + 3] = s3;
  }`;
  fn = new Function(
    'pathCount',
    'steps',
    'stepOffset',
    'eta',
    'b',
    'L',
    'eps',
    'p',
    'xs',
    'last',
    'rng',
    'basinSteps',
    'transitions',
    'visitCap',
    'visitMin',
    'visitStep',
    'dropped',
    'sampleEvery',
    'samples',
    body,
  ) as TrajFn;
  trajCache.set(cacheKey, fn);
  return fn;
}

function isShifted(p: NoiseParams): boolean {
  return p.shift !== 0;
}

/** Exit-mode chunk on the generated kernel (see `ExitChunkTask`). */
export function runExitChunkTs(task: ExitChunkTask): ExitChunkResult {
  const { landscape, noise, basin } = task;
  const p = noiseParams(noise);
  const clipped = Number.isFinite(task.truncation);
  const fn = compileExitKernel(landscape.gradientSource, noise.kind, clipped, isShifted(p));
  const nb = landscape.minima.length;
  const lo = basin > 1 ? landscape.saddles[basin - 2] : -Infinity;
  const hi = basin < nb ? landscape.saddles[basin - 1] : Infinity;
  const count = task.chainCount;
  const exitSteps = new Float64Array(count);
  const exitPosition = new Float64Array(count);
  const censored = new Uint8Array(count);
  const totalSteps = fn(
    task.key,
    task.firstChain,
    count,
    task.start,
    task.maxSteps,
    task.stepSize,
    task.truncation,
    landscape.box,
    lo,
    hi,
    p,
    exitSteps,
    exitPosition,
    censored,
    writeChainState,
  );
  const target = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (censored[i]) continue;
    const x = exitPosition[i];
    target[i] = x >= hi ? Math.max(basin + 1, basinOf(landscape.saddles, x)) : basinOf(landscape.saddles, x);
  }
  return { exitSteps, exitPosition, target, censored, totalSteps };
}

/** 1-based basin of x: 1 + #{s_j < x} (a point exactly on s_k counts in basin k). */
export function basinOf(saddles: readonly number[], x: number): number {
  let k = 1;
  for (const s of saddles) if (s < x) k++;
  return k;
}

/** Trajectory-mode segment on the generated kernel (see `TrajectoryChunkTask`). */
export function runTrajectoryChunkTs(task: TrajectoryChunkTask): TrajectoryChunkResult {
  const { landscape, noise, pathCount } = task;
  const nb = landscape.minima.length;
  const p = noiseParams(noise);
  const clipped = Number.isFinite(task.truncation);
  const fn = compileTrajectoryKernel(landscape, noise.kind, clipped, isShifted(p));
  let xs: Float64Array;
  let last: Int32Array;
  let rng: Uint32Array;
  if (task.state) {
    xs = Float64Array.from(task.state.x);
    last = Int32Array.from(task.state.lastMinimum);
    rng = Uint32Array.from(task.state.rng);
  } else {
    xs = new Float64Array(pathCount).fill(task.start);
    last = new Int32Array(pathCount);
    rng = new Uint32Array(4 * pathCount);
    const k0 = basinOf(landscape.saddles, task.start);
    const startsAtMin = Math.abs(task.start - landscape.minima[k0 - 1]) < task.epsilon ? k0 : 0;
    for (let i = 0; i < pathCount; i++) {
      writeChainState(task.key, task.firstPath + i, rng, 4 * i);
      last[i] = startsAtMin;
    }
  }
  const visitCap = task.record?.visitCap ?? 0;
  const sampleEvery = task.record?.sampleEvery ?? 0;
  const visitMin: number[][] = Array.from({ length: pathCount }, () => []);
  const visitStep: number[][] = Array.from({ length: pathCount }, () => []);
  const samples: number[][] = Array.from({ length: pathCount }, () => []);
  const dropped = new Float64Array(pathCount);
  const basinSteps = new Float64Array(pathCount * nb);
  const transitions = new Float64Array(nb * nb);
  fn(
    pathCount,
    task.steps,
    task.stepOffset,
    task.stepSize,
    task.truncation,
    landscape.box,
    task.epsilon,
    p,
    xs,
    last,
    rng,
    basinSteps,
    transitions,
    visitCap,
    visitMin,
    visitStep,
    dropped,
    sampleEvery,
    samples,
  );
  return trajectoryChunkResult(
    basinSteps,
    transitions,
    { x: xs, lastMinimum: last, rng },
    { visitCap, visitMin, visitStep, dropped, sampleEvery, samples },
  );
}

/** What a trajectory kernel recorded for `task.record`, as plain arrays (one entry per path). */
export interface TrajectoryRecordBuffers {
  /** `task.record.visitCap`, 0 when no visits were recorded. */
  readonly visitCap: number;
  /** Per path: the minima visited (1-based), in order. */
  readonly visitMin: readonly number[][];
  /** Per path: the step of each visit. */
  readonly visitStep: readonly number[][];
  /** Per path: visits not logged because the cap was reached. */
  readonly dropped: Float64Array;
  /** `task.record.sampleEvery`, 0 when X was not sampled. */
  readonly sampleEvery: number;
  /** Per path: X at the sampled steps. */
  readonly samples: readonly number[][];
}

/**
 * The result of one trajectory chunk, shared by every kernel (TS, WASM, mutants) so they agree on
 * its shape: `visits` only with a visit cap, `samples` only with a sampling period, each path's log
 * copied into typed arrays.
 */
export function trajectoryChunkResult(
  basinSteps: Float64Array,
  transitions: Float64Array,
  state: TrajectoryChunkResult['state'],
  rec: TrajectoryRecordBuffers,
): TrajectoryChunkResult {
  const result: { -readonly [K in keyof TrajectoryChunkResult]: TrajectoryChunkResult[K] } = {
    basinSteps,
    transitions,
    state,
  };
  if (rec.visitCap > 0) {
    result.visits = {
      minimum: rec.visitMin.map((v) => Int32Array.from(v)),
      step: rec.visitStep.map((v) => Float64Array.from(v)),
      dropped: rec.dropped,
    };
  }
  if (rec.sampleEvery > 0) result.samples = rec.samples.map((s) => Float64Array.from(s));
  return result;
}

/** The TypeScript kernel. */
export const tsKernel: Kernel = {
  name: 'ts',
  runExitChunk: runExitChunkTs,
  runTrajectoryChunk: runTrajectoryChunkTs,
};
