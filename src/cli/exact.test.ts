import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as run } from '../../properties/support/cli.ts';


afterEach(() => vi.restoreAllMocks());

const BASE = ['exact', '--landscape', 'paper', '--basin', '2', '--step-size', '0.05', '--truncation', '0.5', '--noise', 'lomax',
  '--tail-index', '1.2', '--noise-scale', '0.1'];

describe('htsgd exact', () => {
  it('--json holds the issue-7 fields, and --occupancy adds a distribution over the basins', async () => {
    const { code, out, err } = await run([...BASE, '--json', '--occupancy', '--cells', '400']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    for (const k of ['meanExitSteps', 'errorEstimate', 'exitedLeft', 'gridCells', 'seconds', 'occupancy']) expect(j).toHaveProperty(k);
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
      expect(err).toMatch(/^htsgd: invalid option `--start`: expected a number inside basin 2, \(-1\.3, 0\.2\), got .+\.\n$/);
    }
  });
});
