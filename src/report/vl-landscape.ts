/**
 * The 2-D landscape figure (issue 16 §8, cf. ICLR 2022 Fig. 3): side-by-side panels of the plane,
 * each showing the basins of attraction (one hue per basin) shaded by the value of f in six
 * quantile bands (darker = higher, so the bands read as contours; cells merged into runs of equal
 * basin and band along each row), the ball the iterate is projected
 * on, the minimiser sets, and one sample path (a thin line through every k-th iterate, at most
 * `MAX_LANDSCAPE_PATH_POINTS`, with its start marked).
 */
import type { Landscape2dPlotSpec } from '../verify/types.ts';
import { mathText } from './math.ts';
import { positional, topLevel, type FigureSpec, type Json, type Row } from './vl-common.ts';

export const MAX_LANDSCAPE_PATH_POINTS = 2500;
const BASIN_HUES = ['#4e79a7', '#59a14f', '#e15759', '#f28e2b', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];
const BANDS = 6;

/** `hex` over white at opacity `a`, as an opaque colour. */
function tint(hex: string, a: number): string {
  const c = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  return `#${c
    .map((v) =>
      Math.round(255 - a * (255 - v))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** What every panel shares. */
interface PanelContext {
  readonly plot: Landscape2dPlotSpec;
  readonly x: Json;
  readonly y: Json;
  readonly names: readonly string[];
  readonly ring: readonly Row[];
  readonly minima: readonly Row[];
}

/** Panel k: basins, ball, path k, minimiser sets, start. */
function landscapePanel(k: number, { plot, x, y, names, ring, minima }: PanelContext): Json {
  const side = 330;
  const p = plot.panels[k];
  return {
    width: side,
    height: side,
    // `what: numbers` titles on two lines, so the panel stays as wide as its plot.
    title: { text: mathText(p.title).split(/(?<=:) /), fontSize: 12, anchor: 'start' },
    layer: [
      {
        data: { name: 'grid' },
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: {
          x: { ...x, field: 'x' },
          x2: { field: 'x2' },
          y: { ...y, field: 'y' },
          y2: { field: 'y2' },
          fill: { field: 'fill', type: 'nominal', scale: null },
        },
      },
      {
        // The basins' legend (the rects' computed fills have none of their own).
        data: { values: names.map((basin) => ({ basin, x: 0, y: 0 })) },
        mark: { type: 'point', filled: true, opacity: 0 },
        encoding: {
          x,
          y,
          color: {
            field: 'basin',
            type: 'nominal',
            title: 'basin',
            scale: { domain: names, range: BASIN_HUES.slice(0, names.length) },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
        },
      },
      {
        data: { values: ring },
        mark: { type: 'line', color: '#444', strokeWidth: 1 },
        encoding: { x, y, order: { field: 'order' } },
      },
      {
        data: { name: 'paths' },
        transform: [{ filter: `datum.panel === ${k}` }],
        mark: { type: 'circle', color: '#111', size: 3, opacity: 0.45 },
        encoding: { x, y },
      },
      {
        data: { values: minima.filter((m) => m.x2 !== undefined) },
        mark: { type: 'rule', color: '#000', strokeWidth: 3 },
        encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
      {
        data: { values: minima },
        mark: { type: 'point', shape: 'cross', filled: true, color: '#000', size: 70 },
        encoding: { x, y },
      },
      {
        data: { values: minima },
        mark: { type: 'text', dx: 9, dy: -9, fontSize: 12, fontWeight: 'bold', align: 'left' },
        encoding: { x, y, text: { field: 'label' } },
      },
      {
        data: { values: [{ x: p.start[0], y: p.start[1] }] },
        mark: { type: 'point', shape: 'diamond', filled: true, color: '#d62728', size: 90, opacity: 1 },
        encoding: { x, y },
      },
    ],
  };
}

export function landscapeFigure(plot: Landscape2dPlotSpec): FigureSpec {
  const N = plot.resolution;
  const L = plot.ball;
  const h = (2 * L) / N;
  const inside = plot.values.filter((_, k) => plot.labels[k] > 0).sort((a, b) => a - b);
  const cuts = Array.from({ length: BANDS - 1 }, (_, q) => inside[Math.floor(((q + 1) * inside.length) / BANDS)] ?? 0);
  const band = (v: number) => cuts.filter((c) => v > c).length;
  const names = plot.basinNames.map(mathText);
  // Cells as runs along each row of equal (basin, band): the same picture with ~10× fewer rects.
  const grid: Row[] = [];
  const at = (v: number) => Number(v.toFixed(6));
  for (let j = 0; j < N; j++) {
    let i = 0;
    while (i < N) {
      const k = i + N * j;
      const lab = plot.labels[k];
      const lev = band(plot.values[k]);
      let e = i + 1;
      while (e < N && plot.labels[e + N * j] === lab && band(plot.values[e + N * j]) === lev) e++;
      // Opaque fills (the basin's hue mixed with white by band) that overlap their neighbours by 30%
      // of a cell (~1 px), so adjacent rects leave no anti-aliased seams.
      if (lab > 0)
        grid.push({
          x: at(-L + i * h),
          x2: at(-L + (e + 0.3) * h),
          y: at(-L + j * h),
          y2: at(-L + (j + 1.3) * h),
          basin: names[lab - 1],
          level: lev,
          fill: tint(BASIN_HUES[(lab - 1) % BASIN_HUES.length], 0.18 + (0.44 * lev) / (BANDS - 1)),
        });
      i = e;
    }
  }
  const paths: Row[] = [];
  plot.panels.forEach((p, k) => {
    const n = p.x.length;
    const every = Math.max(1, Math.ceil(n / MAX_LANDSCAPE_PATH_POINTS));
    for (let t = 0; t < n; t += every) paths.push({ panel: k, order: t, x: p.x[t], y: p.y[t] });
  });
  const ring = Array.from({ length: 181 }, (_, t) => ({
    x: L * Math.cos((2 * Math.PI * t) / 180),
    y: L * Math.sin((2 * Math.PI * t) / 180),
    order: t,
  }));
  const domain: [number, number] = [-L * 1.04, L * 1.04];
  const x = positional('x', 'x₁', domain, false);
  const y = positional('y', 'x₂', domain, false);
  const minima = plot.minima.map((m) => ({ ...m, label: mathText(m.label) }));
  return {
    spec: topLevel(plot.title, {
      datasets: { grid, paths },
      hconcat: plot.panels.map((_, k) => landscapePanel(k, { plot, x, y, names, ring, minima })),
      resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    }),
    rows: paths.map((r) => ({ panel: plot.panels[r.panel as number].title, order: r.order, x: r.x, y: r.y })),
  };
}
