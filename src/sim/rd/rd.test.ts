import { describe, expect, it } from 'vitest';
import { openStream } from '../../rng/seeds.ts';
import { paperLandscape, polynomialLandscape } from '../../model/index.ts';
import { createNoiseLawRd, type NoiseSpecRd } from '../../model/rd/noise.ts';
import { separableLandscape, wellLandscape } from '../../model/rd/landscapes.ts';
import { runExitSync } from '../run-exit.ts';
import { makeStep } from './kernel.ts';
import { runExitRd, runTrajectoryRd } from './run.ts';
import { noiseSampler } from './samplers.ts';

const axisLomax: NoiseSpecRd = {
  kind: 'lomax',
  tailIndex: 1.2,
  scale: 0.1,
  dimension: 2,
  direction: {
    kind: 'finite',
    directions: [
      [1, 0],
      [-1, 0],
    ],
    weights: [0.5, 0.5],
  },
};

describe('R^d samplers', () => {
  it("draw ‖Z‖ from the law's exact radial tail and isotropic directions", () => {
    const specs: NoiseSpecRd[] = [
      { kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 },
      { kind: 'lomax', tailIndex: 1.5, scale: 0.1, dimension: 3 },
      { kind: 'student-t', tailIndex: 1.5, scale: 0.2, dimension: 2 },
      { kind: 'student-t', tailIndex: 3.5, scale: 1, dimension: 2 },
    ];
    for (const spec of specs) {
      const law = createNoiseLawRd(spec);
      const sample = noiseSampler(law);
      const rng = openStream({ seed: 7, path: `samplers/${spec.kind}/${spec.tailIndex}` });
      const z = new Float64Array(spec.dimension);
      const n = 20_000;
      const norms = new Float64Array(n);
      let cos2 = 0;
      for (let i = 0; i < n; i++) {
        sample(rng, z);
        norms[i] = Math.hypot(...z);
        cos2 += (z[0] * z[0] - z[1] * z[1]) / (z[0] * z[0] + z[1] * z[1]);
      }
      // Binomial z-scores of P(‖Z‖ > x) at three quantiles of the exact law.
      for (const x of [law.scale * 0.8, law.scale * 2, law.scale * 10]) {
        const p = law.radialTail(x);
        let k = 0;
        for (const v of norms) if (v > x) k++;
        expect(Math.abs(k / n - p) / Math.sqrt((p * (1 - p)) / n + 1e-12)).toBeLessThan(4.5);
      }
      // E cos 2θ = 0 under isotropy (sd of the mean ≤ 1/√n).
      expect(Math.abs(cos2 / n)).toBeLessThan(4.5 / Math.sqrt(n));
    }
  });
});

