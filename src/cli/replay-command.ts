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

/** Splits a command line {@link shellWord} quoted (`'…'`, with `'\\''` for a quote) into words. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The flags of `htsgd replay` a replay command fixes. */
export interface ReplayTarget {
  readonly id: string;
  readonly seed?: string;
  readonly path?: string;
  readonly tier?: string;
  readonly confidence?: string;
  readonly timeBudget?: string;
  readonly conjecture?: string[];
}

/**
 * Reads back a command {@link replayCommand} (and {@link withConjectureFile}) wrote:
 * `htsgd replay <id> --seed S --path P --tier T --confidence C --time-budget B [--conjecture FILE]`.
 * @returns undefined when `line` is not such a command.
 */
export function parseReplayCommand(line: string): ReplayTarget | undefined {
  const w = shellWords(line);
  if (w[0] !== 'htsgd' || w[1] !== 'replay' || w[2] === undefined) return undefined;
  const flags: Record<string, string | string[]> = {};
  for (let i = 3; i < w.length; i += 2) {
    const name = w[i].replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (w[i + 1] === undefined) return undefined;
    if (name === 'conjecture') flags.conjecture = [...((flags.conjecture as string[] | undefined) ?? []), w[i + 1]];
    else flags[name] = w[i + 1];
  }
  return { id: w[2], ...flags } as ReplayTarget;
}
