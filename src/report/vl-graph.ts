/**
 * Transition graphs among minima as arc diagrams: minima on a line in `position` order (widest
 * filled), each directed edge an arc above or below the line, labelled `predicted` (green) and
 * `observed [CI]` (blue).
 *
 * No crossings: two arcs on the same side cross exactly when their spans interleave
 * (a < c < b < d). Edges are given sides by 2-colouring that conflict graph (breadth-first); arcs
 * with the same span nest by height. When the conflict graph is not 2-colourable (no crossing-free
 * arc diagram exists on two sides), the graph is drawn as its matrix instead (rows from, columns
 * to), which has no edges to cross.
 *
 * No empty labels: an edge with predicted 0 and nothing (or 0) observed is not drawn ("0 [0, 0]").
 */
import type { GraphPlotSpec } from '../verify/types.ts';
import { mathText } from './math.ts';
import { COLOURS, WIDTH, shortNumber, topLevel, type FigureSpec, type Json, type Row } from './vl-common.ts';

type Edge = GraphPlotSpec['edges'][number];

/** The edges worth drawing: any with a nonzero prediction or a nonzero observation. */
export function drawnEdges(plot: GraphPlotSpec): Edge[] {
  return plot.edges.filter(
    (e) => e.from !== e.to && (e.predicted !== 0 || (e.observed !== undefined && e.observed !== 0)),
  );
}

/**
 * Sides (+1 above, −1 below) for arcs over spans [a_i, b_i] so that no two arcs on one side cross,
 * or null when none exists. Each connected component of the crossing graph is 2-coloured on its own
 * and then flipped so that most of its `preferAbove` arcs (the rightward ones) go on top; an arc
 * that crosses nothing simply goes where it prefers.
 */
export function arcSides(
  spans: readonly (readonly [number, number])[],
  preferAbove: readonly boolean[] = spans.map(() => true),
): number[] | null {
  const n = spans.length;
  const cross = (i: number, j: number) => {
    const [a, b] = spans[i];
    const [c, d] = spans[j];
    return (a < c && c < b && b < d) || (c < a && a < d && d < b);
  };
  const side = new Array<number>(n).fill(0);
  for (let s = 0; s < n; s++) {
    if (side[s] !== 0) continue;
    side[s] = 1;
    const component = [s];
    for (let q = 0; q < component.length; q++) {
      const i = component[q];
      for (let j = 0; j < n; j++) {
        if (j === i || !cross(i, j)) continue;
        if (side[j] === side[i]) return null;
        if (side[j] === 0) {
          side[j] = -side[i];
          component.push(j);
        }
      }
    }
    const score = component.reduce((acc, i) => acc + side[i] * (preferAbove[i] ? 1 : -1), 0);
    if (score < 0) for (const i of component) side[i] = -side[i];
  }
  return side;
}

const edgeLabel = (e: Edge) => {
  const obs =
    e.observed === undefined
      ? ''
      : `${shortNumber(e.observed)}${e.lo !== undefined && e.hi !== undefined ? ` [${shortNumber(e.lo)}, ${shortNumber(e.hi)}]` : ''}`;
  return { predicted: shortNumber(e.predicted), observed: obs };
};

