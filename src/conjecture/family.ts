/**
 * The settings conjecture points are drawn from: two named landscapes (the paper's and THEORY.md
 * §4's three-well) and random polynomial landscapes drawn with the run's seed, stratified so that a
 * claim meets the situations where plausible alternatives to Theorem 1 differ (issue 14 §5).
 */
import { invalidOption } from '../core/errors.ts';
import { randomPolynomialSpec } from '../model/landscapes.ts';
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';
import { forkLabel, openStream, type Seed } from '../rng/seeds.ts';
import { type Theorem2Setting } from '../experiments/theorem2.ts';
import type { Tier } from '../verify/types.ts';
import { type ConjectureQuantity, type ConjecturePoint } from './quantity.ts';
/** One setting of the family: landscape, noise, start basin and the values of α and b that were measured. */
export interface FamilyMember {
  readonly name: string;
  readonly landscape: LandscapeSpec;
  readonly noiseScale: number;
  readonly basin: number;
  /** α values; b values (null = ∞) for the exit quantities. */
  readonly tailIndices: readonly number[];
  readonly truncations: readonly (number | null)[];
  /** Quantities this setting is not used for (its measured finite-η gap is too large for them). */
  readonly excluded?: readonly ConjectureQuantity[];
}

/**
 * The named settings exit quantities are drawn from. `paper`: ICLR §3.1, exit from Ω_2 (distances
 * 0.6007 left and 0.8993 right of m_2). `three-well`: THEORY.md §4's example (distances 0.6 and 0.9
 * from m_2; f' = (x+1.2)(x+0.6)x(x−0.9)(x−1.45), box 1.8), exit from Ω_2. Both have p₊ = ½.
 * Exit quantities are judged on the exact chain's η → 0 limit (`observation.ts`), so the finite-η
 * gaps that once excluded three-well from `mean-exit-steps` and α ≥ 1.4 no longer apply.
 */
export const CONJECTURE_FAMILY: readonly FamilyMember[] = [
  {
    name: 'paper',
    landscape: { kind: 'paper' },
    noiseScale: 0.1,
    basin: 2,
    tailIndices: [1.2, 1.3, 1.4, 1.5, 1.6],
    truncations: [null, 0.5, 0.28],
  },
  {
    name: 'three-well',
    landscape: { kind: 'polynomial', roots: [-1.2, -0.6, 0, 0.9, 1.45], scale: 1, box: 1.8 },
    noiseScale: 0.1,
    basin: 2,
    tailIndices: [1.2, 1.4, 1.6],
    truncations: [null, 0.4, 0.25],
  },
];

/** The name of the random family in `hypotheses.landscapes`. */
export const RANDOM_FAMILY = 'random';

/**
 * One stratum of the random family: l*; which side of the basin is nearer; the margin of r/b (its
 * fractional part f small, in [0.15, 0.35], or large, in [0.65, 0.85]); whether the farther side
 * needs one jump more (`far: 'more'`, far/b = l* + u with u in the same margin as f) or the same
 * number (`'same'`, far/b = l* − 1 + u, u ∈ [f + 0.1, 0.9] for l* ≥ 2; for l* = 1 with a small
 * margin, b = r/f lies past the basin and the far side is at r·[1.3, 2], one jump as well); the
 * half of [1.2, 1.9] α is drawn from; and which side of ½ p₊ is on.
 *
 * Why these situations: with `'more'` and large margins the fractional parts add past 1, so claims
 * that read l* off the farther side or a mean distance are wrong; with `'same'` both sides carry the
 * exit at leading order, so claims that ignore p₊ misplace the exit; p₊ ≠ ½ everywhere, so claims
 * that ignore the asymmetry misjudge q_k (with `'more'`, p₊ is on the side of ½ that leaves the
 * nearer side the rarer jumps, p ∈ [0.3, 0.4]: q_k then differs from its symmetric-noise value by
 * (2p)^{−l*} ≥ 1.56). The first two strata (the quick tier) already meet all three
 * situations; the first four (the standard tier) cover l* = 1, 2, 3, both sides, both margins, both
 * far-side kinds and both halves of α; the six of the cycle (full tier) pair each l* with both margins.
 */
