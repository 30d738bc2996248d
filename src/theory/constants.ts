/**
 * The exit constants q_k = μ_k(exit) and q_{k,l} = μ_k(land in Ω_l) of Theorem 1 (THEORY.md §5;
 * ICLR §2.2, the measure μ_k = ν_α^{l*} × Leb^{l*−1} over l* clipped jumps from m_k with gradient-flow
 * stretches between them, projected by φ_L).
 *
 * Units: ν_α[x,∞) = p₊x^{−α}, ν_α(−∞,−x] = p₋x^{−α}: the law's p± are included, its scale is not (the
 * scale lives in H, see scales.ts).
 *
 * Reduction used here (derived; re-check in the tests against Monte Carlo):
 * 1. With l* minimal and d/b not an integer, every jump of an l*-jump exit across a side at distance d
 *    goes the same way: a jump w_j < 0 (for a right exit) caps the last position at
 *    m + (l*−1)b + w_j < m + d. So the two sides separate, each with weight p₊ or p₋, and only sides
 *    with ⌈d/b⌉ = l* contribute.
 * 2. After jump i (l* − i = j jumps left) the position, at distance a from m, must satisfy
 *    a ≥ d − j·b (else j jumps of size ≤ b cannot finish) and a ≤ i·b. Both ends lie in an interval
 *    of length ε = l*·b − d ∈ (0, b), at distance ≥ δ = d − (l*−1)b > 0 from m and from the saddle,
 *    where f' ≠ 0. Write a = d − j·b + ξ, ξ ∈ [0, ε].
 * 3. With dt = da/|f'| along the flow (which moves toward m), and u = b − (ξ − t) the jump from level
 *    j+1 coordinate ξ to level j coordinate t (a clipped jump of exactly b is the atom p·b^{−α}):
 *      F_1(ξ) = ν(last jump lands in the target | from a = d − b + ξ)     (closed form, clippedJumpMass)
 *      G_j(ξ) = ∫_0^ξ F_j(t)/|f'(a_j(t))| dt
 *      F_{j+1}(ξ) = ∫_0^ξ α p (b − ξ + t)^{−α−1} G_j(t) dt + p b^{−α} G_j(ξ)
 *      q = F_{l*}(ε)        (a_{l*}(ε) = 0: the first jump starts at m).
 *    The box only matters for the last landing: beyond ±L it sits at ±L, in the outer basin.
 * Each F_j, G_j is tabulated on Chebyshev panels split where a landing boundary crosses the level
 * (where F_1 jumps), the integrals are adaptive Gauss–Kronrod (model/quadrature.ts), and the panel
 * order is doubled until two orders agree (`error`).
 */
import { integrate } from '../model/quadrature.ts';
import { invalidOption } from '../core/errors.ts';
import { jumpsNeeded, type TheoryLandscape } from './geometry.ts';

/**
 * ν-mass of {w > 0 : φ_b(w) ∈ [lo, hi)} for the one-sided measure ν[x,∞) = p·x^{−α} (THEORY.md §5:
 * density α p u^{−α−1} on (0, b) plus the clipping atom p·b^{−α} at b). b = ∞: no atom.
 * @param lo > 0 (the measure is infinite near 0); @param hi may be Infinity.
 */
export function clippedJumpMass(
  weight: number,
  tailIndex: number,
  truncation: number,
  lo: number,
  hi: number,
  clippingAtom = true,
): number {
  if (!(lo > 0)) throw invalidOption('clippedJumpMass', 'lo', 'a number > 0', lo);
  if (hi <= lo || lo > truncation) return 0;
  const top = Math.min(hi, truncation);
  let mass = weight * (Math.pow(lo, -tailIndex) - (top === Infinity ? 0 : Math.pow(top, -tailIndex)));
  if (clippingAtom && hi > truncation && truncation !== Infinity) mass += weight * Math.pow(truncation, -tailIndex);
  return mass;
}

/** Where a last jump can land: basin `target` (1-based) is the landing-distance interval [lo, hi). */
export interface LandingBin {
  readonly target: number;
  readonly lo: number;
  readonly hi: number;
}

