/**
 * Axis ticks of the report's figures, computed here rather than left to the plotting library so that
 * every axis obeys three rules (issue 15 §6): no two ticks with the same label, one number format per
 * axis (all plain decimals with the same number of decimals, or all powers of ten, or all m·10ⁿ),
 * and no float noise (ticks are built as integer multiples of a round step and printed from that
 * integer, never from the float sum).
 */

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

/** Ticks of one axis: values and their labels, index for index. */
export interface AxisTicks {
  readonly values: number[];
  readonly labels: string[];
}

/** The round step (1, 2 or 5 × 10^k) for about `target` intervals over [lo, hi], as m·10^k. */
function niceStep(lo: number, hi: number, target: number): { m: number; k: number } {
  const raw = (hi - lo) / target;
  const k = Math.floor(Math.log10(raw));
  const m = [1, 2, 5, 10].find((c) => c * 10 ** k >= raw * (1 - 1e-12)) ?? 10;
  return m === 10 ? { m: 1, k: k + 1 } : { m, k };
}

/** A number n·m·10^k printed exactly from its integer parts, with `decimals` decimals. */
function decimalLabel(n: number, m: number, k: number, decimals: number): string {
  const v = n * m; // an integer: the tick is v·10^k
  if (k >= 0) return String(v * 10 ** k).replace('-', '−');
  const neg = v < 0;
  const digits = String(Math.abs(v)).padStart(-k + 1, '0');
  const int = digits.slice(0, digits.length + k);
  const frac = digits
    .slice(digits.length + k)
    .padEnd(decimals, '0')
    .slice(0, decimals);
  const s = decimals > 0 ? `${int}.${frac}` : int;
  return neg && Number(s) !== 0 ? `−${s}` : s;
}

/** Linear ticks: multiples of a 1-2-5 step, labelled with one common number of decimals. */
export function linearAxisTicks(lo: number, hi: number, target = 6): AxisTicks {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return { values: [lo], labels: [String(lo)] };
  const { m, k } = niceStep(lo, hi, target);
  const step = m * 10 ** k;
  const n0 = Math.ceil(lo / step - 1e-9);
  const n1 = Math.floor(hi / step + 1e-9);
  const big = Math.max(Math.abs(n0), Math.abs(n1)) * step;
  const values: number[] = [];
  const labels: string[] = [];
  // Very large or very small magnitudes: one m·10ⁿ format with a common exponent.
  if (big >= 1e6 || (big < 1e-3 && big > 0)) {
    const e = Math.floor(Math.log10(big));
    const dec = Math.max(0, e - k);
    for (let n = n0; n <= n1; n++) {
      const v = n * m * 10 ** k;
      values.push(Number(v.toPrecision(12)));
      labels.push(n === 0 ? '0' : `${(v / 10 ** e).toFixed(dec).replace('-', '−')}·${powerLabel(e)}`);
    }
    return { values, labels };
  }
  const decimals = Math.max(0, -k);
  for (let n = n0; n <= n1; n++) {
    values.push(Number((n * m * 10 ** k).toPrecision(12)));
    labels.push(decimalLabel(n, m, k, decimals));
  }
  return { values, labels };
}

/**
 * Log ticks over [lo, hi] (lo > 0): powers of ten labelled 10ⁿ when at least three decades fall
 * inside; else 1-2-5 multiples, or, over less than a factor ~2.5, round linear ticks. Non-decade
 * ticks are all plain decimals when they lie in [10⁻³, 10⁶), else all m·10ⁿ.
 */
export function logAxisTicks(lo: number, hi: number): AxisTicks {
  const k0 = Math.floor(Math.log10(lo));
  const k1 = Math.ceil(Math.log10(hi));
  const within = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const collect = (mult: number[]) => {
    const out: { m: number; k: number }[] = [];
    for (let k = k0; k <= k1; k++) for (const m of mult) if (within(m * 10 ** k)) out.push({ m, k });
    return out;
  };
  const decades = collect([1]);
  if (decades.length >= 3)
    return {
      values: decades.map((t) => Number((10 ** t.k).toPrecision(12))),
      labels: decades.map((t) => powerLabel(t.k)),
    };
  const mults = collect([1, 2, 5]);
  if (mults.length < 3) {
    for (const target of [4, 6, 10]) {
      const lin = linearAxisTicks(lo, hi, target);
      const keep = lin.values.map((v, i) => ({ v, l: lin.labels[i] })).filter((t) => t.v > 0 && within(t.v));
      if (keep.length >= 3) return { values: keep.map((t) => t.v), labels: keep.map((t) => t.l) };
    }
    if (mults.length === 0) return { values: [lo, hi], labels: [String(lo), String(hi)] };
  }
  const values = mults.map((t) => Number((t.m * 10 ** t.k).toPrecision(12)));
  const plain = mults.every((t) => t.k >= -3 && t.k < 6);
  const decimals = Math.max(0, ...mults.map((t) => -t.k));
  const labels = mults.map((t) => (plain ? decimalLabel(1, t.m, t.k, decimals) : `${t.m}·${powerLabel(t.k)}`));
  return { values, labels };
}

/** Ticks of an axis over the data range [lo, hi] (padded by the caller). */
export function axisTicks(lo: number, hi: number, log: boolean): AxisTicks {
  return log ? logAxisTicks(lo, hi) : linearAxisTicks(lo, hi);
}
