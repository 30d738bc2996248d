/**
 * The exit constants q_k and q_{k,l} in R^d (issue 16; THEORY.md §5 in its R^d form, Wang & Rhee
 * arXiv 2307.03479) by Monte Carlo over the limiting jump measure composed with the flow:
 *
 *   J = 1:  q = ν{ z : Π_L(m + φ_b(z)) ∉ Ω },
 *   J = 2:  q = ∫ ν(dz₁) ∫₀^∞ dt ν{ z₂ : Π_L(x(t) + φ_b(z₂)) ∉ Ω },  x(0) = Π_L(m + φ_b(z₁)),
 *   J ≥ 3:  the same nesting with J − 1 (jump, flow time) pairs before the last jump,
 *
 * with ν(‖z‖ > u, z/‖z‖ ∈ A) = u^{−α}·S(A) (S the law's spectral measure), x(t) the gradient flow
 * dx/dt = −∇f projected onto the ball, and q_{k,l} the same with "lands in Ω_l". Units as in 1-D:
 * the law's scale enters only through H in λ(η); predicted mean exit steps are 1/(q·H(1/η)·λ(η)^{J−1}).
 *
 * Estimator (importance sampling, unbiased): a jump that must cover distance ≥ ρ is drawn from ν
 * restricted to ‖z‖ > ρ (mass ρ^{−α}: ‖z‖ = ρ·U^{−1/α}, direction from S) and weighted by ρ^{−α}.
 * J = 1: ρ = dist(m, Ωᶜ) − h (no shorter jump can leave). J = 2: z₁ with ρ₁ = `minFirstJump`; the
 * orbit from x(0) is traced until it is within `capture` of the minimiser set (after which no jump of
 * norm ≤ b can leave, checked); t stratified over (0, T) (one uniform per 1/`inner` of T) with weight T; z₂ with ρ₂ = dist(x(t), Ωᶜ) − h.
 * `inner` (t, z₂) pairs per z₁; the standard error comes from the outer (z₁) replicates, which are
 * i.i.d. The truncation at ρ₁ is checked by a second estimate over the shell [ρ₁/2, ρ₁] (reported as
 * `shellContribution`, which must be 0 for the truncation to be harmless).
 */
import { invalidOption } from '../../core/errors.ts';
import type { RandomStream } from '../../rng/xoshiro.ts';
import type { NoiseLawRd, SpectralMeasure } from '../../model/rd/noise.ts';
import { distanceToSet, type LandscapeRd } from '../../model/rd/types.ts';

export interface ExitConstantsRd {
  basin: number;
  jumpsNeeded: number;
  /** q_k, units of ν (see above). */
  exitRate: number;
  standardError: number;
  /** q_{k,l} at index l (l = 0: outside every basin; index k is 0). */
  exitRateByTarget: number[];
  standardErrorByTarget: number[];
  /** Estimate of the ν-mass from first jumps in [ρ₁/2, ρ₁] (J = 2): must be 0. */
  shellContribution: number;
  samples: number;
}

export interface ConstantsOptions {
  /** Outer samples. @default 4000 */
  samples?: number;
  /** Inner (t, z₂) pairs per outer sample (J = 2). @default 8 */
  inner?: number;
  /** ρ₁ (J = 2). @default b/10 */
  minFirstJump?: number;
  /** Distance map cell size h. @default L/100 */
  spacing?: number;
  /**
   * Where on the minimiser set the jumps start (a segment of minimisers has no single exit rate: the
   * rate depends on the point the chain sits at). @default the set's `point`
   */
  start?: ArrayLike<number>;
}

function sampleDirection(rng: RandomStream, S: SpectralMeasure, d: number, out: Float64Array): void {
  if (S.kind === 'finite') {
    const u = rng.nextUniform();
    let acc = 0;
    let k = 0;
    for (; k < S.weights.length - 1; k++) {
      acc += S.weights[k];
      if (u < acc) break;
    }
    out.set(S.directions[k]);
    return;
  }
  if (d === 2) {
    const th = 2 * Math.PI * rng.nextUniform();
    out[0] = Math.cos(th);
    out[1] = Math.sin(th);
    return;
  }
  let n = 0;
  for (let i = 0; i < d; i++) {
    out[i] = Math.sqrt(-2 * Math.log(rng.nextUniform())) * Math.cos(2 * Math.PI * rng.nextUniform());
    n += out[i] * out[i];
  }
  n = Math.sqrt(n);
  for (let i = 0; i < d; i++) out[i] /= n;
}

