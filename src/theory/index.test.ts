import { describe, expect, it } from 'vitest';
import { createNoiseLaw } from '../model/noise.ts';
import { paperLandscape, polynomialLandscape } from '../model/landscapes.ts';
import { theoryReport } from './index.ts';
import { InputError } from '../core/errors.ts';

const lomax = createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: 0.1, pPlus: 0.5 });

describe('theoryReport', () => {
  it('assembles the paper case b = 0.5 (issue 3 JSON fields)', () => {
    const r = theoryReport(paperLandscape(), lomax, 0.5, 1e-3);
    expect(r.basins.map((b) => b.jumpsNeeded)).toEqual([1, 2, 1, 2]);
    expect(r.basins.map((b) => b.exitExponent)).toEqual([1.2, 1.4, 1.2, 1.4].map((x) => expect.closeTo(x, 12)));
    expect(Object.keys(r.basins[1].exitRateByTarget!)).toEqual(['1', '3']);
    expect(r.widest).toEqual([2, 4]);
    expect(r.graph.irreducible).toBe(true);
    expect(r.generator?.states).toEqual([2, 4]);
    expect(r.basins[1].predictedMeanExitSteps).toBeGreaterThan(r.basins[0].predictedMeanExitSteps!);
    expect(r.untruncated?.exitRates[1]).toBeCloseTo(1.4896, 4);
    expect(JSON.parse(JSON.stringify(r)).truncation).toBe(0.5);
  });

  it('Gaussian noise: heavy-tail quantities null, with a warning and the Kramers baseline', () => {
    const r = theoryReport(paperLandscape(), createNoiseLaw({ kind: 'gaussian', scale: 0.3 }), Infinity, 0.05);
    expect(r.basins[1].exitRate).toBeNull();
    expect(r.basins[1].exitExponent).toBeNull();
    expect(r.basins[1].kramers?.exponent).toBeGreaterThan(0);
    expect(r.generator).toBeNull();
    expect(r.warnings.map((w) => w.code)).toContain('no-tail-index');
  });

  it('edge cases are explicit: integer ratios warn (q = 0) or refuse; reducible G has per-class generators', () => {
    const L = polynomialLandscape([-1.2, -0.6, 0, 0.9, 1.6], 1, 2.2);
    const r = theoryReport(L, lomax, 0.3);
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['near-integer-ratio', 'zero-exit-rate']));
    expect(() => theoryReport(L, lomax, 0.3, undefined, { refuseUncovered: true })).toThrow(InputError);
    const r4 = theoryReport(L, lomax, 0.4);
    expect(r4.graph.irreducible).toBe(false);
    expect(r4.generator).toBeNull();
    expect(r4.generatorsByClass.map((g) => g.class)).toEqual([[1, 2]]);
    expect(() => theoryReport(L, lomax, -1)).toThrow(/invalid option `truncation`/);
  });
});
