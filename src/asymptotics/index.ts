/**
 * Extrapolation of the exact oracle's finite-η values to η → 0, with error bars (issue 13).
 * Pure functions; imports only `core`, `model` and `exact`.
 */
export {
  defaultKappa,
  extrapolateLimit,
  extrapolateOrder,
  extrapolateSeries,
  fitKappa,
  fitSeries,
  localSlopes,
} from './extrapolate.ts';
export type { KappaFit, LimitEstimate, LimitPoint, SeriesFit } from './extrapolate.ts';
export { MAX_POINT_ERROR, exactLimit, exactLimitPoint, usablePoints } from './limit.ts';
export type { ExactLimitResult, LimitPointOptions, LimitQuantity, LimitSweepPoint, LimitTheory } from './limit.ts';
export { limitStepSizes, runLimitSweep } from './sweep.ts';
export type { LimitTask } from './sweep.ts';
