/**
 * A property over the CLI's numeric outputs (issue 15, §1): no command prints a negative, NaN or
 * censoring-biased estimate with exit code 0. Small random inputs for `simulate exit|trajectory`
 * and `theory`, and a few small `exact` solves; every run that exits 0 is checked in both its JSON
 * (estimates finite and ≥ 0; under censoring the exit-time mean counts the censored chains) and
 * its table (no NaN).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../ci/test-support/cli.ts';
import { closePool } from '../sim/index.ts';

afterAll(async () => {
  await closePool();
});

/** Keys whose numbers are estimates or probabilities of non-negative quantities. */
const NON_NEGATIVE =
  /^(mean\w*|naive\w*|\w*Steps\w*|\w*Rate\w*|\w*Probability\w*|\w*Fraction|exited\w*|occupancy|landing|p\d\d|standardError|errorEstimate|exitStepsSd|radius|jumpsNeeded|censored|chains|q|\d+)$/;

/** Every offending `path: value` in a JSON value (numbers under NON_NEGATIVE keys must be finite and ≥ 0). */
function offending(value: unknown, path = '$', key = ''): string[] {
  if (typeof value === 'number')
    return NON_NEGATIVE.test(key) && !(Number.isFinite(value) && value >= 0) ? [`${path}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => offending(v, `${path}[${i}]`, key));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => offending(v, `${path}.${k}`, k));
  return [];
}

/** Runs that exited 0 and were checked, per command (the property must not pass vacuously). */
const accepted: Record<string, number> = {};

async function checked(argv: string[]): Promise<unknown | null> {
  const json = await run([...argv, '--json']);
  if (json.code !== 0) {
    // Refused: one line on stderr and exit code 2, never a number.
    expect(json.out, argv.join(' ')).toBe('');
    expect(json.code, `${argv.join(' ')}: ${json.err}`).toBe(2);
    return null;
  }
  const name = argv.slice(0, argv[0] === 'simulate' ? 2 : 1).join(' ');
  accepted[name] = (accepted[name] ?? 0) + 1;
  const j = JSON.parse(json.out) as unknown;
  expect(offending(j), argv.join(' ')).toEqual([]);
  const text = await run(argv);
  expect(text.code).toBe(0);
  expect(text.out, argv.join(' ')).not.toMatch(/NaN|undefined/);
  return j;
}

const truncation = fc.constantFrom('0.3', '0.5', '1', 'none');
const noise = fc.constantFrom(
  ['--noise', 'lomax', '--tail-index', '1.2'],
  ['--noise', 'lomax', '--tail-index', '1.8', '--p-plus', '0.7'],
  ['--noise', 'student-t', '--tail-index', '1.5'],
  ['--noise', 'gaussian'],
);

describe('no command prints a negative, NaN or censoring-biased estimate with exit code 0', () => {
  it('simulate exit: the mean is censoring-aware whatever the cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('0.02', '0.05', '0.2'),
        truncation,
        noise,
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 5, max: 60 }),
        fc.noShrink(fc.integer({ min: 1, max: 1e6 })),
        async (basin, stepSize, b, law, maxSteps, chains, seed) => {
          const j = (await checked([
            'simulate',
            'exit',
            '--basin',
            String(basin),
            '--step-size',
            stepSize,
            '--truncation',
            b,
            ...law,
            '--noise-scale',
            '0.2',
            '--max-steps',
            String(maxSteps),
            '--chains',
            String(chains),
            '--seed',
            String(seed),
            '--workers',
            '1',
            '--quiet',
          ])) as Record<string, number | null> | null;
          if (j === null) return;
          expect((j.exitedLeft as number) + (j.exitedRight as number) + (j.censoredFraction as number)).toBeCloseTo(
            1,
            12,
          );
          if (j.censored === j.chains) {
            expect(j.meanExitSteps).toBeNull();
            expect(j.meanExitStepsLowerBound as number).toBeGreaterThan(0);
          } else {
            expect(j.meanExitSteps as number).toBeGreaterThan(0);
            // The censored chains' time on test counts: never below the mean of the exited ones.
            expect(j.meanExitSteps as number).toBeGreaterThanOrEqual((j.naiveMeanOfExited as number) * (1 - 1e-12));
            if ((j.censored as number) > 0)
              expect(j.meanExitSteps as number).toBeGreaterThan(j.naiveMeanOfExited as number);
          }
        },
      ),
      { numRuns: 14, seed: 15 },
    );
  }, 120_000);

  it('simulate trajectory and theory', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('0.02', '0.1'),
        truncation,
        noise,
        fc.noShrink(fc.integer({ min: 1, max: 1e6 })),
        async (stepSize, b, law, seed) => {
          const t = (await checked([
            'simulate',
            'trajectory',
            '--start',
            '0.3',
            '--step-size',
            stepSize,
            '--truncation',
            b,
            ...law,
            '--steps',
            '3000',
            '--paths',
            '2',
            '--seed',
            String(seed),
            '--workers',
            '1',
            '--quiet',
          ])) as { occupancy: number[] } | null;
          if (t) expect(t.occupancy.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
          await checked(['theory', '--truncation', b, ...law, '--noise-scale', '0.2', '--step-size', stepSize]);
        },
      ),
      { numRuns: 8, seed: 15 },
    );
  }, 120_000);

  it('exact, small grids', async () => {
    for (const [eta, b] of [
      ['0.1', '0.5'],
      ['0.2', 'none'],
      ['0.05', '1'],
    ]) {
      await checked(['exact', '--step-size', eta, '--truncation', b, '--cells', '64']);
    }
  }, 120_000);

  it('did not pass vacuously', () => {
    expect(accepted['simulate exit']).toBeGreaterThanOrEqual(10);
    expect(accepted['simulate trajectory']).toBeGreaterThanOrEqual(6);
    expect(accepted.theory).toBeGreaterThanOrEqual(6);
    expect(accepted.exact).toBeGreaterThanOrEqual(2);
  });
});
