import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { openStream } from '../rng/seeds.ts';
import type { RandomStream } from '../rng/xoshiro.ts';
import { normalQuantile } from './distributions.ts';
import { fitLogLog, fitLogLogWithCorrection, localSlopes } from './loglog-regression.ts';

const gauss = (rng: RandomStream): number =>
  Math.sqrt(-2 * Math.log(rng.nextUniform())) * Math.cos(2 * Math.PI * rng.nextUniform());

describe('fitLogLog', () => {
  it('recovers an exact power law', () => {
    const xs = [0.2, 0.1, 0.05, 0.025];
    const ys = xs.map((x) => 7 * x ** -1.7);
    const r = fitLogLog(
      xs,
      ys,
      ys.map((y) => 0.05 * y),
    );
    expect(r.slope).toBeCloseTo(-1.7, 12);
    expect(r.intercept).toBeCloseTo(Math.log(7), 12);
    expect(r.residualChiSquare).toBeLessThan(1e-20);
  });

  it('matches the closed-form known-variance slope SE for equal relative errors', () => {
    // Equal weights w = 1/c²: Var(slope) = c² / Σ(log x − mean)².
    const xs = [1, 2, 4, 8];
    const ys = [10, 6, 3.2, 1.9];
    const r = fitLogLog(
      xs,
      ys,
      ys.map((y) => 0.1 * y),
      { variance: 'known' },
    );
    const lx = xs.map(Math.log);
    const m = lx.reduce((a, b) => a + b) / 4;
    const sxx = lx.reduce((a, v) => a + (v - m) ** 2, 0);
    expect(r.slopeSe).toBeCloseTo(0.1 / Math.sqrt(sxx), 12);
    expect(r.ci[1] - r.slope).toBeCloseTo(normalQuantile(0.975) * r.slopeSe, 12);
    expect(r.dof).toBe(Infinity);
  });

  it('the z (known variances) and t (estimated scale) intervals cover at the nominal rate (2000 replicates; ±5 SE)', () => {
    const rng = openStream({ seed: 51, path: 'loglog/coverage' });
    const xs = [0.16, 0.08, 0.04, 0.02, 0.01];
    const rels = [0.02, 0.03, 0.05, 0.08, 0.12]; // relative SEs grow as η shrinks, as for capped budgets
    const reps = 2000;
    let z = 0;
    let t = 0;
    let halved = 0;
    for (let r = 0; r < reps; r++) {
      const ys = xs.map((x, i) => 5 * x ** -2 * Math.exp(rels[i] * gauss(rng)));
      const ses = ys.map((y, i) => rels[i] * y);
      const fz = fitLogLog(xs, ys, ses, { variance: 'known' });
      const ft = fitLogLog(xs, ys, ses);
      // A broken SE (half the true one) must visibly under-cover: the test can fail.
      const fh = fitLogLog(
        xs,
        ys,
        ses.map((v) => v / 2),
        { variance: 'known' },
      );
      z += fz.ci[0] <= -2 && -2 <= fz.ci[1] ? 1 : 0;
      t += ft.ci[0] <= -2 && -2 <= ft.ci[1] ? 1 : 0;
      halved += fh.ci[0] <= -2 && -2 <= fh.ci[1] ? 1 : 0;
    }
    const tol = 5 * Math.sqrt((0.95 * 0.05) / reps);
    expect(Math.abs(z / reps - 0.95)).toBeLessThan(tol);
    expect(Math.abs(t / reps - 0.95)).toBeLessThan(tol);
    expect(halved / reps).toBeLessThan(0.75); // ≈ P(|Z| < 0.98) = 0.67
  });

  it('flags a curved relation by the residual chi-square', () => {
    const xs = [0.16, 0.08, 0.04, 0.02, 0.01];
    const ys = xs.map((x) => x ** -2 * (1 + 3 * x));
    const r = fitLogLog(
      xs,
      ys,
      ys.map((y) => 0.005 * y),
      { variance: 'known' },
    );
    expect(r.fitPValue).toBeLessThan(1e-6);
  });

  it('rejects bad input', () => {
    expect(() => fitLogLog([1, 2], [1, 2])).toThrow(/at least 3/);
    expect(() => fitLogLog([1, 2, 3], [1, 0, 2])).toThrow(
      /fitLogLog: invalid option `ys\[1\]`: expected a finite number > 0/,
    );
    expect(() => fitLogLog([1, 1, 1], [1, 2, 3])).toThrow(/two distinct/);
    expect(() => fitLogLog([1, 2, 3], [1, 2])).toThrow(InputError);
    expect(() => fitLogLog([1, 2, 3], [1, 2, 3], [1, 1])).toThrow(/`ses`/);
    expect(() => fitLogLog([1, 2, 3], [1, 2, 3], undefined, { variance: 'z' as never })).toThrow(/`variance`/);
  });
});

