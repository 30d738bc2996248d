import { describe, expect, it } from 'vitest';
import { createNoiseLaw } from '../model/noise.ts';
import type { NoiseSpec } from '../model/types.ts';
import { chainStream, deriveKey } from '../rng/seeds.ts';
import type { RandomStream } from '../rng/xoshiro.ts';
import { sampleGaussian, sampleLomax, sampleNoise, sampleStable, sampleStudentT } from './samplers.ts';

/**
 * √n·D', D' = max over every 8th order statistic x₍ᵢ₎ of |F_n − F| at x₍ᵢ₎ (both sides of the
 * jump). D' ≤ D (Kolmogorov–Smirnov), so the H0 bound below still holds; evaluating the cdf at an
 * eighth of the points keeps the stable law's (quadrature) cdf affordable, and D' ≥ D − 8/n.
 */
function ksScaled(samples: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(samples).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i += 8) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return Math.sqrt(n) * d;
}

/**
 * Reject when √n·D > 1.95·1.5 ≈ 2.93: under H0, P(√n·D > 2.93) ≈ 2e^{−2·2.93²} ≈ 7e-8, so a false
 * alarm is negligible; the wrong-α cases below show the bound has power.
 */
const KS_BOUND = 1.95 * 1.5;
const N = 20_000;

function draw(spec: NoiseSpec, n: number, seed: number): Float64Array {
  const rng = chainStream(deriveKey({ seed, path: `samplers.test/${spec.kind}` }), 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sampleNoise(rng, spec);
  return out;
}

/** A stream that replays given uniforms (to check the contract's formulas by hand). */
function fixed(...u: number[]): RandomStream {
  let i = 0;
  return {
    nextUniform: () => u[i++],
    nextUint32: () => {
      throw new Error('unused');
    },
  };
}

const CASES: { spec: NoiseSpec; wrong: NoiseSpec }[] = [
  { spec: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 }, wrong: { kind: 'lomax', tailIndex: 1.4, scale: 0.1 } },
  {
    spec: { kind: 'lomax', tailIndex: 1.6, scale: 1, pPlus: 0.75 },
    wrong: { kind: 'lomax', tailIndex: 1.6, scale: 1, pPlus: 0.7 },
  },
  { spec: { kind: 'gaussian', scale: 1 }, wrong: { kind: 'gaussian', scale: 1.1 } },
  { spec: { kind: 'student-t', tailIndex: 1.5, scale: 2 }, wrong: { kind: 'student-t', tailIndex: 2.5, scale: 2 } },
  { spec: { kind: 'stable', tailIndex: 1.5, scale: 1 }, wrong: { kind: 'stable', tailIndex: 1.25, scale: 1 } },
  { spec: { kind: 'stable', tailIndex: 1.1, scale: 0.5 }, wrong: { kind: 'stable', tailIndex: 1.4, scale: 0.5 } },
];

describe('each sampler matches its exact cdf (KS, n = 20 000, pinned seeds)', () => {
  for (const { spec, wrong } of CASES) {
    it(`${JSON.stringify(spec)}; and is told apart from ${JSON.stringify(wrong)}`, () => {
      const xs = draw(spec, N, 7);
      const ok = ksScaled(xs, createNoiseLaw(spec).cdf);
      const bad = ksScaled(xs, createNoiseLaw(wrong).cdf);
      expect(ok).toBeLessThan(KS_BOUND);
      expect(bad).toBeGreaterThan(KS_BOUND);
    });
  }
});

describe('the samplers follow the shared contract formula exactly', () => {
  it('lomax: one uniform; sign from u < p₊; W = v^{−1/α} − 1; centring shift', () => {
    expect(sampleLomax(fixed(0.25), 2, 1)).toBe(Math.exp(-Math.log(0.5) * 0.5) - 1);
    expect(sampleLomax(fixed(0.75), 2, 3)).toBe(3 * -1 * (Math.exp(-Math.log(0.5) * 0.5) - 1));
    const v = (1 - 0.9) / (1 - 0.8);
    expect(sampleLomax(fixed(0.9), 1.5, 2, 0.8)).toBe(
      2 * (-1 * (Math.exp(-Math.log(v) * (1 / 1.5)) - 1) - (2 * 0.8 - 1) / (1.5 - 1)),
    );
  });
  it('gaussian: Box–Muller cosine branch', () => {
    expect(sampleGaussian(fixed(0.3, 0.2), 2)).toBe(2 * Math.sqrt(-2 * Math.log(0.3)) * Math.cos(2 * Math.PI * 0.2));
  });
  it("student-t: Bailey's polar, rejecting w ≥ 1", () => {
    // (0.95, 0.95) → a = b = 0.9, w = 1.62 rejected; then (0.75, 0.5) → a = 0.5, b = 0, w = 0.25.
    expect(sampleStudentT(fixed(0.95, 0.95, 0.75, 0.5), 3, 2)).toBe(
      2 * 0.5 * Math.sqrt((3 * (Math.exp(Math.log(0.25) * (-2 / 3)) - 1)) / 0.25),
    );
  });
  it('stable: Chambers–Mallows–Stuck with V = π(u₁ − ½), E = −ln u₂', () => {
    const a = 1.5;
    const V = Math.PI * (0.7 - 0.5);
    const E = -Math.log(0.4);
    expect(sampleStable(fixed(0.7, 0.4), a, 3)).toBe(
      ((3 * Math.sin(a * V)) / Math.exp(Math.log(Math.cos(V)) * (1 / a))) *
        Math.exp(Math.log(Math.cos(V - a * V) / E) * ((1 - a) / a)),
    );
  });
  it('sampleNoise dispatches on specs and laws alike, drawing the same numbers', () => {
    const spec: NoiseSpec = { kind: 'student-t', tailIndex: 2.5, scale: 1 };
    const a = draw(spec, 100, 3);
    const rng = chainStream(deriveKey({ seed: 3, path: 'samplers.test/student-t' }), 0);
    const law = createNoiseLaw(spec);
    for (let i = 0; i < 100; i++) expect(sampleNoise(rng, law)).toBe(a[i]);
  });
});
