/**
 * Each mutant of `src/sim/mutants.ts` is caught, and the correct simulator is not (issue 4 item 7).
 *
 * The checks are the simulator screen of `theorems/simulator-screen.ts` (simulated exit mean and landing
 * probability against the exact finite-η chain, three points each), run through `runChecks` with the
 * quick tier's error budget, time budget, pinned seed, pinned kernel speed and worker count
 * (`ci/tiers.json`, `ci/seeds.json`), the engine passed as `RunOptions.engine` so that nothing in
 * the checks knows which simulator it runs. They are the cheapest checks sufficient for every
 * mutant: the exit-order checks of `theorems/` would catch the order-changing mutants too, but one
 * quick-tier pass of them costs minutes, not seconds.
 *
 * "Caught" means at least one `inconsistent` verdict (after Holm over the run); the correct engine
 * must have none, and no check may error. The pinned seed makes this deterministic; with the
 * tier's error budget (10⁻³ family-wise) the correct engine fails on a fresh seed with probability
 * ≤ 10⁻³ (measured by `npm run calibrate`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, MUTANTS, type Engine } from '../src/sim/index.ts';
import { loadTier } from '../src/cli/verify-support.ts';
import { runChecks } from '../src/verify/run.ts';
import type { RunReport } from '../src/verify/types.ts';
import { MUTANT_SCREEN } from '../theorems/simulator-screen.ts';

afterAll(async () => {
  await closePool();
});

/** Which check (theorem id @ point) is expected to catch each mutant, as measured; ≥ 1 each. */
const EXPECTED_CATCHERS: Readonly<Record<string, readonly string[]>> = {
  'clip-gradient-only': ['exact-exit-mean', 'exact-exit-landing'],
  'clip-half': ['exact-exit-mean', 'exact-exit-landing'],
  'tail-index-plus-0.3': ['exact-exit-mean'],
  'noise-scale-x2': ['exact-exit-mean'],
  'noise-sqrt-eta': ['exact-exit-mean'],
  'no-box': ['exact-exit-landing'],
  'asymmetric-centred': ['exact-exit-landing'],
};

async function screen(engine: Engine): Promise<RunReport> {
  const tier = loadTier('quick');
  return runChecks(MUTANT_SCREEN, {
    seed: tier.seed,
    tier: 'quick',
    errorBudget: tier.errorBudget,
    timeBudgetSeconds: tier.timeBudgetSeconds,
    kernelStepsPerSecond: tier.stepsPerSecond,
    workers: tier.cores,
    engine,
  });
}

const inconsistent = (r: RunReport) => r.checks.filter((c) => c.verdict === 'inconsistent').map((c) => c.id);

describe('mutants are caught, the correct simulator is not', () => {
  it('the correct engine: no inconsistent verdict, no error, every check consistent', async () => {
    const r = await screen('wasm');
    expect(r.complete).toBe(true);
    expect(r.summary.errors).toBe(0);
    expect(inconsistent(r)).toEqual([]);
    // With 32 000 chains per check the CI fits inside the band: agreement is shown, not just "not refuted".
    expect(r.summary.consistent).toBe(r.summary.total);
  });

  for (const m of MUTANTS) {
    it(`mutant ${m.id} (${m.violates}) is caught`, async () => {
      const r = await screen(`mutant:${m.id}`);
      expect(r.summary.errors).toBe(0);
      const caught = inconsistent(r);
      expect(caught.length).toBeGreaterThan(0);
      const theorems = new Set(r.checks.filter((c) => c.verdict === 'inconsistent').map((c) => c.theoremId));
      for (const id of EXPECTED_CATCHERS[m.id])
        expect([...theorems], `${m.id}: caught by ${caught.join(', ')}`).toContain(id);
      // The run really used the mutant (the engine is recorded by each check's simulation).
      for (const c of r.checks) expect(c.details.engine).toBe(`mutant:${m.id}`);
    });
  }
});
