/**
 * One-step checks of an optimizer in the plane (issue 16 §6), the R^d counterpart of
 * `../one-step.ts`. From x = 0 with gradient g the claimed increment is Δ = −φ_b(η(g − Z)), φ_b the
 * projection onto the disc of radius b (the NORM of the whole step is clipped), Z = c·R·Θ with R
 * independent of Θ, Θ uniform on the circle. At g = 0, Δ = φ_b(ηZ): its direction is Z's direction
 * on every step, its norm is η‖Z‖ below b and b above. Each check bears on one claim:
 * - truncation: ‖Δ‖ ≤ b on every step; no atom of ‖Δ‖ other than b; no atom of a coordinate |Δᵢ|
 *   (norm clipping leaves the coordinates continuous, coordinate-wise clipping piles them at b);
 * - direction: among the unclipped steps (‖Δ‖ < b, where the clip is not involved whatever it does)
 *   the angle is uniform, and independent of the radius;
 * - noise / tailIndex / noiseScale: the radius R̂ = ‖Δ‖/η in cells up to T ≤ b/(2η) plus one tail
 *   cell (so the clip never reaches the fit), binned likelihood over the family (`lomax`, `student-t`
 *   radial laws, exact tails from src/model/rd), profile likelihood-ratio tests with the other
 *   parameter free, and the same law at two step sizes (catches noise ∝ √η);
 * - update: inside a disc where neither probe clips, Ẑ = g + Δ/η has the same law at g = 0 and at
 *   g = g₁e₁ (the gradient enters as η∇f inside the clip);
 * plus joint checks (the full radial law, the atom mass P(‖Δ‖ = b) = H(b/η)).
 */
import { createNoiseLawRd, type NoiseLawRd, type NoiseSpecRd } from '../../model/rd/noise.ts';
import { chiSquareSf } from '../../stats/distributions.ts';
import { gTestHomogeneity } from '../../stats/g-test.ts';
import { formatSignificant } from '../../core/format.ts';
import { countCells, deviance, nelderMead } from '../fit.ts';
import type { ClaimName, RawCheck } from '../types.ts';

/** One probe in the plane: x' (sample-major, 2 per sample) from x = 0 at step size η and gradient g. */
export interface ProbeRd {
  stepSize: number;
  gradient: [number, number];
  next: Float64Array;
}

/** The probe design, fixed from the claims before any data is seen (as in 1-D). */
export interface ProbeDesignRd {
  stepSizes: [number, number];
  /** g₁ of the update probe (along e₁, at η₁). */
  gradient: number;
  /** Radius T of the radial cells, per step size. */
  windows: [number, number];
}

export const RADIAL_CELLS = 20;
export const ANGLE_SECTORS = 16;
const RADIAL_CLAIMS: ClaimName[] = ['noise', 'tailIndex', 'noiseScale'];
const fmt = (v: number): string => formatSignificant(v, 4);

