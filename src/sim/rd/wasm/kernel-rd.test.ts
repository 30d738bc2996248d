import { describe, expect, it } from 'vitest';
import { chainStream, deriveKey } from '../../../rng/seeds.ts';
import { createNoiseLawRd, type NoiseSpecRd } from '../../../model/rd/noise.ts';
import { hookValleyLandscape, wellLandscape } from '../../../model/rd/landscapes.ts';
import { himmelblauVariant } from '../../../model/rd/himmelblau.ts';
import type { LandscapeRd } from '../../../model/rd/types.ts';
import { runExitRd, type ExitOptionsRd, type ExitResultRd } from '../run.ts';
import { noiseSampler } from '../samplers.ts';
import { wasmRdCovers, wasmRdNoise, wasmRdSupportsLandscape } from './index.ts';

/** Every bit of two exit results (steps, positions, targets, censoring). */
function expectSameBits(a: ExitResultRd, b: ExitResultRd): void {
  expect(Array.from(b.exitSteps)).toEqual(Array.from(a.exitSteps));
  expect(Array.from(b.target)).toEqual(Array.from(a.target));
  expect(Array.from(b.censoredMask)).toEqual(Array.from(a.censoredMask));
  // toEqual on arrays of numbers tells −0 from +0 and compares NaN as equal: Object.is per entry.
  for (let i = 0; i < a.exitPosition.length; i++) expect(Object.is(a.exitPosition[i], b.exitPosition[i])).toBe(true);
}

function both(o: ExitOptionsRd): [ExitResultRd, ExitResultRd] {
  const ts = runExitRd({ ...o, engine: 'ts' });
  const wasm = runExitRd(o);
  expect(ts.engine).toBe('ts');
  expect(wasm.engine).toBe('wasm');
  return [ts, wasm];
}

const lomax15: NoiseSpecRd = { kind: 'lomax', tailIndex: 1.5, scale: 0.3, dimension: 2 };

describe('planar WASM kernel ≡ TypeScript kernel (same streams, every bit)', () => {
  it('draws the TS sampler’s isotropic Pareto and Lomax noise, draw for draw', () => {
    const key = deriveKey({ seed: 3, path: 'rd-wasm/noise' });
    for (const spec of [lomax15, { kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 } as NoiseSpecRd]) {
      const law = createNoiseLawRd(spec);
      const sample = noiseSampler(law);
      for (const chain of [0, 5]) {
        const w = wasmRdNoise(law, key, chain, 1000);
        const rng = chainStream(key, chain);
        const z = new Float64Array(2);
        for (let i = 0; i < 1000; i++) {
          sample(rng, z);
          if (!Object.is(z[0], w[2 * i]) || !Object.is(z[1], w[2 * i + 1])) {
            throw new Error(
              `${spec.kind} chain ${chain} draw ${i}: TS (${z[0]}, ${z[1]}), WASM (${w[2 * i]}, ${w[2 * i + 1]})`,
            );
          }
        }
      }
    }
  });

  it('quartic well with frequent norm clipping: the same exits', () => {
    const landscape = wellLandscape({ curvature: [1, 4], power: 4, domain: [1, 1.3] });
    // η·c = 0.15: a Lomax radius above 2b/(ηc) = 8 (probability 9^−1.5 ≈ 3.7% a step) is clipped for
    // sure, since |∇f| ≤ 4·1.3³ ≈ 8.8 inside the domain moves the step by at most η·8.8 = 0.44 < b.
    const o: ExitOptionsRd = {
      landscape,
      noise: { kind: 'lomax', tailIndex: 1.5, scale: 3, dimension: 2 },
      stepSize: 0.05,
      truncation: 0.6,
      basin: 1,
      chains: 40,
      seed: 11,
      maxSteps: 200_000,
    };
    const [ts, wasm] = both(o);
    expectSameBits(ts, wasm);
    expect(ts.censored).toBe(0);
  });

  it('quadratic disc (Pareto), hook valley, with censoring and any chunking', () => {
    const cases: [LandscapeRd, NoiseSpecRd, number, number][] = [
      [
        wellLandscape({ curvature: [1, 1], domain: [1, 1] }),
        { kind: 'pareto', tailIndex: 1.5, scale: 0.3, dimension: 2 },
        0.1,
        0.6,
      ],
      [hookValleyLandscape(), lomax15, 0.1, 1.25],
    ];
    for (const [landscape, noise, stepSize, truncation] of cases) {
      const o: ExitOptionsRd = {
        landscape,
        noise,
        stepSize,
        truncation,
        basin: 1,
        chains: 30,
        seed: 5,
        maxSteps: 3000,
      };
      const [ts, wasm] = both(o);
      expectSameBits(ts, wasm);
      expect(ts.censored).toBeGreaterThan(0); // the cap is reached by some chains
      expect(ts.censored).toBeLessThan(30);
      expectSameBits(ts, runExitRd({ ...o, chunkSize: 7 }));
    }
  });

  it('Himmelblau variant: grid basins, projection onto the ball, landing in other basins', () => {
    const landscape = himmelblauVariant();
    const o: ExitOptionsRd = {
      landscape,
      noise: { kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 },
      stepSize: 0.02,
      truncation: 2.15,
      basin: 3,
      start: [2.9, 1.0],
      chains: 60,
      seed: 2,
      maxSteps: 100_000,
    };
    const [ts, wasm] = both(o);
    expectSameBits(ts, wasm);
    const norms = Array.from({ length: 60 }, (_, i) => Math.hypot(ts.exitPosition[2 * i], ts.exitPosition[2 * i + 1]));
    // Exits that ended on the sphere of radius 4.2 went through the ball projection.
    expect(norms.filter((r) => Math.abs(r - 4.2) < 1e-12).length).toBeGreaterThan(0);
    expect(new Set(ts.target).size).toBeGreaterThan(1);
  });

  it('falls back to TypeScript where it does not apply, and refuses a model it does not reproduce', () => {
    const landscape = wellLandscape({ curvature: [1, 2], domain: [1, 1] });
    const base = { landscape, stepSize: 0.1, truncation: 0.5, basin: 1, chains: 3, seed: 1, maxSteps: 100 };
    const law = (spec: NoiseSpecRd) => createNoiseLawRd(spec);
    expect(runExitRd({ ...base, noise: { kind: 'student-t', tailIndex: 1.5, scale: 0.3, dimension: 2 } }).engine).toBe(
      'ts',
    );
    const finite: NoiseSpecRd = {
      ...lomax15,
      direction: {
        kind: 'finite',
        directions: [
          [1, 0],
          [-1, 0],
        ],
        weights: [0.5, 0.5],
      },
    };
    expect(runExitRd({ ...base, noise: finite }).engine).toBe('ts');
    expect(runExitRd({ ...base, noise: lomax15, mutant: 'coordinate-clipping' }).engine).toBe('ts');
    expect(wasmRdCovers({ landscape, law: law(lomax15), stepSize: 0.1, truncation: 0.5 })).toBe(true);
    // Same closed form, a gradient one ulp away at some points: the probe check must catch it.
    const drifted: LandscapeRd = {
      ...landscape,
      gradient: (x, out) => {
        out[0] = 1 * x[0] * (1 + 2 ** -52);
        out[1] = 2 * x[1];
      },
    };
    expect(wasmRdSupportsLandscape(drifted)).toBe(false);
    expect(runExitRd({ ...base, landscape: drifted, noise: lomax15 }).engine).toBe('ts');
  });
});
