/**
 * The schema of a conjecture's options (what `defineConjecture({...})` takes in a conjecture file).
 * Unknown keys are errors (`hypothesis`, `tailindex`), with the nearest known key suggested.
 * docs/inputs.md is generated from it.
 */
import { z } from 'zod';
import { documented } from '../core/schema.ts';
import { CONJECTURE_QUANTITIES } from './quantity.ts';
import { CONJECTURE_FAMILY, RANDOM_FAMILY } from './family.ts';

/** Lower-case words joined by `-`. */
export const CONJECTURE_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const finite = z.number();
const infinity = z.custom<number>((v) => v === Infinity).meta({ type: 'Infinity' });

function range(allowInfinity: boolean, description: string) {
  const expected = `[min, max] with min ≤ max${allowInfinity ? ' (max may be Infinity: b = ∞)' : ''}`;
  return documented(
    z
      .tuple([finite, allowInfinity ? z.union([finite, infinity]) : finite])
      .refine(([lo, hi]) => lo <= hi, { message: expected })
      .optional(),
    { description, expected },
  );
}

const landscapeNames = [...CONJECTURE_FAMILY.map((m) => m.name), RANDOM_FAMILY];

/** `hypotheses` of a conjecture: the part of the measured family its points are drawn from. */
export const conjectureHypothesesSchema = z.strictObject({
  landscapes: documented(z.array(z.enum(landscapeNames as [string, ...string[]])).optional(), {
    description: 'settings of the family to draw from (default: all)',
    expected: `a list of ${landscapeNames.join(', ')}`,
  }),
  tailIndex: range(false, 'inclusive range of α'),
  truncation: range(true, 'inclusive range of b; b = ∞ (no clipping) is included when max is Infinity'),
});

/** The options of `defineConjecture`. */
export const conjectureSpecSchema = z
  .strictObject({
    id: documented(z.string().regex(CONJECTURE_ID_PATTERN), {
      description: 'names the checks, the streams and the replay ids',
      expected: 'lower-case words joined by `-` (e.g. clipping-irrelevant)',
    }),
    statement: documented(z.string().trim().min(1), {
      description: 'the claim in words (printed in every report)',
      expected: 'a non-empty string',
    }),
    quantity: documented(z.enum(CONJECTURE_QUANTITIES), {
      description: 'what `predict` predicts (it sets the inputs `predict` receives and how it is observed)',
      expected: `one of ${CONJECTURE_QUANTITIES.join(', ')}`,
    }),
    predict: documented(
      z.custom<(inputs: never) => number>((v) => typeof v === 'function', {
        message: 'a function (inputs) => number',
      }),
      {
        description: "(inputs) => the predicted value, a finite number (inputs: the theory's values at the point)",
        expected: 'a function (inputs) => number',
      },
    ),
    hypotheses: documented(conjectureHypothesesSchema.optional(), {
      description: 'narrowing of the settings drawn from (all optional; default: the whole family)',
      expected: 'an object {landscapes?, tailIndex?, truncation?}',
    }),
    rationale: documented(z.string().trim().min(1).optional(), {
      description: 'why the claim is expected; default: the statement',
      expected: 'a non-empty string',
    }),
    kind: documented(z.literal('htsgd-conjecture').optional(), {
      description: 'set by defineConjecture (present when a defined conjecture is spread into a new one)',
      expected: "'htsgd-conjecture'",
    }),
  })
  .meta({ description: "The options of `defineConjecture({...})` (a conjecture file's default export)." });
