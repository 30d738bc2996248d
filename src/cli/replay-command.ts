/**
 * The one place that turns replay information (data, `ReplayInfo` of `src/verify/types.ts`) into a
 * shell command: `htsgd replay <id> --seed S --path P --tier T --confidence C --time-budget B`, and,
 * for a conjecture check, the file it was loaded from (`--conjecture FILE`).
 */
import type { CheckResult, ReplayInfo, RunReport } from '../verify/types.ts';

/** Quotes a shell word when needed (seeds and file paths may be arbitrary strings). */
export function shellWord(s: string): string {
  return /^[\w.,=:/+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one command that reruns a check alone: same stream, same confidence and same time budget
 * (the planner sizes the experiment from the budget, so the budget is part of what is replayed).
 */
export function replayCommand(info: ReplayInfo): string {
  return `htsgd replay ${shellWord(info.id)} --seed ${shellWord(String(info.seed))} --path ${shellWord(info.path)} --tier ${info.tier} --confidence ${info.confidence} --time-budget ${info.timeBudgetSeconds}`;
}

/**
 * A conjecture check whose replay command names its file: `--conjecture FILE` is appended (`files`:
 * conjecture id → the file it was loaded from), since `htsgd replay` only knows the built-in
 * registry otherwise. Theorem checks and ids not in `files` are returned unchanged.
 */
export function withConjectureFile(check: CheckResult, files: ReadonlyMap<string, string>): CheckResult {
  const file = check.kind === 'conjecture' ? files.get(check.theoremId) : undefined;
  return file === undefined ? check : { ...check, replay: `${check.replay} --conjecture ${shellWord(file)}` };
}

/** {@link withConjectureFile} over every check of a report. */
export function withConjectureFiles(report: RunReport, files: ReadonlyMap<string, string>): RunReport {
  return { ...report, checks: report.checks.map((c) => withConjectureFile(c, files)) };
}
