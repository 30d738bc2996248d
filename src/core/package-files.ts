/**
 * Files of the htsgd package itself (package.json, ci/tiers.json, ci/seeds.json), found from this
 * module's own location: src/core/ in the repository, dist/src/core/ in a packed install (the
 * compiled tree keeps the repository's layout one level down, see tsconfig.build.json).
 */
import { FROM_SOURCE } from './user-module.ts';

/** The package's root directory, as a `file:` URL ending in `/`. */
export const PACKAGE_ROOT = new URL(FROM_SOURCE ? '../../' : '../../../', import.meta.url);

/** A file of the package by its path from the root, e.g. `packageFile('ci/tiers.json')`. */
export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}
