import { describe, expect, it } from 'vitest';
import { paperLandscape, resolveLandscape, randomPolynomialSpec, polynomialLandscape } from '../model/landscapes.ts';
import { clippedJumpMass, exitConstants } from './constants.ts';
import { estimateExitConstantsMonteCarlo } from './monte-carlo.ts';

const paper = paperLandscape();
const [m1, m2, m3] = paper.minima;
const [s1, s2, s3] = paper.saddles;

describe('l* = 1 closed forms (THEORY.md §5) to 1e-9', () => {
  it('paper, b = ∞: basin-2 rate ½(d_L^−1.2 + d_R^−1.2) ≈ 1.4896, left share ≈ 0.6187', () => {
    const q = exitConstants(paper, Infinity, 1.2, 0.5);
    const dL = m2 - s1;
    const dR = s2 - m2;
    const oracle = 0.5 * (dL ** -1.2 + dR ** -1.2);
    expect(Math.abs(q[1].exitRate - oracle)).toBeLessThan(1e-9);
    expect(q[1].exitRate).toBeCloseTo(1.4896, 4);
    expect(q[1].exitRateByTarget[0] / q[1].exitRate).toBeCloseTo(0.6187, 4);
    // Right exits split at s_3: Ω_3 gets [d_R, s_3 − m_2), Ω_4 the rest (box included).
    expect(Math.abs(q[1].exitRateByTarget[2] - 0.5 * (dR ** -1.2 - (s3 - m2) ** -1.2))).toBeLessThan(1e-9);
    expect(Math.abs(q[1].exitRateByTarget[3] - 0.5 * (s3 - m2) ** -1.2)).toBeLessThan(1e-9);
  });

  it('finite b with p₊ ≠ ½: indicators 1{b > d} per side', () => {
    const q = exitConstants(paper, 0.5, 1.3, 0.3);
    expect(Math.abs(q[2].exitRate - (0.3 * (s3 - m3) ** -1.3 + 0.7 * (m3 - s2) ** -1.3))).toBeLessThan(1e-9);
    expect(Math.abs(q[0].exitRate - 0.3 * (s1 - m1) ** -1.3)).toBeLessThan(1e-9);
    const L = polynomialLandscape([-1, 0, 0.6, 1.5, 2.1], 1, 2.5);
    const r = exitConstants(L, 0.7, 1.3, 0.3);
    // Basin 2: d_L = 0.6 < b = 0.7 < d_R = 0.9, so only the left side counts.
    expect(Math.abs(r[1].exitRate - 0.7 * 0.6 ** -1.3)).toBeLessThan(1e-9);
  });

  it('clipping removes the long jumps: the atom at b lands short of the next saddle', () => {
    const L = polynomialLandscape([-1, -0.5, 0, 0.3, 0.7, 1.0, 1.6], 1, 2);
    const clipped = exitConstants(L, 0.8, 1.5, 0.5)[1];
    const free = exitConstants(L, Infinity, 1.5, 0.5)[1];
    expect(Math.abs(clipped.exitRateByTarget[2] - 0.5 * 0.3 ** -1.5)).toBeLessThan(1e-9);
    expect(clipped.exitRateByTarget[3]).toBe(0);
    expect(Math.abs(free.exitRateByTarget[3] - 0.5 * 1.0 ** -1.5)).toBeLessThan(1e-9);
    expect(clippedJumpMass(0.5, 1.5, 0.8, 0.8, 1)).toBeCloseTo(0.5 * 0.8 ** -1.5, 14);
  });
});

describe('quadrature for l* ≥ 2', () => {
  it('q_k = Σ_l q_{k,l} for l* = 2, 3, 4 (computed separately)', () => {
    for (const b of [0.5, 0.28, 0.19]) {
      for (const c of exitConstants(paper, b, 1.2, 0.4)) {
        const sum = c.exitRateByTarget.reduce((s, v) => s + v, 0);
        expect(Math.abs(sum - c.exitRate)).toBeLessThan(1e-8 * c.exitRate);
      }
    }
  });

  it('reports l* = 2, 3, 4 on the paper landscape with small error estimates', () => {
    for (const [b, l] of [
      [0.5, 2],
      [0.28, 3],
      [0.19, 4],
    ] as const) {
      const c = exitConstants(paper, b, 1.2, 0.5)[1];
      expect(c.jumpsNeeded).toBe(l);
      expect(c.exitRate).toBeGreaterThan(0);
      expect(c.error).toBeLessThan(1e-8 * c.exitRate);
    }
  });
});

describe('quadrature vs independent Monte Carlo (issue 3: within 1%, MC error included)', () => {
  const random = resolveLandscape(randomPolynomialSpec({ gaps: [0.45, 0.7, 0.55, 0.35], margin: 0.4 }));
  // [landscape, b, basin, α, p₊, l*, samples]
  const cases = [
    ['paper', paper, 0.5, 2, 1.2, 0.5, 2, 30000],
    ['paper', paper, 0.5, 4, 1.2, 0.5, 2, 30000],
    ['paper', paper, 0.28, 2, 1.2, 0.5, 3, 40000],
    ['random', random, 0.36, 2, 1.5, 0.3, 2, 30000],
    ['random', random, 0.2, 2, 1.5, 0.7, 3, 40000],
  ] as const;
  for (const [name, L, b, k, alpha, pPlus, l, samples] of cases) {
    it(`${name}, b = ${b}, basin ${k} (l* = ${l})`, () => {
      const q = exitConstants(L, b, alpha, pPlus)[k - 1];
      expect(q.jumpsNeeded).toBe(l);
      const mc = estimateExitConstantsMonteCarlo(L, k, b, alpha, pPlus, samples, {
        seed: 20260,
        path: `theory/${name}/${b}/${k}`,
      });
      // The band: 1% plus 3 standard errors of the estimator, which must itself be tight enough to matter.
      expect(mc.standardError).toBeLessThan(0.02 * q.exitRate);
      expect(Math.abs(mc.exitRate - q.exitRate)).toBeLessThan(0.01 * q.exitRate + 3 * mc.standardError);
      q.exitRateByTarget.forEach((v, j) => {
        expect(Math.abs(mc.exitRateByTarget[j] - v)).toBeLessThanOrEqual(
          0.01 * v + 3 * mc.standardErrorByTarget[j] + 1e-12,
        );
      });
    });
  }
});
