/**
 * Goal-oriented (dual-weighted residual) node grids for the exit problem: nodes go where the
 * discretisation error of the mean exit time from the start comes from.
 *
 * Why. The graded grid (grid.ts) puts fixed shares of its nodes at the minimum, the saddles and the
 * one-jump images s ∓ b of the saddles. With l* ≥ 3 clipped jumps the mean exit time also has steep
 * layers at the multi-jump images s ∓ kb and structure all along the side the exit paths cross, so
 * the graded grid converges with order ≈ 1.1 and its Richardson error bar is several per cent
 * (measured on the paper's basin 2 at b = 0.24). Adding fixed bumps there did not help (it starves the
 * rest); what helps is to measure where the error comes from.
 *
 * How. On a pilot pair of nested graded grids (N and 2N intervals) the fine nodal solution m_f,
 * sampled at the pilot's coarse nodes, leaves the local residual τ_i = m_f(x_i) − 1 − Σ_j P_ij m_f(x_j)
 * of the coarse system; the coarse mean from the start then misses m_f(x₀) by Σ_i g_i τ_i, where
 * g = (I − P)^{−T} w is the expected number of visits to node i from the start (w its one-step row):
 * the dual-weighted residual identity, exact for the coarse-vs-fine difference. Since coarse hats are
 * piecewise linear on the fine grid, τ_i = Σ_J P^f_iJ d_J with d = m_f − (coarse interpolant of m_f),
 * so the error is Σ_J ĝ_J d_J, ĝ = gᵀP^f: each coarse cell is charged where the steps land, not where
 * they start. For a method of order p the cell's error is k·h^{p+1}, so the
 * error-equidistributing density is ∝ k^{1/(p+1)} = (e_cell/h^{p+1})^{1/(p+1)} (p = 2, linear
 * elements on smooth parts). That density, smoothed (each cell at least half its neighbours') and
 * mixed with the graded one (a floor, so no region is starved), defines a fixed monotone node map
 * x(t), t ∈ [0, 1]; grids of n and 2n intervals from the same map are nested, which Richardson needs.
 */
import { kernelRow, NextStep, rowScratch, type ChainModel } from './kernel.ts';
import { luFactor, luSolve } from './solve.ts';

/** Share of the adaptive density in the node map (the rest is the pilot's graded grid). */
export const ADAPTIVE_MIX = 0.8;

/** A node map: `nodes(n)` gives n + 1 nodes; maps of n and 2n intervals are nested. */
export type NodeMap = (intervals: number) => Float64Array;

/**
 * Builds the dual-weighted node map from a pilot.
 * @param model the chain.
 * @param coarse pilot coarse nodes (N + 1 of them, a graded grid).
 * @param fine the nested pilot grid of 2N intervals (node 2i = coarse node i).
 * @param fineMean nodal mean exit steps on `fine`.
 * @param start the start x₀ whose mean is the goal.
 * @returns the node map, or null when the pilot shows no error to equidistribute (then keep the graded grid).
 */
export function dualWeightedNodeMap(
  model: ChainModel,
  coarse: Float64Array,
  fine: Float64Array,
  fineMean: Float64Array,
  leftExit: boolean,
  rightExit: boolean,
  start: number,
  mix = ADAPTIVE_MIX,
): NodeMap | null {
  const n = coarse.length;
  const nf = fine.length;
  const step = new NextStep(model);
  const row = new Float64Array(n);
  const rowFine = new Float64Array(nf);
  const scratch = rowScratch(n);
  const scratchFine = rowScratch(nf);
  // Transposed coarse system Aᵀ (A = I − P): its solve with the start's row gives the visits g.
  const at = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    step.at(coarse[i]);
    const exit = kernelRow(step, coarse, leftExit, rightExit, row, scratch);
    let off = 0;
    for (let j = 0; j < n; j++) {
      if (j !== i) {
        at[j * n + i] = -row[j];
        off += row[j];
      }
    }
    at[i * n + i] = exit.left + exit.right + off;
  }
  step.at(start);
  const w = new Float64Array(n);
  kernelRow(step, coarse, leftExit, rightExit, w, scratch);
  const lu = luFactor(at, n);
  if (!lu) return null;
  const g = luSolve(lu, w);
  // ĝ_J = Σ_i g_i P^f_iJ: expected landings on fine hat J from the visited coarse nodes.
  const gHat = new Float64Array(nf);
  for (let i = 0; i < n; i++) {
    if (!(g[i] > 0)) continue;
    kernelRow(step.at(coarse[i]), fine, leftExit, rightExit, rowFine, scratchFine);
    for (let j = 1; j < nf; j += 2) gHat[j] += g[i] * rowFine[j];
  }
  // The coarse chain's local residual at node i is τ_i = Σ_J P^f_iJ d_J, with d_J the fine solution
  // minus its coarse interpolant (non-zero at odd fine nodes only), so the coarse-vs-fine error of the
  // mean from the start, Σ_i g_i τ_i, is Σ_J ĝ_J d_J: the error sits in the cell where X' LANDS.
  // (Booking it to the node the step starts from, τ_i, points at the wrong place: a clipped jump
  // lands a distance b away, measured.)
  const cellError = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    const j = 2 * k + 1;
    const x0 = fine[j - 1];
    const x1 = fine[j + 1];
    const t = (fine[j] - x0) / (x1 - x0);
    const d = fineMean[j] - ((1 - t) * fineMean[j - 1] + t * fineMean[j + 1]);
    cellError[k] = Math.abs(d * gHat[j]);
    if (!Number.isFinite(cellError[k])) return null;
  }
  const p = 2;
  const raw = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++)
    raw[k] = Math.pow(cellError[k] / Math.pow(coarse[k + 1] - coarse[k], p + 1), 1 / (p + 1));
  const density = raw.map((v, k) => Math.max(v, 0.5 * (raw[k - 1] ?? 0), 0.5 * (raw[k + 1] ?? 0)));
  let total = 0;
  for (let k = 0; k < n - 1; k++) total += density[k] * (coarse[k + 1] - coarse[k]);
  if (!(total > 0) || !Number.isFinite(total)) return null;
  // Cumulative node share at each pilot node: adaptive part plus the graded grid's (k/N at node k).
  const cum = new Float64Array(n);
  for (let k = 0; k < n - 1; k++) cum[k + 1] = cum[k] + (density[k] * (coarse[k + 1] - coarse[k])) / total;
  const share = new Float64Array(n);
  for (let k = 0; k < n; k++) share[k] = mix * cum[k] + ((1 - mix) * k) / (n - 1);
  share[n - 1] = 1;
  return (intervals: number) => {
    const out = new Float64Array(intervals + 1);
    out[0] = coarse[0];
    out[intervals] = coarse[n - 1];
    let k = 0;
    for (let i = 1; i < intervals; i++) {
      // i/intervals is the same double for (i, n) and (2i, 2n): nested grids share their nodes exactly.
      const t = i / intervals;
      while (k < n - 2 && share[k + 1] < t) k++;
      const fr = (t - share[k]) / (share[k + 1] - share[k]);
      out[i] = coarse[k] + fr * (coarse[k + 1] - coarse[k]);
    }
    return out;
  };
}
