/**
 * The schema boundary: the first issue becomes the one InputError shape, naming the field, its
 * documented domain and the value; unknown keys name the keys allowed and the nearest one.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from './errors.ts';
import { documented, nearestKey, parseInput } from './schema.ts';

const schema = z.strictObject({
  scale: documented(z.number().gt(0).optional(), { description: 'A', expected: 'a finite number > 0' }),
  roots: documented(z.array(z.number()).min(1), { description: 'c_k', expected: 'a non-empty list of numbers' }),
  inner: z
    .strictObject({ tailIndex: documented(z.number().gt(1), { description: 'α', expected: 'a number > 1' }) })
    .optional(),
});

function message(value: unknown): string {
  try {
    parseInput(schema, value, { api: 'landscape file x.json', prefix: 'spec.' });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  return 'accepted';
}

describe('parseInput', () => {
  it('accepts a valid value and returns it parsed', () => {
    expect(parseInput(schema, { roots: [1] }, { api: 'x' })).toEqual({ roots: [1] });
  });

  it('states the documented domain of the innermost field, with the whole value of that field', () => {
    expect(message({ roots: [1], scale: -1 })).toBe(
      'landscape file x.json: invalid option `spec.scale`: expected a finite number > 0, got -1.',
    );
    expect(message({ roots: [1, 'a'] })).toBe(
      'landscape file x.json: invalid option `spec.roots`: expected a non-empty list of numbers, got [1, "a"].',
    );
    expect(message({ roots: [1], inner: { tailIndex: 0.5 } })).toContain(
      '`spec.inner.tailIndex`: expected a number > 1, got 0.5.',
    );
  });

  it('refuses unknown keys, suggesting the nearest known key that was not given', () => {
    expect(message({ roots: [1], scal: 5 })).toBe(
      'landscape file x.json: invalid option `spec.scal`: expected one of the keys scale, roots, inner, got "scal". Did you mean `scale`?',
    );
    expect(message({ roots: [1], scale: 1, scal: 5, zzz: 1 })).toMatch(/got "scal"\. \(Also unknown: `zzz`\.\)$/);
    expect(message({ roots: [1], inner: { tailindex: 2 } })).toMatch(
      /`spec.inner.tailindex`: .*Did you mean `tailIndex`\?$/,
    );
  });

  it('nearestKey: typos and case, not unrelated words', () => {
    expect(nearestKey('scal', ['scale', 'box'])).toBe('scale');
    expect(nearestKey('tailindex', ['tailIndex', 'noiseScale'])).toBe('tailIndex');
    expect(nearestKey('momentum', ['tailIndex', 'noiseScale', 'pPlus'])).toBeUndefined();
    expect(nearestKey('bx', ['box'])).toBe('box');
    expect(nearestKey('scal', ['scale'], ['scale'])).toBeUndefined();
  });
});
