/**
 * Axis ticks and their labels for the SVG plots: "nice" linear and log ticks, power-of-ten labels
 * with superscripts, and the one tick number format. Split out of svg.ts (one concept per file).
 */
import { formatNumber } from '../core/format.ts';

const SUP: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** `10⁻³`-style label of a power of ten. */
export function powerLabel(k: number): string {
  return `10${String(k)
    .split('')
    .map((c) => SUP[c] ?? c)
    .join('')}`;
}

/** Tick and edge labels: 3 digits, one-digit compact exponents (`1e5`, `2e-4`). */
const TICK_FORMAT = { digits: 3, exponentDigits: 1, compactExponent: true, nonFinite: 'js' } as const;
export const fmt = (x: number): string => formatNumber(x, TICK_FORMAT);

/** Linear "nice" ticks (1, 2, 5 × 10^k) covering [lo, hi]. */
export function linearTicks(lo: number, hi: number, target = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Log ticks: powers of ten in [lo, hi]; 1-2-5 multiples when fewer than three decades fall inside. */
export function logTicks(lo: number, hi: number): number[] {
  const k0 = Math.floor(Math.log10(lo));
  const k1 = Math.ceil(Math.log10(hi));
  const within = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const collect = (mult: number[]) => {
    const out: number[] = [];
    for (let k = k0; k <= k1; k++) for (const m of mult) if (within(m * 10 ** k)) out.push(m * 10 ** k);
    return out;
  };
  const decades = collect([1]);
  const out = decades.length >= 3 ? decades : collect([1, 2, 5]);
  if (out.length >= 2) return out;
  // A range narrower than a factor ~2.5 (e.g. a share from 0.017 to 0.029): round linear ticks,
  // drawn at their log positions, rather than two unrounded end labels.
  for (const target of [5, 10]) {
    const lin = linearTicks(lo, hi, target).filter((v) => v > 0 && within(v));
    if (lin.length >= 3) return lin;
  }
  return [lo, hi];
}
