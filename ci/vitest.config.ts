import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Kept in ci/ so that the top level holds only what the project promises
// (package.json, tsconfig.json, tsconfig.build.json, src, properties, theorems, fixtures, ci, docs, examples, README.md).
//
// Projects, so a developer can run one family (`npx vitest run --config ci/vitest.config.ts
// --project <name>`):
// - `unit`: tests of src/ (and of the ci scripts), beside the code they test;
// - `properties`: the fast-check properties of properties/;
// - `theorems`: the declarations of theorems/ run against their experiments (and the CLI on the
//   registry), except the quick tier;
// - `quick-tier`: the quick tier of the Theorem 1 declarations, end to end;
// - `examples`: the package used the way a user would (examples/vitest/).
const QUICK_TIER = ['theorems/quick-tier.test.ts'];

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  // `import … from 'htsgd'` (and 'htsgd/vitest') inside the repository means the sources, as
  // tsconfig.json's `paths` says for tsc and tsx; package.json's `exports` name the compiled dist/,
  // which exists only after `npm run build` (what a user installs).
  resolve: {
    alias: [
      { find: /^htsgd$/, replacement: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
      { find: /^htsgd\/vitest$/, replacement: fileURLToPath(new URL('../src/vitest/index.ts', import.meta.url)) },
    ],
  },
  test: {
    exclude: [
      'src/sim/wasm/assembly/**',
      'src/sim/rd/wasm/assembly/**',
      'src/exact/wasm/assembly/**',
      'node_modules/**',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share their worker's process: importing the sources afresh for each of the 76 unit
    // files alone cost 27 s of that project's 58 s (`npx vitest run --config ci/vitest.config.ts
    // --project unit`: 43 s without), and the deterministic caches of the exact oracle's sweeps are
    // then shared too. A test that changes process-wide state (process.env, spies) restores it.
    isolate: false,
    // Heavy simulation runs in the simulator's own worker pool; two test files at a time keep both
    // cores busy without oversubscribing them.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'ci/**/*.test.ts'] } },
      { extends: true, test: { name: 'properties', include: ['properties/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'theorems', include: ['theorems/**/*.test.ts'], exclude: [...QUICK_TIER, 'node_modules/**'] },
      },
      { extends: true, test: { name: 'quick-tier', include: QUICK_TIER } },
      // How a user uses the package in their own vitest suite (imports 'htsgd/vitest' by name).
      { extends: true, test: { name: 'examples', include: ['examples/**/*.test.ts'] } },
    ],
  },
});
