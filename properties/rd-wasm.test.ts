/**
 * The planar WASM kernel equals the TypeScript reference bit for bit (issue 16 §7) on random wells
 * (quadratic or quartic, anisotropic curvature and exit ellipse) and random hook valleys, with
 * isotropic Pareto or Lomax noise of random index and scale, random step sizes and truncations
 * (finite or none) and random chain ranges: exit steps, exit positions, targets and censoring.
 * Hypotheses shrink; the seed does not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hookValleyLandscape, wellLandscape, type LandscapeRd } from '../src/model/rd/index.ts';
import { runExitRd, type ExitOptionsRd } from '../src/sim/rd/index.ts';

const landscapeArb: fc.Arbitrary<LandscapeRd> = fc.oneof(
  fc
    .record({
      a0: fc.double({ min: 0.2, max: 5, noNaN: true }),
      a1: fc.double({ min: 0.2, max: 5, noNaN: true }),
      r0: fc.double({ min: 0.5, max: 2, noNaN: true }),
      r1: fc.double({ min: 0.5, max: 2, noNaN: true }),
      power: fc.constantFrom(2 as const, 4 as const),
    })
    .map(({ a0, a1, r0, r1, power }) => wellLandscape({ curvature: [a0, a1], domain: [r0, r1], power })),
  fc
    .record({
      reach: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
      turn: fc.double({ min: 0.3, max: 0.8, noNaN: true }),
    })
    .map(({ reach, turn }) =>
      hookValleyLandscape({ reach, turn, domain: reach + 2 * turn + 0.5, ball: reach + 2 * turn + 1.5 }),
    ),
);

describe('planar WASM kernel ≡ TS kernel (same streams, every bit)', () => {
  it('exit mode on random wells and hook valleys, laws, step sizes and truncations', () => {
    fc.assert(
      fc.property(
        landscapeArb,
        fc.constantFrom('pareto' as const, 'lomax' as const),
        fc.double({ min: 1.05, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.oneof(fc.constant(Infinity), fc.double({ min: 0.05, max: 2, noNaN: true })),
        fc.integer({ min: 0, max: 1000 }),
        (landscape, kind, tailIndex, scale, stepSize, truncation, firstSeed) => {
          const o: ExitOptionsRd = {
            landscape,
            noise: { kind, tailIndex, scale, dimension: 2 },
            stepSize,
            truncation,
            basin: 1,
            chains: 6,
            seed: firstSeed,
            maxSteps: 3000,
          };
          const ts = runExitRd({ ...o, engine: 'ts' });
          const wasm = runExitRd(o);
          expect(wasm.engine).toBe('wasm');
          expect(Array.from(wasm.exitSteps)).toEqual(Array.from(ts.exitSteps));
          expect(Array.from(wasm.target)).toEqual(Array.from(ts.target));
          for (let i = 0; i < ts.exitPosition.length; i++)
            expect(Object.is(wasm.exitPosition[i], ts.exitPosition[i])).toBe(true);
        },
      ),
      { numRuns: 40, seed: 20261207 },
    );
  });
});
