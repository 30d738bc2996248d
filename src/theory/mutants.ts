/**
 * Theory mutants (issue 14, must-have 4): deliberately wrong versions of Theorem 1's predictions, as
 * data, so that a check can show it rejects them (the theory-side twin of `src/sim/mutants.ts`).
 *
 * Every mutant is the real theory code (geometry.ts, constants.ts, scales.ts) run with one switch
 * changed, through {@link theorem1Prediction}; the empty variant is the true theory and equals
 * `exitConstants` / `theoryReport` (tested in mutants.test.ts). What each mutant gets wrong:
 *
 *   jumps-floor       l* = ⌊r/b⌋ instead of ⌈r/b⌉ (may be 0: "exits in O(1/η) steps", γ = 1)
 *   jumps-plus-one    l* = ⌈r/b⌉ + 1
 *   farther-side      the basin's radius is the larger distance to a saddle, not the smaller one
 *   no-clipping-atom  q without the atom p·b^{−α} of the clipped jump law at |φ_b(w)| = b
 *   no-box            the box wall is crossable: an outer basin's outer side at distance L − |m_k|
 *                     counts as an exit side (THEORY.md §5: a side cut off by the box contributes 0)
 *   swapped-sides     p₊ and p₋ exchanged
 *   unclipped         the b = ∞ theory used with clipping: l* = 1, γ = α, q from single jumps
 *
 * Not here (Theorem 2, issue 14 lists them): θ from the nearest basin only; the unclipped generator
 * in the Markov-chain limit (only its Theorem 1 shadow, `unclipped`, is).
 */
import type { TheoryLandscape } from './geometry.ts';
import { jumpsNeeded as ceilJumps } from './geometry.ts';
import { exitConstants, sideConstant, sideProblems, type SideProblem } from './constants.ts';
import { exitExponent } from './scales.ts';

/** Which parts of the theory are changed. The empty object is the true theory. */
export interface TheoryVariant {
  /** How l* is formed from r/b. @default 'ceil' */
  readonly jumps?: 'ceil' | 'floor' | 'plus-one';
  /** Which distance to a saddle is the radius. @default 'nearer' */
  readonly radius?: 'nearer' | 'farther';
  /** @default true */
  readonly clippingAtom?: boolean;
  /** The box cuts the outer sides off (false: they are exit sides at the box distance). @default true */
  readonly box?: boolean;
  /** Exchange p₊ and p₋. @default false */
  readonly swapSides?: boolean;
  /** Use the truncation (false: predict as if b = ∞). @default true */
  readonly clipping?: boolean;
}

/** Theorem 1's predictions for one basin (THEORY.md §5), under a variant of the theory. */
export interface Theorem1Prediction {
  /** l*_k (0 is possible for `jumps-floor`). */
  readonly jumpsNeeded: number;
  /** γ_k = 1 + l*(α − 1). */
  readonly order: number;
  /** q_k in units of ν_α (NaN when the mutant's l* > 4: not needed, see `exitedLeft`). */
  readonly exitRate: number;
  /** Σ_{l<k} q_{k,l}/q_k, the limit of P(exit to the left). */
  readonly exitedLeft: number;
}

/** A named wrong theory. */
export interface TheoryMutant {
  readonly description: string;
  readonly variant: TheoryVariant;
}

/** The theory mutants of issue 14 (Theorem 1 level). */
export const THEORY_MUTANTS = {
  'jumps-floor': { description: 'l* = ⌊r/b⌋ (rounded down)', variant: { jumps: 'floor' } },
  'jumps-plus-one': { description: 'l* = ⌈r/b⌉ + 1', variant: { jumps: 'plus-one' } },
  'farther-side': { description: 'radius = the larger distance to a saddle', variant: { radius: 'farther' } },
  'no-clipping-atom': { description: 'q without the clipping atom p·b^{−α}', variant: { clippingAtom: false } },
  'no-box': { description: 'q without the box: outer sides crossable at the box distance', variant: { box: false } },
  'swapped-sides': { description: 'p₊ and p₋ swapped', variant: { swapSides: true } },
  unclipped: {
    description: 'the b = ∞ theory used with clipping (l* = 1, γ = α, single-jump q)',
    variant: { clipping: false },
  },
} as const satisfies Record<string, TheoryMutant>;

/** Names of {@link THEORY_MUTANTS}. */
export type TheoryMutantName = keyof typeof THEORY_MUTANTS;

