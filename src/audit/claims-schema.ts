/**
 * The schema of an optimizer module's `claims` (`htsgd audit <module>`): the noise law the module
 * says it draws and the clipping threshold it says it applies. Unknown keys are errors (`tailindex`,
 * `momentum`), with the nearest known key suggested. docs/inputs.md is generated from it.
 */
import { z } from 'zod';
import { documented } from '../core/schema.ts';

/** The noise laws a claim can name. */
export const CLAIMED_NOISES = ['lomax', 'student-t', 'stable', 'gaussian'] as const;

/** `claims` of an optimizer module's default export. */
export const claimsSchema = z
  .strictObject({
    noise: documented(z.enum(CLAIMED_NOISES), {
      description: 'law of the noise Z in x ← x − φ_b(η(∇f(x) − Z))',
      expected: `one of ${CLAIMED_NOISES.map((k) => `'${k}'`).join(', ')}`,
    }),
    tailIndex: documented(z.number().gt(1).nullable().optional(), {
      description: 'α, the tail index of |Z|; absent (or null) for gaussian',
      expected: 'a number > 1 (stable: in (1, 2))',
    }),
    noiseScale: documented(z.number().gt(0), {
      description: 'c: Z = c·(standard law)',
      expected: 'a finite number > 0',
    }),
    pPlus: documented(z.number().gt(0).lt(1).optional(), {
      description: 'lomax only: P(Z > 0); default 0.5 (the other laws are symmetric)',
      expected: 'a probability in (0, 1)',
    }),
    truncation: documented(z.number().gt(0).nullable(), {
      description: 'b, the clip on the whole step η(∇f − Z); null for no clipping',
      expected: 'a finite number > 0, or null for no clipping',
    }),
    dimension: documented(z.number().int().gte(1).optional(), {
      description: 'd, the dimension the optimizer works in; default 1 (2 gets the planar audit)',
      expected: 'an integer ≥ 1 (1 or 2 audited)',
    }),
    direction: documented(z.literal('isotropic').optional(), {
      description: 'dimension ≥ 2 only: the law of the noise direction Θ',
      expected: "'isotropic'",
    }),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const alpha = c.tailIndex ?? undefined;
    if (c.noise === 'gaussian' && alpha !== undefined)
      issue('tailIndex', 'absent for Gaussian noise (it has no tail index)');
    if (c.noise !== 'gaussian' && alpha === undefined) issue('tailIndex', 'a number > 1 (stable: in (1, 2))');
    if (c.noise === 'stable' && alpha !== undefined && alpha >= 2) issue('tailIndex', 'a number in (1, 2)');
    if (c.noise !== 'lomax' && c.pPlus !== undefined && c.pPlus !== 0.5)
      issue('pPlus', `0.5 (${c.noise} noise is symmetric)`);
  })
  .meta({ description: 'The `claims` of an optimizer module (`htsgd audit <module>`).' });

/** Claims after the schema. */
export type ParsedClaims = z.output<typeof claimsSchema>;