/** The layers of an arc diagram: arcs, arrowheads, label boxes, labels, nodes and their names. */
function graphLayers(d: {
  arcs: Json[];
  arrows: Json[];
  boxes: Json[];
  labels: Json[];
  nodeRows: Json[];
  xs: Json;
  ys: Json;
}): Json[] {
  const { arcs, arrows, boxes, labels, nodeRows, xs, ys } = d;
  return [
    {
      data: { values: arcs },
      mark: { type: 'line', color: '#555', strokeWidth: 1.5 },
      encoding: { x: xs, y: ys, detail: { field: 'edge' }, order: { field: 't' } },
    },
    {
      data: { values: arrows },
      mark: { type: 'point', shape: 'triangle-up', filled: true, color: '#555', size: 60, opacity: 1 },
      encoding: { x: xs, y: ys, angle: { field: 'angle', type: 'quantitative', scale: null } },
    },
    {
      data: { values: boxes },
      mark: { type: 'rect', fill: '#fff', opacity: 0.92 },
      encoding: { x: xs, x2: { field: 'x2' }, y: ys, y2: { field: 'y2' } },
    },
    {
      data: { values: labels },
      mark: { type: 'text', fontSize: 11, baseline: 'middle' },
      encoding: {
        x: xs,
        y: ys,
        text: { field: 'text' },
        color: { field: 'colour', type: 'nominal', scale: null },
      },
    },
    {
      data: { values: nodeRows },
      mark: { type: 'point', shape: 'circle', size: 900, strokeWidth: 2, stroke: COLOURS.observed, opacity: 1 },
      encoding: {
        x: xs,
        y: ys,
        fill: { field: 'fill', type: 'nominal', scale: null },
      },
    },
    {
      data: { values: nodeRows },
      mark: { type: 'text', fontWeight: 'bold', baseline: 'middle' },
      encoding: {
        x: xs,
        y: ys,
        text: { field: 'label' },
        color: { field: 'ink', type: 'nominal', scale: null },
      },
    },
  ];
}

/** The arc diagram, or the matrix when arcs would cross. */
export function graphFigure(plot: GraphPlotSpec): FigureSpec {
  const nodes = [...plot.nodes].sort((a, b) => a.position - b.position);
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const edges = drawnEdges(plot).filter((e) => index.has(e.from) && index.has(e.to));
  const spans = edges.map((e) => {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    return [Math.min(a, b), Math.max(a, b)] as const;
  });
  // Rightward arcs on top, leftward below, as far as crossings allow.
  const sides = arcSides(
    spans,
    edges.map((e) => index.get(e.to)! > index.get(e.from)!),
  );
  const rows: Row[] = edges.map((e) => ({
    from: nodes[index.get(e.from)!].label,
    to: nodes[index.get(e.to)!].label,
    predicted: e.predicted,
    observed: e.observed ?? null,
    lo: e.lo ?? null,
    hi: e.hi ?? null,
  }));
  const caption = `${mathText(plot.quantity)}: predicted (green), observed [CI] (blue); filled = widest minima`;
  if (sides === null) return matrixFigure(plot, nodes, edges, rows, caption);
  const side = sides;
  const arcs: Json[] = [];
  const arrows: Json[] = [];
  const labels: Json[] = [];
  // Arc heights by nesting depth on their side: 1 + the deepest arc inside it (span contained, or
  // the same span drawn earlier). Outer arcs then clear the inner ones and their two label lines,
  // and, since depth ≤ span, two arcs sharing an end never cross (near the shared end a
  // half-ellipse rises like 2h·√(dx/w), and h/√w grows with depth).
  const depth = new Array<number>(edges.length).fill(0);
  const order = edges.map((_, i) => i).sort((i, j) => spans[i][1] - spans[i][0] - (spans[j][1] - spans[j][0]) || i - j);
  for (const [k, i] of order.entries()) {
    let d = 0;
    for (const j of order.slice(0, k))
      if (side[j] === side[i] && spans[j][0] >= spans[i][0] && spans[j][1] <= spans[i][1]) d = Math.max(d, depth[j]);
    depth[i] = d + 1;
  }
  edges.forEach((e, i) => {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    const h = side[i] * 0.8 * depth[i];
    const pts = 40;
    for (let t = 0; t <= pts; t++) {
      const u = t / pts;
      // Shortened by the node radius at both ends (0.18 in x units).
      const x0 = a + Math.sign(b - a) * 0.18;
      const x1 = b - Math.sign(b - a) * 0.18;
      arcs.push({ edge: i, t, x: x0 + (x1 - x0) * u, y: 0.25 * side[i] + h * Math.sqrt(Math.max(0, 4 * u * (1 - u))) });
    }
    // Arrowhead at the end, along the arc's last segment (angle set below, once the scales are known).
    const last = arcs[arcs.length - 1] as { x: number; y: number };
    const prev = arcs[arcs.length - 3] as { x: number; y: number };
    arrows.push({ x: last.x, y: last.y, dx: last.x - prev.x, dy: last.y - prev.y });
    const l = edgeLabel(e);
    const apex = 0.25 * side[i] + h;
    labels.push({ x: (a + b) / 2, y: apex + side[i] * 0.22, text: l.predicted, colour: COLOURS.predicted });
    if (l.observed)
      labels.push({ x: (a + b) / 2, y: apex + side[i] * 0.5, text: l.observed, colour: COLOURS.observed });
  });
  const ext =
    Math.max(1.2, ...arcs.map((p) => Math.abs(p.y as number)), ...labels.map((p) => Math.abs(p.y as number))) + 0.3;
  const xs = { field: 'x', type: 'quantitative', scale: { domain: [-0.6, nodes.length - 0.4] }, axis: null };
  const ys = { field: 'y', type: 'quantitative', scale: { domain: [-ext, ext] }, axis: null };
  const nodeRows = nodes.map((n, i) => ({
    x: i,
    y: 0,
    label: mathText(n.label),
    fill: n.wide ? COLOURS.observed : '#fff',
    ink: n.wide ? '#fff' : COLOURS.observed,
  }));
  const width = Math.max(WIDTH, 120 * nodes.length);
  const height = Math.round(110 * ext); // 55 px per unit: label lines 0.28 apart are 15 px apart
  // A triangle-up rotated clockwise by θ points along (sin θ, −cos θ) on screen; screen = (sx·dx, −sy·dy).
  const sx = width / nodes.length;
  const sy = height / (2 * ext);
  // Each label sits on a white box (its estimated text size), so an arc passing behind it never
  // makes it unreadable.
  const boxes = labels.map((l) => {
    const { x, y, text } = l as { x: number; y: number; text: string };
    const hw = ([...text].length * 6.3 + 6) / 2 / sx;
    const hh = 8 / sy;
    return { x: x - hw, x2: x + hw, y: y - hh, y2: y + hh };
  });
  for (const a of arrows) {
    const { dx, dy } = a as { dx: number; dy: number };
    a.angle = (Math.atan2(sx * dx, sy * dy) * 180) / Math.PI;
  }
  const layer = graphLayers({ arcs, arrows, boxes, labels, nodeRows, xs, ys });
  return {
    spec: topLevel(plot.title, {
      width,
      height,
      layer,
      view: { stroke: null },
      title: { text: mathText(plot.title), subtitle: caption, anchor: 'start' },
    }),
    rows,
  };
}

