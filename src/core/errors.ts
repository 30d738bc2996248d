/**
 * Errors of the public boundary. Scientific outcomes (censored chains, verdicts) are data, never
 * errors; only bad input throws, and it throws one shape:
 * `<api>: invalid option \`name\`: expected <domain>, got <value>.` plus the fix where one exists.
 */

/** Stable machine-readable codes; tests and the CLI match on these, never on message text. */
export type ErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_INVALID_LANDSCAPE'
  | 'ERR_UNSUPPORTED'
  | 'ERR_NOT_COVERED'
  | 'ERR_LOAD'
  | 'ERR_TIMEOUT';

/** Bad input at a public boundary. The CLI prints `message` on one line and exits with code 2. */
export class InputError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}

/** Formats a value for an error message: short, unambiguous (strings quoted, arrays inline). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/**
 * The one error shape for a bad option.
 * @example invalidOption('runExit', 'stepSize', 'a finite number in (0, 1]', -1)
 *   // InputError: runExit: invalid option `stepSize`: expected a finite number in (0, 1], got -1.
 */
export function invalidOption(api: string, name: string, expected: string, got: unknown, fix?: string): InputError {
  const tail = fix ? ` ${fix}` : '';
  return new InputError('ERR_INVALID_OPTION', `${api}: invalid option \`${name}\`: expected ${expected}, got ${describeValue(got)}.${tail}`);
}
