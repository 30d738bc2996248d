import { describe, expect, it } from 'vitest';
import erfc from '@stdlib/math-base-special-erfc';
import betainc from '@stdlib/math-base-special-betainc';
import {
  betaQuantile,
  binomialLogPmf,
  chiSquareQuantile,
  chiSquareSf,
  kolmogorovSf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTQuantile,
  studentTSf,
} from './distributions.ts';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('normal', () => {
  it('matches reference values, far tail included', () => {
    expect(rel(normalSf(1.959963984540054), 0.025)).toBeLessThan(1e-13);
    // P(Z > 30) = erfc(30/√2)/2 = 4.906713927148187e-198 (reference: mpmath)
    expect(rel(normalSf(30), 4.906713927148187e-198)).toBeLessThan(1e-12);
    expect(rel(normalCdf(-8), 6.22096057427178e-16)).toBeLessThan(1e-12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
  });
  it('quantile inverts the CDF across the range', () => {
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-9]) {
      const z = normalQuantile(p);
      expect(rel(p < 0.5 ? normalCdf(z) : normalSf(z), p < 0.5 ? p : 1 - p)).toBeLessThan(1e-8);
    }
  });
});

describe('student t', () => {
  it('is the Cauchy law at 1 dof (closed form 1/2 − atan(t)/π)', () => {
    for (const t of [-40, -2, -0.3, 0, 1e-6, 0.3, 5, 1e4]) {
      // atan form for |t| ≤ 1, the complementary atan(1/t) form beyond (no cancellation).
      const exact = t > 1 ? Math.atan(1 / t) / Math.PI : 0.5 - Math.atan(t) / Math.PI;
      expect(Math.abs(studentTSf(t, 1) - exact)).toBeLessThan(1e-15 + 1e-12 * exact);
    }
  });
  it('matches the 2-dof closed form 1/2 − t/(2√(2+t²))', () => {
    for (const t of [-3, 0.01, 0.7, 12]) expect(studentTSf(t, 2)).toBeCloseTo(0.5 - t / (2 * Math.sqrt(2 + t * t)), 13);
  });
  it('quantiles invert the tail and match tables', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 9);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.182446305284263, 9);
    expect(studentTQuantile(0.025, 3)).toBeCloseTo(-3.182446305284263, 9);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 12);
    for (const dof of [1, 2.5, 7, 60])
      for (const p of [0.9, 0.995]) expect(studentTSf(studentTQuantile(p, dof), dof)).toBeCloseTo(1 - p, 9);
  });
});

describe('chi-square', () => {
  it('matches the closed forms for 1, 2, 3 dof and the Poisson sum for even dof, deep in the tail', () => {
    for (const x of [1e-3, 0.5, 3.841458820694124, 20, 100, 700]) {
      const h = x / 2;
      expect(rel(chiSquareSf(x, 1), erfc(Math.sqrt(h)))).toBeLessThan(1e-12);
      expect(rel(chiSquareSf(x, 2), Math.exp(-h))).toBeLessThan(1e-12);
      expect(rel(chiSquareSf(x, 3), erfc(Math.sqrt(h)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-h))).toBeLessThan(
        1e-12,
      );
      for (const k of [4, 10, 40, 200]) {
        // P(χ²_k > x) = P(Poisson(x/2) < k/2) = e^{−h} Σ_{j<k/2} h^j/j!, summed in log space.
        let logTerm = -h;
        let sum = 0;
        for (let j = 0; j < k / 2; j++) {
          sum += Math.exp(logTerm);
          logTerm += Math.log(h) - Math.log(j + 1);
        }
        expect(rel(chiSquareSf(x, k), sum)).toBeLessThan(1e-10);
      }
    }
  });
  it('quantiles match tables and invert the tail', () => {
    expect(chiSquareQuantile(0.95, 10)).toBeCloseTo(18.307038053275146, 8);
    expect(chiSquareQuantile(0.975, 20)).toBeCloseTo(34.16960690283833, 8);
    expect(chiSquareQuantile(0.025, 20)).toBeCloseTo(9.590777392264867, 8);
    for (const k of [1, 3, 17, 300])
      for (const p of [0.01, 0.5, 0.999]) expect(chiSquareSf(chiSquareQuantile(p, k), k)).toBeCloseTo(1 - p, 9);
  });
});

describe('beta and binomial', () => {
  it('beta quantile inverts the regularized incomplete beta', () => {
    for (const [a, b] of [
      [1, 10],
      [3, 8],
      [0.5, 0.5],
      [200, 5],
    ]) {
      for (const p of [0.001, 0.025, 0.5, 0.975]) expect(betainc(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 9);
    }
  });
  it('binomial pmf sums to 1 and matches exact values', () => {
    expect(Math.exp(binomialLogPmf(3, 10, 0.1))).toBeCloseTo(120 * 0.001 * 0.9 ** 7, 14);
    let s = 0;
    for (let k = 0; k <= 50; k++) s += Math.exp(binomialLogPmf(k, 50, 0.37));
    expect(s).toBeCloseTo(1, 12);
    expect(binomialLogPmf(0, 5, 0)).toBe(0);
    expect(binomialLogPmf(2, 5, 0)).toBe(-Infinity);
  });
});

describe('kolmogorov', () => {
  it('matches the tabled quantiles of the Kolmogorov distribution', () => {
    // Upper quantiles of sup|B| (scipy.stats.kstwobign.isf).
    expect(kolmogorovSf(1.2238478702170823)).toBeCloseTo(0.1, 10);
    expect(kolmogorovSf(1.3580986393225507)).toBeCloseTo(0.05, 10);
    expect(kolmogorovSf(1.627623611518948)).toBeCloseTo(0.01, 10);
    expect(kolmogorovSf(0)).toBe(1);
    // P(K ≤ 0.2) ≈ (√(2π)/0.2)·e^{−π²/0.32} = 5.05e-13
    expect(1 - kolmogorovSf(0.2)).toBeCloseTo((Math.sqrt(2 * Math.PI) / 0.2) * Math.exp(-(Math.PI ** 2) / 0.32), 15);
  });
  it('the two series agree where they switch, and the tail is monotone', () => {
    // Evaluate the small-λ (theta) series at λ slightly above 1 and compare with the alternating one.
    for (const lambda of [0.6, 0.9, 1.0, 1.1, 1.5]) {
      let theta = 0;
      for (let k = 1; k < 50; k++) theta += Math.exp((-((2 * k - 1) ** 2) * Math.PI * Math.PI) / (8 * lambda * lambda));
      const fromTheta = 1 - (Math.sqrt(2 * Math.PI) / lambda) * theta;
      expect(kolmogorovSf(lambda)).toBeCloseTo(fromTheta, 13);
    }
    let prev = 1;
    for (let l = 0.05; l < 4; l += 0.01) {
      const v = kolmogorovSf(l);
      expect(v).toBeLessThanOrEqual(prev + 1e-15);
      prev = v;
    }
  });
});
