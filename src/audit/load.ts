/**
 * Loading and validating an optimizer module under audit. Everything a user's file can get wrong
 * before the first real step (not loadable, no default export, no `create`, claims outside their
 * domain, a first step that throws or returns NaN) becomes one InputError line, never a crash.
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { InputError, invalidOption } from '../core/errors.ts';
import { importUserModule } from '../core/user-module.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { NoiseSpec } from '../model/types.ts';
import { firstLine, PHASE, unwatched, WATCH_PHASE, WATCH_STEPS } from './tasks.ts';
import { parseInput } from '../core/schema.ts';
import { claimsSchema, type ParsedClaims } from './claims-schema.ts';
import type { OptimizerClaims, OptimizerModule, ResolvedOptimizer } from './types.ts';
import { resolveClaimsRd } from './rd/claims.ts';
import type { NoiseSpecRd } from '../model/rd/noise.ts';

const API = 'htsgd audit';

/**
 * Imports a module file and returns its default export, unvalidated. TypeScript files load through
 * tsx (`importUserModule`), from the sources or the compiled package alike.
 * @throws InputError (ERR_LOAD) when the file is missing or its import throws.
 */
export async function importOptimizer(path: string): Promise<unknown> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new InputError('ERR_LOAD', `${API}: cannot load ${path}: no such file.`, { api: API });
  let mod: { default?: unknown };
  try {
    mod = (await importUserModule(pathToFileURL(abs).href)) as { default?: unknown };
  } catch (err) {
    throw new InputError('ERR_LOAD', `${API}: cannot load ${path}: ${firstLine(err)}`, { api: API });
  }
  return mod.default;
}

/** The keys a claims object may have (anything else is a typo or an unsupported claim). */
export const CLAIM_KEYS = Object.keys(claimsSchema.shape) as Array<keyof ParsedClaims>;

/**
 * Validates `claims` against `claimsSchema` and resolves them to a noise spec and a truncation b
 * (Infinity for null).
 * @throws InputError (ERR_INVALID_OPTION) naming the bad claim, e.g.
 *   `htsgd audit: invalid option \`claims.tailIndex\`: expected a number > 1 (stable: in (1, 2)), got 0.8.`
 */
export function resolveClaims(claims: unknown): {
  claims: OptimizerClaims;
  noise: NoiseSpec;
  truncation: number;
  rd?: { dimension: number; noise: NoiseSpecRd };
} {
  if (!claims || typeof claims !== 'object' || Array.isArray(claims))
    throw invalidOption(API, 'claims', 'an object { noise, tailIndex, noiseScale, pPlus, truncation }', claims);
  const c = parseInput(claimsSchema, claims, { api: API, prefix: 'claims.' });
  if (c.dimension !== undefined && c.dimension !== 1) return resolveClaimsRd(c);
  if (c.direction !== undefined)
    throw invalidOption(API, 'claims.direction', 'absent in dimension 1 (claim `dimension: 2` too)', c.direction);
  const kind = c.noise;
  const scale = c.noiseScale;
  const b = c.truncation;
  const alpha = c.tailIndex ?? NaN;
  const noise: NoiseSpec =
    kind === 'gaussian'
      ? { kind, scale }
      : kind === 'lomax'
        ? { kind, tailIndex: alpha, scale, pPlus: c.pPlus ?? 0.5 }
        : { kind, tailIndex: alpha, scale };
  try {
    createNoiseLaw(noise);
  } catch (err) {
    // The model's own domain check, reported under the claim (never under the model's function name).
    if (err instanceof InputError && err.option !== undefined && err.expected !== undefined)
      throw invalidOption(API, `claims.${err.option === 'scale' ? 'noiseScale' : err.option}`, err.expected, err.got);
    throw new InputError('ERR_INVALID_OPTION', `${API}: invalid claims: ${firstLine(err)}`, {
      api: API,
      option: 'claims',
    });
  }
  const resolved: OptimizerClaims = {
    noise: kind,
    ...(kind === 'gaussian' ? {} : { tailIndex: alpha }),
    noiseScale: scale,
    ...(kind === 'lomax' ? { pPlus: c.pPlus ?? 0.5 } : {}),
    truncation: b,
  };
  return { claims: resolved, noise, truncation: b === null ? Infinity : b };
}

