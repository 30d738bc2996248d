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
import type { OptimizerClaims, OptimizerModule, ResolvedOptimizer } from './types.ts';

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
export const CLAIM_KEYS = ['noise', 'tailIndex', 'noiseScale', 'pPlus', 'truncation'] as const;

/** ' Did you mean `tailIndex`?' for keys that differ only in case from a known key not given. */
function suggest(unknown: string[], given: Record<string, unknown>): string {
  const hits = unknown
    .map((k) => CLAIM_KEYS.find((c) => c.toLowerCase() === k.toLowerCase() && !(c in given)))
    .filter((c) => c !== undefined);
  return hits.length > 0 ? ` Did you mean ${hits.map((h) => `\`${h}\``).join(', ')}?` : '';
}

/**
 * Validates `claims` and resolves them to a noise spec and a truncation b (Infinity for null).
 * @throws InputError (ERR_INVALID_OPTION) naming the bad claim, e.g.
 *   `htsgd audit: invalid option \`claims.tailIndex\`: expected a number > 1, got 0.8.`
 */
export function resolveClaims(claims: unknown): { claims: OptimizerClaims; noise: NoiseSpec; truncation: number } {
  if (!claims || typeof claims !== 'object')
    throw invalidOption(API, 'claims', 'an object { noise, tailIndex, noiseScale, pPlus, truncation }', claims);
  const c = claims as Record<string, unknown>;
  const unknown = Object.keys(c).filter((k) => !(CLAIM_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new InputError(
      'ERR_INVALID_OPTION',
      `${API}: invalid option \`claims\`: expected only the keys ${CLAIM_KEYS.join(', ')}, got unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}.${suggest(unknown, c)}`,
      { api: API, option: `claims.${unknown[0]}` },
    );
  }
  const kinds = ['lomax', 'student-t', 'stable', 'gaussian'] as const;
  const kind = c.noise;
  if (!kinds.includes(kind as (typeof kinds)[number]))
    throw invalidOption(API, 'claims.noise', `one of ${kinds.map((k) => `'${k}'`).join(', ')}`, kind);
  const scale = c.noiseScale;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0)
    throw invalidOption(API, 'claims.noiseScale', 'a finite number > 0', scale);
  const b = c.truncation;
  if (b === undefined || !(b === null || (typeof b === 'number' && Number.isFinite(b) && b > 0))) {
    throw invalidOption(API, 'claims.truncation', 'a finite number > 0, or null for no clipping', b);
  }
  let noise: NoiseSpec;
  if (kind === 'gaussian') {
    if (c.tailIndex !== undefined && c.tailIndex !== null)
      throw invalidOption(API, 'claims.tailIndex', 'absent for Gaussian noise (it has no tail index)', c.tailIndex);
    noise = { kind: 'gaussian', scale };
  } else {
    const alpha = c.tailIndex;
    const stable = kind === 'stable';
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 1 || (stable && alpha >= 2)) {
      throw invalidOption(API, 'claims.tailIndex', stable ? 'a number in (1, 2)' : 'a number > 1', alpha);
    }
    const pPlus = c.pPlus ?? 0.5;
    if (typeof pPlus !== 'number' || !(pPlus > 0 && pPlus < 1))
      throw invalidOption(API, 'claims.pPlus', 'a probability in (0, 1)', pPlus);
    if (kind !== 'lomax' && pPlus !== 0.5)
      throw invalidOption(API, 'claims.pPlus', `0.5 (${kind} noise is symmetric)`, pPlus);
    noise =
      kind === 'lomax'
        ? { kind, tailIndex: alpha, scale, pPlus }
        : { kind: kind as 'student-t' | 'stable', tailIndex: alpha, scale };
  }
  try {
    createNoiseLaw(noise);
  } catch (err) {
    throw new InputError('ERR_INVALID_OPTION', `${API}: invalid claims: ${firstLine(err)}`, {
      api: API,
      option: 'claims',
    });
  }
  const resolved: OptimizerClaims = {
    noise: kind as OptimizerClaims['noise'],
    ...(kind === 'gaussian' ? {} : { tailIndex: c.tailIndex as number }),
    noiseScale: scale,
    ...(kind === 'lomax' ? { pPlus: (c.pPlus ?? 0.5) as number } : {}),
    truncation: b as number | null,
  };
  return { claims: resolved, noise, truncation: b === null ? Infinity : (b as number) };
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
  const { claims, noise, truncation } = resolveClaims(m.claims);
  const name = typeof m.name === 'string' && m.name.length > 0 ? m.name : path;
  smokeTest(m as OptimizerModule, name, watch);
  return { path: resolve(path), name, claims, noise, truncation };
}

/** Steps of the smoke test {@link validateOptimizer} runs (from x = 0, gradient 0, η = 0.01). */
export const SMOKE_STEPS = 16;

function smokeTest(m: OptimizerModule, name: string, watch: Int32Array): void {
  let inst: unknown;
  try {
    watch[WATCH_PHASE] = PHASE.create;
    inst = m.create({ stepSize: 0.01, dimension: 1, seed: 12345 });
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
  const x = new Float64Array(1);
  const g = new Float64Array(1);
  let returned: unknown;
  for (let i = 0; i < SMOKE_STEPS; i++) {
    try {
      const r = (inst as { step: (x: Float64Array, g: Float64Array) => unknown }).step(x, g);
      if (r !== undefined && returned === undefined) returned = r;
    } catch (err) {
      throw new InputError('ERR_LOAD', `${API}: ${name}: step() threw: ${firstLine(err)}`, { api: API });
    }
    watch[WATCH_STEPS]++;
    if (!Number.isFinite(x[0]))
      throw new InputError(
        'ERR_LOAD',
        `${API}: ${name}: step() produced ${x[0]} from x = 0 with gradient 0 (step size 0.01).`,
        { api: API },
      );
  }
  if (returned !== undefined && x[0] === 0) {
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
