/**
 * Writes a run's three report files into a directory: `report.json` (the data, mergeable),
 * `report.md` (summary table and theorems) and the self-contained `report.html` (with plots).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { RunReport } from '../verify/types.ts';
import { renderHtml } from './html.ts';
import { reportToJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';

/**
 * Writes `report.json`, `report.md` and `report.html` into `dir` (created if missing) and returns
 * their paths.
 * @throws InputError (ERR_LOAD) when the directory cannot be written.
 */
export function writeReport(report: RunReport, dir: string): { json: string; markdown: string; html: string } {
  const paths = { json: join(dir, 'report.json'), markdown: join(dir, 'report.md'), html: join(dir, 'report.html') };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(paths.json, reportToJson(report));
    writeFileSync(paths.markdown, renderMarkdown(report));
    writeFileSync(paths.html, renderHtml(report));
  } catch (err) {
    throw new InputError('ERR_LOAD', `htsgd: cannot write the report to ${dir}: ${err instanceof Error ? err.message : String(err)}`, { api: 'htsgd', option: '--report' });
  }
  return paths;
}