/** r with H(r) = q, by bisection (H the claimed radial tail, q in (0, 1)). */
export function radialQuantileAbove(law: NoiseLawRd, q: number): number {
  let lo = 0;
  let hi = law.scale;
  while (law.radialTail(hi) > q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (law.radialTail(mid) > q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The 1-D design carried over: with clipping η₁ puts 5% of the claimed steps on the circle ‖Δ‖ = b,
 * η₂ = η₁/8, T = min(b/(2η), the claimed 98% radial quantile), g₁ = b/(4η₁); without, η = 0.1, 0.0125.
 */
export function designProbesRd(law: NoiseLawRd, truncation: number): ProbeDesignRd {
  const q98 = radialQuantileAbove(law, 0.02);
  if (!Number.isFinite(truncation)) return { stepSizes: [0.1, 0.0125], gradient: q98 / 2, windows: [q98, q98] };
  const eta1 = Math.min(1, truncation / radialQuantileAbove(law, 0.05));
  const eta2 = eta1 / 8;
  const w = (eta: number) => Math.min(truncation / (2 * eta), q98);
  return { stepSizes: [eta1, eta2], gradient: truncation / (4 * eta1), windows: [w(eta1), w(eta2)] };
}

/** Cell edges 0 = e₀ < … < e_K = T, equiprobable under `law` on [0, T]. */
export function radialEdges(law: NoiseLawRd, T: number, cells: number): number[] {
  const hT = law.radialTail(T);
  const edges = [0];
  for (let j = 1; j < cells; j++) edges.push(radialQuantileAbove(law, 1 - ((1 - hT) * j) / cells));
  edges.push(T);
  return edges;
}

/** Cell probabilities of the radial law: K cells on [0, T], then (T, ∞). */
function radialProbabilities(law: NoiseLawRd, edges: number[]): Float64Array {
  const k = edges.length - 1;
  const p = new Float64Array(k + 1);
  for (let j = 0; j < k; j++) p[j] = law.radialTail(edges[j]) - law.radialTail(edges[j + 1]);
  p[k] = law.radialTail(edges[k]);
  return p;
}

interface RadialSample {
  edges: number[];
  counts: Float64Array;
}

function radii(p: ProbeRd): Float64Array {
  const n = p.next.length / 2;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++)
    r[i] = Math.hypot(p.gradient[0] + p.next[2 * i] / p.stepSize, p.gradient[1] + p.next[2 * i + 1] / p.stepSize);
  return r;
}

function radialSample(law: NoiseLawRd, p: ProbeRd, T: number): RadialSample {
  const edges = radialEdges(law, T, RADIAL_CELLS);
  return { edges, counts: countCells(radii(p), [...edges, Infinity]) };
}

type RadialParam = 'tailIndex' | 'noiseScale';

/** Binned ML fit of the radial family over the parameters not in `fixed` (Nelder–Mead, log scale). */
export function fitRadial(
  samples: RadialSample[],
  claimed: NoiseSpecRd,
  fixed: RadialParam[] = [],
): { tailIndex: number; noiseScale: number; deviance: number } {
  const free = (['tailIndex', 'noiseScale'] as RadialParam[]).filter((p) => !fixed.includes(p));
  const at = (u: number[]) => {
    const v = { tailIndex: claimed.tailIndex, noiseScale: claimed.scale };
    free.forEach((p, i) => (v[p] = p === 'tailIndex' ? 1 + Math.exp(u[i]) : Math.exp(u[i])));
    return v;
  };
  const objective = (u: number[]) => {
    if (u.some((x) => !Number.isFinite(x) || Math.abs(x) > 30)) return Infinity;
    const v = at(u);
    const law = createNoiseLawRd({ ...claimed, tailIndex: v.tailIndex, scale: v.noiseScale });
    let g = 0;
    for (const s of samples) g += deviance(s.counts, radialProbabilities(law, s.edges));
    return Number.isFinite(g) ? g : Infinity;
  };
  const u0 = free.map((p) => (p === 'tailIndex' ? Math.log(claimed.tailIndex - 1) : Math.log(claimed.scale)));
  const best = nelderMead(objective, u0);
  return { ...at(best.x), deviance: best.f };
}

/** Deterministic: the gradient-0 probes show a continuous noise at all (else no law can be fitted). */
export function noisePresenceCheckRd(probes: readonly ProbeRd[]): RawCheck | null {
  // Distinct values among the first 2000 coordinates (a continuous law gives 2000; a Set of all
  // 4·10⁵ would cost most of the audit's analysis time).
  const distinct = probes.map((p) => new Set(p.next.subarray(0, 2000)).size);
  if (distinct.every((d) => d >= RADIAL_CELLS)) return null;
  return {
    id: 'one-step/noise-present',
    title: 'the steps at gradient 0 are random (a continuous noise law)',
    primary: 'noise',
    bearsOn: ['noise'],
    pValue: 0,
    detail: `${distinct.join(', ')} distinct values among the first 2000 coordinates of Δ at η = ${probes.map((p) => fmt(p.stepSize)).join(', ')}: the optimizer adds no continuous noise`,
  };
}

/**
 * The atom a clip leaves: at least 5 values within 1e-12 (relative) of the largest |value| (a
 * continuous law essentially never repeats). Only the top is searched: every clip, at any
 * threshold and on the norm or on the coordinates, piles its steps at the largest value, and the
 * scan is O(n) where a full sort of 1.8·10⁶ coordinates is not cheap. The tolerance is tight on
 * purpose: under norm clipping the largest coordinates b·|cos θ| of the ~3·10⁴ clipped steps come
 * within ~b·θ²/2 ≈ 1e-9·b of b (θ ≈ 5e-5 apart), which a 1e-9 tolerance took for an atom (3 false
 * alarms in 200 seeds, `npm run audit:calibrate`); within 1e-12·b needs θ < 1.4e-6, expected
 * 0.03 such steps per audit, so 5 of them essentially never.
 */
export function topAtom(values: Float64Array, minRun = 5): { value: number; count: number }[] {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > max) max = a;
  }
  let count = 0;
  for (let i = 0; i < values.length; i++) if (max - Math.abs(values[i]) <= 1e-12 * max) count++;
  return max > 0 && count >= minRun ? [{ value: max, count }] : [];
}

