/**
 * The public API of htsgd (`import { defineConjecture } from 'htsgd'`; package.json `exports`).
 *
 * - `defineConjecture`: a user claim as data, `{ id, statement, quantity, predict, hypotheses? }`,
 *   checked by `htsgd verify --conjecture <file>` (src/conjecture/inputs.ts documents what `predict`
 *   receives for each quantity and how each is observed).
 * - `defineTheorem` and the declaration types: the full declaration form the built-in theorems use
 *   (`theorems/*.ts`); `defineConjectureDeclaration` is its conjecture variant.
 * - `runChecks`, `conjectureDeclaration`, `conjectureVerdict`: run declarations from a script.
 */
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
export { defineTheorem, defineConjecture as defineConjectureDeclaration, describeTheorem } from './verify/define.ts';
export { runChecks, mergeReports } from './verify/run.ts';
export type { RunOptions, Shard, ReplayFormatter } from './verify/run.ts';
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
export { InputError } from './core/errors.ts';
