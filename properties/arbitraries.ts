/**
 * fast-check arbitraries of the hypotheses (landscapes, tail indices, noise laws, truncations,
 * seeds), shared by the property tests of every team. Hypotheses come from integer grids so they
 * shrink to few, equal, round values ("simplest landscape"); seeds never shrink (`fc.noShrink`),
 * so a counterexample reads "simplest landscape + seed".
 */
import fc from 'fast-check';
import { basinRadii, randomPolynomialSpec } from '../src/model/landscapes.ts';
import type { Landscape, LandscapeSpec, NoiseSpec } from '../src/model/types.ts';

/** k·step rounded to 1e-12, so grid values print as 0.15, not 0.15000000000000002. */
function onGrid(k: number, step: number): number {
  return Math.round(k * step * 1e12) / 1e12;
}

/** Options of {@link arbGaps} / {@link arbLandscapeSpec}. */
export interface LandscapeArbOptions {
  /** Fewest minima. @default 1 */
  minMinima?: number;
  /** Most minima. @default 4 */
  maxMinima?: number;
  /** Smallest gap between consecutive critical points. @default 0.2 */
  minGap?: number;
  /** Largest gap. @default 1 */
  maxGap?: number;
  /** Grid of the gaps (and margin). @default 0.05 */
  gridStep?: number;
}

/**
 * Gaps between consecutive critical points m₁, s₁, m₂, …: an even-length list (2(n − 1) for n
 * minima) of multiples of `gridStep` in [minGap, maxGap]. Drawn as an array of (left, right) pairs
 * so it shrinks to fewer minima and to equal, smallest gaps.
 */
export function arbGaps(opts: LandscapeArbOptions = {}): fc.Arbitrary<number[]> {
  const { minMinima = 1, maxMinima = 4, minGap = 0.2, maxGap = 1, gridStep = 0.05 } = opts;
  const lo = Math.ceil(minGap / gridStep - 1e-9);
  const hi = Math.floor(maxGap / gridStep + 1e-9);
  if (!(minMinima >= 1 && maxMinima >= minMinima && hi >= lo && lo >= 1)) {
    throw new Error(`arbGaps: bad options ${JSON.stringify(opts)}`);
  }
  const gap = fc.integer({ min: lo, max: hi }).map((k) => onGrid(k, gridStep));
  return fc
    .array(fc.tuple(gap, gap), { minLength: minMinima - 1, maxLength: maxMinima - 1 })
    .map((pairs) => pairs.flat());
}

/**
 * Random polynomial landscapes satisfying the paper's assumptions (THEORY.md §3) with controlled
 * basin radii: consecutive critical points are `arbGaps` apart, centred on 0, and the box is the
 * outer root plus a margin from the same grid (in [minGap, maxGap]). Resolve with `resolveLandscape`.
 * @example fc.sample(arbLandscapeSpec({ maxMinima: 3 }), 1)
 */
export function arbLandscapeSpec(opts: LandscapeArbOptions = {}): fc.Arbitrary<LandscapeSpec> {
  const { minGap = 0.2, maxGap = 1, gridStep = 0.05 } = opts;
  const margin = fc
    .integer({ min: Math.ceil(minGap / gridStep - 1e-9), max: Math.floor(maxGap / gridStep + 1e-9) })
    .map((k) => onGrid(k, gridStep));
  return fc.tuple(arbGaps(opts), margin).map(([gaps, m]) => randomPolynomialSpec({ gaps, margin: m }));
}

/** α in [1.2, 1.9] on a 0.05 grid (valid for every heavy-tailed law, stable included). */
export function arbTailIndex(): fc.Arbitrary<number> {
  return fc.integer({ min: 24, max: 38 }).map((k) => k / 20);
}

/** A noise scale c in [0.05, 1] on a 0.05 grid. */
export function arbNoiseScale(): fc.Arbitrary<number> {
  return fc.integer({ min: 1, max: 20 }).map((k) => k / 20);
}

/**
 * Heavy-tailed noise specs (lomax with p₊ on a 0.1 grid in [0.2, 0.8], student-t, stable), α from
 * {@link arbTailIndex}; with `gaussian: true` the Gaussian control too. Shrinks toward symmetric
 * lomax, the paper's law.
 */
