/**
 * How a user puts htsgd into their own vitest suite: after `npm install htsgd vitest`, a test file
 * imports the helpers by the package name (in this repository the name resolves to the sources, see
 * ci/vitest.config.ts; in a user's project to the installed package's compiled `dist/`).
 *
 * `npm test` runs this file: one check of the quick tier, so it stays cheap. `npm run check:pack`
 * runs the same helpers, plus a conjecture and an audit, from a packed install.
 */
import { theoremTest } from 'htsgd/vitest';

// One check of the built-in registry: `exact-exit-landing`, the simulated chain against the exact
// finite-η chain (where exits from Ω₁ land, no clipping), the cheapest check of the quick tier. It
// runs with the quick tier's pinned seed and the confidence and time budget it has in
// `htsgd verify --theorem exact-exit-landing`; a failure prints its `htsgd replay …` command.
// Any id of `htsgd report list` works the same, e.g. theoremTest('exit-location') for all its checks.
theoremTest('exact-exit-landing', { checks: ['truncation=none,basin=1,landing=2'] });

// Your own suite could add, for example:
//   conjectureTest('conjectures/my-claim.mts');                          // a claim as data
//   conjectureTest('conjectures/known-false.mts', { expect: 'inconsistent' });
//   auditTest('optimizers/my-sgd.mjs', { seed: 1 });                     // an optimizer's claims
