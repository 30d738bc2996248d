/**
 * The theorem declarations `htsgd verify`, `htsgd replay` and `htsgd report list` know about.
 * Empty until wave 2 adds the declarations of `theorems/` (exit-time-order, exit-time-law,
 * exit-location, untruncated-order, gaussian-exponential, ...): import each and list it here.
 */
import type { TheoremDeclaration } from './types.ts';

/** Every declared theorem and conjecture, in report order. */
export const registry: readonly TheoremDeclaration<any>[] = [];
