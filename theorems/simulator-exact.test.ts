/**
 * `simulator-exact` judges a wrong simulator whose chains stall at the step cap instead of erroring
 * (issue 4 item 7): with clipping at b/2 (`mutant:clip-half`) about 40% of the chains at b = 0.5,
 * η = 0.1 hit the cap of 50× the exact mean. The mean of min(σ, cap) is a lower bound of the mean,
 * and its lower confidence end lies far above the band: `inconsistent`. The exit side with
 * censored chains has only bounds, so it may be inconclusive but never an error.
 * Cost: 1177 chains (the minimum) at ~5·10⁴ steps each, ~3 s CPU.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool } from '../src/sim/index.ts';
import { simulatorExact } from './simulator-exact.ts';
import { loadTier } from '../src/cli/verify-support.ts';
import { defineTheorem } from '../src/verify/define.ts';
import { runChecks } from '../src/verify/run.ts';

afterAll(async () => {
  await closePool();
});

const tier = loadTier('quick');

describe('simulator-exact with a stalling simulator (censored chains)', () => {
  it('clipping at b/2 is inconsistent on the mean (lower bound above the band), not an error', async () => {
    const declaration = defineTheorem({
      ...simulatorExact,
      plan: {
        ...simulatorExact.plan,
        points: {
          quick: [
            { truncation: 0.5, stepSize: 0.1, statistic: 'mean-exit-steps' },
            { truncation: 0.5, stepSize: 0.1, statistic: 'exit-left' },
          ],
          standard: [],
          full: [],
        },
      },
    });
    const report = await runChecks([declaration], {
      seed: tier.seed,
      tier: 'quick',
      errorBudget: tier.errorBudget,
      timeBudgetSeconds: 1,
      kernelStepsPerSecond: tier.stepsPerSecond,
      workers: tier.cores,
      engine: 'mutant:clip-half',
    });
    const [mean, side] = report.checks;
    const why = (c: typeof mean) =>
      `${c.id}: ${c.status} ${c.verdict} ${c.error ?? ''} observed ${c.observed.estimate} [${c.observed.ci.join(', ')}], band [${c.tolerance.band.join(', ')}]`;
    expect(mean.status, why(mean)).toBe('ok');
    expect(mean.details.censored as number).toBeGreaterThan(0);
    expect(mean.observed.ci[1]).toBe(Infinity); // only a lower bound is known
    expect(mean.observed.ci[0]).toBeGreaterThan(mean.tolerance.band[1]);
    expect(mean.verdict, why(mean)).toBe('inconsistent');
    expect(side.status, why(side)).toBe('ok');
    expect(side.verdict).not.toBe('consistent');
    // The bounds contain every way the censored chains could still exit.
    const n = side.details.chains as number;
    const leftShare = (side.details.simulated as { exitedLeft: number }).exitedLeft;
    expect(side.observed.ci[0]).toBeLessThanOrEqual(leftShare);
    expect(side.observed.ci[1]).toBeGreaterThanOrEqual(leftShare + (side.details.censored as number) / n);
  }, 120_000);
});