export function arbNoiseSpec(opts: { gaussian?: boolean } = {}): fc.Arbitrary<NoiseSpec> {
  const lomax = fc.record({
    kind: fc.constant('lomax' as const),
    tailIndex: arbTailIndex(),
    scale: arbNoiseScale(),
    pPlus: fc.integer({ min: 5, max: 8 }).chain((k) => fc.constantFrom(k / 10, (10 - k) / 10)),
  });
  const t = fc.record({ kind: fc.constant('student-t' as const), tailIndex: arbTailIndex(), scale: arbNoiseScale() });
  const stable = fc.record({ kind: fc.constant('stable' as const), tailIndex: arbTailIndex(), scale: arbNoiseScale() });
  const laws: fc.Arbitrary<NoiseSpec>[] = [lomax, t, stable];
  if (opts.gaussian) laws.push(fc.record({ kind: fc.constant('gaussian' as const), scale: arbNoiseScale() }));
  return fc.oneof(...laws);
}

/** A simulation seed; never shrinks (a counterexample keeps its seed, hypotheses shrink). */
export function arbSeed(): fc.Arbitrary<number> {
  return fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff }));
}

/** A truncation b with the jumps it implies for one basin. */
export interface TruncationChoice {
  /** b > 0. */
  truncation: number;
  /** Basin k (1-based) whose l* was targeted. */
  basin: number;
  /** l*_k = ⌈r_k / b⌉. */
  jumpsNeeded: number;
}

/**
 * The distances whose ratio to b the theory needs away from integers (THEORY.md §4): every basin
 * radius r_i and every |s_j − m_i|.
 */
export function criticalDistances(landscape: Landscape): number[] {
  const out = basinRadii(landscape).filter(Number.isFinite);
  for (const m of landscape.minima) for (const s of landscape.saddles) out.push(Math.abs(s - m));
  return out;
}

/** min over `distances` of |d/b − round(d/b)|: how far b is from making some ratio an integer. */
export function integerClearance(distances: readonly number[], truncation: number): number {
  let worst = Infinity;
  for (const d of distances) {
    const q = d / truncation;
    worst = Math.min(worst, Math.abs(q - Math.round(q)));
  }
  return worst;
}

/**
 * Truncations b for `landscape` such that basin `basin` needs l* = ⌈r/b⌉ jumps, one of `jumps`
 * (default 1, 2, 3), and every ratio r_i/b and |s_j − m_i|/b is at least 0.1 from an integer (the
 * papers exclude integer ratios). Candidates are b = r/(l − 0.9 + 0.8·j/40), j = 0..40, filtered;
 * they shrink toward l = 1, basin 1, r/b = l − 0.9. Basins default to all (single-minimum
 * landscapes have r = ∞ and are skipped).
 * @throws Error if no candidate exists (choose the landscape arbitrary so that some b fits).
 */
export function arbTruncationFor(
  landscape: Landscape,
  jumps: { basins?: readonly number[]; jumpsNeeded?: readonly number[] } = {},
): fc.Arbitrary<TruncationChoice> {
  const choices = truncationChoices(landscape, jumps);
  if (choices.length === 0) throw new Error(`arbTruncationFor: no admissible truncation for ${landscape.name}`);
  return fc.constantFrom(...choices);
}

/** The candidate list behind {@link arbTruncationFor} (deterministic, exported for tests). */
export function truncationChoices(
  landscape: Landscape,
  jumps: { basins?: readonly number[]; jumpsNeeded?: readonly number[] } = {},
): TruncationChoice[] {
  const radii = basinRadii(landscape);
  const basins = jumps.basins ?? radii.map((_, i) => i + 1);
  const ls = jumps.jumpsNeeded ?? [1, 2, 3];
  const distances = criticalDistances(landscape);
  const out: TruncationChoice[] = [];
  for (const l of ls) {
    for (const basin of basins) {
      const r = radii[basin - 1];
      if (!Number.isFinite(r)) continue;
      for (let j = 0; j <= 40; j++) {
        const truncation = r / (l - 0.9 + (0.8 * j) / 40);
        if (Math.ceil(r / truncation) === l && integerClearance(distances, truncation) >= 0.1 - 1e-12) {
          out.push({ truncation, basin, jumpsNeeded: l });
        }
      }
    }
  }
  return out;
}
