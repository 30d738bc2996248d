/**
 * The WASM ≡ TS kernel properties (exit mode; trajectory split into two segments), shared by
 * properties/wasm.test.ts (pinned seeds, CI) and ci/wasm-fresh-seeds.ts (fresh seeds, each run under
 * a timeout: the evidence that no input makes the WASM kernel loop).
 */
import fc from 'fast-check';
import { arbLandscapeSpec, arbNoiseLaws, arbSeed, arbStepSize, arbTruncation } from './arbitraries.ts';
import { resolveLandscape } from '../src/model/landscapes.ts';
import { deriveKey } from '../src/rng/seeds.ts';
import { tsKernel } from '../src/sim/kernel-ts.ts';
import { wasmKernel, wasmSupportsLandscape } from '../src/sim/wasm/index.ts';
import { kernelLandscape, sameBits } from '../ci/test-support/kernels.ts';

const lawsArb = arbNoiseLaws([
  { kind: 'lomax', pPlus: { min: 0.2, max: 0.8, step: 0.1 } },
  { kind: 'gaussian', scale: { min: 0.1, max: 2, step: 0.1 } },
  { kind: 'student-t' },
  { kind: 'stable', tailIndex: { min: 1.1, max: 1.9, step: 0.1 } },
]);
const truncationArb = arbTruncation();
const etaArb = arbStepSize();

/** Runs per fc.assert in CI (the fresh-seed script uses the same). */
export const EXIT_RUNS = 40;
export const TRAJECTORY_RUNS = 25;

/** Exit mode on random landscapes (1–4 minima), laws, truncations and basins: every bit equal. */
export function exitIdentityProperty() {
  return fc.property(
    arbLandscapeSpec({ maxMinima: 4 }),
    lawsArb,
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
  );
}

/**
 * Trajectory mode (1–3 minima, ε = 0.05) split into two segments (512 then 300 steps): counts,
 * transitions and the continuation state equal the TS kernel's, bit for bit.
 */
export function trajectoryIdentityProperty() {
  return fc.property(
    arbLandscapeSpec({ maxMinima: 3 }),
    lawsArb,
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
        if (
          !sameBits(a.basinSteps, b.basinSteps) ||
          !sameBits(a.transitions, b.transitions) ||
          !sameBits(a.state.x, b.state.x) ||
          !sameBits(a.state.rng, b.state.rng) ||
          !sameBits(a.state.lastMinimum, b.state.lastMinimum)
        )
          return false;
      }
      return true;
    },
  );
}
