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

/** A xoshiro128** generator. State words are kept as int32 numbers (V8 small integers). */
export class Xoshiro128 implements RandomStream {
  s0: number;
  s1: number;
  s2: number;
  s3: number;

  /** `state` must hold four 32-bit words, not all zero (see `seeds.ts` for derivation). */
  constructor(state: ArrayLike<number>) {
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    // result = rotl(s1 * 5, 7) * 9
    const t5 = Math.imul(s1, 5);
    const result = Math.imul((t5 << 7) | (t5 >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result >>> 0;
  }

  nextUniform(): number {
    return ((this.nextUint32()) + 0.5) * TWO_POW_MINUS_32;
  }

  /** The current state, e.g. to hand a chain to another kernel and continue it there. */
  state(): Uint32Array {
    return Uint32Array.of(this.s0, this.s1, this.s2, this.s3);
  }
}
