/**
 * Noise laws in R^d (THEORY.md §2, multi-d line; issue 16): Z = c·R·Θ with R heavy-tailed of index α
 * and Θ drawn from a spectral measure S on the unit sphere, independent of R; and the multivariate
 * Student-t. Each law knows its exact radial tail H(x) = P(‖Z‖ > x) (for λ(η) = H(1/η)/η) and its
 * spectral measure S (for the limit jump measure ν(‖z‖ > x, z/‖z‖ ∈ A) = x^{−α}·S(A), the R^d
 * counterpart of ν_α[x, ∞) = p₊x^{−α}).
 *
 * Centring: E Z = 0 needs Σ wᵢθᵢ = 0 for a finite direction set (validated): then no shift is needed
 * and the radial tail stays exact. (Shifting an asymmetric set would change ‖Z‖'s law.)
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { invalidOption } from '../../core/errors.ts';
import { checkInteger, checkNumber } from '../../core/guards.ts';

/** The spectral measure S: uniform on the sphere, or Σ wᵢ δ_{θᵢ}. */
export type DirectionSpec = { kind: 'isotropic' } | { kind: 'finite'; directions: number[][]; weights: number[] };

/**
 * A noise law in R^d, serialisable.
 * - pareto: Z = c·R·Θ, P(R > r) = r^{−α} for r ≥ 1 (the paper's 2-D noise: c = 0.75, α = 1.2, isotropic).
 * - lomax: Z = c·R·Θ, P(R > r) = (1 + r)^{−α}.
 * - student-t: Z = c·N/√(V/ν), N standard normal in R^d, V ~ χ²_ν, ν = tailIndex (isotropic).
 */
export type NoiseSpecRd =
  | { kind: 'pareto' | 'lomax'; tailIndex: number; scale: number; dimension: number; direction?: DirectionSpec }
  | { kind: 'student-t'; tailIndex: number; scale: number; dimension: number };

/** A resolved spectral measure (unit directions, weights summing to 1). */
export type SpectralMeasure =
  { kind: 'isotropic' } | { kind: 'finite'; directions: readonly Float64Array[]; weights: readonly number[] };

/** A resolved law with its exact radial tail. */
export interface NoiseLawRd {
  readonly spec: NoiseSpecRd;
  readonly dimension: number;
  /** α: ‖Z‖ is regularly varying with index −α. */
  readonly tailIndex: number;
  readonly scale: number;
  readonly spectral: SpectralMeasure;
  /** H(x) = P(‖Z‖ > x), exact, for x ≥ 0. */
  radialTail(x: number): number;
  /** C with H(x) ~ C·x^{−α} as x → ∞. */
  readonly tailConstant: number;
}

const API = 'createNoiseLawRd';

function checkDirections(spec: DirectionSpec | undefined, dimension: number): SpectralMeasure {
  if (spec === undefined || spec.kind === 'isotropic') return { kind: 'isotropic' };
  if (spec.kind !== 'finite')
    throw invalidOption(API, 'direction', "{kind: 'isotropic'} or {kind: 'finite', directions, weights}", spec);
  const { directions, weights } = spec;
  if (
    !Array.isArray(directions) ||
    directions.length === 0 ||
    !Array.isArray(weights) ||
    weights.length !== directions.length
  ) {
    throw invalidOption(API, 'direction.directions', 'a non-empty array of vectors with one weight each', directions);
  }
  const total = weights.reduce((s, w) => s + w, 0);
  if (weights.some((w) => !(typeof w === 'number' && w > 0 && Number.isFinite(w))))
    throw invalidOption(API, 'direction.weights', 'positive finite numbers', weights);
  const dirs = directions.map((v) => {
    if (!Array.isArray(v) || v.length !== dimension || v.some((c) => typeof c !== 'number' || !Number.isFinite(c))) {
      throw invalidOption(API, 'direction.directions', `vectors of ${dimension} finite numbers`, v);
    }
    const n = Math.hypot(...v);
    if (n === 0) throw invalidOption(API, 'direction.directions', 'non-zero vectors', v);
    return Float64Array.from(v, (c) => c / n);
  });
  const w = weights.map((x) => x / total);
  const mean = new Float64Array(dimension);
  dirs.forEach((d, i) => d.forEach((c, j) => (mean[j] += w[i] * c)));
  if (Math.hypot(...mean) > 1e-12) {
    throw invalidOption(
      API,
      'direction',
      'a direction set with Σ wᵢθᵢ = 0 (so that E Z = 0 without a shift)',
      spec,
      'Add the opposite directions or rebalance the weights.',
    );
  }
  return { kind: 'finite', directions: dirs, weights: w };
}

/**
 * Validates a spec and returns the law. Throws InputError (ERR_INVALID_OPTION) on bad input.
 * @example createNoiseLawRd({ kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 }).radialTail(1.5) // (1.5/0.75)^−1.2
 */
export function createNoiseLawRd(spec: NoiseSpecRd): NoiseLawRd {
  if (spec === null || typeof spec !== 'object') throw invalidOption(API, 'noise', 'a noise spec object', spec);
  const dimension = checkInteger(API, 'dimension', spec.dimension, 1, 64);
  const alpha = checkNumber(API, 'tailIndex', spec.tailIndex, { min: 1, openMin: true, max: 1e6 });
  const c = checkNumber(API, 'scale', spec.scale, { min: 0, openMin: true });
  if (spec.kind === 'pareto' || spec.kind === 'lomax') {
    const spectral = checkDirections(spec.direction, dimension);
    const pareto = spec.kind === 'pareto';
    return {
      spec,
      dimension,
      tailIndex: alpha,
      scale: c,
      spectral,
      radialTail: pareto
        ? (x) => (x <= c ? 1 : Math.exp(-alpha * Math.log(x / c)))
        : (x) => Math.exp(-alpha * Math.log1p(Math.max(0, x) / c)),
      tailConstant: c ** alpha,
    };
  }
  if (spec.kind === 'student-t') {
    const nu = alpha;
    const d = dimension;
    // ‖T‖²/d ~ F(d, ν): P(‖Z‖ > x) = P(F > x²/(d c²)) = I_{ν/(ν + x²/c²)}(ν/2, d/2).
    // Tail: I_z(a, b) ~ z^a/(a·B(a, b)) as z → 0, so C = (νc²)^{ν/2}/((ν/2)·B(ν/2, d/2)).
    const logB = gammaln(nu / 2) + gammaln(d / 2) - gammaln((nu + d) / 2);
    return {
      spec,
      dimension,
      tailIndex: nu,
      scale: c,
      spectral: { kind: 'isotropic' },
      radialTail: (x) => (x <= 0 ? 1 : betainc(nu / (nu + (x * x) / (c * c)), nu / 2, d / 2)),
      tailConstant: Math.exp((nu / 2) * Math.log(nu * c * c) - Math.log(nu / 2) - logB),
    };
  }
  throw invalidOption(API, 'kind', "one of 'pareto', 'lomax', 'student-t'", (spec as { kind: unknown }).kind);
}
