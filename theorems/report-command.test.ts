import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry } from './index.ts';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defineTheorem } from '../src/verify/define.ts';
import { runChecks } from '../src/verify/run.ts';
import { parseReport } from '../src/report/json.ts';
import { writeReport } from '../src/report/write.ts';
import { register as registerReport } from '../src/cli/commands/report.ts';
import { register as registerReplay } from '../src/cli/commands/replay.ts';

// About merging and replaying reports, not their figures (src/report/report.test.ts draws those).
// Restored after the file: test files share their worker's process (isolate: false).
const figuresBefore = process.env.HTSGD_REPORT_FIGURES;
process.env.HTSGD_REPORT_FIGURES = '0';
const tmp = mkdtempSync(join(tmpdir(), 'htsgd-cli-report-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  if (figuresBefore === undefined) delete process.env.HTSGD_REPORT_FIGURES;
  else process.env.HTSGD_REPORT_FIGURES = figuresBefore;
});

const fake = defineTheorem<{ k: number }>({
  id: 'fake-cli',
  title: 'Fake',
  source: { paper: 'fixture', theorem: 'F', equation: '(0)' },
  hypotheses: [{ name: 'k', description: 'index', range: [0, 100] }],
  predictor: { name: 'fake.one', compute: () => 1 },
  plan: { description: 'd', points: { quick: Array.from({ length: 8 }, (_, k) => ({ k })), standard: [], full: [] } },
  test: {
    name: 'constant',
    run: (ctx) => ({
      estimate: 1 + ctx.point.k / 1000,
      ci: [0.99 + ctx.point.k / 1000, 1.01 + ctx.point.k / 1000],
      standardError: 0.002,
    }),
  },
  tolerance: { value: 0.05, scale: 'absolute', reason: 'fixture band for the CLI test' },
  budgetShare: 1,
});

async function run(argv: string[]): Promise<{ out: string; err?: unknown }> {
  const program = new Command().exitOverride();
  registerReport(program, { registry });
  registerReplay(program, { registry });
  for (const c of program.commands) {
    c.exitOverride();
    for (const s of c.commands) s.exitOverride();
  }
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { out };
  } catch (err) {
    return { out, err };
  } finally {
    spy.mockRestore();
  }
}

describe('htsgd report / replay', () => {
  it('report merge joins shard reports into the unsharded report', async () => {
    const opts = { seed: 5, tier: 'quick' as const, errorBudget: 1e-3, timeBudgetSeconds: 1 };
    const full = await runChecks([fake], opts);
    const shards = await Promise.all([1, 2].map((index) => runChecks([fake], { ...opts, shard: { index, count: 2 } })));
    const paths = await Promise.all(shards.map(async (s, i) => (await writeReport(s, join(tmp, `s${i}`))).json));
    const { out, err } = await run(['report', 'merge', ...paths, '--out', join(tmp, 'merged')]);
    expect(err).toBeUndefined();
    const merged = parseReport(readFileSync(join(tmp, 'merged', 'report.json'), 'utf8'));
    expect(merged.complete).toBe(true);
    expect(merged.checks.map((c) => [c.id, c.verdict])).toEqual(full.checks.map((c) => [c.id, c.verdict]));
    expect(existsSync(join(tmp, 'merged', 'report.html'))).toBe(true);
    expect(out).toMatch(/^id\s+theorem\s+point\s+η\s+chains/);
    expect(out).toMatch(/8 check\(s\): \d+ consistent/);
  });

  it('report merge refuses a file that is not a report, with the one-line error', async () => {
    const { err } = await run(['report', 'merge', join(tmp, 'missing.json'), '--out', join(tmp, 'x')]);
    expect(err).toMatchObject({ code: 'ERR_LOAD' });
  });

  it('replay refuses an unknown check id (a point the tier does not list)', async () => {
    const { err } = await run([
      'replay',
      'exit-time-order/b=0.5/0',
      '--seed',
      '1',
      '--path',
      'exit-time-order/b=0.5/0',
    ]);
    expect(err).toMatchObject({ code: 'ERR_INVALID_OPTION' });
    expect(String((err as Error).message)).toMatch(
      /^htsgd replay: invalid option `id`: expected a check of tier quick/,
    );
  });

  it('report list prints the registry (Theorem 1 declarations first)', async () => {
    expect((await run(['report', 'list'])).out).toMatch(/^simulator-exact {2}\[theorem\]/);
    const list = JSON.parse((await run(['report', 'list', '--json'])).out) as { id: string }[];
    expect(list.map((t) => t.id)).toContain('exit-time-order');
  });
});