describe('R^d chain', () => {
  it('clips the norm of the whole step (and the coordinate mutant does not)', () => {
    const land = wellLandscape({ curvature: [1, 1], domain: [10, 10] });
    const law = createNoiseLawRd({
      kind: 'pareto',
      tailIndex: 1.5,
      scale: 1,
      dimension: 2,
      direction: {
        kind: 'finite',
        directions: [
          [1, 1],
          [-1, -1],
        ],
        weights: [1, 1],
      },
    });
    const x = Float64Array.of(0, 0);
    const y = Float64Array.of(0, 0);
    const ctx = { landscape: land, sample: noiseSampler(law), stepSize: 1, truncation: 0.5 };
    makeStep(ctx)(openStream({ seed: 1, path: 's' }), x);
    makeStep({ ...ctx, mutant: 'coordinate-clipping' as const })(openStream({ seed: 1, path: 's' }), y);
    // Noise along the diagonal with ‖Z‖ ≥ 1 > b: the step is the clipped diagonal of norm b.
    expect(Math.hypot(x[0], x[1])).toBeCloseTo(0.5, 12);
    expect(Math.abs(y[0])).toBeCloseTo(0.5, 12);
    expect(Math.hypot(y[0], y[1])).toBeCloseTo(0.5 * Math.SQRT2, 12);
  });

  it("the plane's scalar step gives the bits of the general d loop (run as the anisotropic mutant with factor 1)", () => {
    const common = {
      landscape: wellLandscape({ curvature: [1, 2], power: 2, domain: [1, 1] }),
      noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.3, dimension: 2 } as NoiseSpecRd,
      stepSize: 0.1,
      truncation: 0.6,
      basin: 1,
      chains: 40,
      seed: 3,
    };
    const plane = runExitRd(common);
    const general = runExitRd({ ...common, mutant: 'anisotropic-noise', mutantFactor: 1 });
    expect(plane.totalSteps).toBeGreaterThan(10_000);
    expect(Array.from(plane.exitSteps)).toEqual(Array.from(general.exitSteps));
    expect(Array.from(plane.exitPosition)).toEqual(Array.from(general.exitPosition));
  });
  it('gives the same numbers for any chunking', () => {
    const land = wellLandscape({ curvature: [1, 2], power: 4, domain: [0.6, 0.6] });
    const base = {
      landscape: land,
      noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.1, dimension: 2 } as NoiseSpecRd,
      stepSize: 0.05,
      truncation: 0.25,
      basin: 1,
      chains: 40,
      seed: 3,
    };
    const a = runExitRd({ ...base, chunkSize: 1 });
    const b = runExitRd({ ...base, chunkSize: 7 });
    expect(Array.from(a.exitSteps)).toEqual(Array.from(b.exitSteps));
    expect(Array.from(a.exitPosition)).toEqual(Array.from(b.exitPosition));
  });

  it('reduces to the 1-D chain on a separable landscape with noise along an axis', () => {
    // f(x, y) = paper(x) + y²/2, start on y = 0, noise ±e₁: y stays 0 and the ball of radius 1.6 acts
    // on the axis as the box [−1.6, 1.6]; the sampler's contract makes the draws the 1-D ones.
    const sep = separableLandscape([paperLandscape(), polynomialLandscape([0], 1, 1.6)]);
    const common = { stepSize: 0.05, truncation: 0.5, chains: 400, seed: 11, path: 'reduction', maxSteps: 1_000_000 };
    for (const basin of [1, 3]) {
      const two = runExitRd({ ...common, landscape: sep, noise: axisLomax, basin });
      const one = runExitSync({
        ...common,
        landscape: { kind: 'paper' },
        noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
        basin,
        engine: 'ts',
        workers: 1,
      });
      const se = Math.hypot(two.standardError, one.standardError);
      expect(Math.abs(two.meanExitSteps - one.meanExitSteps)).toBeLessThan(3 * se);
      // Same streams, same draws: all but rounding-level path differences give the same exit step.
      let same = 0;
      for (let i = 0; i < common.chains; i++) if (two.exitSteps[i] === one.exitSteps[i]) same++;
      expect(same / common.chains).toBeGreaterThan(0.9);
      for (let i = 0; i < common.chains; i++) expect(two.exitPosition[2 * i + 1]).toBe(0);
    }
  });

  it('trajectory mode: occupancy sums to 1, visits within ε counted', () => {
    const sep = separableLandscape([paperLandscape(), polynomialLandscape([0], 1, 1.6)]);
    const r = runTrajectoryRd({
      landscape: sep,
      noise: axisLomax,
      stepSize: 0.02,
      truncation: Infinity,
      seed: 2,
      start: [0.3, 0],
      paths: 2,
      steps: 200_000,
      epsilon: 0.1,
    });
    expect(r.occupancy.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(r.transitions.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('rejects bad input in the one shape', () => {
    const land = wellLandscape({ curvature: [1, 1], domain: [1, 1] });
    const noise: NoiseSpecRd = { kind: 'lomax', tailIndex: 1.5, scale: 0.1, dimension: 2 };
    expect(() =>
      runExitRd({ landscape: land, noise, stepSize: -1, truncation: 1, basin: 1, chains: 1, seed: 1 }),
    ).toThrow(/runExitRd: invalid option `stepSize`/);
    expect(() =>
      runExitRd({ landscape: land, noise, stepSize: 0.1, truncation: 1, basin: 1, chains: 1, seed: 1, start: [2, 0] }),
    ).toThrow(/`start`/);
    expect(() =>
      runExitRd({
        landscape: land,
        noise: { ...noise, dimension: 3 },
        stepSize: 0.1,
        truncation: 1,
        basin: 1,
        chains: 1,
        seed: 1,
      }),
    ).toThrow(/`noise.dimension`/);
  });
});

describe('general d', () => {
  it('runs a 3-D anisotropic well with isotropic Student-t noise (exits, same numbers for any chunking)', () => {
    const land = wellLandscape({ curvature: [1, 2, 3], domain: [0.8, 0.8, 0.8] });
    const base = {
      landscape: land,
      noise: { kind: 'student-t', tailIndex: 1.5, scale: 0.2, dimension: 3 } as NoiseSpecRd,
      stepSize: 0.05,
      truncation: 0.5,
      basin: 1,
      chains: 30,
      seed: 5,
    };
    const a = runExitRd({ ...base, chunkSize: 4 });
    const b = runExitRd(base);
    expect(a.censored).toBe(0);
    expect(Array.from(a.exitSteps)).toEqual(Array.from(b.exitSteps));
    for (let i = 0; i < a.chains; i++)
      expect(
        Math.hypot(a.exitPosition[3 * i], a.exitPosition[3 * i + 1], a.exitPosition[3 * i + 2]),
      ).toBeGreaterThanOrEqual(0.8);
  });
});
