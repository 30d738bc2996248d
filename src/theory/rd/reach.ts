/**
 * The jump number J_b in the plane as a discrete optimisation (issue 16; Wang & Rhee, arXiv
 * 2307.03479, the first-exit theorem in R^d):
 *
 *     J_b = min{ k ≥ 1 : R_{k−1} ⊕ B_b (within the ball) meets the outside of Ω },
 *     R_0 = the minimiser set,  R_k = Flow⁺( (R_{k−1} ⊕ B_b) ∩ ball ),
 *
 * the set reachable by k jumps of norm ≤ b with gradient-flow relaxation (any duration ≥ 0) between
 * them. The projection Π_L needs no separate treatment: it is non-expansive and the iterate is in the
 * ball, so Π_L(x + v) for |v| ≤ b lands in (x ⊕ B_b) ∩ ball, and every point of that set is reached
 * unprojected. J_b ≤ ⌈r/b⌉ always (collinear jumps in quick succession); J_b = ⌈r/b⌉ when the flow
 * does not increase the distance to the minimiser (a(x)·(x − m) ≤ 0), since then R_k ⊆ B(m, k·b).
 *
 * Computation: sets are unions of grid cells (spacing h); dilation by brute force against the
 * boundary cells; the flow closure traces each newly added cell centre (normalised steps h/2) until
 * it reaches the minimiser set or a cell already closed. Error model: each stage's set is located to
 * within ~h (cell rounding) plus the orbit tracing error, so the computation is repeated with jump
 * norms b − 2h and b + 2h (under- and over-approximations). `certified` says both give the same J.
 * The slack accumulates over the jumps, so certification needs the reach of R_{J−1} ⊕ B_b to miss
 * (at J − 1 jumps) or overshoot (at J) the boundary of Ω by more than about J·2h + h; otherwise
 * refine the grid (`resolution`). This is an error model, not a proof: the orbit tracing error is
 * assumed below a cell, which holds away from saddles.
 */
import { invalidOption } from '../../core/errors.ts';
import { distanceToSet, type LandscapeRd } from '../../model/rd/types.ts';

/** The result of the reachability computation for one basin. */
export interface JumpsNeededRd {
  basin: number;
  truncation: number;
  /** J_b (from the nominal jump norm b). Infinity if not reached within `maxJumps`. */
  jumpsNeeded: number;
  /** J with jump norm b + 2h (a lower bound on J_b up to tracing error) and b − 2h (an upper bound). */
  lower: number;
  upper: number;
  certified: boolean;
  /** ⌈r/b⌉ from the basin radius, for comparison (J_b ≤ ⌈r/b⌉). */
  radiusJumps: number;
  /** Basins (1-based; 0 = outside every basin) met by R_{J−1} ⊕ B_b: the targets of G's edges from this basin. */
  targets: number[];
  /** Largest distance from the minimiser set reached by R_k, k = 0 … J − 1 (the "outward in norm" trace). */
  reachRadius: number[];
  gridSpacing: number;
}

export interface ReachOptions {
  /** Cells per side. @default 121 */
  resolution?: number;
  /** @default 8 */
  maxJumps?: number;
}

interface Grid {
  N: number;
  L: number;
  h: number;
  cx: Float64Array;
  cy: Float64Array;
  inBall: Uint8Array;
  label: Int32Array;
}

function makeGrid(land: LandscapeRd, N: number): Grid {
  const L = land.ball;
  const h = (2 * L) / N;
  const cx = new Float64Array(N * N);
  const cy = new Float64Array(N * N);
  const inBall = new Uint8Array(N * N);
  const label = new Int32Array(N * N);
  const p = new Float64Array(2);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      const c = i + N * j;
      cx[c] = -L + (i + 0.5) * h;
      cy[c] = -L + (j + 0.5) * h;
      inBall[c] = Math.hypot(cx[c], cy[c]) <= L ? 1 : 0;
      p[0] = cx[c];
      p[1] = cy[c];
      label[c] = inBall[c] ? land.basinOf(p) : -1;
    }
  }
  return { N, L, h, cx, cy, inBall, label };
}

function cellIndex(g: Grid, x: number, y: number): number {
  let i = Math.floor((x + g.L) / g.h);
  let j = Math.floor((y + g.L) / g.h);
  i = i < 0 ? 0 : i >= g.N ? g.N - 1 : i;
  j = j < 0 ? 0 : j >= g.N ? g.N - 1 : j;
  return i + g.N * j;
}

/** Cells of `set` with a 4-neighbour outside it. */
function boundaryCells(g: Grid, set: Uint8Array): number[] {
  const out: number[] = [];
  const N = g.N;
  for (let c = 0; c < N * N; c++) {
    if (!set[c]) continue;
    const i = c % N;
    const j = (c - i) / N;
    if (i === 0 || j === 0 || i === N - 1 || j === N - 1 || !set[c - 1] || !set[c + 1] || !set[c - N] || !set[c + N])
      out.push(c);
  }
  return out;
}

