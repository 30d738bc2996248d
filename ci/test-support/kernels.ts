/**
 * Helpers shared by the kernel-equivalence tests (src/sim/wasm/kernel.test.ts and
 * properties/wasm.test.ts); not a `.test.ts` file, so vitest does not collect it. Test support lives
 * in ci/test-support/, outside src/, so that nothing shipped imports it.
 */
import type { Landscape } from '../../src/model/types.ts';
import type { KernelLandscape } from '../../src/sim/types.ts';

/** The part of a resolved landscape a kernel task carries (what crosses to a worker). */
export function kernelLandscape(l: Landscape): KernelLandscape {
  return { spec: l.spec, gradientSource: l.gradientSource, box: l.box, minima: l.minima, saddles: l.saddles };
}

/**
 * True when the two arrays have the same length and every element is the same value bit for bit in
 * the sense of `Object.is` (so NaN equals NaN, and +0 differs from −0).
 */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
