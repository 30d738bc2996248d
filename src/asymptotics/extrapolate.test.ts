import { describe, expect, it } from 'vitest';
import {
  defaultKappa,
  extrapolateLimit,
  extrapolateOrder,
  extrapolateSeries,
  fitKappa,
  localSlopes,
  type LimitPoint,
} from './extrapolate.ts';

/** η = 1e-3 … 1e-8, one point per decade (the --limit sweep's grid). */
const ETAS = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];

/** Q(η) = q0 + a1 s + a2 s², s = η^κ, each value perturbed by ±frac·bar (alternating, deterministic). */
function sequence(q0: number, a1: number, a2: number, kappa: number, bar: number, frac = 0.8): LimitPoint[] {
  return ETAS.map((eta, i) => {
    const s = Math.pow(eta, kappa);
    return { stepSize: eta, value: q0 + a1 * s + a2 * s * s + (i % 2 ? 1 : -1) * frac * bar, error: bar };
  });
}

describe('extrapolateLimit', () => {
  it('recovers Q₀ of an exact two-term sequence (the paper-like gap: 1 − 0.5 s, κ = 1/6)', () => {
    const pts = sequence(1, -0.5, 0.3, 1 / 6, 1e-9, 0);
    const r = extrapolateLimit(pts, 1 / 6);
    expect(Math.abs(r.value - 1)).toBeLessThan(1e-7);
    // The one-term fit misses the curvature: the model part of the error says so.
    expect(r.errorParts.model).toBeGreaterThan(1e-3);
    expect(Math.abs(r.value - 1)).toBeLessThan(r.error);
  });

  it('covers Q₀ within its error for noisy sequences over α = 1.2, 1.5, 1.8 and several shapes', () => {
    for (const alpha of [1.2, 1.5, 1.8]) {
      const k = defaultKappa(alpha)!;
      for (const [a1, a2] of [
        [-0.5, 0],
        [-1, 0.6],
        [0.8, -0.4],
      ]) {
        const r = extrapolateLimit(sequence(1, a1, a2, k, 3e-3), k);
        expect(Math.abs(r.value - 1)).toBeLessThanOrEqual(r.error);
        // …and the error is not hand-sized: it stays a few bars wide, not ∞.
        expect(r.error).toBeLessThan(0.2);
      }
    }
  });

  it('errorFloor: a point whose bar vanished by cancellation is credited the floor, exactly as a floored input', () => {
    const pts = sequence(0.4, -0.3, 0.1, 1 / 6, 2e-5).map((p, i) => (i === 2 ? { ...p, error: 0 } : p));
    const floor = { relative: 1e-4, absolute: 3e-5 };
    const byHand = pts.map((p) => ({ ...p, error: Math.max(p.error, 3e-5, 1e-4 * Math.abs(p.value)) }));
    expect(extrapolateLimit(pts, 1 / 6, { shift: true, errorFloor: floor })).toEqual(
      extrapolateLimit(byHand, 1 / 6, { shift: true }),
    );
    // Without the floor the zero bar pins the fit to that point: a different limit and error.
    expect(extrapolateLimit(pts, 1 / 6, { shift: true }).error).not.toEqual(
      extrapolateLimit(byHand, 1 / 6, { shift: true }).error,
    );
    const logs = pts.map((p) => ({
      stepSize: p.stepSize,
      logValue: Math.log(p.value),
      relativeError: p.error / p.value,
    }));
    expect(extrapolateOrder(logs, 1 / 6, { errorFloor: { relative: 1e-4 } })).toEqual(
      extrapolateOrder(
        logs.map((q) => ({ ...q, relativeError: Math.max(q.relativeError, 1e-4) })),
        1 / 6,
      ),
    );
  });

  it('is rejected as a wrong limit: a Q₀ = 1.15 sequence lies many errors away from 1', () => {
    const r = extrapolateLimit(sequence(1.15, -0.5, 0.2, 1 / 6, 2e-3), 1 / 6);
    expect(Math.abs(r.value - 1)).toBeGreaterThan(2 * r.error);
  });
});

