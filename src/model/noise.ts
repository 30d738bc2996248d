/**
 * Noise laws as mathematical objects: validated specs and their exact distribution functions
 * (THEORY.md §2). No randomness here; the samplers live in `src/sim/samplers.ts`.
 *
 * Every tail is computed directly (never as 1 − cdf), so P(Z > x) keeps full relative accuracy
 * however small it is; `cdf` uses the lower tail for x < 0 and 1 − upperTail for x ≥ 0.
 */
import erfc from '@stdlib/math-base-special-erfc';
import betainc from '@stdlib/math-base-special-betainc';
import gamma from '@stdlib/math-base-special-gamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { checkChoice, checkNumber } from '../core/guards.ts';
import { invalidOption } from '../core/errors.ts';
import { integrate } from './quadrature.ts';
import type { NoiseKind, NoiseLaw, NoiseSpec } from './types.ts';

const API = 'createNoiseLaw';
const KINDS: readonly NoiseKind[] = ['lomax', 'student-t', 'stable', 'gaussian'];

/**
 * Validates a noise spec and returns it normalised (lomax gets its default p₊ = ½).
 * @throws InputError ERR_INVALID_OPTION: unknown kind; tailIndex ≤ 1 (or ≥ 2 for stable); scale ≤ 0;
 *   pPlus outside (0, 1) or given for a law other than lomax.
 */
export function checkNoiseSpec(spec: unknown): NoiseSpec {
  if (typeof spec !== 'object' || spec === null) throw invalidOption(API, 'spec', 'a noise spec object', spec);
  const s = spec as Record<string, unknown>;
  const kind = checkChoice(API, 'kind', s.kind, KINDS);
  const scale = checkNumber(API, 'scale', s.scale, { min: 0, openMin: true, domain: 'a finite number > 0' });
  if (kind !== 'lomax' && s.pPlus !== undefined && s.pPlus !== 0.5) {
    throw invalidOption(
      API,
      'pPlus',
      `0.5 or undefined for the symmetric ${kind} law`,
      s.pPlus,
      'Use kind lomax for asymmetric noise.',
    );
  }
  if (kind === 'gaussian') return { kind, scale };
  const tailIndex =
    kind === 'stable'
      ? checkNumber(API, 'tailIndex', s.tailIndex, {
          min: 1,
          max: 2,
          openMin: true,
          openMax: true,
          domain: 'a number in (1, 2) for a stable law',
        })
      : checkNumber(API, 'tailIndex', s.tailIndex, {
          min: 1,
          openMin: true,
          domain: 'a finite number > 1 (finite mean)',
        });
  if (kind === 'lomax') {
    const pPlus = checkNumber(API, 'pPlus', s.pPlus ?? 0.5, {
      min: 0,
      max: 1,
      openMin: true,
      openMax: true,
      domain: 'a number in (0, 1)',
    });
    return { kind, tailIndex, scale, pPlus };
  }
  return { kind, tailIndex, scale };
}

/** (1 + t)^−α for t ≥ 0, accurate also for tiny t (log1p) and huge t. */
function paretoSurvival(t: number, alpha: number): number {
  return Math.exp(-alpha * Math.log1p(t));
}

/** Builds a law from its two tails; cdf and tail follow without cancellation. */
function fromTails(
  spec: NoiseSpec,
  tailIndex: number | null,
  pPlus: number,
  upperTail: (x: number) => number,
  lowerTail: (x: number) => number,
): NoiseLaw {
  return {
    spec,
    kind: spec.kind,
    tailIndex,
    scale: spec.scale,
    pPlus,
    pMinus: 1 - pPlus,
    upperTail,
    lowerTail,
    cdf: (x: number) => {
      if (Number.isNaN(x)) return NaN;
      return x < 0 ? lowerTail(-x) : 1 - upperTail(x);
    },
    tail: (x: number) => {
      if (Number.isNaN(x)) return NaN;
      if (x < 0) return 1;
      return upperTail(x) + lowerTail(x);
    },
  };
}

