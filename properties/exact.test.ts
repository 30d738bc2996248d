/**
 * The simulator agrees with the exact finite-η chain (issue 7, must-have 5): over random polynomial
 * landscapes, all four noise laws, clipped and unclipped, the simulated mean exit steps and exit side
 * match `exactExit` within 4.5 combined standard errors (simulation SE ⊕ discretisation estimate;
 * with 8 runs the chance of a false alarm is < 1e-4). A simulator drawing the wrong law or scale
 * fails this by tens of percent. Hypotheses shrink; the simulation seed does not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactExit } from '../src/exact/index.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { randomPolynomialSpec, resolveLandscape } from '../src/model/landscapes.ts';
import type { NoiseSpec } from '../src/model/types.ts';
import { runExitSync } from '../src/sim/run-exit.ts';

const gapsArb = fc.integer({ min: 1, max: 2 }).chain((pairs) =>
  fc.array(fc.integer({ min: 3, max: 9 }).map((k) => k / 10), { minLength: 2 * pairs, maxLength: 2 * pairs }),
);
const noiseArb: fc.Arbitrary<NoiseSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('lomax' as const),
    tailIndex: fc.integer({ min: 11, max: 25 }).map((k) => k / 10),
    scale: fc.integer({ min: 2, max: 6 }).map((k) => k / 10),
    pPlus: fc.integer({ min: 3, max: 7 }).map((k) => k / 10),
  }),
  fc.record({
    kind: fc.constant('student-t' as const),
    tailIndex: fc.integer({ min: 11, max: 30 }).map((k) => k / 10),
    scale: fc.integer({ min: 2, max: 6 }).map((k) => k / 10),
  }),
  fc.record({
    kind: fc.constant('stable' as const),
    tailIndex: fc.integer({ min: 11, max: 19 }).map((k) => k / 10),
    scale: fc.integer({ min: 2, max: 6 }).map((k) => k / 10),
  }),
  fc.record({ kind: fc.constant('gaussian' as const), scale: fc.integer({ min: 6, max: 12 }).map((k) => k / 10) }),
);
const truncationArb = fc.oneof(fc.constant(Infinity), fc.integer({ min: 2, max: 8 }).map((k) => k / 10));
const etaArb = fc.integer({ min: 4, max: 12 }).map((k) => k / 100);

describe('simulation agrees with the exact chain', () => {
  it('mean exit steps and exit side, random landscapes × lomax / student-t / stable / gaussian', () => {
    fc.assert(
      fc.property(
        gapsArb,
        noiseArb,
        truncationArb,
        etaArb,
        fc.nat(),
        fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 })),
        (gaps, noise, truncation, stepSize, b0, seed) => {
          const landscape = resolveLandscape(randomPolynomialSpec({ gaps }));
          const basin = 1 + (b0 % landscape.minima.length);
          const ex = exactExit({ landscape, noise: createNoiseLaw(noise), stepSize, truncation, basin, cells: 400 });
          // Keep simulation affordable: light tails or deep clipping can make exits astronomically rare.
          fc.pre(ex.meanExitSteps <= 2e4);
          // Budget ~1.5e6 simulated steps per case; at least 300 chains.
          const chains = Math.max(300, Math.min(3000, Math.round(1.5e6 / ex.meanExitSteps)));
          const sim = runExitSync({
            landscape, noise, stepSize, truncation, basin, chains, seed, path: 'prop/exact', workers: 1,
            maxSteps: Math.round(100 * ex.meanExitSteps) + 1000,
          });
          expect(sim.censored).toBe(0);
          const se = Math.hypot(sim.standardError, ex.errorEstimate);
          expect(Math.abs(sim.meanExitSteps - ex.meanExitSteps)).toBeLessThan(4.5 * se);
          const p = ex.exitedLeft.value;
          const seP = Math.hypot(Math.sqrt(Math.max(p * (1 - p), 1 / chains) / chains), ex.exitedLeft.errorEstimate);
          expect(Math.abs(sim.exitedLeft - p)).toBeLessThan(4.5 * seP);
        },
      ),
      { numRuns: 8, seed: 20261126 },
    );
  });
});
