/**
 * A check's `details` (its own numbers: per-η tables, fits, plans) as HTML tables rather than a JSON
 * dump: scalars as key–value rows, arrays of records as tables with one column per key, arrays of
 * numbers as lists, nested records as nested key–value tables. Long arrays are cut (report.json
 * has everything) and numbers are printed with 4 significant digits.
 */
import { formatNumber } from '../core/format.ts';
import { escapeXml } from './escape.ts';
import { mathText } from './math.ts';

const MAX_ROWS = 40;
const MAX_LIST = 24;
const MAX_DEPTH = 3;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return escapeXml(formatNumber(v));
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return escapeXml(mathText(v));
  return escapeXml(JSON.stringify(v));
}

function cell(v: unknown, depth: number): string {
  if (Array.isArray(v)) return arrayHtml(v, depth + 1);
  if (isRecord(v))
    return depth >= MAX_DEPTH ? `<code>${escapeXml(JSON.stringify(v).slice(0, 200))}</code>` : recordHtml(v, depth + 1);
  return scalar(v);
}

function arrayHtml(a: readonly unknown[], depth: number): string {
  if (a.length === 0) return '(none)';
  if (a.every((x) => !Array.isArray(x) && !isRecord(x))) {
    const shown = a.slice(0, MAX_LIST).map(scalar).join(', ');
    return a.length > MAX_LIST ? `${shown}, … (${a.length} in all)` : shown;
  }
  if (a.every(isRecord) && depth < MAX_DEPTH + 1) {
    const keys: string[] = [];
    for (const r of a as Record<string, unknown>[]) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
    const head = `<tr>${keys.map((k) => `<th>${escapeXml(mathText(k))}</th>`).join('')}</tr>`;
    const rows = (a as Record<string, unknown>[])
      .slice(0, MAX_ROWS)
      .map((r) => `<tr>${keys.map((k) => `<td>${cell(r[k], depth)}</td>`).join('')}</tr>`);
    const more =
      a.length > MAX_ROWS
        ? `<tr><td colspan="${keys.length}">… ${a.length - MAX_ROWS} more rows in report.json</td></tr>`
        : '';
    return `<table class="details">${head}${rows.join('')}${more}</table>`;
  }
  return a
    .slice(0, MAX_LIST)
    .map((x) => cell(x, depth))
    .join('<br>');
}

function recordHtml(r: Record<string, unknown>, depth: number): string {
  const rows = Object.entries(r).map(
    ([k, v]) => `<tr><th>${escapeXml(mathText(k))}</th><td>${cell(v, depth)}</td></tr>`,
  );
  return `<table class="details kv">${rows.join('')}</table>`;
}

/** The details of a check as nested HTML tables. */
export function detailsHtml(details: Readonly<Record<string, unknown>>): string {
  return recordHtml(details, 0);
}
