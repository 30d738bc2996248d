/**
 * The `htsgd/vitest` helpers decide as `htsgd verify` does and say why: a check run alone (one test
 * per check) has the confidence, replay command and numbers it has in its theorem's full run; an
 * inconsistent or crashed check fails with its replay command in the message; an inconclusive one
 * passes unless strict. Fake declarations with fixed observations make each verdict on purpose.
 * (examples/vitest/ runs a real check through the package name; `npm run check:pack` runs the
 * conjecture and audit helpers from a packed install.)
 */
import { describe, expect, it } from 'vitest';
import { loadTier } from '../cli/verify-support.ts';
import { replayCommand } from '../cli/replay-command.ts';
import { defineTheorem } from '../verify/define.ts';
import { runChecks } from '../verify/run.ts';
import type { Observation, TheoremDeclaration } from '../verify/types.ts';
import { checkTimeoutSeconds, theoremCheckFailures, theoremTest } from './index.ts';

const OBSERVED: Record<string, Observation> = {
  inside: { estimate: 1, ci: [0.99, 1.01], standardError: 0.005 },
  outside: { estimate: 1.5, ci: [1.4, 1.6], standardError: 0.05 },
  straddle: { estimate: 1.05, ci: [1.0, 1.1], standardError: 0.025 },
};

const fake = defineTheorem<{ case: string }>({
  id: 'fake-vitest',
  title: 'fake',
  source: { paper: 'fixture', theorem: 'F', equation: '(0)' },
  hypotheses: [{ name: 'case', description: 'which observation', values: [...Object.keys(OBSERVED), 'crash'] }],
  predictor: { name: 'fake.one', compute: () => 1 },
  plan: {
    description: 'fixed observations',
    points: { quick: [...Object.keys(OBSERVED), 'crash'].map((c) => ({ case: c })), standard: [], full: [] },
  },
  test: {
    name: 'fixed',
    run: (ctx) => {
      if (ctx.point.case === 'crash') throw new Error('boom');
      return OBSERVED[ctx.point.case];
    },
  },
  tolerance: { value: 0.05, scale: 'absolute', reason: 'fixture band' },
  budgetShare: 1,
}) as unknown as TheoremDeclaration;

const tier = loadTier('quick');
const id = (c: string) => `fake-vitest/case=${c}/0`;

describe('theoremCheckFailures (what each test of theoremTest runs)', () => {
  it('runs one check with the confidence, time budget and replay command of the full run', async () => {
    const full = await runChecks([fake], {
      seed: tier.seed,
      tier: tier.name,
      errorBudget: tier.errorBudget,
      timeBudgetSeconds: tier.timeBudgetSeconds,
      kernelStepsPerSecond: tier.stepsPerSecond,
      workers: tier.cores,
      replayCommand,
    });
    const alone = await runChecks([fake], {
      seed: tier.seed,
      tier: tier.name,
      errorBudget: tier.errorBudget,
      timeBudgetSeconds: tier.timeBudgetSeconds,
      kernelStepsPerSecond: tier.stepsPerSecond,
      workers: tier.cores,
      replayCommand,
      onlyChecks: [id('outside')],
    });
    expect(alone.checks).toHaveLength(1);
    const inFull = full.checks.find((c) => c.id === id('outside'))!;
    expect(alone.checks[0].confidence).toBe(inFull.confidence);
    expect(alone.checks[0].replay).toBe(inFull.replay);
    expect(alone.checks[0].verdict).toBe(inFull.verdict);
    expect(alone.complete).toBe(false);
  });

  it('fails an inconsistent or crashed check with its replay command; inconclusive only when strict', async () => {
    expect(await theoremCheckFailures([fake], id('inside'), tier, true)).toEqual([]);
    const bad = await theoremCheckFailures([fake], id('outside'), tier, false);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^fake-vitest\/case=outside\/0: inconsistent: observed 1\.5 \[1\.4, 1\.6\]/);
    expect(bad[0]).toContain(`; replay: htsgd replay ${id('outside')} --seed ${tier.seed} `);
    const crash = await theoremCheckFailures([fake], id('crash'), tier, false);
    expect(crash[0]).toMatch(/^fake-vitest\/case=crash\/0: error: .*boom.*; replay: htsgd replay /);
    expect(await theoremCheckFailures([fake], id('straddle'), tier, false)).toEqual([]);
    const strict = await theoremCheckFailures([fake], id('straddle'), tier, true);
    expect(strict[0]).toContain('inconclusive (the interval overlaps an edge of the band');
  });

  it('refuses, when registering, a check the theorem does not have', () => {
    expect(() => theoremTest(fake, { checks: ['case=nope'] })).toThrow(/no check "case=nope" of fake-vitest/);
    expect(() => theoremTest('no-such-theorem')).toThrow(/--theorem/);
  });

  it('sets the timeout from the time budget: 2·budget + 30 s', () => {
    expect(checkTimeoutSeconds(20)).toBe(70);
  });
});
