/**
 * Importing a user's module (a conjecture file, an optimizer under audit, an R^d landscape) whether
 * htsgd runs from its TypeScript sources (the repository: the bin registers tsx, vitest transforms)
 * or from the compiled JavaScript of a packed install (`dist/`, plain Node). In the compiled case a
 * user's `.ts`/`.mts`/`.cts` file still needs a TypeScript loader, so tsx (a dependency) is
 * registered once, on the first such file; a `.js`/`.mjs` file never loads tsx.
 */

/** True when this module runs from source (`.ts`), false from the compiled package (`.js`). */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The extension of htsgd's own modules as they run now: `.ts` from source, `.js` compiled. */
export const OWN_EXTENSION = FROM_SOURCE ? '.ts' : '.js';

let tsxRegistered = false;

/**
 * Imports `url` (a `file:` URL or specifier of a user's module). A TypeScript file under the compiled package
 * first registers tsx's ESM loader (once per thread).
 * @throws whatever the import throws (callers turn it into an InputError naming the file).
 */
export async function importUserModule(url: string): Promise<unknown> {
  if (!FROM_SOURCE && !tsxRegistered && /\.[mc]?ts$/.test(url.split(/[?#]/)[0])) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return import(url);
}
