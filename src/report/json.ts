/**
 * `report.json`: the run report as JSON. JSON has no ±Infinity or NaN, yet CIs can be unbounded
 * (an honest "unknown") and failed checks carry NaN, so non-finite numbers are written as
 * `{"$number": "Infinity" | "-Infinity" | "NaN"}` and revived on reading: a merge of shard
 * reports sees exactly the numbers the shards computed.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { conjectureReportLines } from '../verify/conjecture-verdict.ts';
import type { RunReport } from '../verify/types.ts';

function encode(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const v = (value as { $number?: unknown }).$number;
    if (keys.length === 1 && (v === 'Infinity' || v === '-Infinity' || v === 'NaN')) return Number(v);
  }
  return value;
}

/**
 * The report as pretty JSON text (non-finite numbers encoded, see the module comment). A run with
 * conjectures also gets `conjectures`: one verdict line per conjecture (id, statement, quantity,
 * verdict, reason, counts; `conjectureReportLines`), derived from the checks, so readers of the
 * JSON need not fold the checks themselves; `parseReport` ignores it and rewriting recomputes it.
 */
export function reportToJson(report: RunReport): string {
  const conjectures = conjectureReportLines(report);
  return jsonText(conjectures.length ? { ...report, conjectures } : report);
}

/** Any value (a check result, a theorem list) as pretty JSON with non-finite numbers encoded. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, encode, 2)}\n`;
}

/**
 * Parses report JSON text and checks that it is an `htsgd-report/1` report.
 * @param source where the text came from, for the error message.
 * @throws InputError (ERR_LOAD) for invalid JSON or another schema.
 */
export function parseReport(text: string, source = 'report'): RunReport {
  let data: unknown;
  try {
    data = JSON.parse(text, decode);
  } catch (err) {
    throw new InputError(
      'ERR_LOAD',
      `htsgd: ${source} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`,
      { api: 'htsgd' },
    );
  }
  const r = data as Partial<RunReport>;
  if (
    r === null ||
    typeof r !== 'object' ||
    r.schema !== 'htsgd-report/1' ||
    !Array.isArray(r.checks) ||
    typeof r.run !== 'object' ||
    !Array.isArray(r.run?.checkIds)
  ) {
    throw new InputError(
      'ERR_LOAD',
      `htsgd: ${source} is not an htsgd report (expected "schema": "htsgd-report/1" with run and checks).`,
      { api: 'htsgd' },
    );
  }
  return r as RunReport;
}

/**
 * Reads and parses a report file.
 * @throws InputError (ERR_LOAD) when the file cannot be read or is not a report.
 */
export function readReport(path: string): RunReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(
      'ERR_LOAD',
      `htsgd: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
      { api: 'htsgd' },
    );
  }
  return parseReport(text, path);
}
