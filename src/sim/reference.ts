/**
 * The oracle: a deliberately plain scalar implementation of clipped SGD (THEORY.md §1), one chain at
 * a time, through `landscape.gradient` and `sampleNoise`. It shares no code with the generated kernel
 * except the random stream, so tests can compare the two (bit for bit, then statistically). Slow
 * (~10× the kernel); meant for tests and small runs only.
 */
import { chainStream } from '../rng/seeds.ts';
import type { Landscape, NoiseLaw } from '../model/types.ts';
import { sampleNoise } from './samplers.ts';

/** One exit of the reference recursion. */
export interface ReferenceExit {
  /** Exit step σ ≥ 1, or `maxSteps` if censored. */
  exitSteps: number;
  exitPosition: number;
  /** 1-based basin of the exit point, 0 if censored. */
  target: number;
  censored: boolean;
}

/**
 * Runs chain `chain` of the stream `key` from `start` in basin `basin` (1-based) until it leaves the
 * basin or `maxSteps` steps pass. `truncation` = Infinity means no clipping. No validation.
 * @example referenceExit(paperLandscape(), createNoiseLaw({kind:'lomax', tailIndex:1.2, scale:0.1}),
 *   {stepSize: 0.05, truncation: 0.5, basin: 2, start: -0.7, maxSteps: 1e6}, deriveKey({seed:1, path:'t'}), 0)
 */
export function referenceExit(
  landscape: Landscape,
  law: NoiseLaw,
  opts: { stepSize: number; truncation: number; basin: number; start: number; maxSteps: number },
  key: Uint32Array,
  chain: number,
): ReferenceExit {
  const rng = chainStream(key, chain);
  const saddles = landscape.saddles;
  const n = landscape.minima.length;
  const lo = opts.basin > 1 ? saddles[opts.basin - 2] : -Infinity;
  const hi = opts.basin < n ? saddles[opts.basin - 1] : Infinity;
  const L = landscape.box;
  const b = opts.truncation;
  let x = opts.start;
  for (let step = 1; step <= opts.maxSteps; step++) {
    const z = sampleNoise(rng, law);
    let s = opts.stepSize * (landscape.gradient(x) - z);
    s = s > b ? b : s < -b ? -b : s;
    x = x - s;
    x = x > L ? L : x < -L ? -L : x;
    if (x <= lo || x >= hi) {
      let target = 1;
      for (const sd of saddles) if (sd < x) target++;
      if (x >= hi) target = Math.max(target, opts.basin + 1);
      return { exitSteps: step, exitPosition: x, target, censored: false };
    }
  }
  return { exitSteps: opts.maxSteps, exitPosition: x, target: 0, censored: true };
}

/**
 * Runs path `path` for `steps` steps from `start`; returns the steps per basin (index k−1 for Ω_k,
 * basin of x = 1 + #{s_j < x}) and the n×n transition counts between minima visited within ε.
 */
export function referenceTrajectory(
  landscape: Landscape,
  law: NoiseLaw,
  opts: { stepSize: number; truncation: number; start: number; steps: number; epsilon: number },
  key: Uint32Array,
  path: number,
): { basinSteps: number[]; transitions: number[] } {
  const rng = chainStream(key, path);
  const n = landscape.minima.length;
  const basinSteps = new Array<number>(n).fill(0);
  const transitions = new Array<number>(n * n).fill(0);
  const basinOf = (x: number): number => {
    let k = 1;
    for (const sd of landscape.saddles) if (sd < x) k++;
    return k;
  };
  const L = landscape.box;
  const b = opts.truncation;
  let x = opts.start;
  let last = Math.abs(x - landscape.minima[basinOf(x) - 1]) < opts.epsilon ? basinOf(x) : 0;
  for (let step = 1; step <= opts.steps; step++) {
    const z = sampleNoise(rng, law);
    let s = opts.stepSize * (landscape.gradient(x) - z);
    s = s > b ? b : s < -b ? -b : s;
    x = x - s;
    x = x > L ? L : x < -L ? -L : x;
    const k = basinOf(x);
    basinSteps[k - 1]++;
    if (Math.abs(x - landscape.minima[k - 1]) < opts.epsilon && last !== k) {
      if (last !== 0) transitions[(last - 1) * n + (k - 1)]++;
      last = k;
    }
  }
  return { basinSteps, transitions };
}
