/**
 * Samplers of the R^d noise laws (src/model/rd/noise.ts). Each takes its stream first, writes one
 * draw of Z into `out` and draws only from the stream. Specialised per law once (`noiseSampler`), so
 * the hot loop calls one closure and never branches on the law.
 *
 * Contracts (fixed so that numbers replay):
 * - finite directions: ONE uniform u picks the direction by inverse CDF over the weights and is
 *   reused for the radius: v = (u − F_{k−1})/w_k, except for the last direction, v = (1 − u)/w_last.
 *   With the two directions ±e₁ and weights ½ this is draw for draw the 1-D two-sided Lomax
 *   (`sampleLomax` in src/sim/samplers.ts), which is what makes the separable reduction exact.
 * - isotropic, d = 2: u₁ for the radius, θ = 2π·u₂; d ≥ 3: d normals (Box–Muller, both branches)
 *   normalised.
 * - radius: Pareto R = v^{−1/α} = exp(−log(v)/α), Lomax R = exp(−log(v)/α) − 1.
 * - Student-t: Z = c·N/√(V/ν), N by Box–Muller pairs, V = 2·Gamma(ν/2) by Marsaglia–Tsang (with
 *   Gamma(a) = Gamma(a + 1)·U^{1/a} for a < 1).
 */
import type { RandomStream } from '../../rng/xoshiro.ts';
import type { NoiseLawRd } from '../../model/rd/noise.ts';

/** Writes one draw of Z into out[0..d). */
export type NoiseSampler = (rng: RandomStream, out: Float64Array) => void;

function normalPair(rng: RandomStream, out: Float64Array, offset: number, d: number): void {
  const r = Math.sqrt(-2 * Math.log(rng.nextUniform()));
  const th = 2 * Math.PI * rng.nextUniform();
  out[offset] = r * Math.cos(th);
  if (offset + 1 < d) out[offset + 1] = r * Math.sin(th);
}

function fillNormals(rng: RandomStream, out: Float64Array, d: number): void {
  for (let i = 0; i < d; i += 2) normalPair(rng, out, i, d);
}

/** One standard normal (Box–Muller cosine branch). */
function normal(rng: RandomStream): number {
  return Math.sqrt(-2 * Math.log(rng.nextUniform())) * Math.cos(2 * Math.PI * rng.nextUniform());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (2000). */
export function sampleGamma(rng: RandomStream, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.exp(Math.log(rng.nextUniform()) / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = rng.nextUniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** The law's sampler, specialised once. */
export function noiseSampler(law: NoiseLawRd): NoiseSampler {
  const d = law.dimension;
  const c = law.scale;
  const spec = law.spec;
  if (spec.kind === 'student-t') {
    const nu = spec.tailIndex;
    return (rng, out) => {
      fillNormals(rng, out, d);
      const V = 2 * sampleGamma(rng, nu / 2);
      const k = c / Math.sqrt(V / nu);
      for (let i = 0; i < d; i++) out[i] *= k;
    };
  }
  const invAlpha = 1 / spec.tailIndex;
  const lomax = spec.kind === 'lomax' ? 1 : 0;
  const S = law.spectral;
  if (S.kind === 'finite') {
    const K = S.weights.length;
    const cum = new Float64Array(K);
    let acc = 0;
    S.weights.forEach((w, k) => (cum[k] = acc += w));
    cum[K - 1] = 1;
    const dirs = S.directions;
    const w = S.weights;
    return (rng, out) => {
      const u = rng.nextUniform();
      let k = 0;
      while (k < K - 1 && u >= cum[k]) k++;
      const v = k === K - 1 ? (1 - u) / w[k] : (u - (k > 0 ? cum[k - 1] : 0)) / w[k];
      const R = Math.exp(-Math.log(v) * invAlpha) - lomax;
      const th = dirs[k];
      for (let i = 0; i < d; i++) out[i] = c * (R * th[i]);
    };
  }
  if (d === 2) {
    return (rng, out) => {
      const R = Math.exp(-Math.log(rng.nextUniform()) * invAlpha) - lomax;
      const th = 2 * Math.PI * rng.nextUniform();
      out[0] = c * R * Math.cos(th);
      out[1] = c * R * Math.sin(th);
    };
  }
  return (rng, out) => {
    const R = Math.exp(-Math.log(rng.nextUniform()) * invAlpha) - lomax;
    fillNormals(rng, out, d);
    let n = 0;
    for (let i = 0; i < d; i++) n += out[i] * out[i];
    const k = (c * R) / Math.sqrt(n);
    for (let i = 0; i < d; i++) out[i] *= k;
  };
}
