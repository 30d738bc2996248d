/**
 * The simulator: clipped heavy-tailed SGD kernels (THEORY.md §1), exit and trajectory runners, and
 * the worker pool. `sim` never imports theory or stats: it does not know what is predicted.
 */
export * from './types.ts';
export { tsKernel, basinOf, runExitChunkTs, runTrajectoryChunkTs } from './kernel-ts.ts';
export type { CommonRunOptions, RunControl } from './options.ts';
export {
  runExit,
  runExitSync,
  resolveExitOptions,
  type ExitOptions,
  type ExitResult,
  type ExitQuantiles,
} from './run-exit.ts';
export {
  runTrajectory,
  runTrajectorySync,
  resolveTrajectoryOptions,
  type TrajectoryOptions,
  type TrajectoryResult,
} from './run-trajectory.ts';
export { closePool, poolSize } from './pool.ts';
export { ENGINES, kernelFor, checkEngine, DEFAULT_ENGINE, type Engine, type CorrectEngine } from './engines.ts';
export { MUTANTS, mutantById, type Mutant, type MutantViolation } from './mutants.ts';
export { referenceExit, referenceTrajectory, type ReferenceExit } from './reference.ts';
