/**
 * A small worker pool for audit tasks (the simulator's pool runs only its own kernels). Workers
 * persist between calls (so a calibration of hundreds of audits pays the thread start-up once),
 * are unref'd while idle, and end with {@link closeAuditPool}. Tasks are independent and seeded by
 * label, so results do not depend on the number of workers.
 *
 * The user's code runs only in these workers, so that a step that never returns can be stopped:
 * each worker publishes its phase and a completed-step counter in a SharedArrayBuffer (tasks.ts),
 * and a watchdog in this thread terminates a worker whose counter and phase have not moved for
 * `stepTimeout` seconds while it runs user code. A blocked worker cannot answer messages, but
 * `Worker.terminate()` interrupts even a tight infinite loop.
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.ts';
import {
  firstLine,
  PHASE,
  WATCH_LENGTH,
  WATCH_PHASE,
  WATCH_STEPS,
  type AuditTask,
  type Phase,
  type TaskOutput,
} from './tasks.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** A pooled worker with its watch array (phase and steps, written by the worker). */
interface Slot {
  worker: Worker;
  watch: Int32Array;
}

const idle: Slot[] = [];
const all = new Set<Slot>();

function take(): Slot {
  const s = idle.pop();
  if (s) return s;
  const watch = new Int32Array(new SharedArrayBuffer(WATCH_LENGTH * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(ENTRY, { workerData: { watch: watch.buffer } });
  const slot = { worker, watch };
  all.add(slot);
  worker.on('exit', () => all.delete(slot));
  return slot;
}

function retire(slot: Slot): void {
  all.delete(slot);
  void slot.worker.terminate();
}

function runOn(
  slot: Slot,
  id: number,
  task: AuditTask,
): { done: Promise<{ output: TaskOutput; alive: boolean }>; kill: (output: TaskOutput) => void } {
  const w = slot.worker;
  let settle!: (v: { output: TaskOutput; alive: boolean }) => void;
  const done = new Promise<{ output: TaskOutput; alive: boolean }>((resolve) => (settle = resolve));
  const onMessage = (msg: { id: number; result: TaskOutput }) => {
    if (msg.id !== id) return;
    cleanup();
    settle({ output: msg.result, alive: true });
  };
  const onError = (err: unknown) => {
    cleanup();
    settle({ output: { fault: `worker crashed: ${firstLine(err)}` }, alive: false });
  };
  const onExit = (code: number) => onError(new Error(`the worker exited with code ${code}`));
  const cleanup = () => {
    w.off('message', onMessage);
    w.off('error', onError);
    w.off('exit', onExit);
  };
  w.on('message', onMessage);
  w.on('error', onError);
  w.on('exit', onExit);
  w.ref();
  w.postMessage({ id, task });
  // The watchdog's way out: settle first (the run must not wait for the exit event), then terminate.
  const kill = (output: TaskOutput) => {
    cleanup();
    settle({ output, alive: false });
  };
  return { done, kill };
}

let nextId = 1;

/** Progress of {@link runAuditTasks}, reported every watchdog tick while tasks run. */
export interface AuditProgress {
  /** Steps of the user's step function completed so far (all workers, this call). */
  steps: number;
  /** Tasks finished so far, and in all. */
  tasksDone: number;
  tasks: number;
  /** Wall-clock seconds since the call began. */
  seconds: number;
}

/** Watchdog and progress options of {@link runAuditTasks}. */
export interface AuditPoolOptions {
  /**
   * Seconds a worker may spend inside one import, `create()` or `step()` call (no step completed,
   * no phase change) before it is terminated and the call rejects with ERR_TIMEOUT; Infinity
   * disables the watchdog. @default Infinity
   */
  stepTimeout?: number;
  /** Name used in the timeout message (the module as the user gave it). @default the task's path */
  label?: string;
  /** Called every watchdog tick (≤ 250 ms) with the work done so far. */
  onProgress?: (p: AuditProgress) => void;
}

const PHASE_CALL: Record<Phase, string> = {
  [PHASE.idle]: 'the worker',
  [PHASE.import]: 'importing the module',
  [PHASE.create]: 'create()',
  [PHASE.step]: 'step()',
};

/**
 * Runs `tasks` on up to `workers` threads and returns their outputs in task order. A crashed
 * worker (e.g. the module calls process.exit) becomes a fault for its task, never a rejection.
 * @throws InputError (ERR_TIMEOUT) when a worker stays inside one call of the user's code for more
 *   than `stepTimeout` seconds: every worker of this call is terminated first, so no thread is left
 *   running the user's code, e.g. `htsgd audit: hangs.mjs: step() did not return within 2 s (…)`.
 */
export async function runAuditTasks(
  tasks: AuditTask[],
  workers: number,
  options: AuditPoolOptions = {},
): Promise<TaskOutput[]> {
  const timeoutMs = (options.stepTimeout ?? Infinity) * 1000;
  const out: TaskOutput[] = new Array(tasks.length);
  const t0 = performance.now();
  let next = 0;
  let tasksDone = 0;
  let stepsDone = 0;
  let timedOut: string | null = null;
  // Per busy worker: what the watchdog last saw, and when it last changed.
  const busy = new Map<Slot, { steps: number; phase: number; since: number; kill: (o: TaskOutput) => void }>();

  const tick = () => {
    const now = performance.now();
    for (const [slot, seen] of busy) {
      const steps = slot.watch[WATCH_STEPS];
      const phase = slot.watch[WATCH_PHASE];
      if (steps !== seen.steps || phase !== seen.phase) {
        // Int32 counter: the difference modulo 2^32 is the steps since the last tick.
        stepsDone += (steps - seen.steps) >>> 0;
        Object.assign(seen, { steps, phase, since: now });
      } else if (phase !== PHASE.idle && now - seen.since > timeoutMs && timedOut === null) {
        const call = PHASE_CALL[phase as Phase] ?? 'the worker';
        const verb = phase === PHASE.import ? 'did not finish' : 'did not return';
        timedOut =
          `htsgd audit: ${options.label ?? tasks[0].path}: ${call} ${verb} within ${options.stepTimeout} s ` +
          `(the worker was terminated after ${stepsDone} completed steps in this run; raise --step-timeout if one call legitimately takes longer).`;
      }
    }
    if (timedOut !== null) for (const seen of busy.values()) seen.kill({ fault: timedOut });
    options.onProgress?.({ steps: stepsDone, tasksDone, tasks: tasks.length, seconds: (now - t0) / 1000 });
  };
  const watching = Number.isFinite(timeoutMs) || options.onProgress !== undefined;
  const timer = watching ? setInterval(tick, Math.max(20, Math.min(250, timeoutMs / 4))) : null;

  const lane = async (): Promise<void> => {
    let slot: Slot | null = null;
    while (next < tasks.length && timedOut === null) {
      const i = next++;
      if (!slot) slot = take();
      const run = runOn(slot, nextId++, tasks[i]);
      busy.set(slot, {
        steps: slot.watch[WATCH_STEPS],
        phase: slot.watch[WATCH_PHASE],
        since: performance.now(),
        kill: run.kill,
      });
      const { output, alive } = await run.done;
      const seen = busy.get(slot)!;
      busy.delete(slot);
      stepsDone += (slot.watch[WATCH_STEPS] - seen.steps) >>> 0;
      out[i] = output;
      tasksDone++;
      if (!alive) {
        retire(slot);
        slot = null;
      }
    }
    if (slot && timedOut === null) {
      slot.worker.unref();
      idle.push(slot);
    } else if (slot) retire(slot);
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, tasks.length)) }, lane));
  } finally {
    if (timer) clearInterval(timer);
  }
  if (timedOut !== null)
    throw new InputError('ERR_TIMEOUT', timedOut, { api: 'htsgd audit', option: '--step-timeout' });
  return out;
}

/** Worker threads currently alive in the pool (busy or idle); 0 after {@link closeAuditPool}. */
export function auditPoolSize(): number {
  return all.size;
}

/** Terminates the pool's workers (safe when none exist). */
export async function closeAuditPool(): Promise<void> {
  idle.length = 0;
  const ws = [...all];
  all.clear();
  await Promise.all(ws.map((s) => s.worker.terminate()));
}
