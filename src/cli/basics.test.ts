/**
 * CLI basics (issue 15, §3): help and version, commander's own errors in the one-line `htsgd: …`
 * shape with exit code 2, strict numbers, limits in the message, and flags that do not apply to the
 * chosen options are errors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as run } from '../../ci/test-support/cli.ts';
import { formatLimit, parseNumberFlag } from './options.ts';

afterEach(() => vi.restoreAllMocks());

const oneLine = (err: string) => expect(err.trim().split('\n'), err).toHaveLength(1);

describe('htsgd basics', () => {
  it('no command prints the help on stderr and exits non-zero; --version and help exit 0', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^Usage: htsgd \[options\] \[command\]/);
    expect(none.err).toMatch(/simulate/);
    const sub = await run(['simulate']);
    expect(sub.code).toBe(2);
    expect(sub.err).toMatch(/^Usage: htsgd simulate/);
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await run(['help'])).code).toBe(0);
  });

  it("commander's own errors are one `htsgd: …` line with exit code 2", async () => {
    for (const [argv, pattern] of [
      [['simulate', 'exit', '--basin', '2', '--step-size', '0.1', '--bogus'], /^htsgd: unknown option '--bogus'$/],
      [
        ['simulate', 'exit', '--basin', '2', '--step-size', '0.1', '--chain', '5'],
        /^htsgd: unknown option '--chain' \(Did you mean --chains\?\)$/,
      ],
      [['simulate', 'exit', '--basin', '2', '--step-size'], /^htsgd: option '--step-size <eta>' argument missing$/],
      [['verify', '--tier'], /^htsgd: option '--tier <tier>' argument missing$/],
      [['nosuch'], /^htsgd: unknown command 'nosuch'$/],
    ] as const) {
      const { code, out, err } = await run([...argv]);
      expect(code, argv.join(' ')).toBe(2);
      expect(out).toBe('');
      oneLine(err);
      expect(err.trim()).toMatch(pattern);
    }
  });

  it('numbers are decimal (0x1, Infinity, 1 with spaces are refused) and limits are stated', async () => {
    const base = ['simulate', 'exit', '--basin', '2', '--workers', '1', '--quiet'];
    for (const bad of ['0x1', '0b1', '0o1', 'Infinity', ' 0.1', '1e', '']) {
      const { code, err } = await run([...base, '--step-size', bad]);
      expect(code, JSON.stringify(bad)).toBe(2);
      oneLine(err);
      expect(err).toContain('invalid option `--step-size`: expected a number in (0, 1], got');
    }
    const big = await run([...base, '--step-size', '0.1', '--chains', '1e12']);
    expect(big.code).toBe(2);
    oneLine(big.err);
    expect(big.err).toContain('at most 2³⁰ = 1073741824, got "1e12"');
    expect(parseNumberFlag('x', '1_000', { domain: 'd' })).toBe(1000);
    expect(parseNumberFlag('x', '.5e-1', { domain: 'd' })).toBe(0.05);
    expect(formatLimit(2 ** 30)).toBe('2³⁰ = 1073741824');
    expect(formatLimit(64)).toBe('64');
  });

  it('flags that do not apply to the chosen options are errors', async () => {
    for (const [argv, flag, why] of [
      [
        ['simulate', 'exit', '--basin', '2', '--step-size', '0.1', '--noise', 'student-t', '--p-plus', '0.3'],
        '--p-plus',
        'no --p-plus with --noise student-t',
      ],
      [
        [
          'simulate',
          'exit',
          '--basin',
          '2',
          '--step-size',
          '0.1',
          '--noise',
          'stable',
          '--tail-index',
          '1.5',
          '--p-plus',
          '0.5',
        ],
        '--p-plus',
        'no --p-plus with --noise stable',
      ],
      [
        ['simulate', 'exit', '--basin', '2', '--step-size', '0.1', '--noise', 'gaussian', '--tail-index', '1.5'],
        '--tail-index',
        'no --tail-index with --noise gaussian',
      ],
      [['theory', '--roots', '-1,0,1'], '--roots', 'no --roots with --landscape paper'],
      [['theory', '--landscape', 'paper', '--scale', '2'], '--scale', 'no --scale with --landscape paper'],
      [['exact', '--step-size', '0.1', '--box', '2'], '--box', 'no --box with --landscape paper'],
    ] as const) {
      const { code, out, err } = await run([...argv]);
      expect(code, argv.join(' ')).toBe(2);
      expect(out).toBe('');
      oneLine(err);
      expect(err).toContain(`invalid option \`${flag}\`: expected ${why}`);
    }
    // The same flags where they apply still work.
    expect(
      (await run(['theory', '--landscape', 'poly', '--roots', '-1,-0.3,0.4,1,1.5', '--scale', '2', '--json'])).code,
    ).toBe(0);
    expect((await run(['theory', '--noise', 'lomax', '--p-plus', '0.7', '--json'])).code).toBe(0);
    expect((await run(['theory', '--noise', 'gaussian', '--json'])).code).toBe(0);
  });
});
