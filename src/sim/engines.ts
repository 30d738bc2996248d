/**
 * The kernels a run can use, by name. Both give the same numbers chain by chain (tested bit for bit),
 * so the engine is a speed choice only: 'wasm' (WebAssembly SIMD, src/sim/wasm) covers polynomial
 * landscapes (1–9 roots) and the paper's, with all four noise laws, exit and trajectory mode
 * (recording included), and hands every other task to the TypeScript kernel; 'ts' is the
 * code-generated TypeScript kernel alone.
 *
 * A third family of names, `mutant:<id>`, resolves through the catalogue of deliberately wrong
 * simulators (`mutants.ts`); they exist to show that the checks catch a broken implementation. A run names
 * its engine in its options (`engine`); `htsgd verify` and the tests pass it through `RunOptions.engine`.
 * Workers receive the engine name with every task and resolve it here, so mutants run on threads.
 */
import { invalidOption } from '../core/errors.ts';
import { tsKernel } from './kernel-ts.ts';
import { MUTANTS, mutantById } from './mutants.ts';
import { wasmKernel } from './wasm/index.ts';
import type { Kernel } from './types.ts';

/** The correct engines. */
export type CorrectEngine = 'ts' | 'wasm';

/** Engine names: a correct engine, or `mutant:<id>` of the mutant catalogue (`mutants.ts`). */
export type Engine = CorrectEngine | `mutant:${string}`;

/** Every correct engine name, in preference order (mutants are not listed: they are test devices). */
export const ENGINES: readonly CorrectEngine[] = ['wasm', 'ts'];

const MUTANT_PREFIX = 'mutant:';

/** The kernel of an engine (the name is trusted: validate it at the boundary with `checkEngine`). */
export function kernelFor(engine: Engine): Kernel {
  if (engine === 'wasm') return wasmKernel;
  if (engine === 'ts') return tsKernel;
  const m = mutantById(engine.slice(MUTANT_PREFIX.length));
  // Unreachable for validated names; a worker reports it as a crash rather than running the wrong law.
  if (!m) throw new Error(`kernelFor: unknown engine ${engine}`);
  return m.kernel;
}

/**
 * Validates an engine name: 'wasm', 'ts' or `mutant:<id>` with an id of the catalogue.
 * @throws InputError (ERR_INVALID_OPTION) otherwise.
 */
export function checkEngine(api: string, value: unknown): Engine {
  if (value === 'wasm' || value === 'ts') return value;
  if (typeof value === 'string' && value.startsWith(MUTANT_PREFIX) && mutantById(value.slice(MUTANT_PREFIX.length))) {
    return value as Engine;
  }
  throw invalidOption(
    api,
    'engine',
    `'wasm', 'ts' or one of ${MUTANTS.map((m) => `'${MUTANT_PREFIX}${m.id}'`).join(', ')}`,
    value,
  );
}

/**
 * The engine of runs whose options name none (`runExit`, `runTrajectory`). There is no process-wide
 * switch: a caller that wants another engine (a mutant, in tests and `ci/calibrate.ts`) names it in
 * the run's options, and the verify runner passes `RunOptions.engine` to every check's context.
 */
export const DEFAULT_ENGINE: CorrectEngine = 'wasm';
