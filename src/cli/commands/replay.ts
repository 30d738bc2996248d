/**
 * `htsgd replay <id> --seed S --path P [--conjecture FILE]`: reruns one check alone, with the stream
 * and confidence of the run that printed the command, and prints its verdict (or its JSON with
 * `--json`). A conjecture check (`htsgd verify --conjecture FILE`) is replayed from its file: the
 * conjecture's points are drawn from `--seed` exactly as in the run, so the id names the same point.
 */
import type { Command } from 'commander';
import { parseSeed, parseNumberFlag } from '../options.ts';
import { bonferroniLevels } from '../../verify/budget.ts';
import { formatSummaryTable } from '../../report/summary.ts';
import { loadTier } from '../verify-support.ts';
import type { CliContext } from '../context.ts';
import { conjectureDeclaration, loadConjectures, type AnyConjecture } from '../../conjecture/index.ts';
import { enumerateChecks, replayCheck } from '../../verify/run.ts';
import { replayCommand, withConjectureFile } from '../replay-command.ts';
import type { RunReport } from '../../verify/types.ts';
import { describeTheorem } from '../../verify/define.ts';
import { jsonText } from '../../report/json.ts';
import { writeReport } from '../../report/write.ts';

interface ReplayFlags {
  seed?: string;
  path?: string;
  tier?: string;
  confidence?: string;
  timeBudget?: string;
  json?: boolean;
  report?: string;
  conjecture?: string[];
}

/** Registers `htsgd replay`. */
export function register(program: Command, { registry }: CliContext): void {
  program
    .command('replay')
    .description('Rerun one check alone (the command is printed in every report row).')
    .argument('<id>', 'check id: <theorem>/<point>/<trial>')
    .option('--seed <S>', "seed of the run (default: the tier's pinned seed)")
    .option('--path <P>', 'stream path (default: the id)')
    .option('--tier <tier>', 'quick, standard or full', 'quick')
    .option('--confidence <c>', "two-sided confidence of the CI (default: the tier's Bonferroni share)")
    .option('--time-budget <seconds>', 'seconds the check may take (sizes its experiment; default 60)')
    .option('--json', 'print the check result as JSON')
    .option('--report <dir>', 'also write report.json/.md/.html for this one check')
    .option(
      '--conjecture <file...>',
      'replay a check of these conjecture files (as printed by htsgd verify --conjecture) instead of the registry',
    )
    .action(async (id: string, flags: ReplayFlags) => {
      const tier = loadTier(flags.tier ?? 'quick');
      const seed = flags.seed === undefined ? tier.seed : parseSeed(flags.seed);
      // Conjecture points are drawn from the run's seed, so the declarations depend on it.
      const files = new Map<string, string>();
      const conjectures: AnyConjecture[] = [];
      for (const file of flags.conjecture ?? []) {
        for (const c of await loadConjectures(file)) {
          conjectures.push(c);
          if (!files.has(c.id)) files.set(c.id, file);
        }
      }
      const declarations = flags.conjecture ? conjectures.map((c) => conjectureDeclaration(c, { seed })) : registry;
      const confidence =
        flags.confidence === undefined
          ? bonferroniLevels(tier.errorBudget, Math.max(1, enumerateChecks(declarations, tier.name).length)).confidence
          : parseNumberFlag('confidence', flags.confidence, {
              min: 0,
              max: 1,
              openMin: true,
              openMax: true,
              domain: 'a number in (0, 1)',
            });
      const timeBudgetSeconds =
        flags.timeBudget === undefined
          ? 60
          : parseNumberFlag('time-budget', flags.timeBudget, {
              min: 0,
              openMin: true,
              domain: 'a number of seconds > 0',
            });
      // The replayed row's own replay command names the file again (as `htsgd verify` printed it).
      const result = withConjectureFile(
        await replayCheck(declarations, {
          id,
          seed,
          path: flags.path ?? id,
          tier: tier.name,
          confidence,
          timeBudgetSeconds,
          kernelStepsPerSecond: tier.stepsPerSecond,
          workers: tier.cores,
          replayCommand,
        }),
        files,
      );
      const report: RunReport = {
        schema: 'htsgd-report/1',
        run: {
          seed,
          tier: tier.name,
          errorBudget: 1 - confidence,
          timeBudgetSeconds,
          checkIds: [id],
          theoremFilter: [result.theoremId],
          shards: null,
          startedAt: new Date().toISOString(),
          elapsedSeconds: result.elapsedSeconds,
        },
        theorems: declarations.filter((d) => d.id === result.theoremId).map(describeTheorem),
        checks: [result],
        complete: true,
        summary: {
          total: 1,
          consistent: Number(result.status === 'ok' && result.verdict === 'consistent'),
          inconsistent: Number(result.status === 'ok' && result.verdict === 'inconsistent'),
          inconclusive: Number(result.status === 'ok' && result.verdict === 'inconclusive'),
          errors: Number(result.status === 'error'),
        },
      };
      if (flags.report !== undefined) await writeReport(report, flags.report);
      process.stdout.write(flags.json ? jsonText(result) : formatSummaryTable(report));
    });
}