export const RANDOM_STRATA: readonly {
  jumpsNeeded: number;
  nearer: 'left' | 'right';
  margin: 'small' | 'large';
  far: 'more' | 'same';
  alphaHalf: 'low' | 'high';
  pPlusSide: 'below' | 'above';
}[] = [
  { jumpsNeeded: 2, nearer: 'left', margin: 'large', far: 'more', alphaHalf: 'low', pPlusSide: 'above' },
  { jumpsNeeded: 1, nearer: 'right', margin: 'small', far: 'same', alphaHalf: 'high', pPlusSide: 'above' },
  { jumpsNeeded: 3, nearer: 'left', margin: 'small', far: 'same', alphaHalf: 'high', pPlusSide: 'above' },
  { jumpsNeeded: 2, nearer: 'right', margin: 'large', far: 'more', alphaHalf: 'low', pPlusSide: 'below' },
  { jumpsNeeded: 3, nearer: 'right', margin: 'large', far: 'more', alphaHalf: 'high', pPlusSide: 'below' },
  { jumpsNeeded: 1, nearer: 'left', margin: 'large', far: 'more', alphaHalf: 'low', pPlusSide: 'above' },
];

/** Random settings per tier (each costs one limit sweep, shared by every exit conjecture of the run). */
export const RANDOM_PER_TIER: Readonly<Record<Tier, number>> = { quick: 2, standard: 4, full: 6 };

/** A random setting: the point's landscape name encodes it (`poly:<roots>;box=<L>`). */
export interface RandomSetting {
  readonly name: string;
  readonly landscape: LandscapeSpec;
  readonly basin: number;
  readonly tailIndex: number;
  readonly pPlus: number;
  readonly truncation: number;
  readonly stratum: (typeof RANDOM_STRATA)[number];
}

const grid = (lo: number, hi: number, step: number, u: number) => {
  const n = Math.round((hi - lo) / step);
  return +(lo + step * Math.min(n, Math.floor(u * (n + 1)))).toFixed(10);
};

/**
 * The random settings of a run: `RANDOM_PER_TIER[tier]` draws from the stream
 * `forkLabel({seed, path: 'conjecture/random-family'}, 'draw', tier)`, the same for every
 * conjecture of the run (so they share their limit sweeps), draw j in stratum `RANDOM_STRATA[j mod 6]`.
 *
 * A draw: 3 or 4 minima, the start basin an interior one (both sides are saddles); the nearer side
 * at distance r ∈ [0.3, 0.6], b = r/(l* − 1 + f), the farther side as the stratum says; the outer
 * gaps in [0.3, 0.8]; α on the grid 0.05 in its half of [1.2, 1.9]; p₊ ∈ {0.3, 0.35, 0.4} or
 * {0.6, 0.65, 0.7}; Lomax noise, c = 0.1. Neither r/b nor far/b is within 0.1 of an integer (where
 * Theorem 1's constants jump).
 */
export function randomSettings(seed: Seed, tier: Tier): RandomSetting[] {
  const rng = openStream(forkLabel({ seed, path: 'conjecture/random-family' }, 'draw', tier));
  const u = () => rng.nextUniform();
  const out: RandomSetting[] = [];
  for (let j = 0; j < RANDOM_PER_TIER[tier]; j++) {
    const st = RANDOM_STRATA[j % RANDOM_STRATA.length];
    const frac = () => (st.margin === 'small' ? grid(0.15, 0.35, 0.05, u()) : grid(0.65, 0.85, 0.05, u()));
    const r = grid(0.3, 0.6, 0.05, u());
    const f = frac();
    const b = r / (st.jumpsNeeded - 1 + f);
    const far =
      st.far === 'more'
        ? b * (st.jumpsNeeded + frac())
        : st.jumpsNeeded === 1 && st.margin === 'small'
          ? r * grid(1.3, 2, 0.05, u())
          : b * (st.jumpsNeeded - 1 + grid(f + 0.1, 0.9, 0.05, u()));
    const minima = u() < 0.5 ? 3 : 4;
    const basin = minima === 3 ? 2 : u() < 0.5 ? 2 : 3;
    const [left, right] = st.nearer === 'left' ? [r, far] : [far, r];
    const outer = () => grid(0.3, 0.8, 0.05, u());
    // Gaps between consecutive critical points (minimum, saddle, minimum, …, saddle, minimum).
    const gaps: number[] = [];
    for (let m = 1; m < minima; m++) {
      if (m === basin - 1) gaps.push(outer(), left);
      else if (m === basin) gaps.push(right, outer());
      else gaps.push(outer(), outer());
    }
    const spec = randomPolynomialSpec({ gaps: gaps.map((g) => +g.toPrecision(12)) });
    if (spec.kind !== 'polynomial') throw new Error('randomSettings: not a polynomial');
    const roots = spec.roots.map((x) => +x.toPrecision(10));
    const box = +spec.box!.toPrecision(10);
    const tailIndex = st.alphaHalf === 'low' ? grid(1.2, 1.55, 0.05, u()) : grid(1.55, 1.9, 0.05, u());
    const pPlus = (st.pPlusSide === 'below' ? [0.3, 0.35, 0.4] : [0.6, 0.65, 0.7])[Math.floor(3 * u()) % 3];
    out.push({
      name: randomName(roots, box),
      landscape: { kind: 'polynomial', roots, scale: 1, box },
      basin,
      tailIndex,
      pPlus,
      truncation: +b.toPrecision(10),
      stratum: st,
    });
  }
  return out;
}

