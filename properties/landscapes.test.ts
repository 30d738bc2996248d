/**
 * Properties of the random landscapes and truncation arbitraries: every generated landscape meets
 * the paper's assumptions (f' changes sign exactly at the given roots, alternating curvature), its
 * radii are the ones the gaps promise, and every generated truncation gives the promised l* with
 * all ratios away from integers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basinRadii, randomPolynomialSpec, resolveLandscape } from '../src/model/landscapes.ts';
import { signChanges } from '../src/model/roots.ts';
import { arbGaps, arbLandscapeSpec, arbTruncationFor, criticalDistances, integerClearance } from './arbitraries.ts';

const SEED = 20261126;

describe('random landscapes', () => {
  it('satisfy the assumptions: f′ vanishes exactly at the roots, curvature alternates', () => {
    fc.assert(
      fc.property(arbLandscapeSpec({ maxMinima: 5 }), (spec) => {
        const l = resolveLandscape(spec);
        const roots = [...l.minima, ...l.saddles].sort((a, b) => a - b);
        const changes = signChanges(l.gradient, -l.box, l.box, 4000);
        expect(changes.length).toBe(roots.length);
        changes.forEach((c, i) => expect(Math.abs(c - roots[i])).toBeLessThan(1e-9));
        for (const m of l.minima) expect(l.curvature(m)).toBeGreaterThan(0);
        for (const s of l.saddles) expect(l.curvature(s)).toBeLessThan(0);
        expect(Math.abs(l.minima[0])).toBeLessThan(l.box);
        expect(l.minima[0] + l.minima[l.minima.length - 1]).toBeCloseTo(0, 9); // centred
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
  it('have the radii their gaps promise', () => {
    fc.assert(
      fc.property(arbGaps({ minMinima: 2, maxMinima: 5 }), (gaps) => {
        const radii = basinRadii(resolveLandscape(randomPolynomialSpec({ gaps })));
        const n = gaps.length / 2 + 1;
        expect(radii.length).toBe(n);
        for (let i = 0; i < n; i++) {
          const left = i > 0 ? gaps[2 * i - 1] : Infinity;
          const right = i < n - 1 ? gaps[2 * i] : Infinity;
          expect(Math.abs(radii[i] - Math.min(left, right))).toBeLessThan(1e-9);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('arbTruncationFor', () => {
  it('gives b with ⌈r/b⌉ = l* and every ratio ≥ 0.1 from an integer', () => {
    const arb = arbLandscapeSpec({ minMinima: 2, maxMinima: 4 }).chain((spec) => {
      const l = resolveLandscape(spec);
      return fc.tuple(fc.constant(l), arbTruncationFor(l));
    });
    fc.assert(
      fc.property(arb, ([l, t]) => {
        const r = basinRadii(l)[t.basin - 1];
        expect(Math.ceil(r / t.truncation)).toBe(t.jumpsNeeded);
        expect([1, 2, 3]).toContain(t.jumpsNeeded);
        expect(integerClearance(criticalDistances(l), t.truncation)).toBeGreaterThanOrEqual(0.1 - 1e-12);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
  it('honours a requested basin and l*', () => {
    const l = resolveLandscape(randomPolynomialSpec({ gaps: [0.6, 0.9] }));
    fc.assert(
      fc.property(arbTruncationFor(l, { basins: [2], jumpsNeeded: [2] }), (t) => {
        expect(t.basin).toBe(2);
        expect(Math.ceil(0.9 / t.truncation)).toBe(2);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
