/**
 * Writes a run's three report files into a directory: `report.json` (the data, mergeable),
 * `report.md` (summary table and theorems) and the self-contained `report.html` (with plots), and
 * every figure as `figures/<name>.{svg,vl.json,csv}` (src/report/figures.ts).
 *
 * `checkReportDir` is called before any check runs, so that an unwritable `--report DIR` is found in
 * a second, not at the end of a long run. `writeReport` writes atomically: every file goes into a
 * temporary directory in DIR's parent (same file system), and only then is renamed into place, so a
 * failed write (a full disk) never leaves a truncated report.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, invalidOption } from '../core/errors.ts';
import type { RunReport } from '../verify/types.ts';
import { renderReportFigures } from './figures.ts';
import { renderHtml } from './html.ts';
import { reportToJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';

/** Kernel pseudo file systems: writes there never make a report (and `/proc` can hang a write). */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys', '/dev'];

const errno = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EROFS') return 'read-only file system';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOSPC') return 'no space left on the device';
  if (e?.code === 'ENOTDIR') return 'a path component is a file';
  return e?.code ?? (err instanceof Error ? err.message : String(err));
};

/** The nearest ancestor of `abs` (itself included) that exists. */
function existingAncestor(abs: string): string {
  let p = abs;
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return p;
}

/**
 * Checks that `dir` can hold a report: not under a kernel pseudo file system, no path component
 * that is a file, and a file can be created in it (it is created if missing, as `writeReport` would).
 * @param option the flag that named it, for the message (e.g. `--report`, `--out`).
 * @throws InputError (ERR_INVALID_OPTION), one line: `htsgd verify: invalid option \`--report\`:
 *   expected a writable directory, got "/proc/x/r" (under /proc, a kernel file system).`
 */
export function checkReportDir(dir: string, api = 'htsgd', option = '--report'): void {
  const bad = (why: string) =>
    new InputError(
      'ERR_INVALID_OPTION',
      `${api}: invalid option \`${option}\`: expected a writable directory, got ${JSON.stringify(dir)} (${why}).`,
      {
        api,
        option,
        expected: 'a writable directory',
        got: dir,
      },
    );
  if (dir.trim() === '') throw invalidOption(api, option, 'a writable directory', dir);
  const abs = resolve(dir);
  const ancestor = existingAncestor(abs);
  let real: string;
  try {
    real = realpathSync(ancestor);
  } catch (err) {
    throw bad(errno(err));
  }
  const pseudo = PSEUDO_FILE_SYSTEMS.find((p) => real === p || real.startsWith(`${p}/`));
  if (pseudo) throw bad(`under ${pseudo}, a kernel file system`);
  if (!statSync(real).isDirectory())
    throw bad(`${ancestor === abs ? 'it is' : `${ancestor} is`} a file, not a directory`);
  try {
    mkdirSync(abs, { recursive: true });
    const probe = mkdtempSync(join(abs, '.htsgd-write-test-'));
    writeFileSync(join(probe, 'probe'), 'ok\n');
    rmSync(probe, { recursive: true, force: true });
  } catch (err) {
    throw bad(errno(err));
  }
  // The temporary directory of writeReport goes into the parent.
  try {
    rmdirSync(mkdtempSync(join(dirname(abs), `.${basename(abs)}.tmp-`)));
  } catch (err) {
    throw bad(`its parent ${dirname(abs)} is not writable: ${errno(err)}`);
  }
}

/**
 * Writes `report.json`, `report.md`, `report.html` and `figures/` into `dir` (created if missing)
 * and returns their paths. The files are written into a temporary directory next to `dir` first;
 * then the directory is renamed onto `dir` when `dir` is missing or empty, else each file (and
 * `figures/`, replacing the old one) is renamed into it (each rename is atomic; other files in `dir`
 * are kept). On failure nothing half-written remains.
 * @throws InputError (ERR_LOAD) when the directory cannot be written.
 */
export async function writeReport(
  report: RunReport,
  dir: string,
): Promise<{ json: string; markdown: string; html: string; figures: string }> {
  const paths = {
    json: join(dir, 'report.json'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
    figures: join(dir, 'figures'),
  };
  const fail = (err: unknown) =>
    new InputError('ERR_LOAD', `htsgd: cannot write the report to ${dir}: ${errno(err)}.`, {
      api: 'htsgd',
      option: '--report',
    });
  const abs = resolve(dir);
  const pseudo = PSEUDO_FILE_SYSTEMS.find((p) => abs === p || abs.startsWith(`${p}/`));
  if (pseudo) throw fail(`under ${pseudo}, a kernel file system`);
  // Render before touching the disk: a rendering bug must not leave a temporary directory behind.
  // HTSGD_REPORT_FIGURES=0 leaves the figures out (tests of the report's files that do not look at
  // figures: rendering costs ~30–100 ms a figure).
  const withFigures = process.env.HTSGD_REPORT_FIGURES !== '0';
  const figures = withFigures ? await renderReportFigures(report) : { byCheck: new Map(), run: [] };
  const files: Array<[string, string]> = [
    ['report.json', reportToJson(report)],
    ['report.md', renderMarkdown(report)],
    ['report.html', renderHtml(report, figures)],
  ];
  const figureFiles = [...figures.run, ...[...figures.byCheck.values()].flat()].flatMap(
    (f): Array<[string, string]> => [
      [`${f.name}.svg`, f.svg],
      [`${f.name}.vl.json`, f.spec],
      [`${f.name}.csv`, f.csv],
    ],
  );
  let tmp: string | undefined;
  try {
    mkdirSync(dirname(abs), { recursive: true });
    tmp = mkdtempSync(join(dirname(abs), `.${basename(abs)}.tmp-`));
    for (const [name, text] of files) writeFileSync(join(tmp, name), text);
    if (withFigures) mkdirSync(join(tmp, 'figures'));
    for (const [name, text] of figureFiles) writeFileSync(join(tmp, 'figures', name), text);
    const emptyOrMissing = !existsSync(abs) || (statSync(abs).isDirectory() && readdirSync(abs).length === 0);
    if (emptyOrMissing) {
      renameSync(tmp, abs); // rename(2) replaces an empty directory
    } else {
      for (const [name] of files) renameSync(join(tmp, name), join(abs, name));
      // The old figures belong to the old report: replace the directory as a whole.
      rmSync(join(abs, 'figures'), { recursive: true, force: true });
      if (withFigures) renameSync(join(tmp, 'figures'), join(abs, 'figures'));
      rmdirSync(tmp);
    }
    tmp = undefined;
  } catch (err) {
    throw fail(err);
  } finally {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
  return paths;
}
