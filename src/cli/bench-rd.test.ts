import { describe, expect, it } from 'vitest';
import { runCli } from '../../ci/test-support/cli.ts';
import type { BenchRow } from './commands/bench.ts';

// The planar row of `htsgd bench` (issue 16 §7): exit mode on the 2-D quartic well, one worker,
// selected by name, and its printed command measures that row alone (~0.5 s of CPU).
describe('htsgd bench, planar row', () => {
  it('measures the 2-D quartic well on the planar WASM kernel, and its command regenerates the row', async () => {
    const r = await runCli([
      'bench',
      '--seconds',
      '0.1',
      '--engine',
      'wasm',
      '--workers',
      '1',
      '--only',
      'quartic2d+lomax',
      '--json',
      '--quiet',
    ]);
    expect(r.code, r.err).toBe(0);
    const rows = (JSON.parse(r.out) as { rows: BenchRow[] }).rows;
    expect(rows.map((x) => `${x.mode}/${x.workload}/${x.engine}/${x.workers}`)).toEqual([
      'exit/quartic2d+lomax/wasm/1',
    ]);
    expect(rows[0].steps).toBeGreaterThan(1024 * 100);
    const again = await runCli([...rows[0].command.split(' ').slice(1), '--json', '--quiet']);
    expect(again.code, again.err).toBe(0);
    const one = (JSON.parse(again.out) as { rows: BenchRow[] }).rows;
    expect(one.map((x) => x.command)).toEqual([rows[0].command]);
  });
});
