/**
 * Vega-Lite specs of grouped bars (predicted beside observed, the observed bar always with its CI
 * as an error bar; a group without a CI says so on the figure), of sample paths (dots on a faint
 * line, at most `MAX_PATH_POINTS` points per path, one panel per path, so that paths that jump at
 * every sample, as at b = ∞, stay legible), and of the verdict strip every check gets (tolerance band, prediction, observed with CI).
 */
import type { BarPlotSpec, CheckResult, StepPlotSpec } from '../verify/types.ts';
import { formatNumber } from '../core/format.ts';
import { mathText } from './math.ts';
import {
  COLOURS,
  HEIGHT,
  WIDTH,
  finiteOrNull,
  paddedDomain,
  positional,
  topLevel,
  type FigureSpec,
  type Json,
  type Row,
} from './vl-common.ts';

/** Points drawn per sample path (every k-th step; the CSV holds the same points). */
export const MAX_PATH_POINTS = 800;

/** Grouped bars: predicted (green) beside observed (blue, with CI error bar) per category. */
export function barFigure(plot: BarPlotSpec): FigureSpec {
  const groups = plot.groups.map((g) => mathText(g.label));
  const rows: Row[] = plot.groups.flatMap((g, i) => [
    { group: groups[i], what: 'predicted', value: g.predicted, lo: null, hi: null },
    { group: groups[i], what: 'observed', value: g.observed, lo: finiteOrNull(g.lo), hi: finiteOrNull(g.hi) },
  ]);
  const domain = paddedDomain(
    [0, ...rows.flatMap((r) => [r.value, r.lo, r.hi].filter((v) => typeof v === 'number') as number[])],
    false,
  );
  const y = positional('value', plot.yLabel, [Math.min(0, domain[0]), domain[1]], false);
  const x = { field: 'group', type: 'nominal', title: null, sort: groups, axis: { labelAngle: 0, labelLimit: 0 } };
  const xOffset = { field: 'what', type: 'nominal', sort: ['predicted', 'observed'] };
  const color = {
    field: 'what',
    type: 'nominal',
    title: null,
    sort: ['predicted', 'observed'],
    scale: { domain: ['predicted', 'observed'], range: [COLOURS.predicted, COLOURS.observed] },
    legend: {
      orient: 'bottom',
      direction: 'horizontal',
      labelExpr: "datum.label === 'observed' ? 'observed (CI)' : datum.label",
    },
  };
  const noCi = rows.filter((r) => r.what === 'observed' && (r.lo === null || r.hi === null));
  const layer: Json[] = [
    { mark: { type: 'bar', width: { band: 0.9 } }, encoding: { x, xOffset, y, color } },
    {
      transform: [{ filter: "datum.what === 'observed' && isValid(datum.lo) && isValid(datum.hi)" }],
      mark: { type: 'errorbar', ticks: { size: 10 }, thickness: 1.5, color: '#000' },
      encoding: { x, xOffset, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
    },
  ];
  if (noCi.length)
    layer.push({
      transform: [{ filter: "datum.what === 'observed' && !(isValid(datum.lo) && isValid(datum.hi))" }],
      mark: { type: 'text', dy: -8, fontSize: 10, color: '#a00' },
      encoding: { x, xOffset, y, text: { value: 'no CI' } },
    });
  const width = Math.max(WIDTH, 110 * groups.length);
  return { spec: topLevel(plot.title, { width, height: HEIGHT, data: { values: rows }, layer }), rows };
}

/** Sample paths: one panel per path (thin line, every k-th step), horizontal guides labelled. */
export function stepFigure(plot: StepPlotSpec): FigureSpec {
  const rows: Row[] = [];
  for (const p of plot.paths) {
    const n = p.steps.length;
    const every = Math.max(1, Math.ceil(n / MAX_PATH_POINTS));
    for (let i = 0; i < n; i += every) rows.push({ path: mathText(p.name), step: p.steps[i], value: p.values[i] });
    if ((n - 1) % every !== 0 && n > 0)
      rows.push({ path: mathText(p.name), step: p.steps[n - 1], value: p.values[n - 1] });
  }
  const guides = plot.guides ?? [];
  const xDomain = paddedDomain(
    rows.map((r) => r.step as number),
    false,
  );
  const yDomain = paddedDomain([...rows.map((r) => r.value as number), ...guides.map((g) => g.y)], false);
  const x = positional('step', plot.xLabel, xDomain, false);
  const y = positional('value', plot.yLabel, yDomain, false);
  const names = plot.paths.map((p) => mathText(p.name));
  const panelHeight = names.length > 1 ? 130 : HEIGHT;
  const guideLayers: Json[] = guides.flatMap((g) => [
    {
      data: { values: [{}] },
      mark: { type: 'rule', color: '#999', strokeDash: [3, 3], strokeWidth: 1 },
      encoding: { y: { ...y, field: undefined, datum: g.y } },
    },
    {
      data: { values: [{}] },
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 9, color: '#555' },
      encoding: { x: { value: WIDTH }, y: { ...y, field: undefined, datum: g.y }, text: { value: mathText(g.label) } },
    },
  ]);
  // Dots at the sampled steps carry the picture (where the path spends its time); the connecting
  // line is faint, so a path that jumps between basins at every sample (b = ∞) stays legible
  // instead of filling the panel with vertical strokes.
  const color = { field: 'path', type: 'nominal', legend: null, scale: { domain: names } };
  const pathLayers: Json[] = [
    {
      mark: { type: 'line', strokeWidth: 0.6, opacity: 0.25, interpolate: 'step-after', clip: true },
      encoding: { x, y, color },
    },
    { mark: { type: 'circle', size: 5, opacity: 0.75, clip: true }, encoding: { x, y, color } },
  ];
  const panel = (name: string): Json => ({
    width: WIDTH,
    height: panelHeight,
    title: names.length > 1 ? { text: name, fontSize: 11, anchor: 'start' } : undefined,
    transform: [{ filter: { field: 'path', equal: name } }],
    layer: [...guideLayers, ...pathLayers],
  });
  const body: Json =
    names.length > 1
      ? { data: { values: rows }, vconcat: names.map(panel), resolve: { scale: { color: 'shared' } } }
      : { data: { values: rows }, ...panel(names[0] ?? '') };
  return { spec: topLevel(plot.title, body), rows };
}

