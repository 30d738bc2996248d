/**
 * Properties of the simulator over random landscapes and noise laws: the generated kernel equals the
 * scalar reference bit for bit (same streams), and chunking never changes a number. Hypotheses
 * (gaps, law, truncation, step size) come from integer grids and shrink; the seed does not.
 */
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { createNoiseLaw } from '../src/model/noise.ts';
import { randomPolynomialSpec, resolveLandscape } from '../src/model/landscapes.ts';
import { deriveKey } from '../src/rng/seeds.ts';
import { runExitChunkTs, runTrajectoryChunkTs } from '../src/sim/kernel-ts.ts';
import { referenceExit, referenceTrajectory } from '../src/sim/reference.ts';
import { arbGaps, arbNoiseLaws, arbSeed, arbStepSize, arbTruncation } from './arbitraries.ts';

// Wider than the paper's ranges on purpose (α up to 4, p₊ from 0.2): bit-identity must hold everywhere.
const gapsArb = arbGaps({ minMinima: 2, maxMinima: 3, minGap: 0.3, maxGap: 1, gridStep: 0.1 });
const scale = { min: 0.1, max: 0.5, step: 0.1 };
const noiseArb = arbNoiseLaws([
  { kind: 'lomax', tailIndex: { min: 1.1, max: 3, step: 0.1 }, scale, pPlus: { min: 0.2, max: 0.8, step: 0.1 } },
  { kind: 'gaussian', scale: { min: 0.1, max: 1, step: 0.1 } },
  { kind: 'student-t', tailIndex: { min: 1.1, max: 4, step: 0.1 }, scale },
  { kind: 'stable', tailIndex: { min: 1.1, max: 1.9, step: 0.1 }, scale },
]);
const truncationArb = arbTruncation();
const etaArb = arbStepSize();
const seedArb = arbSeed();

describe('kernel = reference on random landscapes and laws', () => {
  it('exit mode: same exit steps, positions and targets', () => {
    fc.assert(
      fc.property(
        gapsArb,
        noiseArb,
        truncationArb,
        etaArb,
        seedArb,
        fc.nat(),
        (gaps, noise, truncation, eta, seed, b0) => {
          const land = resolveLandscape(randomPolynomialSpec({ gaps }));
          const law = createNoiseLaw(noise);
          const basin = 1 + (b0 % land.minima.length);
          const start = land.minima[basin - 1];
          const key = deriveKey({ seed, path: 'prop/exit' });
          const maxSteps = 500;
          const res = runExitChunkTs({
            landscape: {
              spec: land.spec,
              gradientSource: land.gradientSource,
              box: land.box,
              minima: [...land.minima],
              saddles: [...land.saddles],
            },
            noise,
            stepSize: eta,
            truncation,
            key,
            basin,
            start,
            maxSteps,
            firstChain: 0,
            chainCount: 8,
          });
          for (let i = 0; i < 8; i++) {
            const ref = referenceExit(land, law, { stepSize: eta, truncation, basin, start, maxSteps }, key, i);
            expect(res.exitSteps[i]).toBe(ref.exitSteps);
            expect(res.exitPosition[i]).toBe(ref.exitPosition);
            expect(res.target[i]).toBe(ref.target);
          }
        },
      ),
      { numRuns: 60, seed: 20261126 },
    );
  });

  it('trajectory mode: same basin steps and transitions; occupancy sums to the steps', () => {
    fc.assert(
      fc.property(gapsArb, noiseArb, truncationArb, etaArb, seedArb, (gaps, noise, truncation, eta, seed) => {
        const land = resolveLandscape(randomPolynomialSpec({ gaps }));
        const law = createNoiseLaw(noise);
        const key = deriveKey({ seed, path: 'prop/traj' });
        const steps = 3000;
        const eps = 0.05;
        const r = runTrajectoryChunkTs({
          landscape: {
            spec: land.spec,
            gradientSource: land.gradientSource,
            box: land.box,
            minima: [...land.minima],
            saddles: [...land.saddles],
          },
          noise,
          stepSize: eta,
          truncation,
          key,
          start: 0,
          steps,
          stepOffset: 0,
          epsilon: eps,
          firstPath: 0,
          pathCount: 1,
        });
        const ref = referenceTrajectory(
          land,
          law,
          { stepSize: eta, truncation, start: 0, steps, epsilon: eps },
          key,
          0,
        );
        expect(Array.from(r.basinSteps)).toEqual(ref.basinSteps);
        expect(Array.from(r.transitions)).toEqual(ref.transitions);
        expect(ref.basinSteps.reduce((a, v) => a + v, 0)).toBe(steps);
      }),
      { numRuns: 40, seed: 20261126 },
    );
  });
});