describe('localSlopes', () => {
  it('gives the exact local exponents of a curved law and delta-method SEs that match simulation', () => {
    const xs = [0.01, 0.04, 0.02]; // unsorted on purpose
    const law = (x: number): number => x ** -2 * (1 + x);
    const exact = localSlopes(
      xs,
      xs.map(law),
      xs.map((x) => 0.01 * law(x)),
    );
    expect(exact).toHaveLength(2);
    expect(exact[0].x).toBeCloseTo(Math.sqrt(0.01 * 0.02), 12);
    expect(exact[0].slope).toBeCloseTo(Math.log(law(0.02) / law(0.01)) / Math.log(2), 12);
    expect(exact[0].se).toBeCloseTo((Math.sqrt(2) * 0.01) / Math.log(2), 12);
    // Empirical SD of the local slope over replicates vs the delta-method SE (5% relative).
    const rng = openStream({ seed: 52, path: 'loglog/local' });
    const reps = 4000;
    let s = 0;
    let s2 = 0;
    for (let r = 0; r < reps; r++) {
      const ys = [0.01, 0.02].map((x) => law(x) * (1 + 0.03 * gauss(rng)));
      const v = localSlopes(
        [0.01, 0.02],
        ys,
        ys.map((y) => 0.03 * y),
      )[0].slope;
      s += v;
      s2 += v * v;
    }
    const sd = Math.sqrt(s2 / reps - (s / reps) ** 2);
    expect(Math.abs(sd / ((Math.sqrt(2) * 0.03) / Math.log(2)) - 1)).toBeLessThan(0.05);
  });

  it('rejects repeated xs and missing ses', () => {
    expect(() => localSlopes([1, 1], [1, 2], [0.1, 0.1])).toThrow(/distinct/);
    expect(() => localSlopes([1, 2], [1, 2], undefined as never)).toThrow(/`ses`/);
  });
});

describe('fitLogLogWithCorrection', () => {
  it('recovers γ and c exactly from a law with a power correction, where the straight line is biased', () => {
    const xs = [0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625];
    const ys = xs.map((x) => 3 * x ** -1.5 * (1 + 2 * x ** 0.5));
    const ses = ys.map((y) => 0.01 * y);
    const r = fitLogLogWithCorrection(xs, ys, ses, { delta: 0.5, variance: 'known' });
    expect(r.converged).toBe(true);
    expect(r.gamma).toBeCloseTo(1.5, 8);
    expect(r.correction).toBeCloseTo(2, 6);
    expect(r.intercept).toBeCloseTo(Math.log(3), 8);
    const line = fitLogLog(xs, ys, ses, { variance: 'known' });
    expect(-line.slope).toBeLessThan(1.4); // the uncorrected order is biased low
  });

  it('its γ interval covers under noise (400 replicates; within 5 SE of 0.95)', () => {
    const rng = openStream({ seed: 53, path: 'loglog/correction' });
    const xs = [0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625];
    const reps = 400;
    let covered = 0;
    for (let r = 0; r < reps; r++) {
      const ys = xs.map((x) => 3 * x ** -1.5 * (1 - 0.8 * x ** 0.5) * Math.exp(0.02 * gauss(rng)));
      const res = fitLogLogWithCorrection(
        xs,
        ys,
        ys.map((y) => 0.02 * y),
        { delta: 0.5, variance: 'known' },
      );
      covered += res.ci[0] <= 1.5 && 1.5 <= res.ci[1] ? 1 : 0;
    }
    expect(Math.abs(covered / reps - 0.95)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / reps));
  });

  it('rejects bad input', () => {
    expect(() => fitLogLogWithCorrection([1, 2, 3, 4], [4, 3, 2, 1], undefined, { delta: 0 })).toThrow(/`delta`/);
    expect(() => fitLogLogWithCorrection([1, 2, 3], [4, 3, 2], undefined, { delta: 1 })).toThrow(/at least 4/);
  });
});
