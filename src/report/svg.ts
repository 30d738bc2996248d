/**
 * Small plot primitives rendering the `PlotSpec`s of checks to standalone SVG strings (no external
 * assets, no fonts beyond the generic `sans-serif`), so `report.html` stays one self-contained file.
 * Every plot has a title, labelled axes, ticks and a legend; log axes tick at powers of ten.
 * Transition graphs (issue 5) draw minima as nodes and transitions as labelled arcs.
 * Large data are thinned for drawing only (Q–Q: ≤ 1500 quantiles spread by rank; trajectories:
 * min and max per pixel column, which keeps every excursion visible).
 */
import type {
  BarPlotSpec,
  GraphPlotSpec,
  PlotSpec,
  QQPlotSpec,
  StepPlotSpec,
  XYPlotSpec,
  XYSeries,
} from '../verify/types.ts';
import { normalQuantile } from '../stats/distributions.ts';
import { fmt, linearTicks, logTicks, powerLabel } from './ticks.ts';

export { linearTicks, logTicks } from './ticks.ts';

/** Size of a plot in CSS pixels. */
export interface PlotSize {
  readonly width: number;
  readonly height: number;
}

const DEFAULT_SIZE: PlotSize = { width: 560, height: 360 };
const MARGIN = { left: 70, right: 16, top: 34, bottom: 48 };
const PALETTE = ['#1f77b4', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];
const ROLE_COLOUR: Record<string, string> = { observed: '#1f77b4', fitted: '#ff7f0e', predicted: '#2ca02c' };

/** Escapes text for XML content and attributes. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An axis: a map from data to pixels and its ticks. */
interface Axis {
  map(v: number): number;
  ticks: { v: number; label: string }[];
}

/** Approximate width in px of `text` at `fontSize` (sans-serif, ~0.58 em per character). */
function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.58;
}

/**
 * The plot title as one line, or two lines split at the space nearest the middle when one line
 * would run past the plot's width (long titles carry the hypotheses and must stay readable).
 */
function titleText(title: string, width: number): string {
  const attrs = 'text-anchor="middle" font-size="13" font-weight="bold"';
  if (textWidth(title, 13) <= width - 16) return `<text x="${width / 2}" y="18" ${attrs}>${escapeXml(title)}</text>`;
  const mid = title.length / 2;
  let cut = -1;
  for (let i = 0; i < title.length; i++)
    if (title[i] === ' ' && (cut < 0 || Math.abs(i - mid) < Math.abs(cut - mid))) cut = i;
  if (cut < 0)
    return `<text x="${width / 2}" y="18" ${attrs} textLength="${width - 16}" lengthAdjust="spacingAndGlyphs">${escapeXml(title)}</text>`;
  const size = Math.min(12, Math.floor((width - 16) / (0.58 * Math.max(cut, title.length - cut - 1))));
  return `<text x="${width / 2}" y="13" text-anchor="middle" font-size="${size}" font-weight="bold"><tspan x="${width / 2}">${escapeXml(title.slice(0, cut))}</tspan><tspan x="${width / 2}" dy="${size + 2}">${escapeXml(title.slice(cut + 1))}</tspan></text>`;
}

function makeAxis(values: number[], log: boolean, pixLo: number, pixHi: number): Axis {
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
    lo = 10 ** (Math.log10(lo) - pad);
    hi = 10 ** (Math.log10(hi) + pad);
    const l0 = Math.log10(lo);
    const span = Math.log10(hi) - l0;
    const ticks = logTicks(lo, hi).map((v) => {
      const k = Math.log10(v);
      return { v, label: Math.abs(k - Math.round(k)) < 1e-9 ? powerLabel(Math.round(k)) : fmt(v) };
    });
    return { map: (v) => pixLo + ((Math.log10(v) - l0) / span) * (pixHi - pixLo), ticks };
  }
  if (hi === lo) {
    lo -= 0.5 * (Math.abs(lo) || 1);
    hi += 0.5 * (Math.abs(hi) || 1);
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  return {
    map: (v) => pixLo + ((v - lo) / (hi - lo)) * (pixHi - pixLo),
    ticks: linearTicks(lo, hi).map((v) => ({ v, label: fmt(v) })),
  };
}

