/**
 * A reusable pool of worker threads running kernel chunks. One module-level pool, created lazily at
 * the size first asked for (grown if a later run asks for more), closed by `closePool()`. Workers are
 * unref'd while idle so a process that forgets `closePool()` still exits, and ref'd while busy so a
 * pending run keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { Engine } from './engines.ts';
import type { ExitChunkResult, ExitChunkTask, TrajectoryChunkResult, TrajectoryChunkTask } from './types.ts';

type Job =
  | {
      mode: 'exit';
      engine: Engine;
      task: ExitChunkTask;
      resolve: (r: ExitChunkResult) => void;
      reject: (e: Error) => void;
    }
  | {
      mode: 'trajectory';
      engine: Engine;
      task: TrajectoryChunkTask;
      resolve: (r: TrajectoryChunkResult) => void;
      reject: (e: Error) => void;
    };

interface Slot {
  worker: Worker;
  job: Job | null;
  id: number;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

let slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

function spawn(): Slot {
  const worker = new Worker(ENTRY);
  const slot: Slot = { worker, job: null, id: 0 };
  worker.unref();
  worker.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
    const job = slot.job;
    if (!job || msg.id !== slot.id) return;
    slot.job = null;
    worker.unref();
    if (msg.error !== undefined) job.reject(new Error(`sim worker: ${msg.error}`));
    else (job.resolve as (r: unknown) => void)(msg.result);
    pump();
  });
  // A crashed or exited worker leaves the pool; its job (if any) fails loudly rather than hanging.
  const drop = (err: Error): void => {
    const job = slot.job;
    slot.job = null;
    if (!slots.includes(slot)) return;
    slots = slots.filter((s) => s !== slot);
    if (job) job.reject(err);
    if (slots.length === 0 && queue.length > 0) for (const j of queue.splice(0)) j.reject(err);
    pump();
  };
  worker.on('error', (err) => drop(err instanceof Error ? err : new Error(String(err))));
  worker.on('exit', (code) => drop(new Error(`sim worker exited with code ${code}`)));
  return slot;
}

function pump(): void {
  for (const slot of slots) {
    if (queue.length === 0) return;
    if (slot.job) continue;
    const job = queue.shift()!;
    slot.job = job;
    slot.id = nextId++;
    slot.worker.ref();
    slot.worker.postMessage({ id: slot.id, mode: job.mode, engine: job.engine, task: job.task });
  }
}

/** Ensures at least `size` workers exist (workers are never shrunk; `closePool` ends them all). */
function ensure(size: number): void {
  while (slots.length < size) slots.push(spawn());
}

/** Number of workers currently in the pool. */
export function poolSize(): number {
  return slots.length;
}

/**
 * Runs one exit chunk on the pool (of at least `size` workers). Resolves with the kernel's result;
 * rejects only on a worker crash (a bug), never on a scientific outcome.
 */
export function submitExit(task: ExitChunkTask, size: number, engine: Engine = 'ts'): Promise<ExitChunkResult> {
  ensure(size);
  return new Promise((resolve, reject) => {
    queue.push({ mode: 'exit', engine, task, resolve, reject });
    pump();
  });
}

/** Runs one trajectory segment on the pool (of at least `size` workers). */
export function submitTrajectory(
  task: TrajectoryChunkTask,
  size: number,
  engine: Engine = 'ts',
): Promise<TrajectoryChunkResult> {
  ensure(size);
  return new Promise((resolve, reject) => {
    queue.push({ mode: 'trajectory', engine, task, resolve, reject });
    pump();
  });
}

/** Terminates every worker (pending jobs are rejected). Safe to call when no pool exists. */
export async function closePool(): Promise<void> {
  const old = slots;
  slots = [];
  for (const job of queue.splice(0)) job.reject(new Error('sim pool closed'));
  for (const s of old) if (s.job) s.job.reject(new Error('sim pool closed'));
  await Promise.all(old.map((s) => s.worker.terminate()));
}
