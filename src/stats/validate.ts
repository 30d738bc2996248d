/**
 * Validators shared by the estimators of `src/stats` (each estimator resolves its options once, at
 * its entry, through these). They throw the one InputError shape of `src/core/errors.ts`.
 */
import { invalidOption } from '../core/errors.ts';
import { checkNumber } from '../core/guards.ts';

/** Numeric samples as the estimators accept them. */
export type Samples = ArrayLike<number>;

/**
 * Checks an array of finite numbers (≥ `minLength` of them, each ≥ `min`, or > `min` when `openMin`)
 * and returns it. Scans once, O(n).
 * @throws InputError (ERR_INVALID_OPTION) on a non-array, too few entries or a bad entry.
 */
export function checkSamples(
  api: string,
  name: string,
  values: unknown,
  opts: { minLength?: number; min?: number; openMin?: boolean } = {},
): Samples {
  const { minLength = 1, min = -Infinity, openMin = false } = opts;
  const bound = min > -Infinity ? ` ${openMin ? '>' : '≥'} ${min}` : '';
  const domain = `an array of at least ${minLength} finite number(s)${bound}`;
  if (!(Array.isArray(values) || ArrayBuffer.isView(values)) || typeof (values as Samples).length !== 'number') {
    throw invalidOption(api, name, domain, values);
  }
  const xs = values as Samples;
  if (xs.length < minLength) throw invalidOption(api, name, domain, `an array of length ${xs.length}`);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || (openMin ? v <= min : v < min)) {
      throw invalidOption(api, `${name}[${i}]`, `a finite number${bound}`, v);
    }
  }
  return xs;
}

/**
 * Checks a confidence level in (0, 1); `undefined` gives the default.
 * @default 0.95
 */
export function checkConfidence(api: string, value: unknown, fallback = 0.95): number {
  if (value === undefined) return fallback;
  return checkNumber(api, 'confidence', value, { min: 0, max: 1, openMin: true, openMax: true });
}

/**
 * Checks a test level `significance` in (0, 1); `undefined` gives the default.
 * @default 0.05
 */
export function checkSignificance(api: string, value: unknown, fallback = 0.05): number {
  if (value === undefined) return fallback;
  return checkNumber(api, 'significance', value, { min: 0, max: 1, openMin: true, openMax: true });
}

/**
 * Checks flags of the given length: an array of booleans, or an array / typed array of 0 and 1
 * (e.g. a runner's Uint8Array of censoring flags). Returns them as an indexable 0/1-truthy view.
 */
export function checkFlags(api: string, name: string, values: unknown, length: number): ArrayLike<boolean | number> {
  const domain = `an array of ${length} boolean(s) or 0/1 flags`;
  if (!(Array.isArray(values) || ArrayBuffer.isView(values)) || (values as ArrayLike<unknown>).length !== length) {
    throw invalidOption(api, name, domain, Array.isArray(values) ? `an array of length ${values.length}` : values);
  }
  const xs = values as ArrayLike<unknown>;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== 'boolean' && v !== 0 && v !== 1) throw invalidOption(api, `${name}[${i}]`, 'a boolean or 0/1', v);
  }
  return xs as ArrayLike<boolean | number>;
}

/** Checks an options argument is a plain object or undefined. */
export function checkOptions<T extends object>(api: string, value: unknown): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidOption(api, 'options', 'an object', value);
  return value as Partial<T>;
}