/** `poly:<roots>;box=<L>`: a point's landscape name for a random setting (no `/` nor spaces). */
export function randomName(roots: readonly number[], box: number): string {
  return `poly:${roots.join(',')};box=${box}`;
}

/** The landscape spec of a point's landscape name (a named member, or a random setting's name). */
export function landscapeSpecOf(name: string): LandscapeSpec {
  const m = /^poly:([-0-9.,e+]+);box=([0-9.e+-]+)$/.exec(name);
  if (m) return { kind: 'polynomial', roots: m[1].split(',').map(Number), scale: 1, box: Number(m[2]) };
  return memberOf(name).landscape;
}

/** The noise of a point (Lomax, c = 0.1; p₊ from the point, ½ when absent). */
export function noiseOfPoint(p: ConjecturePoint): NoiseSpec {
  return { kind: 'lomax', tailIndex: p.tailIndex, scale: NOISE_SCALE, pPlus: p.pPlus ?? 0.5 };
}

/** c of every exit setting. */
export const NOISE_SCALE = 0.1;

/**
 * Settings of the trajectory quantities (Theorem 2 needs sharp minima: the paper landscape at
 * b = 0.5, α = 1.2). Holding rates are judged at m4 only: at η = 0.01 the m2 holding rate was far
 * from its limit −Q(2,2) when last measured (no saved command regenerates that figure), while m4's
 * sits within 15% (`htsgd verify --conjecture theorems/conjectures/holding-rate-restated.ts --tier
 * quick --seed 20261126`: rate 1.30 [1.12, 1.50] vs 1.157).
 */
export const TRAJECTORY_FAMILY = [{ name: 'paper', tailIndex: 1.2, truncation: 0.5, widest: [4] }] as const;

/**
 * Points drawn per tier (exit quantities) from the named settings; the random settings of the run
 * (`RANDOM_PER_TIER`) come on top. `full` takes the whole narrowed named family.
 */
export const DRAWS_PER_TIER: Readonly<Record<Tier, number>> = { quick: 2, standard: 4, full: Infinity };

export function noiseOf(m: { noiseScale: number }, tailIndex: number): NoiseSpec {
  return { kind: 'lomax', tailIndex, scale: m.noiseScale };
}

/** The landscape, noise, truncation and basin of an exit point (named or random). */
export function exitSetting(p: ConjecturePoint): {
  landscape: LandscapeSpec;
  noise: NoiseSpec;
  truncation: number;
  basin: number;
} {
  return {
    landscape: landscapeSpecOf(p.landscape),
    noise: noiseOfPoint(p),
    truncation: p.truncation ?? Infinity,
    basin: p.basin,
  };
}

export function memberOf(name: string): FamilyMember {
  const m = CONJECTURE_FAMILY.find((x) => x.name === name);
  if (!m)
    throw invalidOption('conjecture', 'landscape', `one of ${CONJECTURE_FAMILY.map((x) => x.name).join(', ')}`, name);
  return m;
}

/** The step size `predict` sees for `mean-exit-steps` (the anchor its prediction is shown at). */
export const EXACT_STEP_SIZE = 0.001;
export const TRAJECTORY_STEP_SIZE = 0.01;

/** The Theorem 2 setting of a trajectory point. */
export function trajectorySetting(p: ConjecturePoint): Theorem2Setting {
  return {
    landscape: memberOf(p.landscape).landscape,
    noise: noiseOf(memberOf(p.landscape), p.tailIndex),
    truncation: p.truncation ?? Infinity,
  };
}
