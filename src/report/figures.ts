/**
 * The report's figures: each check's plots (and its verdict strip) become Vega-Lite specs
 * (src/report/vl-*.ts), compiled by vega-lite and rendered to SVG by vega in Node with its
 * headless SVG renderer (`view.toSVG()`; pure JavaScript, no canvas, no browser). Each figure is
 * written three ways next to the report: `figures/<name>.svg`, `figures/<name>.vl.json` (the spec
 * with its data inline: open it in any Vega-Lite editor) and `figures/<name>.csv` (its points).
 *
 * Text widths: without a canvas, vega estimates a width of 0.8 em per character, which makes every
 * layout with a title or legend far wider than the text drawn in a browser. We install a closer
 * estimate for the report's font (DejaVu Sans, as Debian's Chromium draws it: ~0.6 em per
 * character, ~0.66 em bold), through vega's documented hook for user text metrics.
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { CheckResult, PlotSpec, RunReport } from '../verify/types.ts';
import { formatHypotheses } from './summary.ts';
import { barFigure, stepFigure, verdictFigure } from './vl-bars.ts';
import type { FigureSpec, Json, Row } from './vl-common.ts';
import { graphFigure } from './vl-graph.ts';
import { landscapeFigure } from './vl-landscape.ts';
import { qqFigure, xyFigure } from './vl-xy.ts';

/** A rendered figure. */
export interface Figure {
  /** File stem under `figures/` (no extension). */
  readonly name: string;
  readonly svg: string;
  /** The Vega-Lite spec, data inline, as JSON text. */
  readonly spec: string;
  readonly csv: string;
}

type TextItem = { fontSize?: number; fontWeight?: string | number };
const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
metrics.width = (item, text) => {
  const t = text == null ? '' : String(text).trim();
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  return Math.ceil([...t].length * (item.fontSize ?? 11) * (bold ? 0.66 : 0.6));
};

/** A plot spec as a Vega-Lite figure. */
export function figureSpec(plot: PlotSpec): FigureSpec {
  switch (plot.kind) {
    case 'xy':
      return xyFigure(plot);
    case 'qq':
      return qqFigure(plot);
    case 'bars':
      return barFigure(plot);
    case 'step':
      return stepFigure(plot);
    case 'graph':
      return graphFigure(plot);
    case 'landscape2d':
      return landscapeFigure(plot);
  }
}

const csvCell = (v: Row[string]): string => {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Rows as CSV: the union of their keys as header, in first-seen order; empty cells for null. */
export function toCsv(rows: readonly Row[]): string {
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return `${[keys.join(','), ...rows.map((r) => keys.map((k) => csvCell(r[k] ?? null)).join(','))].join('\n')}\n`;
}

/** Renders a Vega-Lite spec to an SVG string (vega's headless SVG renderer). */
export async function renderSvg(spec: Json): Promise<string> {
  const compiled = vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A file stem from a check id: letters, digits, `.`, `-`, `=`; anything else becomes `_`. */
export function figureStem(id: string): string {
  return id.replace(/[^A-Za-z0-9.=-]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Renders one figure. */
export async function renderFigure(name: string, fig: FigureSpec): Promise<Figure> {
  return { name, svg: await renderSvg(fig.spec), spec: `${JSON.stringify(fig.spec, null, 1)}\n`, csv: toCsv(fig.rows) };
}

/** The figures of a report, by check id (verdict strip first, then the check's plots) and run figures. */
export interface ReportFigures {
  readonly byCheck: ReadonlyMap<string, readonly Figure[]>;
  readonly run: readonly Figure[];
}

/** The figures of one check. */
async function checkFigures(c: CheckResult, index: number): Promise<Figure[]> {
  // Named by the run's check number, the theorem and its hypotheses as the report prints them
  // (b = 0.47, not the float 0.47000000000000003 an id may carry); the number keeps names unique.
  const stem = `${String(index + 1).padStart(2, '0')}-${figureStem(`${c.theoremId}_${formatHypotheses(c)}`)}`;
  const out: Figure[] = [];
  const verdict = verdictFigure(c);
  if (verdict) out.push(await renderFigure(`${stem}.verdict`, verdict));
  for (const [k, p] of c.plots.entries()) out.push(await renderFigure(`${stem}.plot${k + 1}`, figureSpec(p)));
  return out;
}

/** Renders every figure of a report. */
export async function renderReportFigures(report: RunReport): Promise<ReportFigures> {
  const byCheck = new Map<string, Figure[]>();
  for (const [i, c] of report.checks.entries()) byCheck.set(c.id, await checkFigures(c, i));
  const run: Figure[] = [];
  for (const [k, p] of (report.figures ?? []).entries())
    run.push(await renderFigure(`run.${figureStem(p.title).slice(0, 40) || 'figure'}.${k + 1}`, figureSpec(p)));
  return { byCheck, run };
}
