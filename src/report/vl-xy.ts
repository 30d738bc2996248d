/**
 * Vega-Lite specs of the line/scatter plots (`xy`) and Q–Q plots (`qq`) of checks. Series keep
 * their roles' colours (observed blue, fitted orange, predicted green, predicted lines dashed); a
 * series of a role already used takes a palette colour no other series uses. Legends go below the
 * plot, where they cannot hide data.
 */
import type { QQPlotSpec, XYPlotSpec, XYSeries } from '../verify/types.ts';
import { normalQuantile } from '../stats/distributions.ts';
import { mathText } from './math.ts';
import {
  COLOURS,
  HEIGHT,
  PALETTE,
  WIDTH,
  finiteOrNull,
  paddedDomain,
  positional,
  topLevel,
  type FigureSpec,
  type Json,
  type Row,
} from './vl-common.ts';

const ROLE_COLOUR: Record<string, string> = {
  observed: COLOURS.observed,
  fitted: COLOURS.fitted,
  predicted: COLOURS.predicted,
};

/** Colours of a plot's series (see the module comment). */
export function seriesColours(series: readonly XYSeries[]): string[] {
  const taken = new Set<string>();
  const out = series.map((s) => {
    const c = ROLE_COLOUR[s.role ?? ''];
    if (c === undefined || taken.has(c)) return '';
    taken.add(c);
    return c;
  });
  let k = 0;
  return out.map((c) => {
    if (c) return c;
    while (taken.has(PALETTE[k % PALETTE.length]) && k < PALETTE.length) k++;
    const pick = PALETTE[k % PALETTE.length];
    taken.add(pick);
    k++;
    return pick;
  });
}

/** Series names made unique (a legend entry per series), math set. */
function seriesNames(series: readonly XYSeries[]): string[] {
  const seen = new Map<string, number>();
  return series.map((s) => {
    const base = mathText(s.name);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** Line or scatter plot with optional log axes, error bars, CI bands, fitted and predicted lines. */
export function xyFigure(plot: XYPlotSpec): FigureSpec {
  const logX = plot.logX ?? false;
  const logY = plot.logY ?? false;
  const okX = (v: number) => Number.isFinite(v) && (!logX || v > 0);
  const okY = (v: number | undefined) => v !== undefined && Number.isFinite(v) && (!logY || v > 0);
  const names = seriesNames(plot.series);
  const colours = seriesColours(plot.series);
  const rows: Row[] = [];
  plot.series.forEach((s, i) =>
    s.points.forEach((p) => {
      if (!okX(p.x)) return;
      if (s.style === 'band' ? !(okY(p.lo) && okY(p.hi)) : !okY(p.y)) return;
      rows.push({
        series: names[i],
        style: s.style,
        role: s.role ?? 'other',
        dash: s.style === 'line' && s.role === 'predicted' ? 'dashed' : 'solid',
        x: p.x,
        y: s.style === 'band' ? null : p.y,
        lo: okY(p.lo) ? finiteOrNull(p.lo) : null,
        hi: okY(p.hi) ? finiteOrNull(p.hi) : null,
      });
    }),
  );
  const xDomain = paddedDomain(
    rows.map((r) => r.x as number),
    logX,
  );
  const yDomain = paddedDomain(
    rows.flatMap((r) => [r.y, r.lo, r.hi].filter((v): v is number => typeof v === 'number')),
    logY,
  );
  const x = positional('x', plot.xLabel, xDomain, logX);
  const y = positional('y', plot.yLabel, yDomain, logY);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: names, range: colours },
    legend: { orient: 'bottom', direction: 'vertical', symbolStrokeWidth: 2 },
  };
  const only = (style: string) => ({ filter: `datum.style === '${style}'` });
  const layer: Json[] = [
    {
      transform: [only('band')],
      mark: { type: 'area', opacity: 0.18, clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    },
    {
      transform: [only('line')],
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x,
        y,
        color,
        strokeDash: {
          field: 'dash',
          type: 'nominal',
          scale: {
            domain: ['solid', 'dashed'],
            range: [
              [1, 0],
              [6, 4],
            ],
          },
          legend: null,
        },
      },
    },
    {
      transform: [only('scatter'), { filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
      mark: { type: 'rule', strokeWidth: 1.5, clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    },
    {
      transform: [only('scatter')],
      mark: { type: 'point', filled: true, size: 45, opacity: 1, clip: true },
      encoding: { x, y, color },
    },
  ];
  return {
    spec: topLevel(plot.title, { width: WIDTH, height: HEIGHT, data: { values: rows }, layer }),
    rows,
  };
}

/** Q–Q plot of samples against Exp(1) (or N(0, 1)) quantiles at (i − ½)/n, with the line y = x. */
export function qqFigure(plot: QQPlotSpec): FigureSpec {
  const sorted = plot.samples
    .filter(Number.isFinite)
    .slice()
    .sort((a, b) => a - b);
  const n = sorted.length;
  const ref = plot.reference ?? 'exponential';
  const quantile = (p: number) => (ref === 'exponential' ? -Math.log1p(-p) : normalQuantile(p));
  // At most 600 quantiles, spread by rank (the CSV holds the ones drawn).
  const keep = Math.min(n, 600);
  const rows: Row[] = [];
  for (let j = 0; j < keep; j++) {
    const i = keep === n ? j : Math.round((j * (n - 1)) / (keep - 1));
    rows.push({ rank: i + 1, reference: quantile((i + 0.5) / n), observed: sorted[i] });
  }
  const all = rows.flatMap((r) => [r.reference as number, r.observed as number]);
  const lo = Math.min(0, ...all);
  const hi = Math.max(1, ...all);
  const domain = paddedDomain([lo, hi], false);
  const refName = ref === 'exponential' ? 'Exp(1)' : 'N(0, 1)';
  const x = positional('reference', plot.xLabel ?? `${refName} quantile`, domain, false);
  const y = positional('observed', plot.yLabel ?? 'observed quantile', domain, false);
  const legendNames = [`observed (n = ${n})`, `y = x (${refName})`];
  const color = {
    field: 'what',
    type: 'nominal',
    title: null,
    scale: { domain: legendNames, range: [COLOURS.observed, COLOURS.predicted] },
    legend: { orient: 'bottom', direction: 'horizontal' },
  };
  return {
    spec: topLevel(plot.title, {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        {
          data: {
            values: [
              { reference: lo, observed: lo, what: legendNames[1] },
              { reference: hi, observed: hi, what: legendNames[1] },
            ],
          },
          mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 2, clip: true },
          encoding: { x, y, color },
        },
        {
          data: { values: rows },
          transform: [{ calculate: `'${legendNames[0]}'`, as: 'what' }],
          mark: { type: 'point', filled: true, size: 12, opacity: 0.6, clip: true },
          encoding: { x, y, color },
        },
      ],
    }),
    rows,
  };
}
