import { describe, expect, it } from 'vitest';
import gamma from '@stdlib/math-base-special-gamma';
import erfc from '@stdlib/math-base-special-erfc';
import {
  createNoiseLaw,
  paretoTailConstant,
  stableUpperTailIntegral,
  stableUpperTailStandard,
  studentTUpperTailStandard,
} from './noise.ts';
import { integrate } from './quadrature.ts';
import type { NoiseSpec } from './types.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Small-x series of the symmetric stable cdf: F(x) = ½ + (1/(πα)) Σ (−1)^k Γ((2k+1)/α) x^{2k+1}/(2k+1)!. */
function stableSeriesSmall(x: number, alpha: number): number {
  let s = 0;
  for (let k = 0; k < 60; k++)
    s += ((k % 2 ? -1 : 1) * gamma((2 * k + 1) / alpha) * x ** (2 * k + 1)) / gamma(2 * k + 2);
  return 0.5 - s / (Math.PI * alpha);
}
/** Large-x asymptotic series: P(S > x) ~ (1/π) Σ_{k≥1} (−1)^{k+1} Γ(kα)/k! sin(kπα/2) x^{−kα}. */
function stableSeriesLarge(x: number, alpha: number, terms = 8): number {
  let s = 0;
  for (let k = 1; k <= terms; k++)
    s += ((k % 2 ? 1 : -1) * gamma(k * alpha) * Math.sin((k * Math.PI * alpha) / 2) * x ** (-k * alpha)) / gamma(k + 1);
  return s / Math.PI;
}

const LAWS: NoiseSpec[] = [
  { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
  { kind: 'lomax', tailIndex: 1.7, scale: 2, pPlus: 0.8 },
  { kind: 'lomax', tailIndex: 2.5, scale: 1, pPlus: 0.3 },
  { kind: 'gaussian', scale: 1.5 },
  { kind: 'student-t', tailIndex: 1.3, scale: 0.5 },
  { kind: 'student-t', tailIndex: 4, scale: 1 },
  { kind: 'stable', tailIndex: 1.2, scale: 1 },
  { kind: 'stable', tailIndex: 1.8, scale: 0.3 },
];

describe('quadrature', () => {
  it('is exact for degree-22 polynomials and accurate for smooth functions', () => {
    expect(rel(integrate((x) => x ** 22, 0, 1).value, 1 / 23)).toBeLessThan(1e-14);
    expect(rel(integrate(Math.exp, -1, 2).value, Math.exp(2) - Math.exp(-1))).toBeLessThan(1e-14);
    expect(rel(integrate((x) => 1 / Math.sqrt(x), 0, 1, { relTol: 1e-10 }).value, 2)).toBeLessThan(1e-8);
  });
});

describe('every law', () => {
  for (const spec of LAWS) {
    const law = createNoiseLaw(spec);
    it(`${JSON.stringify(spec)}: cdf, tails and tail agree, monotone, in [0, 1]`, () => {
      const xs: number[] = [];
      for (let i = -400; i <= 400; i++) xs.push(Math.sign(i) * Math.expm1(Math.abs(i) / 40) * spec.scale);
      let prev = 0;
      for (const x of xs) {
        const f = law.cdf(x);
        expect(f).toBeGreaterThanOrEqual(prev);
        expect(f).toBeLessThanOrEqual(1);
        prev = f;
        expect(Math.abs(f + law.upperTail(x) - 1)).toBeLessThan(1e-14);
        if (x >= 0) {
          expect(Math.abs(law.tail(x) - law.upperTail(x) - law.lowerTail(x))).toBeLessThan(1e-15);
          // P(Z < −x) through the cdf agrees with the directly computed lower tail.
          expect(Math.abs(law.cdf(-x) - law.lowerTail(x))).toBeLessThan(1e-14);
        }
      }
      // The two branches of each formula meet continuously (no jump at 0 or at the shift).
      const d = 1e-9 * spec.scale;
      for (const at of [0, -spec.scale * ((2 * law.pPlus - 1) / ((law.tailIndex ?? 2) - 1))]) {
        expect(Math.abs(law.cdf(at + d) - law.cdf(at - d))).toBeLessThan(1e-8);
      }
      expect(law.pPlus + law.pMinus).toBe(1);
      expect(law.tail(-1)).toBe(1);
    });
    if (spec.kind !== 'lomax' || spec.pPlus === undefined) {
      it(`${spec.kind}: symmetric`, () => {
        for (const x of [0.01, 0.3, 1, 7, 1e3]) {
          expect(law.lowerTail(x)).toBe(law.upperTail(x));
          expect(Math.abs(law.cdf(-x) - law.upperTail(x))).toBeLessThan(1e-16);
        }
        expect(law.cdf(0)).toBeCloseTo(0.5, 14);
      });
    }
    if (spec.kind !== 'gaussian') {
      it(`${spec.kind} α=${law.tailIndex}: H(x)·x^α → paretoTailConstant, p₊ = lim P(Z > x)/H(x)`, () => {
        const C = paretoTailConstant(law)!;
        const alpha = law.tailIndex!;
        const x = 1e7 * spec.scale;
        expect(rel(law.tail(x) * x ** alpha, C)).toBeLessThan(1e-4);
        expect(Math.abs(law.upperTail(x) / law.tail(x) - law.pPlus)).toBeLessThan(1e-5);
        // Relative accuracy deep in the tail: no cancellation (1 − cdf would be 0 here).
        expect(law.tail(1e30 * spec.scale)).toBeGreaterThan(0);
      });
    }
  }
});

describe('lomax', () => {
  it('matches the closed forms, with the centring shift', () => {
    const sym = createNoiseLaw({ kind: 'lomax', tailIndex: 2, scale: 1 });
    expect(sym.upperTail(1)).toBeCloseTo(0.125, 15);
    expect(sym.tail(3)).toBeCloseTo(1 / 16, 15);
    const c = 0.1;
    const paper = createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: c });
    expect(rel(paper.tail(1), Math.pow(11, -1.2))).toBeLessThan(1e-14);
    // p₊ = 0.7, α = 2: δ = 0.4, P(Z > 0) = 0.7·1.4^−2, P(Z < −1) = 0.3·(1 + 1 − 0.4)^−2.
    const asym = createNoiseLaw({ kind: 'lomax', tailIndex: 2, scale: 1, pPlus: 0.7 });
    expect(rel(asym.upperTail(0), 0.7 / 1.96)).toBeLessThan(1e-14);
    expect(rel(asym.lowerTail(1), 0.3 / 1.6 ** 2)).toBeLessThan(1e-14);
    // Below −δ the upper tail is 1 − p₋(1 + |t|)^−α.
    expect(rel(asym.upperTail(-1), 1 - 0.3 * 1.6 ** -2)).toBeLessThan(1e-14);
    expect(asym.pPlus).toBe(0.7);
  });
  it('is centred: E Z = ∫ P(Z > x) dx − ∫ P(Z < −x) dx = 0 (p₊ = 0.8, α = 3)', () => {
    const law = createNoiseLaw({ kind: 'lomax', tailIndex: 3, scale: 1.5, pPlus: 0.8 });
    let mean = 0;
    for (let a = 0, b = 1; b <= 1e8; a = b, b *= 10) {
      mean += integrate(law.upperTail, a, b).value - integrate(law.lowerTail, a, b).value;
    }
    expect(Math.abs(mean)).toBeLessThan(1e-9);
  });
});

