/**
 * The worker loop: receives `{ id, mode, task }`, runs the chunk on the kernel, posts
 * `{ id, result }` (typed arrays transferred, not copied) or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { kernelFor, type Engine } from './engines.ts';
import type { ExitChunkTask, TrajectoryChunkTask } from './types.ts';

/** Collects the ArrayBuffers of a result so postMessage can transfer them. */
function transferList(value: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) transferList(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) transferList(v, out);
  }
  return out;
}

parentPort?.on(
  'message',
  (msg: { id: number; mode: 'exit' | 'trajectory'; engine: Engine; task: ExitChunkTask | TrajectoryChunkTask }) => {
    try {
      const result =
        msg.mode === 'exit'
          ? kernelFor(msg.engine).runExitChunk(msg.task as ExitChunkTask)
          : kernelFor(msg.engine).runTrajectoryChunk(msg.task as TrajectoryChunkTask);
      parentPort!.postMessage({ id: msg.id, result }, transferList(result));
    } catch (err) {
      parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  },
);