/**
 * Checks the shape of a default export (`{ name?, claims, create }`) and smoke-tests it: one
 * instance, a few steps from x = 0 with a zero gradient must leave finite numbers.
 * @throws InputError (ERR_LOAD) on a missing `create`, a bad instance, a throw or a NaN;
 *   (ERR_INVALID_OPTION) on bad claims.
 */
export function validateOptimizer(exported: unknown, path: string, watch: Int32Array = unwatched()): ResolvedOptimizer {
  if (!exported || typeof exported !== 'object') {
    throw new InputError('ERR_LOAD', `${API}: ${path} has no default export object { name, claims, create }.`, {
      api: API,
    });
  }
  const m = exported as Partial<OptimizerModule>;
  if (typeof m.create !== 'function')
    throw new InputError(
      'ERR_LOAD',
      `${API}: ${path}: the default export has no create({ stepSize, dimension, seed }) function.`,
      { api: API },
    );
  const { claims, noise, truncation, rd } = resolveClaims(m.claims);
  const name = typeof m.name === 'string' && m.name.length > 0 ? m.name : path;
  smokeTest(m as OptimizerModule, name, watch, rd?.dimension ?? 1);
  return { path: resolve(path), name, claims, noise, truncation, ...(rd ? { rd } : {}) };
}

/** Steps of the smoke test {@link validateOptimizer} runs (from x = 0, gradient 0, η = 0.01). */
export const SMOKE_STEPS = 16;

function smokeTest(m: OptimizerModule, name: string, watch: Int32Array, dimension: number): void {
  let inst: unknown;
  try {
    watch[WATCH_PHASE] = PHASE.create;
    inst = m.create({ stepSize: 0.01, dimension, seed: 12345 });
    watch[WATCH_PHASE] = PHASE.step;
  } catch (err) {
    throw new InputError('ERR_LOAD', `${API}: ${name}: create() threw: ${firstLine(err)}`, { api: API });
  }
  if (!inst || typeof (inst as { step?: unknown }).step !== 'function') {
    throw new InputError(
      'ERR_LOAD',
      `${API}: ${name}: create() must return an object with a step(x, gradient) function.`,
      { api: API },
    );
  }
  const x = new Float64Array(dimension);
  const g = new Float64Array(dimension);
  let returned: unknown;
  for (let i = 0; i < SMOKE_STEPS; i++) {
    try {
      const r = (inst as { step: (x: Float64Array, g: Float64Array) => unknown }).step(x, g);
      if (r !== undefined && returned === undefined) returned = r;
    } catch (err) {
      throw new InputError('ERR_LOAD', `${API}: ${name}: step() threw: ${firstLine(err)}`, { api: API });
    }
    watch[WATCH_STEPS]++;
    const bad = x.find((v) => !Number.isFinite(v));
    if (bad !== undefined)
      throw new InputError(
        'ERR_LOAD',
        `${API}: ${name}: step() produced ${bad} from x = 0 with gradient 0 (step size 0.01).`,
        { api: API },
      );
  }
  if (returned !== undefined && x.every((v) => v === 0)) {
    const shown =
      typeof returned === 'number' ? String(returned) : typeof returned === 'object' ? 'an object' : typeof returned;
    throw new InputError(
      'ERR_LOAD',
      `${API}: ${name}: step() returned a value (${shown}) and left x unchanged; it must update x in place (e.g. x[0] -= …), its return value is ignored.`,
      { api: API },
    );
  }
}

/**
 * Loads and validates an optimizer module (see {@link validateOptimizer}) in THIS thread, with no
 * timeout: a module whose import or step never returns hangs the caller. `runAudit` therefore loads
 * through a watched worker instead; this is for callers that trust the module.
 * @example const opt = await loadOptimizer('fixtures/optimizers/clipped-lomax-sgd.js'); opt.claims.tailIndex // 1.2
 */
export async function loadOptimizer(path: string): Promise<ResolvedOptimizer> {
  return validateOptimizer(await importOptimizer(path), path);
}
