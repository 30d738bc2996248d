/**
 * `exit-time-law` with a stalling simulator: under clipping at b/2 (`mutant:clip-half`) chains hit
 * the cap of 40× the exact mean, the CV of a censored sample is not estimable, and the check must
 * say so (`inconclusive`, status ok) rather than error. The correct engine stays consistent.
 * Cost: 1000 chains (the minimum) at b = 0.5, η = 0.1 per engine, and the b = 0.5 limit sweep of the
 * chain → theory link (~4 s CPU: user time of the sweep alone under `npx tsx`), computed once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool } from '../src/sim/index.ts';
import { exitTimeLaw } from './exit-time-law.ts';
import { loadTier } from '../src/cli/verify-support.ts';
import { defineTheorem } from '../src/verify/define.ts';
import { runChecks } from '../src/verify/run.ts';

afterAll(async () => {
  await closePool();
});

const tier = loadTier('quick');
const declaration = defineTheorem({
  ...exitTimeLaw,
  plan: { ...exitTimeLaw.plan, points: { quick: [{ truncation: 0.5 }], standard: [], full: [] } },
});
const options = {
  seed: tier.seed,
  tier: 'quick' as const,
  errorBudget: tier.errorBudget,
  timeBudgetSeconds: 1,
  kernelStepsPerSecond: tier.stepsPerSecond,
  workers: tier.cores,
};

describe('exit-time-law with censored chains', () => {
  it('is inconclusive (not an error) under mutant:clip-half, and consistent under the correct engine', async () => {
    const mutant = await runChecks([declaration], { ...options, engine: 'mutant:clip-half' });
    const m = mutant.checks[0];
    expect(m.status).toBe('ok');
    expect(m.verdict).toBe('inconclusive');
    expect((m.details as { censored: number }).censored).toBeGreaterThan(0);

    const correct = (await runChecks([declaration], options)).checks[0];
    expect(correct.status).toBe('ok');
    expect(correct.verdict).toBe('consistent');
    // Both links were judged: the simulator against the chain, and q from the chain's η → 0 limit.
    const links = (correct.requirements ?? []).map((r) => r.name);
    expect(links).toContain('chain → theory (η → 0 limit)');
    expect(links.filter((n) => n.startsWith('simulator → chain')).length).toBe(3);
  }, 600_000); // ~10 s CPU idle (the b = 0.5 limit sweep is ~4 s of it); wall time grows under load
});
