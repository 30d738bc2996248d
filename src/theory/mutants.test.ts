/**
 * The theory mutants (mutants.ts): the empty variant is the theory (equals exitConstants and the
 * exponent of theoryReport), and each mutant changes what it claims to change on the paper's
 * landscape (basin 2, α = 1.2, b = 0.5: l* = 2, distances 0.6007 left and 0.8993 right).
 */
import { describe, expect, it } from 'vitest';
import { paperLandscape } from '../model/index.ts';
import { exitConstants } from './constants.ts';
import { THEORY_MUTANTS, theorem1Prediction } from './mutants.ts';

const paper = paperLandscape();

describe('theory mutants', () => {
  it('the empty variant is the theory', () => {
    for (const [b, basin, pPlus] of [
      [0.5, 2, 0.5],
      [0.28, 2, 0.3],
      [Infinity, 3, 0.7],
      [0.5, 1, 0.6],
    ] as const) {
      const t = theorem1Prediction(paper, 1.2, pPlus, b, basin);
      const c = exitConstants(paper, b, 1.2, pPlus)[basin - 1];
      expect(t.jumpsNeeded).toBe(c.jumpsNeeded);
      expect(t.exitRate).toBeCloseTo(c.exitRate, 12);
      expect(t.exitedLeft).toBeCloseTo(c.left / c.exitRate, 12);
      expect(t.order).toBeCloseTo(1 + c.jumpsNeeded * 0.2, 12);
    }
  });
  it('each mutant changes its part of the prediction', () => {
    const at = (name: keyof typeof THEORY_MUTANTS, pPlus = 0.5, basin = 2, b = 0.5) =>
      theorem1Prediction(paper, 1.2, pPlus, b, basin, THEORY_MUTANTS[name].variant);
    const truth = theorem1Prediction(paper, 1.2, 0.5, 0.5, 2);
    expect(at('jumps-floor').jumpsNeeded).toBe(1);
    expect(at('jumps-plus-one').order).toBeCloseTo(1.6, 12);
    // b = 0.5: both sides need 2 jumps, so the farther side changes nothing; b = 0.4: 0.6007/0.4 → 2,
    // 0.8993/0.4 → 3, and the mutant exits right in 3 jumps.
    expect(at('farther-side').exitedLeft).toBeCloseTo(truth.exitedLeft, 12);
    expect(at('farther-side', 0.5, 2, 0.4).jumpsNeeded).toBe(3);
    expect(at('farther-side', 0.5, 2, 0.4).exitedLeft).toBe(0);
    expect(at('no-clipping-atom').exitRate).toBeLessThan(truth.exitRate);
    expect(at('swapped-sides', 0.7).exitedLeft).toBeCloseTo(theorem1Prediction(paper, 1.2, 0.3, 0.5, 2).exitedLeft, 12);
    expect(at('unclipped').order).toBeCloseTo(1.2, 12);
    // The box only matters for an outer basin: basin 1 gains a left exit side.
    expect(at('no-box', 0.5, 2).exitRate).toBeCloseTo(truth.exitRate, 12);
    expect(at('no-box', 0.5, 1, Infinity).exitedLeft).toBeGreaterThan(0);
    expect(theorem1Prediction(paper, 1.2, 0.5, Infinity, 1).exitedLeft).toBe(0);
  });
});
