import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { binomialTest, clopperPearsonInterval, wilsonInterval } from './binomial.ts';

/** Exact binomial pmf by products (independent of the log-gamma path in the module). */
const pmf = (k: number, n: number, p: number): number => {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c * p ** k * (1 - p) ** (n - k);
};

describe('intervals', () => {
  it('Clopper–Pearson matches its closed forms at x = 0, 1, n', () => {
    const n = 10;
    const a = 0.05;
    expect(clopperPearsonInterval(0, n).ci[1]).toBeCloseTo(1 - (a / 2) ** (1 / n), 10);
    expect(clopperPearsonInterval(0, n).ci[0]).toBe(0);
    expect(clopperPearsonInterval(n, n).ci[0]).toBeCloseTo((a / 2) ** (1 / n), 10);
    expect(clopperPearsonInterval(1, n).ci[0]).toBeCloseTo(1 - (1 - a / 2) ** (1 / n), 10);
    expect(clopperPearsonInterval(3, 10).ci[0]).toBeCloseTo(0.06673951117773, 8);
    expect(clopperPearsonInterval(3, 10).ci[1]).toBeCloseTo(0.6524528500599, 8);
  });

  it('Clopper–Pearson has exact coverage ≥ nominal for every p; Wilson averages close to nominal', () => {
    for (const n of [7, 30, 120]) {
      const cp = Array.from({ length: n + 1 }, (_, k) => clopperPearsonInterval(k, n).ci);
      const wi = Array.from({ length: n + 1 }, (_, k) => wilsonInterval(k, n).ci);
      let wilsonSum = 0;
      let count = 0;
      for (let p = 0.005; p < 1; p += 0.01) {
        let cov = 0;
        let wcov = 0;
        for (let k = 0; k <= n; k++) {
          const w = pmf(k, n, p);
          if (cp[k][0] <= p && p <= cp[k][1]) cov += w;
          if (wi[k][0] <= p && p <= wi[k][1]) wcov += w;
        }
        expect(cov).toBeGreaterThanOrEqual(0.95 - 1e-9);
        wilsonSum += wcov;
        count++;
      }
      expect(Math.abs(wilsonSum / count - 0.95)).toBeLessThan(0.015);
    }
  });

  it('Wilson matches its textbook values', () => {
    // x = 0, n = 10: upper = z²/(n + z²) = 0.2775.
    const z2 = 1.959963984540054 ** 2;
    expect(wilsonInterval(0, 10).ci[1]).toBeCloseTo(z2 / (10 + z2), 12);
    expect(wilsonInterval(0, 10).ci[0]).toBe(0);
    const r = wilsonInterval(81, 263);
    expect(r.ci[0]).toBeCloseTo(0.2553, 4);
    expect(r.ci[1]).toBeCloseTo(0.3662, 4);
    expect(r.statistic).toBeCloseTo(81 / 263, 14);
  });
});

describe('binomialTest', () => {
  it('two-sided p-values match sums of the exact pmf (R binom.test convention)', () => {
    // p = 1/2: 2·P(X ≤ 7), n = 20.
    let lower = 0;
    for (let k = 0; k <= 7; k++) lower += pmf(k, 20, 0.5);
    expect(binomialTest(7, 20).pValue).toBeCloseTo(2 * lower, 12);
    // Asymmetric: x = 3, n = 10, p = 0.1: sum of P(X = k) ≤ P(X = 3), i.e. k ≥ 3.
    let tail = 0;
    for (let k = 3; k <= 10; k++) tail += pmf(k, 10, 0.1);
    expect(binomialTest(3, 10, { probability: 0.1 }).pValue).toBeCloseTo(tail, 12);
  });

  it('one-sided p-values are the exact tails', () => {
    let upper = 0;
    for (let k = 12; k <= 30; k++) upper += pmf(k, 30, 0.25);
    expect(binomialTest(12, 30, { probability: 0.25, alternative: 'greater' }).pValue).toBeCloseTo(upper, 12);
    let lower = 0;
    for (let k = 0; k <= 2; k++) lower += pmf(k, 30, 0.25);
    expect(binomialTest(2, 30, { probability: 0.25, alternative: 'less' }).pValue).toBeCloseTo(lower, 12);
    expect(binomialTest(0, 5, { probability: 0 }).pValue).toBe(1);
    expect(binomialTest(1, 5, { probability: 0 }).pValue).toBe(0);
  });

  it('never exceeds its level (exact size over the whole sample space)', () => {
    for (const [n, p] of [
      [25, 0.3],
      [200, 0.02],
      [60, 0.5],
    ] as const) {
      let size = 0;
      for (let k = 0; k <= n; k++) if (binomialTest(k, n, { probability: p }).rejected) size += pmf(k, n, p);
      expect(size).toBeLessThanOrEqual(0.05 + 1e-12);
      expect(size).toBeGreaterThan(0.01); // and is not trivially conservative
    }
  });

  it('rejects bad input', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(/`successes`: expected an integer in \[0, trials = 4\]/);
    expect(() => wilsonInterval(1.5, 4)).toThrow(InputError);
    expect(() => clopperPearsonInterval(1, 0)).toThrow(/`trials`/);
    expect(() => binomialTest(1, 4, { probability: 1.2 })).toThrow(/`probability`/);
    expect(() => binomialTest(1, 4, { alternative: 'both' as never })).toThrow(/`alternative`/);
  });
});
