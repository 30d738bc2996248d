/**
 * Reports from a run of fake theorems whose observations carry every plot kind. Set
 * HTSGD_REPORT_OUT=dir to keep the files (to look at the plots).
 */
import { replayCommand } from '../cli/replay-command.ts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStream } from '../rng/seeds.ts';
import { twoSidedZ } from '../stats/normal.ts';
import { formatSummaryTable } from './summary.ts';
import { defineTheorem } from '../verify/define.ts';
import { mergeReports, runChecks } from '../verify/run.ts';
import type { CheckContext, Observation, PlotSpec, RunReport } from '../verify/types.ts';
import { parseReport, reportToJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { figureSpec, renderSvg } from './figures.ts';
import { mathText } from './math.ts';
import { axisTicks } from './ticks.ts';
import { verdictFigure } from './vl-bars.ts';
import { arcSides } from './vl-graph.ts';
import { writeReport } from './write.ts';

type Point = { order: number };

/**
 * A fake exit-order experiment: mean exit steps m(η) = 3·η^{−γ}, exponential exit steps, 400
 * chains per η; the observed order is the least-squares slope of log mean on log 1/η.
 */
function fakeOrderTest(ctx: CheckContext<Point>): Observation {
  const rng = openStream(ctx.label);
  const etas = [0.1, 0.05, 0.02, 0.01, 0.005];
  const chains = 400;
  const pts = etas.map((eta) => {
    const m = 3 * eta ** -ctx.point.order;
    const samples: number[] = [];
    for (let i = 0; i < chains; i++) samples.push(-Math.log(rng.nextUniform()) * m);
    const mean = samples.reduce((a, b) => a + b) / chains;
    return { eta, mean, se: mean / Math.sqrt(chains), samples };
  });
  const xs = pts.map((p) => Math.log(1 / p.eta));
  const ys = pts.map((p) => Math.log(p.mean));
  const w = pts.map(() => chains); // var(log mean) ≈ 1/chains
  const sw = w.reduce((a, b) => a + b);
  const mx = xs.reduce((a, x, i) => a + w[i] * x, 0) / sw;
  const my = ys.reduce((a, y, i) => a + w[i] * y, 0) / sw;
  const sxx = xs.reduce((a, x, i) => a + w[i] * (x - mx) ** 2, 0);
  const slope = xs.reduce((a, x, i) => a + w[i] * (x - mx) * (ys[i] - my), 0) / sxx;
  const se = 1 / Math.sqrt(sxx);
  const z = twoSidedZ(ctx.confidence);
  const intercept = my - slope * mx;
  const plots: PlotSpec[] = [
    {
      kind: 'xy',
      title: `mean exit steps, order ${ctx.point.order}`,
      xLabel: '1/η',
      yLabel: 'mean exit steps',
      logX: true,
      logY: true,
      series: [
        {
          name: 'CI band',
          style: 'band',
          role: 'observed',
          points: pts.map((p) => ({ x: 1 / p.eta, y: p.mean, lo: p.mean - z * p.se, hi: p.mean + z * p.se })),
        },
        {
          name: 'observed mean',
          style: 'scatter',
          role: 'observed',
          points: pts.map((p) => ({ x: 1 / p.eta, y: p.mean, lo: p.mean - z * p.se, hi: p.mean + z * p.se })),
        },
        {
          name: `fitted γ = ${slope.toFixed(3)}`,
          style: 'line',
          role: 'fitted',
          points: pts.map((p) => ({ x: 1 / p.eta, y: Math.exp(intercept + slope * Math.log(1 / p.eta)) })),
        },
        {
          name: `predicted γ = ${ctx.prediction.value}`,
          style: 'line',
          role: 'predicted',
          points: pts.map((p) => ({ x: 1 / p.eta, y: 3 * p.eta ** -ctx.prediction.value })),
        },
      ],
    },
    { kind: 'qq', title: 'scaled exit steps vs Exp(1)', samples: pts[0].samples.map((s) => s / pts[0].mean) },
    {
      kind: 'bars',
      title: 'exit location',
      yLabel: 'probability',
      groups: [
        { label: 'Ω₁', predicted: 0.3, observed: 0.28, lo: 0.25, hi: 0.31 },
        { label: 'Ω₃', predicted: 0.7, observed: 0.72, lo: 0.69, hi: 0.75 },
      ],
    },
    {
      kind: 'step',
      title: 'trajectory',
      xLabel: 'step',
      yLabel: 'x',
      paths: [
        {
          name: 'chain 0',
          steps: Array.from({ length: 5000 }, (_, i) => i * 100),
          values: Array.from({ length: 5000 }, (_, i) => Math.sin(i / 300) + (i % 997 === 0 ? 1.5 : 0)),
        },
      ],
      guides: [
        { y: -1.3, label: 's₁' },
        { y: 0.2, label: 's₂' },
      ],
    },
  ];
  return { estimate: slope, ci: [slope - z * se, slope + z * se], standardError: se, details: { etas, chains }, plots };
}

const fake = (id: string, predicted: (p: Point) => number) =>
  defineTheorem<Point>({
    id,
    title: 'Fake exit order',
    source: { paper: 'test fixture', theorem: 'Fake 2', equation: 'E σ ∝ η^{−γ}' },
    hypotheses: [{ name: 'order', description: 'true γ of the fake experiment', range: [1, 3] }],
    predictor: { name: 'fake.order', compute: predicted },
    plan: {
      description: '5 step sizes × 400 chains',
      points: { quick: [{ order: 1.4 }, { order: 1.6 }], standard: [], full: [] },
    },
    test: { name: 'weighted log-log slope', run: fakeOrderTest },
    tolerance: { value: 0.1, scale: 'absolute', reason: 'test fixture: no finite-η bias in the fake experiment' },
    budgetShare: 1,
  });

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function exampleReport(): Promise<RunReport> {
  return runChecks([fake('fake-order', (p) => p.order), fake('fake-order-wrong', (p) => p.order - 0.2)], {
    seed: 11,
    tier: 'quick',
    errorBudget: 1e-3,
    timeBudgetSeconds: 10,
    replayCommand,
  });
}

describe('reports', () => {
  it('the example run gives the expected verdicts (right order consistent, off by 0.2 inconsistent)', async () => {
    const r = await exampleReport();
    expect(r.checks.map((c) => [c.theoremId, c.verdict])).toEqual([
      ['fake-order', 'consistent'],
      ['fake-order', 'consistent'],
      ['fake-order-wrong', 'inconsistent'],
      ['fake-order-wrong', 'inconsistent'],
    ]);
  });

  it('JSON round-trips, including infinite CI ends, and merges from files', async () => {
    const r = await exampleReport();
    const withInf: RunReport = {
      ...r,
      checks: r.checks.map((c, i) =>
        i === 0 ? { ...c, observed: { ...c.observed, ci: [-Infinity, Infinity] as [number, number] } } : c,
      ),
    };
    const back = parseReport(reportToJson(withInf));
    expect(back.checks[0].observed.ci).toEqual([-Infinity, Infinity]);
    expect(back).toEqual(withInf);
    expect(() => parseReport('{"schema":"other"}', 'x.json')).toThrow(/x.json is not an htsgd report/);
    expect(() => parseReport('nope', 'y.json')).toThrow(/y.json is not valid JSON/);
    // Merging re-derives verdicts from the CIs: the unbounded CI is now inconclusive.
    expect(mergeReports([back]).checks[0].verdict).toBe('inconclusive');
    expect(mergeReports([parseReport(reportToJson(r))]).summary).toEqual(r.summary);
  });

  it('markdown has the summary table with every column and the theorem declarations', async () => {
    const md = renderMarkdown(await exampleReport());
    expect(md).toContain('| theorem | hypotheses | predicted | observed [CI] | tolerance | verdict | replay |');
    expect(md).toMatch(
      /\| fake-order \| order=1\.4 \| 1\.4 \| 1\.\d+ \[1\.\d+, 1\.\d+\] \| ±0\.1 \| ✅ consistent \| `htsgd replay fake-order\/order=1\.4\/0 --seed 11 /,
    );
    expect(md).toContain('❌ inconsistent');
    expect(md).toContain('Reason: test fixture: no finite-η bias');
    expect(md.split('\n').filter((l) => l.startsWith('| fake-order')).length).toBe(4);
  });

  it('html is self-contained, with one inline SVG per figure; every figure is written as svg, vl.json and csv', async () => {
    const full = await exampleReport();
    // One (inconsistent) check: figures take ~30–100 ms each to render, keep the test small.
    const r: RunReport = { ...full, checks: [full.checks[2]] };
    const dir = process.env.HTSGD_REPORT_OUT ?? mkdtempSync(join(tmpdir(), 'htsgd-report-'));
    if (!process.env.HTSGD_REPORT_OUT) dirs.push(dir);
    const paths = await writeReport(r, dir);
    const html = readFileSync(paths.html, 'utf8');
    // Internal references (clip paths: url(#…)) are fine; nothing is fetched.
    expect(html).not.toMatch(/<script|<link|src=|url\((?!#)|@import/i);
    // A verdict strip per check plus its four plots.
    expect((html.match(/<svg /g) ?? []).length).toBe(r.checks.length * 5);
    expect(html).toContain('class="v-inconsistent"');
    expect(html).not.toMatch(/<pre>\{/); // details are tables, not a JSON dump
    expect(html).toContain('<table class="details kv">');
    expect(parseReport(readFileSync(paths.json, 'utf8')).summary).toEqual(r.summary);
    const files = readdirSync(paths.figures);
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(r.checks.length * 5);
    for (const f of files.filter((x) => x.endsWith('.svg'))) {
      const stem = f.slice(0, -4);
      const spec = JSON.parse(readFileSync(join(paths.figures, `${stem}.vl.json`), 'utf8')) as Record<string, unknown>;
      expect(spec.$schema).toMatch(/vega-lite/);
      const csv = readFileSync(join(paths.figures, `${stem}.csv`), 'utf8')
        .trim()
        .split('\n');
      expect(csv.length).toBeGreaterThan(1);
      expect(csv.every((l) => !/NaN|Infinity/.test(l))).toBe(true);
    }
  });

  it('every verdict figure draws the tolerance band, the prediction and the observed CI', async () => {
    const r = await exampleReport();
    for (const c of r.checks) {
      const fig = verdictFigure(c)!;
      expect(fig.rows.map((x) => x.what)).toEqual(['tolerance band', 'predicted', 'observed']);
      expect(fig.rows[0]).toMatchObject({ lo: c.tolerance.band[0], hi: c.tolerance.band[1] });
      expect(fig.rows[1].value).toBe(c.predicted.value);
      expect(fig.rows[2]).toMatchObject({ value: c.observed.estimate, lo: c.observed.ci[0], hi: c.observed.ci[1] });
    }
    const svg = await renderSvg(verdictFigure(r.checks[0])!.spec);
    expect(svg).toContain('tolerance band');
    expect(svg).toContain('predicted 1.4');
  });

  it('figures are well-formed SVG with escaped text, math as Unicode and labels without float noise', async () => {
    const specs: PlotSpec[] = [
      {
        kind: 'xy',
        title: 'a < b & "c": q_{k,l}/q_k against η^{−γ}',
        xLabel: 'x',
        yLabel: 'y',
        logX: true,
        logY: true,
        series: [
          {
            name: 's',
            style: 'scatter',
            points: [
              { x: 10, y: 1, lo: 0.5, hi: 2 },
              { x: 100, y: 10 },
              { x: -1, y: 3 },
            ],
          },
        ],
      },
      { kind: 'bars', title: 'bars', yLabel: 'p', groups: [{ label: '<1>', predicted: 0.5, observed: 0.4 }] },
    ];
    const svgs = await Promise.all(specs.map((s) => renderSvg(figureSpec(s).spec)));
    for (const svg of svgs) {
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      expect(texts.length).toBeGreaterThan(5);
      for (const t of texts) expect(t).not.toMatch(/NaN|Infinity|\d\.\d*0000000\d|\d\.\d*9999999\d/);
      expect(svg).not.toMatch(/<(?![a-zA-Z/])/); // every < starts a tag: text is escaped
    }
    expect(svgs[0]).toContain('a &lt; b &amp; &quot;c&quot;: qₖ,ₗ/qₖ against η⁻ᵞ');
    expect(svgs[0]).toContain('>100</text>');
    expect(svgs[1]).toContain('no CI'); // an observed bar without a CI says so
    expect(mathText('Ω_2 ∪ Ω_3, λ_k(η), b = ∞')).toBe('Ω₂ ∪ Ω₃, λₖ(η), b = ∞');
    expect(mathText('exit_order_2d')).toBe('exit_order_2d');
  });

  it('ticks: no duplicate labels, one format per axis, no float noise (seeded ranges)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
        fc.boolean(),
        (lo, span, log) => {
          // Ranges narrower than 10⁻⁴ of their magnitude would need offset notation: not ours to plot.
          fc.pre(span > 1e-4 * Math.abs(lo));
          const a = log ? Math.abs(lo) + 1e-6 : lo;
          const b = log ? a * (1 + span) : lo + span;
          const t = axisTicks(a, b, log);
          expect(new Set(t.labels).size).toBe(t.labels.length);
          for (const l of t.labels) expect(l).not.toMatch(/\d{8,}|e[+-]?\d/);
          const kind = (l: string) => (/^10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+$/.test(l) ? 'power' : /·10/.test(l) ? 'mantissa' : 'decimal');
          const kinds = new Set(t.labels.filter((l) => l !== '0').map(kind));
          expect(kinds.size).toBeLessThanOrEqual(1);
          const decimals = new Set(
            t.labels.filter((l) => kind(l) === 'decimal').map((l) => (l.split('.')[1] ?? '').length),
          );
          expect(decimals.size).toBeLessThanOrEqual(1);
        },
      ),
      { seed: 15_6, numRuns: 300 },
    );
    expect(axisTicks(0.45, 0.5, false).labels).toEqual(['0.45', '0.46', '0.47', '0.48', '0.49', '0.50']);
    expect(axisTicks(5, 5e4, true).labels).toEqual(['10¹', '10²', '10³', '10⁴']);
  });

  it('transition graphs: no zero edges, no crossing arcs (matrix when unavoidable)', async () => {
    const graph: PlotSpec = {
      kind: 'graph',
      title: 'G',
      quantity: 'P(next)',
      nodes: [1, 2, 3, 4].map((id) => ({ id, label: `m_${id}`, position: id, wide: id % 2 === 0 })),
      edges: [
        { from: 2, to: 3, predicted: 0.8, observed: 0.78, lo: 0.74, hi: 0.82 },
        { from: 1, to: 3, predicted: 0.6 },
        { from: 2, to: 4, predicted: 0.4, observed: 0.41 },
        { from: 4, to: 1, predicted: 0, observed: 0, lo: 0, hi: 0 },
      ],
    };
    const fig = figureSpec(graph);
    expect(fig.rows).toHaveLength(3); // the 0 [0, 0] edge is not drawn
    const svg = await renderSvg(fig.spec);
    expect(svg).not.toMatch(/>0 \[0, 0\]</);
    expect(svg).toContain('m₁');
    // 1→3 and 2→4 interleave: they go on opposite sides.
    const sides = arcSides([
      [1, 2],
      [0, 2],
      [1, 3],
    ])!;
    expect(sides[1]).not.toBe(sides[2]);
    // Three pairwise interleaving spans cannot be split over two sides.
    expect(
      arcSides([
        [0, 2],
        [1, 3],
        [0.5, 2.5],
      ]),
    ).toBeNull();
  });

  it('the text summary table lines up and tallies', async () => {
    const t = formatSummaryTable(await exampleReport());
    const lines = t.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^theorem\s+hypotheses\s+predicted\s+observed \[CI\]\s+tolerance\s+verdict\s+replay$/);
    expect(lines.at(-1)).toMatch(/^4 check\(s\): 2 consistent, 2 inconsistent, 0 inconclusive, 0 error\(s\)/);
    const col = lines[0].indexOf('verdict');
    for (const l of lines.slice(1, -1)) expect(l.slice(col)).toMatch(/^(consistent|inconsistent)\s/);
  });
});
