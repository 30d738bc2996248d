/**
 * A limit sweep on worker threads: the η points are independent, so they run in parallel (one
 * worker per core by default), each refined to its target accuracy (limit.ts `exactLimitPoint`).
 */
import { Worker } from 'node:worker_threads';
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';
import type { LimitSweepPoint } from './limit.ts';

/** One η of a sweep, as plain data for a worker. */
export interface LimitTask {
  landscape: LandscapeSpec;
  noise: NoiseSpec;
  /** b, or null for no clipping. */
  truncation: number | null;
  basin: number;
  stepSize: number;
  cells: number;
  maxCells: number;
  targetError: number;
  grid: 'graded' | 'adaptive';
  /** exit.ts `smallMoves`. @default 'hat' */
  smallMoves?: 'hat' | 'moments';
}

const ENTRY = new URL('./limit-worker-entry.mjs', import.meta.url);

/**
 * Geometric step sizes from `largest` down over `decades` decades, `perDecade` per decade.
 * @example limitStepSizes(1e-3, 5, 1) // [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8]
 */
export function limitStepSizes(largest: number, decades: number, perDecade: number): number[] {
  const n = Math.round(decades * perDecade);
  // Rounded to 12 significant digits so that 1e-3·10^−k prints as 1e-(3+k).
  return Array.from({ length: n + 1 }, (_, i) => +(largest * Math.pow(10, -i / perDecade)).toPrecision(12));
}

/**
 * Solves the tasks on `workers` threads (smallest η first: they take longest), calling `onDone`
 * after each. Results come back in the tasks' order.
 * @throws Error with the worker's message when a point fails (e.g. the chain cannot exit).
 */
export async function runLimitSweep(
  tasks: readonly LimitTask[],
  workers: number,
  onDone?: (done: number, total: number, point: LimitSweepPoint) => void,
): Promise<LimitSweepPoint[]> {
  const results = new Array<LimitSweepPoint>(tasks.length);
  const order = tasks.map((t, i) => i).sort((a, b) => tasks[a].stepSize - tasks[b].stepSize);
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: Math.max(1, Math.min(workers, tasks.length)) }, () => new Worker(ENTRY));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const pump = () => {
              if (next >= order.length) return resolve();
              const i = order[next++];
              w.once('message', (msg: { id: number; result?: LimitSweepPoint; error?: string }) => {
                if (msg.error !== undefined) return reject(new Error(msg.error));
                results[i] = msg.result!;
                done++;
                onDone?.(done, tasks.length, results[i]);
                pump();
              });
              w.postMessage({ id: i, task: tasks[i] });
            };
            w.once('error', reject);
            pump();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