/** One side of one basin: exits across the saddle at `distance` from the minimum. */
export interface SideProblem {
  readonly basin: number;
  readonly minimum: number;
  /** +1: exit right (weight p₊); −1: exit left (weight p₋). */
  readonly direction: 1 | -1;
  /** d = |s − m|. */
  readonly distance: number;
  /** l*_k of the basin (the side contributes only when ⌈d/b⌉ = l*). */
  readonly jumps: number;
  readonly truncation: number;
  readonly tailIndex: number;
  /** p₊ or p₋. */
  readonly weight: number;
  /** Landing intervals (distance from m) per target basin, outward; the outermost has hi = ∞ (box). */
  readonly bins: readonly LandingBin[];
  /** |f'(m + direction·a)| at distance a ∈ (0, d). */
  readonly slope: (a: number) => number;
  /**
   * Include the clipping atom p·b^{−α} at |φ_b(w)| = b. Only a theory mutant (mutants.ts) sets it
   * false. @default true
   */
  readonly clippingAtom?: boolean;
}

/** The side problems of basin k (1-based), both sides, even those that cannot contribute. */
export function sideProblems(
  landscape: TheoryLandscape,
  basin: number,
  truncation: number,
  tailIndex: number,
  pPlus: number,
): SideProblem[] {
  const { minima, saddles } = landscape;
  const n = minima.length;
  const k = basin - 1;
  const m = minima[k];
  const l = jumpsNeeded(
    Math.min(k > 0 ? m - saddles[k - 1] : Infinity, k < n - 1 ? saddles[k] - m : Infinity),
    truncation,
  );
  const out: SideProblem[] = [];
  if (k < n - 1) {
    const bins: LandingBin[] = [];
    for (let t = k + 1; t < n; t++)
      bins.push({ target: t + 1, lo: saddles[t - 1] - m, hi: t < n - 1 ? saddles[t] - m : Infinity });
    out.push({
      basin,
      minimum: m,
      direction: 1,
      distance: saddles[k] - m,
      jumps: l,
      truncation,
      tailIndex,
      weight: pPlus,
      bins,
      slope: (a) => Math.abs(landscape.gradient(m + a)),
    });
  }
  if (k > 0) {
    const bins: LandingBin[] = [];
    for (let t = k - 1; t >= 0; t--)
      bins.push({ target: t + 1, lo: m - saddles[t], hi: t > 0 ? m - saddles[t - 1] : Infinity });
    out.push({
      basin,
      minimum: m,
      direction: -1,
      distance: m - saddles[k - 1],
      jumps: l,
      truncation,
      tailIndex,
      weight: 1 - pPlus,
      bins,
      slope: (a) => Math.abs(landscape.gradient(m - a)),
    });
  }
  return out;
}

/**
 * F_1 of the reduction: the ν-mass of a last jump from distance a that exits (component 0) or lands in
 * bin c (component c + 1). Shared by the quadrature and the Monte Carlo estimator (the only closed form
 * they share; the l* = 1 oracle tests it).
 */
export function lastJumpMasses(side: SideProblem, a: number, out: Float64Array): void {
  const { weight, tailIndex, truncation, distance, bins } = side;
  const atom = side.clippingAtom !== false;
  out[0] = clippedJumpMass(weight, tailIndex, truncation, distance - a, Infinity, atom);
  for (let c = 0; c < bins.length; c++)
    out[c + 1] = clippedJumpMass(weight, tailIndex, truncation, bins[c].lo - a, bins[c].hi - a, atom);
}

/** Result of one side: exit mass and landing masses per bin (same order as `side.bins`). */
export interface SideConstant {
  readonly exit: number;
  readonly byBin: readonly number[];
  /** Estimated absolute error of `exit` (difference between the last two panel orders). */
  readonly error: number;
}

