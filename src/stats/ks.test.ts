import { reportMeasurement } from '../../ci/test-support/measure.ts';
import { describe, expect, it } from 'vitest';
import kstest from '@stdlib/stats-kstest';
import { InputError } from '../core/errors.ts';
import { openStream } from '../rng/seeds.ts';
import type { RandomStream } from '../rng/xoshiro.ts';
import {
  ksExponentialPValue,
  ksExponentialTest,
  ksStatisticSorted,
  ksTest,
  STEPHENS_EXPONENTIAL_CRITICAL,
} from './ks.ts';

const uniformCdf = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);
const expSample = (rng: RandomStream, n: number, mean = 1): Float64Array =>
  Float64Array.from({ length: n }, () => -mean * Math.log(rng.nextUniform()));
// Gamma(2, 1): sum of two exponentials. Weibull(k): (−log U)^{1/k}.
const gamma2Sample = (rng: RandomStream, n: number): Float64Array =>
  Float64Array.from({ length: n }, () => -Math.log(rng.nextUniform()) - Math.log(rng.nextUniform()));
const weibullSample = (rng: RandomStream, n: number, shape: number): Float64Array =>
  Float64Array.from({ length: n }, () => Math.pow(-Math.log(rng.nextUniform()), 1 / shape));

describe('ksTest', () => {
  it('D equals the brute-force sup over the empirical CDF jumps', () => {
    const rng = openStream({ seed: 11, path: 'ks/brute' });
    const xs = Array.from({ length: 37 }, () => rng.nextUniform() ** 1.3);
    const sorted = [...xs].sort((a, b) => a - b);
    let brute = 0;
    sorted.forEach((x, i) => {
      brute = Math.max(brute, Math.abs((i + 1) / 37 - x), Math.abs(x - i / 37));
    });
    expect(ksStatisticSorted(sorted, uniformCdf)).toBeCloseTo(brute, 15);
    expect(ksTest(xs, uniformCdf).statistic).toBeCloseTo(brute, 15);
  });

  it('agrees with the exact p-value of @stdlib/stats-kstest: within 0.003 where p < 0.2, 0.025 anywhere', () => {
    const rng = openStream({ seed: 12, path: 'ks/stdlib' });
    let worst = 0;
    let worstTail = 0;
    for (const n of [20, 100, 400]) {
      for (let r = 0; r < 10; r++) {
        // Slightly non-uniform data so the p-values spread over (0, 1).
        const xs = Array.from({ length: n }, () => rng.nextUniform() ** (1 + 0.3 * (r / 10)));
        const ours = ksTest(xs, uniformCdf);
        const exact = kstest(xs, 'uniform', 0, 1);
        expect(ours.statistic).toBeCloseTo(exact.statistic, 12);
        const diff = Math.abs(ours.pValue - exact.pValue);
        if (exact.pValue < 0.2) expect(diff).toBeLessThan(0.003);
        if (exact.pValue < 0.2) worstTail = Math.max(worstTail, diff);
        worst = Math.max(worst, diff);
      }
    }
    // Measured (npm run measure:stats, ks/stephens-vs-exact): ≤ 0.002 in the tail, up to 0.019 (too
    // large, i.e. conservative) in the body at n = 20.
    reportMeasurement('ks/stephens-vs-exact: worst |Δp| where p < 0.2, anywhere', [worstTail, worst]);
    expect(worst).toBeLessThan(0.025);
  });

  it('has nominal size under H0 (3000 replicates, n = 200; ±5 binomial SE)', () => {
    const rng = openStream({ seed: 13, path: 'ks/size' });
    const reps = 3000;
    const levels = [0.05, 0.01];
    const hits = [0, 0];
    const pv = new Float64Array(reps);
    for (let r = 0; r < reps; r++) {
      const xs = Float64Array.from({ length: 200 }, () => rng.nextUniform());
      pv[r] = ksTest(xs, uniformCdf).pValue;
      levels.forEach((a, i) => (hits[i] += pv[r] < a ? 1 : 0));
    }
    levels.forEach((a, i) => expect(Math.abs(hits[i] - reps * a)).toBeLessThan(5 * Math.sqrt(reps * a * (1 - a))));
    // And the p-values are uniform as a whole.
    expect(ksTest(pv, uniformCdf).pValue).toBeGreaterThan(1e-4);
  });

  it('detects a small shift at large n and handles n = 10^6 (sort once)', () => {
    const rng = openStream({ seed: 14, path: 'ks/large' });
    const xs = Float64Array.from({ length: 1_000_000 }, () => rng.nextUniform());
    const h0 = ksTest(xs, uniformCdf);
    expect(h0.pValue).toBeGreaterThan(1e-4);
    const shifted = xs.map((x) => Math.min(1, x * 1.005));
    expect(ksTest(shifted, uniformCdf).pValue).toBeLessThan(1e-6);
  });

  it('rejects bad input with the one error shape', () => {
    expect(() => ksTest([], uniformCdf)).toThrow(InputError);
    expect(() => ksTest([0.1, NaN], uniformCdf)).toThrow(/ksTest: invalid option `samples\[1\]`/);
    expect(() => ksTest([0.1], 'uniform' as never)).toThrow(/invalid option `cdf`/);
    expect(() => ksTest([0.1], uniformCdf, { significance: 2 })).toThrow(/`significance`/);
  });
});

