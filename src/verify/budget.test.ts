import { describe, expect, it } from 'vitest';
import jstatPkg from 'jstat';
import { bandPValue, bonferroniLevels, holmDecisions, normalCdf, normalQuantile, twoSidedZ } from './budget.ts';

const { jStat } = jstatPkg;

describe('error budget', () => {
  it('Bonferroni splits the family-wise level evenly and the levels add up to it', () => {
    const l = bonferroniLevels(1e-3, 8);
    expect(l.level * 8).toBeCloseTo(1e-3, 15);
    expect(l.confidence).toBe(1 - 1.25e-4);
    expect(() => bonferroniLevels(0, 3)).toThrow(/invalid option `total`/);
    expect(() => bonferroniLevels(1e-3, 0)).toThrow(/invalid option `count`/);
  });

  it('normal quantile and CDF agree with jstat and invert each other, deep in the tails', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.5, 0.8, 0.975, 0.999999]) {
      const x = normalQuantile(p);
      // jStat's own inverse is good to ~1e-6 far out; the round trip below is the sharp test.
      expect(x).toBeCloseTo(jStat.normal.inv(p, 0, 1), 5);
      expect(Math.abs(normalCdf(x) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-12);
    }
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959963984540054, 12);
  });

  it('the band p-value is below a exactly when the normal (1 − a) CI misses the band', () => {
    const band: [number, number] = [0.9, 1.1];
    expect(bandPValue(1.0, 0.01, band)).toBe(1);
    for (const a of [0.05, 1e-4]) {
      const z = twoSidedZ(1 - a);
      const se = 0.02;
      const justOutside = 1.1 + z * se * 1.001;
      const justInside = 1.1 + z * se * 0.999;
      expect(bandPValue(justOutside, se, band)).toBeLessThan(a);
      expect(bandPValue(justInside, se, band)).toBeGreaterThan(a);
      expect(bandPValue(0.9 - z * se * 1.001, se, band)).toBeLessThan(a);
    }
  });

  it('Holm rejects step-down and stops at the first failure; nulls count in m', () => {
    const d = holmDecisions([0.01, 0.2, 0.0001], 0.05);
    expect(d.map((x) => x.rejected)).toEqual([true, false, true]);
    expect(d[2].level).toBeCloseTo(0.05 / 3, 15);
    expect(d[0].level).toBeCloseTo(0.05 / 2, 15);
    // 0.02 > 0.05/2 stops the procedure, so 0.03 ≤ 0.05 is not rejected either.
    expect(holmDecisions([0.001, 0.03, 0.026], 0.05).map((x) => x.rejected)).toEqual([true, false, false]);
    expect(holmDecisions([0.02, null], 0.05).map((x) => x.rejected)).toEqual([true, false]);
    expect(holmDecisions([0.03, null], 0.05).map((x) => x.rejected)).toEqual([false, false]);
    expect(holmDecisions([0.02, null], 0.05)[0].level).toBe(0.025);
  });
});
