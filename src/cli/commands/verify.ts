/**
 * `htsgd verify [--tier quick|standard|full] [--theorem ID] [--report DIR] [--json] [--shard i/n] [--seed S]`:
 * runs the declared theorem checks (the registry the entry point passes in, `theorems/index.ts`) with the tier's budgets, pinned seed
 * and nominal kernel speed (`ci/tiers.json`, `ci/seeds.json`), shows progress on stderr, prints the
 * verdict table (≤ 120 columns, `src/cli/verify-table.ts`: short replay ids `r1, r2, …` that
 * `htsgd replay rN --from DIR` resolves against the written report, point, η, chains, predicted ±
 * tolerance, observed [CI], verdict) or the JSON report, and with `--report DIR` writes report.json, report.md and report.html; `--junit FILE`
 * writes the verdicts as JUnit XML for CI test reporters (src/report/junit.ts).
 * Exit code 1 when a check is inconsistent or crashed (`verifyExitCode`), 2 on bad flags.
 *
 * `--conjecture <file...>` runs user conjectures (`defineConjecture` from 'htsgd',
 * src/conjecture/) instead of the registry: points drawn with the run's seed, one verdict
 * per conjecture printed after the table (`conjectureVerdict`). A file that fails to load or
 * exports no conjecture is one line on stderr and exit code 2.
 */
import type { Command } from 'commander';
import { closePool } from '../../sim/index.ts';
import { reportToJson } from '../../report/json.ts';
import { checkReportDir, writeReport } from '../../report/write.ts';
import { checkJUnitFile, writeJUnit } from '../../report/junit.ts';
import { withRdRunFigure } from '../rd-figure.ts';
import { provenanceOf } from '../provenance.ts';
import { formatVerifyTable } from '../verify-table.ts';
import { parseVerifyFlags, progressPrinter, runVerify, verifyExitCode, type VerifyFlags } from '../verify-support.ts';
import type { CliContext } from '../context.ts';
import {
  conjectureDeclaration,
  conjectureVerdict,
  loadConjectures,
  type AnyConjecture,
} from '../../conjecture/index.ts';
import { invalidOption } from '../../core/errors.ts';
import type { RunReport } from '../../verify/types.ts';
import type { RunProgress } from '../../verify/run.ts';
import { withConjectureFiles } from '../replay-command.ts';
import { parsePredictTimeout } from '../options.ts';

/**
 * Progress on stderr: the overwritten bar on a TTY; otherwise one line per finished check (logs
 * and CI keep a record of how far a run got and how long each check took).
 */
