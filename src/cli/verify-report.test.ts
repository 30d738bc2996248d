/**
 * `htsgd verify --report DIR` and `htsgd report merge` never throw a run away: the directory is
 * checked before any check runs, the report is written atomically with its provenance, the table is
 * printed even when the write fails, and merging an incomplete or mismatched set of shards says so.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../ci/test-support/cli.ts';
import { main } from './main.ts';
import { defineTheorem } from '../verify/define.ts';
import { runChecks } from '../verify/run.ts';
import { parseReport } from '../report/json.ts';
import { checkReportDir, writeReport } from '../report/write.ts';
import type { RunReport } from '../verify/types.ts';

// These tests are about the report's files, not its figures (src/report/report.test.ts draws those).
// Restored after the file: the unit project shares one process between test files (isolate: false).
const figuresBefore = process.env.HTSGD_REPORT_FIGURES;
process.env.HTSGD_REPORT_FIGURES = '0';
const tmp = mkdtempSync(join(tmpdir(), 'htsgd-verify-report-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  if (figuresBefore === undefined) delete process.env.HTSGD_REPORT_FIGURES;
  else process.env.HTSGD_REPORT_FIGURES = figuresBefore;
});
afterEach(() => vi.restoreAllMocks());

/** Runs before each check's test (the test of the write failure breaks the report dir mid-run). */
let duringRun: (k: number) => void = () => {};
const fake = defineTheorem<{ k: number }>({
  id: 'fake-report',
  title: 'Fake',
  source: { paper: 'fixture', theorem: 'F', equation: '(0)' },
  hypotheses: [{ name: 'k', description: 'index', range: [0, 100] }],
  predictor: { name: 'fake.one', compute: () => 1 },
  plan: { description: 'd', points: { quick: Array.from({ length: 4 }, (_, k) => ({ k })), standard: [], full: [] } },
  test: {
    name: 'constant',
    run: (ctx) => {
      duringRun(ctx.point.k);
      return { estimate: 1, ci: [0.99, 1.01], standardError: 0.002 };
    },
  },
  tolerance: { value: 0.05, scale: 'absolute', reason: 'fixture band for the CLI test' },
  budgetShare: 1,
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = await main(argv, { registry: [fake] });
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('htsgd verify --report DIR', () => {
  it('refuses an unwritable DIR in one line, exit 2, before any check runs', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    let ran = 0;
    duringRun = () => ran++;
    for (const [dir, why] of [
      ['/proc/x/r', 'under /proc, a kernel file system'],
      [join(file, 'r'), 'is a file, not a directory'],
      [file, 'is a file, not a directory'],
    ]) {
      const { code, out, err } = await run(['verify', '--report', dir]);
      expect(code, dir).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain('htsgd verify: invalid option `--report`: expected a writable directory, got');
      expect(err).toContain(why);
    }
    expect(ran).toBe(0);
    duringRun = () => {};
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only directory (not testable as root)', () => {
    const ro = join(tmp, 'ro');
    mkdirSync(ro, { mode: 0o555 });
    expect(() => checkReportDir(join(ro, 'r'), 'htsgd verify')).toThrow(/permission denied/);
  });

  it('writes report.json with provenance, atomically (no temporary directory left)', async () => {
    const dir = join(tmp, 'ok', 'r');
    const { code, out } = await run(['verify', '--report', dir, '--quiet']);
    expect(code).toBe(0);
    expect(out).toMatch(/4 check\(s\)/);
    const r = parseReport(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(r.complete).toBe(true);
    const p = r.provenance!;
    for (const k of [
      'htsgdVersion',
      'gitCommit',
      'gitDirty',
      'node',
      'os',
      'cpuModel',
      'cores',
      'workers',
      'engine',
      'tier',
      'seed',
      'budgets',
    ])
      expect(p).toHaveProperty(k);
    expect(p.htsgdVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(p.node).toBe(process.version);
    expect(p.gitCommit === null || /^[0-9a-f]{40}$/.test(p.gitCommit)).toBe(true);
    expect(p.tier).toBe('quick');
    expect(p.budgets.errorBudget).toBe(r.run.errorBudget);
    expect(readdirSync(join(tmp, 'ok'))).toEqual(['r']);
    // A rerun over an existing report replaces the files and keeps the user's other files.
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect((await run(['verify', '--report', dir, '--quiet'])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'report.html', 'report.json', 'report.md']);
    expect(readdirSync(join(tmp, 'ok'))).toEqual(['r']);
  });

  it('prints the verdict table even when the write fails at the end (exit 2, one line)', async () => {
    const dir = join(tmp, 'breaks');
    duringRun = (k) => {
      if (k === 3) {
        rmSync(dir, { recursive: true, force: true });
        writeFileSync(dir, 'now a file');
      }
    };
    const { code, out, err } = await run(['verify', '--report', dir, '--quiet']);
    duringRun = () => {};
    expect(code).toBe(2);
    expect(out).toMatch(/4 check\(s\): 4 consistent/);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^htsgd: cannot write the report to .*breaks/);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.breaks.tmp-'))).toEqual([]);
  });

  it('the runner hands over the checks finished so far (what SIGINT writes), marked incomplete', async () => {
    const seen: RunReport[] = [];
    const full = await runChecks([fake], {
      seed: 1,
      tier: 'quick',
      errorBudget: 1e-3,
      timeBudgetSeconds: 1,
      onCheck: (r) => seen.push(r),
    });
    expect(full.complete).toBe(true);
    expect(seen.map((r) => r.checks.length)).toEqual([1, 2, 3]);
    expect(seen.every((r) => r.complete === false && r.run.checkIds.length === 4)).toBe(true);
    const partial: RunReport = { ...seen[1], interrupted: { signal: 'SIGINT', finished: 2, selected: 4 } };
    const back = parseReport(readFileSync((await writeReport(partial, join(tmp, 'partial'))).json, 'utf8'));
    expect(back.complete).toBe(false);
    expect(back.interrupted).toEqual({ signal: 'SIGINT', finished: 2, selected: 4 });
  });
});

describe('htsgd report merge', () => {
  const opts = { seed: 5, tier: 'quick' as const, errorBudget: 1e-3, timeBudgetSeconds: 1 };

  it('an incomplete set of shards exits 1 unless --allow-partial, saying which shards are missing', async () => {
    const shards = await Promise.all(
      [1, 2, 3].map((index) => runChecks([fake], { ...opts, shard: { index, count: 3 } })),
    );
    const paths = await Promise.all(shards.map(async (s, i) => (await writeReport(s, join(tmp, `m${i}`))).json));
    const missing = await runCli(['report', 'merge', paths[0], paths[1], '--out', join(tmp, 'merged-partial')]);
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(
      /^htsgd report merge: incomplete: \d+ of 4 checks missing \(shard 3\/3 not given\).*--allow-partial/,
    );
    expect(parseReport(readFileSync(join(tmp, 'merged-partial', 'report.json'), 'utf8')).complete).toBe(false);
    const allowed = await runCli([
      'report',
      'merge',
      paths[0],
      paths[1],
      '--out',
      join(tmp, 'merged-partial'),
      '--allow-partial',
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.err).toMatch(/^htsgd report merge: warning: incomplete/);
    const all = await runCli(['report', 'merge', ...paths, '--out', join(tmp, 'merged-all')]);
    expect(all.code).toBe(0);
    expect(all.err).toBe('');
  });

  it('shards of different runs: the message shows what differs', async () => {
    const a = (await writeReport(await runChecks([fake], { ...opts, shard: { index: 1, count: 2 } }), join(tmp, 'd1')))
      .json;
    const b = (
      await writeReport(await runChecks([fake], { ...opts, seed: 6, shard: { index: 2, count: 2 } }), join(tmp, 'd2'))
    ).json;
    const { code, err } = await runCli(['report', 'merge', a, b, '--out', join(tmp, 'dm')]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`seed: 5 in ${a}, 6 in ${b}`);
    const other = {
      ...parseReport(readFileSync(b, 'utf8')),
      run: { ...parseReport(readFileSync(a, 'utf8')).run, checkIds: ['fake-report/k=0/0', 'other/x/0'] },
    };
    writeFileSync(join(tmp, 'd3.json'), JSON.stringify(other));
    const sel = await runCli(['report', 'merge', a, join(tmp, 'd3.json'), '--out', join(tmp, 'dm')]);
    expect(sel.code).toBe(2);
    expect(sel.err).toMatch(
      /selected checks differ \(only in .*: fake-report\/k=1\/0, .*; only in .*d3\.json: other\/x\/0\)/,
    );
    expect(existsSync(join(tmp, 'dm', 'report.json'))).toBe(false);
  });
});
