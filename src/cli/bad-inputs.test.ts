/**
 * Every bad input of issue 15 §3–4 gives one line on stderr, starting with `htsgd`, with the right
 * exit code, and no internal function name (the CLI's user-facing names are the flags, the documented
 * input keys of docs/inputs.md and the package's public exports). The cases run in ONE child process
 * (`runCliBatch`: the real tsx loader, as a user runs it), so the list costs one process start.
 * A conjecture whose `predict` misbehaves is a one-line error row of the table (exit 1), with the
 * inputs of the call in the JSON; a `predict` that never returns is stopped by the watchdog.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliBatch, type CliRun } from '../../ci/test-support/cli.ts';
import { inputsMarkdown } from './input-formats.ts';
import { TABLE_WIDTH } from './verify-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'htsgd-bad-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
const narrow = "hypotheses: { landscapes: ['paper'], tailIndex: [1.2, 1.2], truncation: [0.5, 0.5] }";
const conjecture = (name: string, predict: string, extra = '') =>
  file(
    name,
    `import { defineConjecture } from ${JSON.stringify(entry)};\nexport default defineConjecture({ id: 'c-${name.replace(/\W/g, '')}', statement: 's', quantity: 'exit-order',\n  predict: ${predict}, ${narrow}${extra} });\n`,
  );

type Case = { argv: string[]; code: 2; stderr: RegExp } | { argv: string[]; code: 1; row: RegExp };
const sim = ['simulate', 'exit', '--basin', '2', '--workers', '1', '--quiet'];
const cases: Case[] = [];
const verify = (f: string, ...more: string[]) => ['verify', '--conjecture', f, '--quiet', '--seed', '3', ...more];

beforeAll(() => {
  const scal = file('scal.json', '{ "kind": "polynomial", "roots": [-1, 0, 1], "box": 2, "scal": 5 }');
  const kind = file('kind.json', '{ "kind": "poly", "roots": [-1, 0, 1], "box": 2 }');
  const broken = file('broken.json', '{ "kind": ');
  const even = fileURLToPath(new URL('../../fixtures/landscapes/invalid-even-roots.json', import.meta.url));
  cases.push(
    // §3: numbers, limits, flags that do not apply, the parser's own errors
    {
      argv: [...sim, '--step-size', '0x1'],
      code: 2,
      stderr: /^htsgd: invalid option `--step-size`: expected a number in \(0, 1\], got "0x1"\.$/,
    },
    {
      argv: [...sim, '--step-size', '0.1', '--chains', '1e12'],
      code: 2,
      stderr: /at most 2³⁰ = 1073741824, got "1e12"/,
    },
    {
      argv: [...sim, '--step-size', '0.1', '--noise', 'student-t', '--p-plus', '0.3'],
      code: 2,
      stderr: /`--p-plus`: expected no --p-plus with --noise student-t/,
    },
    {
      argv: [...sim, '--step-size', '0.1', '--noise', 'gaussian', '--tail-index', '2'],
      code: 2,
      stderr: /`--tail-index`: expected no --tail-index with --noise gaussian/,
    },
    {
      argv: ['theory', '--landscape', 'paper', '--roots', '-1,0,1'],
      code: 2,
      stderr: /`--roots`: expected no --roots with --landscape paper/,
    },
    {
      argv: ['theory', '--landscape', 'poly', '--roots', '1,0,2'],
      code: 2,
      stderr: /^htsgd: invalid option `--roots`: expected strictly increasing roots/,
    },
    {
      argv: ['theory', '--noise', 'stable', '--tail-index', '2.5'],
      code: 2,
      stderr: /`--tail-index`: expected a number in \(1, 2\)/,
    },
    {
      argv: [...sim, '--step-size', '0.1', '--noise-direction', 'isotropic'],
      code: 2,
      stderr: /`--noise-direction`: expected no --noise-direction with a 1-D landscape/,
    },
    {
      argv: ['verify', '--predict-timeout', '3'],
      code: 2,
      stderr: /^htsgd: invalid option `--predict-timeout`: expected no --predict-timeout without --conjecture FILE/,
    },
    { argv: [...sim, '--step-size', '0.1', '--bogus'], code: 2, stderr: /^htsgd: unknown option '--bogus'$/ },
    { argv: [...sim, '--step-size'], code: 2, stderr: /^htsgd: option '--step-size <eta>' argument missing$/ },
    {
      argv: ['verify', '--tier', 'huge'],
      code: 2,
      stderr: /^htsgd: invalid option `--tier`: expected one of quick, standard, full/,
    },
    // §3: landscape files (schema: unknown keys, kinds, types), named by file, never by function
    {
      argv: ['theory', '--landscape', scal],
      code: 2,
      stderr:
        /^htsgd: landscape file .*scal\.json: invalid option `scal`: expected one of the keys kind, roots, scale, box, got "scal"\. Did you mean `scale`\?$/,
    },
    {
      argv: ['theory', '--landscape', kind],
      code: 2,
      stderr:
        /landscape file .*kind\.json: invalid option `kind`: expected an object whose kind is 'paper' or 'polynomial', got "poly"/,
    },
    { argv: ['theory', '--landscape', broken], code: 2, stderr: /landscape file .*broken\.json: not valid JSON/ },
    {
      argv: ['theory', '--landscape', join(dir, 'missing.json')],
      code: 2,
      stderr: /landscape file .*missing\.json: cannot read it \(no such file\)/,
    },
    {
      argv: ['exact', '--step-size', '0.01', '--landscape', even],
      code: 2,
      stderr: /landscape file .*invalid-even-roots\.json: invalid option `roots`: expected roots alternating/,
    },
    // §4: conjecture files
    {
      argv: verify(file('broken-js.mjs', "export default {\n  id: 'x',,\n};\n")),
      code: 2,
      stderr: /--conjecture .*broken-js\.mjs: syntax error at .*broken-js\.mjs:2:\d+: /,
    },
    {
      argv: verify(conjecture('syntax.mts', '({ tailIndex }) => tailIndex *')),
      code: 2,
      stderr: /--conjecture .*syntax\.mts: syntax error at .*syntax\.mts:3:\d+: /,
    },
    {
      argv: verify(conjecture('typo.mts', '() => 1', ", rationle: 'why'")),
      code: 2,
      stderr:
        /typo\.mts: defineConjecture\(c-typomts\): invalid option `rationle`: expected one of the keys .*Did you mean `rationale`\?$/,
    },
    {
      argv: verify(file('nothing.mts', 'export default 42;\n')),
      code: 2,
      stderr: /the default export must be defineConjecture/,
    },
    {
      argv: verify(conjecture('string.mts', "() => '1.4'")),
      code: 1,
      row: /^r1 error: predict returned a string \("1\.4"\), not a number/,
    },
    {
      argv: verify(conjecture('nan.mts', '() => NaN')),
      code: 1,
      row: /^r1 error: predict returned NaN, not a finite number/,
    },
    {
      argv: verify(conjecture('hang.mts', '() => { for (;;) {} }'), '--predict-timeout', '0.2'),
      code: 1,
      row: /^r1 error: predict did not return within 0\.2 s \(stopped by the watchdog/,
    },
    // §5: short replay ids need the report that printed them
    {
      argv: ['replay', 'r3'],
      code: 2,
      stderr: /^htsgd replay: invalid option `--from`: expected the report that printed r3/,
    },
  );
});

/** camelCase names of functions declared in src/ (not tests): none may reach a user's message. */
function internalNames(publicNames: Set<string>): Set<string> {
  const names = new Set<string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ts$/.test(f) && !/\.test\.ts$/.test(f)) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(/\bfunction\s+([A-Za-z_]\w*)|\bconst\s+([a-z]\w*)\s*=\s*(?:async\s*)?\(/g))
          if (/[a-z][A-Z]/.test(m[1] ?? m[2])) names.add(m[1] ?? m[2]);
      }
    }
  };
  walk(fileURLToPath(new URL('..', import.meta.url)));
  for (const n of publicNames) names.delete(n);
  return names;
}

