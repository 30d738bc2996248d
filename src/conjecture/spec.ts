/**
 * What a user declares (`defineConjecture` from 'htsgd'): id, statement, quantity, `predict` and
 * optional hypotheses, validated once at the boundary.
 */
import { invalidOption } from '../core/errors.ts';
import { type ConjectureQuantity } from './quantity.ts';
import { parseInput } from '../core/schema.ts';
import { type QuantityInputs } from './inputs.ts';
import { CONJECTURE_ID_PATTERN, conjectureSpecSchema } from './spec-schema.ts';

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

/**
 * Declares a conjecture (the package's public `defineConjecture`): validates it once and returns it
 * frozen. Nothing runs until `htsgd verify --conjecture <file>` or {@link conjectureDeclaration}.
 * @throws InputError (ERR_INVALID_OPTION) naming the field (`conjectureSpecSchema`): a bad id, an
 *   empty statement, an unknown quantity, a `predict` that is not a function, a malformed
 *   `hypotheses`, or an unknown key (with the nearest known one).
 * @example
 *   export default defineConjecture({
 *     id: 'clipping-irrelevant', statement: 'The exit order is the tail index, whatever b',
 *     quantity: 'exit-order', predict: ({ tailIndex }) => tailIndex,
 *   });
 */
export function defineConjecture<Q extends ConjectureQuantity>(spec: ConjectureSpec<Q>): Conjecture<Q> {
  const api = 'defineConjecture';
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw invalidOption(api, 'conjecture', 'an object {id, statement, quantity, predict}', spec);
  const id = (spec as { id?: unknown }).id;
  const at = typeof id === 'string' && CONJECTURE_ID_PATTERN.test(id) ? `${api}(${id})` : api;
  parseInput(conjectureSpecSchema, spec, { api: at });
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
