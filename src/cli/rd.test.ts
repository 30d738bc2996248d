import { describe, expect, it } from 'vitest';
import { isRdRequest, parsePoint } from './commands/rd.ts';

describe('the R^d branch of the command line', () => {
  it('is taken for --dimension ≥ 2, himmelblau, hook and modules; not for 1-D landscapes', () => {
    expect(isRdRequest({ landscape: 'himmelblau' })).toBe(true);
    expect(isRdRequest({ landscape: 'my.mjs' })).toBe(true);
    expect(isRdRequest({ landscape: 'paper', dimension: '2' })).toBe(true);
    expect(isRdRequest({ landscape: 'paper' })).toBe(false);
    expect(isRdRequest({ landscape: 'fixtures/landscapes/paper.json' })).toBe(false);
  });
  it('reads points as comma lists or JSON arrays, and refuses the wrong length in the one shape', () => {
    expect(parsePoint('start', '2.9,1.0', 2)).toEqual([2.9, 1]);
    expect(parsePoint('start', '[2.9, 1.0]', 2)).toEqual([2.9, 1]);
    expect(() => parsePoint('start', '2.9', 2)).toThrow(/htsgd: invalid option `--start`: expected 2 numbers/);
    expect(() => parsePoint('start', '[2.9, "a"]', 2)).toThrow(/`--start`/);
    expect(() => parsePoint('start', '2.9,', 2)).toThrow(/`--start`/);
  });
});
