/**
 * The limiting Markov chain of Theorem 2 (THEORY.md §6; ICLR §2.3–2.4, Thm 2–5): absorption
 * probabilities θ of the embedded jump chain, the generator Q on the widest minima, its stationary
 * distribution, the per-absorbing-class version for reducible G, and the untruncated all-minima
 * generator. Rates are in units of ν_α (see constants.ts) per unit of chain time t = n·λ*(η).
 */
import type { BasinConstants } from './constants.ts';
import type { TransitionGraph } from './graph.ts';

/** Solves A x = B (A n×n, B n×m) by Gaussian elimination with partial pivoting; returns x. */
function solve(A: number[][], B: number[][]): number[][] {
  const n = A.length;
  const a = A.map((r) => r.slice());
  const x = B.map((r) => r.slice());
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    [x[c], x[piv]] = [x[piv], x[c]];
    const d = a[c][c];
    if (d === 0) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r][k] -= f * a[c][k];
      for (let k = 0; k < x[r].length; k++) x[r][k] -= f * x[c][k];
    }
  }
  for (let r = 0; r < n; r++) for (let k = 0; k < x[r].length; k++) x[r][k] /= a[r][r];
  return x;
}

/**
 * θ(m_j | m_i): probability that the embedded chain with P(k, l) = q(k, l)/q(k), started at m_i, is
 * absorbed at m_j, where `absorbing` states stay put (THEORY.md §6: the widest minima). Computed from
 * the fundamental matrix: θ_TA = (I − P_TT)^{−1} P_TA. Rows sum to 1 when absorption is certain.
 * 0-based n×n matrix; θ(i | i) = 1 for absorbing i. A transient state with q(k) = 0 stays (row 0).
 */
export function absorptionProbabilities(
  rates: readonly (readonly number[])[],
  absorbing: readonly boolean[],
): number[][] {
  const n = rates.length;
  const P = rates.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
  const T = [...Array(n).keys()].filter((i) => !absorbing[i]);
  const A = [...Array(n).keys()].filter((i) => absorbing[i]);
  const theta: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (absorbing[i] && i === j ? 1 : 0)),
  );
  if (T.length === 0 || A.length === 0) return theta;
  const M = T.map((i) => T.map((j) => (i === j ? 1 : 0) - P[i][j]));
  const R = T.map((i) => A.map((j) => P[i][j]));
  const X = solve(M, R);
  T.forEach((i, r) => A.forEach((j, c) => (theta[i][j] = X[r][c])));
  return theta;
}

/** The generator of the limiting chain on a set of states. */
export interface GeneratorReport {
  /** The states (1-based minima), in order of the matrix rows. */
  readonly states: readonly number[];
  /** The communication class of G it lives on (1-based). */
  readonly class: readonly number[];
  /** l_max on this class: the chain runs on time n·λ*(η), λ*(η) = η·λ(η)^{l_max}. */
  readonly maxJumps: number;
  /** Q(i, j), rows sum to 0. */
  readonly matrix: readonly (readonly number[])[];
  /** π with πQ = 0, Σπ = 1 (null when Q has no unique one, e.g. a state with no exits). */
  readonly stationary: readonly number[] | null;
}

/**
 * Q(i, j) = Σ_{j' ≠ i} q(i, j')·θ(m_j | m_{j'}) for widest i ≠ j, Q(i, i) = −Σ_{j≠i} Q(i, j)
 * (THEORY.md §6, ICLR Thm 2). θ is taken on the chain restricted to `members` (a closed class of G is
 * closed for the embedded chain too, since q(k, l) > 0 iff m_k → m_l in G).
 * @param constants q's per basin (0-based order = basin − 1); @param members 1-based minima.
 */
export function widestGenerator(constants: readonly BasinConstants[], members: readonly number[]): GeneratorReport {
  const idx = members.map((m) => m - 1);
  const jumps = idx.map((i) => constants[i].jumpsNeeded);
  const maxJumps = Math.max(...jumps);
  const local = idx.map((i) => idx.map((j) => (i === j ? 0 : constants[i].exitRateByTarget[j])));
  const absorbing = jumps.map((l) => l === maxJumps);
  const theta = absorptionProbabilities(local, absorbing);
  const widestLocal = absorbing.map((a, k) => (a ? k : -1)).filter((k) => k >= 0);
  const matrix = widestLocal.map((i) =>
    widestLocal.map((j) => {
      if (i === j) return 0;
      let s = 0;
      for (let jp = 0; jp < idx.length; jp++) if (jp !== i) s += local[i][jp] * theta[jp][j];
      return s;
    }),
  );
  matrix.forEach((row, r) => (row[r] = -row.reduce((s, v) => s + v, 0)));
  return {
    states: widestLocal.map((k) => members[k]),
    class: [...members],
    maxJumps,
    matrix,
    stationary: stationaryDistribution(matrix),
  };
}

/**
 * π with πQ = 0 and Σπ = 1, by replacing one balance equation with the normalisation; null when the
 * solution is not a probability vector (Q reducible or degenerate).
 */
export function stationaryDistribution(Q: readonly (readonly number[])[]): number[] | null {
  const n = Q.length;
  if (n === 0) return null;
  if (n === 1) return [1];
  // Transposed system: Σ_i π_i Q(i, j) = 0 for j < n − 1, Σ π = 1.
  const A = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => (j === n - 1 ? 1 : Q[i][j])));
  const B = Array.from({ length: n }, (_, j) => [j === n - 1 ? 1 : 0]);
  const x = solve(A, B).map((r) => r[0]);
  if (x.some((v) => !Number.isFinite(v) || v < -1e-12)) return null;
  return x.map((v) => Math.max(0, v));
}

/**
 * One generator per absorbing class of G (THEORY.md §6: reducible G is handled per absorbing class;
 * transient classes are reported by the graph and feed the absorbing ones).
 */
export function generatorsByClass(constants: readonly BasinConstants[], graph: TransitionGraph): GeneratorReport[] {
  return graph.classes
    .filter((c) => c.absorbing && c.members.every((m) => constants[m - 1].jumpsNeeded !== Infinity))
    .map((c) => widestGenerator(constants, c.members));
}

/**
 * Untruncated (b = ∞) all-minima generator: Q(i, j) = q(i, j) from single jumps, Q(i, i) = −q(i)
 * (THEORY.md §6 last item; time scale 1/H(1/η)). Pass constants computed with b = ∞.
 */
export function untruncatedGenerator(constants: readonly BasinConstants[]): GeneratorReport {
  const members = constants.map((c) => c.basin);
  return widestGenerator(constants, members);
}