function progressLines(stream: NodeJS.WriteStream = process.stderr): (p: RunProgress) => void {
  if (stream.isTTY) return progressPrinter(stream);
  let t0 = Date.now();
  let printed = 0;
  return (p) => {
    if (p.fraction === 0 && p.done === printed) t0 = Date.now();
    // A check's own progress can reach 1 before the run counts it done; print once, when counted.
    if (p.fraction === 1 && p.done > printed) {
      printed = p.done;
      stream.write(`htsgd verify: [${p.done}/${p.total}] ${p.checkId} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  };
}

/** One line per conjecture: its verdict over all its checks and why (empty without conjectures). */
function conjectureLines(report: RunReport, conjectures: readonly AnyConjecture[]): string {
  return conjectures
    .map((c) => {
      const v = conjectureVerdict(report, c.id);
      return `conjecture ${c.id} (${c.quantity}): ${v.verdict.toUpperCase()}: ${v.reason}. "${c.statement}"\n`;
    })
    .join('');
}

/** Registers `htsgd verify`. */
export function register(program: Command, { registry }: CliContext): void {
  program
    .command('verify')
    .description('Run the theorem checks of a tier on the paper fixture and print the verdicts.')
    .option('--tier <tier>', 'quick, standard or full (budgets in ci/tiers.json)', 'quick')
    .option(
      '--theorem <id...>',
      "run only these theorem ids (repeatable or comma-separated); the tier's time budget is split over them alone, so their checks get more chains than in the full run (htsgd replay reproduces a full run's row)",
    )
    .option('--report <dir>', 'write report.json, report.md and report.html into DIR')
    .option('--json', 'print the report as JSON instead of the table')
    .option('--junit <file>', 'also write the verdicts as JUnit XML (one testcase per check) for CI test reporters')
    .option('--shard <i/n>', 'run only shard i of n (merge with htsgd report merge)')
    .option('--seed <S>', "seed of the run (default: the tier's pinned seed in ci/seeds.json)")
    .option('--quiet', 'no progress on stderr')
    .option(
      '--conjecture <file...>',
      "run these conjecture files (default export: defineConjecture({...}) from 'htsgd') instead of the registry",
    )
    .option('--predict-timeout <seconds>', 'with --conjecture: seconds one predict call may take (watchdog; default 5)')
    .action(
      async (
        flags: VerifyFlags & { quiet?: boolean; conjecture?: string[]; predictTimeout?: string; junit?: string },
      ) => {
        const options = parseVerifyFlags(flags);
        const predictTimeoutMs = parsePredictTimeout(flags.predictTimeout, flags.conjecture !== undefined);
        const onProgress = flags.quiet ? () => {} : progressLines();
        const conjectures: AnyConjecture[] = [];
        // Which file each conjecture came from: its checks' replay commands name it (`--conjecture FILE`).
        const files = new Map<string, string>();
        for (const file of flags.conjecture ?? []) {
          for (const c of await loadConjectures(file)) {
            conjectures.push(c);
            if (!files.has(c.id)) files.set(c.id, file);
          }
        }
        const ids = conjectures.map((c) => c.id);
        const dup = ids.find((id, i) => ids.indexOf(id) !== i);
        if (dup !== undefined)
          throw invalidOption('htsgd', '--conjecture', 'files whose conjectures have distinct ids', dup);
        const declarations = flags.conjecture
          ? conjectures.map((c) => conjectureDeclaration(c, { seed: options.seed, predictTimeoutMs }))
          : registry;
        // Found now, not after a 12-minute run: an unwritable --report DIR is one line, exit code 2.
        if (options.reportDir !== undefined) checkReportDir(options.reportDir, 'htsgd verify', '--report');
        if (flags.junit !== undefined) checkJUnitFile(flags.junit);
        const withProvenance = (r: RunReport): RunReport => ({
          ...withConjectureFiles(r, files),
          provenance: provenanceOf(r, 'wasm'),
        });
        // On SIGINT the checks that finished are written as a partial report (complete: false, interrupted).
        let soFar: RunReport | null = null;
        const onSigint = async () => {
          const partial: RunReport | null = soFar && {
            ...withProvenance(soFar),
            complete: false,
            interrupted: { signal: 'SIGINT', finished: soFar.checks.length, selected: soFar.run.checkIds.length },
          };
          process.stderr.write(
            `\nhtsgd verify: interrupted after ${partial ? partial.checks.length : 0} finished check(s)`,
          );
          if (partial && flags.junit !== undefined) {
            try {
              writeJUnit(partial, flags.junit);
            } catch (err) {
              process.stderr.write(`; ${err instanceof Error ? err.message : String(err)}`);
            }
          }
          if (partial && options.reportDir !== undefined) {
            try {
              const paths = await writeReport(partial, options.reportDir);
              process.stderr.write(`; wrote the partial report ${paths.json} (complete: false)\n`);
            } catch (err) {
              process.stderr.write(`; ${err instanceof Error ? err.message : String(err)}\n`);
            }
          } else {
            process.stderr.write(
              options.reportDir === undefined
                ? ' (no --report DIR, nothing written)\n'
                : '; none finished, nothing written\n',
            );
          }
          if (partial) process.stdout.write(formatVerifyTable(partial, { from: options.reportDir }));
          process.exit(130);
        };
        process.once('SIGINT', onSigint);
        try {
          const ran = withProvenance(await runVerify(declarations, options, onProgress, (r) => (soFar = r)));
          // The 2-D run figure costs a few seconds of simulation: only for a report that will show it.
          const report = options.reportDir !== undefined ? withRdRunFigure(ran) : ran;
          // The table first: a failed write must not lose the verdicts.
          process.stdout.write(
            options.json
              ? reportToJson(report)
              : formatVerifyTable(report, { from: options.reportDir }) + conjectureLines(report, conjectures),
          );
          process.exitCode = verifyExitCode(report);
          if (flags.junit !== undefined) {
            const file = writeJUnit(report, flags.junit);
            if (!flags.quiet) process.stderr.write(`htsgd verify: wrote ${file}\n`);
          }
          if (options.reportDir !== undefined) {
            const paths = await writeReport(report, options.reportDir);
            if (!flags.quiet)
              process.stderr.write(`htsgd verify: wrote ${paths.json}, ${paths.markdown}, ${paths.html}\n`);
          }
        } finally {
          process.removeListener('SIGINT', onSigint);
          await closePool();
        }
      },
    );
}