/**
 * Lomax: Z = c·(S·W − δ), δ = (2p₊ − 1)/(α − 1) so that E Z = 0. With t = x/c + δ:
 * P(Z > x) = p₊(1 + t)^−α for t ≥ 0 and 1 − p₋(1 + |t|)^−α for t < 0; the lower tail mirrors it
 * with t = x/c − δ and p₊ ↔ p₋.
 */
function lomaxLaw(spec: Extract<NoiseSpec, { kind: 'lomax' }>): NoiseLaw {
  const alpha = spec.tailIndex;
  const c = spec.scale;
  const p = spec.pPlus ?? 0.5;
  const q = 1 - p;
  const shift = p === 0.5 ? 0 : (2 * p - 1) / (alpha - 1);
  const side = (t: number, same: number, other: number) =>
    t >= 0 ? same * paretoSurvival(t, alpha) : 1 - other * paretoSurvival(-t, alpha);
  return fromTails(
    spec,
    alpha,
    p,
    (x) => (x === Infinity ? 0 : x === -Infinity ? 1 : side(x / c + shift, p, q)),
    (x) => (x === Infinity ? 0 : x === -Infinity ? 1 : side(x / c - shift, q, p)),
  );
}

/** Gaussian: P(Z > x) = ½ erfc(x / (c√2)). */
function gaussianLaw(spec: Extract<NoiseSpec, { kind: 'gaussian' }>): NoiseLaw {
  const k = 1 / (spec.scale * Math.SQRT2);
  const upper = (x: number) => 0.5 * erfc(x * k);
  return fromTails(spec, null, 0.5, upper, upper);
}

/**
 * P(T > t) for Student's t with ν > 0 degrees of freedom: ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0
 * (regularised incomplete beta); for t < 0, 1 − ½·I = ½ + ½·(1 − I) with the upper incomplete beta,
 * so there is no cancellation either way. Accepts any ν > 0 (ν = 1 is Cauchy) so tests can check
 * known cases; `createNoiseLaw` requires ν > 1.
 */
export function studentTUpperTailStandard(t: number, nu: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const t2 = t * t;
  // ν/(ν+t²) and its complement t²/(ν+t²) are both formed directly (no 1 − z).
  const z = nu / (nu + t2);
  const zc = t2 / (nu + t2);
  if (t >= 0) return z < 0.5 ? 0.5 * betainc(z, nu / 2, 0.5) : 0.5 * betainc(zc, 0.5, nu / 2, true, true);
  return 0.5 + 0.5 * (z < 0.5 ? betainc(z, nu / 2, 0.5, true, true) : betainc(zc, 0.5, nu / 2));
}

/** Student-t with ν = α, Z = c·T: P(Z > x) = P(T > x/c). */
function studentTLaw(spec: Extract<NoiseSpec, { kind: 'student-t' }>): NoiseLaw {
  const nu = spec.tailIndex;
  const c = spec.scale;
  const upper = (x: number) => studentTUpperTailStandard(x / c, nu);
  return fromTails(spec, nu, 0.5, upper, upper);
}

/**
 * P(S > x) for the standard symmetric α-stable law (E e^{itS} = e^{−|t|^α}), 1 < α ≤ 2, x ≥ 0, by
 * Nolan's (1997) integral with β = 0, written in φ = π/2 − θ to keep every sine argument small
 * where it matters:
 *
 *   P(S > x) = (1/π) ∫_0^{π/2} exp(−x^{α/(α−1)} V(φ)) dφ,
 *   V(φ) = (sin φ / sin((2−α)π/2 + αφ))^{α/(α−1)} · sin((2−α)π/2 + (α−1)φ) / sin φ.
 *
 * V increases from 0 to ∞, so the integrand falls from 1 to 0; the integral is split where it
 * equals e^{−1} (found by bisection) so the adaptive rule always sees the transition layer, however
 * large or small x is. α = 2 is accepted (it gives Craig's formula for N(0, 2)) so tests can check
 * the limit. Exported for tests and for `theory`; most callers want `createNoiseLaw`.
 */
