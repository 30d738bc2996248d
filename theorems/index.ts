/**
 * Every declaration of `theorems/`, in report order: Theorem 1 (the simulator against the exact
 * chain, exit-time order, law and location) with its contrasts (untruncated, Gaussian), then
 * Theorem 2 (`theorem2.ts`, the THEOREM 2 team's) when it exists.
 */
import type { TheoremDeclaration } from '../src/verify/types.ts';
import { exitLocation } from './exit-location.ts';
import { exitTimeLaw } from './exit-time-law.ts';
import { exitTimeOrder } from './exit-time-order.ts';
import { gaussianExponential } from './gaussian-exponential.ts';
import { simulatorExact } from './simulator-exact.ts';
import { untruncatedOrder } from './untruncated-order.ts';

/** The Theorem 1 declarations and their contrasts (untruncated, Gaussian). */
export const theorem1Declarations: readonly TheoremDeclaration<any>[] = [
  simulatorExact,
  exitTimeOrder,
  exitTimeLaw,
  exitLocation,
  untruncatedOrder,
  gaussianExponential,
];
