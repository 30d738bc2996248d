/**
 * The layer check proves the one-way rule only if it can fail: plant each kind of violation in a
 * scratch tree and expect it named, and expect the repository itself to be clean.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types (node runs it in npm test).
import { checkLayers } from './check-layers.mjs';

const check = checkLayers as (root: string) => string[];
const scratch = mkdtempSync(join(tmpdir(), 'htsgd-layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('ci/check-layers.mjs', () => {
  it('passes on the repository', () => {
    expect(check(fileURLToPath(new URL('..', import.meta.url)))).toEqual([]);
  });

  it('fails on a layer violation (sim importing theory)', () => {
    const root = tree('layer', {
      'src/theory/a.ts': 'export const a = 1;\n',
      'src/sim/b.ts': "import { a } from '../theory/a.ts';\nexport const b = a;\n",
    });
    expect(check(root)).toEqual([
      expect.stringMatching(/^src\/sim\/b\.ts imports \.\.\/theory\/a\.ts \(sim -> theory\)$/),
    ]);
  });

  it('fails on src importing theorems/, ci/ or properties/ (multi-line and type-only imports too)', () => {
    const root = tree('outward', {
      'theorems/index.ts': 'export const registry = [];\n',
      'ci/tiers.ts': 'export type T = 1;\n',
      'properties/arb.ts': 'export const arb = 1;\n',
      'src/verify/registry.ts':
        "import {\n  registry,\n} from '../../theorems/index.ts';\nexport const r = registry;\n",
      'src/verify/tiers.ts': "import type { T } from '../../ci/tiers.ts';\nexport type U = T;\n",
      'src/verify/run.test.ts': "import { arb } from '../../properties/arb.ts';\nexport const x = arb;\n",
    });
    const v = check(root);
    expect(v).toHaveLength(3);
    expect(v.join('\n')).toMatch(
      /src\/verify\/registry\.ts imports \.\.\/\.\.\/theorems\/index\.ts: src\/ never imports theorems\//,
    );
    expect(v.join('\n')).toMatch(/src\/verify\/tiers\.ts imports \.\.\/\.\.\/ci\/tiers\.ts/);
    expect(v.join('\n')).toMatch(/src\/verify\/run\.test\.ts imports \.\.\/\.\.\/properties\/arb\.ts/);
  });

  it('allows the composition root and test helpers of ci/test-support/', () => {
    const root = tree('allowed', {
      'theorems/index.ts': 'export const registry = [];\n',
      'ci/test-support/ctx.ts': 'export const ctx = 1;\n',
      'src/cli/htsgd.js': "const { registry } = await import('../../theorems/index.ts');\n",
      'src/verify/run.test.ts': "import { ctx } from '../../ci/test-support/ctx.ts';\nexport const x = ctx;\n",
    });
    expect(check(root)).toEqual([]);
  });

  it('fails on an import cycle between files, and names every file of it', () => {
    const root = tree('cycle', {
      'src/verify/a.ts': "import { c } from './c.ts';\nexport const a = c;\n",
      'src/verify/b.ts': "import type { A } from './a.ts';\nexport type B = A;\n",
      'src/verify/c.ts': "export { b } from './b.ts';\nexport const c = 1;\n",
    });
    expect(check(root)).toEqual(['import cycle among 3 file(s): src/verify/a.ts, src/verify/b.ts, src/verify/c.ts']);
  });

  it('fails on an undeclared layer', () => {
    const root = tree('undeclared', { 'src/widgets/w.ts': 'export const w = 1;\n' });
    expect(check(root)).toEqual([expect.stringMatching(/layer `widgets` is not declared/)]);
  });
});
