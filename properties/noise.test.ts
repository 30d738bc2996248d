/**
 * Properties of the noise laws over random parameters: the distribution functions are coherent
 * (monotone, complementary, symmetric where they should be, Pareto asymptote = paretoTailConstant)
 * and each sampler matches its law (a KS check on 4 000 draws with a negligible false-alarm bound).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNoiseLaw, paretoTailConstant } from '../src/model/noise.ts';
import { deriveKey, chainStream } from '../src/rng/seeds.ts';
import { sampleNoise } from '../src/sim/samplers.ts';
import { arbNoiseSpec, arbSeed } from './arbitraries.ts';

const SEED = 20261126;
/** x on a log grid, both signs: ±expm1(k/8)·c. */
const arbPoint = fc.integer({ min: -200, max: 200 });

describe('noise laws', () => {
  it('cdf is monotone and complementary to the upper tail; tails are symmetric for symmetric laws', () => {
    fc.assert(
      fc.property(arbNoiseSpec({ gaussian: true }), arbPoint, arbPoint, (spec, i, j) => {
        const law = createNoiseLaw(spec);
        const x = Math.sign(i) * Math.expm1(Math.abs(i) / 8) * spec.scale;
        const y = Math.sign(j) * Math.expm1(Math.abs(j) / 8) * spec.scale;
        if (x <= y) expect(law.cdf(x)).toBeLessThanOrEqual(law.cdf(y));
        expect(Math.abs(law.cdf(x) + law.upperTail(x) - 1)).toBeLessThan(1e-14);
        if (law.pPlus === 0.5 && spec.kind !== 'lomax') expect(law.lowerTail(x)).toBe(law.upperTail(x));
        if (x >= 0) expect(law.tail(x)).toBeLessThanOrEqual(1);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
  it('H(x)·x^α → paretoTailConstant and P(Z > x)/H(x) → p₊', () => {
    fc.assert(
      fc.property(arbNoiseSpec(), (spec) => {
        const law = createNoiseLaw(spec);
        const x = 1e8 * spec.scale;
        const alpha = law.tailIndex!;
        expect(Math.abs((law.tail(x) * x ** alpha) / paretoTailConstant(law)! - 1)).toBeLessThan(1e-4);
        expect(Math.abs(law.upperTail(x) / law.tail(x) - law.pPlus)).toBeLessThan(1e-4);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
  it('each sampler matches its law (KS on 4 000 draws, √n·D < 2.93: false alarm ≈ 7e-8 per run)', () => {
    fc.assert(
      fc.property(arbNoiseSpec({ gaussian: true }), arbSeed(), (spec, seed) => {
        const law = createNoiseLaw(spec);
        const rng = chainStream(deriveKey({ seed, path: 'properties/noise' }), 0);
        const n = 4000;
        const xs = new Float64Array(n);
        for (let i = 0; i < n; i++) xs[i] = sampleNoise(rng, law);
        xs.sort();
        let d = 0;
        // Every 4th order statistic: D' ≤ D keeps the H0 bound valid at a quarter of the cdf calls.
        for (let i = 0; i < n; i += 4) {
          const f = law.cdf(xs[i]);
          d = Math.max(d, (i + 1) / n - f, f - i / n);
        }
        expect(Math.sqrt(n) * d).toBeLessThan(1.95 * 1.5);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});
