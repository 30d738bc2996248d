/**
 * Basins of attraction in the plane (d = 2) computed on a grid with the gradient flow: every cell
 * centre (projected onto the ball) follows dx/dt = −∇f(x), projected onto the ball, until it comes
 * within `capture` of a minimiser set; the cell takes that set's label. The flow is traced with
 * normalised steps of length h/2 (a time change of the flow, which leaves its orbits and so the
 * basins unchanged).
 *
 * Error model: a boundary is located to within one cell (spacing h = 2L/N) plus the tracing error
 * of the orbits, which is O(h) for orbits that do not graze a saddle; `geometryError` reports h.
 * The radius r_k is the distance from minimiser set k to the nearest cell centre of another label,
 * less h/2 (the boundary lies between that centre and its labelled-k neighbour).
 */
import { distanceToSet, type MinimiserSet } from './types.ts';

/** What the grid needs from a landscape. */
export interface FlowLandscape {
  readonly ball: number;
  gradient(x: ArrayLike<number>, out: Float64Array): void;
  readonly minima: readonly MinimiserSet[];
}

/** Basin labels on an N×N grid of cells covering [−L, L]². */
export interface BasinGrid {
  readonly resolution: number;
  readonly ball: number;
  /** h = 2L/N. */
  readonly spacing: number;
  /** labels[i + N·j] for the cell centred at (−L + (i + ½)h, −L + (j + ½)h); 1-based basins. */
  readonly labels: Int32Array;
  /** r_k per basin (0-based array index k − 1). */
  readonly radii: number[];
  /** Cells whose orbit reached no minimiser set within the step cap (labelled by the nearest set). */
  readonly stuck: number;
}

/** Cell index of x (clamped to the grid). */
export function cellOf(grid: { resolution: number; ball: number; spacing: number }, x0: number, x1: number): number {
  const N = grid.resolution;
  let i = Math.floor((x0 + grid.ball) / grid.spacing);
  let j = Math.floor((x1 + grid.ball) / grid.spacing);
  if (i < 0) i = 0;
  else if (i >= N) i = N - 1;
  if (j < 0) j = 0;
  else if (j >= N) j = N - 1;
  return i + N * j;
}

/**
 * Follows the projected flow from x (modified in place) until within `capture` of a minimiser set;
 * returns its 1-based label, or the nearest set's label after `maxSteps` (a flow stuck at a saddle).
 */
export function flowToMinimum(
  land: FlowLandscape,
  x: Float64Array,
  step: number,
  capture: number,
  maxSteps: number,
): number {
  const label = flowToMinimumOrStuck(land, x, step, capture, maxSteps);
  return Math.abs(label);
}

/** As `flowToMinimum`, but a stuck orbit returns minus the nearest set's label. */
function flowToMinimumOrStuck(
  land: FlowLandscape,
  x: Float64Array,
  step: number,
  capture: number,
  maxSteps: number,
): number {
  const g = new Float64Array(2);
  const L = land.ball;
  for (let n = 0; n < maxSteps; n++) {
    for (let k = 0; k < land.minima.length; k++) if (distanceToSet(land.minima[k], x) < capture) return k + 1;
    land.gradient(x, g);
    const gn = Math.hypot(g[0], g[1]);
    if (gn === 0) break;
    x[0] -= (step * g[0]) / gn;
    x[1] -= (step * g[1]) / gn;
    const r = Math.hypot(x[0], x[1]);
    if (r > L) {
      x[0] *= L / r;
      x[1] *= L / r;
    }
  }
  let best = 1;
  let bestD = Infinity;
  land.minima.forEach((m, k) => {
    const d = distanceToSet(m, x);
    if (d < bestD) {
      bestD = d;
      best = k + 1;
    }
  });
  return -best;
}

/**
 * Labels every cell by the flow. Cost: N² orbits of at most ~4L/h normalised steps
 * (N = 161: about 0.3 s for a closed-form gradient).
 * @param capture distance to a minimiser set that counts as arrived @default 1.5·h
 */
export function computeBasinGrid(land: FlowLandscape, resolution = 161, capture?: number): BasinGrid {
  const N = resolution;
  const L = land.ball;
  const h = (2 * L) / N;
  const cap = capture ?? 1.5 * h;
  const labels = new Int32Array(N * N);
  const x = new Float64Array(2);
  const maxSteps = Math.ceil((40 * L) / h);
  let stuck = 0;
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      x[0] = -L + (i + 0.5) * h;
      x[1] = -L + (j + 0.5) * h;
      const r = Math.hypot(x[0], x[1]);
      if (r > L) {
        x[0] *= L / r;
        x[1] *= L / r;
      }
      const lab = flowToMinimumOrStuck(land, x, h / 2, cap, maxSteps);
      if (lab < 0) stuck++;
      labels[i + N * j] = Math.abs(lab);
    }
  }
  return { resolution: N, ball: L, spacing: h, labels, radii: gridRadii(land.minima, labels, N, L, h), stuck };
}

function gridRadii(minima: readonly MinimiserSet[], labels: Int32Array, N: number, L: number, h: number): number[] {
  const radii = minima.map(() => Infinity);
  const p = new Float64Array(2);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      p[0] = -L + (i + 0.5) * h;
      p[1] = -L + (j + 0.5) * h;
      if (Math.hypot(p[0], p[1]) > L + h) continue;
      const lab = labels[i + N * j];
      for (let k = 0; k < minima.length; k++) {
        if (lab === k + 1) continue;
        const d = distanceToSet(minima[k], p) - h / 2;
        if (d < radii[k]) radii[k] = d;
      }
    }
  }
  return radii;
}

/** A `basinOf` reading the grid (nearest cell). */
export function gridBasinOf(grid: BasinGrid): (x: ArrayLike<number>) => number {
  return (x) => grid.labels[cellOf(grid, x[0], x[1])];
}
