import { describe, expect, it } from 'vitest';
import { chainStream, deriveKey } from '../rng/seeds.ts';
import { sampleNoise } from '../sim/samplers.ts';
import type { NoiseSpec } from '../model/types.ts';
import { estimateTailIndexHill } from './hill.ts';

/** CI at confidence 1 − 1e-4 (z ≈ 3.89): a pinned-seed miss would be a real bias, not bad luck. */
const CONFIDENCE = 1 - 1e-4;

function rngFor(label: string) {
  return chainStream(deriveKey({ seed: 11, path: `hill.test/${label}` }), 0);
}

describe('estimateTailIndexHill', () => {
  it('recovers α from exact Pareto samples, and its CI excludes a wrong α', () => {
    for (const alpha of [0.8, 1.2, 1.7, 3]) {
      const rng = rngFor(`pareto/${alpha}`);
      const xs = Array.from({ length: 20_000 }, () => Math.pow(rng.nextUniform(), -1 / alpha));
      const r = estimateTailIndexHill(xs, { k: 2000, tail: 'upper', confidence: CONFIDENCE });
      expect(r.ci[0]).toBeLessThan(alpha);
      expect(r.ci[1]).toBeGreaterThan(alpha);
      expect(r.ci[0] > 1.15 * alpha || r.ci[1] < 1.15 * alpha).toBe(true);
      expect(r.k).toBe(2000);
    }
  });
  const laws: NoiseSpec[] = [
    { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
    { kind: 'lomax', tailIndex: 1.8, scale: 1, pPlus: 0.7 },
    { kind: 'student-t', tailIndex: 1.5, scale: 1 },
    { kind: 'stable', tailIndex: 1.5, scale: 1 },
    { kind: 'stable', tailIndex: 1.2, scale: 2 },
  ];
  for (const spec of laws) {
    it(`recovers α = ${'tailIndex' in spec ? spec.tailIndex : ''} from ${spec.kind} samples (|Z|, k = 400 of 40 000)`, () => {
      const rng = rngFor(JSON.stringify(spec));
      const xs = Array.from({ length: 40_000 }, () => sampleNoise(rng, spec));
      const r = estimateTailIndexHill(xs, { k: 400, confidence: CONFIDENCE });
      const alpha = (spec as { tailIndex: number }).tailIndex;
      expect(r.ci[0]).toBeLessThan(alpha);
      expect(r.ci[1]).toBeGreaterThan(alpha);
    });
  }
  it('gives a finite-variance answer for the Gaussian (α̂ grows with the threshold, no heavy tail)', () => {
    const rng = rngFor('gaussian');
    const xs = Array.from({ length: 40_000 }, () => sampleNoise(rng, { kind: 'gaussian', scale: 1 }));
    expect(estimateTailIndexHill(xs, { k: 400, confidence: CONFIDENCE }).ci[0]).toBeGreaterThan(3);
  });
  it('uses the requested tail', () => {
    const xs = [-100, -50, -20, -10, 1, 2, 3, 4, 5, 6];
    const upper = estimateTailIndexHill(xs, { k: 3, tail: 'upper' });
    expect(upper.threshold).toBe(3);
    expect(upper.statistic).toBeCloseTo(3 / (Math.log(6 / 3) + Math.log(5 / 3) + Math.log(4 / 3)), 14);
    expect(estimateTailIndexHill(xs, { k: 3, tail: 'lower' }).threshold).toBe(10);
    expect(estimateTailIndexHill(xs, { k: 4 }).threshold).toBe(6);
  });
  it('rejects bad options', () => {
    expect(() => estimateTailIndexHill([1, 2, 3], { k: 3 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => estimateTailIndexHill([1, 2, 3], { k: 1.5 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => estimateTailIndexHill([-1, -2, 3], { k: 2, tail: 'upper' })).toThrow(/smaller k/);
    expect(() => estimateTailIndexHill([1, NaN, 3], { k: 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });
});
