/**
 * The work an audit worker does with the user's step function: one-step probes and exit runs. Pure
 * functions of (module, task) so they run the same in a worker thread or in the main thread, and
 * depend only on the task's seeds (never on the worker that runs them).
 */
import { resolveLandscape } from '../model/landscapes.ts';
import type { Landscape, LandscapeSpec } from '../model/types.ts';
import type { ErrorCode, InputErrorContext } from '../core/errors.ts';
import type { OptimizerInstance, OptimizerModule, ResolvedOptimizer } from './types.ts';

/** n single steps from x = 0 with a fixed gradient, each from a fresh x (one instance). */
export interface ProbeTask {
  kind: 'probe';
  path: string;
  /** Seed handed to `create`. */
  seed: number;
  stepSize: number;
  gradient: number;
  samples: number;
}

/** Exit runs: one instance per chain (seed `seeds[i]`), from `start` until it leaves the basin or `cap` steps. */
export interface ExitTask {
  kind: 'exit';
  path: string;
  seeds: number[];
  stepSize: number;
  landscape: Exclude<LandscapeSpec, { kind: 'file' }>;
  basin: number;
  start: number;
  cap: number;
}

/** Import and validate the module (shape, claims, a 16-step smoke test) in the worker, never in the main thread. */
export interface LoadTask {
  kind: 'load';
  /** The path as the user gave it (messages quote it), resolved against the shared cwd. */
  path: string;
}

/**
 * R^d probe (issue 16): n single steps from x = 0 ∈ R^d with a fixed gradient vector, each from a
 * fresh x (one instance created with `dimension`).
 */
export interface ProbeRdTask {
  kind: 'probe-rd';
  path: string;
  seed: number;
  stepSize: number;
  gradient: number[];
  samples: number;
}

export type AuditTask = ProbeTask | ProbeRdTask | ExitTask | LoadTask;

/**
 * What a worker is doing, published in slot {@link WATCH_PHASE} of its shared watch array (slot
 * {@link WATCH_STEPS} counts completed steps, wrapping as an int32). The pool's watchdog reads both
 * without the worker's cooperation, so a step that never returns is seen while it runs.
 */
export const PHASE = { idle: 0, import: 1, create: 2, step: 3 } as const;
export type Phase = (typeof PHASE)[keyof typeof PHASE];
/** Slot of the completed-steps counter in a watch array. */
export const WATCH_STEPS = 0;
/** Slot of the current {@link PHASE} in a watch array. */
export const WATCH_PHASE = 1;
/** Length of a watch array (Int32Array over a SharedArrayBuffer, one per worker). */
export const WATCH_LENGTH = 2;

/** A watch array for code that runs unwatched (tests, the main thread): same writes, nobody reads. */
export function unwatched(): Int32Array {
  return new Int32Array(WATCH_LENGTH);
}

/** x after one raw step (no box projection) from x = 0, per sample (d ≥ 2: sample-major, d per sample). */
export interface ProbeOutput {
  next: Float64Array;
  steps: number;
}

/** Per chain: steps to exit (or `cap` when censored) and the basin it landed in (0 = censored). */
export interface ExitOutput {
  exitSteps: Float64Array;
  landing: Int32Array;
  steps: number;
}

/** A fault of the user's code (a throw, a non-finite x, a bad instance): data, not an exception. */
export interface TaskFault {
  fault: string;
}

/** A load task's result: the validated optimizer (plain data, cloned to the main thread). */
export interface LoadOutput {
  optimizer: ResolvedOptimizer;
}

/** A load task that failed on the user's input: the InputError to rethrow in the main thread. */
export interface LoadRefusal {
  /** An InputError thrown in the worker; `context` without `got` (which may not survive postMessage). */
  inputError: { code: ErrorCode; message: string; context: InputErrorContext };
}

export type TaskOutput = ProbeOutput | ExitOutput | TaskFault | LoadOutput | LoadRefusal;

/** The first line of a thrown value's message: what a one-line fault or error quotes of the user's error. */
export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

function instance(
  mod: OptimizerModule,
  stepSize: number,
  seed: number,
  watch: Int32Array,
  dimension = 1,
): OptimizerInstance | TaskFault {
  try {
    watch[WATCH_PHASE] = PHASE.create;
    const inst = mod.create({ stepSize, dimension, seed });
    watch[WATCH_PHASE] = PHASE.step;
    if (!inst || typeof inst.step !== 'function')
      return { fault: 'create() did not return an object with a step function' };
    return inst;
  } catch (err) {
    return { fault: `create() threw: ${firstLine(err)}` };
  }
}

