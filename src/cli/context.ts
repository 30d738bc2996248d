/**
 * What the entry point hands every subcommand. The registry of declarations is passed in, not
 * imported: `theorems/` imports `src/`, never the other way (CONVENTIONS.md), so the composition
 * root (`src/cli/htsgd.js`, or a test) imports `theorems/index.ts` and gives its `registry` here.
 */
import type { TheoremDeclaration } from '../verify/types.ts';

/** The context of one CLI run. */
export interface CliContext {
  /**
   * The declarations `htsgd verify`, `replay` and `report list` know about, in report order.
   * @default [] (as `main(argv)` without options: only `--conjecture` files can be run)
   */
  readonly registry: readonly TheoremDeclaration[];
}
