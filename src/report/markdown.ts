/**
 * `report.md`: the run in one summary table (theorem, hypotheses, predicted, observed [CI],
 * tolerance, verdict, replay), then each theorem as declared (source, hypotheses, predictor, test,
 * tolerance with its reason), so a reader can judge every verdict without running anything.
 */
import { SUMMARY_HEADER, summaryRow } from './summary.ts';
import { formatNumber } from '../core/format.ts';
import { conjectureReportLines } from '../verify/conjecture-verdict.ts';
import type { RunReport, TheoremSummary } from '../verify/types.ts';
import { mathText } from './math.ts';

/** Escapes a markdown table cell (pipes and newlines). */
export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const VERDICT_MARK: Record<string, string> = {
  consistent: '✅ consistent',
  inconsistent: '❌ inconsistent',
  inconclusive: '❔ inconclusive',
};

/** The summary table of a report as markdown. */
export function summaryTableMarkdown(report: RunReport): string {
  const rows = report.checks.map((c) => {
    const r = summaryRow(c);
    r[5] = c.status === 'error' ? '⚠️ error' : VERDICT_MARK[c.verdict];
    r[6] = `\`${r[6]}\``;
    return r;
  });
  const line = (r: string[]) => `| ${r.map(mdCell).join(' | ')} |`;
  return [line(SUMMARY_HEADER), `|${SUMMARY_HEADER.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** The "Conjectures" section: one row per conjecture with its verdict over the run and why. */
export function conjecturesMarkdown(report: RunReport): string {
  const lines = conjectureReportLines(report);
  if (!lines.length) return '';
  const head = ['conjecture', 'statement', 'quantity', 'verdict', 'why'];
  const line = (r: string[]) => `| ${r.map(mdCell).join(' | ')} |`;
  return [
    '## Conjectures',
    '',
    'A conjecture is inconsistent when any of its checks is, consistent only when every check is (and at least one ran), inconclusive otherwise.',
    '',
    line(head),
    `|${head.map(() => '---').join('|')}|`,
    ...lines.map((c) => line([`\`${c.id}\``, c.statement, c.quantity, VERDICT_MARK[c.verdict], c.reason])),
  ].join('\n');
}

function theoremMarkdown(t: TheoremSummary): string {
  const hyps = t.hypotheses
    .map(
      (h) =>
        `  - \`${h.name}\`: ${mathText(h.description)}${h.range ? ` — range [${h.range[0]}, ${h.range[1]}]` : ''}${h.values ? ` — values ${h.values.map((v) => (v === null ? 'none' : String(v))).join(', ')}` : ''}`,
    )
    .join('\n');
  const tol =
    t.tolerance.scale === 'relative'
      ? `±${formatNumber(100 * t.tolerance.value)}% (relative)`
      : `±${formatNumber(t.tolerance.value)} (absolute)`;
  return [
    `### ${t.kind === 'conjecture' ? 'Conjecture' : 'Theorem'} \`${t.id}\`: ${mathText(t.title)}`,
    '',
    `- Source: ${mathText(`${t.source.paper}, ${t.source.theorem}, ${t.source.equation}`)}`,
    ...(t.rationale ? [`- Rationale: ${mathText(t.rationale)}`] : []),
    `- Predictor: \`${t.predictor}\``,
    `- Test: ${mathText(t.test)}`,
    `- Tolerance: ${tol}. Reason: ${mathText(t.tolerance.reason)}`,
    `- Plan: ${mathText(t.plan.description)} (points: quick ${t.plan.points.quick.length}, standard ${t.plan.points.standard.length}, full ${t.plan.points.full.length}; trials ${t.plan.trials})`,
    '- Hypotheses:',
    hyps,
  ].join('\n');
}

/** The whole `report.md`. */
export function renderMarkdown(report: RunReport): string {
  const s = report.summary;
  const run = report.run;
  const parts = [
    '# htsgd verification report',
    '',
    `Tier **${run.tier}**, seed \`${String(run.seed)}\`, family-wise error budget ${run.errorBudget} over ${run.checkIds.length} check(s)` +
      ` (each CI at confidence 1 − ${formatNumber(run.errorBudget / Math.max(1, run.checkIds.length))}; Holm over the whole run when complete), time budget ${run.timeBudgetSeconds} s, elapsed ${run.elapsedSeconds.toFixed(1)} s.`,
    run.shards ? `Shards: ${run.shards.map((x) => `${x.index}/${x.count}`).join(', ')}.` : '',
    report.complete
      ? ''
      : `**Partial report**: ${report.checks.length} of ${run.checkIds.length} checks; merge the other shards with \`htsgd report merge\`.`,
    '',
    `**${s.consistent} consistent, ${s.inconsistent} inconsistent, ${s.inconclusive} inconclusive, ${s.errors} error(s)** of ${s.total}.`,
    '',
    'A verdict is an equivalence test: *consistent* when the CI lies inside predicted ± tolerance, *inconsistent* when it misses that band, *inconclusive* otherwise.',
    '',
    report.checks.length ? summaryTableMarkdown(report) : '_No checks ran._',
    '',
    conjecturesMarkdown(report),
    '',
    '## Theorems',
    '',
    report.theorems.length ? report.theorems.map(theoremMarkdown).join('\n\n') : '_No theorem is declared yet._',
  ];
  const errors = report.checks.filter((c) => c.status === 'error');
  if (errors.length) parts.push('', '## Errors', '', ...errors.map((c) => `- \`${c.id}\`: ${mdCell(c.error ?? '')}`));
  const unmet = report.checks.filter((c) => (c.requirements ?? []).some((r) => !r.met));
  if (unmet.length) {
    parts.push(
      '',
      '## Requirements not met',
      '',
      '_A consistent CI whose side condition fails is reported inconclusive._',
      '',
    );
    for (const c of unmet)
      for (const r of c.requirements!.filter((x) => !x.met))
        parts.push(`- \`${c.id}\`: **${mdCell(r.name)}**: ${mdCell(r.detail)}`);
  }
  return `${parts.filter((p, i, a) => !(p === '' && a[i - 1] === '')).join('\n')}\n`;
}
