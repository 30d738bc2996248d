import { describe, expect, it } from 'vitest';
import { Xoshiro128, uint32ToUniform } from './xoshiro.ts';
import { chainStream, deriveKey, forkLabel, openStream } from './seeds.ts';

describe('xoshiro128**', () => {
  it('matches the reference implementation (Vigna) for state {1,2,3,4}', () => {
    // Reference values from xoshiro128starstar.c with s = {1, 2, 3, 4}.
    const g = new Xoshiro128([1, 2, 3, 4]);
    const out = Array.from({ length: 6 }, () => g.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('uniforms lie strictly inside (0, 1), including at the extreme outputs', () => {
    expect(uint32ToUniform(0)).toBeGreaterThan(0);
    expect(uint32ToUniform(0xffffffff)).toBeLessThan(1);
    const g = openStream({ seed: 7, path: 'u' });
    let min = 1;
    let max = 0;
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = g.nextUniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
  });
});

describe('labelled streams', () => {
  it('the same label gives the same numbers; another label other numbers', () => {
    const a = openStream({ seed: 1, path: 'x/chain/3' });
    const b = openStream({ seed: 1, path: 'x/chain/3' });
    const c = openStream({ seed: 1, path: 'x/chain/4' });
    const sa = [a.nextUint32(), a.nextUint32()];
    expect([b.nextUint32(), b.nextUint32()]).toEqual(sa);
    expect([c.nextUint32(), c.nextUint32()]).not.toEqual(sa);
  });

  it('forking appends labels', () => {
    expect(forkLabel({ seed: 1, path: 'exp' }, 'point', 2)).toEqual({ seed: 1, path: 'exp/point/2' });
    expect(forkLabel({ seed: 1, path: '' }, 'a')).toEqual({ seed: 1, path: 'a' });
  });

  it('chain streams depend only on (key, index)', () => {
    const key = deriveKey({ seed: 3, path: 'e' });
    const x = chainStream(key, 17).nextUint32();
    expect(chainStream(key, 17).nextUint32()).toBe(x);
    expect(chainStream(key, 18).nextUint32()).not.toBe(x);
    expect(chainStream(deriveKey({ seed: 4, path: 'e' }), 17).nextUint32()).not.toBe(x);
  });
});
