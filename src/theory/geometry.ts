/**
 * Geometry of the landscape in units of the truncation b (THEORY.md §4): basins, radii, jumps needed
 * l*_i, inter-basin jump numbers l_{i,j}, widest/sharp minima, and the edge cases the theorems do not
 * cover (ratios within 1e-6 of an integer, basins cut by the box).
 *
 * Convention for the outer basins: Ω_1 = (−L, s_1) and Ω_n = (s_{n−1}, L) are cut by the box, but the
 * box side cannot be crossed (the projection φ_L keeps x in [−L, L]), so it is at distance +∞ for the
 * radius: r_1 = s_1 − m_1 and r_n = m_n − s_{n−1}. This reproduces the paper's l* = (1, 2, 1, 2) at
 * b = 0.5 (ICLR §3.1), which a box-side radius (L − m_4 ≈ 0.28) would contradict.
 */
import { InputError } from '../core/errors.ts';
import type { Landscape } from '../model/types.ts';

/** The part of a landscape theory reads (a `Landscape` satisfies it). */
export type TheoryLandscape = Pick<Landscape, 'box' | 'minima' | 'saddles' | 'gradient' | 'value' | 'curvature'>;

/** A flagged edge case: the theorem does not cover it, or a quantity is degenerate. */
export interface TheoryWarning {
  /** Stable code: `near-integer-ratio`, `box-cut`, `zero-exit-rate`, `no-tail-index`, `quadrature`. */
  readonly code: 'near-integer-ratio' | 'box-cut' | 'zero-exit-rate' | 'no-tail-index' | 'quadrature';
  /** Basin (1-based) concerned, when one is. */
  readonly basin?: number;
  readonly message: string;
}

/** Tolerance for "a ratio is an integer" (THEORY.md §4: the papers exclude integer ratios). */
export const INTEGER_RATIO_TOLERANCE = 1e-6;

/** One basin Ω_k = (s_{k−1}, s_k), 1-based `index`. */
export interface BasinGeometry {
  readonly index: number;
  /** m_k. */
  readonly minimum: number;
  /** s_{k−1}, or null for k = 1 (box side, not crossable). */
  readonly leftSaddle: number | null;
  /** s_k, or null for k = n. */
  readonly rightSaddle: number | null;
  /** m_k − s_{k−1} (Infinity for k = 1). */
  readonly leftDistance: number;
  /** s_k − m_k (Infinity for k = n). */
  readonly rightDistance: number;
  /** r_k = min(leftDistance, rightDistance) (THEORY.md §4); Infinity for a single basin. */
  readonly radius: number;
  /** l*_k = ⌈r_k/b⌉ (1 when b = ∞; Infinity when no side can be crossed). */
  readonly jumpsNeeded: number;
  /** Distance from m_k to the box on its outer side, for k = 1 or n (else null). */
  readonly boxDistance: number | null;
}

/** Geometry of all basins for one truncation. */
export interface Geometry {
  readonly truncation: number;
  readonly basins: readonly BasinGeometry[];
  /** l_{i,j} (0-based arrays, entry [i][j] for basins i+1 → j+1; diagonal 0), THEORY.md §4. */
  readonly jumpNumbers: readonly (readonly number[])[];
  /** l_max = max_k l*_k. */
  readonly maxJumps: number;
  /** 1-based indices of the widest minima (l*_k = l_max). */
  readonly widest: readonly number[];
  /** 1-based indices of the sharp minima (l*_k < l_max): width in units of b, not curvature. */
  readonly sharp: readonly number[];
  readonly warnings: readonly TheoryWarning[];
}

/**
 * ⌈distance/b⌉ (THEORY.md §4, l* = ⌈r/b⌉), with b = ∞ → 1 and distance = ∞ → Infinity.
 * @param distance in (0, ∞]; @param truncation b in (0, ∞].
 */