/** Π_L(x + φ_b(ρθ)) into out. */
function jumpTo(x: ArrayLike<number>, rho: number, theta: Float64Array, b: number, L: number, out: Float64Array): void {
  const s = Math.min(rho, b);
  let r2 = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x[i] + s * theta[i];
    r2 += out[i] * out[i];
  }
  if (r2 > L * L) {
    const k = L / Math.sqrt(r2);
    for (let i = 0; i < out.length; i++) out[i] *= k;
  }
}

/**
 * Distance from x to the outside of basin k, from below: brute force over a sample of the outside
 * (cell centres of a grid of spacing h in the ball, d = 2; closed form is not available in general).
 */
function outsideDistance(land: LandscapeRd, basin: number, h: number): (x: ArrayLike<number>) => number {
  const L = land.ball;
  const N = Math.ceil((2 * L) / h);
  const pts: number[] = [];
  const p = new Float64Array(2);
  const inside = (i: number, j: number) => {
    p[0] = -L + (i + 0.5) * h;
    p[1] = -L + (j + 0.5) * h;
    return Math.hypot(p[0], p[1]) <= L && land.basinOf(p) === basin;
  };
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      if (inside(i, j)) continue;
      p[0] = -L + (i + 0.5) * h;
      p[1] = -L + (j + 0.5) * h;
      if (Math.hypot(p[0], p[1]) > L + h) continue;
      // Keep only outside cells next to the basin (the nearest outside point is on that layer).
      let border = false;
      for (let dj = -1; dj <= 1 && !border; dj++)
        for (let di = -1; di <= 1 && !border; di++)
          if (i + di >= 0 && j + dj >= 0 && i + di < N && j + dj < N && inside(i + di, j + dj)) border = true;
      if (border) pts.push(-L + (i + 0.5) * h, -L + (j + 0.5) * h);
    }
  }
  const P = Float64Array.from(pts);
  return (x) => {
    let best = Infinity;
    for (let q = 0; q < P.length; q += 2) {
      const d2 = (x[0] - P[q]) ** 2 + (x[1] - P[q + 1]) ** 2;
      if (d2 < best) best = d2;
    }
    // The true boundary lies within h·√2/2 of a border cell centre.
    return Math.max(0, Math.sqrt(best) - h);
  };
}

/** The projected gradient-flow orbit from x0 until within `capture` of the set (times and points). */
export function traceOrbit(
  land: LandscapeRd,
  basin: number,
  x0: ArrayLike<number>,
  capture: number,
  maxTime = 1e4,
): { t: Float64Array; x: Float64Array } {
  const d = land.dimension;
  const set = land.minima[basin - 1];
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  const ts: number[] = [0];
  const xs: number[] = Array.from(x);
  const L = land.ball;
  let t = 0;
  const ds = capture / 4;
  for (let n = 0; n < 200_000 && t < maxTime; n++) {
    if (distanceToSet(set, x) < capture) break;
    land.gradient(x, g);
    let gn = 0;
    for (let i = 0; i < d; i++) gn += g[i] * g[i];
    gn = Math.sqrt(gn);
    if (gn === 0) break;
    const dt = Math.min(0.05, ds / gn);
    for (let i = 0; i < d; i++) x[i] -= dt * g[i];
    let r2 = 0;
    for (let i = 0; i < d; i++) r2 += x[i] * x[i];
    if (r2 > L * L) for (let i = 0; i < d; i++) x[i] *= L / Math.sqrt(r2);
    t += dt;
    ts.push(t);
    for (let i = 0; i < d; i++) xs.push(x[i]);
  }
  return { t: Float64Array.from(ts), x: Float64Array.from(xs) };
}

/** Everything one outer sample needs (resolved once per estimate). */
interface EstimateContext {
  rng: RandomStream;
  land: LandscapeRd;
  basin: number;
  alpha: number;
  S: SpectralMeasure;
  b: number;
  L: number;
  inner: number;
  dist: (x: ArrayLike<number>) => number;
  origin: ArrayLike<number>;
  theta: Float64Array;
  y: Float64Array;
  /** Contribution of the current outer sample, per landing label. */
  one: Float64Array;
}

/** A jump from x that must cover ρ: the landing label (or the basin itself) and the weight ρ^{−α}. */
function jumpFrom(c: EstimateContext, x: ArrayLike<number>, rho: number): [number, number] {
  const r = Math.max(rho, 1e-12);
  const len = r * Math.exp(-Math.log(c.rng.nextUniform()) / c.alpha);
  sampleDirection(c.rng, c.S, 2, c.theta);
  jumpTo(x, len, c.theta, c.b, c.L, c.y);
  return [c.land.basinOf(c.y), Math.exp(-c.alpha * Math.log(r))];
}