/** Truncation checks on all probes: support of ‖Δ‖, atoms of ‖Δ‖, atoms of the coordinates (exact). */
export function truncationChecksRd(b: number, probes: readonly ProbeRd[]): RawCheck[] {
  const total = probes.reduce((s, p) => s + p.next.length, 0);
  const norms = new Float64Array(total / 2);
  const coords = new Float64Array(total);
  let k = 0;
  for (const p of probes) {
    coords.set(p.next, 2 * k);
    for (let i = 0; i < p.next.length; i += 2)
      norms[k++] = Math.sqrt(p.next[i] * p.next[i] + p.next[i + 1] * p.next[i + 1]);
  }
  const checks: RawCheck[] = [];
  const claimedB = Number.isFinite(b) ? String(b) : 'none';
  if (Number.isFinite(b)) {
    let beyond = 0;
    let max = 0;
    for (const v of norms) {
      if (v > b * (1 + 1e-9)) beyond++;
      if (v > max) max = v;
    }
    checks.push({
      id: 'one-step/support',
      title: 'every step ‖Δ‖ ≤ b (the norm of the step is clipped)',
      primary: 'truncation',
      bearsOn: ['truncation'],
      pValue: beyond > 0 ? 0 : 1,
      detail: `${beyond} of ${norms.length} steps exceed b = ${claimedB}; max ‖Δ‖ = ${fmt(max)}${beyond > 0 ? (max <= b * Math.SQRT2 * (1 + 1e-9) ? ' (≤ b√2: as if each coordinate were clipped at b)' : ' (the step is not clipped at b)') : ''}`,
    });
  }
  const stray = topAtom(norms).filter((a) => !(Math.abs(a.value - b) <= 1e-9 * b));
  const coordAtoms = topAtom(coords);
  const list = (xs: { value: number; count: number }[]) =>
    xs
      .slice(0, 3)
      .map((a) => `${fmt(a.value)} (${a.count}×)`)
      .join(', ');
  checks.push({
    id: 'one-step/atoms',
    title: Number.isFinite(b)
      ? 'the largest ‖Δ‖ is no atom, or it is b'
      : 'the largest ‖Δ‖ is no atom (no clipping claimed)',
    primary: 'truncation',
    bearsOn: ['truncation'],
    pValue: stray.length > 0 ? 0 : 1,
    detail:
      stray.length > 0
        ? `steps pile up at ‖Δ‖ = ${list(stray)}: clipped at another threshold than ${claimedB}`
        : 'none found',
  });
  checks.push({
    id: 'one-step/norm-clipping',
    title: 'the largest coordinate |Δᵢ| is no atom (the norm is clipped, not each coordinate)',
    primary: 'truncation',
    bearsOn: ['truncation'],
    pValue: coordAtoms.length > 0 ? 0 : 1,
    detail:
      coordAtoms.length > 0
        ? `coordinates pile up at |Δᵢ| = ${list(coordAtoms)}: each coordinate is clipped separately`
        : 'none found',
  });
  return checks;
}

