/**
 * Errors of the public boundary. Scientific outcomes (censored chains, verdicts) are data, never
 * errors; only bad input throws, and it throws one shape:
 * `<api>: invalid option \`name\`: expected <domain>, got <value>.` plus the fix where one exists.
 */

/** Stable machine-readable codes; tests and the CLI match on these, never on message text. */
export type ErrorCode =
  'ERR_INVALID_OPTION' | 'ERR_INVALID_LANDSCAPE' | 'ERR_UNSUPPORTED' | 'ERR_NOT_COVERED' | 'ERR_LOAD' | 'ERR_TIMEOUT';

/**
 * What an {@link InputError} is about, as data, so that callers (the CLI above all) never parse the
 * message: which public function refused which option, and, for the one invalid-option shape, the
 * parts it was built from, so that the message can be rebuilt under another name (a CLI flag).
 */
export interface InputErrorContext {
  /** The public function or command that refused its input (`runExit`, `htsgd audit`, …). */
  readonly api?: string;
  /** The option it refused (`stepSize`, `--engine`, `record.visitCap`), when there is one. */
  readonly option?: string;
  /** The domain the option must lie in (`a finite number in (0, 1]`). */
  readonly expected?: string;
  /** The value that was given. */
  readonly got?: unknown;
  /** The fix the message suggests, if any. */
  readonly fix?: string;
}

/**
 * Bad input at a public boundary. The CLI prints `message` on one line and exits with code 2.
 * `api` and `option` (and, for invalid options, `expected`, `got`, `fix`) say what was refused.
 */
export class InputError extends Error {
  readonly code: ErrorCode;
  readonly api: string | undefined;
  readonly option: string | undefined;
  readonly expected: string | undefined;
  readonly got: unknown;
  readonly fix: string | undefined;
  constructor(code: ErrorCode, message: string, context: InputErrorContext = {}) {
    super(message);
    this.name = 'InputError';
    this.code = code;
    this.api = context.api;
    this.option = context.option;
    this.expected = context.expected;
    this.got = context.got;
    this.fix = context.fix;
  }

  /** The context as a plain object (to send across a worker boundary and rebuild the error). */
  context(): InputErrorContext {
    return { api: this.api, option: this.option, expected: this.expected, got: this.got, fix: this.fix };
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
export function invalidOption(
  api: string,
  name: string,
  expected: string,
  got: unknown,
  fix?: string,
  code: ErrorCode = 'ERR_INVALID_OPTION',
): InputError {
  const tail = fix ? ` ${fix}` : '';
  return new InputError(
    code,
    `${api}: invalid option \`${name}\`: expected ${expected}, got ${describeValue(got)}.${tail}`,
    {
      api,
      option: name,
      expected,
      got,
      fix,
    },
  );
}

/**
 * The same invalid-option error under another api and option name, e.g. a runner's `stepSize`
 * reported as the CLI flag `--step-size` of `simulate exit`. Built from the error's fields, never
 * from its message.
 * @throws nothing; returns `err` unchanged when it is not an invalid-option error with an option.
 */
export function renameOption(err: InputError, api: string, option: string): InputError {
  if (err.option === undefined || err.expected === undefined) return err;
  return invalidOption(api, option, err.expected, err.got, err.fix, err.code);
}
