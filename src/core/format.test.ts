import { describe, expect, it } from 'vitest';
import { formatNumber, formatSignificant, formatTruncation } from './format.ts';

// The formatters that format.ts replaced, verbatim, so that every output string stays the same.
const old = {
  table(x: number): string {
    if (Number.isNaN(x)) return '—';
    if (x === Infinity) return '∞';
    if (x === -Infinity) return '−∞';
    if (x === 0) return '0';
    const a = Math.abs(x);
    return a >= 1e5 || a < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
  },
  cli(x: number, digits: number): string {
    if (!Number.isFinite(x)) return String(x);
    return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(digits - 1)
      : String(+x.toPrecision(digits));
  },
  tick(x: number): string {
    if (x === 0) return '0';
    const a = Math.abs(x);
    if (a >= 1e5 || a < 1e-3) return x.toExponential(0).replace('e+', 'e');
    return String(Number(x.toPrecision(3)));
  },
  audit: (v: number) => String(+v.toPrecision(4)),
  b: (b: number | null) => (b === null || b === Infinity ? '∞' : String(b)),
};

const VALUES = [
  0,
  -0,
  1,
  -1,
  0.5,
  1 / 3,
  -2 / 3,
  123.456789,
  99999.4,
  99999.99,
  1e5,
  123456,
  -7.5e6,
  1e-3,
  9.99e-4,
  0.00099999,
  1.23456e-7,
  -4.2e-12,
  1e21,
  2.5e300,
  5e-324,
  Infinity,
  -Infinity,
  NaN,
  Math.PI * 1e4,
  Math.E * 1e-2,
];

describe('formatNumber', () => {
  it('reproduces each formatter it replaced, string for string', () => {
    for (const x of VALUES) {
      expect(formatNumber(x)).toBe(old.table(x)); // summary table, markdown, html
      for (const digits of [2, 3, 4, 5, 6, 7]) {
        expect(formatNumber(x, { digits, exponentDigits: digits, nonFinite: 'js' })).toBe(old.cli(x, digits)); // theory, simulate
      }
      expect(formatNumber(x, { digits: 3, exponentDigits: 1, compactExponent: true, nonFinite: 'js' })).toBe(
        old.tick(x),
      ); // svg
      expect(formatSignificant(x, 4)).toBe(old.audit(x)); // audit
    }
  });

  it('reads as documented', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(123456)).toBe('1.23e+5');
    expect(formatNumber(123456, { digits: 3, exponentDigits: 1, compactExponent: true })).toBe('1e5');
    expect(formatNumber(1e-7, { exponentDigits: false })).toBe('1e-7');
    expect(formatNumber(0.000123456, { exponentDigits: false })).toBe('0.0001235');
  });
});

describe('formatTruncation', () => {
  it('prints b as typed and ∞ (or the given word) without clipping', () => {
    for (const b of [0.5, 1, 2.25, 1e-3, 10, Infinity, null]) expect(formatTruncation(b)).toBe(old.b(b));
    expect(formatTruncation(Infinity, 'none')).toBe('none');
    expect(formatTruncation(null, 'none')).toBe('none');
  });
});
