/**
 * `report.html`: one self-contained file (inline CSS and SVG, no scripts, no external assets), so it
 * can be attached to a CI run and opened anywhere. Layout: run header, summary table, run figures,
 * then one section per theorem with its declaration and each check's numbers, verdict strip, plots
 * (rendered beforehand by `renderReportFigures`, src/report/figures.ts) and details as tables.
 * Text the checks wrote in TeX-like shorthand (`q_{k,l}`) is set as Unicode math (src/report/math.ts).
 */
import { formatHypotheses, summaryRow, SUMMARY_HEADER } from './summary.ts';
import { formatNumber } from '../core/format.ts';
import { conjectureReportLines } from '../verify/conjecture-verdict.ts';
import type { CheckResult, RunReport, TheoremSummary } from '../verify/types.ts';
import { detailsHtml } from './details-table.ts';
import { escapeXml as escapeRaw } from './escape.ts';
import type { Figure, ReportFigures } from './figures.ts';
import { mathText } from './math.ts';

/** Escaped text with its math set as Unicode. */
const escapeXml = (s: string): string => escapeRaw(mathText(s));

const CSS = `
body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;font-size:13px;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}code{font-size:12px;background:#f6f6f6;padding:1px 3px;word-break:break-all}
.v-consistent{background:#e3f6e3}.v-inconsistent{background:#fbe0e0}.v-inconclusive{background:#fff6d6}.v-error{background:#eee}
.plots{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 20px;align-items:flex-start}.plots figure{margin:0;border:1px solid #eee}.plots figcaption{font-size:11px;color:#777;padding:0 8px 4px}
table.details{width:auto;font-size:12px;margin:2px 0}table.details th{white-space:nowrap}table.details td{font-variant-numeric:tabular-nums}
.meta{color:#555;font-size:13px}pre{font-size:11px;background:#fafafa;padding:6px;overflow:auto;max-height:300px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:13px}dt{font-weight:bold}
`;

function verdictClass(c: CheckResult): string {
  return c.status === 'error' ? 'v-error' : `v-${c.verdict}`;
}

function summaryTable(report: RunReport): string {
  const head = `<tr>${SUMMARY_HEADER.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr>`;
  const rows = report.checks.map((c) => {
    const r = summaryRow(c);
    const cells = r.map((cell, j) =>
      j === 0
        ? `<a href="#${escapeRaw(c.theoremId)}">${escapeXml(cell)}</a>`
        : j === 6
          ? `<code>${escapeRaw(cell)}</code>`
          : escapeXml(cell),
    );
    return `<tr class="${verdictClass(c)}">${cells.map((x) => `<td>${x}</td>`).join('')}</tr>`;
  });
  return `<table>${head}${rows.join('')}</table>`;
}

