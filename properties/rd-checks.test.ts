/**
 * 2-D checks beyond the exit order (issue 16): the exit location on a rotation-invariant well
 * (uniform exit angle, by symmetry of landscape and law), which the two d ≥ 2 simulator mutants must
 * fail, and the paper's Fig. 3 as a number on the Himmelblau variant (clipping lowers the share of
 * steps in the sharp basins Ω₃ ∪ Ω₄). Error budget: family-wise 1% over the file's 4 decisions
 * (Bonferroni): each test at 0.0025. Seeds pinned; `npm run measure:rd` gives the long-run shares.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { himmelblauVariant, wellLandscape } from '../src/model/rd/index.ts';
import { runExitRd, type MutantRd } from '../src/sim/rd/index.ts';
import { chiSquareTest } from '../src/stats/chi-square.ts';
import { studentTSf } from '../src/stats/distributions.ts';
import { himmelblauSharpShare } from '../ci/test-support/rd.ts';
import { reportMeasurement } from '../ci/test-support/measure.ts';

const LEVEL = 0.01 / 4;

/** Exit angles of the isotropic disc well in 8 bins centred on the axes and diagonals; χ² against uniform. */
function exitAngleTest(mutant: MutantRd | undefined, seed: number) {
  const land = wellLandscape({ curvature: [1, 1], power: 2, domain: [1, 1] });
  const r = runExitRd({
    landscape: land,
    noise: { kind: 'pareto', tailIndex: 1.5, scale: 0.3, dimension: 2 },
    stepSize: 0.1,
    truncation: 0.6,
    basin: 1,
    chains: 800,
    seed,
    path: 'rd-checks/exit-angle',
    mutant,
  });
  const bins = new Array<number>(8).fill(0);
  for (let i = 0; i < r.chains; i++) {
    const a = Math.atan2(r.exitPosition[2 * i + 1], r.exitPosition[2 * i]);
    bins[((Math.round(a / (Math.PI / 4)) % 8) + 8) % 8]++;
  }
  return chiSquareTest(bins, new Array(8).fill(1 / 8), { significance: LEVEL });
}

describe('2-D exit location and the simulator mutants', () => {
  it('the norm-clipped chain exits a rotation-invariant well at a uniform angle', () => {
    fc.assert(
      fc.property(fc.noShrink(fc.integer({ min: 1, max: 1000 })), (seed) => {
        const t = exitAngleTest(undefined, seed);
        reportMeasurement(`rd-checks/exit-angle/reference/seed-${seed}/p`, t.pValue);
        return !t.rejected;
      }),
      { seed: 16, numRuns: 1 },
    );
  });
  for (const mutant of ['coordinate-clipping', 'anisotropic-noise'] as const) {
    it(`the '${mutant}' mutant is caught by the exit-location check`, () => {
      const t = exitAngleTest(mutant, 16);
      reportMeasurement(`rd-checks/exit-angle/${mutant}/chi2`, t.statistic);
      expect(t.rejected).toBe(true);
    });
  }
});

describe('elimination of sharp minima in 2-D (ICLR §3.2, Fig. 3 as a number)', () => {
  it('on the Himmelblau variant, clipping (b = 2.15) lowers the share of steps in Ω₃ ∪ Ω₄ (η = 0.008)', () => {
    const land = himmelblauVariant();
    const opts = { paths: 4, steps: 500_000, seed: 16 };
    const clipped = himmelblauSharpShare(land, 0.008, 2.15, opts);
    const free = himmelblauSharpShare(land, 0.008, Infinity, opts);
    reportMeasurement('rd-checks/himmelblau/share-clipped-unclipped-eta-0.008', [
      clipped.share,
      clipped.se,
      free.share,
      free.se,
    ]);
    // Welch's t on the per-path shares (paths are i.i.d. replicates), one-sided.
    const t = (free.share - clipped.share) / Math.hypot(clipped.se, free.se);
    const v1 = clipped.se ** 2;
    const v2 = free.se ** 2;
    const dof = (v1 + v2) ** 2 / (v1 ** 2 / (opts.paths - 1) + v2 ** 2 / (opts.paths - 1));
    expect(studentTSf(t, dof)).toBeLessThan(LEVEL);
  });
});
