/**
 * The verdict of a conjecture over all its checks of a run, and its line in a report: pure functions
 * of a `RunReport`, so the report layer renders them without knowing how conjectures are run.
 */
import type { RunReport, Verdict } from './types.ts';

/** The verdict of a whole conjecture over its checks in a run. */
export interface ConjectureVerdict {
  readonly id: string;
  readonly verdict: Verdict;
  readonly checks: number;
  readonly consistent: number;
  readonly inconsistent: number;
  readonly inconclusive: number;
  readonly errors: number;
  /** Why: the counts in words (and "nothing was tested" when there were no checks). */
  readonly reason: string;
}

/**
 * Folds a conjecture's checks into one verdict: `inconsistent` if any check is (the claim fails
 * somewhere it was tested); `consistent` only if it was tested at least once and every check is
 * consistent; otherwise `inconclusive` (no checks, an error, or a check that could not decide).
 */
export function conjectureVerdict(report: RunReport, id: string): ConjectureVerdict {
  const cs = report.checks.filter((c) => c.theoremId === id);
  const n = (v: Verdict) => cs.filter((c) => c.status === 'ok' && c.verdict === v).length;
  const errors = cs.filter((c) => c.status === 'error').length;
  const counts = {
    checks: cs.length,
    consistent: n('consistent'),
    inconsistent: n('inconsistent'),
    inconclusive: n('inconclusive'),
    errors,
  };
  let verdict: Verdict;
  let reason: string;
  if (counts.inconsistent > 0) {
    verdict = 'inconsistent';
    reason = `rejected at ${counts.inconsistent} of ${cs.length} point(s)`;
  } else if (cs.length === 0) {
    verdict = 'inconclusive';
    reason = 'nothing was tested (no point of the family satisfies the hypotheses)';
  } else if (counts.consistent === cs.length) {
    verdict = 'consistent';
    reason = `consistent at all ${cs.length} point(s) tested`;
  } else {
    verdict = 'inconclusive';
    reason = `${counts.consistent} consistent, ${counts.inconclusive} inconclusive, ${errors} error(s) of ${cs.length}`;
  }
  return { id, verdict, ...counts, reason };
}

/** One line of a report's "Conjectures" section: the claim and its verdict over the run. */
export interface ConjectureReportLine extends ConjectureVerdict {
  readonly statement: string;
  readonly quantity: string;
}

/**
 * The per-conjecture verdict lines of a report (what `htsgd verify --conjecture` prints after the
 * table), one per conjecture the report declares, in declaration order; [] for a theorem-only run.
 * Derived from the report alone (statement = the declaration's title, quantity = its plan
 * settings), so a report read back from report.json or merged from shards gives the same lines.
 */
export function conjectureReportLines(report: RunReport): ConjectureReportLine[] {
  return report.theorems
    .filter((t) => t.kind === 'conjecture')
    .map((t) => {
      const q = t.plan.settings.quantity;
      const quantity = typeof q === 'string' ? q : t.source.theorem.replace(/^quantity /, '');
      return { ...conjectureVerdict(report, t.id), statement: t.title, quantity };
    });
}
