/**
 * The input formats a user writes by hand, each with its one schema (zod), and `docs/inputs.md`
 * generated from them (`npm run docs:inputs`; a test fails when the file and the schemas disagree).
 */
import type { z } from 'zod';
import { schemaMarkdown } from '../core/schema.ts';
import { landscapeFileSchema } from '../model/landscape-schema.ts';
import { claimsSchema } from '../audit/claims-schema.ts';
import { conjectureSpecSchema } from '../conjecture/spec-schema.ts';

/** One input format: its name, where it is used and its schema. */
export interface InputFormat {
  readonly title: string;
  readonly usedBy: string;
  readonly schema: z.ZodType;
}

/** Every hand-written input format, in the order of docs/inputs.md. */
export const INPUT_FORMATS: readonly InputFormat[] = [
  {
    title: 'Landscape files',
    usedBy:
      '`--landscape FILE.json` of `htsgd simulate`, `theory` and `exact` (examples in `fixtures/landscapes/`). ' +
      "After the schema, the paper's assumptions are checked: an odd number of strictly increasing, non-degenerate roots, all inside (−L, L).",
    schema: landscapeFileSchema,
  },
  {
    title: 'Audit claims',
    usedBy:
      'the `claims` of an optimizer module’s default export `{ name, claims, create }` (`htsgd audit <module>`; examples in `fixtures/optimizers/`).',
    schema: claimsSchema,
  },
  {
    title: 'Conjecture options',
    usedBy:
      "`defineConjecture({...})` from 'htsgd', the default export of a conjecture file (`htsgd verify --conjecture FILE`; examples in `theorems/conjectures/`).",
    schema: conjectureSpecSchema,
  },
];

/** docs/inputs.md: every format's keys, types, domains (as error messages state them) and meaning. */
export function inputsMarkdown(): string {
  const intro =
    '# Input formats\n\n' +
    '<!-- Generated from the schemas (src/cli/input-formats.ts) by `npm run docs:inputs`; do not edit by hand. -->\n\n' +
    'Every file a user writes is checked against one schema. Unknown keys are errors, with the nearest known key ' +
    'suggested (`"scal": 5` → ``Did you mean `scale`?``); a value outside its domain is one line naming the key, the ' +
    'domain below and the value, with exit code 2.\n';
  return [
    intro,
    ...INPUT_FORMATS.map((f) => `## ${f.title}\n\nUsed by ${f.usedBy}\n\n${schemaMarkdown(f.schema)}`),
  ].join('\n');
}
