/**
 * The experiment of `theorems/untruncated-order.ts` (its claim, tolerance and their reasons are there):
 * exit-time-order's two links (`runPaperExitOrder`) at b = ∞ and the point's tail index.
 */
import type { NoiseSpec } from '../../model/types.ts';
import type { CheckContext, Observation } from '../../verify/types.ts';
import { SETTINGS as EXIT_ORDER_SETTINGS, runPaperExitOrder } from './exit-time-order.ts';

export type Point = { tailIndex: number };

/** Settings of the check (serialised into the report); the sweep and simulation settings are exit-time-order's. */
export const SETTINGS = {
  noiseScale: 0.1,
  ...EXIT_ORDER_SETTINGS,
} as const;

const noiseOf = (alpha: number): NoiseSpec => ({ kind: 'lomax', tailIndex: alpha, scale: SETTINGS.noiseScale });

export function runUntruncatedOrder(ctx: CheckContext<Point>): Promise<Observation> {
  return runPaperExitOrder(ctx, Infinity, noiseOf(ctx.point.tailIndex));
}
