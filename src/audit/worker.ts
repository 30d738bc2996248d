/**
 * The audit worker loop: imports the user's module itself (once per path), runs tasks, posts
 * `{ id, result }`. A module that fails to import here reports a fault rather than killing the thread.
 * Every phase that runs user code (import, create, step) is published in the shared watch array
 * handed over as `workerData.watch`, so the pool can terminate a worker whose step never returns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../core/errors.ts';
import { importOptimizer, validateOptimizer } from './load.ts';
import { firstLine, PHASE, runTask, unwatched, WATCH_PHASE, type AuditTask, type TaskOutput } from './tasks.ts';
import type { OptimizerModule } from './types.ts';

const modules = new Map<string, Promise<unknown>>();
const shared = (workerData as { watch?: SharedArrayBuffer } | null)?.watch;
const watch = shared ? new Int32Array(shared) : unwatched();

function load(path: string): Promise<unknown> {
  let p = modules.get(path);
  if (!p) {
    watch[WATCH_PHASE] = PHASE.import;
    p = importOptimizer(path);
    modules.set(path, p);
  }
  return p;
}

parentPort?.on('message', async (msg: { id: number; task: AuditTask }) => {
  let result: TaskOutput;
  try {
    const mod = await load(msg.task.path);
    if (msg.task.kind === 'load') result = { optimizer: validateOptimizer(mod, msg.task.path, watch) };
    else result = runTask(mod as OptimizerModule, msg.task, watch);
  } catch (err) {
    if (err instanceof InputError) {
      const { api, option, expected, fix } = err;
      result = { inputError: { code: err.code, message: err.message, context: { api, option, expected, fix } } };
    } else result = { fault: firstLine(err) };
  }
  watch[WATCH_PHASE] = PHASE.idle;
  const transfer: ArrayBuffer[] = [];
  for (const v of Object.values(result)) if (ArrayBuffer.isView(v)) transfer.push(v.buffer as ArrayBuffer);
  parentPort!.postMessage({ id: msg.id, result }, transfer);
});
