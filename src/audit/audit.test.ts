import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { AUDIT_DEFAULTS, closeAuditPool, formatAudit, resolveClaims, ruleClaims, runAudit } from './index.ts';
import type { AuditCheck, ClaimName } from './types.ts';
import { findAtoms } from './one-step.ts';
import { meanExitPValue } from './dynamics.ts';

const fixture = (name: string) => new URL(`../../fixtures/optimizers/${name}.js`, import.meta.url).pathname;

afterAll(async () => {
  await closeAuditPool();
});

// The shipped fixtures at the audit's DEFAULT budget (200 000 steps per probe, 1000 exit chains,
// family-wise 1e-3): each faulty one must fail with exactly the claim it breaks named, the
// reference must pass. ~15 s of CPU in all.
describe('fixtures at the default budget', () => {
  const cases: Array<[string, ClaimName | null]> = [
    ['clipped-lomax-sgd', null],
    ['wrong-tail-index', 'tailIndex'],
    ['wrong-noise-scale', 'noiseScale'],
    ['clip-gradient-only', 'truncation'],
    ['wrong-threshold', 'truncation'],
    ['asymmetric-noise', 'pPlus'],
    ['sqrt-step-noise', 'noiseScale'],
    ['student-t-noise', 'noise'],
  ];
  for (const [name, violated] of cases) {
    it(`${name}: ${violated ? `violates ${violated}` : 'passes'}`, async () => {
      const r = await runAudit({ module: fixture(name), seed: 7, workers: 2 });
      expect(r.significance).toBe(AUDIT_DEFAULTS.significance);
      const bad = r.claims.filter((c) => c.verdict === 'inconsistent').map((c) => c.claim);
      if (violated === null) {
        expect(r.verdict, formatAudit(r)).toBe('pass');
        expect(r.claims.every((c) => c.verdict === 'consistent')).toBe(true);
      } else {
        expect(r.verdict).toBe('fail');
        expect(bad, formatAudit(r)).toEqual([violated]);
      }
    });
  }
});

describe('bad modules: one InputError line, never a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'htsgd-audit-'));
  // .mjs: unambiguous ESM wherever the temporary directory is (no package.json "type" there).
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const good = 'create() { return { step(x) { x[0] -= 0.001; } }; }';
  const cases: Array<[string, string, string, RegExp]> = [
    ['missing file', join(dir, 'nope.mjs'), 'ERR_LOAD', /no such file/],
    ['import throws', write('throws.mjs', "throw new Error('boom');"), 'ERR_LOAD', /cannot load .*boom/],
    ['no default export', write('nodefault.mjs', 'export const x = 1;'), 'ERR_LOAD', /no default export/],
    [
      'no create',
      write('nocreate.mjs', "export default { claims: { noise: 'gaussian', noiseScale: 1, truncation: null } };"),
      'ERR_LOAD',
      /no create/,
    ],
    [
      'tail index ≤ 1',
      write(
        'alpha.mjs',
        `export default { claims: { noise: 'lomax', tailIndex: 1, noiseScale: 0.1, truncation: 0.5 }, ${good} };`,
      ),
      'ERR_INVALID_OPTION',
      /claims\.tailIndex/,
    ],
    [
      'unknown noise',
      write(
        'kind.mjs',
        `export default { claims: { noise: 'cauchy', tailIndex: 1.5, noiseScale: 0.1, truncation: 0.5 }, ${good} };`,
      ),
      'ERR_INVALID_OPTION',
      /claims\.noise/,
    ],
    [
      'no truncation claim',
      write('trunc.mjs', `export default { claims: { noise: 'lomax', tailIndex: 1.5, noiseScale: 0.1 }, ${good} };`),
      'ERR_INVALID_OPTION',
      /claims\.truncation/,
    ],
    [
      'step throws',
      write(
        'stepthrows.mjs',
        "export default { claims: { noise: 'gaussian', noiseScale: 1, truncation: null }, create() { return { step() { throw new Error('bad step'); } }; } };",
      ),
      'ERR_LOAD',
      /step\(\) threw: bad step/,
    ],
    [
      'NaN after a while (caught in the workers)',
      write(
        'latenan.mjs',
        "let n = 0; export default { claims: { noise: 'gaussian', noiseScale: 1, truncation: null }, create() { return { step(x) { n++; x[0] = n > 100 ? NaN : 0.01; } }; } };",
      ),
      'ERR_LOAD',
      /produced NaN/,
    ],
  ];
  for (const [title, path, code, message] of cases) {
    it(title, async () => {
      const err = await runAudit({ module: path, probeSamples: 1000, chains: 0, workers: 1 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).code).toBe(code);
      expect((err as InputError).message).toMatch(message);
      expect((err as InputError).message).not.toContain('\n');
    });
  }
  it('resolves claims to the model layer spec', () => {
    expect(resolveClaims({ noise: 'lomax', tailIndex: 1.2, noiseScale: 0.1, truncation: null })).toMatchObject({
      noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1, pPlus: 0.5 },
      truncation: Infinity,
    });
    expect(() => resolveClaims({ noise: 'stable', tailIndex: 2.5, noiseScale: 0.1, truncation: 1 })).toThrow(
      /\(1, 2\)/,
    );
    expect(() =>
      resolveClaims({ noise: 'student-t', tailIndex: 1.5, noiseScale: 0.1, pPlus: 0.7, truncation: 1 }),
    ).toThrow(/symmetric/);
  });
});

