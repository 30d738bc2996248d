import { describe, expect, it } from 'vitest';
import { paperLandscape } from '../model/landscapes.ts';
import {
  absorptionProbabilities,
  stationaryDistribution,
  widestGenerator,
  generatorsByClass,
  untruncatedGenerator,
} from './markov.ts';
import { exitConstants, type BasinConstants } from './constants.ts';
import { basinGeometry } from './geometry.ts';
import { transitionGraph } from './graph.ts';

function basin(k: number, l: number, rates: number[]): BasinConstants {
  return {
    basin: k,
    jumpsNeeded: l,
    exitRate: rates.reduce((s, v) => s + v, 0),
    exitRateByTarget: rates,
    left: 0,
    right: 0,
    error: 0,
  };
}

describe('limiting Markov chain (THEORY.md §6)', () => {
  it('routes a wide-to-wide transition through a sharp basin: Q(1,3) = q(1,2)·θ(3|2)', () => {
    // m1, m3 wide (l* = 2), m2 sharp (l* = 1), m2 → m1 w.p. 1/4, → m3 w.p. 3/4.
    const cs = [basin(1, 2, [0, 2, 0]), basin(2, 1, [1, 0, 3]), basin(3, 2, [0, 5, 0])];
    const g = widestGenerator(cs, [1, 2, 3]);
    expect(g.states).toEqual([1, 3]);
    expect(g.matrix[0][1]).toBeCloseTo(2 * 0.75, 14);
    expect(g.matrix[1][0]).toBeCloseTo(5 * 0.25, 14);
    expect(g.matrix[0][0]).toBeCloseTo(-1.5, 14);
    // Two states: π ∝ (Q21, Q12).
    expect(g.stationary![0]).toBeCloseTo(1.25 / (1.25 + 1.5), 12);
  });

  it('θ rows sum to 1 and match a hand-solved chain', () => {
    // 0 and 3 absorbing; 1 → 0 (1/2), 2 (1/2); 2 → 1 (1/3), 3 (2/3).
    const theta = absorptionProbabilities(
      [
        [0, 1, 0, 0],
        [1, 0, 1, 0],
        [0, 1, 0, 2],
        [0, 0, 1, 0],
      ],
      [true, false, false, true],
    );
    // θ(0|1) = ½ + ½·θ(0|2), θ(0|2) = ⅓θ(0|1) ⇒ θ(0|1) = 3/5.
    expect(theta[1][0]).toBeCloseTo(0.6, 14);
    expect(theta[2][0]).toBeCloseTo(0.2, 14);
    for (const row of theta) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
  });

  it('paper b = 0.5: generator on {m2, m4}, rows sum to 0, π a distribution', () => {
    const L = paperLandscape();
    const cs = exitConstants(L, 0.5, 1.2, 0.5);
    const [g] = generatorsByClass(cs, transitionGraph(basinGeometry(L, 0.5)));
    expect(g.states).toEqual([2, 4]);
    for (const row of g.matrix) expect(Math.abs(row.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12);
    // m2 → m4 only via m3 (m2 → m1 returns to m2): Q(2,4) = q(2,3)·θ(m4 | m3).
    const theta43 = cs[2].exitRateByTarget[3] / cs[2].exitRate;
    expect(g.matrix[0][1]).toBeCloseTo(cs[1].exitRateByTarget[2] * theta43, 12);
    expect(g.stationary!.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('untruncated: all minima, Q(i, j) = q(i, j)', () => {
    const cs = exitConstants(paperLandscape(), Infinity, 1.2, 0.5);
    const g = untruncatedGenerator(cs);
    expect(g.states).toEqual([1, 2, 3, 4]);
    expect(g.matrix[1][3]).toBeCloseTo(cs[1].exitRateByTarget[3], 14);
    expect(g.matrix[1][1]).toBeCloseTo(-cs[1].exitRate, 12);
    const pi = stationaryDistribution(g.matrix)!;
    for (let j = 0; j < 4; j++) expect(Math.abs(pi.reduce((s, p, i) => s + p * g.matrix[i][j], 0))).toBeLessThan(1e-12);
  });
});
