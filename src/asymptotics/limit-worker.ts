/**
 * Worker loop of {@link runLimitSweep}: solves one η of a sweep per message. The landscape and the
 * noise travel as specs (plain data) and are resolved here; the stop-loss table is built once per law.
 */
import { parentPort } from 'node:worker_threads';
import { buildStopLoss, type StopLoss } from '../exact/stop-loss.ts';
import { createNoiseLaw } from '../model/noise.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import { exactLimitPoint } from './limit.ts';
import type { LimitTask } from './sweep.ts';

const tables = new Map<string, StopLoss>();

parentPort!.on('message', (msg: { id: number; task: LimitTask }) => {
  try {
    const t = msg.task;
    const noise = createNoiseLaw(t.noise);
    const key = JSON.stringify(t.noise);
    let stopLoss = tables.get(key);
    if (!stopLoss) tables.set(key, (stopLoss = buildStopLoss(noise)));
    const result = exactLimitPoint({
      landscape: resolveLandscape(t.landscape),
      noise,
      truncation: t.truncation === null ? Infinity : t.truncation,
      basin: t.basin,
      stepSize: t.stepSize,
      cells: t.cells,
      maxCells: t.maxCells,
      targetError: t.targetError,
      grid: t.grid,
      smallMoves: t.smallMoves,
      stopLoss,
    });
    parentPort!.postMessage({ id: msg.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