export function stableUpperTailStandard(x: number, alpha: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 1 - stableUpperTailStandard(-x, alpha);
  if (x === 0) return 0.5;
  if (x === Infinity) return 0;
  return stableTailSeries(x, alpha) ?? stableTailSmallSeries(x, alpha) ?? stableUpperTailIntegral(x, alpha);
}

/** Nolan's integral of {@link stableUpperTailStandard} alone (x > 0), without the far-tail series (for tests). */
export function stableUpperTailIntegral(x: number, alpha: number): number {
  const a = alpha / (alpha - 1);
  const off = ((2 - alpha) * Math.PI) / 2;
  const lx = a * Math.log(x);
  const logV = (phi: number) =>
    a * (Math.log(Math.sin(phi)) - Math.log(Math.sin(off + alpha * phi))) +
    Math.log(Math.sin(off + (alpha - 1) * phi)) -
    Math.log(Math.sin(phi));
  const g = (phi: number) => Math.exp(-Math.exp(lx + logV(phi)));
  // Bisection to a relative resolution (the split can be ~1e-50 for huge x, or within ~1e-9 of
  // π/2 for tiny x); it is only a breakpoint, so 1e-6 relative is plenty.
  const end = Math.PI / 2;
  let lo = 0;
  let hi = end;
  for (let i = 0; i < 400 && hi - lo > 1e-6 * Math.min(hi, end - lo); i++) {
    const mid = 0.5 * (lo + hi);
    if (lx + logV(mid) < 0) lo = mid;
    else hi = mid;
  }
  const split = 0.5 * (lo + hi);
  // The integrand changes on the scale w = distance from the split to the nearer end (V behaves
  // like a power of φ near 0 and of π/2 − φ near π/2). A single rule on [0, split] or [split, π/2]
  // would put no node within w of the split when w is small and miss the transition entirely, so
  // walk away from the split on segments of doubling width w, 2w, 4w, …; to the right, stop once
  // the integrand is negligible against what is already summed.
  const w = Math.max(Math.min(split, end - split), 1e-300);
  const opts = { relTol: 1e-14, maxSegments: 200 };
  let left = 0;
  for (let to = split, width = w; to > 0; width *= 2) {
    const from = Math.max(0, to - width);
    left += integrate(g, from, to, opts).value;
    to = from;
  }
  let right = 0;
  for (let from = split, width = w; from < end; width *= 2) {
    const to = Math.min(end, from + width);
    right += integrate(g, from, to, { ...opts, absTol: 1e-17 * left }).value;
    if (g(to) < 1e-18 * (left + right)) break;
    from = to;
  }
  return (left + right) / Math.PI;
}

/**
 * Bergström's large-x series of P(S > x), (1/π) Σ_{k≥1} (−1)^{k+1} Γ(αk)/k! · sin(kπα/2) · x^{−αk}
 * (Zolotarev 1986 §2.4; asymptotic for 1 < α < 2), used where its terms fall below 1e-17 of the sum
 * while still decreasing, which bounds the truncation error by the first omitted term. Far tails are
 * what the exact oracle asks for at small η (z = b/η ≥ 10⁸), and the quadrature costs ~10⁴ integrand
 * evaluations each; the two agree to 1e-12 where both apply (src/model/noise.test.ts).
 * @returns the tail, or null where the series does not reach that accuracy (then use the integral).
 */
function stableTailSeries(x: number, alpha: number): number | null {
  if (!(alpha > 1 && alpha < 2) || !(x > 10)) return null;
  const lx = -alpha * Math.log(x);
  let sum = 0;
  let previous = Infinity;
  for (let k = 1; k <= 12; k++) {
    const size = Math.exp(gammaln(alpha * k) - gammaln(k + 1) + k * lx);
    if (!(size < previous)) return null;
    sum += (k % 2 ? 1 : -1) * Math.sin((k * Math.PI * alpha) / 2) * size;
    if (size < 1e-17 * Math.abs(sum)) return sum / Math.PI;
    previous = size;
  }
  return null;
}

