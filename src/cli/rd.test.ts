import { describe, expect, it } from 'vitest';
import { isRdRequest, parsePoint } from './commands/rd.ts';

describe('the R^d branch of the command line', () => {
  it('is taken for --dimension ≥ 2, himmelblau, hook and modules; not for 1-D landscapes', () => {
    expect(isRdRequest({ landscape: 'himmelblau' })).toBe(true);
    expect(isRdRequest({ landscape: 'my.mjs' })).toBe(true);
    expect(isRdRequest({ landscape: 'paper', dimension: '2' })).toBe(true);
    expect(isRdRequest({ landscape: 'paper' })).toBe(false);
    expect(isRdRequest({ landscape: 'fixtures/landscapes/paper.json' })).toBe(false);
  });
  it('reads points as comma lists or JSON arrays, and refuses the wrong length in the one shape', () => {
    expect(parsePoint('start', '2.9,1.0', 2)).toEqual([2.9, 1]);
    expect(parsePoint('start', '[2.9, 1.0]', 2)).toEqual([2.9, 1]);
    expect(() => parsePoint('start', '2.9', 2)).toThrow(/htsgd: invalid option `--start`: expected 2 numbers/);
    expect(() => parsePoint('start', '[2.9, "a"]', 2)).toThrow(/`--start`/);
    expect(() => parsePoint('start', '2.9,', 2)).toThrow(/`--start`/);
  });
});

describe('htsgd simulate / theory in R^d', () => {
  it('simulate exit on the Himmelblau variant takes a JSON-array start and prints JSON; a wrong-length point is refused with exit code 2', async () => {
    const { runCli } = await import('../../ci/test-support/cli.ts');
    const ok = await runCli([
      'simulate',
      'exit',
      '--landscape',
      'himmelblau',
      '--basin',
      '3',
      '--start',
      '[2.9, 1.0]',
      '--step-size',
      '0.004',
      '--truncation',
      '2.15',
      '--noise',
      'pareto',
      '--noise-scale',
      '0.75',
      '--chains',
      '50',
      '--json',
    ]);
    expect(ok.code).toBe(0);
    const r = JSON.parse(ok.out) as { basin: number; chains: number; censored: number; landing: number[] };
    expect(r.basin).toBe(3);
    expect(r.censored).toBe(0);
    expect(r.landing[1] + r.landing[4]).toBeCloseTo(1, 12);
    const bad = await runCli([
      'simulate',
      'exit',
      '--landscape',
      'himmelblau',
      '--basin',
      '3',
      '--start',
      '2.9',
      '--step-size',
      '0.004',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/invalid option `--start`: expected 2 numbers/);
  });
  it('theory on the hook valley reports J_b = 2 < ⌈r/b⌉ = 3', async () => {
    const { runCli } = await import('../../ci/test-support/cli.ts');
    const r = await runCli([
      'theory',
      '--landscape',
      'hook',
      '--truncation',
      '1.25',
      '--noise',
      'lomax',
      '--tail-index',
      '1.5',
      '--noise-scale',
      '0.3',
      '--monte-carlo',
      '500',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { basins: { jumpsNeeded: number; radiusJumps: number; exitExponent: number }[] };
    expect(out.basins[0]).toMatchObject({ jumpsNeeded: 2, radiusJumps: 3, exitExponent: 2 });
  });
});