/** The "Conjectures" section: one row per conjecture, coloured by its verdict over the run. */
function conjecturesSection(report: RunReport): string {
  const lines = conjectureReportLines(report);
  if (!lines.length) return '';
  const head = ['conjecture', 'statement', 'quantity', 'verdict', 'why'];
  const rows = lines.map(
    (c) =>
      `<tr class="v-${c.verdict}"><td><a href="#${escapeRaw(c.id)}"><code>${escapeRaw(c.id)}</code></a></td><td>${escapeXml(c.statement)}</td><td>${escapeXml(c.quantity)}</td><td>${escapeXml(c.verdict)}</td><td>${escapeXml(c.reason)}</td></tr>`,
  );
  return `<h2>Conjectures</h2>
<p class="meta">A conjecture is inconsistent when any of its checks is, consistent only when every check is (and at least one ran), inconclusive otherwise.</p>
<table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

/** Figures as inline SVG, each with links to its files. */
function figuresHtml(figures: readonly Figure[]): string {
  if (!figures.length) return '';
  const one = (f: Figure) =>
    `<figure>${f.svg}<figcaption>figures/${escapeRaw(f.name)}.<a href="figures/${encodeURIComponent(f.name)}.svg">svg</a> · <a href="figures/${encodeURIComponent(f.name)}.vl.json">vl.json</a> · <a href="figures/${encodeURIComponent(f.name)}.csv">csv</a></figcaption></figure>`;
  return `<div class="plots">${figures.map(one).join('')}</div>`;
}

function theoremSection(t: TheoremSummary, checks: readonly CheckResult[], figures?: ReportFigures): string {
  const tol =
    t.tolerance.scale === 'relative'
      ? `±${formatNumber(100 * t.tolerance.value)}% (relative)`
      : `±${formatNumber(t.tolerance.value)} (absolute)`;
  const hyps = t.hypotheses
    .map(
      (h) =>
        `<code>${escapeRaw(h.name)}</code>: ${escapeXml(h.description)}${h.range ? ` [${h.range[0]}, ${h.range[1]}]` : ''}`,
    )
    .join('; ');
  const parts = [
    `<h2 id="${escapeRaw(t.id)}">${t.kind === 'conjecture' ? 'Conjecture' : 'Theorem'} <code>${escapeRaw(t.id)}</code>: ${escapeXml(t.title)}</h2>`,
    '<dl>',
    `<dt>Source</dt><dd>${escapeXml(`${t.source.paper}, ${t.source.theorem}, ${t.source.equation}`)}</dd>`,
    t.rationale ? `<dt>Rationale</dt><dd>${escapeXml(t.rationale)}</dd>` : '',
    `<dt>Predictor</dt><dd><code>${escapeRaw(t.predictor)}</code></dd>`,
    `<dt>Test</dt><dd>${escapeXml(t.test)}</dd>`,
    `<dt>Tolerance</dt><dd>${escapeXml(tol)} — ${escapeXml(t.tolerance.reason)}</dd>`,
    `<dt>Plan</dt><dd>${escapeXml(t.plan.description)}</dd>`,
    `<dt>Hypotheses</dt><dd>${hyps}</dd>`,
    '</dl>',
  ];
  for (const c of checks) {
    parts.push(
      `<h3 class="${verdictClass(c)}">${escapeXml(formatHypotheses(c))}: ${c.status === 'error' ? 'error' : escapeXml(c.verdict)}</h3>`,
      `<p class="meta">predicted ${escapeXml(formatNumber(c.predicted.value))} (<code>${escapeRaw(c.predicted.predictor)}</code>), band [${escapeXml(formatNumber(c.tolerance.band[0]))}, ${escapeXml(formatNumber(c.tolerance.band[1]))}]; ` +
        `observed ${escapeXml(formatNumber(c.observed.estimate))} [${escapeXml(formatNumber(c.observed.ci[0]))}, ${escapeXml(formatNumber(c.observed.ci[1]))}] at confidence ${c.confidence}` +
        `${c.pValue !== null ? `, p(in band) = ${escapeXml(formatNumber(c.pValue))} (${c.budgetMethod})` : ''}; ${c.elapsedSeconds.toFixed(1)} s. ` +
        `Replay: <code>${escapeRaw(c.replay)}</code>${c.error ? `<br>Error: ${escapeXml(c.error)}` : ''}` +
        `${(c.requirements ?? []).map((r) => `<br>Requirement <b>${escapeXml(r.name)}</b> ${r.met ? 'met' : '<b>not met</b> (caps the verdict at inconclusive)'}: ${escapeXml(r.detail)}`).join('')}</p>`,
    );
    parts.push(figuresHtml(figures?.byCheck.get(c.id) ?? []));
    if (Object.keys(c.details).length) {
      // The test's own numbers (per-η table, local slopes, plan) as tables; report.json has all.
      parts.push(`<details><summary>details</summary>${detailsHtml(c.details)}</details>`);
    }
  }
  return parts.join('\n');
}

/**
 * The whole self-contained `report.html`.
 * @param figures the rendered figures (`renderReportFigures`); without them the page has none.
 */
export function renderHtml(report: RunReport, figures?: ReportFigures): string {
  const s = report.summary;
  const run = report.run;
  const sections = report.theorems.map((t) =>
    theoremSection(
      t,
      report.checks.filter((c) => c.theoremId === t.id),
      figures,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>htsgd verification report</title><style>${CSS}</style></head>
<body>
<h1>htsgd verification report</h1>
<p class="meta">Tier <b>${escapeXml(run.tier)}</b>, seed <code>${escapeRaw(String(run.seed))}</code>, family-wise error budget ${run.errorBudget} over ${run.checkIds.length} check(s), time budget ${run.timeBudgetSeconds} s, elapsed ${run.elapsedSeconds.toFixed(1)} s, started ${escapeXml(run.startedAt)}.
${run.shards ? `Shards ${escapeXml(run.shards.map((x) => `${x.index}/${x.count}`).join(', '))}.` : ''} ${report.complete ? '' : `<b>Partial report: ${report.checks.length} of ${run.checkIds.length} checks.</b>`}</p>
<p><b>${s.consistent} consistent, ${s.inconsistent} inconsistent, ${s.inconclusive} inconclusive, ${s.errors} error(s)</b> of ${s.total}.
A verdict is an equivalence test: <i>consistent</i> when the CI lies inside predicted ± tolerance, <i>inconsistent</i> when it misses that band, <i>inconclusive</i> otherwise.</p>
${report.checks.length ? summaryTable(report) : '<p>No checks ran.</p>'}
${figures?.run.length ? `<h2 id="run-figures">Figures of the run</h2>\n${figuresHtml(figures.run)}` : ''}
${conjecturesSection(report)}
${sections.join('\n')}
</body></html>
`;
}
