/**
 * The registry: every declaration of `theorems/`, in report order. Theorem 1 (the simulator against
 * the exact chain, exit-time order, law and location) with its contrasts (untruncated, Gaussian),
 * the simulator screen against the exact chain (`simulator-screen.ts`), then Theorem 2
 * (`theorem2.ts`). Nothing in `src/` imports this file: the command line's entry point
 * (`src/cli/htsgd.js`), the ci scripts and the tests hand `registry` to the runner.
 */
import type { TheoremDeclaration } from '../src/verify/types.ts';
import { exitLocation } from './exit-location.ts';
import { exitTimeLaw } from './exit-time-law.ts';
import { exitTimeOrder } from './exit-time-order.ts';
import { exitOrder2d } from './exit-order-2d.ts';
import { gaussianExponential } from './gaussian-exponential.ts';
import { simulatorExact } from './simulator-exact.ts';
import { MUTANT_SCREEN } from './simulator-screen.ts';
import { theorem2Declarations } from './theorem2.ts';
import { untruncatedOrder } from './untruncated-order.ts';

/** The Theorem 1 declarations and their contrasts (untruncated, Gaussian). */
export const theorem1Declarations: readonly TheoremDeclaration[] = [
  simulatorExact,
  exitTimeOrder,
  exitTimeLaw,
  exitLocation,
  untruncatedOrder,
  gaussianExponential,
];

/** Every declared theorem and conjecture, in report order (`htsgd verify`, `replay`, `report list`). */
export const registry: readonly TheoremDeclaration[] = [
  ...theorem1Declarations,
  ...MUTANT_SCREEN,
  ...theorem2Declarations,
  exitOrder2d,
];
