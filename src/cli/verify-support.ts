/**
 * What `htsgd verify` (wired by the lead in wave 2) and `htsgd replay` share: tier definitions and
 * pinned seeds from `ci/`, option parsing, progress on stderr (the summary table is `src/report/summary.ts`).
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../core/package-files.ts';
import { fileURLToPath } from 'node:url';
import { InputError, invalidOption } from '../core/errors.ts';
import type { Seed } from '../rng/seeds.ts';
import { replayCommand } from './replay-command.ts';
import { parseShard, runChecks, type RunProgress, type Shard } from '../verify/run.ts';
import type { RunReport, TheoremDeclaration, Tier } from '../verify/types.ts';
import { TIERS } from '../verify/types.ts';

/** A tier as defined in `ci/tiers.json`, with its pinned seed from `ci/seeds.json`. */
export interface TierDefinition {
  readonly name: Tier;
  readonly timeBudgetSeconds: number;
  readonly errorBudget: number;
  readonly cores: number;
  readonly description: string;
  readonly seed: Seed;
  /** Nominal kernel speed per worker used for planning (pinned so plans are machine-independent). */
  readonly stepsPerSecond: number;
}

function readCiJson(name: string): Record<string, unknown> {
  const url = packageFile(`ci/${name}`);
  try {
    return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(
      'ERR_LOAD',
      `htsgd: cannot read ci/${name}: ${err instanceof Error ? err.message : String(err)}`,
      { api: 'htsgd' },
    );
  }
}

/**
 * Loads a tier from `ci/tiers.json` and its pinned seed from `ci/seeds.json`.
 * @throws InputError (ERR_INVALID_OPTION) for an unknown tier; (ERR_LOAD) for unreadable files.
 */
export function loadTier(name: string): TierDefinition {
  if (!(TIERS as readonly string[]).includes(name))
    throw invalidOption('htsgd', '--tier', `one of ${TIERS.join(', ')}`, name);
  const tiers = readCiJson('tiers.json');
  const seeds = readCiJson('seeds.json');
  const t = tiers[name] as Partial<TierDefinition> | undefined;
  const seed = seeds[name];
  const ok =
    t !== undefined &&
    typeof t.timeBudgetSeconds === 'number' &&
    t.timeBudgetSeconds > 0 &&
    typeof t.errorBudget === 'number' &&
    t.errorBudget > 0 &&
    t.errorBudget <= 0.5 &&
    typeof t.cores === 'number' &&
    Number.isInteger(t.cores) &&
    t.cores >= 1 &&
    typeof t.stepsPerSecond === 'number' &&
    t.stepsPerSecond > 0 &&
    (typeof seed === 'number' || typeof seed === 'string');
  if (!ok)
    throw new InputError('ERR_LOAD', `htsgd: ci/tiers.json or ci/seeds.json has no valid entry for tier ${name}.`, {
      api: 'htsgd',
      option: '--tier',
    });
  return {
    name: name as Tier,
    timeBudgetSeconds: t.timeBudgetSeconds!,
    errorBudget: t.errorBudget!,
    cores: t.cores!,
    description: t.description ?? '',
    seed: seed as Seed,
    stepsPerSecond: t.stepsPerSecond!,
  };
}

/** Raw flags of `htsgd verify` as commander hands them over. */
export interface VerifyFlags {
  tier?: string;
  theorem?: string | string[];
  report?: string;
  json?: boolean;
  shard?: string;
  seed?: string;
}

/** Resolved options of `htsgd verify`. */
export interface VerifyOptions {
  readonly tier: TierDefinition;
  readonly seed: Seed;
  readonly theoremFilter: readonly string[] | undefined;
  readonly reportDir: string | undefined;
  readonly json: boolean;
  readonly shard: Shard | undefined;
}

/**
 * Resolves `--tier quick|standard|full` (default quick), `--theorem ID` (repeatable or
 * comma-separated), `--report DIR`, `--json`, `--shard i/n`, `--seed S` (default: the tier's pinned seed).
 * @throws InputError naming the flag.
 */
export function parseVerifyFlags(flags: VerifyFlags): VerifyOptions {
  const tier = loadTier(flags.tier ?? 'quick');
  const theorems =
    flags.theorem === undefined
      ? undefined
      : (Array.isArray(flags.theorem) ? flags.theorem : [flags.theorem])
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter(Boolean);
  if (theorems !== undefined && theorems.length === 0)
    throw invalidOption('htsgd', '--theorem', 'a theorem id', flags.theorem);
  if (flags.report !== undefined && flags.report.trim() === '')
    throw invalidOption('htsgd', '--report', 'a directory path', flags.report);
  let seed: Seed = tier.seed;
  if (flags.seed !== undefined) {
    if (flags.seed === '')
      throw invalidOption('htsgd', '--seed', 'a non-negative integer or a non-empty string', flags.seed);
    seed = /^\d+$/.test(flags.seed) && Number.isSafeInteger(Number(flags.seed)) ? Number(flags.seed) : flags.seed;
  }
  return {
    tier,
    seed,
    theoremFilter: theorems,
    reportDir: flags.report,
    json: flags.json === true,
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
  };
}

/**
 * A progress callback that writes one overwritten line to `stream` when it is a TTY (and nothing
 * otherwise, so logs stay clean).
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: RunProgress) => void {
  let last = 0;
  return (p) => {
    if (!stream.isTTY) return;
    const now = Date.now();
    if (p.fraction > 0 && p.fraction < 1 && now - last < 200) return;
    last = now;
    const overall = p.total === 0 ? 1 : (p.done + (p.fraction < 1 ? p.fraction : 0)) / p.total;
    stream.write(
      `\r[${'#'.repeat(Math.round(overall * 20)).padEnd(20)}] ${p.done}/${p.total} ${p.checkId}`
        .slice(0, (stream.columns ?? 100) - 1)
        .padEnd(Math.min(99, (stream.columns ?? 100) - 1)),
    );
    if (p.done === p.total && p.fraction === 1) stream.write('\n');
  };
}

/**
 * Runs `htsgd verify` on resolved options: the declarations of the tier (filtered by `--theorem`,
 * cut to `--shard`), with the tier's error and time budgets, pinned seed and nominal kernel speed,
 * progress on stderr. Returns the report; the caller prints `formatSummaryTable(report)` (or the
 * JSON) and writes `--report DIR` with `writeReport` from `src/report/write.ts` (report layer).
 */
export async function runVerify(
  declarations: readonly TheoremDeclaration[],
  options: VerifyOptions,
  onProgress: (p: RunProgress) => void = progressPrinter(),
  onCheck?: (soFar: RunReport) => void,
): Promise<RunReport> {
  return runChecks(declarations, {
    seed: options.seed,
    tier: options.tier.name,
    errorBudget: options.tier.errorBudget,
    timeBudgetSeconds: options.tier.timeBudgetSeconds,
    kernelStepsPerSecond: options.tier.stepsPerSecond,
    workers: options.tier.cores,
    ...(options.theoremFilter ? { theoremFilter: options.theoremFilter } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    onProgress,
    ...(onCheck ? { onCheck } : {}),
    replayCommand,
  });
}

/**
 * Suggested exit code of `htsgd verify`: 1 when a check is `inconsistent` or crashed (CI must
 * fail), 0 otherwise (`inconclusive` is reported, not failed: it is lack of power, not evidence).
 */
export function verifyExitCode(report: RunReport): 0 | 1 {
  return report.summary.inconsistent > 0 || report.summary.errors > 0 ? 1 : 0;
}
