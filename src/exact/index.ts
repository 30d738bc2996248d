/**
 * The finite-η oracle (issue 7): exit statistics and stationary occupancy of the clipped
 * heavy-tailed SGD chain computed by linear algebra from the noise law's exact tails, with
 * discretisation error estimates. The exit systems are solved by an entrywise-accurate M-matrix
 * elimination (mmatrix.ts, issue 13), so the accuracy does not depend on how rare the exit is, and
 * past 1e308 steps the mean is reported through its log; trust.ts says when a result must not be
 * used. Imports only `core` and `model`.
 */
export {
  exactExit,
  solveExitOnGrid,
  basinRegion,
  chainModel,
  coarseLevel,
  DENSE_CELLS,
  MAX_CELLS,
  PILOT_CELLS,
  RARE_MEAN,
} from './exit.ts';
export { eliminationOrder, mMatrixFactor, mMatrixSolve, mMatrixSolveTransposed } from './mmatrix.ts';
export type { MMatrixFactors, ScaledVector } from './mmatrix.ts';
export { dualWeightedNodeMap, ADAPTIVE_MIX } from './adapt.ts';
export type { NodeMap } from './adapt.ts';
export type { ExactExitOptions, ExactExitResult, GridExitResult, Estimate, GridSolver, SolveInfo } from './exit.ts';
export { gmres, twoGrid, matVec, interpolateNested } from './krylov.ts';
export type { TwoGrid, GmresOptions, GmresResult } from './krylov.ts';
export { exactOccupancy, occupancyOnGrid } from './occupancy.ts';
export type { ExactOccupancyOptions, ExactOccupancyResult } from './occupancy.ts';
export { buildStopLoss } from './stop-loss.ts';
export type { StopLoss } from './stop-loss.ts';
export { NextStep, kernelRow, rowScratch } from './kernel.ts';
export type { ChainModel, RowScratch } from './kernel.ts';
export { basinNodes, localScale, spacingAt } from './grid.ts';
export type { BasinGridSpec } from './grid.ts';
export { luFactor, luSolve, stationaryGth } from './solve.ts';
export type { LuFactors } from './solve.ts';
export { assessExactExit, assessExactOccupancy, describeFinding, DEFAULT_MAX_ERROR } from './trust.ts';
export type { TrustFinding } from './trust.ts';
