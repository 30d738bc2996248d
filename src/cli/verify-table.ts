/**
 * The verdict table `htsgd verify` (and `replay`, `report merge|render`) prints on a terminal: at
 * most {@link TABLE_WIDTH} columns, one line per check. Each row has a short replay id (`r3`: the
 * third check of the report) that `htsgd replay r3 --from DIR` resolves against the report written
 * to DIR; the full replay commands, hypotheses and error inputs are in report.json (and `--json`).
 * Columns: id, theorem, point (hypotheses, abbreviated), η and chains of the experiment (read from
 * the check's details), predicted, observed [CI], tolerance, verdict. Errors: `error` as verdict and
 * the message, one line each, under the table.
 */
import { formatNumber } from '../core/format.ts';
import type { CheckResult, RunReport } from '../verify/types.ts';

/** The widest line of the table. */
export const TABLE_WIDTH = 120;

/** The short replay id of the i-th (0-based) check of a report: `r1`, `r2`, … */
export function shortId(index: number): string {
  return `r${index + 1}`;
}

/** The 0-based index a short id names, or undefined when `s` is not one. */
export function shortIdIndex(s: string): number | undefined {
  const m = /^r([1-9]\d*)$/.exec(s);
  return m ? Number(m[1]) - 1 : undefined;
}

const SYMBOL: Readonly<Record<string, string>> = {
  tailIndex: 'α',
  truncation: 'b',
  stepSize: 'η',
  basin: 'k',
  target: 'l',
  noiseScale: 'c',
  pPlus: 'p₊',
};

/**
 * The hypotheses of a row, short: `α=1.2 b=0.5 k=2`, `random-1 b=0.71 sharp-exit 3→2`. The paper
 * landscape (the default fixture) and η (its own column) are left out; b = ∞ is `b=∞`.
 */
export function pointLabel(c: Pick<CheckResult, 'hypotheses'>): string {
  const h = c.hypotheses;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(h)) {
    if (k === 'stepSize' || (k === 'landscape' && v === 'paper') || k === 'to') continue;
    if (v === null && k !== 'truncation') continue;
    if (k === 'from') {
      parts.push(`${String(v)}→${h.to === null || h.to === undefined ? '·' : String(h.to)}`);
      continue;
    }
    if (k === 'landscape' || k === 'statistic') {
      parts.push(String(v));
      continue;
    }
    const value = v === null ? '∞' : typeof v === 'number' ? formatNumber(v, { digits: 3 }) : String(v);
    parts.push(`${SYMBOL[k] ?? k}=${value}`);
  }
  return parts.join(' ');
}

/** Numbers under `keys` in a check's details (nested records and arrays, a few levels deep). */
function collect(details: unknown, keys: ReadonlySet<string>, depth: number, out: number[]): number[] {
  if (depth < 0 || typeof details !== 'object' || details === null) return out;
  for (const [k, v] of Object.entries(details)) {
    if (keys.has(k) && typeof v === 'number' && Number.isFinite(v)) {
      out.push(v);
    } else if (keys.has(k) && Array.isArray(v)) {
      for (const x of v) if (typeof x === 'number' && Number.isFinite(x)) out.push(x);
    } else {
      collect(v, keys, depth - 1, out);
    }
  }
  return out;
}