/**
 * The verdict strip of a check: the tolerance band (green area), the prediction (dashed green
 * rule), the observed estimate with its CI (a dot and bar, red when the verdict is inconsistent).
 * An unbounded CI end is drawn to the edge and marked "unbounded".
 * @returns null for a check that produced no number (an error).
 */
export function verdictFigure(c: CheckResult): FigureSpec | null {
  if (c.status === 'error' || !Number.isFinite(c.observed.estimate)) return null;
  const [b0, b1] = c.tolerance.band;
  const [c0, c1] = c.observed.ci;
  const domain = paddedDomain([b0, b1, c.predicted.value, c.observed.estimate, c0, c1], false);
  const clampLo = Number.isFinite(c0) ? c0 : domain[0];
  const clampHi = Number.isFinite(c1) ? c1 : domain[1];
  const rows: Row[] = [
    { what: 'tolerance band', lo: finiteOrNull(b0), hi: finiteOrNull(b1), value: null },
    { what: 'predicted', lo: null, hi: null, value: c.predicted.value },
    { what: 'observed', lo: finiteOrNull(c0), hi: finiteOrNull(c1), value: c.observed.estimate },
  ];
  const x = positional('value', 'checked quantity', domain, false);
  const obsColour = c.verdict === 'inconsistent' ? COLOURS.inconsistent : COLOURS.observed;
  // The numbers as the summary table prints them (4 significant digits).
  const f = (v: number) => formatNumber(v);
  const names = [
    `tolerance band [${f(b0)}, ${f(b1)}]`,
    `predicted ${f(c.predicted.value)}`,
    `observed ${f(c.observed.estimate)}, CI [${f(c0)}, ${f(c1)}]: ${c.verdict}`,
  ];
  const color = {
    field: 'label',
    type: 'nominal',
    title: null,
    scale: { domain: names, range: [COLOURS.band, COLOURS.predicted, obsColour] },
    legend: { orient: 'bottom', direction: 'vertical' },
  };
  const label = {
    calculate: `${JSON.stringify(names)}[indexof(['tolerance band','predicted','observed'], datum.what)]`,
    as: 'label',
  };
  const layer: Json[] = [
    {
      data: { values: [rows[0]] },
      transform: [
        label,
        { calculate: `isValid(datum.lo) ? datum.lo : ${domain[0]}`, as: 'lo' },
        { calculate: `isValid(datum.hi) ? datum.hi : ${domain[1]}`, as: 'hi' },
      ],
      mark: { type: 'rect', opacity: 0.2, clip: true },
      encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' }, color },
    },
    {
      data: { values: [rows[1]] },
      transform: [label],
      mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2, clip: true },
      encoding: { x, color },
    },
    {
      data: { values: [{ ...rows[2], lo: clampLo, hi: clampHi }] },
      transform: [label],
      mark: { type: 'rule', strokeWidth: 2.5, clip: true },
      encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' }, y: { value: 30 }, color },
    },
    {
      data: { values: [rows[2]] },
      transform: [label],
      mark: { type: 'point', filled: true, size: 70, opacity: 1, clip: true },
      encoding: { x, y: { value: 30 }, color },
    },
  ];
  if (!Number.isFinite(c0) || !Number.isFinite(c1))
    layer.push({
      data: { values: [{ at: Number.isFinite(c0) ? domain[1] : domain[0] }] },
      mark: { type: 'text', dy: -12, fontSize: 10, align: Number.isFinite(c0) ? 'right' : 'left' },
      encoding: { x: { ...x, field: 'at' }, y: { value: 30 }, text: { value: 'CI unbounded' } },
    });
  return {
    spec: topLevel(`verdict: observed against predicted ± tolerance`, { width: WIDTH, height: 60, layer }),
    rows,
  };
}
