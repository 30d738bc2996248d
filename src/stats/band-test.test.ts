/**
 * One test for p-value and interval (issue 14 §6): on the same data, p ≤ 1 − c exactly when the
 * c-interval misses the band, for each of the five tests, at many confidences and bands (pinned
 * fast-check seed); the intervals are the ones the experiments report (Wilson, Clopper–Pearson,
 * the exact Poisson interval of excursions.ts); and the old normal p-value beside a t interval —
 * the mismatch this module removes — is shown to disagree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clopperPearsonInterval, wilsonInterval } from './binomial.ts';
import { chiSquareQuantile } from './distributions.ts';
import {
  bandTest,
  exactBinomialBandTest,
  normalBandTest,
  poissonBandTest,
  tBandTest,
  wilsonBandTest,
  type BandTestSpec,
} from './band-test.ts';

const arbSpec: fc.Arbitrary<BandTestSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('normal' as const),
    estimate: fc.integer({ min: -200, max: 200 }).map((k) => k / 100),
    standardError: fc.integer({ min: 1, max: 100 }).map((k) => k / 200),
  }),
  fc.record({
    kind: fc.constant('t' as const),
    estimate: fc.integer({ min: -200, max: 200 }).map((k) => k / 100),
    standardError: fc.integer({ min: 1, max: 100 }).map((k) => k / 200),
    dof: fc.integer({ min: 1, max: 120 }),
  }),
  fc
    .tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 1000 }))
    .map(([n, k]) => ({ kind: 'wilson' as const, successes: k % (n + 1), trials: n })),
  fc
    .tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 1000 }))
    .map(([n, k]) => ({ kind: 'exact-binomial' as const, successes: k % (n + 1), trials: n })),
  fc.record({
    kind: fc.constant('poisson' as const),
    count: fc.integer({ min: 0, max: 300 }),
    exposure: fc.integer({ min: 1, max: 200 }).map((k) => k / 10),
    scale: fc.constantFrom('rate' as const, 'mean' as const),
  }),
);

const arbConfidence = fc.constantFrom(0.9, 0.95, 0.99, 0.999, 1 - 1e-4, 1 - 2.5e-5);

describe('band tests: p-value and interval from one test', () => {
  it('p ≤ 1 − c ⇔ the c-interval misses the band, and p = 1 ⇔ the estimate is in the band', () => {
    let misses = 0;
    let hits = 0;
    fc.assert(
      fc.property(
        arbSpec,
        arbConfidence,
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: 0, max: 100 }),
        (spec, c, centre, width) => {
          // Bands around the estimate's scale: centre in units of the spec's natural spread.
          const r0 = bandTest(spec, [0, 0], 0.95);
          const spread = Math.max(1e-3, Math.min(10, (r0.ci[1] - r0.ci[0]) / 2));
          const mid = (Number.isFinite(r0.estimate) ? r0.estimate : 0) + (centre / 100) * spread;
          const band: [number, number] = [mid - (width / 100) * spread, mid + (width / 100) * spread];
          const r = bandTest(spec, band, c);
          const missed = r.ci[1] < band[0] || r.ci[0] > band[1];
          const level = 1 - c;
          // Documented exception: floating-point ties at the interval's ends.
          if (Math.abs(r.pValue - level) <= 1e-9 * Math.max(level, 1e-6)) return;
          expect(r.pValue <= level, `${JSON.stringify({ spec, c, band, r })}`).toBe(missed);
          if (missed) misses++;
          else hits++;
          const inside = r.estimate >= band[0] && r.estimate <= band[1];
          if (inside) expect(r.pValue).toBe(1);
        },
      ),
      { seed: 20261207, numRuns: 3000 },
    );
    // The property is not vacuous: both outcomes occur often.
    expect(misses).toBeGreaterThan(300);
    expect(hits).toBeGreaterThan(300);
  });

  it('reports the intervals the experiments use (Wilson, Clopper–Pearson, the exact Poisson interval)', () => {
    for (const [x, n] of [
      [0, 10],
      [3, 10],
      [81, 263],
      [400, 400],
    ]) {
      for (const c of [0.95, 0.9999]) {
        expect(wilsonBandTest(x, n, [0, 1], c).ci).toEqual(wilsonInterval(x, n, { confidence: c }).ci);
        const cp = clopperPearsonInterval(x, n, { confidence: c }).ci;
        const e = exactBinomialBandTest(x, n, [0, 1], c).ci;
        expect(e[0]).toBeCloseTo(cp[0], 12);
        expect(e[1]).toBeCloseTo(cp[1], 12);
      }
    }
    // excursions.ts: [χ²_{a/2}(2N)/2T, χ²_{1−a/2}(2N+2)/2T] for the rate, inverted for the mean.
    const [N, T, a] = [17, 3.5, 1e-3];
    const lo = chiSquareQuantile(a / 2, 2 * N) / (2 * T);
    const hi = chiSquareQuantile(1 - a / 2, 2 * N + 2) / (2 * T);
    const r = poissonBandTest(N, T, [1, 2], 1 - a);
    expect(r.ci[0]).toBeCloseTo(lo, 12);
    expect(r.ci[1]).toBeCloseTo(hi, 12);
    const m = poissonBandTest(N, T, [1, 2], 1 - a, 'mean');
    expect(m.ci[0]).toBeCloseTo(1 / hi, 12);
    expect(m.ci[1]).toBeCloseTo(1 / lo, 12);
    expect(m.pValue).toBeCloseTo(poissonBandTest(N, T, [0.5, 1], 1 - a).pValue, 14);
  });

  it('the normal p-value beside a t interval is not one test: at 30 dof it rejects where the t interval does not', () => {
    // The mismatch of issue 14: the estimate sits 3.5 se from the band, t(30) keeps it at 1 − 1e-3.
    const band: [number, number] = [1.35, 1.5];
    const t = tBandTest(1, 0.1, 30, band, 1 - 1e-3);
    const z = normalBandTest(1, 0.1, band, 1 - 1e-3);
    expect(t.ci[1]).toBeGreaterThan(band[0]); // t interval reaches the band: not rejected
    expect(t.pValue).toBeGreaterThan(1e-3);
    expect(z.pValue).toBeLessThan(1e-3); // the normal p-value would reject
  });

  it('refuses malformed input with the one message shape', () => {
    expect(() => tBandTest(1, 0, 3, [0, 1], 0.95)).toThrow(/standardError/);
    expect(() => wilsonBandTest(5, 4, [0, 1], 0.95)).toThrow(/successes/);
    expect(() => poissonBandTest(1.5, 1, [0, 1], 0.95)).toThrow(/count/);
    expect(() => normalBandTest(0, 1, [1, 0], 0.95)).toThrow(/band/);
  });
});
