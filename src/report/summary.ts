/**
 * The plain-text summary of a report: one row per check (theorem, hypotheses, predicted, observed
 * [CI], tolerance, verdict, replay) and a one-line tally. The CLI prints it; markdown and HTML reuse
 * its columns.
 */
import { formatNumber } from '../core/format.ts';
import type { CheckResult, RunReport } from '../verify/types.ts';

/** `name=value, ...` of a check's hypotheses (`none` for null, i.e. b = ∞). */
export function formatHypotheses(c: Pick<CheckResult, 'hypotheses'>): string {
  return (
    Object.entries(c.hypotheses)
      // 12 significant digits: b = 0.47, not the float 0.47000000000000003 a sweep computed.
      .map(
        ([k, v]) =>
          `${k}=${v === null ? 'none' : typeof v === 'number' ? String(Number(v.toPrecision(12))) : String(v)}`,
      )
      .join(', ')
  );
}

/** The columns every summary shows (text here, markdown in `src/report/markdown.ts`). */
export function summaryRow(c: CheckResult): string[] {
  const t = c.tolerance;
  return [
    c.theoremId,
    formatHypotheses(c),
    formatNumber(c.predicted.value),
    c.status === 'error'
      ? `error: ${c.error ?? ''}`
      : `${formatNumber(c.observed.estimate)} [${formatNumber(c.observed.ci[0])}, ${formatNumber(c.observed.ci[1])}]`,
    t.scale === 'relative' ? `±${formatNumber(100 * t.value)}%` : `±${formatNumber(t.value)}`,
    c.verdict,
    c.replay,
  ];
}

/** The header of `summaryRow`. */
export const SUMMARY_HEADER = ['theorem', 'hypotheses', 'predicted', 'observed [CI]', 'tolerance', 'verdict', 'replay'];

/**
 * A plain-text table of a report's checks (columns padded, replay last so long commands do not
 * push the rest) and a one-line tally.
 */
export function formatSummaryTable(report: RunReport): string {
  const rows = [SUMMARY_HEADER, ...report.checks.map(summaryRow)];
  const widths = SUMMARY_HEADER.map((_, j) => Math.max(...rows.map((r) => [...r[j]].length)));
  const line = (r: string[]) =>
    r
      .map((cell, j) => (j === r.length - 1 ? cell : cell.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  const s = report.summary;
  const tally =
    `${s.total} check(s): ${s.consistent} consistent, ${s.inconsistent} inconsistent, ${s.inconclusive} inconclusive, ${s.errors} error(s)` +
    `${report.complete ? '' : ` (partial: ${report.checks.length} of ${report.run.checkIds.length} checks of the run)`}` +
    ` — tier ${report.run.tier}, seed ${String(report.run.seed)}, family-wise error budget ${report.run.errorBudget}`;
  if (report.checks.length === 0) return `${tally}\n`;
  return `${[line(rows[0]), ...rows.slice(1).map(line)].join('\n')}\n${tally}\n`;
}