type LegendEntry = { label: string; colour: string; dash?: boolean; kind: 'line' | 'dot' | 'box' };
type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** Size of the legend box in px. */
function legendBox(legend: readonly LegendEntry[]): { w: number; h: number } {
  return { w: 30 + Math.max(0, ...legend.map((l) => l.label.length)) * 6.2, h: legend.length * 15 + 4 };
}

/** Top-left pixel of the legend box in `corner` of the plot area. */
function legendOrigin(size: PlotSize, corner: Corner, box: { w: number; h: number }): { x: number; y: number } {
  const left = MARGIN.left + 4;
  const right = size.width - MARGIN.right - 4 - box.w;
  const top = MARGIN.top + 3;
  const bottom = size.height - MARGIN.bottom - 3 - box.h;
  return { x: corner.endsWith('left') ? left : right, y: corner.startsWith('top') ? top : bottom };
}

/**
 * The corner of the plot area whose legend box covers the fewest data pixels (points, error-bar
 * ends, line vertices), so the legend does not hide data; top-left on ties.
 */
function quietestCorner(
  size: PlotSize,
  legend: readonly LegendEntry[],
  pixels: readonly { px: number; py: number }[],
): Corner {
  const box = legendBox(legend);
  let best: Corner = 'top-left';
  let bestCount = Infinity;
  for (const c of ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const) {
    const o = legendOrigin(size, c, box);
    const n = pixels.filter(
      (p) => p.px >= o.x - 4 && p.px <= o.x + box.w + 4 && p.py >= o.y - 4 && p.py <= o.y + box.h + 4,
    ).length;
    if (n < bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

function frame(
  size: PlotSize,
  title: string,
  xLabel: string,
  yLabel: string,
  x: Axis,
  y: Axis,
  body: string,
  legend: LegendEntry[],
  corner: Corner = 'top-left',
): string {
  const { width: W, height: H } = size;
  const x0 = MARGIN.left;
  const x1 = W - MARGIN.right;
  const y0 = H - MARGIN.bottom;
  const y1 = MARGIN.top;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
  );
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(titleText(title, W));
  for (const t of x.ticks) {
    const px = x.map(t.v).toFixed(1);
    parts.push(
      `<line x1="${px}" y1="${y1}" x2="${px}" y2="${y0}" stroke="#eee"/><line x1="${px}" y1="${y0}" x2="${px}" y2="${y0 + 4}" stroke="#333"/><text x="${px}" y="${y0 + 16}" text-anchor="middle">${escapeXml(t.label)}</text>`,
    );
  }
  for (const t of y.ticks) {
    const py = y.map(t.v).toFixed(1);
    parts.push(
      `<line x1="${x0}" y1="${py}" x2="${x1}" y2="${py}" stroke="#eee"/><line x1="${x0 - 4}" y1="${py}" x2="${x0}" y2="${py}" stroke="#333"/><text x="${x0 - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${escapeXml(t.label)}</text>`,
    );
  }
  parts.push(
    `<svg x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" viewBox="${x0} ${y1} ${x1 - x0} ${y0 - y1}" overflow="hidden">${body}</svg>`,
  );
  parts.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${(x0 + x1) / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(
    `<text transform="translate(14 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  const box = legendBox(legend);
  const origin = legendOrigin(size, corner, box);
  legend.forEach((l, i) => {
    const ly = origin.y + 9 + i * 15;
    const lx = origin.x + 6;
    const mark =
      l.kind === 'dot'
        ? `<circle cx="${lx + 9}" cy="${ly}" r="3.5" fill="${l.colour}"/>`
        : l.kind === 'box'
          ? `<rect x="${lx + 2}" y="${ly - 5}" width="14" height="10" fill="${l.colour}" fill-opacity="0.5"/>`
          : `<line x1="${lx}" y1="${ly}" x2="${lx + 18}" y2="${ly}" stroke="${l.colour}" stroke-width="2"${l.dash ? ' stroke-dasharray="5 3"' : ''}/>`;
    parts.push(`<g>${mark}<text x="${lx + 24}" y="${ly}" dominant-baseline="middle">${escapeXml(l.label)}</text></g>`);
  });
  if (legend.length) {
    parts.splice(
      parts.length - legend.length,
      0,
      `<rect x="${origin.x}" y="${origin.y}" width="${box.w.toFixed(0)}" height="${box.h}" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Colours of a plot's series: a role's colour (observed blue, fitted orange, predicted green) goes to
 * the first series with that role; later series of the same role (e.g. the leading order and the
 * exact finite-η oracle, both "predicted") take palette colours no other series uses, so that every
 * legend entry can be told apart.
 */
function seriesColours(series: readonly XYSeries[]): string[] {
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

/** Line or scatter plot with optional log axes, error bars, CI bands, fitted and predicted lines. */
export function xyPlot(spec: XYPlotSpec, size: PlotSize = DEFAULT_SIZE): string {
  const logX = spec.logX ?? false;
  const logY = spec.logY ?? false;
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = spec.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]));
  const x = makeAxis(xs, logX, MARGIN.left, size.width - MARGIN.right);
  const y = makeAxis(ys, logY, size.height - MARGIN.bottom, MARGIN.top);
  const ok = (v: number, log: boolean) => Number.isFinite(v) && (!log || v > 0);
  const body: string[] = [];
  const legend: LegendEntry[] = [];
  // Bands first, so lines and dots sit on top.
  const order = spec.series
    .map((s, i) => ({ s, i }))
    .sort((a, b) => Number(b.s.style === 'band') - Number(a.s.style === 'band'));
  const colours = seriesColours(spec.series);
  for (const { s, i } of order) {
    const colour = colours[i];
    const pts = s.points.filter((p) => ok(p.x, logX) && ok(p.y, logY));
    if (s.style === 'band') {
      const bp = s.points.filter(
        (p) => ok(p.x, logX) && p.lo !== undefined && p.hi !== undefined && ok(p.lo, logY) && ok(p.hi, logY),
      );
      const up = bp.map((p) => `${x.map(p.x).toFixed(1)},${y.map(p.hi!).toFixed(1)}`);
      const down = [...bp].reverse().map((p) => `${x.map(p.x).toFixed(1)},${y.map(p.lo!).toFixed(1)}`);
      if (bp.length >= 2)
        body.push(
          `<polygon points="${[...up, ...down].join(' ')}" fill="${colour}" fill-opacity="0.18" stroke="none"/>`,
        );
      legend.push({ label: s.name, colour, kind: 'box' });
    } else if (s.style === 'line') {
      const sorted = [...pts].sort((a, b) => a.x - b.x);
      body.push(
        `<polyline points="${sorted.map((p) => `${x.map(p.x).toFixed(1)},${y.map(p.y).toFixed(1)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${s.role === 'predicted' ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
      legend.push({ label: s.name, colour, dash: s.role === 'predicted', kind: 'line' });
    } else {
      for (const p of pts) {
        const px = x.map(p.x).toFixed(1);
        if (p.lo !== undefined && p.hi !== undefined) {
          const lo = ok(p.lo, logY) ? y.map(p.lo) : size.height;
          const hi = ok(p.hi, logY) ? y.map(p.hi) : 0;
          body.push(
            `<line x1="${px}" y1="${lo.toFixed(1)}" x2="${px}" y2="${hi.toFixed(1)}" stroke="${colour}" stroke-width="1.5"/>`,
          );
        }
        body.push(`<circle cx="${px}" cy="${y.map(p.y).toFixed(1)}" r="3.5" fill="${colour}"/>`);
      }
      legend.push({ label: s.name, colour, kind: 'dot' });
    }
  }
  legend.sort(
    (a, b) => spec.series.findIndex((s) => s.name === a.label) - spec.series.findIndex((s) => s.name === b.label),
  );
  const pixels = spec.series.flatMap((s) => {
    const pts = s.points
      .filter((p) => ok(p.x, logX))
      .flatMap((p) =>
        [p.y, p.lo, p.hi]
          .filter((v): v is number => v !== undefined && ok(v, logY))
          .map((v) => ({ px: x.map(p.x), py: y.map(v) })),
      );
    if (s.style !== 'line') return pts;
    // A line covers the pixels between its vertices too.
    const v = s.points
      .filter((p) => ok(p.x, logX) && ok(p.y, logY))
      .sort((a, b) => a.x - b.x)
      .map((p) => ({ px: x.map(p.x), py: y.map(p.y) }));
    for (let k = 1; k < v.length; k++)
      for (let t = 1; t < 16; t++)
        pts.push({
          px: v[k - 1].px + ((v[k].px - v[k - 1].px) * t) / 16,
          py: v[k - 1].py + ((v[k].py - v[k - 1].py) * t) / 16,
        });
    return pts;
  });
  return frame(
    size,
    spec.title,
    spec.xLabel,
    spec.yLabel,
    x,
    y,
    body.join(''),
    legend,
    quietestCorner(size, legend, pixels),
  );
}

/** Q–Q plot of samples against Exp(1) (or N(0, 1)) quantiles at plotting positions (i − ½)/n, with y = x. */
export function qqPlot(spec: QQPlotSpec, size: PlotSize = DEFAULT_SIZE): string {
  const sorted = spec.samples
    .filter(Number.isFinite)
    .slice()
    .sort((a, b) => a - b);
  const n = sorted.length;
  const ref = spec.reference ?? 'exponential';
  const quantile = (p: number) => (ref === 'exponential' ? -Math.log1p(-p) : normalQuantile(p));
  const keep = Math.min(n, 1500);
  const pts: { x: number; y: number }[] = [];
  for (let j = 0; j < keep; j++) {
    const i = keep === n ? j : Math.round((j * (n - 1)) / (keep - 1));
    pts.push({ x: quantile((i + 0.5) / n), y: sorted[i] });
  }
  const lo = Math.min(0, ...pts.map((p) => Math.min(p.x, p.y)));
  const hi = Math.max(...pts.map((p) => Math.max(p.x, p.y)), 1);
  const x = makeAxis([...pts.map((p) => p.x), lo, hi], false, MARGIN.left, size.width - MARGIN.right);
  const y = makeAxis([...pts.map((p) => p.y), lo, hi], false, size.height - MARGIN.bottom, MARGIN.top);
  const body =
    `<line x1="${x.map(lo).toFixed(1)}" y1="${y.map(lo).toFixed(1)}" x2="${x.map(hi).toFixed(1)}" y2="${y.map(hi).toFixed(1)}" stroke="#2ca02c" stroke-width="2" stroke-dasharray="6 4"/>` +
    pts
      .map(
        (p) =>
          `<circle cx="${x.map(p.x).toFixed(1)}" cy="${y.map(p.y).toFixed(1)}" r="2" fill="#1f77b4" fill-opacity="0.6"/>`,
      )
      .join('');
  const refName = ref === 'exponential' ? 'Exp(1)' : 'N(0, 1)';
  return frame(size, spec.title, spec.xLabel ?? `${refName} quantile`, spec.yLabel ?? 'observed quantile', x, y, body, [
    { label: `observed (n = ${n})`, colour: '#1f77b4', kind: 'dot' },
    { label: `y = x (${refName})`, colour: '#2ca02c', dash: true, kind: 'line' },
  ]);
}

/** Grouped bars: predicted (hatched green) beside observed (blue, with CI whisker) per category. */
export function barPlot(spec: BarPlotSpec, size: PlotSize = DEFAULT_SIZE): string {
  const g = spec.groups;
  const vals = g.flatMap((b) => [b.predicted, b.observed, b.lo ?? b.observed, b.hi ?? b.observed, 0]);
  const y = makeAxis(vals, false, size.height - MARGIN.bottom, MARGIN.top);
  const x0 = MARGIN.left;
  const slot = (size.width - MARGIN.right - x0) / Math.max(1, g.length);
  const bw = Math.min(40, slot * 0.35);
  const body: string[] = [];
  const base = y.map(0);
  g.forEach((b, i) => {
    const cx = x0 + slot * (i + 0.5);
    const bar = (v: number, dx: number, fill: string) => {
      const top = y.map(v);
      return `<rect x="${(cx + dx).toFixed(1)}" y="${Math.min(top, base).toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.abs(base - top).toFixed(1)}" fill="${fill}"/>`;
    };
    body.push(bar(b.predicted, -bw - 1, '#2ca02c'));
    body.push(bar(b.observed, 1, '#1f77b4'));
    if (b.lo !== undefined && b.hi !== undefined) {
      const wx = (cx + 1 + bw / 2).toFixed(1);
      body.push(
        `<line x1="${wx}" y1="${y.map(b.lo).toFixed(1)}" x2="${wx}" y2="${y.map(b.hi).toFixed(1)}" stroke="#000" stroke-width="1.5"/>`,
      );
      for (const v of [b.lo, b.hi])
        body.push(
          `<line x1="${(cx + 1 + bw / 2 - 5).toFixed(1)}" y1="${y.map(v).toFixed(1)}" x2="${(cx + 1 + bw / 2 + 5).toFixed(1)}" y2="${y.map(v).toFixed(1)}" stroke="#000" stroke-width="1.5"/>`,
        );
    }
  });
  // Category labels act as the x ticks.
  const xAxis: Axis = { map: (v) => x0 + slot * (v + 0.5), ticks: g.map((b, i) => ({ v: i, label: b.label })) };
  const legend: LegendEntry[] = [
    { label: 'predicted', colour: '#2ca02c', kind: 'box' },
    { label: 'observed (CI)', colour: '#1f77b4', kind: 'box' },
  ];
  // Bars cover their whole height (and whiskers their ends): sample both so the legend avoids them.
  const pixels = g.flatMap((b, i) => {
    const cx = x0 + slot * (i + 0.5);
    return [b.predicted, b.observed, b.hi ?? b.observed].flatMap((v, k) => {
      const px = k === 0 ? cx - bw / 2 : cx + bw / 2;
      const top = y.map(v);
      return Array.from({ length: 9 }, (_, t) => ({ px, py: top + ((base - top) * t) / 8 }));
    });
  });
  return frame(
    size,
    spec.title,
    '',
    spec.yLabel,
    xAxis,
    y,
    body.join(''),
    legend,
    quietestCorner(size, legend, pixels),
  );
}

/** A trajectory as a step function (x constant between steps), thinned to min/max per pixel column. */
export function stepPlot(spec: StepPlotSpec, size: PlotSize = DEFAULT_SIZE): string {
  const xs = spec.paths.flatMap((p) => [p.steps[0], p.steps[p.steps.length - 1]]);
  const ys = [...spec.paths.flatMap((p) => p.values), ...(spec.guides ?? []).map((g) => g.y)];
  const x = makeAxis(xs, false, MARGIN.left, size.width - MARGIN.right);
  const y = makeAxis(ys, false, size.height - MARGIN.bottom, MARGIN.top);
  const body: string[] = [];
  for (const gd of spec.guides ?? []) {
    const py = y.map(gd.y).toFixed(1);
    body.push(
      `<line x1="0" y1="${py}" x2="${size.width}" y2="${py}" stroke="#999" stroke-dasharray="3 3"/><text x="${size.width - MARGIN.right - 4}" y="${(Number(py) - 3).toFixed(1)}" text-anchor="end" fill="#666" font-size="10">${escapeXml(gd.label)}</text>`,
    );
  }
  spec.paths.forEach((p, k) => {
    const colour = PALETTE[k % PALETTE.length];
    const out: string[] = [];
    let col = -1;
    let mn = 0;
    let mx = 0;
    let last = 0;
    const flush = () => {
      if (col < 0) return;
      out.push(`${col},${y.map(mn).toFixed(1)}`, `${col},${y.map(mx).toFixed(1)}`, `${col},${y.map(last).toFixed(1)}`);
    };
    for (let i = 0; i < p.steps.length; i++) {
      const c = Math.round(x.map(p.steps[i]));
      const v = p.values[i];
      if (c !== col) {
        flush();
        col = c;
        mn = mx = v;
      } else {
        mn = Math.min(mn, v);
        mx = Math.max(mx, v);
      }
      last = v;
    }
    flush();
    body.push(
      `<polyline points="${out.join(' ')}" fill="none" stroke="${colour}" stroke-width="1" stroke-linejoin="bevel"/>`,
    );
  });
  return frame(
    size,
    spec.title,
    spec.xLabel,
    spec.yLabel,
    x,
    y,
    body.join(''),
    spec.paths.length <= 6
      ? spec.paths.map((p, k) => ({ label: p.name, colour: PALETTE[k % PALETTE.length], kind: 'line' as const }))
      : [],
  );
}

/** A transition graph: nodes on a line, directed arcs labelled predicted / observed (see GraphPlotSpec). */
export function graphPlot(spec: GraphPlotSpec, size: PlotSize = DEFAULT_SIZE): string {
  const { width: W, height: H } = size;
  const nodes = [...spec.nodes].sort((a, b) => a.position - b.position);
  const cy = H / 2 + 6;
  const xOf = new Map(nodes.map((n, i) => [n.id, 50 + ((W - 100) * (i + 0.5)) / nodes.length]));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
    titleText(spec.title, W),
  ];
  const r = 16;
  for (const e of spec.edges) {
    const x1 = xOf.get(e.from);
    const x2 = xOf.get(e.to);
    if (x1 === undefined || x2 === undefined || x1 === x2) continue;
    const dir = x2 > x1 ? -1 : 1; // rightward arcs above, leftward below
    const span = Math.abs(x2 - x1);
    const lift = Math.min(H / 2 - 40, 24 + span * 0.25);
    const sx = x1 + Math.sign(x2 - x1) * r * 0.7;
    const ex = x2 - Math.sign(x2 - x1) * r * 0.7;
    const sy = cy + dir * r * 0.7;
    const ey = cy + dir * r * 0.7;
    const mx = (sx + ex) / 2;
    const my = cy + dir * (r + lift) * 1.35;
    parts.push(
      `<path d="M${sx.toFixed(1)},${sy.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`,
    );
    // Two-line label at the arc's apex (a quadratic Bézier peaks at (s + 2c + e)/4): predicted on
    // the line nearer the arc, observed [CI] beyond it, so neighbouring arcs' labels stay narrow.
    const apex = (sy + 2 * my + ey) / 4;
    const near = apex + dir * 8 + (dir > 0 ? 6 : 0);
    const far = near + dir * 13;
    parts.push(
      `<text x="${mx.toFixed(1)}" y="${near.toFixed(1)}" text-anchor="middle" fill="#2ca02c">${escapeXml(fmt(e.predicted))}</text>`,
    );
    if (e.observed !== undefined) {
      const ci = e.lo !== undefined && e.hi !== undefined ? ` [${fmt(e.lo)}, ${fmt(e.hi)}]` : '';
      parts.push(
        `<text x="${mx.toFixed(1)}" y="${far.toFixed(1)}" text-anchor="middle" fill="#1f77b4">${escapeXml(`${fmt(e.observed)}${ci}`)}</text>`,
      );
    }
  }
  for (const n of nodes) {
    const x = xOf.get(n.id)!;
    parts.push(
      `<circle cx="${x.toFixed(1)}" cy="${cy}" r="${r}" fill="${n.wide ? '#1f77b4' : '#fff'}" stroke="#1f77b4" stroke-width="2"/><text x="${x.toFixed(1)}" y="${cy}" text-anchor="middle" dominant-baseline="middle" fill="${n.wide ? '#fff' : '#1f77b4'}" font-weight="bold">${escapeXml(n.label)}</text>`,
    );
  }
  parts.push(
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle" fill="#555">${escapeXml(`${spec.quantity}: `)}<tspan fill="#2ca02c">predicted</tspan>, <tspan fill="#1f77b4">observed [CI]</tspan>; filled = widest minima</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Renders any plot spec to an SVG string.
 * @example renderPlot({ kind: 'qq', title: 'scaled exit steps', samples }) // '<svg ...>...</svg>'
 */
export function renderPlot(spec: PlotSpec, size: PlotSize = DEFAULT_SIZE): string {
  switch (spec.kind) {
    case 'xy':
      return xyPlot(spec, size);
    case 'qq':
      return qqPlot(spec, size);
    case 'bars':
      return barPlot(spec, size);
    case 'step':
      return stepPlot(spec, size);
    case 'graph':
      return graphPlot(spec, size);
  }
}
