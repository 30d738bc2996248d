/**
 * xoshiro128** (Blackman & Vigna, 2018): 128-bit state, 32-bit outputs, ~2–3 ns a number in V8 on
 * `Math.imul`. It is the hot-loop generator; seedrandom's ARC4 (~48 ns) is used only to derive seeds.
 *
 * Uniforms are `(u32 + 0.5)·2^−32`: never 0, never 1, exactly representable, and the same formula
 * is used by every kernel (TypeScript or WebAssembly) so that streams agree bit for bit. The price is
 * a resolution of 2^−32: a tail probability below 2^−33 per draw is never sampled. That caps a Lomax
 * W at 2^(33/α); for every experiment in this suite the capped jumps already leave the box [−L, L].
 */

/** The generator interface every sampler takes as its first argument. */
export interface RandomStream {
  /** Next 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number;
  /** Next uniform in (0, 1), never exactly 0 or 1: (u32 + 0.5)·2^−32. */
  nextUniform(): number;
}

export const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Converts a 32-bit output to the suite's uniform in (0, 1). */
export function uint32ToUniform(u: number): number {
  return ((u >>> 0) + 0.5) * TWO_POW_MINUS_32;
}

/**
 * The xoshiro128** step, written once for every TypeScript generator of the suite: statements on
 * int32 locals `s0..s3` (the state, updated in place) and scratch locals `t5, r, t, n2, n3`, leaving
 * the 32-bit output as an int32 in `r` (`r >>> 0` is the unsigned value). `Xoshiro128.nextUint32`
 * below is compiled from it, and so is every generated kernel of `src/sim/kernel-ts.ts`, where the
 * state must live in locals (registers) for speed: a call per draw into a generator object or a
 * typed array costs the hot loop about a third of its speed. Source text is the one form both can
 * inline. (The AssemblyScript kernel keeps its own SIMD copies: it cannot import TS source text.)
 *
 * result = rotl(s1·5, 7)·9; t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11).
 */
export const XOSHIRO128_STEP_SOURCE = `
      t5 = Math.imul(s1, 5); r = Math.imul((t5 << 7) | (t5 >>> 25), 9);
      t = s1 << 9; n2 = s2 ^ s0; n3 = s3 ^ s1;
      s1 = s1 ^ n2; s0 = s0 ^ n3; s2 = n2 ^ t; s3 = (n3 << 11) | (n3 >>> 21);`;

/**
 * `Xoshiro128.prototype.nextUint32`, compiled from {@link XOSHIRO128_STEP_SOURCE}: loads the state
 * into locals, steps, stores it back. A plain function on the prototype, so V8 inlines it into
 * `nextUniform` and into the samplers exactly as it did the hand-written method.
 */
// new Function on purpose: the one definition of the step is source text (see above).
const compiledNextUint32 = new Function(`
  let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3, t5, r, t, n2, n3;${XOSHIRO128_STEP_SOURCE}
  this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
  return r >>> 0;`) as (this: Xoshiro128) => number;

/** A xoshiro128** generator. State words are kept as int32 numbers (V8 small integers). */
export class Xoshiro128 implements RandomStream {
  s0: number;
  s1: number;
  s2: number;
  s3: number;
  /** Next 32-bit output, unsigned (the step of {@link XOSHIRO128_STEP_SOURCE}). */
  declare nextUint32: () => number;

  /** `state` must hold four 32-bit words, not all zero (see `seeds.ts` for derivation). */
  constructor(state: ArrayLike<number>) {
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  /** The current state, e.g. to hand a chain to another kernel and continue it there. */
  state(): Uint32Array {
    return Uint32Array.of(this.s0, this.s1, this.s2, this.s3);
  }
}
Xoshiro128.prototype.nextUint32 = compiledNextUint32;