export function jumpsNeeded(distance: number, truncation: number): number {
  if (distance === Infinity) return Infinity;
  if (truncation === Infinity) return 1;
  return Math.max(1, Math.ceil(distance / truncation));
}

/** True when x is within `tol` of a positive integer (the uncovered case of THEORY.md §4). */
export function nearInteger(x: number, tol = INTEGER_RATIO_TOLERANCE): boolean {
  return Number.isFinite(x) && Math.abs(x - Math.round(x)) < tol && Math.round(x) >= 1;
}

/**
 * Basins, radii, l*_k and l_{i,j} (THEORY.md §4) for truncation b.
 * Warnings: every r_k/b and |s_j − m_i|/b within 1e-6 of an integer; a box within l*_k·b of m_k
 * (jumps can then be projected by φ_L, which the constants include but the reader should know).
 * @param truncation b in (0, ∞].
 * @throws InputError ERR_NOT_COVERED when `refuseUncovered` and a ratio is (near) an integer.
 */
export function basinGeometry(landscape: TheoryLandscape, truncation: number, refuseUncovered = false): Geometry {
  const { minima, saddles, box } = landscape;
  const n = minima.length;
  const b = truncation;
  const warnings: TheoryWarning[] = [];
  const basins: BasinGeometry[] = [];
  for (let k = 0; k < n; k++) {
    const m = minima[k];
    const leftSaddle = k > 0 ? saddles[k - 1] : null;
    const rightSaddle = k < n - 1 ? saddles[k] : null;
    const leftDistance = leftSaddle === null ? Infinity : m - leftSaddle;
    const rightDistance = rightSaddle === null ? Infinity : rightSaddle - m;
    const radius = Math.min(leftDistance, rightDistance);
    const l = jumpsNeeded(radius, b);
    const boxDistance = k === 0 ? m + box : k === n - 1 ? box - m : null;
    if (boxDistance !== null && (b === Infinity || boxDistance < l * b)) {
      warnings.push({
        code: 'box-cut',
        basin: k + 1,
        message: `basin ${k + 1}: the box is ${boxDistance.toPrecision(4)} from m_${k + 1}, within reach of ${l === Infinity ? 'the' : l} jump(s); landings beyond ±L are projected onto the box (included in the constants).`,
      });
    }
    basins.push({
      index: k + 1,
      minimum: m,
      leftSaddle,
      rightSaddle,
      leftDistance,
      rightDistance,
      radius,
      jumpsNeeded: l,
      boxDistance,
    });
  }
  // l_{i,j}: jumps needed to reach Ω_j from m_i (its near saddle), THEORY.md §4.
  const jumpNumbers: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) row.push(0);
      else if (j > i) row.push(jumpsNeeded(saddles[j - 1] - minima[i], b));
      else row.push(jumpsNeeded(minima[i] - saddles[j], b));
    }
    jumpNumbers.push(row);
  }
  if (b !== Infinity) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < saddles.length; j++) {
        const ratio = Math.abs(saddles[j] - minima[i]) / b;
        if (nearInteger(ratio)) {
          const message = `basin ${i + 1}: |s_${j + 1} − m_${i + 1}|/b = ${ratio} is within ${INTEGER_RATIO_TOLERANCE} of an integer; the theorems exclude this case (THEORY.md §4).`;
          if (refuseUncovered) throw new InputError('ERR_NOT_COVERED', `theory: ${message}`, { api: 'theory' });
          warnings.push({ code: 'near-integer-ratio', basin: i + 1, message });
        }
      }
    }
  }
  const finite = basins.map((x) => x.jumpsNeeded).filter((l) => l !== Infinity);
  const maxJumps = finite.length ? Math.max(...finite) : Infinity;
  const widest = basins.filter((x) => x.jumpsNeeded === maxJumps).map((x) => x.index);
  const sharp = basins.filter((x) => x.jumpsNeeded < maxJumps).map((x) => x.index);
  return { truncation: b, basins, jumpNumbers, maxJumps, widest, sharp, warnings };
}
