import { describe, expect, it } from 'vitest';
import { openStream } from '../rng/seeds.ts';
import { twoSidedZ } from './budget.ts';
import { equivalenceVerdict, gatedVerdict, toleranceBand } from './verdict.ts';

describe('equivalence verdicts', () => {
  it('band: absolute and relative, ordered for negative predictions', () => {
    expect(toleranceBand(1.4, { value: 0.1, scale: 'absolute' })).toEqual([1.2999999999999998, 1.5]);
    expect(toleranceBand(-2, { value: 0.25, scale: 'relative' })).toEqual([-2.5, -1.5]);
    expect(() => toleranceBand(NaN, { value: 0.1, scale: 'absolute' })).toThrow(/`predicted`/);
  });

  it('inside → consistent, disjoint → inconsistent, straddling → inconclusive; edges count as inside', () => {
    const band: [number, number] = [1, 2];
    expect(equivalenceVerdict([1.2, 1.8], band)).toBe('consistent');
    expect(equivalenceVerdict([1, 2], band)).toBe('consistent');
    expect(equivalenceVerdict([2.01, 3], band)).toBe('inconsistent');
    expect(equivalenceVerdict([-1, 0.99], band)).toBe('inconsistent');
    expect(equivalenceVerdict([0.5, 1.5], band)).toBe('inconclusive');
    expect(equivalenceVerdict([0, 3], band)).toBe('inconclusive');
    expect(equivalenceVerdict([NaN, 1], band)).toBe('inconclusive');
    expect(equivalenceVerdict([-Infinity, Infinity], band)).toBe('inconclusive');
    expect(() => equivalenceVerdict([2, 1], band)).toThrow(/`ci`/);
  });

  it('error rates: true value on the band edge is called consistent ≤ a/2 of the time, inconsistent never at its centre', () => {
    // 4000 normal CIs at a = 0.1 with the truth on the upper band edge: P(consistent) ≤ a/2 = 5%.
    // Binomial sd at 5% is 0.34%, so 6.7% is > 5 sd above the bound (cannot pass by luck if the rule were "estimate in band" (≈50%)).
    const rng = openStream({ seed: 3, path: 'verdict-test' });
    const z = twoSidedZ(0.9);
    const band: [number, number] = [0, 1];
    let consistentAtEdge = 0;
    let inconsistentAtCentre = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const g = Math.sqrt(-2 * Math.log(rng.nextUniform())) * Math.cos(2 * Math.PI * rng.nextUniform());
      const se = 0.1;
      const atEdge = 1 + g * se;
      if (equivalenceVerdict([atEdge - z * se, atEdge + z * se], band) === 'consistent') consistentAtEdge++;
      const atCentre = 0.5 + g * se;
      if (equivalenceVerdict([atCentre - z * se, atCentre + z * se], band) === 'inconsistent') inconsistentAtCentre++;
    }
    expect(consistentAtEdge / n).toBeLessThan(0.067);
    expect(consistentAtEdge / n).toBeGreaterThan(0.033);
    expect(inconsistentAtCentre).toBe(0);
  });
});

describe('gatedVerdict with a rejecting side test', () => {
  it('a requirement that rejects makes the verdict inconsistent; an unmet one only inconclusive', () => {
    const ok = { name: 'link', met: true, detail: '' };
    expect(gatedVerdict([1.4, 1.4], [1.3, 1.5], [ok])).toBe('consistent');
    expect(gatedVerdict([1.4, 1.4], [1.3, 1.5], [{ ...ok, met: false }])).toBe('inconclusive');
    expect(gatedVerdict([1.4, 1.4], [1.3, 1.5], [{ ...ok, met: false, rejects: true }])).toBe('inconsistent');
  });
});
