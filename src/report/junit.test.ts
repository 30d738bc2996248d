/**
 * The JUnit XML of a run (`htsgd verify --junit FILE`, `htsgd report merge --junit FILE`): well-formed
 * XML (fast-xml-parser's validator), one testcase per check grouped by theorem, counts that add up,
 * the verdict mapping (inconsistent → failure, crash → error, inconclusive → skipped, consistent →
 * pass), the replay command in every message, and shards: a shard lists only its own checks, a
 * partial merge marks the missing ones as not run. Fake declarations whose observations are fixed
 * make every verdict happen on purpose; the verdicts themselves come from the real machinery.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';
import { replayCommand } from '../cli/replay-command.ts';
import { defineTheorem } from '../verify/define.ts';
import { mergeReports, runChecks, shardOf } from '../verify/run.ts';
import type { Observation, RunReport, TheoremDeclaration } from '../verify/types.ts';
import { checkJUnitFile, reportToJUnit } from './junit.ts';

const tmp = mkdtempSync(join(tmpdir(), 'htsgd-junit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Observations around the prediction 1 with band ±0.05: inside, outside, straddling an edge. */
const OBSERVED: Record<string, Observation> = {
  inside: { estimate: 1, ci: [0.99, 1.01], standardError: 0.005 },
  outside: { estimate: 1.5, ci: [1.4, 1.6], standardError: 0.05 },
  straddle: { estimate: 1.05, ci: [1.0, 1.1], standardError: 0.025 },
};

function fake(id: string, cases: readonly string[]): TheoremDeclaration {
  return defineTheorem<{ case: string }>({
    id,
    title: `fake ${id}`,
    source: { paper: 'fixture', theorem: 'F', equation: '(0)' },
    hypotheses: [{ name: 'case', description: 'which observation', values: [...Object.keys(OBSERVED), 'crash'] }],
    predictor: { name: 'fake.one', compute: () => 1 },
    plan: {
      description: 'fixed observations',
      points: { quick: cases.map((c) => ({ case: c })), standard: [], full: [] },
    },
    test: {
      name: 'fixed',
      run: (ctx) => {
        if (ctx.point.case === 'crash') throw new Error('kernel <exploded> & "quoted"\u0001');
        return OBSERVED[ctx.point.case];
      },
    },
    tolerance: { value: 0.05, scale: 'absolute', reason: 'fixture band <±0.05> & more' },
    budgetShare: 1,
  }) as unknown as TheoremDeclaration;
}

const REGISTRY = [fake('alpha', ['inside', 'outside', 'straddle']), fake('beta', ['inside', 'crash'])];

const run = (shard?: { index: number; count: number }) =>
  runChecks(REGISTRY, {
    seed: 7,
    tier: 'quick',
    errorBudget: 1e-3,
    timeBudgetSeconds: 10,
    ...(shard ? { shard } : {}),
    replayCommand,
  });

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

interface Case {
  name: string;
  classname: string;
  time: string;
  failure?: { type: string; message: string; '#text': string };
  error?: { type: string; message: string };
  skipped?: { message: string };
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: Case[];
}

function parse(xml: string): { suites: Suite[]; root: Record<string, string> } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as { testsuites: Record<string, string> & { testsuite: Suite[] } };
  return { suites: doc.testsuites.testsuite, root: doc.testsuites };
}

/** Each count attribute equals the number of testcases of that kind (suite and root). */
function expectCountsAddUp(suites: Suite[], root: Record<string, string>): void {
  const kinds = (cs: Case[]) => ({
    tests: cs.length,
    failures: cs.filter((c) => c.failure).length,
    errors: cs.filter((c) => c.error).length,
    skipped: cs.filter((c) => c.skipped).length,
  });
  for (const s of suites) {
    const k = kinds(s.testcase);
    expect([s.tests, s.failures, s.errors, s.skipped].map(Number)).toEqual([k.tests, k.failures, k.errors, k.skipped]);
  }
  const all = kinds(suites.flatMap((s) => s.testcase));
  expect([root.tests, root.failures, root.errors, root.skipped].map(Number)).toEqual([
    all.tests,
    all.failures,
    all.errors,
    all.skipped,
  ]);
}

