/**
 * The public API of htsgd (`import { runExit, theoryReport, registry } from 'htsgd'`; package.json
 * `exports` maps it to the compiled `dist/src/index.js` and `.d.ts`). docs/api.md documents every
 * name exported here, by use; `src/api-docs.test.ts` fails when one is missing there or has no TSDoc.
 *
 * - The model: landscapes and noise laws (`resolveLandscape`, `createNoiseLaw`).
 * - The simulator: `runExit`, `runTrajectory` (clipped heavy-tailed SGD, WebAssembly kernel, worker
 *   threads; same seed → same numbers for any worker count).
 * - The exact finite-η oracle: `exactExit`, `exactOccupancy`, and the η → 0 limit
 *   (`exactLimitPoint`, `exactLimit`).
 * - The theory engine: `theoryReport` (l*, γ, q, G, generator, warnings) and its parts.
 * - The theorem registry: `registry` (every built-in declaration), `defineTheorem`, `defineConjecture`.
 * - The runner: `runChecks`, `replayCheck`, `mergeReports`, with the tiers of `htsgd verify`
 *   (`loadTier`), the replay command (`replayCommand`) and the report writers (`writeReport`,
 *   `reportToJUnit`).
 * - The audit of a user's optimizer: `runAudit`.
 *
 * This file and `src/cli/htsgd.js` are the composition roots: the only files of src/ that import
 * `theorems/` (ci/check-layers.mjs allows both by name).
 */

// The model.
export { resolveLandscape, paperLandscape, polynomialLandscape, basinRadii } from './model/landscapes.ts';
export { createNoiseLaw } from './model/noise.ts';
export type { Landscape, LandscapeSpec, NoiseKind, NoiseLaw, NoiseSpec } from './model/types.ts';

// The simulator.
export { runExit, runExitSync } from './sim/run-exit.ts';
export type { ExitOptions, ExitResult, ExitQuantiles } from './sim/run-exit.ts';
export { runTrajectory, runTrajectorySync } from './sim/run-trajectory.ts';
export type { TrajectoryOptions, TrajectoryResult } from './sim/run-trajectory.ts';
export type { CommonRunOptions, RunControl } from './sim/options.ts';
export { closePool } from './sim/pool.ts';
export { ENGINES, DEFAULT_ENGINE } from './sim/engines.ts';
export type { Engine } from './sim/engines.ts';
export { MUTANTS } from './sim/mutants.ts';
export type { Mutant } from './sim/mutants.ts';
export { exitEstimate } from './cli/exit-estimate.ts';
export type { ExitEstimate, CensoredExitRun } from './cli/exit-estimate.ts';

// The exact finite-η oracle and its η → 0 limit.
export { exactExit } from './exact/exit.ts';
export type { ExactExitOptions, ExactExitResult, Estimate } from './exact/exit.ts';
export { exactOccupancy } from './exact/occupancy.ts';
export type { ExactOccupancyOptions, ExactOccupancyResult } from './exact/occupancy.ts';
export { exactLimitPoint, exactLimit } from './asymptotics/limit.ts';
export type { LimitPointOptions, LimitSweepPoint, LimitTheory, ExactLimitResult } from './asymptotics/limit.ts';

// The theory engine.
export { theoryReport } from './theory/index.ts';
export type { TheoryReport, BasinReport, TheoryReportOptions } from './theory/index.ts';
export { basinGeometry, jumpsNeeded } from './theory/geometry.ts';
export type { TheoryWarning } from './theory/geometry.ts';
export { exitExponent, lambda, chainTimeScale } from './theory/scales.ts';
export { exitConstants } from './theory/constants.ts';
export type { BasinConstants } from './theory/constants.ts';
export { predictedMeanExitSteps, exitLocationProbabilities } from './theory/predict.ts';
export { transitionGraph } from './theory/graph.ts';
export type { TransitionGraph } from './theory/graph.ts';
export { generatorsByClass, stationaryDistribution } from './theory/markov.ts';
export type { GeneratorReport } from './theory/markov.ts';
export { theorem2Theory, leadingOrderOccupancy } from './theory/theorem2.ts';
export type { Theorem2Setting, Theorem2Theory } from './theory/theorem2.ts';

// The theorem registry and declarations.
export { registry, theorem1Declarations } from '../theorems/index.ts';
export { defineTheorem, defineConjecture as defineConjectureDeclaration, describeTheorem } from './verify/define.ts';
export type {
  CheckContext,
  CheckResult,
  ExperimentPlan,
  HypothesisPoint,
  HypothesisRange,
  Observation,
  Prediction,
  Predictor,
  ReplayInfo,
  RunReport,
  SourceRef,
  TestSpec,
  TheoremDeclaration,
  Tier,
  Tolerance,
  Verdict,
} from './verify/types.ts';

// User conjectures (`htsgd verify --conjecture FILE`).
export {
  defineConjecture,
  isConjecture,
  conjectureDeclaration,
  conjectureVerdict,
  candidatePoints,
  drawPoints,
  predictInputs,
  loadConjectures,
  CONJECTURE_QUANTITIES,
  CONJECTURE_FAMILY,
  DRAWS_PER_TIER,
} from './conjecture/index.ts';
export type {
  Conjecture,
  AnyConjecture,
  ConjectureSpec,
  ConjectureQuantity,
  ConjectureHypotheses,
  ConjecturePoint,
  ConjectureVerdict,
  ExitInputs,
  MeanExitInputs,
  LocationInputs,
  OccupancyInputs,
  HoldingInputs,
  QuantityInputs,
  FamilyMember,
} from './conjecture/index.ts';

// The runner and its reports.
export { runChecks, replayCheck, mergeReports } from './verify/run.ts';
export type { RunOptions, RunProgress, Shard, ReplayFormatter } from './verify/run.ts';
export { loadTier, parseVerifyFlags, runVerify, verifyExitCode } from './cli/verify-support.ts';
export type { TierDefinition, VerifyFlags, VerifyOptions } from './cli/verify-support.ts';
export { replayCommand } from './cli/replay-command.ts';
export { formatSummaryTable } from './report/summary.ts';
export { writeReport } from './report/write.ts';
export { reportToJson, readReport } from './report/json.ts';
export { reportToJUnit, checkMessage } from './report/junit.ts';
export type { JUnitOptions } from './report/junit.ts';

// The audit of a user's optimizer (`htsgd audit`).
export { runAudit, AUDIT_DEFAULTS } from './audit/audit.ts';
export type { AuditOptions } from './audit/audit.ts';
export { formatAudit } from './audit/format.ts';
export { closeAuditPool } from './audit/pool.ts';
export type { AuditResult, ClaimVerdict, OptimizerClaims, OptimizerModule } from './audit/types.ts';

// Errors.
export { InputError } from './core/errors.ts';
