/**
 * One-step checks: the law of the increment Δ = x' − x of a single step from x = 0 against
 * Δ = −φ_b(η(g − Z)) with Z from the claimed law. Each check is built to bear on one claim:
 * - truncation: no |Δ| beyond b; no atom of |Δ| other than b (model-free, exact);
 * - noise family: the best fit within the claimed family is itself rejected (binned G, per probe);
 * - tailIndex / noiseScale / pPlus: profile likelihood-ratio tests of the claimed value with the
 *   other parameters free (so a wrong α is not blamed on the scale, and vice versa);
 * - noiseScale, across step sizes: the fitted law must be the same at η₁ and η₂ (noise ∝ √η fails);
 * - update: Ẑ = g + Δ/η has the same law at gradient 0 and at gradient g₁ (the gradient enters
 *   inside the clip, multiplied by η);
 * plus joint checks (the full claimed law, the atom mass at ±b) attributed to no single claim.
 * Cells stop at T ≤ b/(2η) on the Z scale, so a clipping fault cannot leak into the noise checks.
 */
import { createNoiseLaw } from '../model/noise.ts';
import type { NoiseLaw, NoiseSpec } from '../model/types.ts';
import { chiSquareSf } from '../stats/distributions.ts';
import { binomialTest } from '../stats/binomial.ts';
import { gTestHomogeneity } from '../stats/g-test.ts';
import {
  absQuantileAbove,
  cellEdges,
  cellProbabilities,
  countCells,
  deviance,
  familyParams,
  fitFamily,
  paramValues,
  type BinnedSample,
  type NoiseParam,
} from './fit.ts';
import { formatSignificant } from '../core/format.ts';
import type { ClaimName, RawCheck, ResolvedOptimizer } from './types.ts';

export type { RawCheck } from './types.ts';

/** Raw output of one probe: x' from x = 0 at step size η and gradient g. */
export interface Probe {
  stepSize: number;
  gradient: number;
  next: Float64Array;
}

/** The probe design for a claim (step sizes, gradient, windows), fixed before any data is seen. */
export interface ProbeDesign {
  stepSizes: [number, number];
  /** g₁ of the update probe (at step size η₁). */
  gradient: number;
  /** Half-width T of the inner cells on the Z scale, per step size. */
  windows: [number, number];
}

/** Inner cells of the binned fits. */
export const INNER_CELLS = 20;
const NOISE_CLAIMS: ClaimName[] = ['noise', 'tailIndex', 'noiseScale', 'pPlus'];

/**
 * Chooses the probe design from the claims: with clipping, η₁ puts 5% of the claimed steps on the
 * atoms ±b (so the atom is seen and the clip placement tested) and η₂ = η₁/8 (a factor 8 in η is
 * a factor √8 ≈ 2.8 in the scale of a noise wrongly ∝ √η); the cells stop at T = min(b/(2η), the
 * claimed 98% quantile of |Z|). Without clipping η₁ = 0.1, η₂ = 0.0125.
 */
export function designProbes(noise: NoiseLaw, truncation: number): ProbeDesign {
  const q98 = absQuantileAbove(noise, 0.02);
  if (!Number.isFinite(truncation)) return { stepSizes: [0.1, 0.0125], gradient: q98 / 2, windows: [q98, q98] };
  const eta1 = truncation / absQuantileAbove(noise, 0.05);
  const eta2 = eta1 / 8;
  const w = (eta: number) => Math.min(truncation / (2 * eta), q98);
  // g₁ shifts the clip window by a quarter of b, enough to see a misplaced gradient in the body.
  return { stepSizes: [eta1, eta2], gradient: truncation / (4 * eta1), windows: [w(eta1), w(eta2)] };
}

function zHat(p: Probe): Float64Array {
  const z = new Float64Array(p.next.length);
  for (let i = 0; i < z.length; i++) z[i] = p.gradient + p.next[i] / p.stepSize;
  return z;
}

const fmt = (v: number): string => formatSignificant(v, 4);