describe('reportToJUnit', () => {
  it('maps every verdict, one testcase per check, with the replay command in the message', async () => {
    const report = await run();
    const { suites, root } = parse(reportToJUnit(report));
    expectCountsAddUp(suites, root);
    expect(suites.map((s) => s.name)).toEqual(['alpha', 'beta']);
    const cases = new Map(suites.flatMap((s) => s.testcase).map((c) => [c.name, c]));
    expect([...cases.keys()].sort()).toEqual(report.checks.map((c) => c.id).sort());
    for (const check of report.checks) {
      const tc = cases.get(check.id)!;
      expect(tc.classname).toBe(`htsgd.${check.theoremId}`);
      const hyp = String(check.hypotheses.case);
      if (hyp === 'inside') {
        expect(check.verdict).toBe('consistent');
        expect(tc.failure ?? tc.error ?? tc.skipped).toBeUndefined();
      } else if (hyp === 'outside') {
        expect(check.verdict).toBe('inconsistent');
        expect(tc.failure?.type).toBe('inconsistent');
        expect(tc.failure?.message).toContain(`replay: ${check.replay}`);
        expect(tc.failure?.message).toContain('band [0.95, 1.05]');
        expect(tc.failure?.['#text']).toContain('fixture band <±0.05> & more');
      } else if (hyp === 'straddle') {
        expect(check.verdict).toBe('inconclusive');
        expect(tc.skipped?.message).toMatch(/^inconclusive: /);
        expect(tc.skipped?.message).toContain(`replay: ${check.replay}`);
      } else {
        expect(check.status).toBe('error');
        expect(tc.error?.type).toBe('error');
        expect(tc.error?.message).toContain('kernel <exploded> & "quoted"');
        expect(tc.error?.message).toContain(`replay: ${check.replay}`);
      }
    }
    expect(Number(root.failures)).toBe(1);
    expect(Number(root.errors)).toBe(1);
    expect(Number(root.skipped)).toBe(1);
  });

  it('lists only its own checks in a shard, and the missing ones of a partial merge as not run', async () => {
    const shard = await run({ index: 1, count: 2 });
    const own = shard.run.checkIds.filter((id) => shardOf(id, 2) === 1);
    const { suites, root } = parse(reportToJUnit(shard));
    expectCountsAddUp(suites, root);
    expect(
      suites
        .flatMap((s) => s.testcase)
        .map((c) => c.name)
        .sort(),
    ).toEqual([...own].sort());
    // A merge of shard 1 alone (`report merge --allow-partial`): shard 2's checks are listed, skipped.
    const merged: RunReport = mergeReports([shard]);
    expect(reportToJUnit(merged)).toBe(reportToJUnit(shard)); // a shard's own selection
    const parsed = parse(reportToJUnit(merged, { wholeRun: true }));
    expectCountsAddUp(parsed.suites, parsed.root);
    const cases = parsed.suites.flatMap((s) => s.testcase);
    expect(cases.map((c) => c.name).sort()).toEqual([...merged.run.checkIds].sort());
    const notRun = cases.filter((c) => c.skipped?.message.startsWith('not run'));
    expect(notRun.map((c) => c.name).sort()).toEqual(merged.run.checkIds.filter((id) => !own.includes(id)).sort());
  });
});

describe('htsgd verify --junit FILE', () => {
  async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    const code = await main(argv, { registry: REGISTRY });
    vi.restoreAllMocks();
    return { code, out, err };
  }

  it('writes the JUnit file of the run, and report merge writes one for the merged shards', async () => {
    const file = join(tmp, 'out', 'junit.xml');
    const { code } = await cli(['verify', '--junit', file, '--quiet']);
    expect(code).toBe(1); // an inconsistent check and a crash: CI fails, and the file says why
    const { suites, root } = parse(readFileSync(file, 'utf8'));
    expectCountsAddUp(suites, root);
    expect(Number(root.tests)).toBe(5);

    for (const i of [1, 2]) await cli(['verify', '--shard', `${i}/2`, '--report', join(tmp, `s${i}`), '--quiet']);
    const mergedFile = join(tmp, 'merged.xml');
    const m = await cli([
      'report',
      'merge',
      join(tmp, 's1', 'report.json'),
      join(tmp, 's2', 'report.json'),
      '--out',
      join(tmp, 'merged'),
      '--junit',
      mergedFile,
    ]);
    expect(m.code).toBe(0);
    // Shard 2 alone, accepted as partial: shard 1's checks are in the file, marked not run.
    const partialFile = join(tmp, 'partial.xml');
    const p = await cli([
      'report',
      'merge',
      join(tmp, 's2', 'report.json'),
      '--out',
      join(tmp, 'partial'),
      '--allow-partial',
      '--junit',
      partialFile,
    ]);
    expect(p.code).toBe(0);
    const partial = parse(readFileSync(partialFile, 'utf8'));
    expect(Number(partial.root.tests)).toBe(5);
    expect(partial.suites.flatMap((s) => s.testcase).some((c) => c.skipped?.message.startsWith('not run'))).toBe(true);
    const merged = parse(readFileSync(mergedFile, 'utf8'));
    expectCountsAddUp(merged.suites, merged.root);
    expect(Number(merged.root.tests)).toBe(5);
    expect(Number(merged.root.failures)).toBe(1);
  });

  it('refuses an unwritable FILE in one line, exit 2, before any check runs', async () => {
    const aFile = join(tmp, 'plain');
    writeFileSync(aFile, 'x');
    for (const [path, why] of [
      [tmp, 'it is a directory'],
      [join(aFile, 'junit.xml'), 'a file, not a directory'],
      ['/proc/x/junit.xml', 'under /proc'],
    ]) {
      expect(() => checkJUnitFile(path)).toThrow(why);
      const { code, out, err } = await cli(['verify', '--junit', path]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain('htsgd verify: invalid option `--junit`: expected a writable file path');
    }
  });
});
