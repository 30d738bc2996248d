/**
 * `htsgd report`: work with reports without running checks.
 * - `merge <shard reports...> --out DIR`: merge the `report.json` of shards of one run (the CI
 *   matrix of the full tier) into one report; Holm is applied when every check is present.
 * - `render <report.json> --out DIR`: rewrite report.md and report.html from a report.json.
 * - `list`: the declared theorems and conjectures, as data.
 */
import type { Command } from 'commander';
import { invalidOption } from '../../core/errors.ts';
import { formatSummaryTable } from '../../report/summary.ts';
import { describeTheorem } from '../../verify/define.ts';
import type { CliContext } from '../context.ts';
import { mergeReports } from '../../verify/run.ts';
import { jsonText, readReport } from '../../report/json.ts';
import { writeReport } from '../../report/write.ts';

/** Registers `htsgd report merge|render|list`. */
export function register(program: Command, { registry }: CliContext): void {
  const report = program.command('report').description('Merge, render or list reports without running checks.');
  report
    .command('merge')
    .description('Merge shard reports (report.json files) of one run into one report.')
    .argument('<reports...>', 'report.json files of the shards')
    .requiredOption('--out <dir>', 'directory for the merged report.json, report.md, report.html')
    .option('--json', 'print the merged report as JSON')
    .action((files: string[], flags: { out: string; json?: boolean }) => {
      if (flags.out.trim() === '') throw invalidOption('htsgd report merge', '--out', 'a directory path', flags.out);
      const merged = mergeReports(files.map((f) => readReport(f)));
      writeReport(merged, flags.out);
      process.stdout.write(flags.json ? jsonText(merged) : formatSummaryTable(merged));
    });
  report
    .command('render')
    .description('Rewrite report.md and report.html (and a normalised report.json) from a report.json.')
    .argument('<report>', 'a report.json')
    .requiredOption('--out <dir>', 'output directory')
    .action((file: string, flags: { out: string }) => {
      const r = readReport(file);
      writeReport(r, flags.out);
      process.stdout.write(formatSummaryTable(r));
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
        process.stdout.write(`${t.id}  [${t.kind}]  ${t.title}\n  source: ${t.source.paper}, ${t.source.theorem}, ${t.source.equation}\n  predictor: ${t.predictor}; test: ${t.test}; tolerance: ${t.tolerance.scale} ${t.tolerance.value} (${t.tolerance.reason})\n`);
      }
    });
}
