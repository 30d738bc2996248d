import { describe, expect, it } from 'vitest';
import { createNoiseLaw, paperLandscape } from '../model/index.ts';
import { exactExitOrder, slopeRichardson, staircase } from './hierarchy.ts';

describe('slopeRichardson', () => {
  it('extrapolates with the observed order, clamped to [½, 1], and bounds the error conservatively', () => {
    // Exact order 1: v(h) = 1 + h, h = 1, ½, ¼ → the limit 1 exactly.
    const one = slopeRichardson(2, 1.5, 1.25);
    expect(one.value).toBeCloseTo(1, 12);
    expect(one.order).toBeCloseTo(1, 12);
    // Order ½ (a dist^{α/2}-type layer): v(h) = 1 + √h; the clamp at ½ reaches the limit.
    const half = slopeRichardson(2, 1 + Math.SQRT1_2, 1.5);
    expect(half.value).toBeCloseTo(1, 12);
    // Faster than the cap (order 2): extrapolated as order 1, which overshoots, but the error covers it.
    const two = slopeRichardson(2, 1.25, 1.0625);
    expect(Math.abs(two.value - 1)).toBeLessThanOrEqual(two.error);
    // Slower than ½ (order 0.3): outside the clamp the bound is no longer conservative (it covers a
    // third of the miss here), which is why `npm run measure:hierarchy` validates it against 6400-cell solutions.
    const v = (h: number) => 1 + Math.pow(h, 0.3);
    const slow = slopeRichardson(v(1), v(0.5), v(0.25));
    expect(Math.abs(slow.value - 1)).toBeGreaterThan(0.05);
    expect(slow.error).toBeGreaterThan(Math.abs(slow.value - 1) * 0.3);
    // Non-monotone sequence: order 1 is assumed and the error is at least the last change.
    const wiggle = slopeRichardson(1, 1.1, 1.05);
    expect(wiggle.error).toBeGreaterThanOrEqual(0.05 - 1e-15);
  });
});

describe('staircase', () => {
  it('steps by α − 1 at each r/k inside the range and is flat between', () => {
    const pts = staircase(0.6, 1.3, 0.15, 1.5);
    expect(pts[0]).toEqual({ x: 0.15, y: 1 + 4 * 0.3 });
    expect(pts[pts.length - 1].y).toBeCloseTo(1.3, 12);
    const thresholds = pts.filter((p, i) => i > 0 && pts[i - 1].x === p.x);
    expect(thresholds.map((p) => p.x)).toEqual([0.6 / 3, 0.6 / 2, 0.6]);
    for (const t of thresholds) {
      const before = pts[pts.indexOf(t) - 1];
      expect(before.y - t.y).toBeCloseTo(0.3, 12);
    }
  });
});

describe('exactExitOrder', () => {
  it('reads the paper basin 2 order at l* = 1 and 2 near 1 + l*(α − 1), and a wrong tail index moves it', () => {
    const landscape = paperLandscape();
    const law = createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: 0.1 });
    const r = 0.6007;
    const cheap = { cells: 400, maxCells: 400 } as const;
    const one = exactExitOrder({ landscape, law, basin: 2, truncation: 2 * r, ...cheap });
    const two = exactExitOrder({ landscape, law, basin: 2, truncation: r / 1.5, ...cheap });
    expect(one.jumpsNeeded).toBe(1);
    expect(two.jumpsNeeded).toBe(2);
    expect(Math.abs(one.order - 1.2)).toBeLessThan(0.01);
    expect(Math.abs(two.order - 1.4)).toBeLessThan(0.03);
    expect(two.error).toBeLessThan(0.01);
    // Cached: the same side twice is the same object (neighbouring checks share sides).
    expect(exactExitOrder({ landscape, law, basin: 2, truncation: r / 1.5, ...cheap })).toBe(two);
    const wrong = exactExitOrder({
      landscape,
      law: createNoiseLaw({ kind: 'lomax', tailIndex: 1.4, scale: 0.1 }),
      basin: 2,
      truncation: r / 1.5,
      ...cheap,
    });
    expect(Math.abs(wrong.order - two.order - 2 * 0.2)).toBeLessThan(0.03);
  });
});