/** Largest l* whose constant a mutant computes (the quadrature is tested to 4). */
const MAX_QUADRATURE_JUMPS = 4;

/**
 * Theorem 1's l*, γ, q_k and exit-left limit for basin `basin` (1-based) under `variant`
 * (ICLR Thm 1; THEORY.md §4–5). With the empty variant this is the theory: `exitRate` equals
 * `exitConstants(...)[basin − 1].exitRate`.
 * @param truncation b in (0, ∞]; @param tailIndex α > 1; @param pPlus p₊ in (0, 1).
 * @example theorem1Prediction(paperLandscape(), 1.2, 0.5, 0.5, 2, THEORY_MUTANTS['jumps-plus-one'].variant).order // 1.6
 */
export function theorem1Prediction(
  landscape: TheoryLandscape,
  tailIndex: number,
  pPlus: number,
  truncation: number,
  basin: number,
  variant: TheoryVariant = {},
): Theorem1Prediction {
  const b = variant.clipping === false ? Infinity : truncation;
  const p = variant.swapSides ? 1 - pPlus : pPlus;
  const k = basin - 1;
  const { minima, box } = landscape;
  const n = minima.length;
  const m = minima[k];
  let sides: SideProblem[] = sideProblems(landscape, basin, b, tailIndex, p);
  if (variant.box === false) {
    // The box wall as a saddle: an exit side with no landing bins (the mass beyond it is the exit).
    if (k === 0) sides.push({ ...outerSide(landscape, basin, b, tailIndex, 1 - p, -1, m + box) });
    if (k === n - 1) sides.push({ ...outerSide(landscape, basin, b, tailIndex, p, 1, box - m) });
  }
  const distances = sides.map((s) => s.distance);
  const radius = variant.radius === 'farther' ? Math.max(...distances) : Math.min(...distances);
  const exact = ceilJumps(radius, b);
  const jumps =
    b === Infinity
      ? 1
      : variant.jumps === 'floor'
        ? Math.floor(radius / b)
        : variant.jumps === 'plus-one'
          ? exact + 1
          : exact;
  // The sides that can contribute at this l* (sideConstant drops a side with ⌈d/b⌉ ≠ its l*).
  const counted = variant.jumps === 'floor' || variant.jumps === 'plus-one' ? exact : jumps;
  sides = sides.map((s) => ({ ...s, jumps: counted, clippingAtom: variant.clippingAtom !== false }));
  let left = 0;
  let total = 0;
  if (counted <= MAX_QUADRATURE_JUMPS) {
    for (const s of sides) {
      const e = sideConstant(s).exit;
      total += e;
      if (s.direction === -1) left += e;
    }
  } else {
    // Only sides with ⌈d/b⌉ = l* contribute; their weights decide the side without the quadrature.
    const live = sides.filter((s) => ceilJumps(s.distance, b) === counted);
    left = live.every((s) => s.direction === -1) ? 1 : live.every((s) => s.direction === 1) ? 0 : NaN;
    return { jumpsNeeded: jumps, order: exitExponent(jumps, tailIndex), exitRate: NaN, exitedLeft: left };
  }
  return {
    jumpsNeeded: jumps,
    order: exitExponent(jumps, tailIndex),
    exitRate: total,
    exitedLeft: total > 0 ? left / total : NaN,
  };
}

function outerSide(
  landscape: TheoryLandscape,
  basin: number,
  b: number,
  tailIndex: number,
  weight: number,
  direction: 1 | -1,
  distance: number,
): SideProblem {
  const m = landscape.minima[basin - 1];
  return {
    basin,
    minimum: m,
    direction,
    distance,
    jumps: ceilJumps(distance, b),
    truncation: b,
    tailIndex,
    weight,
    bins: [],
    slope: (a) => Math.abs(landscape.gradient(m + direction * a)),
  };
}

/** The true theory's prediction, for symmetry with the mutants (same code path, empty variant). */
export function trueTheorem1Prediction(
  landscape: TheoryLandscape,
  tailIndex: number,
  pPlus: number,
  truncation: number,
  basin: number,
): Theorem1Prediction {
  return theorem1Prediction(landscape, tailIndex, pPlus, truncation, basin, {});
}

/** q_k from `exitConstants` (the reference the empty variant must equal). */
export function referenceExitRate(
  landscape: TheoryLandscape,
  tailIndex: number,
  pPlus: number,
  truncation: number,
  basin: number,
): number {
  return exitConstants(landscape, truncation, tailIndex, pPlus)[basin - 1].exitRate;
}