describe('pieces', () => {
  it('results do not depend on the number of workers', async () => {
    const opts = { module: fixture('clipped-lomax-sgd'), seed: 3, probeSamples: 2000, chains: 100 };
    const [a, b] = [await runAudit({ ...opts, workers: 1 }), await runAudit({ ...opts, workers: 2 })];
    expect(a.checks.map((c) => c.pValue)).toEqual(b.checks.map((c) => c.pValue));
    expect(a.steps).toBe(b.steps);
  });

  it('finds atoms only where values pile up', () => {
    const v = [0.4, -0.4, 0.4, 0.4, -0.4, 0.1, 0.2, 0.3, 0.5, 0.5];
    expect(findAtoms(v)).toEqual([{ value: 0.4, count: 5 }]);
    expect(findAtoms([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])).toEqual([]);
  });

  it('the mean-exit p-value is uniform-ish for exponential sums and rejects a 20% shift', () => {
    // Sum of 1000 Exp(mean 800): the Gamma(1000) reference is exact here.
    const n = 1000;
    const mean = 800;
    expect(meanExitPValue(n * mean, n, mean, mean, 0)).toBeGreaterThan(0.99);
    expect(meanExitPValue(n * mean * 1.2, n, mean, mean, 0)).toBeLessThan(1e-6);
    expect(meanExitPValue(n * mean * 1.01, n, mean, mean, 10)).toBe(1); // within 2 × discretisation error
  });

  it('rules claims: own checks first, family before its parameters, unexplained joint failures on update', () => {
    const opt = {
      path: 'x',
      name: 'x',
      claims: { noise: 'lomax' as const, tailIndex: 1.2, noiseScale: 0.1, pPlus: 0.5, truncation: 0.5 },
      noise: { kind: 'lomax' as const, tailIndex: 1.2, scale: 0.1, pPlus: 0.5 },
      truncation: 0.5,
    };
    const check = (id: string, primary: ClaimName | null, bearsOn: ClaimName[], rejected: boolean): AuditCheck => ({
      id,
      title: id,
      primary,
      bearsOn,
      pValue: rejected ? 0 : 1,
      adjustedPValue: rejected ? 0 : 1,
      rejected,
      detail: '',
    });
    const verdicts = (checks: AuditCheck[]) =>
      Object.fromEntries(ruleClaims(opt, checks).map((c) => [c.claim, c.verdict]));
    expect(
      verdicts([check('a', 'tailIndex', ['tailIndex'], true), check('j', null, ['tailIndex', 'noiseScale'], true)]),
    ).toMatchObject({
      tailIndex: 'inconsistent',
      noiseScale: 'consistent',
      update: 'consistent',
    });
    expect(
      verdicts([check('f', 'noise', ['noise'], true), check('a', 'tailIndex', ['tailIndex'], true)]),
    ).toMatchObject({
      noise: 'inconsistent',
      tailIndex: 'inconclusive',
      truncation: 'consistent',
    });
    expect(verdicts([check('d', null, ['noise', 'truncation'], true)])).toMatchObject({
      noise: 'consistent',
      update: 'inconsistent',
    });
  });
});
