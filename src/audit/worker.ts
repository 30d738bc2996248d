/**
 * The audit worker loop: imports the user's module itself (once per path), runs tasks, posts
 * `{ id, result }`. A module that fails to import here reports a fault rather than killing the thread.
 */
import { parentPort } from 'node:worker_threads';
import { importOptimizer } from './load.ts';
import { runTask, type AuditTask, type TaskOutput } from './tasks.ts';
import type { OptimizerModule } from './types.ts';

const modules = new Map<string, Promise<unknown>>();

parentPort?.on('message', async (msg: { id: number; task: AuditTask }) => {
  let result: TaskOutput;
  try {
    let p = modules.get(msg.task.path);
    if (!p) {
      p = importOptimizer(msg.task.path);
      modules.set(msg.task.path, p);
    }
    const mod = (await p) as OptimizerModule;
    result = runTask(mod, msg.task);
  } catch (err) {
    result = { fault: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  }
  const transfer: ArrayBuffer[] = [];
  for (const v of Object.values(result)) if (ArrayBuffer.isView(v)) transfer.push(v.buffer as ArrayBuffer);
  parentPort!.postMessage({ id: msg.id, result }, transfer);
});
