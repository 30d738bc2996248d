/**
 * `htsgd verify` through `main`: bad flags give the one-line InputError and exit code 2 before
 * anything runs; the exit code of a run follows `verifyExitCode` (1 on an inconsistent or crashed
 * check). The checks themselves are tested in src/verify/quick-tier.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as run } from '../../ci/test-support/cli.ts';
import { verifyExitCode } from './verify-support.ts';
import type { RunReport } from '../verify/types.ts';

afterEach(() => vi.restoreAllMocks());

describe('htsgd verify', () => {
  it('refuses an unknown tier, theorem or shard with one line and exit code 2', async () => {
    for (const [argv, flag] of [
      [['verify', '--tier', 'huge'], '--tier'],
      [['verify', '--theorem', 'no-such-theorem'], '--theorem'],
      [['verify', '--shard', '3/2'], '--shard'],
    ] as const) {
      const { code, err } = await run([...argv]);
      expect(code).toBe(2);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain(`invalid option \`${flag}\``);
    }
  });

  it('exit code 1 exactly when a check is inconsistent or crashed', () => {
    const summary = (inconsistent: number, errors: number) =>
      ({
        summary: { total: 3, consistent: 1, inconsistent, inconclusive: 2 - inconsistent - errors, errors },
      }) as unknown as RunReport;
    expect(verifyExitCode(summary(0, 0))).toBe(0);
    expect(verifyExitCode(summary(1, 0))).toBe(1);
    expect(verifyExitCode(summary(0, 1))).toBe(1);
  });

  it('a command that sets process.exitCode does not leak it into the next main() call', async () => {
    const before = process.exitCode;
    await run(['verify', '--tier', 'huge']);
    expect(process.exitCode).toBe(before);
  });
});
