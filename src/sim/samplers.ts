/**
 * Noise samplers, written EXACTLY as the shared numeric contract (preamble / THEORY.md §2) so the
 * fast kernels (TypeScript or WebAssembly) can be compared with them bit for bit: same uniforms in
 * the same order, same operations in the same order. Each takes its stream first and draws only
 * from it. Parameters are not validated here (hot path); validate specs once with
 * `createNoiseLaw` / `checkNoiseSpec` from `src/model/noise.ts`.
 */
import type { RandomStream } from '../rng/xoshiro.ts';
import type { NoiseLaw, NoiseSpec } from '../model/types.ts';

/**
 * One draw of Z = c·(S·W − δ), two-sided Lomax: u = next(); S = +1 if u < p₊ (v = u/p₊) else −1
 * (v = (1 − u)/(1 − p₊)); W = v^{−1/α} − 1 (computed as exp(−log(v)/α) − 1, inverse transform of
 * P(W > w) = (1 + w)^−α); δ = (2p₊ − 1)/(α − 1), and Z = c·S·W exactly when p₊ = ½.
 * One uniform per draw; u ∈ (0, 1) so v ∈ (0, 1].
 * @example sampleLomax(openStream({ seed: 1, path: 'x' }), 1.2, 0.1, 0.5)
 */
export function sampleLomax(rng: RandomStream, tailIndex: number, scale: number, pPlus = 0.5): number {
  const invAlpha = 1 / tailIndex;
  const u = rng.nextUniform();
  let v: number;
  let s: number;
  if (u < pPlus) {
    v = u / pPlus;
    s = 1;
  } else {
    v = (1 - u) / (1 - pPlus);
    s = -1;
  }
  const W = Math.exp(-Math.log(v) * invAlpha) - 1;
  if (pPlus === 0.5) return scale * s * W;
  const shift = (2 * pPlus - 1) / (tailIndex - 1);
  return scale * (s * W - shift);
}

/** One draw of c·N(0, 1) by Box–Muller's cosine branch (two uniforms; the sine branch is discarded). */
export function sampleGaussian(rng: RandomStream, scale: number): number {
  const u1 = rng.nextUniform();
  const u2 = rng.nextUniform();
  return scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * One draw of c·T_ν by Bailey's polar method (1994): (a, b) uniform on the unit disc by rejection
 * (2 uniforms per try, acceptance π/4), then T = a·√(ν(w^{−2/ν} − 1)/w).
 * Contract: w^{−2/ν} is computed as `Math.exp(Math.log(w) * (-2 / ν))`, not `Math.pow`: V8's pow
 * is not fdlibm's, so no portable twin reproduces it, whereas exp and log are fdlibm in V8 and the
 * WebAssembly kernel reproduces them bit for bit. The two differ by a few ulps (irrelevant to the
 * law; the exponent is ≤ 88 here, so the relative error stays ≲ 10⁻¹⁴).
 */
export function sampleStudentT(rng: RandomStream, tailIndex: number, scale: number): number {
  const nu = tailIndex;
  let a: number;
  let b: number;
  let w: number;
  do {
    a = 2 * rng.nextUniform() - 1;
    b = 2 * rng.nextUniform() - 1;
    w = a * a + b * b;
  } while (!(0 < w && w < 1));
  return scale * a * Math.sqrt((nu * (Math.exp(Math.log(w) * (-2 / nu)) - 1)) / w);
}

/**
 * One draw of c·S_α, symmetric α-stable with E e^{itS} = e^{−|t|^α}, by Chambers–Mallows–Stuck
 * (β = 0): V uniform on (−π/2, π/2), E standard exponential,
 * S = sin(αV)/cos(V)^{1/α} · (cos(V − αV)/E)^{(1−α)/α}. Two uniforms per draw.
 * Contract: the two powers are `Math.exp(Math.log(base) * exponent)` with exponents `1 / α` and
 * `(1 - α) / α` (not `Math.pow`, for the reason given at {@link sampleStudentT}); sin and cos are
 * V8's fdlibm `Math.sin`/`Math.cos`, which the WebAssembly kernel reproduces bit for bit.
 */
export function sampleStable(rng: RandomStream, tailIndex: number, scale: number): number {
  const alpha = tailIndex;
  const V = Math.PI * (rng.nextUniform() - 0.5);
  const E = -Math.log(rng.nextUniform());
  return (
    ((scale * Math.sin(alpha * V)) / Math.exp(Math.log(Math.cos(V)) * (1 / alpha))) *
    Math.exp(Math.log(Math.cos(V - alpha * V) / E) * ((1 - alpha) / alpha))
  );
}

/**
 * One draw from a noise spec or law (dispatches on `kind`; for hot loops call the specific sampler
 * or a kernel). The spec is trusted: validate it once beforehand.
 */
export function sampleNoise(rng: RandomStream, law: NoiseSpec | NoiseLaw): number {
  const spec: NoiseSpec = 'cdf' in law ? law.spec : law;
  switch (spec.kind) {
    case 'lomax':
      return sampleLomax(rng, spec.tailIndex, spec.scale, spec.pPlus ?? 0.5);
    case 'gaussian':
      return sampleGaussian(rng, spec.scale);
    case 'student-t':
      return sampleStudentT(rng, spec.tailIndex, spec.scale);
    case 'stable':
      return sampleStable(rng, spec.tailIndex, spec.scale);
  }
}