/** Atoms of |Δ|: runs of ≥ 5 values equal within 1e-9 relative (continuous data essentially never repeat). */
export function findAtoms(next: ArrayLike<number>, minRun = 5): { value: number; count: number }[] {
  const a = Float64Array.from(next as ArrayLike<number>, Math.abs).sort();
  const atoms: { value: number; count: number }[] = [];
  let i = 0;
  while (i < a.length) {
    let j = i + 1;
    while (j < a.length && a[j] - a[i] <= 1e-9 * a[i]) j++;
    if (j - i >= minRun && a[i] > 0) atoms.push({ value: a[i], count: j - i });
    i = j;
  }
  return atoms;
}

/** A claimed continuous noise law takes at least this many distinct step values per probe. */
export const MIN_DISTINCT_STEPS = INNER_CELLS;

/**
 * Deterministic check that the gradient-0 probes show noise at all: an optimizer with no noise (or a
 * handful of atoms) makes every Ẑ the same, so no continuous law can be fitted. Returns null when
 * both probes have at least {@link MIN_DISTINCT_STEPS} distinct values (the fits then run as usual),
 * else a rejected check on `noise` (p = 0) that replaces the fits.
 */
export function noisePresenceCheck(probes: readonly Probe[]): RawCheck | null {
  const distinct = probes.map((p) => new Set(p.next).size);
  if (distinct.every((d) => d >= MIN_DISTINCT_STEPS)) return null;
  const parts = probes.map((p, i) => {
    const values = [...new Set(p.next)].slice(0, 3).map(fmt).join(', ');
    return `η = ${fmt(p.stepSize)}: ${distinct[i]} distinct value${distinct[i] === 1 ? '' : 's'} of Δ (${values}${distinct[i] > 3 ? ', …' : ''})`;
  });
  return {
    id: 'one-step/noise-present',
    title: 'the steps at gradient 0 are random (a continuous noise law)',
    primary: 'noise',
    bearsOn: ['noise'],
    pValue: 0,
    detail: `${parts.join('; ')} over ${probes[0]?.next.length ?? 0} steps each: the optimizer adds no continuous noise`,
  };
}

/** Truncation checks on all probes (exact: p = 0 when the claim makes the observation impossible). */
export function truncationChecks(opt: ResolvedOptimizer, probes: Probe[]): RawCheck[] {
  const b = opt.truncation;
  const all = new Float64Array(probes.reduce((s, p) => s + p.next.length, 0));
  let off = 0;
  for (const p of probes) {
    all.set(p.next, off);
    off += p.next.length;
  }
  let maxAbs = 0;
  let beyond = 0;
  for (const v of all) {
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a > b * (1 + 1e-9)) beyond++;
  }
  const claimedB = Number.isFinite(b) ? String(b) : 'none';
  const checks: RawCheck[] = [];
  if (Number.isFinite(b)) {
    checks.push({
      id: 'one-step/support',
      title: 'every step |Δ| ≤ b',
      primary: 'truncation',
      bearsOn: ['truncation'],
      pValue: beyond > 0 ? 0 : 1,
      detail: `${beyond} of ${all.length} steps exceed b = ${claimedB}; max |Δ| = ${fmt(maxAbs)}${beyond > 0 ? ' (the whole step is not clipped at b)' : ''}`,
    });
  }
  const stray = findAtoms(all).filter((a) => !(Math.abs(a.value - b) <= 1e-9 * b));
  checks.push({
    id: 'one-step/atoms',
    title: Number.isFinite(b) ? '|Δ| has no atom other than b' : '|Δ| has no atom (no clipping claimed)',
    primary: 'truncation',
    bearsOn: ['truncation'],
    pValue: stray.length > 0 ? 0 : 1,
    detail:
      stray.length > 0
        ? `steps pile up at |Δ| = ${stray
            .slice(0, 3)
            .map((a) => `${fmt(a.value)} (${a.count}×)`)
            .join(', ')}: clipped at another threshold than ${claimedB}`
        : 'none found',
  });
  return checks;
}

