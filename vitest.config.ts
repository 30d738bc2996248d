import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'properties/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Heavy simulation runs in the simulator's own worker pool; two test files at a time keep both
    // cores busy without oversubscribing them.
    maxWorkers: 2,
  },
});
