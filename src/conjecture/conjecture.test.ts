/**
 * User conjectures: the public `defineConjecture` validates at the boundary; `import ... from
 * 'htsgd'` resolves (package self-reference); points are drawn reproducibly from the narrowed family;
 * the verdict of a conjecture is never `consistent` when nothing was tested; and on one cheap point
 * of the exact oracle (paper landscape, α = 1.2, b = 0.5: γ = 1.4) Theorem 1 restated is consistent
 * while "the order is α" and "l* rounded down" are inconsistent.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as cli } from '../../ci/test-support/cli.ts';
import { defineConjecture as fromPackage, conjectureDeclaration as declFromPackage } from 'htsgd';
import { InputError } from '../core/errors.ts';
import {
  candidatePoints,
  conjectureDeclaration,
  conjectureVerdict,
  defineConjecture,
  drawPoints,
  loadConjectures,
  predictInputs,
  type ConjectureSpec,
  type ExitInputs,
} from './index.ts';
import { runChecks } from '../verify/run.ts';
import type { RunReport } from '../verify/types.ts';

const base = {
  id: 'test-claim',
  statement: 'the order is α',
  quantity: 'exit-order',
  predict: ({ tailIndex }: { tailIndex: number }) => tailIndex,
} as const;

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof InputError ? `${e.code}: ${e.message}` : String(e);
  }
  return undefined;
}

describe('defineConjecture', () => {
  it('is what the package exports', () => {
    expect(fromPackage).toBe(defineConjecture);
    expect(declFromPackage).toBe(conjectureDeclaration);
  });

  it('refuses malformed conjectures with the one message shape, naming the field', () => {
    const bad: [Partial<ConjectureSpec> & Record<string, unknown>, string][] = [
      [{ id: 'Bad Id' }, '`id`'],
      [{ statement: '' }, '`statement`'],
      [{ quantity: 'exit-speed' as never }, '`quantity`'],
      [{ predict: 3 as never }, '`predict`'],
      [{ hypotheses: { landscapes: ['moon'] } }, '`hypotheses.landscapes`'],
      [{ hypotheses: { tailIndex: [1.5, 1.2] } }, '`hypotheses.tailIndex`'],
      [{ hypotheses: { colour: 'red' } as never }, '`hypotheses.colour`'],
    ];
    for (const [patch, field] of bad) {
      const msg = code(() => defineConjecture({ ...base, ...patch } as never));
      expect(msg).toMatch(/^ERR_INVALID_OPTION: defineConjecture.*invalid option/);
      expect(msg).toContain(field);
    }
  });
});

describe('points', () => {
  const c = defineConjecture(base);
  it('are drawn reproducibly by seed, without replacement, from the narrowed family', () => {
    const a = drawPoints(c, 7, 'quick');
    expect(a).toEqual(drawPoints(c, 7, 'quick'));
    expect(a).toHaveLength(4);
    expect(new Set(a.map((p) => JSON.stringify(p))).size).toBe(4);
    const seen = new Set<string>();
    for (let s = 0; s < 20; s++) for (const p of drawPoints(c, s, 'quick')) seen.add(JSON.stringify(p));
    expect(seen.size).toBeGreaterThan(8); // different seeds probe different points
    expect(drawPoints(c, 7, 'full')).toEqual(candidatePoints(c, 7, 'full'));
    const narrow = defineConjecture({
      ...base,
      hypotheses: { landscapes: ['paper'], tailIndex: [1.2, 1.2], truncation: [0.3, Infinity] },
    });
    expect(candidatePoints(narrow).map((p) => p.truncation)).toEqual([null, 0.5]);
  });

  it('give predict the theory inputs (b = ∞ as Infinity; l* = ⌈r/b⌉)', () => {
    const p = predictInputs('exit-order', {
      landscape: 'paper',
      tailIndex: 1.2,
      truncation: 0.28,
      basin: 2,
      target: null,
    }) as ExitInputs;
    expect(p).toMatchObject({ tailIndex: 1.2, truncation: 0.28, jumpsNeeded: 3 });
    expect(p.basinRadius).toBeCloseTo(0.6007, 3);
    expect(
      predictInputs('exit-order', { landscape: 'paper', tailIndex: 1.2, truncation: null, basin: 2, target: null }),
    ).toMatchObject({ truncation: Infinity, jumpsNeeded: 1 });
  });
});

describe('conjectureVerdict', () => {
  const report = (verdicts: string[]) =>
    ({
      checks: verdicts.map((v, i) => ({
        id: `x/${i}`,
        theoremId: 'x',
        status: v === 'error' ? 'error' : 'ok',
        verdict: v === 'error' ? 'inconclusive' : v,
      })),
    }) as unknown as RunReport;
  it('is never consistent when nothing was tested, and inconsistent when any check is', () => {
    expect(conjectureVerdict(report([]), 'x').verdict).toBe('inconclusive');
    expect(conjectureVerdict(report([]), 'x').reason).toContain('nothing was tested');
    expect(conjectureVerdict(report(['consistent', 'consistent']), 'x').verdict).toBe('consistent');
    expect(conjectureVerdict(report(['consistent', 'inconclusive']), 'x').verdict).toBe('inconclusive');
    expect(conjectureVerdict(report(['consistent', 'error']), 'x').verdict).toBe('inconclusive');
    expect(conjectureVerdict(report(['consistent', 'inconsistent', 'inconclusive']), 'x').verdict).toBe('inconsistent');
  });

  it('a conjecture narrowed to nothing runs no check and stays inconclusive', async () => {
    const c = defineConjecture({ ...base, hypotheses: { tailIndex: [2.5, 3] } });
    const r = await runChecks([conjectureDeclaration(c, { seed: 1 })], {
      seed: 1,
      tier: 'quick',
      errorBudget: 1e-3,
      timeBudgetSeconds: 1,
    });
    expect(r.checks).toHaveLength(0);
    expect(conjectureVerdict(r, c.id).verdict).toBe('inconclusive');
  });
});

describe('shipped examples on one exact point (paper, α = 1.2, b = 0.5, γ = 1.4)', () => {
  it('Theorem 1 restated is consistent; clipping-irrelevant and jumps-rounded-down are inconsistent; a NaN predict is an error', async () => {
    const files = ['theorem1-restated', 'clipping-irrelevant', 'jumps-rounded-down'].map(
      (f) => new URL(`../../theorems/conjectures/${f}.ts`, import.meta.url).pathname,
    );
    const loaded = (await Promise.all(files.map(loadConjectures))).flat();
    const narrow = { landscapes: ['paper'], tailIndex: [1.2, 1.2], truncation: [0.5, 0.5] } as const;
    const cs = [
      ...loaded.map((c) => defineConjecture({ ...c, hypotheses: narrow } as ConjectureSpec)),
      defineConjecture({ ...base, id: 'nan-claim', predict: () => NaN, hypotheses: narrow }),
    ];
    const r = await runChecks(
      cs.map((c) => conjectureDeclaration(c, { seed: 3 })),
      { seed: 3, tier: 'quick', errorBudget: 1e-3, timeBudgetSeconds: 4 },
    );
    expect(cs.map((c) => conjectureVerdict(r, c.id).verdict)).toEqual([
      'consistent',
      'inconsistent',
      'inconsistent',
      'inconclusive',
    ]);
    expect(r.checks[0].observed.estimate).toBeCloseTo(1.41, 1);
    expect(r.checks[3].error).toContain('predict returned NaN');
  }, 60_000);

  it('a file without a conjecture is one ERR_LOAD line', async () => {
    await expect(loadConjectures(new URL('./spec.ts', import.meta.url).pathname)).rejects.toMatchObject({
      code: 'ERR_LOAD',
    });
    await expect(loadConjectures('/no/such/file.ts')).rejects.toMatchObject({ code: 'ERR_LOAD' });
  });
});

describe('htsgd verify --conjecture', () => {
  afterEach(() => vi.restoreAllMocks());
  it("loads a file outside the repo that imports 'htsgd' (.mts), prints the conjecture's verdict, exit 1 when rejected", async () => {
    // A child process: the 'htsgd' resolve hook is Node's (module.register), which vitest's runner bypasses.
    const dir = mkdtempSync(join(tmpdir(), 'htsgd-conj-'));
    const file = join(dir, 'order-is-alpha.mts');
    writeFileSync(
      file,
      `import { defineConjecture } from 'htsgd';\nexport default defineConjecture({ id: 'order-is-alpha', statement: 'the order is α', quantity: 'exit-order',\n` +
        `  predict: ({ tailIndex }) => tailIndex, hypotheses: { landscapes: ['paper'], tailIndex: [1.2, 1.2], truncation: [0.28, 0.28] } });\n`,
    );
    const bin = fileURLToPath(new URL('../cli/htsgd.js', import.meta.url));
    const child = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((done) => {
        execFile(process.execPath, [bin, 'verify', ...args, '--quiet'], { cwd: dir }, (e, out, err) =>
          done({ code: e ? Number(e.code) : 0, out, err }),
        );
      });
    const r = await child(['--conjecture', file]);
    expect(r.err).toBe('');
    expect(r.out).toContain('conjecture order-is-alpha (exit-order): INCONSISTENT: rejected at 1 of 1 point(s)');
    expect(r.code).toBe(1);
    const bad = join(dir, 'nothing.mts');
    writeFileSync(bad, 'export default 42;\n');
    const b = await cli(['verify', '--conjecture', bad, '--quiet']);
    expect(b.code).toBe(2);
    expect(b.err.trim().split('\n')).toHaveLength(1);
    expect(b.err).toContain('defineConjecture');
  }, 60_000);
});
