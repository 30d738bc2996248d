import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { runCli } from '../../ci/test-support/cli.ts';
import { auditProgressPrinter } from '../cli/commands/audit.ts';
import { auditPoolSize, closeAuditPool, runAudit } from './index.ts';

const fixture = (name: string) => new URL(`../../fixtures/optimizers/${name}`, import.meta.url).pathname;
const bin = new URL('../cli/htsgd.js', import.meta.url).pathname;

afterAll(async () => {
  await closeAuditPool();
});

// A hanging or slow step function (issue 6's left-out): the watchdog ends a hang with one line and
// exit code 2 and leaves no thread behind; a slow step prints its rate. ~4 s of CPU in all.
describe('audit step watchdog', () => {
  it('a step that never returns: one ERR_TIMEOUT line, exit code 2, in a separate process that then exits', async () => {
    // --quiet: under a loaded machine the progress line (every 5 s) could precede the error; this test is about the error alone.
    // A real process, so that a worker left running would keep it alive and fail the test by timing out.
    const t0 = performance.now();
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [bin, 'audit', fixture('hangs.mjs'), '--step-timeout', '1', '--workers', '2', '--quiet'],
        { timeout: 30_000 },
        (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    const seconds = (performance.now() - t0) / 1000;
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^htsgd audit: \S*hangs\.mjs: step\(\) did not return within 1 s \(.*\)\.\n$/);
    expect(run.code).toBe(2);
    expect(seconds).toBeLessThan(25); // process start + tsx + 1 s; the child's own 30 s kill would mean it hung
  });

  it('a step that hangs after a while, on both workers: every worker is terminated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'htsgd-audit-timeout-'));
    const path = join(dir, 'late-hang.mjs');
    // Module state is per worker: each worker's 3000th step hangs, in the middle of the probes.
    writeFileSync(
      path,
      "let n = 0; export default { claims: { noise: 'gaussian', noiseScale: 1, truncation: null }, create() { return { step(x) { if (++n > 3000) for (;;); x[0] = 0.01; } }; } };",
    );
    const err = await runAudit({ module: path, stepTimeout: 0.5, workers: 2, probeSamples: 20_000, chains: 0 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('ERR_TIMEOUT');
    expect((err as InputError).message).toMatch(
      /late-hang\.mjs: step\(\) did not return within 0\.5 s \(the worker was terminated after \d+ completed steps/,
    );
    expect(auditPoolSize()).toBe(0);
  });

  it('create() that never returns is named as such', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'htsgd-audit-timeout-'));
    const path = join(dir, 'create-hang.mjs');
    writeFileSync(
      path,
      "export default { claims: { noise: 'gaussian', noiseScale: 1, truncation: null }, create() { for (;;); } };",
    );
    await expect(
      runAudit({ module: path, stepTimeout: 0.5, workers: 1, probeSamples: 1000, chains: 0 }),
    ).rejects.toThrow(/create\(\) did not return within 0\.5 s/);
    expect(auditPoolSize()).toBe(0);
  });

  it('a slow step gets progress lines on stderr, and the audit still finishes', async () => {
    // 3 × 2000 steps of 200 µs on one worker ≈ 1.2 s: several 0.2 s progress intervals.
    const r = await runCli([
      'audit',
      fixture('slow.mjs'),
      '--probe-samples',
      '2000',
      '--chains',
      '0',
      '--workers',
      '1',
      '--progress-interval',
      '0.2',
    ]);
    expect(r.code, r.err).toBe(0);
    const lines = r.err.split('\n').filter((l) => l.includes('µs per step'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/^htsgd audit: \S*slow\.mjs: .* after \d+ s, \d+ µs per step, ~\d+ s to go$/);
    expect(r.out).toMatch(/audit of slow .*PASS/);
  });

  it('the printer says so when no step has completed yet, and stays quiet within the interval', () => {
    let text = '';
    const print = auditProgressPrinter('m.mjs', 5, { write: (s: string) => (text += s) });
    print({ stage: 'run', steps: 0, expectedSteps: 1000, tasksDone: 0, tasks: 3, seconds: 1 });
    expect(text).toBe('');
    print({ stage: 'run', steps: 0, expectedSteps: 1000, tasksDone: 0, tasks: 3, seconds: 6 });
    expect(text).toBe('htsgd audit: m.mjs: 0% of ~1.0e+3 steps (0/3 tasks) after 6 s, no step completed yet\n');
  });

  it('a bad --step-timeout is one line and exit code 2', async () => {
    const r = await runCli(['audit', fixture('hangs.mjs'), '--step-timeout', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /invalid option `--step-timeout`: expected a number of seconds in \(0, 86400\], or 'none', got "0"\./,
    );
  });
});
