/**
 * The hypotheses as data: landscapes and noise laws as mathematical objects (values, gradients,
 * critical points, exact CDFs and tails), with no randomness. `src/sim` (which draws) and
 * `src/theory` / `src/exact` (which predict) both import this layer and never each other, so the
 * simulator cannot know what is predicted and predictions stay pure functions of the hypotheses.
 * (An improvement on CONVENTIONS.md, where landscapes and laws sat in `sim`: theory needs them too.)
 */

/** A landscape, serialisable (it crosses worker boundaries and is written into reports). */
export type LandscapeSpec =
  /** The ICLR 2022 §3.1 test function on [−1.6, 1.6]. */
  | { kind: 'paper' }
  /**
   * f'(x) = scale · Π_k (x − roots_k): roots alternate minimum, maximum, …, minimum (odd count,
   * scale > 0), all strictly inside (−box, box).
   */
  | { kind: 'polynomial'; roots: number[]; scale?: number; box: number }
  /** A user file: JSON holding one of the specs above (resolved when loaded). */
  | { kind: 'file'; path: string };

/** A resolved 1-D landscape satisfying THEORY.md §3 (validated when built). */
export interface Landscape {
  /** Serialisable description that rebuilds this landscape (file specs are resolved to their content). */
  readonly spec: Exclude<LandscapeSpec, { kind: 'file' }>;
  /** Short human name, e.g. `paper` or `poly(-1,-0.3,0.4,1,1.5)`. */
  readonly name: string;
  /** L: the iterate is projected onto [−L, L] after every step. */
  readonly box: number;
  /** f(x), up to an additive constant. */
  value(x: number): number;
  /** f'(x), exact. */
  gradient(x: number): number;
  /**
   * f' as JavaScript source for code-generated kernels: statements that read the variable `x` and
   * assign the variable `g` (already declared), using only `Math.*` and numeric literals, e.g.
   * `g = 2.0*(x - 1.0)*(x + 1.0);`. `gradient(x)` is compiled from this same text, so the kernels
   * and the model share one formula.
   */
  readonly gradientSource: string;
  /** f''(x). */
  curvature(x: number): number;
  /** m_1 < … < m_n, inside (−L, L). */
  readonly minima: readonly number[];
  /** s_1 < … < s_{n−1} (the local maxima), m_i < s_i < m_{i+1}. */
  readonly saddles: readonly number[];
}

/** The families of noise law: two-sided Lomax (the paper's), Student-t, symmetric α-stable, and the light-tailed Gaussian control. */
export type NoiseKind = 'lomax' | 'student-t' | 'stable' | 'gaussian';

/**
 * A noise law, serialisable.
 * - lomax: Z = scale·(S·W − (2p₊ − 1)/(α − 1)), S = +1 w.p. p₊ else −1, P(W > w) = (1 + w)^−α.
 *   The shift centres Z (E Z = 0, THEORY.md §2); it is 0 for the paper's symmetric p₊ = ½.
 * - student-t: Z = scale·T_ν with ν = tailIndex (symmetric, p₊ = ½).
 * - stable: Z = scale·S_α, symmetric α-stable with E exp(itS) = exp(−|t|^α), 1 < α < 2.
 * - gaussian: Z = scale·N(0, 1); no tail index.
 */
export type NoiseSpec =
  | { kind: 'lomax'; tailIndex: number; scale: number; pPlus?: number }
  | { kind: 'student-t'; tailIndex: number; scale: number }
  | { kind: 'stable'; tailIndex: number; scale: number }
  | { kind: 'gaussian'; scale: number };

/** A resolved noise law with its exact distribution functions. */
export interface NoiseLaw {
  readonly spec: NoiseSpec;
  readonly kind: NoiseKind;
  /** α (regular-variation index of H); null for the Gaussian. */
  readonly tailIndex: number | null;
  readonly scale: number;
  /** p₊ = lim P(Z > x)/H(x); ½ for the symmetric laws (and the Gaussian, by convention). */
  readonly pPlus: number;
  /** p₋ = 1 − p₊. */
  readonly pMinus: number;
  /** P(Z ≤ x), exact (to ~1e-12 where a special function is involved). */
  cdf(x: number): number;
  /** P(Z > x), computed without cancellation for large x. */
  upperTail(x: number): number;
  /** P(Z < −x), computed without cancellation for large x. */
  lowerTail(x: number): number;
  /** H(x) = P(|Z| > x) for x ≥ 0, exact (not its Pareto asymptotic). */
  tail(x: number): number;
}
