/**
 * Issue 13, must-have 6: the η → 0 limits of the exact oracle judge the theory. On the paper's
 * landscape (basin 2, α = 1.2, Lomax scale 0.1, b = ∞ and 0.5) the true theory is accepted and the
 * mutants q × 1.15 and γ + 0.2 are rejected. The band is the extrapolation's own error (data ⊕
 * residuals ⊕ model, src/asymptotics), times z = 2: nothing here is hand-sized to the numbers.
 * (A cheap sweep, 400–800 cells per point and one adaptive pass: its larger errors still separate truth
 * from the mutants.)
 */
import { describe, expect, it } from 'vitest';
import { exactLimit, exactLimitPoint, limitStepSizes, type LimitTheory } from '../asymptotics/index.ts';
import { buildStopLoss } from '../exact/index.ts';
import { createNoiseLaw, paperLandscape } from '../model/index.ts';
import { basinScale, theoryReport } from '../theory/index.ts';

const Z = 2;
const paper = paperLandscape();
const law = createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: 0.1 });
const stopLoss = buildStopLoss(law);

function theoryOf(truncation: number, mutant: 'none' | 'q' | 'gamma'): LimitTheory {
  const b = theoryReport(paper, law, truncation).basins[1];
  const q = b.exitRate! * (mutant === 'q' ? 1.15 : 1);
  const jumps = b.jumpsNeeded!;
  return {
    leadingMeanExitSteps: (eta) => 1 / (q * basinScale(law, jumps, eta)),
    order: b.exitExponent! + (mutant === 'gamma' ? 0.2 : 0),
    exitedLeft: b.exitProbabilityByTarget!['1'] ?? 0,
  };
}

describe('η → 0 limits against the theory (paper landscape, basin 2)', () => {
  for (const truncation of [Infinity, 0.5]) {
    it(`b = ${truncation}: the theory is accepted, q × 1.15 and γ + 0.2 are rejected`, () => {
      const points = limitStepSizes(1e-3, 5, 1).map((stepSize) =>
        exactLimitPoint({
          landscape: paper,
          noise: law,
          truncation,
          basin: 2,
          stepSize,
          cells: truncation === Infinity ? 400 : 800,
          maxCells: 800,
          adaptivePasses: 1,
          stopLoss,
        }),
      );
      const accepted = (q: { value: number; predicted: number; error: number }) =>
        Math.abs(q.value - q.predicted) <= Z * q.error;
      const truth = exactLimit(points, theoryOf(truncation, 'none'), 1.2);
      expect(accepted(truth.meanRatio)).toBe(true);
      expect(accepted(truth.order)).toBe(true);
      expect(accepted(truth.exitedLeft)).toBe(true);
      // The errors are small enough to mean something.
      expect(truth.meanRatio.error).toBeLessThan(0.05);
      expect(truth.order.error).toBeLessThan(0.05);
      expect(accepted(exactLimit(points, theoryOf(truncation, 'q'), 1.2).meanRatio)).toBe(false);
      expect(accepted(exactLimit(points, theoryOf(truncation, 'gamma'), 1.2).order)).toBe(false);
    });
  }
});