/** Joint: P(‖Δ‖ = b) = H(b/η) at both gradient-0 probes (binomial G, df 2). */
export function atomMassCheckRd(law: NoiseLawRd, b: number, probes: readonly ProbeRd[]): RawCheck | null {
  if (!Number.isFinite(b)) return null;
  let g = 0;
  const parts: string[] = [];
  for (const p of probes) {
    const n = p.next.length / 2;
    let k = 0;
    for (let i = 0; i < p.next.length; i += 2) if (Math.abs(Math.hypot(p.next[i], p.next[i + 1]) - b) <= 1e-9 * b) k++;
    const q = law.radialTail(b / p.stepSize);
    const e = n * q;
    g += 2 * ((k > 0 ? k * Math.log(k / e) : 0) + (n - k > 0 ? (n - k) * Math.log((n - k) / (n - e)) : 0));
    parts.push(`η = ${fmt(p.stepSize)}: ${k} on ‖Δ‖ = b, expected ${fmt(e)}`);
  }
  return {
    id: 'one-step/atom-mass',
    title: 'mass of the circle ‖Δ‖ = b matches P(‖Z‖ ≥ b/η)',
    primary: null,
    bearsOn: ['truncation', 'direction', ...RADIAL_CLAIMS],
    // Binomial G on df 2: the designed expected counts (≈ 10⁴ and 10³ at the default budget) are
    // far inside the χ² regime, so no exact binomial (slow at n = 2·10⁵) is needed.
    pValue: chiSquareSf(g, probes.length),
    detail: parts.join('; '),
  };
}

/** Angle sector (0 … m − 1) of (x, y). */
function sector(x: number, y: number, m: number): number {
  const a = Math.atan2(y, x) + Math.PI;
  return Math.min(m - 1, Math.floor((a / (2 * Math.PI)) * m));
}

/** Direction checks on the unclipped steps of the gradient-0 probes: uniform angle, angle ⟂ radius. */
export function directionChecksRd(law: NoiseLawRd, b: number, probes: readonly ProbeRd[]): RawCheck[] {
  const counts = new Float64Array(ANGLE_SECTORS);
  // Radius classes split at the claimed median and 90% quantile (fixed before the data).
  const split = [radialQuantileAbove(law, 0.5), radialQuantileAbove(law, 0.1)];
  const table = split.concat(Infinity).map(() => new Array<number>(8).fill(0));
  let n = 0;
  for (const p of probes) {
    for (let i = 0; i < p.next.length; i += 2) {
      const dx = p.next[i];
      const dy = p.next[i + 1];
      const norm = Math.hypot(dx, dy);
      if (Number.isFinite(b) && norm >= b * (1 - 1e-9)) continue;
      n++;
      counts[sector(dx, dy, ANGLE_SECTORS)]++;
      const r = norm / p.stepSize;
      table[r < split[0] ? 0 : r < split[1] ? 1 : 2][sector(dx, dy, 8)]++;
    }
  }
  const uniform = new Float64Array(ANGLE_SECTORS).fill(1 / ANGLE_SECTORS);
  const g = deviance(counts, uniform);
  const ratio = Math.max(...counts) / Math.max(1, Math.min(...counts));
  const rows = table.filter((row) => row.reduce((s, v) => s + v, 0) > 0);
  const h = rows.length > 1 ? gTestHomogeneity(rows) : null;
  return [
    {
      id: 'one-step/isotropy',
      title: `the direction of the unclipped steps is uniform (${ANGLE_SECTORS} sectors)`,
      primary: 'direction',
      bearsOn: ['direction'],
      pValue: chiSquareSf(g, ANGLE_SECTORS - 1),
      detail: `G = ${fmt(g)} on ${ANGLE_SECTORS - 1} df over ${n} steps; fullest / emptiest sector ${fmt(ratio)}`,
    },
    {
      id: 'one-step/direction-radius',
      title: 'the direction is independent of the radius (8 sectors × 3 radius classes)',
      primary: 'direction',
      bearsOn: ['direction'],
      pValue: h ? h.pValue : 1,
      detail: h ? `G = ${fmt(h.statistic)}` : 'one radius class only',
    },
  ];
}

