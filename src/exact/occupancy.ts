/**
 * Stationary occupancy of the finite-η chain over all basins of [−L, L] (issue 7, must-have 1).
 *
 * The same piecewise-linear node chain as exit.ts, on the whole box: basin grids joined at the
 * saddles (nodes at every saddle), no exits (the box atoms at ±L stay inside). Its stationary law
 * π over the nodes comes from GTH elimination (no subtractions: the sharp basins' share can be
 * 1e-10 and still be accurate). Node j stands for the hat φ_j, whose mass is split between the
 * basins on either side of a saddle node in proportion to the hat's area on each side.
 */
import { checkInteger, checkNumber } from '../core/guards.ts';
import { invalidOption } from '../core/errors.ts';
import type { Landscape, NoiseLaw } from '../model/types.ts';
import { basinNodes } from './grid.ts';
import { basinRegion, chainModel } from './exit.ts';
import { kernelRow, NextStep, rowScratch } from './kernel.ts';
import { stationaryGth } from './solve.ts';
import type { StopLoss } from './stop-loss.ts';

/** Options of {@link exactOccupancy}. */
export interface ExactOccupancyOptions {
  landscape: Landscape;
  noise: NoiseLaw;
  /** η > 0. */
  stepSize: number;
  /** b > 0 or Infinity. @default Infinity */
  truncation?: number;
  /** Intervals per basin on the finer grid (the coarser has half); even, 8..1500. @default 240 */
  cellsPerBasin?: number;
  stopLoss?: StopLoss;
  /**
   * How the mass a step leaves next to its start is put on the nodes (exit.ts `smallMoves`): 'hat'
   * projects it (variance inflated by ~h·E|ηZ|, which blurs the boundary layers at small η);
   * 'moments' keeps its exact mass, mean and variance on three nodes. @default 'hat'
   */
  smallMoves?: 'hat' | 'moments';
}

/** Result of {@link exactOccupancy}. */
export interface ExactOccupancyResult {
  /** Stationary probability of each basin Ω_1..Ω_n (Richardson over two grids). */
  occupancy: number[];
  /** |fine − coarse| per basin (bounds the error of an order-1 or order-2 discretisation). */
  errorEstimate: number[];
  /** Total nodes of the finer grid. */
  gridNodes: number;
  seconds: number;
}

/** Occupancy per basin on one grid of `cellsPerBasin` intervals per basin. */
export function occupancyOnGrid(
  landscape: Landscape,
  noise: NoiseLaw,
  stepSize: number,
  truncation: number,
  cellsPerBasin: number,
  stopLoss?: StopLoss,
  smallMoves: 'hat' | 'moments' = 'hat',
): number[] {
  const n = landscape.minima.length;
  const parts: number[] = [];
  const owner: number[] = [];
  for (let k = 1; k <= n; k++) {
    const nodes = basinNodes(basinRegion(landscape, k, stepSize, noise, truncation).spec, cellsPerBasin);
    for (let i = k === 1 ? 0 : 1; i < nodes.length; i++) {
      parts.push(nodes[i]);
      owner.push(i === nodes.length - 1 && k < n ? -k : k); // −k marks the saddle between k and k+1
    }
  }
  const nodes = Float64Array.from(parts);
  const size = nodes.length;
  const model = chainModel(landscape, noise, stepSize, truncation, stopLoss, smallMoves);
  const step = new NextStep(model);
  const scratch = rowScratch(size);
  const row = new Float64Array(size);
  const p = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    step.at(nodes[i]);
    kernelRow(step, nodes, false, false, row, scratch);
    p.set(row, i * size);
  }
  const pi = stationaryGth(p, size);
  const occ = new Array<number>(n).fill(0);
  for (let j = 0; j < size; j++) {
    const k = owner[j];
    if (k > 0) occ[k - 1] += pi[j];
    else {
      const hl = nodes[j] - nodes[j - 1];
      const hr = nodes[j + 1] - nodes[j];
      occ[-k - 1] += (pi[j] * hl) / (hl + hr);
      occ[-k] += (pi[j] * hr) / (hl + hr);
    }
  }
  return occ;
}

/**
 * Long-run fraction of steps the chain spends in each basin, at finite η (THEORY.md §6: with
 * clipping, the sharp basins' share should vanish as η → 0; without, all basins keep a share).
 * @throws InputError on bad options.
 */
export function exactOccupancy(options: ExactOccupancyOptions): ExactOccupancyResult {
  const api = 'exactOccupancy';
  const t0 = performance.now();
  const stepSize = checkNumber(api, 'stepSize', options.stepSize, { min: 0, openMin: true, max: 1 });
  const truncation = options.truncation ?? Infinity;
  if (!(truncation === Infinity || (Number.isFinite(truncation) && truncation > 0))) {
    throw invalidOption(api, 'truncation', 'a positive number or Infinity', truncation);
  }
  const cells = checkInteger(api, 'cellsPerBasin', options.cellsPerBasin ?? 240, 8, 1500);
  if (cells % 2 !== 0) throw invalidOption(api, 'cellsPerBasin', 'an even integer in [8, 1500]', cells);
  const { landscape, noise } = options;
  const small = options.smallMoves ?? 'hat';
  if (small !== 'hat' && small !== 'moments') throw invalidOption(api, 'smallMoves', "'hat' or 'moments'", small);
  const coarse = occupancyOnGrid(landscape, noise, stepSize, truncation, cells / 2, options.stopLoss, small);
  const fine = occupancyOnGrid(landscape, noise, stepSize, truncation, cells, options.stopLoss, small);
  return {
    occupancy: fine.map((f, k) => f + (f - coarse[k]) / 3),
    errorEstimate: fine.map((f, k) => Math.abs(f - coarse[k])),
    gridNodes: landscape.minima.length * cells + 1,
    seconds: (performance.now() - t0) / 1000,
  };
}