/**
 * The convergent small-x series P(S > x) = ½ − (1/(πα)) Σ_{k≥0} (−1)^k Γ((2k+1)/α) x^{2k+1}/(2k+1)!
 * (Zolotarev 1986 §2.4), for x ≤ ½, summed until a term falls below 1e-17 of the sum. The exact
 * oracle's moment-matched kernel asks for tails at tiny arguments once per row (src/exact/
 * second-moment.ts), where the quadrature cost milliseconds each; they agree to 1e-12
 * (src/model/noise.test.ts).
 * @returns the tail, or null outside x ∈ (0, ½] or when 60 terms do not converge.
 */
function stableTailSmallSeries(x: number, alpha: number): number | null {
  if (!(alpha > 1 && alpha < 2) || !(x > 0 && x <= 0.5)) return null;
  const lx = Math.log(x);
  let sum = 0;
  for (let k = 0; k < 60; k++) {
    const n = 2 * k + 1;
    const term = Math.exp(gammaln(n / alpha) + n * lx - gammaln(n + 1));
    sum += k % 2 ? -term : term;
    if (term < 1e-17 * Math.abs(sum)) return 0.5 - sum / (Math.PI * alpha);
  }
  return null;
}

/** Symmetric α-stable, Z = c·S: P(Z > x) = P(S > x/c). */
function stableLaw(spec: Extract<NoiseSpec, { kind: 'stable' }>): NoiseLaw {
  const alpha = spec.tailIndex;
  const c = spec.scale;
  const upper = (x: number) => stableUpperTailStandard(x / c, alpha);
  return fromTails(spec, alpha, 0.5, upper, upper);
}

/**
 * Resolves a noise spec to its law with exact cdf and tails.
 * @throws InputError ERR_INVALID_OPTION on a bad spec (see {@link checkNoiseSpec}).
 * @example createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: 0.1 }).tail(1) // 2·½·(1 + 10)^−1.2
 */
export function createNoiseLaw(spec: NoiseSpec): NoiseLaw {
  const s = checkNoiseSpec(spec);
  switch (s.kind) {
    case 'lomax':
      return lomaxLaw(s);
    case 'gaussian':
      return gaussianLaw(s);
    case 'student-t':
      return studentTLaw(s);
    case 'stable':
      return stableLaw(s);
  }
}

/**
 * C in H(x) = P(|Z| > x) ~ C·x^−α as x → ∞ (regular variation with a Pareto constant):
 * - lomax: c^α (each side p±(1 + x/c ± δ)^−α ~ p± c^α x^−α);
 * - student-t: c^ν · 2Γ((ν+1)/2) ν^{ν/2−1} / (√π Γ(ν/2)) (integrating the density's tail
 *   Γ((ν+1)/2)/(√(νπ)Γ(ν/2)) · ν^{(ν+1)/2} t^{−ν−1}); ν = 1 gives the Cauchy 2/π, ν = 2 gives 1;
 * - stable: c^α · 2Γ(α) sin(πα/2)/π (Samorodnitsky & Taqqu, Property 1.2.15);
 * - gaussian: null (no Pareto tail).
 */
export function paretoTailConstant(law: NoiseLaw | NoiseSpec): number | null {
  const spec = 'cdf' in law ? law.spec : checkNoiseSpec(law);
  switch (spec.kind) {
    case 'gaussian':
      return null;
    case 'lomax':
      return Math.pow(spec.scale, spec.tailIndex);
    case 'student-t': {
      const nu = spec.tailIndex;
      return (
        Math.pow(spec.scale, nu) *
        ((2 * gamma((nu + 1) / 2) * Math.pow(nu, nu / 2 - 1)) / (Math.sqrt(Math.PI) * gamma(nu / 2)))
      );
    }
    case 'stable': {
      const alpha = spec.tailIndex;
      return (Math.pow(spec.scale, alpha) * 2 * gamma(alpha) * Math.sin((Math.PI * alpha) / 2)) / Math.PI;
    }
  }
}
