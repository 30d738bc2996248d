/**
 * docs/inputs.md is generated from the input schemas (`npm run docs:inputs`): this fails when the
 * committed file and the schemas disagree (a key added, a domain changed), whitespace aside
 * (Prettier realigns the tables).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputsMarkdown, INPUT_FORMATS } from './input-formats.ts';

const normalise = (s: string) =>
  s
    .replace(/-{3,}/g, '---')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n+/g, '\n')
    .trim();

describe('docs/inputs.md', () => {
  it('is what the schemas generate (run `npm run docs:inputs` after changing a schema)', () => {
    const committed = readFileSync(new URL('../../docs/inputs.md', import.meta.url), 'utf8');
    expect(normalise(committed)).toBe(normalise(inputsMarkdown()));
  });

  it('documents every key of every format with its type, whether required, its domain and meaning', () => {
    const md = inputsMarkdown();
    const rows = new Map(
      md
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => {
          const cells = l
            .split(/(?<!\\)\|/)
            .slice(1, -1)
            .map((c) => c.trim());
          return [cells[0].replace(/`/g, ''), cells] as const;
        }),
    );
    for (const key of ['kind', 'roots', 'scale', 'box', 'noise', 'tailIndex', 'noiseScale', 'pPlus', 'truncation']) {
      const cells = rows.get(key);
      expect(cells, key).toBeDefined();
      expect(
        cells!.every((c) => c.length > 0),
        key,
      ).toBe(true);
    }
    for (const key of ['id', 'statement', 'quantity', 'predict', 'hypotheses.landscapes', 'hypotheses.truncation'])
      expect(rows.get(key)?.[3], key).toMatch(/\S/);
    expect(INPUT_FORMATS.map((f) => `## ${f.title}`).every((h) => md.includes(h))).toBe(true);
  });
});
