/**
 * The schema of a landscape file (`--landscape FILE.json`): the paper's landscape or a polynomial
 * f'(x) = A·Π(x − c_k). Unknown keys are errors (`"scal": 5` used to run silently with A = 1). The
 * shape is checked here; the paper's assumptions on the roots (odd count, increasing, inside the box,
 * non-degenerate) are checked by `checkPolynomialSpec` after it. docs/inputs.md is generated from it.
 */
import { z } from 'zod';
import { documented } from '../core/schema.ts';

const finiteNumber = z.number();

/** `{ "kind": "paper" }`. */
export const paperLandscapeSchema = z
  .strictObject({
    kind: documented(z.literal('paper'), {
      description: 'the ICLR 2022 §3.1 test function on [−1.6, 1.6]',
      expected: "'paper' or 'polynomial'",
    }),
  })
  .meta({ description: 'The paper landscape: `{ "kind": "paper" }`.' });

/** `{ "kind": "polynomial", "roots": [...], "scale"?: A, "box": L }`. */
export const polynomialLandscapeSchema = z
  .strictObject({
    kind: documented(z.literal('polynomial'), {
      description: "f'(x) = A·Π(x − c_k) on [−L, L]",
      expected: "'paper' or 'polynomial'",
    }),
    roots: documented(z.array(finiteNumber).min(1), {
      description: "roots c_k of f', increasing, alternating minimum, maximum, …, minimum (an odd count)",
      expected: "a non-empty list of finite roots of f'",
    }),
    scale: documented(finiteNumber.gt(0).optional(), {
      description: 'A, the factor of the product; default 1',
      expected: 'a finite number > 0 (so that the first and last roots are minima)',
    }),
    box: documented(finiteNumber.gt(0), {
      description: 'L: the iterates are projected onto [−L, L]; every root lies strictly inside',
      expected: 'a finite number > 0',
    }),
  })
  .meta({ description: 'A polynomial landscape: `{ "kind": "polynomial", "roots": [...], "scale": A, "box": L }`.' });

/** What a landscape file holds. */
export const landscapeFileSchema = documented(
  z.discriminatedUnion('kind', [paperLandscapeSchema, polynomialLandscapeSchema]),
  {
    description: 'A landscape file (`--landscape FILE.json`).',
    expected: "an object whose kind is 'paper' or 'polynomial'",
  },
);

/** A landscape file's content after the schema. */
export type LandscapeFile = z.output<typeof landscapeFileSchema>;
