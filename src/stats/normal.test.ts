import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { normalQuantile } from './distributions.ts';
import { twoSidedZ } from './normal.ts';

// Confidences the suite actually uses: textbook levels and Bonferroni shares 1 − 10⁻³/m.
const CONFIDENCES = [
  0.5,
  0.8,
  0.9,
  0.95,
  0.975,
  0.99,
  0.995,
  0.999,
  0.9995,
  0.9999,
  0.99975,
  0.999975,
  1 - 1e-6,
  ...Array.from({ length: 60 }, (_, m) => 1 - 1e-3 / (m + 1)),
];

describe('twoSidedZ', () => {
  it('is bit-identical to the formulas it replaced in src/stats (binomial, Kaplan–Meier, log-log, censored exponential, Hill)', () => {
    for (const c of CONFIDENCES) {
      const z = twoSidedZ(c);
      expect(Object.is(z, normalQuantile(1 - (1 - c) / 2))).toBe(true); // binomial, KM, log-log, zOf
      expect(Object.is(z, normalQuantile(0.5 + c / 2))).toBe(true); // hill.ts
    }
    // 0.5 + c/2 and 1 − (1 − c)/2 are the same single rounding for c ≥ 1/2 (1 − c and c/2 are exact).
    for (let i = 0; i < 2000; i++) {
      const c = 0.5 + (i + 0.5) / 4000;
      expect(Object.is(twoSidedZ(c), normalQuantile(0.5 + c / 2))).toBe(true);
    }
  });

  it('matches tables and the old −Φ⁻¹((1 − c)/2) form of src/verify/budget.ts to ~2e-11 relative', () => {
    expect(twoSidedZ(0.95)).toBe(1.959963984540054);
    expect(twoSidedZ(0.99)).toBeCloseTo(2.5758293035489004, 14);
    for (const c of CONFIDENCES) {
      const lower = -normalQuantile((1 - c) / 2);
      expect(Math.abs(twoSidedZ(c) - lower) / lower).toBeLessThan(2e-11);
    }
  });

  it('rejects confidences outside (0, 1) with the one error shape', () => {
    for (const bad of [0, 1, -0.1, 1.5, NaN, Infinity]) {
      expect(() => twoSidedZ(bad)).toThrow(InputError);
    }
    expect(() => twoSidedZ(1)).toThrow(
      'twoSidedZ: invalid option `confidence`: expected a finite number in (0, 1), got 1.',
    );
    expect(() => twoSidedZ(2, 'wilsonInterval')).toThrow(/^wilsonInterval: /);
  });
});
