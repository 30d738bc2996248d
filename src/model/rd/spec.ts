/**
 * Named R^d landscapes for the command line and files: `himmelblau`, `hook`, `well`, `gaussian-wells`,
 * `separable` (of 1-D specs, e.g. `{kind: 'separable', parts: [{kind: 'paper'}, {kind: 'polynomial',
 * roots: [0], box: 1.6}]}`), or a JS/TS module path (a user landscape exporting `gradient(x, out)`,
 * `minima`, `ball`). Resolution is async because a module is loaded with `import()`.
 */
import { pathToFileURL } from 'node:url';
import { resolve as resolvePath } from 'node:path';
import { invalidOption } from '../../core/errors.ts';
import { resolveLandscape } from '../landscapes.ts';
import type { LandscapeSpec } from '../types.ts';
import { himmelblauVariant } from './himmelblau.ts';
import {
  gaussianWellsLandscape,
  hookValleyLandscape,
  separableLandscape,
  userLandscape,
  wellLandscape,
  type GaussianWellsOptions,
  type HookValleyOptions,
  type WellOptions,
} from './landscapes.ts';
import type { LandscapeRd } from './types.ts';

export type LandscapeSpecRd =
  | { kind: 'himmelblau'; resolution?: number }
  | ({ kind: 'hook' } & HookValleyOptions)
  | ({ kind: 'well' } & WellOptions)
  | ({ kind: 'gaussian-wells' } & GaussianWellsOptions)
  | { kind: 'separable'; parts: LandscapeSpec[]; ball?: number }
  | { kind: 'module'; path: string; resolution?: number };

const API = 'resolveLandscapeRd';

/**
 * Builds a landscape from a spec, a name (`'himmelblau'`, `'hook'`) or a module path (ending in
 * .js, .mjs, .ts, .mts). Throws InputError (ERR_INVALID_LANDSCAPE / ERR_LOAD) on bad input.
 * @example await resolveLandscapeRd('himmelblau')
 */
export async function resolveLandscapeRd(spec: LandscapeSpecRd | string): Promise<LandscapeRd> {
  if (typeof spec === 'string') {
    if (spec === 'himmelblau') return himmelblauVariant();
    if (spec === 'hook') return hookValleyLandscape();
    if (/\.(m?js|m?ts)$/.test(spec)) return userLandscape(pathToFileURL(resolvePath(spec)).href);
    throw invalidOption(
      API,
      'landscape',
      "'himmelblau', 'hook', a spec object or a .js/.ts module path",
      spec,
      undefined,
      'ERR_INVALID_LANDSCAPE',
    );
  }
  switch (spec?.kind) {
    case 'himmelblau':
      return himmelblauVariant(spec.resolution);
    case 'hook':
      return hookValleyLandscape(spec);
    case 'well':
      return wellLandscape(spec);
    case 'gaussian-wells':
      return gaussianWellsLandscape(spec);
    case 'separable':
      return separableLandscape(
        spec.parts.map((p) => resolveLandscape(p)),
        spec.ball,
      );
    case 'module':
      return userLandscape(pathToFileURL(resolvePath(spec.path)).href, spec.resolution);
    default:
      throw invalidOption(
        API,
        'kind',
        "one of 'himmelblau', 'hook', 'well', 'gaussian-wells', 'separable', 'module'",
        (spec as { kind?: unknown })?.kind,
        undefined,
        'ERR_INVALID_LANDSCAPE',
      );
  }
}
