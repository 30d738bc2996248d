/**
 * The WASM SIMD kernel equals the TypeScript kernel bit for bit on random polynomial landscapes
 * (1–4 minima), all four noise laws (Lomax with α, c, p₊ from grids, Gaussian, Student-t, α-stable), truncations (finite or none), step sizes, basins
 * and chain ranges, with the same streams; and a trajectory split into segments continues exactly
 * as the TS kernel does. Hypotheses shrink; the seed does not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbLandscapeSpec, arbNoiseLaws, arbSeed, arbStepSize, arbTruncation } from './arbitraries.ts';
import { resolveLandscape } from '../src/model/landscapes.ts';
import { deriveKey } from '../src/rng/seeds.ts';
import { tsKernel } from '../src/sim/kernel-ts.ts';
import { wasmKernel, wasmSupportsLandscape } from '../src/sim/wasm/index.ts';
import { kernelLandscape, sameBits } from '../ci/test-support/kernels.ts';

const lomaxArb = arbNoiseLaws([
  { kind: 'lomax', pPlus: { min: 0.2, max: 0.8, step: 0.1 } },
  { kind: 'gaussian', scale: { min: 0.1, max: 2, step: 0.1 } },
  { kind: 'student-t' },
  { kind: 'stable', tailIndex: { min: 1.1, max: 1.9, step: 0.1 } },
]);
const truncationArb = arbTruncation();
const etaArb = arbStepSize();

describe('WASM kernel ≡ TS kernel (same streams, every bit)', () => {
  it('exit mode on random landscapes, laws, truncations and basins', () => {
    fc.assert(
      fc.property(
        arbLandscapeSpec({ maxMinima: 4 }),
        lomaxArb,
        truncationArb,
        etaArb,
        fc.nat(1000),
        fc.nat(3),
        arbSeed(),
        (spec, noise, truncation, stepSize, firstChain, basinPick, seed) => {
          const l = kernelLandscape(resolveLandscape(spec));
          if (!wasmSupportsLandscape(l)) return false;
          const basin = 1 + (basinPick % l.minima.length);
          const task = {
            landscape: l,
            noise,
            stepSize,
            truncation,
            key: deriveKey({ seed, path: 'properties/wasm' }),
            basin,
            start: l.minima[basin - 1],
            maxSteps: 700,
            firstChain,
            chainCount: 40,
          };
          const t = tsKernel.runExitChunk(task);
          const w = wasmKernel.runExitChunk(task);
          return (
            sameBits(w.exitSteps, t.exitSteps) &&
            sameBits(w.exitPosition, t.exitPosition) &&
            sameBits(w.censored, t.censored) &&
            sameBits(w.target, t.target) &&
            w.totalSteps === t.totalSteps
          );
        },
      ),
      { numRuns: 40, seed: 20261126 },
    );
  });

  it('trajectory mode, split into two segments, continues exactly like the TS kernel', () => {
    fc.assert(
      fc.property(
        arbLandscapeSpec({ maxMinima: 3 }),
        lomaxArb,
        truncationArb,
        etaArb,
        fc.integer({ min: 1, max: 20 }),
        arbSeed(),
        (spec, noise, truncation, stepSize, pathCount, seed) => {
          const l = kernelLandscape(resolveLandscape(spec));
          const base = {
            landscape: l,
            noise,
            stepSize,
            truncation,
            key: deriveKey({ seed, path: 'properties/wasm/traj' }),
            start: l.minima[0],
            epsilon: 0.05,
            firstPath: 0,
            pathCount,
          };
          const t1 = tsKernel.runTrajectoryChunk({ ...base, steps: 512, stepOffset: 0 });
          const w1 = wasmKernel.runTrajectoryChunk({ ...base, steps: 512, stepOffset: 0 });
          const t2 = tsKernel.runTrajectoryChunk({ ...base, steps: 300, stepOffset: 512, state: t1.state });
          const w2 = wasmKernel.runTrajectoryChunk({ ...base, steps: 300, stepOffset: 512, state: w1.state });
          for (const [a, b] of [
            [w1, t1],
            [w2, t2],
          ] as const) {
            expect(sameBits(a.basinSteps, b.basinSteps)).toBe(true);
            expect(sameBits(a.transitions, b.transitions)).toBe(true);
            expect(sameBits(a.state.x, b.state.x)).toBe(true);
            expect(sameBits(a.state.rng, b.state.rng)).toBe(true);
            expect(sameBits(a.state.lastMinimum, b.state.lastMinimum)).toBe(true);
          }
        },
      ),
      { numRuns: 25, seed: 20261126 },
    );
  });
});
