/**
 * Validators for the public boundary. Each returns the value (narrowed) or throws the one
 * InputError shape of `errors.ts`. Hot loops never call these: options are resolved once.
 */
import { invalidOption } from './errors.ts';

/** A finite number, optionally inside [min, max] (inclusive) or (min, max) when `open`. */
export function checkNumber(
  api: string,
  name: string,
  value: unknown,
  opts: { min?: number; max?: number; openMin?: boolean; openMax?: boolean; integer?: boolean; domain?: string } = {},
): number {
  const { min = -Infinity, max = Infinity, openMin = false, openMax = false, integer = false } = opts;
  const lo = openMin ? '(' : '[';
  const hi = openMax ? ')' : ']';
  const domain =
    opts.domain ??
    `${integer ? 'an integer' : 'a finite number'}${min > -Infinity || max < Infinity ? ` in ${lo}${min}, ${max}${hi}` : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidOption(api, name, domain, value);
  if (integer && !Number.isInteger(value)) throw invalidOption(api, name, domain, value);
  if (openMin ? value <= min : value < min) throw invalidOption(api, name, domain, value);
  if (openMax ? value >= max : value > max) throw invalidOption(api, name, domain, value);
  return value;
}

/** A positive integer (≥ 1 unless `min` says otherwise). */
export function checkInteger(
  api: string,
  name: string,
  value: unknown,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  return checkNumber(api, name, value, { min, max, integer: true });
}

/** One of a fixed set of strings. */
export function checkChoice<T extends string>(api: string, name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw invalidOption(api, name, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as T;
}