/** Cells within distance ρ of `set` (centre to centre), restricted to the ball. */
function dilate(g: Grid, set: Uint8Array, rho: number): Uint8Array {
  const out = Uint8Array.from(set);
  const bnd = boundaryCells(g, set);
  const r2 = rho * rho;
  for (let c = 0; c < g.N * g.N; c++) {
    if (out[c] || !g.inBall[c]) continue;
    const x = g.cx[c];
    const y = g.cy[c];
    for (const b of bnd) {
      const dx = x - g.cx[b];
      const dy = y - g.cy[b];
      if (dx * dx + dy * dy <= r2) {
        out[c] = 1;
        break;
      }
    }
  }
  return out;
}

function reachFor(land: LandscapeRd, g: Grid, basin: number, rho: number, maxJumps: number) {
  const N = g.N;
  const set = land.minima[basin - 1];
  const capture = 1.5 * g.h;
  let R = new Uint8Array(N * N);
  const pt = new Float64Array(2);
  const grad = new Float64Array(2);
  for (let c = 0; c < N * N; c++) {
    pt[0] = g.cx[c];
    pt[1] = g.cy[c];
    if (g.inBall[c] && distanceToSet(set, pt) <= g.h) R[c] = 1;
  }
  // The cell holding the set's point, in case the set is thinner than a cell.
  R[cellIndex(g, set.point[0], set.point[1])] = 1;
  const reachRadius: number[] = [];
  const maxTrace = Math.ceil((40 * g.L) / g.h);
  for (let k = 1; k <= maxJumps; k++) {
    let rmax = 0;
    for (let c = 0; c < N * N; c++) {
      if (!R[c]) continue;
      pt[0] = g.cx[c];
      pt[1] = g.cy[c];
      rmax = Math.max(rmax, distanceToSet(set, pt));
    }
    reachRadius.push(rmax);
    const D = dilate(g, R, rho);
    const targets = new Set<number>();
    for (let c = 0; c < N * N; c++) if (D[c] && g.label[c] !== basin) targets.add(g.label[c]);
    if (targets.size > 0) return { jumps: k, targets: [...targets].sort((a, b) => a - b), reachRadius };
    // Flow closure of D.
    const next = Uint8Array.from(R);
    for (let c = 0; c < N * N; c++) {
      if (!D[c] || next[c]) continue;
      next[c] = 1;
      pt[0] = g.cx[c];
      pt[1] = g.cy[c];
      for (let n = 0; n < maxTrace; n++) {
        if (distanceToSet(set, pt) < capture) break;
        land.gradient(pt, grad);
        const gn = Math.hypot(grad[0], grad[1]);
        if (gn === 0) break;
        pt[0] -= (0.5 * g.h * grad[0]) / gn;
        pt[1] -= (0.5 * g.h * grad[1]) / gn;
        const r = Math.hypot(pt[0], pt[1]);
        if (r > g.L) {
          pt[0] *= g.L / r;
          pt[1] *= g.L / r;
        }
        const cc = cellIndex(g, pt[0], pt[1]);
        if (next[cc] && !D[cc] && R[cc]) break; // joined an orbit closed at an earlier stage
        if (next[cc] && cc !== c && D[cc]) {
          // Joined a cell of this stage: its own orbit is (or will be) traced from its centre.
          break;
        }
        next[cc] = 1;
      }
    }
    R = next;
  }
  return { jumps: Infinity, targets: [] as number[], reachRadius };
}

/**
 * J_b for basin k of a planar landscape, with its under/over-approximations.
 * @throws InputError when the landscape is not planar or b is not positive.
 */
export function jumpsNeededRd(
  land: LandscapeRd,
  basin: number,
  truncation: number,
  options: ReachOptions = {},
): JumpsNeededRd {
  const api = 'jumpsNeededRd';
  if (land.dimension !== 2) throw invalidOption(api, 'landscape', 'a planar (d = 2) landscape', land.dimension);
  if (!(truncation > 0) || truncation === Infinity)
    throw invalidOption(api, 'truncation', 'a finite number > 0 (b = ∞ needs one jump: J = 1)', truncation);
  if (!Number.isInteger(basin) || basin < 1 || basin > land.minima.length)
    throw invalidOption(api, 'basin', `an integer in [1, ${land.minima.length}]`, basin);
  const N = options.resolution ?? 121;
  const maxJumps = options.maxJumps ?? 8;
  const g = makeGrid(land, N);
  const nominal = reachFor(land, g, basin, truncation, maxJumps);
  const over = reachFor(land, g, basin, truncation + 2 * g.h, maxJumps);
  const under = reachFor(land, g, basin, Math.max(g.h, truncation - 2 * g.h), maxJumps);
  return {
    basin,
    truncation,
    jumpsNeeded: nominal.jumps,
    lower: over.jumps,
    upper: under.jumps,
    certified: over.jumps === under.jumps,
    radiusJumps: Math.ceil(land.basinRadii[basin - 1] / truncation),
    targets: nominal.targets,
    reachRadius: nominal.reachRadius,
    gridSpacing: g.h,
  };
}
