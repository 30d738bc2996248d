/**
 * Writes docs/inputs.md from the input schemas (`npm run docs:inputs`). `src/cli/inputs-doc.test.ts`
 * fails when the committed file differs from what the schemas generate.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inputsMarkdown } from '../src/cli/input-formats.ts';

const target = fileURLToPath(new URL('../docs/inputs.md', import.meta.url));
writeFileSync(target, inputsMarkdown());
process.stdout.write(`wrote ${target}\n`);
