import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { openStream } from '../rng/seeds.ts';
import { bootstrapCi, quantileSorted } from './bootstrap.ts';

const mean = (s: Float64Array): number => {
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i];
  return t / s.length;
};
const median = (s: Float64Array): number => {
  s.sort();
  return quantileSorted(s, 0.5);
};

describe('bootstrapCi', () => {
  it('is reproducible from its stream and its SE matches the plug-in SE of the mean', () => {
    const data = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 3 + i / 10);
    const a = bootstrapCi(openStream({ seed: 61, path: 'boot/rep' }), data, mean, { resamples: 4000 });
    const b = bootstrapCi(openStream({ seed: 61, path: 'boot/rep' }), data, mean, { resamples: 4000 });
    expect(a).toEqual(b);
    const m = data.reduce((x, y) => x + y) / 40;
    const plugin = Math.sqrt(data.reduce((x, y) => x + (y - m) ** 2, 0) / 40 / 40);
    // Monte Carlo error of a bootstrap SE with B = 4000 is ≈ 1/√(2B) ≈ 1.1%; allow 6%.
    expect(Math.abs(a.standardError / plugin - 1)).toBeLessThan(0.06);
    expect(a.statistic).toBeCloseTo(m, 12);
  });

  it('percentile and BCa intervals of an exponential mean cover at about the nominal rate; BCa skews right', () => {
    // n = 40 Exp(1) samples, 300 replicates of B = 1000: tolerance ±5 SE of a binomial(300, 0.95) plus
    // the known small-sample undercoverage of bootstrap intervals (~1–2 points at n = 40).
    const rng = openStream({ seed: 62, path: 'boot/coverage' });
    const reps = 300;
    let pct = 0;
    let bca = 0;
    let skew = 0;
    for (let r = 0; r < reps; r++) {
      const data = Array.from({ length: 40 }, () => -Math.log(rng.nextUniform()));
      const p = bootstrapCi(rng, data, mean, { resamples: 1000, method: 'percentile' });
      const q = bootstrapCi(rng, data, mean, { resamples: 1000, method: 'bca' });
      pct += p.ci[0] <= 1 && 1 <= p.ci[1] ? 1 : 0;
      bca += q.ci[0] <= 1 && 1 <= q.ci[1] ? 1 : 0;
      // Right skew of the exponential: positive acceleration, upper arm longer than the lower.
      skew += q.acceleration > 0 && q.ci[1] - q.statistic > q.statistic - q.ci[0] ? 1 : 0;
    }
    const tol = 5 * Math.sqrt((0.95 * 0.05) / reps) + 0.02;
    expect(Math.abs(pct / reps - 0.95)).toBeLessThan(tol);
    expect(Math.abs(bca / reps - 0.95)).toBeLessThan(tol);
    expect(skew / reps).toBeGreaterThan(0.9);
  });

  it('a statistic that sorts its argument is fine (jackknife uses a scratch copy)', () => {
    const rng = openStream({ seed: 63, path: 'boot/median' });
    const data = Array.from({ length: 101 }, (_, i) => i);
    const r = bootstrapCi(rng, data, median, { resamples: 500 });
    expect(r.statistic).toBe(50);
    expect(r.ci[0]).toBeLessThan(50);
    expect(r.ci[1]).toBeGreaterThan(50);
    expect(data[0]).toBe(0); // the input is never reordered
  });

  it('skips the jackknife above jackknifeLimit and says so', () => {
    const rng = openStream({ seed: 64, path: 'boot/lite' });
    const data = Array.from({ length: 50 }, () => rng.nextUniform());
    expect(bootstrapCi(rng, data, mean, { jackknifeLimit: 10, resamples: 200 }).method).toMatch(/acceleration 0/);
  });

  it('rejects bad input', () => {
    const rng = openStream({ seed: 65, path: 'boot/bad' });
    expect(() => bootstrapCi(undefined as never, [1, 2], mean)).toThrow(/`rng`/);
    expect(() => bootstrapCi(rng, [1], mean)).toThrow(InputError);
    expect(() => bootstrapCi(rng, [1, 2], mean, { resamples: 10 })).toThrow(/`resamples`/);
    expect(() => bootstrapCi(rng, [1, 2], () => NaN)).toThrow(/`statistic`/);
    expect(() => bootstrapCi(rng, [1, 2], mean, { method: 'studentized' as never })).toThrow(/`method`/);
  });
});