/** The orbit point at time tt (binary search, linear interpolation). */
function orbitAt(orbit: { t: Float64Array; x: Float64Array }, tt: number): number[] {
  let lo = 0;
  let hi = orbit.t.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (orbit.t[mid] <= tt) lo = mid;
    else hi = mid;
  }
  const f = (tt - orbit.t[lo]) / (orbit.t[hi] - orbit.t[lo] || 1);
  return [
    orbit.x[2 * lo] + f * (orbit.x[2 * hi] - orbit.x[2 * lo]),
    orbit.x[2 * lo + 1] + f * (orbit.x[2 * hi + 1] - orbit.x[2 * lo + 1]),
  ];
}

/**
 * A jump that is not the last (J ≥ 3 only): length from the defensive mixture ½·ν|_{‖z‖>ρ₁} +
 * ½·ν|_{‖z‖>b/2} (normalised), weight dν/dp = 1/(½ρ₁^α + ½(b/2)^α·1{ℓ > b/2}). Unbiased like the
 * plain ν|_{‖z‖>ρ₁} draw, but half the draws are long: a J-jump exit needs J − 1 near-maximal jumps
 * in a row, which the plain draw makes (ρ₁/b)^{α(J−1)} rare.
 */
function mixtureJump(c: EstimateContext, rho1: number): [number, number] {
  const half = c.b / 2;
  const lo = c.rng.nextUniform() < 0.5 ? rho1 : Math.max(rho1, half);
  const len = lo * Math.exp(-Math.log(c.rng.nextUniform()) / c.alpha);
  const p = 0.5 * Math.exp(c.alpha * Math.log(rho1)) + (len > half ? 0.5 * Math.exp(c.alpha * Math.log(half)) : 0);
  return [len, 1 / p];
}

/**
 * One sample of the last `remaining` ≥ 2 jumps from `from`: a jump of length `len` (weight w1), the
 * orbit, `inner` stratified times t on it; from x(t) the last jump (remaining = 2, ρ = dist(x(t), Ωᶜ))
 * or, for remaining ≥ 3 (J ≥ 3), an intermediate jump ({@link mixtureJump}) and the same again from
 * where it lands. Unbiased at every level (each stratified t carries weight T/inner); the cost is
 * inner^{J−1} final jumps per outer sample. With remaining = 2 and from = the minimum this is the
 * J = 2 estimator, draw for draw.
 */
function multiJumpSample(
  c: EstimateContext,
  from: ArrayLike<number>,
  len: number,
  w1: number,
  remaining: number,
  rho1: number,
  capture: number,
): void {
  sampleDirection(c.rng, c.S, 2, c.theta);
  jumpTo(from, len, c.theta, c.b, c.L, c.y);
  const first = c.land.basinOf(c.y);
  if (first !== c.basin) {
    // Leaving before the last jump: impossible at J = J_b (the reach computation says so); counted, so that a wrong J shows.
    c.one[first] += w1;
    return;
  }
  const orbit = traceOrbit(c.land, c.basin, c.y, capture);
  const T = orbit.t[orbit.t.length - 1];
  if (!(T > 0)) return;
  for (let k = 0; k < c.inner; k++) {
    const xt = orbitAt(orbit, ((k + c.rng.nextUniform()) / c.inner) * T); // stratified in t
    if (remaining > 2) {
      const [next, w] = mixtureJump(c, rho1);
      multiJumpSample(c, xt, next, (w1 * T * w) / c.inner, remaining - 1, rho1, capture);
      continue;
    }
    const rho2 = c.dist(xt);
    if (rho2 > c.b) continue;
    const [lab, w2] = jumpFrom(c, xt, rho2);
    if (lab !== c.basin) c.one[lab] += (w1 * T * w2) / c.inner;
  }
}

/**
 * The J = 2 outer loop: `samples` first jumps from ν restricted to ‖z‖ > ρ₁ (recorded), then the
 * truncation check over the shell [ρ₁/2, ρ₁] (inverse transform of the truncated Pareto), returned.
 */