function runProbe(mod: OptimizerModule, t: ProbeTask, watch: Int32Array): ProbeOutput | TaskFault {
  const inst = instance(mod, t.stepSize, t.seed, watch);
  if ('fault' in inst) return inst;
  const x = new Float64Array(1);
  const g = new Float64Array(1);
  const next = new Float64Array(t.samples);
  for (let i = 0; i < t.samples; i++) {
    x[0] = 0;
    g[0] = t.gradient;
    try {
      inst.step(x, g);
    } catch (err) {
      return { fault: `step() threw at x = 0, gradient ${t.gradient}, step size ${t.stepSize}: ${firstLine(err)}` };
    }
    watch[WATCH_STEPS]++;
    if (!Number.isFinite(x[0]))
      return { fault: `step() produced ${x[0]} from x = 0, gradient ${t.gradient}, step size ${t.stepSize}` };
    next[i] = x[0];
  }
  return { next, steps: t.samples };
}

function runProbeRd(mod: OptimizerModule, t: ProbeRdTask, watch: Int32Array): ProbeOutput | TaskFault {
  const d = t.gradient.length;
  const inst = instance(mod, t.stepSize, t.seed, watch, d);
  if ('fault' in inst) return inst;
  const x = new Float64Array(d);
  const g = new Float64Array(d);
  const next = new Float64Array(t.samples * d);
  const at = `x = 0, gradient (${t.gradient.join(', ')}), step size ${t.stepSize}`;
  for (let i = 0; i < t.samples; i++) {
    x.fill(0);
    g.set(t.gradient);
    try {
      inst.step(x, g);
    } catch (err) {
      return { fault: `step() threw at ${at}: ${firstLine(err)}` };
    }
    watch[WATCH_STEPS]++;
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(x[j])) return { fault: `step() produced ${x[j]} in coordinate ${j + 1} from ${at}` };
      next[i * d + j] = x[j];
    }
  }
  return { next, steps: t.samples };
}

function runExits(mod: OptimizerModule, t: ExitTask, landscape: Landscape, watch: Int32Array): ExitOutput | TaskFault {
  const n = landscape.minima.length;
  const L = landscape.box;
  const sd = landscape.saddles;
  const left = t.basin === 1 ? -Infinity : sd[t.basin - 2];
  const right = t.basin === n ? Infinity : sd[t.basin - 1];
  const exitSteps = new Float64Array(t.seeds.length);
  const landing = new Int32Array(t.seeds.length);
  const x = new Float64Array(1);
  const g = new Float64Array(1);
  let steps = 0;
  for (let c = 0; c < t.seeds.length; c++) {
    const inst = instance(mod, t.stepSize, t.seeds[c], watch);
    if ('fault' in inst) return inst;
    x[0] = t.start;
    let k = 0;
    let xi = t.start;
    while (k < t.cap) {
      g[0] = landscape.gradient(xi);
      const before = xi;
      try {
        inst.step(x, g);
      } catch (err) {
        return { fault: `step() threw at x = ${before}, step size ${t.stepSize}: ${firstLine(err)}` };
      }
      watch[WATCH_STEPS]++;
      xi = x[0];
      if (!Number.isFinite(xi))
        return { fault: `step() produced ${xi} from x = ${before}, gradient ${g[0]}, step size ${t.stepSize}` };
      // The suite's box projection φ_L, as in the reference recursion.
      xi = xi > L ? L : xi < -L ? -L : xi;
      x[0] = xi;
      k++;
      if (xi <= left || xi >= right) break;
    }
    steps += k;
    if (xi <= left || xi >= right) {
      exitSteps[c] = k;
      let l = 1;
      while (l < n && xi > sd[l - 1]) l++;
      landing[c] = l;
    } else {
      exitSteps[c] = t.cap;
      landing[c] = 0;
    }
  }
  return { exitSteps, landing, steps };
}

const landscapes = new Map<string, Landscape>();

/**
 * Runs one probe or exit task on an already imported module (load tasks are the worker's own
 * business: they import). Never throws for the user's faults. `watch` receives the phase and a
 * step count for the pool's watchdog; the phase is left at `step` (the caller resets it).
 */
export function runTask(
  mod: OptimizerModule,
  task: ProbeTask | ProbeRdTask | ExitTask,
  watch: Int32Array = unwatched(),
): TaskOutput {
  if (task.kind === 'probe') return runProbe(mod, task, watch);
  if (task.kind === 'probe-rd') return runProbeRd(mod, task, watch);
  const key = JSON.stringify(task.landscape);
  let ls = landscapes.get(key);
  if (!ls) {
    ls = resolveLandscape(task.landscape);
    landscapes.set(key, ls);
  }
  return runExits(mod, task, ls, watch);
}
