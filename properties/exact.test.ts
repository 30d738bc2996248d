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
import { runExitSync } from '../src/sim/run-exit.ts';
import { arbGaps, arbNoiseLaws, arbSeed, arbStepSize, arbTruncation } from './arbitraries.ts';

// Ranges kept small enough for the exact oracle (400 cells) and for exits within ~2e4 steps.
const gapsArb = arbGaps({ minMinima: 2, maxMinima: 3, minGap: 0.3, maxGap: 0.9, gridStep: 0.1 });
const scale = { min: 0.2, max: 0.6, step: 0.1 };
const noiseArb = arbNoiseLaws([
  { kind: 'lomax', tailIndex: { min: 1.1, max: 2.5, step: 0.1 }, scale, pPlus: { min: 0.3, max: 0.7, step: 0.1 } },
  { kind: 'student-t', tailIndex: { min: 1.1, max: 3, step: 0.1 }, scale },
  { kind: 'stable', tailIndex: { min: 1.1, max: 1.9, step: 0.1 }, scale },
  { kind: 'gaussian', scale: { min: 0.6, max: 1.2, step: 0.1 } },
]);
const truncationArb = arbTruncation({ min: 0.2, max: 0.8, step: 0.1 });
const etaArb = arbStepSize({ min: 0.04, max: 0.12, step: 0.01 });

describe('simulation agrees with the exact chain', () => {
  it('mean exit steps and exit side, random landscapes × lomax / student-t / stable / gaussian', () => {
    fc.assert(
      fc.property(
        gapsArb,
        noiseArb,
        truncationArb,
        etaArb,
        fc.nat(),
        arbSeed(),
        (gaps, noise, truncation, stepSize, b0, seed) => {
          const landscape = resolveLandscape(randomPolynomialSpec({ gaps }));
          const basin = 1 + (b0 % landscape.minima.length);
          const ex = exactExit({ landscape, noise: createNoiseLaw(noise), stepSize, truncation, basin, cells: 400 });
          // Keep simulation affordable: light tails or deep clipping can make exits astronomically rare.
          fc.pre(ex.meanExitSteps <= 2e4);
          // Budget ~1.5e6 simulated steps per case; at least 300 chains.
          const chains = Math.max(300, Math.min(3000, Math.round(1.5e6 / ex.meanExitSteps)));
          const sim = runExitSync({
            landscape,
            noise,
            stepSize,
            truncation,
            basin,
            chains,
            seed,
            path: 'prop/exact',
            workers: 1,
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