function multiJumpEstimate(
  c: EstimateContext,
  samples: number,
  rho1: number,
  jumps: number,
  record: () => void,
): number {
  const alpha = c.alpha;
  // The orbit stops within `capture` of the minimum, where the jumps still to come must not be able to
  // leave (1-D bound): (r − (J − 1)b)/2; from there J − 1 jumps reach at most (r + (J − 1)b)/2 < r.
  const capture = Math.min(0.05, Math.max(1e-3, (c.land.basinRadii[c.basin - 1] - (jumps - 1) * c.b) / 2));
  for (let s = 0; s < samples; s++) {
    c.one.fill(0);
    if (jumps > 2) {
      const [len, w] = mixtureJump(c, rho1);
      multiJumpSample(c, c.origin, len, w, jumps, rho1, capture);
    } else {
      multiJumpSample(
        c,
        c.origin,
        rho1 * Math.exp(-Math.log(c.rng.nextUniform()) / alpha),
        Math.exp(-alpha * Math.log(rho1)),
        2,
        rho1,
        capture,
      );
    }
    record();
  }
  const shellSamples = Math.max(1, Math.floor(samples / 8));
  const a = (rho1 / 2) ** -alpha;
  const cc = rho1 ** -alpha;
  let shell = 0;
  for (let s = 0; s < shellSamples; s++) {
    c.one.fill(0);
    multiJumpSample(
      c,
      c.origin,
      Math.exp(-Math.log(cc + c.rng.nextUniform() * (a - cc)) / alpha),
      a - cc,
      jumps,
      rho1,
      capture,
    );
    shell += c.one.reduce((x, v) => x + v, 0) / shellSamples;
  }
  return shell;
}

/**
 * q_k and q_{k,l} for J ∈ {1, …, 4} by the estimator above (d = 2 for the distance map).
 * @param rng the Monte Carlo stream (first, as everywhere)
 * @throws InputError for J ∉ {1, …, 4} or a non-planar landscape.
 */
export function estimateExitConstantsRd(
  rng: RandomStream,
  land: LandscapeRd,
  law: Pick<NoiseLawRd, 'tailIndex' | 'spectral' | 'dimension'>,
  basin: number,
  truncation: number,
  jumpsNeeded: number,
  options: ConstantsOptions = {},
): ExitConstantsRd {
  const api = 'estimateExitConstantsRd';
  if (land.dimension !== 2) throw invalidOption(api, 'landscape', 'a planar landscape', land.dimension);
  if (!Number.isInteger(jumpsNeeded) || jumpsNeeded < 1 || jumpsNeeded > 4)
    throw invalidOption(api, 'jumpsNeeded', 'an integer in [1, 4] (the cost grows as inner^(J−1))', jumpsNeeded);
  const alpha = law.tailIndex;
  const b = truncation;
  const n = land.minima.length;
  const samples = options.samples ?? 4000;
  const c: EstimateContext = {
    rng,
    land,
    basin,
    alpha,
    S: law.spectral,
    b,
    L: land.ball,
    inner: options.inner ?? 8,
    dist: outsideDistance(land, basin, options.spacing ?? land.ball / 100),
    origin: options.start ?? land.minima[basin - 1].point,
    theta: new Float64Array(2),
    y: new Float64Array(2),
    one: new Float64Array(n + 1),
  };
  const sums = new Float64Array(n + 1);
  const sq = new Float64Array(n + 1);
  let total = 0;
  let totalSq = 0;
  const record = () => {
    let tot = 0;
    for (let l = 0; l <= n; l++) {
      sums[l] += c.one[l];
      sq[l] += c.one[l] * c.one[l];
      tot += c.one[l];
    }
    total += tot;
    totalSq += tot * tot;
  };
  let shell = 0;
  if (jumpsNeeded === 1) {
    const rho = c.dist(c.origin);
    for (let s = 0; s < samples; s++) {
      c.one.fill(0);
      const [lab, w] = jumpFrom(c, c.origin, rho);
      if (lab !== basin) c.one[lab] = w;
      record();
    }
  } else {
    shell = multiJumpEstimate(c, samples, options.minFirstJump ?? b / 10, jumpsNeeded, record);
  }
  const mean = total / samples;
  const se = Math.sqrt(Math.max(0, totalSq / samples - mean * mean) / (samples - 1));
  const byTarget = Array.from(sums, (v) => v / samples);
  const seBy = Array.from(sq, (v, l) => Math.sqrt(Math.max(0, v / samples - byTarget[l] ** 2) / (samples - 1)));
  return {
    basin,
    jumpsNeeded,
    exitRate: mean,
    standardError: se,
    exitRateByTarget: byTarget,
    standardErrorByTarget: seBy,
    shellContribution: shell,
    samples,
  };
}