function compact(n: number): string {
  if (n >= 1e6) return `${formatNumber(n / 1e6, { digits: 2 })}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}

/**
 * η and chains of a check's experiment, as its details record them: the step size (or the range
 * `min…max` over the step sizes of a sweep), and the chains (or `N paths`) simulated, summed over
 * the sweep's points; `—` for what a check does not have (the exact oracle simulates no chain).
 */
export function runSize(c: Pick<CheckResult, 'details'>): { stepSize: string; chains: string } {
  const etas = [...new Set(collect(c.details, new Set(['stepSize', 'stepSizes']), 4, []))].sort((a, b) => a - b);
  const f = (x: number) => formatNumber(x, { digits: 2, exponentDigits: 1, compactExponent: true });
  const stepSize = etas.length === 0 ? '—' : etas.length === 1 ? f(etas[0]) : `${f(etas[0])}…${f(etas.at(-1)!)}`;
  const chains = collect(c.details, new Set(['chains']), 3, []);
  const paths = collect(c.details, new Set(['paths']), 3, []);
  const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    stepSize,
    chains: chains.length > 0 ? compact(total(chains)) : paths.length > 0 ? `${compact(total(paths))}p` : '—',
  };
}

function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

const HEADER = ['id', 'theorem', 'point', 'η', 'chains', 'predicted ± tol', 'observed [CI]', 'verdict'];
/** Columns cut when the table is too wide, in order, and how narrow each may get at that pass. */
const SHRINK: ReadonlyArray<readonly [column: number, min: number]> = [
  [2, 18],
  [1, 18],
  [2, 10],
  [1, 12],
];

function row(c: CheckResult, i: number): string[] {
  const n = (x: number) => formatNumber(x, { digits: 3 });
  const t = c.tolerance;
  const size = runSize(c);
  const error = c.status === 'error';
  return [
    shortId(i),
    c.theoremId,
    pointLabel(c),
    size.stepSize,
    size.chains,
    `${n(c.predicted.value)} ${t.scale === 'relative' ? `±${formatNumber(100 * t.value, { digits: 2 })}%` : `±${formatNumber(t.value, { digits: 2 })}`}`,
    error ? '—' : `${n(c.observed.estimate)} [${n(c.observed.ci[0])}, ${n(c.observed.ci[1])}]`,
    error ? 'error' : c.verdict,
  ];
}

/**
 * The table of a report's checks, at most {@link TABLE_WIDTH} columns (the point, then the theorem
 * column are cut with `…` when needed), error messages under it (one line each), the tally and how
 * to replay a row.
 * @param opts.from - where report.json was written (the table says `htsgd replay rN --from <it>`).
 * @param opts.footer - the last line instead of that hint (`htsgd replay` prints the row's command).
 */
export function formatVerifyTable(report: RunReport, opts: { from?: string; footer?: string } = {}): string {
  const s = report.summary;
  const tally =
    `${s.total} check(s): ${s.consistent} consistent, ${s.inconsistent} inconsistent, ${s.inconclusive} inconclusive, ${s.errors} error(s)` +
    `${report.complete ? '' : ` (partial: ${report.checks.length} of ${report.run.checkIds.length} checks of the run)`}` +
    `\ntier ${report.run.tier}, seed ${String(report.run.seed)}, family-wise error budget ${report.run.errorBudget}`;
  if (report.checks.length === 0) return `${tally}\n`;
  const rows = report.checks.map(row);
  const widths = HEADER.map((h, j) => Math.max([...h].length, ...rows.map((r) => [...r[j]].length)));
  const total = () => widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
  for (const [j, min] of SHRINK) {
    const excess = total() - TABLE_WIDTH;
    if (excess > 0 && widths[j] > min) widths[j] = Math.max(min, widths[j] - excess);
  }
  const line = (r: string[]) =>
    r
      .map((cell, j) => truncate(cell, widths[j]).padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  const errors = report.checks
    .map((c, i) => (c.status === 'error' ? `${shortId(i)} error: ${(c.error ?? '').replace(/\s*\n\s*/g, ' ')}` : ''))
    .filter(Boolean);
  const how =
    opts.footer !== undefined
      ? opts.footer
      : opts.from !== undefined
        ? `replay a row: htsgd replay r<N> --from ${opts.from}`
        : 'replay commands: in --json, or write --report DIR and run htsgd replay r<N> --from DIR';
  return `${[line(HEADER), ...rows.map(line), ...errors, tally, how].join('\n')}\n`;
}
