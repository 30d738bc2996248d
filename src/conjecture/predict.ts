/**
 * Calling a user's `predict` safely: under a watchdog (a `predict` that never returns is stopped,
 * as the audit stops a `step` that never returns), and with a one-line message saying what it
 * returned when that is not a finite number. The inputs of the failing call travel as data
 * (`PredictError.details`), to the JSON report, never inside the one-line message.
 */
import vm from 'node:vm';

/** Milliseconds a `predict` call may take before the watchdog stops it. @default 5000 */
export const PREDICT_TIMEOUT_MS = 5000;

/** A `predict` call that failed; `details.inputs` are the inputs it was called with. */
export class PredictError extends Error {
  readonly details: Readonly<Record<string, unknown>>;
  constructor(message: string, details: Record<string, unknown>) {
    super(message);
    this.name = 'PredictError';
    this.details = details;
  }
}

/** What a value is, for a message: `a string ("1.4")`, `undefined`, `an object`, `NaN`, `Infinity`. */
export function describeReturned(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 20 ? `${v.slice(0, 17)}...` : v)})`;
  if (typeof v === 'bigint') return `a bigint (${v}n)`;
  if (typeof v === 'boolean') return `a boolean (${v})`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array (length ${v.length})`;
  if (v instanceof Promise) return 'a Promise (predict must be synchronous)';
  return `${typeof v === 'symbol' ? 'a symbol' : 'an object'}`;
}

// One context and one compiled script for every call: the watchdog is V8's own (vm `timeout`
// terminates whatever JavaScript runs during the call, also functions defined outside the context).
const context = vm.createContext({});
const script = new vm.Script('globalThis.predict(globalThis.inputs)');

/**
 * Calls `predict(inputs)` under a watchdog and returns its value when it is a finite number.
 * @throws PredictError (one line, `details.inputs` set) when it throws, returns something else
 *   (saying what type), or runs longer than `timeoutMs`.
 */
export function callPredict(
  predict: (inputs: never) => unknown,
  inputs: unknown,
  timeoutMs: number = PREDICT_TIMEOUT_MS,
): number {
  const details = { inputs };
  let v: unknown;
  try {
    context.predict = predict;
    context.inputs = inputs;
    v = script.runInContext(context, { timeout: timeoutMs });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new PredictError(
        `predict did not return within ${timeoutMs / 1000} s (stopped by the watchdog; inputs in the JSON report)`,
        details,
      );
    const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new PredictError(`predict threw: ${msg} (inputs in the JSON report)`, details);
  } finally {
    context.predict = undefined;
    context.inputs = undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const what =
    typeof v === 'number' ? `${describeReturned(v)}, not a finite number` : `${describeReturned(v)}, not a number`;
  throw new PredictError(`predict returned ${what} (inputs in the JSON report)`, details);
}
