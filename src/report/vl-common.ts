/**
 * What every Vega-Lite figure of the report shares: the JSON types, the config (fonts, sizes,
 * white background), scales whose domain and ticks we compute (src/report/ticks.ts) and pass as
 * explicit `values` with a `labelExpr` lookup, so the figure's spec renders the same ticks in any
 * Vega-Lite viewer, and the colours of series roles.
 */
import { axisTicks } from './ticks.ts';
import { mathText } from './math.ts';

/** A JSON object (a Vega-Lite spec or part of one). */
export type Json = { [key: string]: unknown };
/** One data row of a figure (also a CSV row). */
export type Row = Record<string, string | number | boolean | null>;

/** A figure before rendering: its Vega-Lite spec (data inline) and its points as rows for the CSV. */
export interface FigureSpec {
  readonly spec: Json;
  readonly rows: readonly Row[];
}

export const WIDTH = 460;
export const HEIGHT = 260;

export const COLOURS = {
  observed: '#1f77b4',
  fitted: '#ff7f0e',
  predicted: '#2ca02c',
  band: '#2ca02c',
  inconsistent: '#d62728',
};
export const PALETTE = ['#1f77b4', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** The top-level part of every spec. */
export function topLevel(title: string, body: Json): Json {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    title: { text: wrapTitle(mathText(title)), fontSize: 13, anchor: 'start' },
    config: {
      font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eee' },
      legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 0, symbolOpacity: 1, symbolType: 'circle' },
      view: { stroke: '#888' },
    },
    ...body,
  };
}

/** A long title as lines of at most ~70 characters (Vega-Lite takes an array as lines). */
export function wrapTitle(title: string, max = 70): string | string[] {
  if (title.length <= max) return title;
  const words = title.split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > max) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** The padded data range of an axis: 5% each side (in log space for a log axis). */
export function paddedDomain(values: readonly number[], log: boolean): [number, number] {
  let vs = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (vs.length === 0) vs = log ? [1, 10] : [0, 1];
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (log) {
    if (hi / lo < 1.5) {
      lo /= 1.25;
      hi *= 1.25;
    }
    const pad = (Math.log10(hi) - Math.log10(lo)) * 0.05;
    return [10 ** (Math.log10(lo) - pad), 10 ** (Math.log10(hi) + pad)];
  }
  if (hi === lo) {
    lo -= 0.5 * (Math.abs(lo) || 1);
    hi += 0.5 * (Math.abs(hi) || 1);
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** The vega expression that maps a tick value to its label. */
function labelExpr(values: readonly number[], labels: readonly string[]): string {
  const vs = JSON.stringify(values);
  return `indexof(${vs}, datum.value) >= 0 ? ${JSON.stringify(labels)}[indexof(${vs}, datum.value)] : ''`;
}

/**
 * A positional encoding with a fixed domain and our ticks.
 * @param field the data field
 */
export function positional(
  field: string,
  title: string,
  domain: [number, number],
  log: boolean,
  extra: Json = {},
): Json {
  const t = axisTicks(domain[0], domain[1], log);
  return {
    field,
    type: 'quantitative',
    title: mathText(title),
    scale: log ? { type: 'log', domain, nice: false } : { type: 'linear', domain, nice: false, zero: false },
    axis: { values: t.values, labelExpr: labelExpr(t.values, t.labels), labelOverlap: false, grid: true },
    ...extra,
  };
}

/** Short number for labels on a figure (3 significant digits, no float noise, m·10ⁿ when tiny or huge). */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '—' : x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) {
    const e = Math.floor(Math.log10(a));
    let m = Number((x / 10 ** e).toPrecision(3));
    let ee = e;
    if (Math.abs(m) >= 10) {
      m /= 10;
      ee += 1;
    }
    const sup = String(ee)
      .split('')
      .map(
        (c) => ({ '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' })[c] ?? c,
      )
      .join('');
    return `${String(m).replace('-', '−')}·10${sup}`;
  }
  return String(Number(x.toPrecision(3))).replace('-', '−');
}

/** A finite number, or null (JSON and CSV have no ±Infinity/NaN). */
export function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}
