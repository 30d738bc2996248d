import { describe, expect, it } from 'vitest';
import { paperLandscape, polynomialLandscape } from '../model/landscapes.ts';
import { basinGeometry, jumpsNeeded, nearInteger } from './geometry.ts';
import { transitionGraph, drawGraph, graphFromAdjacency } from './graph.ts';
import { InputError } from '../core/errors.ts';

// THEORY.md §4's example: m₂ = 0 at distances 0.6 (left saddle) and 0.9 (right saddle).
const section4 = polynomialLandscape([-1.2, -0.6, 0, 0.9, 1.6], 1, 2.2);

describe('geometry', () => {
  it('reproduces the paper: l* = (1,2,1,2) at b = 0.5, (1,3,1,3) at b = 0.28, all 1 without clipping', () => {
    const L = paperLandscape();
    const g = basinGeometry(L, 0.5);
    expect(g.basins.map((b) => b.jumpsNeeded)).toEqual([1, 2, 1, 2]);
    expect(g.widest).toEqual([2, 4]);
    expect(g.sharp).toEqual([1, 3]);
    expect(basinGeometry(L, 0.28).basins.map((b) => b.jumpsNeeded)).toEqual([1, 3, 1, 3]);
    expect(basinGeometry(L, Infinity).basins.map((b) => b.jumpsNeeded)).toEqual([1, 1, 1, 1]);
    // Outer basins: the box side is not crossable, so r_4 = m_4 − s_3, not L − m_4.
    expect(g.basins[3].radius).toBeCloseTo(L.minima[3] - 0.7, 12);
    expect(g.warnings.some((w) => w.code === 'box-cut' && w.basin === 4)).toBe(true);
  });

  it('computes l_{i,j} from the near saddle of the target basin', () => {
    const g = basinGeometry(section4, 0.4);
    // m₂ = 0: Ω₁ needs ⌈0.6/0.4⌉ = 2, Ω₃ needs ⌈0.9/0.4⌉ = 3.
    expect(g.jumpNumbers[1]).toEqual([2, 0, 3]);
    expect(g.jumpNumbers[0][2]).toBe(Math.ceil(2.1 / 0.4));
    expect(jumpsNeeded(0.6, Infinity)).toBe(1);
    expect(jumpsNeeded(Infinity, 0.3)).toBe(Infinity);
  });

  it('flags (or refuses) ratios within 1e-6 of an integer', () => {
    expect(nearInteger(2 + 5e-7)).toBe(true);
    expect(nearInteger(2 + 5e-6)).toBe(false);
    const g = basinGeometry(section4, 0.3); // 0.6/0.3 = 2, 0.9/0.3 = 3
    expect(g.warnings.filter((w) => w.code === 'near-integer-ratio').length).toBeGreaterThanOrEqual(2);
    try {
      basinGeometry(section4, 0.3, true);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe('ERR_NOT_COVERED');
    }
  });
});

describe('typical transition graph G', () => {
  it('THEORY.md §4: b = 0.5 irreducible, b = 0.4 {m1, m2} absorbing and {m3} transient', () => {
    const g5 = transitionGraph(basinGeometry(section4, 0.5));
    expect(g5.irreducible).toBe(true);
    const g4 = transitionGraph(basinGeometry(section4, 0.4));
    expect(g4.irreducible).toBe(false);
    const classes = g4.classes.map((c) => ({ members: [...c.members], absorbing: c.absorbing }));
    expect(classes).toContainEqual({ members: [1, 2], absorbing: true });
    expect(classes).toContainEqual({ members: [3], absorbing: false });
    expect(drawGraph(g4, [2, 2, 2])).toContain('{m3} transient');
  });

  it('paper b = 0.5: m2 ↔ m4 only through m3', () => {
    const g = transitionGraph(basinGeometry(paperLandscape(), 0.5));
    expect(g.edges).toEqual([
      [1, 2],
      [2, 1],
      [2, 3],
      [3, 2],
      [3, 4],
      [4, 3],
    ]);
    expect(g.irreducible).toBe(true);
  });

  it('classifies a chain with a sink', () => {
    const g = graphFromAdjacency([
      [false, true, false],
      [false, false, true],
      [false, false, false],
    ]);
    expect(g.classes.map((c) => [c.members, c.absorbing])).toEqual([
      [[1], false],
      [[2], false],
      [[3], true],
    ]);
  });
});
