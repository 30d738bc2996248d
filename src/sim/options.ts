/**
 * Option resolution shared by the runners: validated once at the public boundary, turned into the
 * plain data the kernels take. Every bad value raises the one InputError shape.
 */
import { availableParallelism } from 'node:os';
import { invalidOption } from '../core/errors.ts';
import { checkInteger, checkNumber } from '../core/guards.ts';
import { checkNoiseSpec } from '../model/noise.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import type { Landscape, LandscapeSpec, NoiseSpec } from '../model/types.ts';
import { checkSeed, deriveKey, type Seed } from '../rng/seeds.ts';
import type { KernelLandscape } from './types.ts';
import { checkEngine, DEFAULT_ENGINE, type Engine } from './engines.ts';

/** Options common to `runExit` and `runTrajectory`. */
export interface CommonRunOptions {
  /** A spec (resolved through the model layer) or an already resolved landscape. */
  landscape: LandscapeSpec | Landscape;
  noise: NoiseSpec;
  /** η, in (0, 1]. */
  stepSize: number;
  /** b > 0, or `Infinity` for no clipping. @default Infinity */
  truncation?: number;
  /** Experiment seed (non-negative integer or non-empty string). */
  seed: Seed;
  /** Stream path; chain i draws from `chainStream(deriveKey({seed, path}), i)`. */
  path?: string;
  /** Worker threads; 1 runs in this thread. @default os.availableParallelism() */
  workers?: number;
  /** Kernel: 'wasm' (SIMD, falls back to 'ts' outside its coverage) or 'ts'; same numbers; or a `mutant:<id>` (tests). @default `DEFAULT_ENGINE` ('wasm') */
  engine?: Engine;
}

/** Progress and cancellation hooks. */
export interface RunControl {
  /** Called after each chunk with the work done and the total (chains, or path-steps). */
  onProgress?: (done: number, total: number) => void;
}

/** The resolved common part. */
export interface ResolvedCommon {
  landscape: Landscape;
  kernelLandscape: KernelLandscape;
  noise: NoiseSpec;
  stepSize: number;
  truncation: number;
  seed: Seed;
  path: string;
  key: Uint32Array;
  workers: number;
  engine: Engine;
}

function isLandscape(v: unknown): v is Landscape {
  return typeof v === 'object' && v !== null && typeof (v as Landscape).gradientSource === 'string';
}

/** Validates the common options. */
export function resolveCommon(api: string, o: CommonRunOptions, defaultPath: string): ResolvedCommon {
  if (typeof o !== 'object' || o === null) throw invalidOption(api, 'options', 'an options object', o);
  const landscape = isLandscape(o.landscape) ? o.landscape : resolveLandscape(o.landscape);
  const noise = checkNoiseSpec(o.noise);
  const stepSize = checkNumber(api, 'stepSize', o.stepSize, {
    min: 0,
    max: 1,
    openMin: true,
    domain: 'a number in (0, 1]',
  });
  const truncation = o.truncation ?? Infinity;
  if (!(truncation === Infinity || (typeof truncation === 'number' && Number.isFinite(truncation) && truncation > 0))) {
    throw invalidOption(api, 'truncation', 'a number > 0 or Infinity (no clipping)', truncation);
  }
  const seed = checkSeed(api, o.seed);
  const path = o.path ?? defaultPath;
  if (typeof path !== 'string') throw invalidOption(api, 'path', 'a string', path);
  const workers = o.workers === undefined ? availableParallelism() : checkInteger(api, 'workers', o.workers, 1, 64);
  const engine = o.engine === undefined ? DEFAULT_ENGINE : checkEngine(api, o.engine);
  const kernelLandscape: KernelLandscape = {
    spec: landscape.spec,
    gradientSource: landscape.gradientSource,
    box: landscape.box,
    minima: [...landscape.minima],
    saddles: [...landscape.saddles],
  };
  return {
    landscape,
    kernelLandscape,
    noise,
    stepSize,
    truncation,
    seed,
    path,
    key: deriveKey({ seed, path }),
    workers,
    engine,
  };
}
