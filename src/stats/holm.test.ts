import { describe, expect, it } from 'vitest';
import { openStream } from '../rng/seeds.ts';
import { bonferroni, holm } from './holm.ts';

describe('holm and bonferroni', () => {
  it('adjusts a worked example', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.06, 0.04·1) = 0.06.
    const h = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(h.adjusted[i]).toBeCloseTo(v, 15));
    expect(h.rejected).toEqual([true, false, false, true]);
    expect(h.statistic).toBe(2);
    const b = bonferroni([0.01, 0.04, 0.03, 0.005]);
    [0.04, 0.16, 0.12, 0.02].forEach((v, i) => expect(b.adjusted[i]).toBeCloseTo(v, 15));
    expect(b.rejected).toEqual([true, false, false, true]);
    expect(holm([0.5, 0.9]).adjusted[1]).toBe(1);
  });

  it('controls the family-wise error under the global null, and Holm rejects at least what Bonferroni does', () => {
    const rng = openStream({ seed: 81, path: 'holm/fwer' });
    const reps = 4000;
    let fwer = 0;
    let gain = 0;
    for (let r = 0; r < reps; r++) {
      const nulls = Array.from({ length: 10 }, () => rng.nextUniform());
      if (holm(nulls).statistic > 0) fwer++;
      // Mixed family: 3 strong signals + 7 nulls.
      const mixed = [1e-4, 2e-3, 4e-3, ...Array.from({ length: 7 }, () => rng.nextUniform())];
      const h = holm(mixed);
      const b = bonferroni(mixed);
      b.rejected.forEach((rej, i) => {
        if (rej) expect(h.rejected[i]).toBe(true);
      });
      gain += h.statistic - b.statistic;
    }
    // FWER of Holm with independent nulls = 1 − 0.995^10 ≈ 0.0489 (at most 0.05).
    expect(Math.abs(fwer / reps - 0.0489)).toBeLessThan(5 * Math.sqrt((0.049 * 0.951) / reps));
    expect(gain).toBeGreaterThan(0);
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => holm([])).toThrow(/`pValues`/);
    expect(() => holm([0.1, 1.5])).toThrow(
      /holm: invalid option `pValues\[1\]`: expected a p-value in \[0, 1\], got 1.5/,
    );
    expect(() => bonferroni([-0.1])).toThrow(/`pValues\[0\]`/);
  });
});
