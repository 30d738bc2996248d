/**
 * The chunk-level kernel contract. A kernel (code-generated TypeScript in `kernel-ts.ts`, or a
 * WebAssembly kernel behind the same interface) runs a contiguous range of chains of one experiment.
 * Tasks and results are plain data (numbers, strings, typed arrays), so they cross worker boundaries
 * by structured clone, and no kernel ever needs to resolve a landscape file or validate anything:
 * runners validate once and hand kernels resolved, trusted tasks.
 *
 * Numbers are fixed by (task minus chunking): chain i draws from
 * `chainStream(key, i)` (src/rng/seeds.ts) and nothing else, so splitting chains into chunks, or
 * chunks across workers, never changes a result.
 *
 * Recursion (THEORY.md §1, shared contract): `x ← clamp(x − clamp(η·(f'(x) − Z), −b, b), −L, L)`,
 * with b = Infinity meaning no clipping.
 */
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';

/** A landscape spec with files already read (what `Landscape.spec` holds). */
export type ResolvedLandscapeSpec = Exclude<LandscapeSpec, { kind: 'file' }>;

/**
 * The landscape as a kernel needs it: plain data copied from a resolved `Landscape`
 * (src/model/types.ts). `gradientSource` assigns `g` from `x`; JS kernels compile it, WASM kernels
 * may instead rebuild f' from `spec`.
 */
export interface KernelLandscape {
  /** Rebuilds the landscape (e.g. for a WASM kernel that generates its own gradient code). */
  readonly spec: ResolvedLandscapeSpec;
  /** JS statements reading `x` and assigning `g` = f'(x). */
  readonly gradientSource: string;
  /** L: iterates are projected onto [−L, L]. */
  readonly box: number;
  /** m_1 < … < m_n. */
  readonly minima: readonly number[];
  /** s_1 < … < s_{n−1}. Basin k is Ω_k = (s_{k−1}, s_k), s_0 = −L, s_n = +L. */
  readonly saddles: readonly number[];
}

/** Parameters shared by both modes. */
export interface ChunkCommon {
  readonly landscape: KernelLandscape;
  readonly noise: NoiseSpec;
  /** η > 0. */
  readonly stepSize: number;
  /** b > 0; `Infinity` = no clipping. */
  readonly truncation: number;
  /** 128-bit experiment key, `deriveKey({seed, path})` (4 words). */
  readonly key: Uint32Array;
}

/**
 * Exit mode: chains `firstChain … firstChain + chainCount − 1`, each started at `start` inside
 * basin `basin`, run until the first step n ≥ 1 with X_n ≤ s_{k−1} or X_n ≥ s_k (k = 1: only the
 * right side; k = n: only the left side), or until `maxSteps` steps (then censored).
 */
export interface ExitChunkTask extends ChunkCommon {
  /** k, 1-based. */
  readonly basin: number;
  /** X_0, inside Ω_k. */
  readonly start: number;
  /** Step cap N ≥ 1; a chain still inside after N steps is censored. */
  readonly maxSteps: number;
  readonly firstChain: number;
  readonly chainCount: number;
}

/** Per-chain exit results, index j = chain `firstChain + j`. */
export interface ExitChunkResult {
  /** σ_k: the exit step (≥ 1); for a censored chain, `maxSteps` (the censoring time). */
  readonly exitSteps: Float64Array;
  /** X at the exit step (the last iterate if censored). */
  readonly exitPosition: Float64Array;
  /** Basin (1-based) that X_σ lies in; 0 if censored. */
  readonly target: Int32Array;
  /** 1 if the chain hit the cap without leaving. */
  readonly censored: Uint8Array;
  /** Σ of steps simulated in this chunk (exit steps, caps for censored chains). */
  readonly totalSteps: number;
}

/**
 * Where a set of trajectory paths stands between segments (so a long path can be split into
 * segments of ≤ ~1 s each, each a separate task, without changing any number).
 */
export interface TrajectoryState {
  /** X per path. */
  readonly x: Float64Array;
  /** Last minimum visited per path (1-based; 0 = none yet). */
  readonly lastMinimum: Int32Array;
  /** xoshiro128** state per path, 4 words each. */
  readonly rng: Uint32Array;
}

/**
 * Trajectory mode: paths `firstPath … firstPath + pathCount − 1` (path i draws from
 * `chainStream(key, i)`), each run for `steps` steps n = stepOffset + 1 … stepOffset + steps.
 * The basin of X_n (Ω_k, the basin with s_{k−1} < X_n ≤ s_k) is counted for every step. Minimum m_j
 * is visited at step n when |X_n − m_j| < epsilon; a visit to m_j whose previous visited minimum is
 * m_i ≠ m_j counts one transition i → j. X_0 within ε of a minimum sets the initial last minimum
 * (it is not a transition).
 *
 * Segments: without `state`, paths start at `start` with fresh streams; with `state`, they continue
 * from it. To keep numbers independent of segmentation, every segment but the last of a path must
 * have `steps` a multiple of `TRAJECTORY_SEGMENT_QUANTUM` (kernels draw noise in blocks).
 */
export interface TrajectoryChunkTask extends ChunkCommon {
  readonly start: number;
  readonly steps: number;
  /** Global index of the step before this segment's first step (0 for the first segment). */
  readonly stepOffset: number;
  /** ε > 0, below every minimum's distance to its basin's ends. */
  readonly epsilon: number;
  readonly firstPath: number;
  readonly pathCount: number;
  /** Continue from here (output `state` of the previous segment); absent = fresh start. */
  readonly state?: TrajectoryState;
  /**
   * Optional recording. `visitCap`: keep up to this many (minimum, step) visits per path (per
   * segment). `sampleEvery`: keep X_n for n ≡ 0 mod sampleEvery (global n).
   */
  readonly record?: { readonly visitCap?: number; readonly sampleEvery?: number };
}

/** Results of one trajectory segment. */
export interface TrajectoryChunkResult {
  /** pathCount × n, row-major: steps path j spent in basin k (k = 0 … n−1). */
  readonly basinSteps: Float64Array;
  /** n × n row-major: transitions[i·n + j] counts arrivals at m_{j+1} after last visiting m_{i+1}. */
  readonly transitions: Float64Array;
  /** Where each path stands now (feed it to the next segment). */
  readonly state: TrajectoryState;
  /** With `record.visitCap`: per path, visit minima (1-based) and steps, truncated at the cap. */
  readonly visits?: { readonly minimum: Int32Array[]; readonly step: Float64Array[]; readonly dropped: Float64Array };
  /** With `record.sampleEvery`: per path, X at steps ≡ 0 mod sampleEvery in this segment. */
  readonly samples?: Float64Array[];
}

/** Noise values drawn per block in the kernels; trajectory segments are multiples of this. */
export const NOISE_BLOCK = 256;
/** Trajectory segments (except a path's last) must be a multiple of this many steps. */
export const TRAJECTORY_SEGMENT_QUANTUM = NOISE_BLOCK;

/** A simulation kernel. Pure functions of the task; no validation (runners validate once). */
export interface Kernel {
  readonly name: string;
  runExitChunk(task: ExitChunkTask): ExitChunkResult;
  runTrajectoryChunk(task: TrajectoryChunkTask): TrajectoryChunkResult;
}