/** Joint check of the atom mass P(|Δ| = b) = P(|Z| ≥ b/η) at both noise probes (binomial G, df 2). */
export function atomMassCheck(opt: ResolvedOptimizer, law: NoiseLaw, probes: Probe[]): RawCheck | null {
  const b = opt.truncation;
  if (!Number.isFinite(b)) return null;
  let g = 0;
  const parts: string[] = [];
  let minP = 1;
  for (const p of probes) {
    const n = p.next.length;
    let k = 0;
    for (const v of p.next) if (Math.abs(Math.abs(v) - b) <= 1e-9 * b) k++;
    const q = law.upperTail(b / p.stepSize + p.gradient) + law.lowerTail(b / p.stepSize - p.gradient);
    const e = n * q;
    g += 2 * ((k > 0 ? k * Math.log(k / e) : 0) + (n - k > 0 ? (n - k) * Math.log((n - k) / (n - e)) : 0));
    minP = Math.min(minP, binomialTest(k, n, { probability: q }).pValue);
    parts.push(`η = ${fmt(p.stepSize)}: ${k} at ±b, expected ${fmt(e)}`);
  }
  return {
    id: 'one-step/atom-mass',
    title: 'mass of the atoms ±b matches P(|Z| ≥ b/η)',
    primary: null,
    bearsOn: ['truncation', ...NOISE_CLAIMS],
    pValue: Math.min(chiSquareSf(g, probes.length), probes.length * minP, 1),
    detail: parts.join('; '),
  };
}

function binned(law: NoiseLaw, probe: Probe, window: number): BinnedSample {
  const edges = cellEdges(law, -window, window, INNER_CELLS);
  return { edges, counts: countCells(zHat(probe), edges) };
}

const PARAM_TITLES: Record<NoiseParam, string> = {
  tailIndex: 'tail index',
  noiseScale: 'noise scale',
  pPlus: 'p₊ (sign balance of the tails)',
};

/**
 * Noise checks on the two gradient-0 probes (family, each parameter, stability across η, full law),
 * plus the symmetry sign test for the symmetric families.
 */
