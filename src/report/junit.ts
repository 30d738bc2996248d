/**
 * A run report as JUnit XML (`htsgd verify --junit FILE`, `htsgd report merge --junit FILE`), the
 * format CI systems (GitHub Actions test reporters, GitLab, Jenkins, Azure) read as test results.
 *
 * One `<testsuite>` per theorem (or conjecture) id, one `<testcase>` per check, named by the check id.
 * The verdicts map as follows:
 * - `consistent`: a passing testcase.
 * - `inconsistent`: `<failure type="inconsistent">`: the confidence interval misses the predicted band,
 *   evidence against the claim (htsgd verify exits 1).
 * - a check that crashed: `<error type="error">` (htsgd verify exits 1).
 * - `inconclusive`: `<skipped>`. The run lacked the power to decide. That is not evidence against the
 *   claim, and `htsgd verify` exits 0 on it. A `<failure>` would turn CI red where the suite's own
 *   exit code is green. `<skipped>` keeps it visible (every reader counts skipped tests separately)
 *   without failing the build. The message says `inconclusive` and why.
 * - A check of the report's own selection that has no result (an interrupted run, a merge of an
 *   incomplete set of shards with `--allow-partial`): `<skipped>` with `not run`. Checks of other
 *   shards are not listed in a shard's file.
 *
 * Every message carries the observed value, its interval, the predicted band and the replay command,
 * so a CI log alone is enough to rerun the check.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { formatNumber } from '../core/format.ts';
import { shardOf } from '../verify/run.ts';
import type { CheckResult, RunReport } from '../verify/types.ts';
import { checkReportDir } from './write.ts';

/** Characters XML 1.0 cannot hold at all (control characters other than tab, newline, return). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for an XML attribute value or element content. */
export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

/** `observed 1.52 [1.47, 1.57], predicted 1.4 ± 0.05 (band [1.35, 1.45])`. */
function comparison(c: CheckResult): string {
  const t = c.tolerance;
  const tol = t.scale === 'relative' ? `±${formatNumber(100 * t.value)}%` : `±${formatNumber(t.value)}`;
  return (
    `observed ${formatNumber(c.observed.estimate)} [${formatNumber(c.observed.ci[0])}, ${formatNumber(c.observed.ci[1])}]` +
    ` at confidence ${formatNumber(c.confidence)}, predicted ${formatNumber(c.predicted.value)} ${tol}` +
    ` (band [${formatNumber(t.band[0])}, ${formatNumber(t.band[1])}])`
  );
}

/** Why an inconclusive check did not decide: unmet side conditions, or the CI straddles a band edge. */
function inconclusiveReason(c: CheckResult): string {
  const unmet = (c.requirements ?? []).filter((r) => !r.met);
  if (unmet.length > 0) return `requirement not met: ${unmet.map((r) => `${r.name} (${r.detail})`).join('; ')}`;
  return 'the interval overlaps an edge of the band: not enough power to decide';
}

/**
 * One line on a check that did not pass, as a CI log or a test failure shows it: id, verdict, what
 * was compared (or the error) and the replay command.
 * @example checkMessage(check) // 'exit-location/…/0: inconsistent: observed 0.81 [0.8, 0.82] at …; replay: htsgd replay …'
 */
export function checkMessage(c: CheckResult): string {
  if (c.status === 'error') return `${c.id}: error: ${c.error ?? 'unknown'}; replay: ${c.replay}`;
  const why = c.verdict === 'inconclusive' ? ` (${inconclusiveReason(c)})` : '';
  return `${c.id}: ${c.verdict}${why}: ${comparison(c)}; replay: ${c.replay}`;
}

/** The body text of a testcase: what was compared, the tolerance's reason, and the replay command. */
function detail(c: CheckResult): string {
  const lines = [
    `check: ${c.id}`,
    c.status === 'error' ? `error: ${c.error ?? 'unknown'}` : comparison(c),
    `tolerance reason: ${c.tolerance.reason}`,
    `replay: ${c.replay}`,
  ];
  return lines.join('\n');
}

function testcase(c: CheckResult): string {
  const head = `    <testcase${attrs({ classname: `htsgd.${c.theoremId}`, name: c.id, time: c.elapsedSeconds.toFixed(3) })}`;
  const body = xmlEscape(detail(c));
  if (c.status === 'error') {
    const msg = `error: ${c.error ?? 'unknown'}; replay: ${c.replay}`;
    return `${head}>\n      <error${attrs({ type: 'error', message: msg })}>${body}</error>\n    </testcase>`;
  }
  if (c.verdict === 'inconsistent') {
    const msg = `inconsistent: ${comparison(c)}; replay: ${c.replay}`;
    return `${head}>\n      <failure${attrs({ type: 'inconsistent', message: msg })}>${body}</failure>\n    </testcase>`;
  }
  if (c.verdict === 'inconclusive') {
    const msg = `inconclusive: ${inconclusiveReason(c)}; ${comparison(c)}; replay: ${c.replay}`;
    return `${head}>\n      <skipped${attrs({ message: msg })}/>\n      <system-out>${body}</system-out>\n    </testcase>`;
  }
  return `${head}>\n      <system-out>${body}</system-out>\n    </testcase>`;
}

/** Options of {@link reportToJUnit}. */
export interface JUnitOptions {
  /**
   * List every check of the whole run, so that checks of shards absent from `report` appear as
   * `not run` (`htsgd report merge`: the merged report stands for the run). Otherwise only the checks
   * of the report's own shards are listed (`htsgd verify --shard i/n`).
   * @default false
   */
  readonly wholeRun?: boolean;
}

