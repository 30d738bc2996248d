/**
 * Reports from a run of fake theorems whose observations carry every plot kind. Set
 * HTSGD_REPORT_OUT=dir to keep the files (to look at the plots).
 */
import { replayCommand } from '../cli/replay-command.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStream } from '../rng/seeds.ts';
import { twoSidedZ } from '../stats/normal.ts';
import { formatSummaryTable } from './summary.ts';
import { defineTheorem } from '../verify/define.ts';
import { mergeReports, runChecks } from '../verify/run.ts';
import type { CheckContext, Observation, PlotSpec, RunReport } from '../verify/types.ts';
import { renderHtml } from './html.ts';
import { parseReport, reportToJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { logTicks, renderPlot } from './svg.ts';
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

  it('html is self-contained, with one inline SVG per plot', async () => {
    const r = await exampleReport();
    const html = renderHtml(r);
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);
    expect((html.match(/<svg xmlns/g) ?? []).length).toBe(r.checks.length * 4);
    expect(html).toContain('class="v-inconsistent"');
    const dir = process.env.HTSGD_REPORT_OUT ?? mkdtempSync(join(tmpdir(), 'htsgd-report-'));
    if (!process.env.HTSGD_REPORT_OUT) dirs.push(dir);
    const paths = writeReport(r, dir);
    expect(parseReport(readFileSync(paths.json, 'utf8')).summary).toEqual(r.summary);
    expect(readFileSync(paths.html, 'utf8')).toBe(html);
  });

  it('plots are well-formed SVG: balanced tags, escaped text, finite coordinates, log ticks at decades', () => {
    expect(logTicks(5, 5e4)).toEqual([10, 100, 1000, 10000]);
    expect(logTicks(3, 40)).toEqual([5, 10, 20]);
    expect(logTicks(50, 7000)).toEqual([50, 100, 200, 500, 1000, 2000, 5000]);
    const specs: PlotSpec[] = [
      {
        kind: 'xy',
        title: 'a < b & "c"',
        xLabel: 'x',
        yLabel: 'y',
        logX: true,
        logY: true,
        series: [
          {
            name: 's',
            style: 'scatter',
            points: [
              { x: 10, y: 1, lo: 0, hi: 2 },
              { x: 100, y: 10 },
              { x: -1, y: 3 },
            ],
          },
        ],
      },
      { kind: 'qq', title: 'qq', samples: [0.1, 0.5, 1, 2, 3, NaN] },
      { kind: 'bars', title: 'bars', yLabel: 'p', groups: [{ label: '<1>', predicted: 0.5, observed: 0.4 }] },
      {
        kind: 'step',
        title: 'step',
        xLabel: 'n',
        yLabel: 'x',
        paths: [{ name: 'p', steps: [0, 1, 2], values: [0, 1, 0] }],
      },
      {
        kind: 'graph',
        title: 'G',
        quantity: 'P(next)',
        nodes: [
          { id: 1, label: 'm1', position: -1.5 },
          { id: 2, label: 'm2', position: -0.7, wide: true },
          { id: 3, label: 'm3', position: 0.5 },
          { id: 4, label: 'm4', position: 1.3, wide: true },
        ],
        edges: [
          { from: 2, to: 3, predicted: 0.8, observed: 0.78, lo: 0.74, hi: 0.82 },
          { from: 3, to: 4, predicted: 0.6 },
          { from: 4, to: 3, predicted: 1, observed: 1 },
          { from: 3, to: 2, predicted: 0.4, observed: 0.41 },
          { from: 1, to: 2, predicted: 1 },
        ],
      },
    ];
    for (const s of specs) {
      const svg = renderPlot(s);
      expect(svg).not.toMatch(/NaN|Infinity/);
      expect(svg).not.toMatch(/<(?![a-z/])/); // every < starts a tag: text is escaped
      const opens = (svg.match(/<[a-z]+(\s[^>]*)?(?<!\/)>/g) ?? []).length;
      const closes = (svg.match(/<\/[a-z]+>/g) ?? []).length;
      expect(opens).toBe(closes);
    }
    expect(renderPlot(specs[0])).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(renderPlot(specs[0])).toContain('10¹');
  });

  it('narrow log ranges get round ticks; long titles wrap; series of one role get distinct colours', () => {
    const t = logTicks(0.017, 0.0285);
    expect(t.length).toBeGreaterThanOrEqual(3);
    for (const v of t) expect(Number(v.toPrecision(2))).toBeCloseTo(v, 12);
    const long = 'share of {Ω_1, Ω_3} in the stationary mix of the widest minima against η, b = 0.5 (renewal-reward)';
    const svg = renderPlot({
      kind: 'xy',
      title: long,
      xLabel: 'η',
      yLabel: 'share',
      logX: true,
      logY: true,
      series: [
        {
          name: 'observed',
          role: 'observed',
          style: 'scatter',
          points: [
            { x: 0.001, y: 0.019 },
            { x: 0.005, y: 0.026 },
          ],
        },
        {
          name: 'leading order',
          role: 'predicted',
          style: 'line',
          points: [
            { x: 0.001, y: 0.018 },
            { x: 0.005, y: 0.025 },
          ],
        },
        {
          name: 'exact',
          role: 'predicted',
          style: 'line',
          points: [
            { x: 0.001, y: 0.02 },
            { x: 0.005, y: 0.027 },
          ],
        },
      ],
    });
    expect((svg.match(/<tspan/g) ?? []).length).toBe(2);
    const strokes = [...svg.matchAll(/<polyline [^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(strokes).toHaveLength(2);
    expect(new Set(strokes).size).toBe(2);
  });

  it('the legend moves to the corner that hides no data', () => {
    // Data high on the left: the default top-left legend would cover the first point.
    const svg = renderPlot({
      kind: 'xy',
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 'observed',
          role: 'observed',
          style: 'scatter',
          points: [
            { x: 0, y: 10, lo: 9, hi: 11 },
            { x: 1, y: 5 },
            { x: 2, y: 1 },
          ],
        },
        {
          name: 'predicted',
          role: 'predicted',
          style: 'line',
          points: [
            { x: 0, y: 10 },
            { x: 2, y: 1 },
          ],
        },
      ],
    });
    const box = /<rect x="([\d.]+)" y="([\d.]+)" width="(\d+)" height="(\d+)" fill="#fff" fill-opacity="0.85"/.exec(
      svg,
    )!;
    expect(Number(box[1])).toBeGreaterThan(280); // right half of a 560-px plot
    const legendOnly = renderPlot({
      kind: 'xy',
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 'o',
          style: 'scatter',
          points: [
            { x: 0, y: 0 },
            { x: 1, y: 0.1 },
          ],
        },
      ],
    });
    expect(/<rect x="74" y="37" /.test(legendOnly)).toBe(true); // nothing up there: top-left, as before
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