/** Radial-law checks on the two gradient-0 probes: full law, family, α, c, same law at both η. */
export function radialChecksRd(
  claimed: NoiseSpecRd,
  law: NoiseLawRd,
  design: ProbeDesignRd,
  probes: readonly [ProbeRd, ProbeRd],
): RawCheck[] {
  const samples = probes.map((p, i) => radialSample(law, p, design.windows[i]));
  const atClaim = samples.reduce((s, x) => s + deviance(x.counts, radialProbabilities(law, x.edges)), 0);
  const df = samples.length * RADIAL_CELLS;
  const fits = samples.map((s) => fitRadial([s], claimed));
  const fitted = fits.reduce((s, f) => s + f.deviance, 0);
  const eta = probes.map((p) => fmt(p.stepSize));
  const checks: RawCheck[] = [
    {
      id: 'one-step/law',
      title: 'R̂ = ‖Δ‖/η follows the claimed radial law (all claims at once)',
      primary: null,
      bearsOn: [...RADIAL_CLAIMS, 'direction'],
      pValue: chiSquareSf(atClaim, df),
      detail: `G = ${fmt(atClaim)} on ${df} df`,
    },
    {
      id: 'one-step/family',
      title: `the best-fitting ${claimed.kind} radial law fits the steps`,
      primary: 'noise',
      bearsOn: ['noise'],
      pValue: chiSquareSf(fitted, df - 2 * samples.length),
      detail: `G = ${fmt(fitted)} on ${df - 2 * samples.length} df; fits: ${fits.map((f, i) => `η = ${eta[i]}: tailIndex ${fmt(f.tailIndex)}, noiseScale ${fmt(f.noiseScale)}`).join('; ')}`,
    },
  ];
  const values = { tailIndex: claimed.tailIndex, noiseScale: claimed.scale };
  for (const p of ['tailIndex', 'noiseScale'] as const) {
    const restricted = samples.reduce((s, x) => s + fitRadial([x], claimed, [p]).deviance, 0);
    const lr = Math.max(0, restricted - fitted);
    checks.push({
      id: `one-step/${p}`,
      title: `${p === 'tailIndex' ? 'radial tail index' : 'noise scale'} = ${fmt(values[p])} (the other free)`,
      primary: p,
      bearsOn: [p, 'noise'],
      pValue: chiSquareSf(lr, samples.length),
      detail: `LR = ${fmt(lr)} on ${samples.length} df; estimates ${fits.map((f, i) => `${fmt(f[p])} (η = ${eta[i]})`).join(', ')}`,
    });
  }
  const joint = fitRadial(samples, claimed).deviance;
  const lrStable = Math.max(0, joint - fitted);
  const exponent =
    Math.log(fits[0].noiseScale / fits[1].noiseScale) / Math.log(probes[0].stepSize / probes[1].stepSize);
  checks.push({
    id: 'one-step/step-size-invariance',
    title: 'the radial law is the same at both step sizes (Z enters as η·Z)',
    primary: 'noiseScale',
    bearsOn: ['noiseScale', 'update'],
    pValue: chiSquareSf(lrStable, 2),
    detail: `LR = ${fmt(lrStable)} on 2 df; fitted scale ∝ η^${fmt(exponent)}`,
  });
  return checks;
}

/**
 * Update check: inside the disc ‖Ẑ‖ < W = T(η₁) neither probe clips (W ≤ b/(2η₁) < b/η₁ − g₁), so
 * Ẑ = g + Δ/η must have the same law at g = 0 and at g = g₁e₁ (G homogeneity over 5 radial cells,
 * equiprobable under the claim, × 8 sectors).
 */
export function updateCheckRd(law: NoiseLawRd, design: ProbeDesignRd, atZero: ProbeRd, atGradient: ProbeRd): RawCheck {
  const W = design.windows[0];
  const edges = radialEdges(law, W, 5);
  const mean: number[] = [];
  const row = (p: ProbeRd) => {
    const cells = new Array<number>(40).fill(0);
    let sx = 0;
    let m = 0;
    for (let i = 0; i < p.next.length; i += 2) {
      const zx = p.gradient[0] + p.next[i] / p.stepSize;
      const zy = p.gradient[1] + p.next[i + 1] / p.stepSize;
      const r = Math.hypot(zx, zy);
      if (!(r < W)) continue;
      let k = 0;
      while (k < 4 && r > edges[k + 1]) k++;
      cells[k * 8 + sector(zx, zy, 8)]++;
      sx += zx;
      m++;
    }
    mean.push(sx / m);
    return cells;
  };
  const h = gTestHomogeneity([row(atZero), row(atGradient)]);
  return {
    id: 'one-step/gradient',
    title: 'the gradient enters as η·∇f inside the clip (same Ẑ law at g = 0 and g = g₁e₁)',
    primary: 'update',
    bearsOn: ['update'],
    pValue: h.pValue,
    detail: `G = ${fmt(h.statistic)}; window mean of Ẑ₁ ${fmt(mean[0])} at g = 0, ${fmt(mean[1])} at g₁ = ${fmt(atGradient.gradient[0])}`,
  };
}
