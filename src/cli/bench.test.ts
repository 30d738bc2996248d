import { afterAll, describe, expect, it } from 'vitest';
import { closePool } from '../sim/index.ts';
import { runCli } from '../../ci/test-support/cli.ts';
import { formatBench, type BenchRow } from './commands/bench.ts';

afterAll(async () => {
  await closePool();
});

// `htsgd bench` is one table over modes, engines, workloads and worker counts, and each row's
// printed command measures that row alone. ~2 s of CPU (0.1-s measurements, TS engine only).
describe('htsgd bench', () => {
  it('covers exit and trajectory mode, and each row command regenerates its row', async () => {
    const all = await runCli([
      'bench',
      '--seconds',
      '0.1',
      '--engine',
      'ts',
      '--workers',
      '1',
      '--only',
      'poly5+lomax',
      '--json',
      '--quiet',
    ]);
    expect(all.code, all.err).toBe(0);
    const rows = (JSON.parse(all.out) as { rows: BenchRow[] }).rows;
    expect(rows.map((r) => `${r.mode}/${r.workload}/${r.engine}/${r.workers}`)).toEqual([
      'exit/poly5+lomax/ts/1',
      'trajectory/poly5+lomax/ts/1',
    ]);
    for (const r of rows) expect(r.stepsPerSecond).toBeGreaterThan(1e5);
    // The exit row's command, run as printed (minus the program name), gives exactly that row.
    const argv = rows[0].command.split(' ').slice(1);
    expect(argv.slice(0, 1)).toEqual(['bench']);
    const again = await runCli([...argv, '--json', '--quiet']);
    expect(again.code, again.err).toBe(0);
    const one = (JSON.parse(again.out) as { rows: BenchRow[] }).rows;
    expect(one.map((r) => [r.mode, r.workload, r.engine, r.workers])).toEqual([['exit', 'poly5+lomax', 'ts', 1]]);
    expect(one[0].command).toBe(rows[0].command);
    // The table names every row with its command and the WASM/TS ratio only on WASM rows.
    const table = formatBench(rows);
    expect(table.split('\n').filter((l) => l.includes('htsgd bench --mode'))).toHaveLength(2);
  });

  it("measures the anchors' workload (issue 15 §8) in trajectory mode only", async () => {
    const r = await runCli([
      'bench',
      '--seconds',
      '0.1',
      '--engine',
      'wasm',
      '--workers',
      '1',
      '--only',
      'anchors',
      '--json',
      '--quiet',
    ]);
    expect(r.code, r.err).toBe(0);
    const rows = (JSON.parse(r.out) as { rows: BenchRow[] }).rows;
    expect(rows.map((x) => `${x.mode}/${x.workload}/${x.engine}/${x.workers}`)).toEqual(['trajectory/anchors/wasm/1']);
    expect(rows[0].command).toBe(
      'htsgd bench --mode trajectory --only anchors --engine wasm --workers 1 --seconds 0.1',
    );
  });

  it('bad selections are one line and exit code 2', async () => {
    const r = await runCli(['bench', '--mode', 'sideways']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/invalid option `--mode`: expected one of 'exit', 'trajectory', 'both', got "sideways"\./);
    const w = await runCli(['bench', '--only', 'nope']);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/--only|only/);
  });
});
