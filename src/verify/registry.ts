/**
 * The theorem declarations `htsgd verify`, `htsgd replay` and `htsgd report list` know about, in
 * report order: Theorem 1 and its contrasts (`theorems/index.ts`), the simulator screen against the
 * exact chain (`theorems/simulator-screen.ts`), then Theorem 2 (`theorems/theorem2.ts`).
 */
import { theorem2Declarations } from '../../theorems/theorem2.ts';
import { theorem1Declarations } from '../../theorems/index.ts';
import { MUTANT_SCREEN } from '../../theorems/simulator-screen.ts';
import type { TheoremDeclaration } from './types.ts';

/** Every declared theorem and conjecture, in report order. */
export const registry: readonly TheoremDeclaration<any>[] = [...theorem1Declarations, ...MUTANT_SCREEN, ...theorem2Declarations];
