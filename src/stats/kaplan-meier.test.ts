import { reportMeasurement } from '../../ci/test-support/measure.ts';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { openStream } from '../rng/seeds.ts';
import { estimateKaplanMeier, survivalAt, type KaplanMeierResult } from './kaplan-meier.ts';

/** Index of the last event time ≤ t (−1 before the first). */
const stepIndex = (r: KaplanMeierResult, t: number): number => {
  let j = -1;
  while (j + 1 < r.times.length && r.times[j + 1] <= t) j++;
  return j;
};

describe('estimateKaplanMeier', () => {
  it('reproduces the textbook 6-MP arm of Freireich et al. (1963): survival, Greenwood SE, median', () => {
    const times = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35];
    const cens = [0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1];
    const r = estimateKaplanMeier(times, cens);
    expect(Array.from(r.times)).toEqual([6, 7, 10, 13, 16, 22, 23]);
    expect(Array.from(r.atRisk)).toEqual([21, 17, 15, 12, 11, 7, 6]);
    const s = [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482];
    const se = [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346];
    s.forEach((v, j) => expect(r.survival[j]).toBeCloseTo(v, 4));
    se.forEach((v, j) => expect(r.standardError[j]).toBeCloseTo(v, 4));
    expect(r.median).toBe(23);
    expect(r.events).toBe(9);
    expect(r.censored).toBe(12);
    expect(survivalAt(r, 5.9)).toBe(1);
    expect(survivalAt(r, 12)).toBeCloseTo(0.7529, 4);
    // Log-log bands stay inside [0, 1] and contain the estimate.
    for (let j = 0; j < r.times.length; j++) {
      expect(r.lower[j]).toBeGreaterThanOrEqual(0);
      expect(r.upper[j]).toBeLessThanOrEqual(1);
      expect(r.lower[j]).toBeLessThan(r.survival[j]);
      expect(r.upper[j]).toBeGreaterThan(r.survival[j]);
    }
  });

  it('without censoring equals the empirical survival function, ties included', () => {
    const r = estimateKaplanMeier([3, 1, 2, 2, 5]);
    expect(Array.from(r.times)).toEqual([1, 2, 3, 5]);
    expect(Array.from(r.survival)).toEqual([0.8, 0.4, 0.2, 0]);
    expect(r.median).toBe(2);
    expect(r.lower[3]).toBe(0);
  });

  it('pointwise bands and the median interval cover at the nominal rate (1000 replicates; ±5 SE)', () => {
    // Exp(1) times, independent Uniform(0, 3) censoring (≈ 32% censored), n = 80; t₀ = ln 2, S(t₀) = ½.
    const rng = openStream({ seed: 41, path: 'km/coverage' });
    const reps = 1000;
    const t0 = Math.LN2;
    let loglog = 0;
    let plain = 0;
    let median = 0;
    for (let r = 0; r < reps; r++) {
      const times: number[] = [];
      const cens: boolean[] = [];
      for (let i = 0; i < 80; i++) {
        const t = -Math.log(rng.nextUniform());
        const c = 3 * rng.nextUniform();
        times.push(Math.min(t, c));
        cens.push(c < t);
      }
      for (const ciType of ['log-log', 'plain'] as const) {
        const km = estimateKaplanMeier(times, cens, { ciType });
        const j = stepIndex(km, t0);
        const hit = j >= 0 && km.lower[j] <= 0.5 && 0.5 <= km.upper[j] ? 1 : 0;
        if (ciType === 'log-log') {
          loglog += hit;
          median += km.medianCi[0] <= t0 && t0 <= km.medianCi[1] ? 1 : 0;
        } else plain += hit;
      }
    }
    const tol = 5 * Math.sqrt((0.95 * 0.05) / reps);
    // Measured: log-log 0.945, plain 0.937, median 0.945 (npm run measure:stats, kaplan-meier/coverage).
    reportMeasurement('kaplan-meier/coverage: log-log, plain, median', [loglog / reps, plain / reps, median / reps]);
    expect(Math.abs(loglog / reps - 0.95)).toBeLessThan(tol);
    expect(Math.abs(plain / reps - 0.95)).toBeLessThan(tol);
    expect(Math.abs(median / reps - 0.95)).toBeLessThan(tol);
  });

  it('rejects bad input', () => {
    expect(() => estimateKaplanMeier([])).toThrow(InputError);
    expect(() => estimateKaplanMeier([1, 2], [true, 'no' as never])).toThrow(/`censored\[1\]`/);
    expect(() => estimateKaplanMeier([1, 2], undefined, { ciType: 'log' as never })).toThrow(/`ciType`/);
  });
});