describe('gaussian', () => {
  it('known values', () => {
    const g = createNoiseLaw({ kind: 'gaussian', scale: 1 });
    expect(rel(g.upperTail(1.959963984540054), 0.025)).toBeLessThan(1e-13);
    expect(rel(g.cdf(1), 0.8413447460685429)).toBeLessThan(1e-14);
    expect(rel(g.upperTail(10), 7.61985302416047e-24)).toBeLessThan(1e-12);
    const g2 = createNoiseLaw({ kind: 'gaussian', scale: 2 });
    expect(rel(g2.upperTail(2), 0.15865525393145707)).toBeLessThan(1e-14);
    expect(g2.tailIndex).toBeNull();
    expect(paretoTailConstant(g2)).toBeNull();
  });
});

describe('student-t', () => {
  it('ν = 1 is Cauchy: P(T > t) = ½ − atan(t)/π', () => {
    for (const t of [-50, -3, -1, -0.2, 0, 0.001, 0.5, 1, 4, 100]) {
      expect(Math.abs(studentTUpperTailStandard(t, 1) - (0.5 - Math.atan(t) / Math.PI))).toBeLessThan(3e-14);
    }
    // Far tail, relative: P(T > t) = atan(1/t)/π.
    expect(rel(studentTUpperTailStandard(1e8, 1), Math.atan(1e-8) / Math.PI)).toBeLessThan(1e-12);
  });
  it('ν = 2 closed form P(T > t) = 1/(√(2+t²)(√(2+t²)+t)), scale applied', () => {
    const law = createNoiseLaw({ kind: 'student-t', tailIndex: 2, scale: 3 });
    for (const t of [0, 0.1, 1, 5, 1e3, 1e7]) {
      const r = Math.sqrt(2 + t * t);
      expect(rel(law.upperTail(3 * t), 1 / (r * (r + t)))).toBeLessThan(1e-12);
    }
    expect(rel(paretoTailConstant(law)!, 9)).toBeLessThan(1e-12); // P(|T| > t) ~ 1/t² for ν = 2, times c²
  });
  it('Pareto constant for ν → 1 approaches the Cauchy 2/π', () => {
    expect(rel(paretoTailConstant({ kind: 'student-t', tailIndex: 1 + 1e-9, scale: 1 })!, 2 / Math.PI)).toBeLessThan(
      1e-7,
    );
  });
});

