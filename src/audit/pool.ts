/**
 * A small worker pool for audit tasks (the simulator's pool runs only its own kernels). Workers
 * persist between calls (so a calibration of hundreds of audits pays the thread start-up once),
 * are unref'd while idle, and end with {@link closeAuditPool}. Tasks are independent and seeded by
 * label, so results do not depend on the number of workers.
 */
import { Worker } from 'node:worker_threads';
import type { AuditTask, TaskOutput } from './tasks.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
const idle: Worker[] = [];
const all = new Set<Worker>();

function take(): Worker {
  const w = idle.pop();
  if (w) return w;
  const fresh = new Worker(ENTRY);
  all.add(fresh);
  fresh.on('exit', () => all.delete(fresh));
  return fresh;
}

function runOn(w: Worker, id: number, task: AuditTask): Promise<{ output: TaskOutput; alive: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (msg: { id: number; result: TaskOutput }) => {
      if (msg.id !== id) return;
      cleanup();
      resolve({ output: msg.result, alive: true });
    };
    const onError = (err: unknown) => {
      cleanup();
      resolve({ output: { fault: `worker crashed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` }, alive: false });
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
  });
}

let nextId = 1;

/**
 * Runs `tasks` on up to `workers` threads and returns their outputs in task order. A crashed
 * worker (e.g. the module calls process.exit) becomes a fault for its task, never a rejection.
 */
export async function runAuditTasks(tasks: AuditTask[], workers: number): Promise<TaskOutput[]> {
  const out: TaskOutput[] = new Array(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    let w: Worker | null = null;
    while (next < tasks.length) {
      const i = next++;
      if (!w) w = take();
      const { output, alive } = await runOn(w, nextId++, tasks[i]);
      out[i] = output;
      if (!alive) {
        all.delete(w);
        void w.terminate();
        w = null;
      }
    }
    if (w) {
      w.unref();
      idle.push(w);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, tasks.length)) }, lane));
  return out;
}

/** Terminates the pool's workers (safe when none exist). */
export async function closeAuditPool(): Promise<void> {
  idle.length = 0;
  const ws = [...all];
  all.clear();
  await Promise.all(ws.map((w) => w.terminate()));
}