/** The graph as its matrix: a cell per drawn edge (from row, to column) with both numbers. */
function matrixFigure(
  plot: GraphPlotSpec,
  nodes: GraphPlotSpec['nodes'][number][],
  edges: Edge[],
  rows: Row[],
  caption: string,
): FigureSpec {
  const labels = nodes.map((n) => mathText(n.label));
  const cells = edges.map((e, i) => {
    const l = edgeLabel(e);
    return { from: rows[i].from, to: rows[i].to, predicted: l.predicted, observed: l.observed, value: e.predicted };
  });
  const x = {
    field: 'to',
    type: 'ordinal',
    sort: labels,
    scale: { domain: labels },
    axis: { orient: 'top', title: 'to', labelAngle: 0 },
  };
  const y = { field: 'from', type: 'ordinal', sort: labels, scale: { domain: labels }, title: 'from' };
  const side = Math.max(70, Math.min(110, 520 / labels.length));
  return {
    spec: topLevel(plot.title, {
      width: side * labels.length,
      height: side * labels.length,
      data: { values: cells },
      title: {
        text: mathText(plot.title),
        subtitle: `${caption} (drawn as a matrix: its arcs would cross)`,
        anchor: 'start',
      },
      layer: [
        {
          mark: { type: 'rect', stroke: '#ccc' },
          encoding: {
            x,
            y,
            color: { field: 'value', type: 'quantitative', scale: { scheme: 'greens' }, legend: null },
            opacity: { value: 0.35 },
          },
        },
        {
          mark: { type: 'text', dy: -7, color: COLOURS.predicted, fontSize: 11 },
          encoding: { x, y, text: { field: 'predicted' } },
        },
        {
          mark: { type: 'text', dy: 8, color: COLOURS.observed, fontSize: 10 },
          encoding: { x, y, text: { field: 'observed' } },
        },
      ],
    }),
    rows,
  };
}