describe('bad inputs: one line, `htsgd…`, the right exit code, no internal names', () => {
  let runs: CliRun[] = [];
  let json: CliRun;
  beforeAll(async () => {
    [json, ...runs] = await runCliBatch([
      verify(conjecture('json.mts', '() => undefined'), '--json'),
      ...cases.map((c) => c.argv),
    ]);
  }, 60_000);

  it('each case', () => {
    expect(runs).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const r = runs[i];
      const what = c.argv.join(' ');
      expect(r.code, `${what}\n${r.err}`).toBe(c.code);
      if (c.code === 2) {
        expect(r.out, what).toBe('');
        expect(r.err.endsWith('\n') && r.err.trim().split('\n').length === 1, `${what}: ${r.err}`).toBe(true);
        expect(r.err, what).toMatch(/^htsgd(?: [a-z]+)*: /);
        expect(r.err.trim(), what).toMatch(c.stderr);
      } else {
        // A misbehaving predict: an error row, its message one line under the table, nothing on stderr.
        expect(r.err, what).toBe('');
        const lines = r.out.trimEnd().split('\n');
        expect(
          lines.find((l) => l.startsWith('r1 ')),
          what,
        ).toMatch(/ error$/);
        expect(
          lines.find((l) => l.startsWith('r1 error: ')),
          what,
        ).toMatch(c.row);
        for (const l of lines.slice(0, lines.indexOf('r1 error: ')))
          expect([...l].length).toBeLessThanOrEqual(TABLE_WIDTH);
      }
    });
  });

  it("a failing predict's inputs go to the JSON report", () => {
    const report = JSON.parse(json.out) as {
      checks: { status: string; error: string; details: { inputs?: Record<string, unknown> } }[];
    };
    expect(report.checks[0].status).toBe('error');
    expect(report.checks[0].error).toMatch(/^predict returned undefined, not a number/);
    expect(report.checks[0].error).not.toContain('\n');
    expect(report.checks[0].details.inputs).toMatchObject({
      landscape: 'paper',
      tailIndex: 1.2,
      truncation: 0.5,
      basin: 2,
    });
  });

  it('no message names an internal function; camelCase words are documented input keys or public exports', async () => {
    const publicNames = new Set(Object.keys(await import('../index.ts')));
    const keys = new Set([...inputsMarkdown().matchAll(/^\| `([\w.]+)` \|/gm)].flatMap((m) => m[1].split('.')));
    const internal = internalNames(publicNames);
    expect(
      internal.has('gTestHomogeneity') && internal.has('formatVerifyTable') && internal.has('resolveClaimsRd'),
    ).toBe(true);
    for (const r of runs) {
      // File paths are the user's (and mkdtemp's random suffixes, e.g. `qHozv5`), not our names.
      const raw =
        r.code === 2
          ? r.err
          : r.out
              .split('\n')
              .filter((l) => / error: /.test(l))
              .join('\n');
      const text = raw.replace(/\S*\/\S*/g, '');
      const words = text.match(/[A-Za-z_]\w*/g) ?? [];
      for (const w of words) expect(internal.has(w) && !keys.has(w), `${w} in ${text}`).toBe(false);
      for (const w of text.match(/\b[a-z]+[A-Z]\w*\b/g) ?? [])
        expect(keys.has(w) || publicNames.has(w), `camelCase ${w} in ${text}`).toBe(true);
    }
  });
});
