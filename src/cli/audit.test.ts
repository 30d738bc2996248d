import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../ci/test-support/cli.ts';
import { closeAuditPool } from '../audit/index.ts';

const fixture = (name: string) => `fixtures/optimizers/${name}.js`;
const FAST = ['--probe-samples', '5000', '--chains', '0', '--workers', '1', '--quiet'];

afterAll(async () => {
  await closeAuditPool();
});

describe('htsgd audit: faulty optimizers give a verdict or one line, never an internal error', () => {
  it('an optimizer with no noise (x ← x − clip(η·g)) is a FAIL on `noise`, exit 1', async () => {
    const { code, out, err } = await run(['audit', fixture('no-noise'), ...FAST, '--json']);
    expect(err).toBe('');
    expect(code).toBe(1);
    const r = JSON.parse(out);
    expect(r.verdict).toBe('fail');
    const bad = r.claims
      .filter((c: { verdict: string }) => c.verdict === 'inconsistent')
      .map((c: { claim: string }) => c.claim);
    expect(bad).toEqual(['noise']);
    expect(r.checks.find((c: { id: string }) => c.id === 'one-step/noise-present').rejected).toBe(true);
    const text = await run(['audit', fixture('no-noise'), ...FAST]);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/FAIL — violated: noise\b/);
    expect(text.out).not.toMatch(/gTestHomogeneity/);
  });

  it('a step() that returns the new value instead of changing x gets one line saying so, exit 2', async () => {
    const { code, out, err } = await run(['audit', fixture('returns-value'), ...FAST]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/step\(\) returned a value .* left x unchanged; it must update x in place/);
  });

  it('unknown claim keys (`tailindex`, `momentum`) are an error, exit 2', async () => {
    const { code, out, err } = await run(['audit', fixture('unknown-claim'), ...FAST]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('`claims.tailindex`');
    expect(err).toContain('`momentum`');
    expect(err.trim()).toMatch(
      /^htsgd audit: invalid option `claims.tailindex`: expected one of the keys noise, tailIndex, noiseScale, pPlus, truncation, dimension, direction, got "tailindex". \(Also unknown: `momentum`.\)$/,
    );
  });
});
