import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { AUDIT_DEFAULTS, closeAuditPool, formatAudit, resolveClaims, runAudit } from '../index.ts';
import type { ClaimName } from '../types.ts';

const fixture = (name: string) => new URL(`../../../fixtures/optimizers/rd/${name}.js`, import.meta.url).pathname;

afterAll(async () => {
  await closeAuditPool();
});

// The 2-D fixtures at the audit's DEFAULT budget (3 probes of 200 000 steps, family-wise 1e-3,
// seed pinned): each faulty one fails with exactly the claim it breaks named, the reference passes.
// The reference's false-alarm rate over fresh seeds: `npm run audit:calibrate -- 200
// fixtures/optimizers/rd/clipped-isotropic-sgd.js` (fixtures/calibration/audit-rd-false-alarms.txt).
describe('2-D fixtures at the default budget (issue 16 §6)', () => {
  const cases: Array<[string, ClaimName | null]> = [
    ['clipped-isotropic-sgd', null],
    ['coordinate-clipping', 'truncation'],
    ['anisotropic-noise', 'direction'],
    ['wrong-tail-index', 'tailIndex'],
    ['wrong-noise-scale', 'noiseScale'],
  ];
  for (const [name, violated] of cases) {
    it(`${name}: ${violated ? `violates ${violated}` : 'passes'}`, async () => {
      const r = await runAudit({ module: fixture(name), seed: 7, workers: 2 });
      expect(r.significance).toBe(AUDIT_DEFAULTS.significance);
      expect(r.plan.probeSamples).toBe(AUDIT_DEFAULTS.probeSamples);
      const bad = r.claims.filter((c) => c.verdict === 'inconsistent').map((c) => c.claim);
      expect(r.claims.map((c) => c.claim)).toEqual([
        'noise',
        'tailIndex',
        'noiseScale',
        'direction',
        'truncation',
        'update',
      ]);
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

describe('2-D claims', () => {
  const base = { dimension: 2, noise: 'lomax', tailIndex: 1.2, noiseScale: 0.1, truncation: 0.5 };
  it('resolve to the R^d law, isotropic by default', () => {
    const r = resolveClaims(base);
    expect(r.rd).toEqual({ dimension: 2, noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1, dimension: 2 } });
    expect(r.claims.direction).toBe('isotropic');
    expect(resolveClaims({ ...base, dimension: 1 }).rd).toBeUndefined();
  });
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['dimension 3', { ...base, dimension: 3 }, /claims\.dimension.*1 or 2/],
    ['pPlus in 2-D', { ...base, pPlus: 0.5 }, /claims\.pPlus/],
    ['stable noise in 2-D', { ...base, noise: 'stable' }, /claims\.noise/],
    ['a non-isotropic direction', { ...base, direction: 'axes' }, /claims\.direction/],
    ['a direction claim in 1-D', { ...base, dimension: undefined, direction: 'isotropic' }, /claims\.direction/],
  ];
  for (const [what, claims, message] of bad) {
    it(`refuse ${what} with one line`, () => {
      let err: unknown;
      try {
        resolveClaims(claims);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).code).toBe('ERR_INVALID_OPTION');
      expect((err as InputError).message).toMatch(message);
      expect((err as InputError).message).not.toContain('\n');
    });
  }
});
