import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAPER_CASE_FLAGS, runCli as run } from '../../ci/test-support/cli.ts';

afterEach(() => vi.restoreAllMocks());

const EXIT = [
  'simulate',
  'exit',
  '--landscape',
  'paper',
  '--basin',
  '2',
  '--step-size',
  '0.1',
  '--truncation',
  '0.5',
  '--noise',
  'lomax',
  '--tail-index',
  '1.2',
  '--noise-scale',
  '0.1',
  '--chains',
  '200',
  '--seed',
  '1',
  '--workers',
  '1',
  '--quiet',
];

describe('htsgd simulate', () => {
  it('exit --json holds the summary fields', async () => {
    const { code, out, err } = await run([...EXIT, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    for (const k of [
      'chains',
      'meanExitSteps',
      'standardError',
      'exitedLeft',
      'censored',
      'totalSteps',
      'seconds',
      'quantiles',
    ]) {
      expect(j).toHaveProperty(k);
    }
    expect(j.chains).toBe(200);
    expect(j.quantiles.p50).toBeGreaterThan(0);
    expect(j.meanExitSteps).toBeGreaterThan(1);
  });

  it('exit prints a readable table without --json, with the same numbers', async () => {
    const a = JSON.parse((await run([...EXIT, '--json'])).out);
    const { code, out } = await run(EXIT);
    expect(code).toBe(0);
    expect(out).toMatch(/mean exit steps/);
    expect(out).toContain(String(+a.meanExitSteps.toPrecision(4)));
  });

  it('trajectory --json holds occupancy, transitions, totals; other noises and truncation none work', async () => {
    const { code, out } = await run([
      'simulate',
      'trajectory',
      '--landscape',
      'poly',
      '--roots',
      '-1,-0.3,0.4,1,1.5',
      '--start',
      '0.4',
      '--step-size',
      '0.01',
      '--truncation',
      'none',
      '--noise',
      'student-t',
      '--tail-index',
      '1.5',
      '--noise-scale',
      '0.2',
      '--paths',
      '2',
      '--steps',
      '20000',
      '--seed',
      '3',
      '--json',
      '--quiet',
      '--workers',
      '1',
    ]);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.occupancy).toHaveLength(3);
    expect(j.occupancy.reduce((a: number, v: number) => a + v, 0)).toBeCloseTo(1, 12);
    expect(j.transitions).toHaveLength(3);
    expect(j.totalSteps).toBe(40000);
    expect(j.truncation).toBe('none');
    const rec = JSON.parse(
      (
        await run([
          'simulate',
          'trajectory',
          '--start',
          '0.3',
          '--step-size',
          '0.01',
          '--steps',
          '5000',
          '--paths',
          '2',
          '--record-visits',
          '50',
          '--sample-every',
          '100',
          '--json',
          '--quiet',
          '--workers',
          '1',
        ])
      ).out,
    );
    expect(rec.samples).toHaveLength(2);
    expect(rec.samples[0]).toHaveLength(50);
    expect(rec.visits).toHaveLength(2);
    expect(rec.visits[0].minimum.length).toBeLessThanOrEqual(50);
    const g = await run([
      'simulate',
      'exit',
      '--basin',
      '1',
      '--step-size',
      '0.1',
      '--noise',
      'gaussian',
      '--noise-scale',
      '1',
      '--chains',
      '20',
      '--json',
      '--quiet',
      '--workers',
      '1',
    ]);
    expect(g.code).toBe(0);
    expect(JSON.parse(g.out).chains).toBe(20);
  });

  it('a bad flag prints one line naming the flag, domain and value, exit code 2', async () => {
    for (const [flag, value, name] of [
      ['--step-size', '-3', '--step-size'],
      ['--chains', 'many', '--chains'],
      ['--truncation', '0', '--truncation'],
      ['--start', '0.5', '--start'],
      ['--basin', '9', '--basin'],
      ['--tail-index', '0.5', '--tail-index'],
      ['--workers', '0', '--workers'],
    ]) {
      const argv = [...EXIT];
      const i = argv.indexOf(flag);
      if (i >= 0) argv[i + 1] = value;
      else argv.push(flag, value);
      const { code, err, out } = await run(argv);
      expect(code, `${flag} ${value}`).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain(`\`${name}\``);
      expect(err).toMatch(/expected .*, got /);
      expect(err).toContain(value);
    }
  });

  it('exit under heavy censoring reports the censored-exponential MLE, keeps the naive mean labelled, and warns', async () => {
    const argv = [
      'simulate',
      'exit',
      ...PAPER_CASE_FLAGS,
      '--chains',
      '300',
      '--max-steps',
      '300',
      '--seed',
      '1',
      '--workers',
      '1',
      '--quiet',
    ];
    const { code, out, err } = await run([...argv, '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.censored / j.chains).toBeGreaterThan(0.05);
    expect(err).toMatch(/^htsgd: warning: \d+ of 300 chains .* censored/);
    // the estimate counts censored chains' time on test, so it is above the naive mean of exited chains
    expect(j.meanExitSteps).toBeGreaterThan(j.naiveMeanOfExited);
    expect(j.meanExitStepsCi[0]).toBeLessThan(j.meanExitSteps);
    expect(j.meanExitStepsCi[1]).toBeGreaterThan(j.meanExitSteps);
    expect(j.estimator).toMatch(/Censored exponential MLE/);
    expect(j.exitedLeft + j.exitedRight + j.censoredFraction).toBeCloseTo(1, 12);
    const t = await run(argv);
    expect(t.out).toMatch(/mean exit steps +\S+, 95% CI \[/);
    expect(t.out).toMatch(/naive mean of exited .*biased low/);
    expect(t.out).toMatch(/left \+ right \+ censored = 1/);
  });

  it('exit with every chain censored prints a lower bound, never NaN', async () => {
    const argv = [
      'simulate',
      'exit',
      '--basin',
      '2',
      '--step-size',
      '0.005',
      '--truncation',
      '0.5',
      '--chains',
      '20',
      '--max-steps',
      '50',
      '--workers',
      '1',
      '--quiet',
    ];
    const t = await run(argv);
    expect(t.code).toBe(0);
    expect(t.out).not.toMatch(/NaN/);
    expect(t.out).toMatch(/mean exit steps +> \S+ \(95% lower bound; all 20 chains censored at 50 steps\)/);
    expect(t.err).toMatch(/no chain exited/);
    const j = JSON.parse((await run([...argv, '--json'])).out);
    expect(j.meanExitSteps).toBeNull();
    expect(j.meanExitStepsLowerBound).toBeGreaterThan(50);
    expect(j.censoredFraction).toBe(1);
  });
});
