/**
 * The verify table (issue 15 §5): ≤ 120 columns whatever the ids and hypotheses, one line per row
 * (errors too), η and chains read from each check's details, and short replay ids that `htsgd replay
 * rN --from DIR` resolves against the written report to the very command the report stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';
import { defineTheorem } from '../verify/define.ts';
import { parseReplayCommand, replayCommand, shellWords, withConjectureFile } from './replay-command.ts';
import { formatVerifyTable, pointLabel, runSize, shortIdIndex, TABLE_WIDTH } from './verify-table.ts';
import type { CheckResult, RunReport } from '../verify/types.ts';

const tmp = mkdtempSync(join(tmpdir(), 'htsgd-verify-table-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

type P = { landscape: string; truncation: number | null; statistic: string; k: number };
const long = defineTheorem<P>({
  id: 'a-theorem-with-a-rather-long-identifier',
  title: 'Fake',
  source: { paper: 'fixture', theorem: 'F', equation: '(0)' },
  hypotheses: [
    { name: 'landscape', description: 'name', values: ['a-landscape-with-a-long-name'] },
    { name: 'truncation', description: 'b', values: [null, 0.123456] },
    { name: 'statistic', description: 's', values: ['mean-exit-steps-of-the-sharpest-basin'] },
    { name: 'k', description: 'index', range: [0, 100] },
  ],
  predictor: { name: 'fake.one', compute: () => 1.2345678 },
  plan: {
    description: 'd',
    points: {
      quick: [0, 1, 2].map((k) => ({
        landscape: 'a-landscape-with-a-long-name',
        truncation: k === 0 ? null : 0.123456,
        statistic: 'mean-exit-steps-of-the-sharpest-basin',
        k,
      })),
      standard: [],
      full: [],
    },
  },
  test: {
    name: 'constant',
    run: (ctx) => {
      if (ctx.point.k === 2) throw new Error('the experiment broke\n  on a second line');
      return {
        estimate: 1.23456789,
        ci: [1.2000001, 1.25],
        standardError: 0.002,
        details:
          ctx.point.k === 0
            ? { stepSize: 0.01, chains: 2000 }
            : { points: [0.01, 0.001].map((stepSize) => ({ stepSize, chains: 6000 })) },
      };
    },
  },
  tolerance: { value: 0.05, scale: 'relative', reason: 'fixture band for the CLI test' },
  budgetShare: 1,
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = await main(argv, { registry: [long] });
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('the verify table', () => {
  it('is at most 120 columns, one line per row, with short ids, η and chains; replay rN --from DIR reruns that row', async () => {
    const dir = join(tmp, 'r');
    const v = await run(['verify', '--report', dir, '--quiet']);
    expect(v.code).toBe(1); // the third check crashed
    const lines = v.out.trimEnd().split('\n');
    for (const l of lines.slice(0, 4)) expect([...l].length, l).toBeLessThanOrEqual(TABLE_WIDTH);
    expect(lines[0]).toMatch(/^id +theorem +point +η +chains +predicted ± tol +observed \[CI\] +verdict$/);
    expect(lines[1]).toMatch(
      /^r1 +a-theorem-with-a-rather-long?… +a-landscape-with-… +0\.01 +2000 +1\.23 ±5% +1\.23 \[1\.2, 1\.25\] +consistent$/,
    );
    expect(lines[2]).toMatch(/^r2 .* 0\.001…0\.01 +12k .* consistent$/);
    expect(lines[3]).toMatch(/^r3 .* error$/);
    expect(lines[4]).toBe('r3 error: the experiment broke on a second line');
    expect(lines.at(-1)).toBe(`replay a row: htsgd replay r<N> --from ${dir}`);

    for (const from of [dir, join(dir, 'report.json')]) {
      const r = await run(['replay', 'r2', '--from', from, '--json', '--quiet']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const replayed = JSON.parse(r.out) as CheckResult;
      expect(replayed.id).toBe('a-theorem-with-a-rather-long-identifier/' + replayed.id.split('/')[1] + '/0');
      expect(replayed.hypotheses).toMatchObject({ k: 1 });
      expect(replayed.observed.estimate).toBe(1.23456789);
    }
    const bad = await run(['replay', 'r9', '--from', dir]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /^htsgd replay: invalid option `id`: expected r1…r3 or a check id of .*report\.json, got "r9"\.\n$/,
    );
    const fixed = await run(['replay', 'r1', '--from', dir, '--seed', '4']);
    expect(fixed.code).toBe(2);
    expect(fixed.err).toMatch(/`--seed`: expected no --seed with --from/);
  });

  it('reads back the replay commands it writes, quoting included', () => {
    const info = {
      id: "t/x=a b,y='q'/0",
      seed: "s p'ace",
      path: 'p/1',
      tier: 'quick' as const,
      confidence: 0.99,
      timeBudgetSeconds: 3,
    };
    const line = withConjectureFile(
      { kind: 'conjecture', theoremId: 't', replay: replayCommand(info) } as CheckResult,
      new Map([['t', "my file's.mts"]]),
    ).replay;
    expect(parseReplayCommand(line)).toEqual({
      id: info.id,
      seed: info.seed,
      path: 'p/1',
      tier: 'quick',
      confidence: '0.99',
      timeBudget: '3',
      conjecture: ["my file's.mts"],
    });
    expect(shellWords(`a 'b c' d\\ e`)).toEqual(['a', 'b c', 'd e']);
    expect(parseReplayCommand('rm -rf /')).toBeUndefined();
    expect([shortIdIndex('r1'), shortIdIndex('r12'), shortIdIndex('r0'), shortIdIndex('x1')]).toEqual([
      0,
      11,
      undefined,
      undefined,
    ]);
  });

  it('abbreviates points and reads η and chains from details', () => {
    expect(
      pointLabel({ hypotheses: { landscape: 'paper', tailIndex: 1.2, truncation: null, basin: 2, target: null } }),
    ).toBe('α=1.2 b=∞ k=2');
    expect(
      pointLabel({ hypotheses: { landscape: 'random-1', statistic: 'excursion', from: 4, to: 2, stepSize: 0.1 } }),
    ).toBe('random-1 excursion 4→2');
    expect(runSize({ details: { stepSizes: [1e-6, 1e-4] } })).toEqual({ stepSize: '1e-6…1e-4', chains: '—' });
    expect(
      runSize({
        details: {
          points: [
            { stepSize: 0.01, paths: 64 },
            { stepSize: 0.01, paths: 64 },
          ],
        },
      }),
    ).toEqual({ stepSize: '0.01', chains: '128p' });
    expect(runSize({ details: { chains: 2.5e6 } }).chains).toBe('2.5M');
    const empty = {
      summary: { total: 0, consistent: 0, inconsistent: 0, inconclusive: 0, errors: 0 },
      checks: [],
      complete: true,
      run: { tier: 'quick', seed: 1, errorBudget: 0.001, checkIds: [] },
    } as unknown as RunReport;
    expect(formatVerifyTable(empty)).toMatch(/^0 check\(s\)/);
  });
});
