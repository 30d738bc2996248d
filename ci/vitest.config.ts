import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Kept in ci/ so that the top level holds only what the project promises
// (package.json, tsconfig.json, src, properties, theorems, fixtures, ci, README.md).
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['src/**/*.test.ts', 'properties/**/*.test.ts'],
    exclude: ['src/sim/wasm/assembly/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Heavy simulation runs in the simulator's own worker pool; two test files at a time keep both
    // cores busy without oversubscribing them.
    maxWorkers: 2,
  },
});
