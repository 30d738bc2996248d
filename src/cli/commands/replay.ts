/**
 * `htsgd replay <id> --seed S --path P [--conjecture FILE]`: reruns one check alone, with the stream
 * and confidence of the run that printed the command, and prints its verdict (or its JSON with
 * `--json`). A conjecture check (`htsgd verify --conjecture FILE`) is replayed from its file: the
 * conjecture's points are drawn from `--seed` exactly as in the run, so the id names the same point.
 *
 * `htsgd replay r3 --from DIR`: the short id of the verify table (`r3`: the report's third check)
 * resolved against DIR/report.json (or a report.json path), whose full replay command fixes the
 * seed, path, tier, confidence, time budget and conjecture file. Progress goes to stderr on a TTY
 * (or always with `--progress`); `--quiet` turns it off.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parsePredictTimeout, parseSeed, parseNumberFlag } from '../options.ts';
import { bonferroniLevels } from '../../verify/budget.ts';
import { loadTier } from '../verify-support.ts';
import type { CliContext } from '../context.ts';
import { conjectureDeclaration, loadConjectures, type AnyConjecture } from '../../conjecture/index.ts';
import { enumerateChecks, replayCheck } from '../../verify/run.ts';
import { parseReplayCommand, replayCommand, withConjectureFile, type ReplayTarget } from '../replay-command.ts';
import type { CheckResult, RunReport, TheoremDeclaration, Tier } from '../../verify/types.ts';
import type { Seed } from '../../rng/seeds.ts';
import { describeTheorem } from '../../verify/define.ts';
import { jsonText, readReport } from '../../report/json.ts';
import { writeReport } from '../../report/write.ts';
import { invalidOption } from '../../core/errors.ts';
import { formatVerifyTable, shortIdIndex } from '../verify-table.ts';
import { createProgress } from '../progress.ts';

interface ReplayFlags {
  seed?: string;
  path?: string;
  tier?: string;
  confidence?: string;
  timeBudget?: string;
  json?: boolean;
  report?: string;
  conjecture?: string[];
  predictTimeout?: string;
  from?: string;
  quiet?: boolean;
  progress?: boolean;
}

const API = 'htsgd replay';

/**
 * The check `id` names: as given, or (`--from`) the row of a written report, by short id (`r3`) or
 * full id, with the flags its replay command fixes.
 * @throws InputError for a short id without `--from`, an unreadable report, an id not in it, or a
 *   flag the report already fixes.
 */
function resolveTarget(id: string, flags: ReplayFlags): ReplayTarget {
  const index = shortIdIndex(id);
  if (flags.from === undefined) {
    if (index !== undefined)
      throw invalidOption(
        API,
        '--from',
        `the report that printed ${id} (htsgd replay ${id} --from DIR, DIR as given to verify --report)`,
        '(missing)',
      );
    return { id, ...flags };
  }
  for (const fixed of ['seed', 'path', 'tier', 'confidence', 'timeBudget', 'conjecture'] as const) {
    if (flags[fixed] !== undefined) {
      const flag = `--${fixed.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw invalidOption(
        API,
        flag,
        `no ${flag} with --from (the report fixes the check's stream and budget)`,
        flags[fixed],
      );
    }
  }
  const file =
    existsSync(flags.from) && statSync(flags.from).isDirectory() ? join(flags.from, 'report.json') : flags.from;
  const report = readReport(file);
  const check = index !== undefined ? report.checks[index] : report.checks.find((c) => c.id === id);
  if (check === undefined) throw invalidOption(API, 'id', `r1…r${report.checks.length} or a check id of ${file}`, id);
  const target = parseReplayCommand(check.replay);
  if (target === undefined)
    throw invalidOption(API, '--from', `a report whose checks carry htsgd replay commands`, file);
  return target;
}

/** The report of one replayed check (what `--report DIR` writes and the table shows). */
function oneCheckReport(
  result: CheckResult,
  run: { seed: Seed; tier: Tier; confidence: number; timeBudgetSeconds: number },
  declarations: readonly TheoremDeclaration[],
): RunReport {
  return {
    schema: 'htsgd-report/1',
    run: {
      seed: run.seed,
      tier: run.tier,
      errorBudget: Number((1 - run.confidence).toPrecision(12)), // 1 − 0.9995 without float noise
      timeBudgetSeconds: run.timeBudgetSeconds,
      checkIds: [result.id],
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
}

/** Registers `htsgd replay`. */
export function register(program: Command, { registry }: CliContext): void {
  program
    .command('replay')
    .description('Rerun one check alone (the command is printed in every report row).')
    .argument('<id>', 'check id: <theorem>/<point>/<trial>, or the short id of a verify table row (r3) with --from')
    .option('--from <report>', 'resolve the id against this report (DIR given to verify --report, or a report.json)')
    .option('--seed <S>', "seed of the run (default: the tier's pinned seed)")
    .option('--path <P>', 'stream path (default: the id)')
    .option('--tier <tier>', 'quick, standard or full (default: quick)')
    .option('--confidence <c>', "two-sided confidence of the CI (default: the tier's Bonferroni share)")
    .option('--time-budget <seconds>', 'seconds the check may take (sizes its experiment; default 60)')
    .option('--json', 'print the check result as JSON')
    .option('--report <dir>', 'also write report.json/.md/.html for this one check')
    .option(
      '--conjecture <file...>',
      'replay a check of these conjecture files (as printed by htsgd verify --conjecture) instead of the registry',
    )
    .option('--predict-timeout <seconds>', 'with --conjecture: seconds one predict call may take (watchdog; default 5)')
    .option('--progress', 'show progress on stderr also when it is not a terminal')
    .option('--quiet', 'no progress on stderr')
    .action(async (rawId: string, given: ReplayFlags) => {
      const { id, ...fixed } = resolveTarget(rawId, given);
      const flags: ReplayFlags = { ...given, ...fixed };
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
      const predictTimeoutMs = parsePredictTimeout(flags.predictTimeout, flags.conjecture !== undefined);
      const declarations = flags.conjecture
        ? conjectures.map((c) => conjectureDeclaration(c, { seed, predictTimeoutMs }))
        : registry;
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
      const stream = process.stderr;
      const progress = createProgress(`htsgd replay ${rawId}`, {
        quiet: flags.quiet === true || (!stream.isTTY && flags.progress !== true),
        stream,
        intervalSeconds: 2,
      });
      let result;
      try {
        // The replayed row's own replay command names the file again (as `htsgd verify` printed it).
        result = withConjectureFile(
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
            onFraction: (f) => progress.update(Math.round(1000 * f), 1000),
          }),
          files,
        );
      } finally {
        progress.stop();
      }
      const report = oneCheckReport(result, { seed, tier: tier.name, confidence, timeBudgetSeconds }, declarations);
      if (flags.report !== undefined) await writeReport(report, flags.report);
      process.stdout.write(
        flags.json ? jsonText(result) : formatVerifyTable(report, { footer: `check ${result.id}: ${result.replay}` }),
      );
    });
}