/** A function on [0, ε] tabulated on Chebyshev panels (barycentric interpolation). */
class Panels {
  readonly nodes: Float64Array[];
  readonly values: Float64Array[];
  constructor(
    readonly edges: readonly number[],
    readonly order: number,
  ) {
    this.nodes = [];
    this.values = [];
    for (let p = 0; p + 1 < edges.length; p++) {
      const lo = edges[p];
      const hi = edges[p + 1];
      const x = new Float64Array(order);
      // Ascending Chebyshev points of the second kind, endpoints included.
      for (let k = 0; k < order; k++) x[k] = 0.5 * (lo + hi) - 0.5 * (hi - lo) * Math.cos((Math.PI * k) / (order - 1));
      x[0] = lo;
      x[order - 1] = hi;
      this.nodes.push(x);
      this.values.push(new Float64Array(order));
    }
  }
  panelOf(t: number): number {
    const e = this.edges;
    for (let p = 0; p + 2 < e.length; p++) if (t < e[p + 1]) return p;
    return e.length - 2;
  }
  eval(t: number, panel = this.panelOf(t)): number {
    const x = this.nodes[panel];
    const v = this.values[panel];
    const n = this.order;
    let num = 0;
    let den = 0;
    for (let k = 0; k < n; k++) {
      const diff = t - x[k];
      if (diff === 0) return v[k];
      let w = (k & 1 ? -1 : 1) / diff;
      if (k === 0 || k === n - 1) w *= 0.5;
      num += w * v[k];
      den += w;
    }
    return num / den;
  }
}

const GK = { relTol: 1e-13, absTol: 1e-300, maxSegments: 60 };

/** Integral over [0, x] of h, split at the panel edges (h is smooth inside each panel). */
function integrateToPanels(h: (t: number, panel: number) => number, edges: readonly number[], x: number): number {
  let sum = 0;
  for (let p = 0; p + 1 < edges.length && edges[p] < x; p++) {
    const hi = Math.min(edges[p + 1], x);
    sum += integrate((t) => h(t, p), edges[p], hi, GK).value;
  }
  return sum;
}

function solveSide(side: SideProblem, order: number): number[] {
  const { distance: d, jumps: l, truncation: b, tailIndex: alpha, weight: p, bins } = side;
  const comps = bins.length + 1;
  const f1 = new Float64Array(comps);
  if (l === 1) {
    lastJumpMasses(side, 0, f1);
    return Array.from(f1);
  }
  const eps = l * b - d;
  // d/b an integer (uncovered, flagged by geometry): the reachable set has measure 0.
  if (!(eps > 1e-12 * b) || !(d - (l - 1) * b > 1e-12 * b)) return new Array<number>(comps).fill(0);
  const edgeSet = new Set<number>([0, eps]);
  for (const bin of bins) for (const D of [bin.lo, bin.hi]) if (D - d > 0 && D - d < eps) edgeSet.add(D - d);
  // Near an integer ratio δ = d − (l*−1)b is small and 1/|f'| is nearly singular just beyond both
  // ends of [0, ε] (at distance δ: the minimum below level l*−1, the saddle above level 1). Panels
  // graded geometrically toward the ends keep the Chebyshev interpolation accurate there.
  const delta = d - (l - 1) * b;
  for (let h = delta; h < eps / 2 && delta < 0.1 * eps; h *= 2) {
    edgeSet.add(h);
    edgeSet.add(eps - h);
  }
  const edges = [...edgeSet].sort((x, y) => x - y);
  const atom = side.clippingAtom === false ? 0 : p * Math.pow(b, -alpha);
  const result: number[] = [];
  for (let c = 0; c < comps; c++) {
    // F_1 exact for this component.
    const F1 = (t: number): number => {
      lastJumpMasses(side, d - b + t, f1);
      return f1[c];
    };
    let F: (t: number, panel: number) => number = (t) => F1(t);
    let G: Panels | null = null;
    for (let j = 1; j < l; j++) {
      const Fj = F;
      const offset = d - j * b;
      const g = new Panels(edges, order);
      // Cumulative ∫_0^ξ F_j/|f'| at every node: whole panels once, then the partial panel.
      let before = 0;
      for (let pnl = 0; pnl < g.nodes.length; pnl++) {
        const x = g.nodes[pnl];
        const lo = edges[pnl];
        const h = (t: number): number => Fj(t, pnl) / side.slope(offset + t);
        for (let k = 0; k < order; k++) g.values[pnl][k] = before + (k === 0 ? 0 : integrate(h, lo, x[k], GK).value);
        before = g.values[pnl][order - 1];
      }
      G = g;
      if (j + 1 === l) break;
      const Gj = g;
      const f = new Panels(edges, order);
      for (let pnl = 0; pnl < f.nodes.length; pnl++) {
        for (let k = 0; k < order; k++) {
          const xi = f.nodes[pnl][k];
          const conv = integrateToPanels(
            (t, q) => alpha * p * Math.pow(b - xi + t, -alpha - 1) * Gj.eval(t, q),
            edges,
            xi,
          );
          f.values[pnl][k] = conv + atom * Gj.eval(xi, pnl);
        }
      }
      F = (t, pnl) => f.eval(t, pnl);
    }
    const Gl = G as Panels;
    const last = edges.length - 2;
    const conv = integrateToPanels((t, q) => alpha * p * Math.pow(b - eps + t, -alpha - 1) * Gl.eval(t, q), edges, eps);
    result.push(conv + atom * Gl.eval(eps, last));
  }
  return result;
}

