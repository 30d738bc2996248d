/**
 * Shared helper for tests that drive the command line in-process through `main` (not a `.test.ts`
 * file, so vitest does not collect it). Test support lives in ci/test-support/, outside src/, so
 * that nothing shipped imports it. Like `src/cli/htsgd.js`, it hands the CLI the theorem registry.
 */
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { registry } from '../../theorems/index.ts';

/** What one in-process CLI run printed and returned. */
/** The paper's basin 2 at η = 0.05, b = 0.5, Lomax α = 1.2, c = 0.1: the CLI tests' common case. */
export const PAPER_CASE_FLAGS = [
  '--landscape',
  'paper',
  '--basin',
  '2',
  '--step-size',
  '0.05',
  '--truncation',
  '0.5',
  '--noise',
  'lomax',
  '--tail-index',
  '1.2',
  '--noise-scale',
  '0.1',
] as const;

export interface CliRun {
  /** The exit code `main` returned (0 ok, 1 rejected/inconsistent, 2 bad input). */
  code: number;
  /** Everything written to stdout during the run. */
  out: string;
  /** Everything written to stderr during the run. */
  err: string;
}

/**
 * Runs `htsgd <argv>` in-process, capturing stdout and stderr (nothing reaches the terminal); the
 * two spies are restored when the run ends, also when `main` throws.
 *
 * @param argv - the arguments after `htsgd`, e.g. `['exact', '--json']`.
 * @returns the exit code and the captured output.
 */
export async function runCli(argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(argv, { registry });
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/**
 * Runs `htsgd` on several command lines in one child process (`cli-batch.mjs`: the real tsx loader,
 * as a user runs it; one process start for the whole list). No theorem registry: for input errors
 * and `--conjecture` runs.
 * @returns one {@link CliRun} per command line, in order.
 */
export async function runCliBatch(cases: string[][], opts: { cwd?: string } = {}): Promise<CliRun[]> {
  const { execFile } = await import('node:child_process');
  const script = new URL('./cli-batch.mjs', import.meta.url).pathname;
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [script, JSON.stringify(cases)],
      { cwd: opts.cwd, maxBuffer: 1 << 26 },
      (e, stdout, stderr) => {
        if (e) return fail(new Error(`cli-batch failed: ${e.message}\n${stderr}`));
        done(JSON.parse(stdout) as CliRun[]);
      },
    );
  });
}
