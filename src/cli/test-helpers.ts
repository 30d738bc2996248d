/**
 * Moved to properties/support/cli.ts (issue 12: test support lives outside src/). This re-export
 * stays only until src/verify/conjecture.test.ts, which another branch is moving, imports the new
 * path; delete it then.
 */
export { runCli, type CliRun } from '../../properties/support/cli.ts';
