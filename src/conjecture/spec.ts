/**
 * What a user declares (`defineConjecture` from 'htsgd'): id, statement, quantity, `predict` and
 * optional hypotheses, validated once at the boundary.
 */
import { invalidOption } from '../core/errors.ts';
import { CONJECTURE_QUANTITIES, type ConjectureQuantity } from './quantity.ts';
import { type QuantityInputs } from './inputs.ts';
import { CONJECTURE_FAMILY, RANDOM_FAMILY } from './family.ts';

/**
 * Narrowing of the hypotheses the suite draws from (all optional; the default is the whole family).
 * A conjecture narrowed to nothing has no checks, and its verdict is `inconclusive`, never `consistent`.
 */
export interface ConjectureHypotheses {
  /** Landscape names of `CONJECTURE_FAMILY`, and `random` for the random settings drawn with the run's seed. */
  readonly landscapes?: readonly string[];
  /** Inclusive [min, max] of α. */
  readonly tailIndex?: readonly [number, number];
  /** Inclusive [min, max] of b; b = ∞ (no clipping) is included when max is Infinity. */
  readonly truncation?: readonly [number, number];
}

/** What a user declares. `predict` returns the predicted value of `quantity` (a finite number). */
export interface ConjectureSpec<Q extends ConjectureQuantity = ConjectureQuantity> {
  /** Lower-case words joined by `-`; names the checks and the streams. */
  readonly id: string;
  /** The claim in words (printed in every report). */
  readonly statement: string;
  readonly quantity: Q;
  readonly predict: (inputs: QuantityInputs[Q]) => number;
  readonly hypotheses?: ConjectureHypotheses;
  /** Why the claim is expected. @default the statement */
  readonly rationale?: string;
}

/** A validated conjecture (what `defineConjecture` returns and a conjecture file default-exports). */
export interface Conjecture<Q extends ConjectureQuantity = ConjectureQuantity> extends ConjectureSpec<Q> {
  readonly kind: 'htsgd-conjecture';
}

/**
 * Any conjecture, whatever its quantity (a union, so that `Conjecture<'exit-order'>` is accepted
 * where any conjecture is: `predict`'s parameter makes `Conjecture<Q>` invariant in Q).
 */
export type AnyConjecture = { [Q in ConjectureQuantity]: Conjecture<Q> }[ConjectureQuantity];

const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function checkRange(api: string, name: string, r: unknown, allowInfinity: boolean): void {
  if (r === undefined) return;
  const ok =
    Array.isArray(r) &&
    r.length === 2 &&
    r.every((v) => typeof v === 'number' && !Number.isNaN(v)) &&
    r[0] <= r[1] &&
    Number.isFinite(r[0]) &&
    (allowInfinity || Number.isFinite(r[1]));
  if (!ok)
    throw invalidOption(
      api,
      name,
      `[min, max] with min ≤ max${allowInfinity ? ' (max may be Infinity: b = ∞)' : ''}`,
      r,
    );
}

/**
 * Declares a conjecture (the package's public `defineConjecture`): validates it once and returns it
 * frozen. Nothing runs until `htsgd verify --conjecture <file>` or {@link conjectureDeclaration}.
 * @throws InputError (ERR_INVALID_OPTION) naming the field: a bad id, an empty statement, an unknown
 *   quantity, a `predict` that is not a function, or a malformed `hypotheses`.
 * @example
 *   export default defineConjecture({
 *     id: 'clipping-irrelevant', statement: 'The exit order is the tail index, whatever b',
 *     quantity: 'exit-order', predict: ({ tailIndex }) => tailIndex,
 *   });
 */
export function defineConjecture<Q extends ConjectureQuantity>(spec: ConjectureSpec<Q>): Conjecture<Q> {
  const api = 'defineConjecture';
  if (typeof spec !== 'object' || spec === null)
    throw invalidOption(api, 'conjecture', 'an object {id, statement, quantity, predict}', spec);
  if (typeof spec.id !== 'string' || !ID_PATTERN.test(spec.id))
    throw invalidOption(api, 'id', 'lower-case words joined by `-` (e.g. clipping-irrelevant)', spec.id);
  const at = `${api}(${spec.id})`;
  if (typeof spec.statement !== 'string' || spec.statement.trim() === '')
    throw invalidOption(at, 'statement', 'a non-empty string', spec.statement);
  if (!(CONJECTURE_QUANTITIES as readonly string[]).includes(spec.quantity))
    throw invalidOption(at, 'quantity', `one of ${CONJECTURE_QUANTITIES.join(', ')}`, spec.quantity);
  if (typeof spec.predict !== 'function')
    throw invalidOption(at, 'predict', 'a function (inputs) => number', spec.predict);
  if (spec.rationale !== undefined && (typeof spec.rationale !== 'string' || spec.rationale.trim() === ''))
    throw invalidOption(at, 'rationale', 'a non-empty string', spec.rationale);
  const h = spec.hypotheses;
  if (h !== undefined) {
    if (typeof h !== 'object' || h === null)
      throw invalidOption(at, 'hypotheses', 'an object {landscapes?, tailIndex?, truncation?}', h);
    const known = new Set(['landscapes', 'tailIndex', 'truncation']);
    for (const k of Object.keys(h))
      if (!known.has(k)) throw invalidOption(at, `hypotheses.${k}`, 'one of landscapes, tailIndex, truncation', k);
    if (h.landscapes !== undefined) {
      const names = [...CONJECTURE_FAMILY.map((m) => m.name), RANDOM_FAMILY];
      if (!Array.isArray(h.landscapes) || h.landscapes.some((n) => !names.includes(n)))
        throw invalidOption(at, 'hypotheses.landscapes', `a list of ${names.join(', ')}`, h.landscapes);
    }
    checkRange(at, 'hypotheses.tailIndex', h.tailIndex, false);
    checkRange(at, 'hypotheses.truncation', h.truncation, true);
  }
  return Object.freeze({ ...spec, kind: 'htsgd-conjecture' as const });
}

/** True for what {@link defineConjecture} returned (also across module copies: checks the brand). */
export function isConjecture(x: unknown): x is AnyConjecture {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as Conjecture).kind === 'htsgd-conjecture' &&
    typeof (x as Conjecture).predict === 'function'
  );
}
