/**
 * User conjectures (issue 6 item 3), the public surface: declare (`spec.ts`), the measured family
 * of settings (`family.ts`), the points drawn from it (`points.ts`), the inputs `predict` receives
 * (`inputs.ts`), how each quantity is observed (`observation.ts`), the conjecture as a declaration
 * of the verify machinery (`declaration.ts`) and loading conjecture files (`load.ts`). The verdict
 * over a run is `src/verify/conjecture-verdict.ts` (the report layer renders it).
 */
export { CONJECTURE_QUANTITIES, type ConjectureQuantity, type ConjecturePoint } from './quantity.ts';
export {
  defineConjecture,
  isConjecture,
  type AnyConjecture,
  type Conjecture,
  type ConjectureSpec,
  type ConjectureHypotheses,
} from './spec.ts';
export {
  CONJECTURE_FAMILY,
  DRAWS_PER_TIER,
  RANDOM_PER_TIER,
  RANDOM_STRATA,
  randomSettings,
  type FamilyMember,
  type RandomSetting,
} from './family.ts';
export { candidatePoints, drawPoints } from './points.ts';
export {
  predictInputs,
  type ExitInputs,
  type MeanExitInputs,
  type LocationInputs,
  type OccupancyInputs,
  type HoldingInputs,
  type QuantityInputs,
} from './inputs.ts';
export { conjectureDeclaration } from './declaration.ts';
export { loadConjectures } from './load.ts';
export {
  conjectureVerdict,
  conjectureReportLines,
  type ConjectureVerdict,
  type ConjectureReportLine,
} from '../verify/conjecture-verdict.ts';
