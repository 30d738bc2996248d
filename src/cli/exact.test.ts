import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAPER_CASE_FLAGS, runCli as run } from '../../ci/test-support/cli.ts';

afterEach(() => vi.restoreAllMocks());

const BASE = ['exact', ...PAPER_CASE_FLAGS];

describe('htsgd exact', () => {
  it('--json holds the issue-7 fields, and --occupancy adds a distribution over the basins', async () => {
    const { code, out, err } = await run([...BASE, '--json', '--occupancy', '--cells', '400']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    for (const k of ['meanExitSteps', 'errorEstimate', 'exitedLeft', 'gridCells', 'seconds', 'occupancy'])
      expect(j).toHaveProperty(k);
    expect(j.gridCells).toBe(400);
    expect(j.meanExitSteps).toBeGreaterThan(1000);
    expect(j.exitedLeft).toBeGreaterThan(0.5);
    expect(j.occupancy).toHaveLength(4);
    expect(Math.abs(j.occupancy.reduce((s: number, v: number) => s + v, 0) - 1)).toBeLessThan(1e-9);
    // With clipping at b = 0.5 the wide basins 2 and 4 hold almost all the time (THEORY.md §6).
    expect(j.occupancy[1] + j.occupancy[3]).toBeGreaterThan(0.99);
  });

  it('prints a readable summary with the same mean', async () => {
    const a = JSON.parse((await run([...BASE, '--json', '--cells', '400'])).out);
    const { code, out } = await run([...BASE, '--cells', '400']);
    expect(code).toBe(0);
    expect(out).toMatch(/mean exit steps/);
    expect(out).toContain(String(+a.meanExitSteps.toPrecision(6)));
  });

  it('bad input: one line on stderr, exit code 2', async () => {
    for (const extra of [
      ['--step-size', '0'],
      ['--basin', '9'],
      ['--cells', '30'],
      ['--truncation', '-1'],
      ['--noise', 'cauchy'],
      ['--start', '0.5'],
    ]) {
      const { code, err, out } = await run([...BASE, ...extra]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(/invalid option/);
    }
    // A start outside the basin names the flag, in the shape of every other flag error.
    for (const bad of ['0.5', '-1.3', 'abc']) {
      const { err } = await run([...BASE, '--start', bad]);
      expect(err).toMatch(
        /^htsgd: invalid option `--start`: expected a number inside basin 2, \(-1\.3, 0\.2\), got .+\.\n$/,
      );
    }
  });

  it('refuses an untrustworthy result (Gaussian noise at η = 0.001: the mean is past 1e308 and unresolved) with one line and exit code 2', async () => {
    const gauss = ['exact', '--basin', '2', '--step-size', '0.001', '--noise', 'gaussian', '--noise-scale', '0.1'];
    const { code, out, err } = await run(gauss);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/untrustworthy result: .*error estimate.*; raise --cells .* larger step size/);
    // --allow-inaccurate prints it, marked, with no negative or non-finite number.
    const marked = await run([...gauss, '--allow-inaccurate', '--json']);
    expect(marked.code).toBe(0);
    const j = JSON.parse(marked.out);
    expect(j.inaccurate.length).toBeGreaterThan(0);
    expect(j.meanExitSteps).toBeNull();
    expect(j.logMeanExitSteps).toBeGreaterThan(Math.log(1e308));
    for (const v of [j.exitedLeft, ...j.landing]) expect(v).toBeGreaterThanOrEqual(0);
    const text = await run([...gauss, '--allow-inaccurate']);
    expect(text.out).toMatch(/\[INACCURATE\]/);
    expect(text.out).toMatch(/10\^\d+/);
  });

  it('an error threshold below the estimate refuses, and --max-error is validated', async () => {
    const { code, err } = await run([...BASE, '--cells', '400', '--max-error', '1e-9']);
    expect(code).toBe(2);
    expect(err).toMatch(/untrustworthy result/);
    expect((await run([...BASE, '--max-error', '2'])).err).toMatch(/invalid option `--max-error`/);
  });

  it('--limit --json: the sweep and its limits in the issue-13 shape (a small, fast sweep), progress on stderr; Gaussian refused', async () => {
    const { code, out, err } = await run([
      ...BASE,
      '--limit',
      '--step-size',
      '1e-3',
      '--decades',
      '3',
      '--cells',
      '400',
      '--max-cells',
      '400',
      '--max-error',
      '0.2',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(err).toMatch(/exact --limit: η = 1e-3 solved/);
    const j = JSON.parse(out);
    for (const k of ['meanRatio', 'order', 'exitedLeft']) {
      expect(j.limit[k].value).toBeTypeOf('number');
      expect(j.limit[k].error).toBeGreaterThan(0);
    }
    expect(j.limit.kappa.assumed).toBeCloseTo(1 / 6, 12);
    expect(j.limit.points.map((p: { stepSize: number }) => p.stepSize)).toEqual([1e-3, 1e-4, 1e-5, 1e-6]);
    for (const p of j.limit.points)
      for (const k of ['meanExitSteps', 'logMeanExitSteps', 'errorEstimate', 'meanRatio'])
        expect(p[k]).toBeGreaterThan(0);
    const text = await run([
      ...BASE,
      '--limit',
      '--step-size',
      '1e-3',
      '--decades',
      '3',
      '--cells',
      '400',
      '--max-cells',
      '400',
      '--max-error',
      '0.2',
    ]);
    expect(text.out).toMatch(/exact\/leading → 1/);
    const gauss = await run(['exact', '--limit', '--noise', 'gaussian', '--noise-scale', '0.5']);
    expect(gauss.code).toBe(2);
    expect(gauss.err).toMatch(/invalid option `--limit`.*no power-law limit/);
  });
});
