/**
 * The WebAssembly SIMD kernels of the exact oracle's M-matrix elimination (used by
 * `mMatrixFactor`, src/exact/mmatrix.ts, which holds the algorithm and its TypeScript twin).
 *
 * `eliminate.wasm` is compiled from `assembly/eliminate.ts` by `node ci/build-wasm.mjs` and
 * committed, so users need no compiler; CI rebuilds it and fails on any byte difference. It is
 * compiled once per thread, from the committed bytes, on first use; its linear memory (the n×n
 * working matrix, 8n² bytes) is owned here and grown on demand.
 *
 * Memory is not kept past a large solve: after a workspace above {@link KEEP_BYTES} the instance is
 * dropped (the next call instantiates a fresh one, as the TypeScript path allocates a fresh matrix),
 * so a thread that once solved 6400 nodes does not hold 330 MB for the rest of its life.
 */
import { readFileSync } from 'node:fs';

/** The module's exports (see assembly/eliminate.ts for each function's contract). */
export interface EliminationExports {
  memory: WebAssembly.Memory;
  setLayout(n: number, w: number, col: number, d: number): void;
  rowSum(k: number): number;
  panelPivot(k: number, d: number, k1: number): void;
  panelBelow(k0: number, k1: number): void;
  trailing(k0: number, k1: number): void;
}

/** A laid-out workspace: the kernels, and byte offsets of w (n² f64), col and d in their memory. */
export interface EliminationWorkspace {
  kernel: EliminationExports;
  w: number;
  col: number;
  d: number;
}

/** Linear memory kept by the thread's instance between calls (larger workspaces are released). */
const KEEP_BYTES = 64 * 2 ** 20;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;
let instance: EliminationExports | null = null;

/** The committed module's bytes. */
export function eliminationWasmBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(new URL('./eliminate.wasm', import.meta.url)));
}

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(eliminationWasmBytes());
    } catch {
      compiled = null; // no WebAssembly, or no SIMD: the TypeScript path gives the same factors
    }
  }
  return compiled;
}

/**
 * A workspace for n nodes with `colDoubles` f64 of scratch and `dDoubles` panel pivots, or null
 * when WebAssembly (with SIMD) is unavailable or the memory cannot grow that far.
 */
export function eliminationWorkspace(n: number, colDoubles: number, dDoubles: number): EliminationWorkspace | null {
  const module = compile();
  if (module === null) return null;
  const align = (x: number) => Math.ceil(x / 16) * 16;
  const w = 0;
  const col = align(w + 8 * n * n);
  const d = align(col + 8 * colDoubles);
  const bytes = d + 8 * dDoubles;
  if (bytes > 2 ** 32) return null;
  try {
    instance ??= new WebAssembly.Instance(module, {}).exports as unknown as EliminationExports;
    const need = bytes - instance.memory.buffer.byteLength;
    if (need > 0) instance.memory.grow(Math.ceil(need / PAGE));
  } catch {
    instance = null;
    return null;
  }
  instance.setLayout(n, w, col, d);
  return { kernel: instance, w, col, d };
}

/** Called after a factorisation: drops the instance if its memory is past {@link KEEP_BYTES}. */
export function releaseEliminationWorkspace(): void {
  if (instance !== null && instance.memory.buffer.byteLength > KEEP_BYTES) instance = null;
}
