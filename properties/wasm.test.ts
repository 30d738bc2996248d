/**
 * The WASM SIMD kernel equals the TypeScript kernel bit for bit on random polynomial landscapes
 * (1–4 minima), all four noise laws (Lomax with α, c, p₊ from grids, Gaussian, Student-t, α-stable), truncations (finite or none), step sizes, basins
 * and chain ranges, with the same streams; and a trajectory split into segments continues exactly
 * as the TS kernel does. Hypotheses shrink; the seed does not. The properties live in
 * ./wasm-identity.ts, which `npm run measure:wasm-seeds` also runs under fresh seeds with a timeout.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { EXIT_RUNS, exitIdentityProperty, TRAJECTORY_RUNS, trajectoryIdentityProperty } from './wasm-identity.ts';

describe('WASM kernel ≡ TS kernel (same streams, every bit)', () => {
  it('exit mode on random landscapes, laws, truncations and basins', () => {
    fc.assert(exitIdentityProperty(), { numRuns: EXIT_RUNS, seed: 20261126 });
  });

  it('trajectory mode, split into two segments, continues exactly like the TS kernel', () => {
    fc.assert(trajectoryIdentityProperty(), { numRuns: TRAJECTORY_RUNS, seed: 20261126 });
  });
});
