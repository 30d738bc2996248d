/** Loading conjecture files (`htsgd verify --conjecture FILE`). */
import { register as registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { resolve as resolvePath } from 'node:path';
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

/**
 * Loads a conjecture file (JS or TS; default export from `defineConjecture`, or an array of them).
 * @throws InputError (ERR_LOAD) when the file is missing, fails to load or exports no conjecture.
 */
export async function loadConjectures(file: string): Promise<AnyConjecture[]> {
  const path = resolvePath(file);
  if (!existsSync(path))
    throw new InputError('ERR_LOAD', `htsgd verify: --conjecture ${file}: no such file.`, {
      api: 'htsgd verify',
      option: '--conjecture',
    });
  resolveHtsgdEverywhere();
  let mod: { default?: unknown };
  try {
    mod = (await importUserModule(pathToFileURL(path).href)) as { default?: unknown };
  } catch (err) {
    if (err instanceof InputError) throw err;
    const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    const hint = /Cannot find module 'htsgd'/.test(msg)
      ? ' (outside the repo the file must be an ES module: name it .mts, or put a package.json with "type": "module" beside it)'
      : '';
    throw new InputError('ERR_LOAD', `htsgd verify: --conjecture ${file}: cannot load: ${msg}${hint}`, {
      api: 'htsgd verify',
      option: '--conjecture',
    });
  }
  const d = mod.default;
  const list = Array.isArray(d) ? d : [d];
  if (list.length === 0 || !list.every(isConjecture)) {
    throw new InputError(
      'ERR_LOAD',
      `htsgd verify: --conjecture ${file}: the default export must be defineConjecture({...}) from 'htsgd' (or an array of them).`,
      { api: 'htsgd verify', option: '--conjecture' },
    );
  }
  return list;
}