/** The check ids this report is responsible for: the whole run, or the checks of its shards. */
function expectedIds(report: RunReport, wholeRun: boolean): string[] {
  const shards = report.run.shards;
  if (wholeRun || shards === null || shards.length === 0) return [...report.run.checkIds];
  const count = shards[0].count;
  const held = new Set(shards.map((s) => s.index));
  return report.run.checkIds.filter((id) => held.has(shardOf(id, count)));
}

function notRun(id: string, report: RunReport): string {
  const theoremId = id.split('/')[0];
  const count = report.run.shards?.[0]?.count;
  const why = report.interrupted
    ? `not run: the run was interrupted (${report.interrupted.signal}) before this check finished`
    : `not run: its shard${count ? ` (${shardOf(id, count)}/${count})` : ''} is missing from this report`;
  return `    <testcase${attrs({ classname: `htsgd.${theoremId}`, name: id, time: '0.000' })}>\n      <skipped${attrs({ message: why })}/>\n    </testcase>`;
}

/**
 * The JUnit XML of a run report (a whole run, one shard, or a merge of shards; see {@link JUnitOptions}).
 * @example writeFileSync('junit.xml', reportToJUnit(report))
 */
export function reportToJUnit(report: RunReport, options: JUnitOptions = {}): string {
  const have = new Set(report.checks.map((c) => c.id));
  const missing = expectedIds(report, options.wholeRun ?? false).filter((id) => !have.has(id));
  type Case = { theoremId: string; xml: string; kind: 'ok' | 'failure' | 'error' | 'skipped'; time: number };
  const cases: Case[] = [
    ...report.checks.map((c): Case => ({
      theoremId: c.theoremId,
      xml: testcase(c),
      kind:
        c.status === 'error'
          ? 'error'
          : c.verdict === 'inconsistent'
            ? 'failure'
            : c.verdict === 'inconclusive'
              ? 'skipped'
              : 'ok',
      time: c.elapsedSeconds,
    })),
    ...missing.map((id): Case => ({ theoremId: id.split('/')[0], xml: notRun(id, report), kind: 'skipped', time: 0 })),
  ];
  const order: string[] = [];
  const byTheorem = new Map<string, Case[]>();
  for (const c of cases) {
    if (!byTheorem.has(c.theoremId)) {
      byTheorem.set(c.theoremId, []);
      order.push(c.theoremId);
    }
    byTheorem.get(c.theoremId)!.push(c);
  }
  const count = (cs: Case[], k: Case['kind']) => cs.filter((c) => c.kind === k).length;
  const totals = (cs: Case[]) => ({
    tests: cs.length,
    failures: count(cs, 'failure'),
    errors: count(cs, 'error'),
    skipped: count(cs, 'skipped'),
    time: cs.reduce((s, c) => s + c.time, 0).toFixed(3),
  });
  const run = report.run;
  const props = [
    ['tier', run.tier],
    ['seed', String(run.seed)],
    ['errorBudget', String(run.errorBudget)],
    ['complete', String(report.complete)],
    ['shards', run.shards ? run.shards.map((s) => `${s.index}/${s.count}`).join(',') : 'all'],
    ...(report.provenance ? [['htsgdVersion', report.provenance.htsgdVersion]] : []),
  ]
    .map(([name, value]) => `      <property${attrs({ name, value })}/>`)
    .join('\n');
  const suites = order.map((id) => {
    const cs = byTheorem.get(id)!;
    return (
      `  <testsuite${attrs({ name: id, ...totals(cs), timestamp: run.startedAt.replace(/Z$/, '') })}>\n` +
      `    <properties>\n${props}\n    </properties>\n` +
      `${cs.map((c) => c.xml).join('\n')}\n  </testsuite>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites${attrs({ name: `htsgd verify (tier ${run.tier}, seed ${String(run.seed)})`, ...totals(cases) })}>\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}

/**
 * Checks, before any check runs, that `file` can be written: not a directory, and its directory
 * writable (created if missing; the same checks as `--report DIR`).
 * @throws InputError (ERR_INVALID_OPTION), one line naming the flag and why.
 */
export function checkJUnitFile(file: string, api = 'htsgd verify', option = '--junit'): void {
  const bad = (why: string) =>
    new InputError(
      'ERR_INVALID_OPTION',
      `${api}: invalid option \`${option}\`: expected a writable file path, got ${JSON.stringify(file)} (${why}).`,
      { api, option, expected: 'a writable file path', got: file },
    );
  if (file.trim() === '') throw bad('empty');
  const abs = resolve(file);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw bad('it is a directory');
  try {
    checkReportDir(dirname(abs), api, option);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const why = /\(([^()]*)\)\.$/.exec(err.message)?.[1] ?? 'its directory is not writable';
    throw bad(why);
  }
}

/**
 * Writes {@link reportToJUnit} of `report` to `file`, atomically (a temporary file beside it, then a
 * rename), and returns the absolute path.
 * @throws InputError (ERR_LOAD) when the file cannot be written.
 */
export function writeJUnit(report: RunReport, file: string, api = 'htsgd verify', options: JUnitOptions = {}): string {
  const abs = resolve(file);
  const tmp = `${abs}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, reportToJUnit(report, options));
    renameSync(tmp, abs);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InputError(
      'ERR_LOAD',
      `${api}: cannot write the JUnit file ${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      { api, option: '--junit' },
    );
  }
  return abs;
}