/**
 * μ-masses of one side (THEORY.md §5; ICLR Thm 1 constants), by the reduction in this file's header.
 * Panel order doubles from 12 until the exit mass changes by < 1e-10 relative (at most 48).
 * A side with ⌈d/b⌉ > l* contributes 0 at this order.
 */
export function sideConstant(side: SideProblem): SideConstant {
  if (jumpsNeeded(side.distance, side.truncation) !== side.jumps) {
    return { exit: 0, byBin: side.bins.map(() => 0), error: 0 };
  }
  if (side.jumps === 1) {
    const r = solveSide(side, 2);
    return { exit: r[0], byBin: r.slice(1), error: 0 };
  }
  let prev = solveSide(side, 12);
  let error = Infinity;
  for (const order of [24, 48]) {
    const next = solveSide(side, order);
    error = Math.abs(next[0] - prev[0]);
    prev = next;
    if (error <= 1e-10 * Math.abs(next[0])) break;
  }
  return { exit: prev[0], byBin: prev.slice(1), error };
}

/** q_k and q_{k,l} of one basin. */
export interface BasinConstants {
  /** 1-based. */
  readonly basin: number;
  readonly jumpsNeeded: number;
  /** q_k in units of ν_α (p± included, scale not). */
  readonly exitRate: number;
  /** q_{k,l} for l = 1..n at index l − 1 (0 at l = k). Sums to q_k up to `error`. */
  readonly exitRateByTarget: readonly number[];
  /** Contributions of the left and right sides to q_k. */
  readonly left: number;
  readonly right: number;
  /** Estimated absolute quadrature error of q_k. */
  readonly error: number;
}

/**
 * q_k, q_{k,l} for every basin (THEORY.md §5, ICLR Thm 1), l* = 1 (closed form) or any l* ≥ 2
 * (quadrature; tested to l* = 4). For l* = 1: q = p₊(s_k − m_k)^{−α}·1{b > s_k − m_k} + p₋(m_k −
 * s_{k−1})^{−α}·1{b > m_k − s_{k−1}}.
 * @param truncation b in (0, ∞]; @param tailIndex α > 1 (the ν_α index); @param pPlus p₊ in (0, 1).
 */
export function exitConstants(
  landscape: TheoryLandscape,
  truncation: number,
  tailIndex: number,
  pPlus: number,
): BasinConstants[] {
  const n = landscape.minima.length;
  const out: BasinConstants[] = [];
  for (let k = 1; k <= n; k++) {
    const byTarget = new Array<number>(n).fill(0);
    let left = 0;
    let right = 0;
    let error = 0;
    let l = Infinity;
    for (const side of sideProblems(landscape, k, truncation, tailIndex, pPlus)) {
      l = side.jumps;
      const r = sideConstant(side);
      if (side.direction === 1) right = r.exit;
      else left = r.exit;
      error += r.error;
      side.bins.forEach((bin, c) => (byTarget[bin.target - 1] += r.byBin[c]));
    }
    out.push({ basin: k, jumpsNeeded: l, exitRate: left + right, exitRateByTarget: byTarget, left, right, error });
  }
  return out;
}
