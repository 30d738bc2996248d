/**
 * The kernels a run can use, by name. Both give the same numbers chain by chain (tested bit for bit),
 * so the engine is a speed choice only: 'wasm' (WebAssembly SIMD, src/sim/wasm) covers polynomial
 * landscapes with Lomax noise and hands every other task to the TypeScript kernel; 'ts' is the
 * code-generated TypeScript kernel alone.
 */
import { tsKernel } from './kernel-ts.ts';
import { wasmKernel } from './wasm/index.ts';
import type { Kernel } from './types.ts';

/** Engine names. */
export type Engine = 'ts' | 'wasm';

/** Every engine name, in preference order. */
export const ENGINES: readonly Engine[] = ['wasm', 'ts'];

/** The kernel of an engine (the name is trusted: validate it at the boundary). */
export function kernelFor(engine: Engine): Kernel {
  return engine === 'wasm' ? wasmKernel : tsKernel;
}
