/**
 * `htsgd replay` of a conjecture check (issue 6 item 3): the replay command `htsgd verify
 * --conjecture FILE` prints for a conjecture check names the file, and running that command as
 * printed reproduces the check (same point drawn from the seed, same stream, same numbers). Without
 * `--conjecture` the id is unknown to the registry: one line, exit code 2. The conjecture is narrowed
 * to one exact-oracle point (paper landscape, α = 1.2, b = 0.5) so that both runs take seconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as cli } from '../../ci/test-support/cli.ts';
import { parseReport } from '../report/json.ts';

const dir = mkdtempSync(join(tmpdir(), 'htsgd-replay-conj-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('htsgd replay --conjecture', () => {
  it('the replay command printed for a conjecture check works as printed and reproduces the check', async () => {
    // In-process (vitest): import the package entry by path; outside, users import 'htsgd'.
    const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
    const file = join(dir, 'order-restated.ts');
    writeFileSync(
      file,
      `import { defineConjecture } from ${JSON.stringify(entry)};\nexport default defineConjecture({ id: 'order-restated', statement: 'the order is 1 + l*(α − 1)', quantity: 'exit-order',\n` +
        `  predict: ({ tailIndex, jumpsNeeded }) => 1 + jumpsNeeded * (tailIndex - 1), hypotheses: { landscapes: ['paper'], tailIndex: [1.2, 1.2], truncation: [0.5, 0.5] } });\n`,
    );
    const v = await cli(['verify', '--conjecture', file, '--json', '--quiet', '--seed', '5']);
    expect(v.err).toBe('');
    const report = parseReport(v.out);
    expect(report.checks).toHaveLength(1);
    const check = report.checks[0];
    expect(check.status).toBe('ok');
    expect(check.replay).toContain(` --conjecture ${file}`);

    const argv = check.replay.split(' ');
    expect(argv[0]).toBe('htsgd');
    const r = await cli([...argv.slice(1), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const replayed = JSON.parse(r.out) as typeof check;
    expect(replayed.id).toBe(check.id);
    expect(replayed.status).toBe('ok');
    expect(replayed.observed.estimate).toBe(check.observed.estimate);
    expect(replayed.observed.ci).toEqual(check.observed.ci);
    expect(replayed.predicted.value).toBe(check.predicted.value);
    // Judged before Holm in both (one check: Holm = Bonferroni), so the verdicts agree.
    expect(replayed.verdict).toBe(check.verdict);
    expect(replayed.replay).toBe(check.replay); // the replayed row can be replayed again

    // The same command without the file: the registry has no such theorem.
    const without = argv.slice(1, argv.indexOf('--conjecture'));
    const bad = await cli(without);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('invalid option `id`');
  }, 120_000);
});