describe('stable', () => {
  it('agrees with the small-x series to 1e-12', () => {
    // (For α near 1 the series cancels badly past x ≈ 1, so the points stop earlier there.)
    for (const alpha of [1.05, 1.3, 1.5, 1.8, 1.95]) {
      for (const x of alpha < 1.2 ? [1e-6, 1e-4, 0.05, 0.4] : [1e-6, 1e-4, 0.05, 0.4, 1, 1.5]) {
        expect(rel(stableUpperTailStandard(x, alpha), stableSeriesSmall(x, alpha))).toBeLessThan(1e-12);
      }
    }
  });
  it('takes the small- and large-x series only where they match Nolan’s integral to 1e-12', () => {
    for (const alpha of [1.05, 1.2, 1.5, 1.75, 1.9, 1.99]) {
      for (const x of [1e-9, 1e-4, 0.01, 0.1, 0.3, 0.5, 10.5, 11, 20, 30, 100, 1e3, 1e5, 1e8, 1e12, 1e20]) {
        expect(
          rel(stableUpperTailStandard(x, alpha), stableUpperTailIntegral(x, alpha)),
          `α ${alpha}, x ${x}`,
        ).toBeLessThan(1e-12);
      }
    }
  });
  it('agrees with the large-x asymptotic series to 1e-10', () => {
    for (const alpha of [1.1, 1.5, 1.9]) {
      for (const x of [200, 1e4, 1e8, 1e15, 1e30]) {
        expect(rel(stableUpperTailStandard(x, alpha), stableSeriesLarge(x, alpha))).toBeLessThan(1e-10);
      }
    }
  });
  it('at α = 2 is N(0, 2), and continuous as α → 2', () => {
    for (const x of [0.1, 1, 3, 10, 30]) {
      expect(rel(stableUpperTailStandard(x, 2), 0.5 * erfc(x / 2))).toBeLessThan(1e-12);
      expect(Math.abs(stableUpperTailStandard(x, 1.99999) - 0.5 * erfc(x / 2))).toBeLessThan(1e-4);
    }
  });
  it('scale: P(cS > x) = P(S > x/c); Pareto constant 2Γ(α)sin(πα/2)/π·c^α', () => {
    const law = createNoiseLaw({ kind: 'stable', tailIndex: 1.4, scale: 2 });
    expect(law.upperTail(3)).toBe(stableUpperTailStandard(1.5, 1.4));
    expect(rel(paretoTailConstant(law)!, (2 ** 1.4 * 2 * gamma(1.4) * Math.sin(0.7 * Math.PI)) / Math.PI)).toBeLessThan(
      1e-14,
    );
  });
});

describe('createNoiseLaw rejects bad specs', () => {
  const bad: [unknown, string][] = [
    [{ kind: 'lomax', tailIndex: 1, scale: 1 }, 'tailIndex'],
    [{ kind: 'student-t', tailIndex: 0.5, scale: 1 }, 'tailIndex'],
    [{ kind: 'stable', tailIndex: 2, scale: 1 }, 'tailIndex'],
    [{ kind: 'stable', tailIndex: 1.5, scale: 0 }, 'scale'],
    [{ kind: 'gaussian', scale: -1 }, 'scale'],
    [{ kind: 'lomax', tailIndex: 1.5, scale: 1, pPlus: 1 }, 'pPlus'],
    [{ kind: 'lomax', tailIndex: 1.5, scale: 1, pPlus: 0 }, 'pPlus'],
    [{ kind: 'student-t', tailIndex: 1.5, scale: 1, pPlus: 0.3 }, 'pPlus'],
    [{ kind: 'cauchy', tailIndex: 1, scale: 1 }, 'kind'],
    [{ kind: 'lomax', tailIndex: NaN, scale: 1 }, 'tailIndex'],
  ];
  for (const [spec, name] of bad) {
    it(`${JSON.stringify(spec)} → ${name}`, () => {
      expect(() => createNoiseLaw(spec as NoiseSpec)).toThrow(
        expect.objectContaining({
          code: 'ERR_INVALID_OPTION',
          message: expect.stringContaining(`createNoiseLaw: invalid option \`${name}\``),
        }),
      );
    });
  }
});
