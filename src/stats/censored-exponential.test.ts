import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { openStream } from '../rng/seeds.ts';
import { estimateCensoredExponential, type CensoredExponentialCiMethod } from './censored-exponential.ts';
import { chiSquareQuantile } from './distributions.ts';

describe('estimateCensoredExponential', () => {
  it('complete data: mean = sample mean, exact chi-square(2D) interval (textbook quantiles)', () => {
    // D = 10, T = 1000, 95%: χ²(20) quantiles 9.590777392264867 and 34.16960690283833.
    const times = [50, 150, 80, 120, 100, 90, 110, 60, 140, 100];
    const r = estimateCensoredExponential(times);
    expect(r.mean).toBeCloseTo(100, 12);
    expect(r.rate).toBeCloseTo(0.01, 14);
    expect(r.events).toBe(10);
    expect(r.censored).toBe(0);
    expect(r.ci[0]).toBeCloseTo(2000 / 34.16960690283833, 6);
    expect(r.ci[1]).toBeCloseTo(2000 / 9.590777392264867, 6);
    expect(r.rateCi[0]).toBeCloseTo(1 / r.ci[1], 14);
    expect(r.method).toMatch(/exact chi-square\(2D = 20\)/);
  });

  it('censored data: events over total time on test, Cox 2D+1 under type I, 2D under type II', () => {
    const times = [5, 10, 10, 3, 10];
    const censored = [false, true, true, false, 1];
    const r = estimateCensoredExponential(times, censored);
    expect(r.events).toBe(2);
    expect(r.censored).toBe(3);
    expect(r.totalTime).toBe(38);
    expect(r.mean).toBe(19);
    expect(r.ci[1]).toBeCloseTo(76 / chiSquareQuantile(0.025, 5), 10);
    expect(r.method).toMatch(/Cox/);
    const t2 = estimateCensoredExponential(times, censored, { censoring: 'type-II' });
    expect(t2.ci[1]).toBeCloseTo(76 / chiSquareQuantile(0.025, 4), 10);
  });

  it('the likelihood-ratio interval sits where the deviance equals the chi-square(1) quantile', () => {
    const times = [1, 2, 3, 4, 5, 6, 7, 8];
    const cens = [false, false, true, false, false, true, false, false];
    const r = estimateCensoredExponential(times, cens, { ciMethod: 'likelihood-ratio', confidence: 0.9 });
    const loglik = (theta: number): number => -r.events * Math.log(theta) - r.totalTime / theta;
    for (const end of r.ci) expect(2 * (loglik(r.mean) - loglik(end))).toBeCloseTo(chiSquareQuantile(0.9, 1), 9);
    expect(r.ci[0]).toBeLessThan(r.mean);
    expect(r.ci[1]).toBeGreaterThan(r.mean);
  });

  it('no events: mean infinite, one-sided lower bound', () => {
    const r = estimateCensoredExponential([10, 10], [true, true]);
    expect(r.mean).toBe(Infinity);
    expect(r.rate).toBe(0);
    expect(r.ci[0]).toBeCloseTo(40 / chiSquareQuantile(0.95, 2), 10);
    expect(r.ci[1]).toBe(Infinity);
  });

  it('covers the true mean at the nominal rate under type-I censoring (2000 replicates; ±5 SE), and a naive estimator does not', () => {
    // n = 25 exponential(mean 3) runs capped at 4 (≈ 26% censored).
    const rng = openStream({ seed: 31, path: 'cens-exp/coverage' });
    const reps = 2000;
    const methods: CensoredExponentialCiMethod[] = ['chi-square', 'likelihood-ratio', 'wald-log'];
    const covered = methods.map(() => 0);
    let naiveCovered = 0;
    let meanSum = 0;
    for (let r = 0; r < reps; r++) {
      const raw = Array.from({ length: 25 }, () => -3 * Math.log(rng.nextUniform()));
      const times = raw.map((t) => Math.min(t, 4));
      const cens = raw.map((t) => t > 4);
      methods.forEach((ciMethod, i) => {
        const res = estimateCensoredExponential(times, cens, { ciMethod });
        if (res.ci[0] <= 3 && 3 <= res.ci[1]) covered[i]++;
        if (i === 0) meanSum += Math.log(res.mean);
      });
      // Dropping the censored runs (what CONVENTIONS.md forbids) biases the mean low.
      const exited = times.filter((_, i) => !cens[i]);
      if (exited.length > 0) {
        const naive = estimateCensoredExponential(exited);
        if (naive.ci[0] <= 3 && 3 <= naive.ci[1]) naiveCovered++;
      }
    }
    const tol = 5 * Math.sqrt((0.95 * 0.05) / reps);
    for (const c of covered) expect(Math.abs(c / reps - 0.95)).toBeLessThan(tol);
    expect(naiveCovered / reps).toBeLessThan(0.5);
    expect(Math.exp(meanSum / reps)).toBeGreaterThan(2.7); // MLE roughly unbiased on the log scale
  });

  it('rejects bad input with the one error shape', () => {
    expect(() => estimateCensoredExponential([])).toThrow(InputError);
    expect(() => estimateCensoredExponential([1, -2])).toThrow(
      /estimateCensoredExponential: invalid option `times\[1\]`/,
    );
    expect(() => estimateCensoredExponential([1, 2], [true])).toThrow(/`censored`/);
    expect(() => estimateCensoredExponential([0, 0])).toThrow(/total time/);
    expect(() => estimateCensoredExponential([1], undefined, { confidence: 1 })).toThrow(/`confidence`/);
    expect(() => estimateCensoredExponential([1], undefined, { ciMethod: 'exact' as never })).toThrow(/`ciMethod`/);
    try {
      estimateCensoredExponential([1], undefined, { confidence: 95 });
    } catch (e) {
      expect((e as InputError).code).toBe('ERR_INVALID_OPTION');
    }
  });
});
