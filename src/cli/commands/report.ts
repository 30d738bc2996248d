/**
 * `htsgd report`: work with reports without running checks.
 * - `merge <shard reports...> --out DIR`: merge the `report.json` of shards of one run (the CI
 *   matrix of the full tier) into one report; Holm is applied when every check is present.
 * - `render <report.json> --out DIR`: rewrite report.md and report.html from a report.json.
 * - `list`: the declared theorems and conjectures, as data.
 */
import type { Command } from 'commander';
import { InputError, invalidOption } from '../../core/errors.ts';
import { formatVerifyTable } from '../verify-table.ts';
import { describeTheorem } from '../../verify/define.ts';
import type { CliContext } from '../context.ts';
import { mergeReports } from '../../verify/run.ts';
import { jsonText, readReport } from '../../report/json.ts';
import { checkReportDir, writeReport } from '../../report/write.ts';
import { checkJUnitFile, writeJUnit } from '../../report/junit.ts';
import type { RunReport } from '../../verify/types.ts';

/** The run settings shards of one run share (a difference means they are not shards of one run). */
function runSettings(r: RunReport): Record<string, unknown> {
  return {
    schema: r.schema,
    seed: r.run.seed,
    tier: r.run.tier,
    errorBudget: r.run.errorBudget,
    timeBudgetSeconds: r.run.timeBudgetSeconds,
    kernelStepsPerSecond: r.run.kernelStepsPerSecond ?? null,
    workers: r.run.workers ?? null,
    theoremFilter: r.run.theoremFilter,
    checkIds: r.run.checkIds,
  };
}

function show(key: string, v: unknown): string {
  if (key === 'checkIds' && Array.isArray(v)) return `${v.length} checks`;
  return JSON.stringify(v);
}

/**
 * Refuses shards of different runs with one line that names every setting that differs and its
 * values, e.g. `seed: 1 in a.json, 2 in b.json`; for different selections, the checks one has and
 * the other lacks.
 * @throws InputError (ERR_INVALID_OPTION)
 */
function checkSameRun(reports: readonly RunReport[], files: readonly string[]): void {
  const first = runSettings(reports[0]);
  for (let i = 1; i < reports.length; i++) {
    const other = runSettings(reports[i]);
    const diffs: string[] = [];
    for (const k of Object.keys(first)) {
      if (JSON.stringify(first[k]) === JSON.stringify(other[k])) continue;
      if (k === 'checkIds') {
        const a = new Set(reports[0].run.checkIds);
        const b = new Set(reports[i].run.checkIds);
        const onlyA = [...a].filter((x) => !b.has(x));
        const onlyB = [...b].filter((x) => !a.has(x));
        const list = (xs: string[]) => `${xs.slice(0, 3).join(', ')}${xs.length > 3 ? `, … (${xs.length})` : ''}`;
        const parts = [
          onlyA.length ? `only in ${files[0]}: ${list(onlyA)}` : '',
          onlyB.length ? `only in ${files[i]}: ${list(onlyB)}` : '',
        ].filter(Boolean);
        diffs.push(`selected checks differ (${parts.join('; ') || 'same checks, another order'})`);
      } else {
        diffs.push(`${k}: ${show(k, first[k])} in ${files[0]}, ${show(k, other[k])} in ${files[i]}`);
      }
    }
    if (diffs.length > 0) {
      throw new InputError(
        'ERR_INVALID_OPTION',
        `htsgd report merge: ${files[i]} is not a shard of the same run as ${files[0]}: ${diffs.join('; ')}.`,
        {
          api: 'htsgd report merge',
          option: 'reports',
        },
      );
    }
  }
}

/** Registers `htsgd report merge|render|list`. */
export function register(program: Command, { registry }: CliContext): void {
  const report = program.command('report').description('Merge, render or list reports without running checks.');
  report
    .command('merge')
    .description('Merge shard reports (report.json files) of one run into one report.')
    .argument('<reports...>', 'report.json files of the shards')
    .requiredOption('--out <dir>', 'directory for the merged report.json, report.md, report.html')
    .option('--json', 'print the merged report as JSON')
    .option('--allow-partial', 'merge an incomplete set of shards (exit code 0; the report says complete: false)')
    .option('--junit <file>', 'also write the merged verdicts as JUnit XML (one testcase per check)')
    .action(async (files: string[], flags: { out: string; json?: boolean; allowPartial?: boolean; junit?: string }) => {
      if (flags.out.trim() === '') throw invalidOption('htsgd report merge', '--out', 'a directory path', flags.out);
      const reports = files.map((f) => readReport(f));
      checkSameRun(reports, files);
      checkReportDir(flags.out, 'htsgd report merge', '--out');
      if (flags.junit !== undefined) checkJUnitFile(flags.junit, 'htsgd report merge');
      const merged = mergeReports(reports);
      process.stdout.write(flags.json ? jsonText(merged) : formatVerifyTable(merged, { from: flags.out }));
      await writeReport(merged, flags.out);
      if (flags.junit !== undefined) writeJUnit(merged, flags.junit, 'htsgd report merge', { wholeRun: true });
      if (!merged.complete) {
        const missing = merged.run.checkIds.length - merged.checks.length;
        const have = (merged.run.shards ?? []).map((s) => s.index).sort((a, b) => a - b);
        const count = merged.run.shards?.[0]?.count;
        const absent = count ? Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.includes(i)) : [];
        process.stderr.write(
          `htsgd report merge: ${flags.allowPartial ? 'warning: ' : ''}incomplete: ${missing} of ${merged.run.checkIds.length} checks missing${absent.length ? ` (shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${count}`).join(', ')} not given)` : ''}; the merged report says complete: false and has no Holm step.${flags.allowPartial ? '' : ' Pass --allow-partial to accept it.'}\n`,
        );
        if (!flags.allowPartial) process.exitCode = 1;
      }
    });
  report
    .command('render')
    .description('Rewrite report.md and report.html (and a normalised report.json) from a report.json.')
    .argument('<report>', 'a report.json')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (file: string, flags: { out: string }) => {
      const r = readReport(file);
      checkReportDir(flags.out, 'htsgd report render', '--out');
      process.stdout.write(formatVerifyTable(r, { from: flags.out }));
      await writeReport(r, flags.out);
    });
  report
    .command('list')
    .description('List the declared theorems and conjectures (no checks run).')
    .option('--json', 'print as JSON')
    .action((flags: { json?: boolean }) => {
      const list = registry.map(describeTheorem);
      if (flags.json) {
        process.stdout.write(jsonText(list));
        return;
      }
      if (list.length === 0) process.stdout.write('No theorem is declared yet.\n');
      for (const t of list) {
        process.stdout.write(
          `${t.id}  [${t.kind}]  ${t.title}\n  source: ${t.source.paper}, ${t.source.theorem}, ${t.source.equation}\n  predictor: ${t.predictor}; test: ${t.test}; tolerance: ${t.tolerance.scale} ${t.tolerance.value} (${t.tolerance.reason})\n`,
        );
      }
    });
}
