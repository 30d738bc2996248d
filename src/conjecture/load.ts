/** Loading conjecture files (`htsgd verify --conjecture FILE`). */
import { register as registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { basename, resolve as resolvePath } from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { importUserModule, OWN_EXTENSION } from '../core/user-module.ts';
import { type AnyConjecture, isConjecture } from './spec.ts';

let hooked = false;

/**
 * Lets `import ... from 'htsgd'` resolve to this package from files outside the repo too (no
 * install needed): a module resolve hook (node:module `register`, Node ≥ 20.6) maps the bare
 * specifier to this package's entry (`src/index.ts`, or `dist/src/index.js` when compiled). It applies to ES modules (.mts/.mjs, or .ts/.js under a
 * `"type": "module"` package.json); inside the repo the package's self-reference already works.
 */
function resolveHtsgdEverywhere(): void {
  if (hooked) return;
  hooked = true;
  // index.ts from the sources, index.js in the compiled package (dist/).
  const index = new URL(`../index${OWN_EXTENSION}`, import.meta.url).href;
  const hooks = `export async function resolve(s, c, next) { return next(s === 'htsgd' ? ${JSON.stringify(index)} : s, c); }`;
  registerHooks(`data:text/javascript,${encodeURIComponent(hooks)}`);
}

const API = 'htsgd verify';

function fileError(file: string, message: string): InputError {
  return new InputError('ERR_LOAD', `${API}: --conjecture ${file}: ${message}`, { api: API, option: '--conjecture' });
}

/**
 * Where a syntax error is, as `file:line:column` and the compiler's message: esbuild's (TypeScript,
 * through tsx) says it in its message; V8's (JavaScript) does not, so `node --check` is asked.
 */
function syntaxLocation(file: string, path: string, err: unknown): string | undefined {
  const msg = err instanceof Error ? err.message : String(err);
  const esbuild = /^.*?:(\d+):(\d+): ERROR: (.*)$/m.exec(msg);
  if (esbuild) return `${file}:${esbuild[1]}:${esbuild[2]}: ${esbuild[3]}`;
  if (!(err instanceof SyntaxError) || !/\.(m|c)?js$/i.test(path)) return undefined;
  const check = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
  // `file:///…/x.mjs:3` / the source line / a caret under the column / blank / `SyntaxError: …`
  const lines = (check.stderr ?? '').split('\n');
  const at = lines.findIndex((l) => /:(\d+)$/.test(l) && l.includes(basename(path)));
  if (at < 0) return undefined;
  const line = /:(\d+)$/.exec(lines[at])![1];
  const caret = lines[at + 2]?.indexOf('^') ?? -1;
  const what = lines.find((l) => l.startsWith('SyntaxError: '))?.slice('SyntaxError: '.length) ?? msg;
  return `${file}:${line}${caret >= 0 ? `:${caret + 1}` : ''}: ${what}`;
}

/** The one line a file that fails to load gets (syntax errors with file, line and column). */
function loadError(file: string, path: string, err: unknown): InputError {
  // defineConjecture refusing its options while the file loads: say which file.
  if (err instanceof InputError) return fileError(file, err.message);
  const where = syntaxLocation(file, path, err);
  if (where !== undefined) return fileError(file, `syntax error at ${where}`);
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const hint = /Cannot find module 'htsgd'/.test(msg)
    ? ' (outside the repo the file must be an ES module: name it .mts, or put a package.json with "type": "module" beside it)'
    : '';
  return fileError(file, `cannot load: ${msg}${hint}`);
}

/**
 * Loads a conjecture file (JS or TS; default export from `defineConjecture`, or an array of them).
 * @throws InputError (ERR_LOAD) when the file is missing, fails to load (a syntax error names
 *   file:line:column and the compiler's message), its `defineConjecture` refuses its options, or it
 *   exports no conjecture.
 */
export async function loadConjectures(file: string): Promise<AnyConjecture[]> {
  const path = resolvePath(file);
  if (!existsSync(path)) throw fileError(file, 'no such file.');
  resolveHtsgdEverywhere();
  let mod: { default?: unknown };
  try {
    mod = (await importUserModule(pathToFileURL(path).href)) as { default?: unknown };
  } catch (err) {
    throw loadError(file, path, err);
  }
  const d = mod.default;
  const list = Array.isArray(d) ? d : [d];
  if (list.length === 0 || !list.every(isConjecture)) {
    throw fileError(file, "the default export must be defineConjecture({...}) from 'htsgd' (or an array of them).");
  }
  return list;
}