export function noiseChecks(
  opt: ResolvedOptimizer,
  law: NoiseLaw,
  design: ProbeDesign,
  probes: [Probe, Probe],
): RawCheck[] {
  const claimed: NoiseSpec = opt.noise;
  const d = familyParams(claimed.kind).length;
  const samples = probes.map((p, i) => binned(law, p, design.windows[i]));
  const cells = INNER_CELLS + 2;
  const checks: RawCheck[] = [];
  const atClaim = samples.reduce((s, x) => s + deviance(x.counts, cellProbabilities(law, x.edges)), 0);
  checks.push({
    id: 'one-step/law',
    title: 'Ẑ = g + Δ/η follows the claimed law (all claims at once)',
    primary: null,
    bearsOn: [...NOISE_CLAIMS],
    pValue: chiSquareSf(atClaim, samples.length * (cells - 1)),
    detail: `G = ${fmt(atClaim)} on ${samples.length * (cells - 1)} df`,
  });
  const fits = samples.map((s) => fitFamily([s], claimed));
  const fitted = fits.reduce((s, f) => s + f.deviance, 0);
  const familyDf = samples.length * (cells - 1 - d);
  const describe = (v: Record<NoiseParam, number>) =>
    familyParams(claimed.kind)
      .map((p) => `${p} ${fmt(v[p])}`)
      .join(', ');
  checks.push({
    id: 'one-step/family',
    title: `the best-fitting ${claimed.kind} law fits the steps`,
    primary: 'noise',
    bearsOn: ['noise'],
    pValue: chiSquareSf(fitted, familyDf),
    detail: `G = ${fmt(fitted)} on ${familyDf} df; fits: ${fits.map((f, i) => `η = ${fmt(probes[i].stepSize)}: ${describe(f.values)}`).join('; ')}`,
  });
  const claimedValues = paramValues(claimed);
  for (const p of familyParams(claimed.kind)) {
    const restricted = samples.reduce((s, x) => s + fitFamily([x], claimed, [p]).deviance, 0);
    const lr = Math.max(0, restricted - fitted);
    checks.push({
      id: `one-step/${p}`,
      title: `${PARAM_TITLES[p]} = ${fmt(claimedValues[p])} (others free)`,
      primary: p,
      bearsOn: [p, 'noise'],
      pValue: chiSquareSf(lr, samples.length),
      detail: `LR = ${fmt(lr)} on ${samples.length} df; estimates ${fits.map((f, i) => `${fmt(f.values[p])} (η = ${fmt(probes[i].stepSize)})`).join(', ')}`,
    });
  }
  const joint = fitFamily(samples, claimed).deviance;
  const lrStable = Math.max(0, joint - fitted);
  const [c1, c2] = fits.map((f) => f.values.noiseScale);
  const exponent = Math.log(c1 / c2) / Math.log(probes[0].stepSize / probes[1].stepSize);
  checks.push({
    id: 'one-step/step-size-invariance',
    title: 'the noise law is the same at both step sizes (Z enters as η·Z)',
    primary: 'noiseScale',
    bearsOn: ['noiseScale', 'update'],
    pValue: chiSquareSf(lrStable, d),
    detail: `LR = ${fmt(lrStable)} on ${d} df; fitted scale ∝ η^${fmt(exponent)} between η = ${fmt(probes[1].stepSize)} and ${fmt(probes[0].stepSize)}${Math.abs(exponent + 0.5) < 0.15 ? ' (as if the noise were scaled by √η)' : ''}`,
  });
  if (claimed.kind !== 'lomax') {
    let pos = 0;
    let n = 0;
    for (const p of probes) {
      for (const v of p.next) {
        n++;
        if (v > 0) pos++;
      }
    }
    checks.push({
      id: 'one-step/symmetry',
      title: 'P(Z > 0) = ½ (symmetric law)',
      primary: 'pPlus',
      bearsOn: ['pPlus', 'noise'],
      pValue: binomialTest(pos, n, { probability: 0.5 }).pValue,
      detail: `${pos} of ${n} steps positive`,
    });
  }
  return checks;
}

/**
 * Update check: the law of Ẑ = g + Δ/η inside the common window (|Ẑ| < b/(2η₁)) is the same at
 * gradient 0 and at gradient g₁ (G-test of homogeneity over 10 cells).
 */
export function updateCheck(law: NoiseLaw, design: ProbeDesign, atZero: Probe, atGradient: Probe): RawCheck {
  const w = design.windows[0];
  const lo = Math.max(-w, atGradient.gradient - w);
  const edges = cellEdges(law, lo, w, 10).slice(1, -1);
  const inside = (z: Float64Array) => z.filter((v) => v > lo && v <= w);
  const row = (z: Float64Array) => Array.from(countCells(inside(z), [-Infinity, ...edges.slice(1, -1), Infinity]));
  const r0 = row(zHat(atZero));
  const r1 = row(zHat(atGradient));
  const res = gTestHomogeneity([r0, r1]);
  const mean = (z: Float64Array) => {
    const v = inside(z);
    return v.reduce((s, x) => s + x, 0) / v.length;
  };
  return {
    id: 'one-step/gradient',
    title: 'the gradient enters as η·∇f inside the clip (same Ẑ law at g = 0 and g = g₁)',
    primary: 'update',
    bearsOn: ['update'],
    pValue: res.pValue,
    detail: `G = ${fmt(res.statistic)}; window mean of Ẑ ${fmt(mean(zHat(atZero)))} at g = 0, ${fmt(mean(zHat(atGradient)))} at g = ${fmt(atGradient.gradient)}`,
  };
}

/** The claimed law (validated by `resolveClaims`). */
export function claimedLaw(opt: ResolvedOptimizer): NoiseLaw {
  return createNoiseLaw(opt.noise);
}