describe('ksExponentialTest', () => {
  it("the calibrated p-value agrees with Stephens' published critical values", () => {
    for (const { significance, critical } of STEPHENS_EXPONENTIAL_CRITICAL) {
      for (const n of [20, 100, 1000]) {
        const p = ksExponentialPValue(critical, n);
        // Stephens' values are 3-digit approximations: at 0.01 his 1.308 sits at p ≈ 0.0088 of our
        // 10^6-replicate simulation (whose own error there is ~1%); allow 15% relative.
        expect(Math.abs(p - significance) / significance).toBeLessThan(0.15);
      }
    }
  });

  it('is scale-free and reports the MLE of the mean', () => {
    const rng = openStream({ seed: 21, path: 'ksexp/scale' });
    const x = expSample(rng, 300);
    const a = ksExponentialTest(x);
    const b = ksExponentialTest(x.map((v) => v * 123.4));
    expect(b.statistic).toBeCloseTo(a.statistic, 12);
    expect(b.pValue).toBeCloseTo(a.pValue, 12);
    expect(b.mean).toBeCloseTo((x.reduce((s, v) => s + v, 0) / 300) * 123.4, 9);
  });

  it('has nominal size under H0 for several n (4000 replicates; ±5 binomial SE) and uniform p-values', () => {
    const rng = openStream({ seed: 22, path: 'ksexp/size' });
    for (const n of [12, 60, 300]) {
      const reps = 4000;
      const pv = new Float64Array(reps);
      let r05 = 0;
      let r01 = 0;
      for (let r = 0; r < reps; r++) {
        pv[r] = ksExponentialTest(expSample(rng, n, 7)).pValue;
        r05 += pv[r] < 0.05 ? 1 : 0;
        r01 += pv[r] < 0.01 ? 1 : 0;
      }
      expect(Math.abs(r05 - reps * 0.05)).toBeLessThan(5 * Math.sqrt(reps * 0.05 * 0.95));
      expect(Math.abs(r01 - reps * 0.01)).toBeLessThan(5 * Math.sqrt(reps * 0.01 * 0.99));
      expect(ksTest(pv, uniformCdf).pValue).toBeGreaterThan(1e-4);
    }
  });

  it('the plain KS p-value with the mean plugged in would be far too conservative (why the correction)', () => {
    const rng = openStream({ seed: 23, path: 'ksexp/naive' });
    let naive = 0;
    let corrected = 0;
    for (let r = 0; r < 1000; r++) {
      const x = expSample(rng, 100);
      const m = x.reduce((s, v) => s + v, 0) / 100;
      naive += ksTest(x, (v) => -Math.expm1(-v / m)).pValue < 0.05 ? 1 : 0;
      corrected += ksExponentialTest(x).pValue < 0.05 ? 1 : 0;
    }
    expect(naive).toBeLessThan(10); // true size of the naive test ≈ 0.002
    expect(corrected).toBeGreaterThan(25);
  });

  it('has power against Weibull(0.8) and gamma(2) alternatives', () => {
    const rng = openStream({ seed: 24, path: 'ksexp/power' });
    const reps = 300;
    let weibull = 0;
    let gamma = 0;
    for (let r = 0; r < reps; r++) {
      weibull += ksExponentialTest(weibullSample(rng, 200, 0.8)).rejected ? 1 : 0;
      gamma += ksExponentialTest(gamma2Sample(rng, 100)).rejected ? 1 : 0;
    }
    // Measured 0.93 and 0.99 (binomial SD ≈ 0.015 and 0.006; npm run measure:stats, ks/exponential-power):
    // thresholds ≥ 8 SD below.
    reportMeasurement('ks/exponential-power: Weibull(0.8), gamma(2)', [weibull / reps, gamma / reps]);
    expect(weibull / reps).toBeGreaterThan(0.8);
    expect(gamma / reps).toBeGreaterThan(0.95);
  });

  it('rejects bad input', () => {
    expect(() => ksExponentialTest([1, 2, 3, 4])).toThrow(/at least 5/);
    expect(() => ksExponentialTest([1, 2, 3, 4, -1])).toThrow(/samples\[4\]/);
    expect(() => ksExponentialTest([0, 0, 0, 0, 0])).toThrow(/positive mean/);
  });
});