describe('extrapolateSeries', () => {
  /** Q = 0.29 − 0.4η + c η^{3/2} + d η² on the Gaussian check's window, perturbed by ±0.8 bar. */
  const gaussianLike = (c: number, d: number, bar: number): LimitPoint[] =>
    [0.05, 0.04, 0.03, 0.025, 0.02, 0.015, 0.0125].map((eta, i) => ({
      stepSize: eta,
      value: 0.29 - 0.4 * eta + c * Math.pow(eta, 1.5) + d * eta * eta + (i % 2 ? 0.8 : -0.8) * bar,
      error: bar,
    }));

  it('recovers Q₀ of an exact three-term series in η, η^{3/2}, η², and its model part sees the η² term', () => {
    const r = extrapolateSeries(gaussianLike(2, -5, 1e-12), [1, 1.5, 2]);
    expect(Math.abs(r.value - 0.29)).toBeLessThan(1e-8);
    expect(r.errorParts.model).toBeGreaterThan(1e-4);
    expect(r.fits.map((f) => f.terms)).toEqual([2, 3]);
  });

  it('covers Q₀ within its error on noisy series, and a 10% wrong Q₀ lies many errors away', () => {
    for (const [c, d] of [
      [2, -5],
      [-1, 3],
      [0, 0],
    ]) {
      const r = extrapolateSeries(gaussianLike(c, d, 1e-5), [1, 1.5, 2], { shift: true });
      expect(Math.abs(r.value - 0.29)).toBeLessThanOrEqual(r.error);
      expect(Math.abs(r.value - 0.319)).toBeGreaterThan(5 * r.error);
    }
  });

  it('refuses powers that are not increasing and positive, or too few points', () => {
    const pts = gaussianLike(0, 0, 1e-5);
    expect(() => extrapolateSeries(pts, [1.5, 1])).toThrow(RangeError);
    expect(() => extrapolateSeries(pts, [1])).toThrow(RangeError);
    expect(() => extrapolateSeries(pts.slice(0, 4), [1, 1.5, 2])).toThrow(RangeError);
  });
});

describe('fitKappa', () => {
  it('finds κ of a one-term sequence with a CI that holds it (κ = 1/6, 1/3, 4/9)', () => {
    for (const kappa of [1 / 6, 1 / 3, 4 / 9]) {
      const pts = sequence(1, -0.6, 0, kappa, 1e-4, 0.5);
      const f = fitKappa(pts)!;
      expect(f.ci[0]).toBeLessThanOrEqual(kappa);
      expect(f.ci[1]).toBeGreaterThanOrEqual(kappa);
      expect(Math.abs(f.value - kappa)).toBeLessThan(0.05);
      expect(f.ci[1] - f.ci[0]).toBeLessThan(0.2);
    }
  });
});

describe('defaultKappa and localSlopes', () => {
  it('κ = 1 − 1/α below 2, 1/2 from 2 on, none for Gaussian noise', () => {
    expect(defaultKappa(1.2)).toBeCloseTo(1 / 6, 14);
    expect(defaultKappa(1.5)).toBeCloseTo(1 / 3, 14);
    expect(defaultKappa(3)).toBe(0.5);
    expect(defaultKappa(null)).toBeNull();
  });

  it('local slopes of C η^−γ (1 − 0.3 η^κ) extrapolate to γ', () => {
    const gamma = 1.4;
    const k = 1 / 6;
    const pts = ETAS.map((eta) => {
      const v = 5 * Math.pow(eta, -gamma) * (1 - 0.3 * Math.pow(eta, k));
      return { stepSize: eta, value: v, error: 1e-4 * v };
    });
    const slopes = localSlopes(pts);
    expect(slopes).toHaveLength(5);
    const r = extrapolateLimit(slopes, k);
    expect(Math.abs(r.value - gamma)).toBeLessThanOrEqual(r.error);
    expect(r.error).toBeLessThan(0.01);
  });
});
