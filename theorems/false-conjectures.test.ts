/**
 * The false example conjectures of theorems/conjectures/ (issue 14 §5), on one pinned seed: each
 * agrees with Theorem 1 on the paper's landscape, and each is rejected on the run's random settings,
 * where its true restatement is not rejected. The random settings are the quick tier's two strata
 * (src/conjecture/family.ts: l* = 2 with a large margin and the far side one jump further; l* = 1
 * with both sides one jump), narrowed to `random`, so the test solves two cheap limit sweeps.
 * The evidence at the standard tier over 20 seeds is `npm run conjecture:calibrate`
 * (fixtures/calibration/false-conjectures.txt).
 */
import { describe, expect, it } from 'vitest';
import {
  conjectureDeclaration,
  conjectureVerdict,
  defineConjecture,
  loadConjectures,
  predictInputs,
  type AnyConjecture,
  type ConjectureSpec,
} from '../src/conjecture/index.ts';
import { runChecks } from '../src/verify/run.ts';

const SEED = 20261207;
const PAIRS = [
  ['jumps-from-half-width', 'theorem1-restated'],
  ['exit-side-ignores-asymmetry', 'exit-location-restated'],
  ['mean-ignores-asymmetry', 'mean-leading-order'],
] as const;

async function load(id: string): Promise<AnyConjecture> {
  const [c] = await loadConjectures(new URL(`./conjectures/${id}.ts`, import.meta.url).pathname);
  return c;
}

describe('false example conjectures: Theorem 1 on the paper, wrong elsewhere', () => {
  it('each false claim predicts exactly what its true restatement does on the paper landscape', async () => {
    for (const [bad, good] of PAIRS) {
      const [f, t] = [await load(bad), await load(good)];
      for (const tailIndex of [1.3])
        for (const truncation of [null, 0.5, 0.28])
          for (const target of f.quantity === 'exit-location' ? [1, 3] : [null]) {
            const p = { landscape: 'paper', tailIndex, pPlus: 0.5, truncation, basin: 2, target };
            const inputs = predictInputs(f.quantity, p);
            const pf = (f.predict as (i: unknown) => number)(inputs);
            const pt = (t.predict as (i: unknown) => number)(inputs);
            expect(Math.abs(pf - pt), `${bad} vs ${good} at ${JSON.stringify(p)}`).toBeLessThanOrEqual(
              1e-12 * Math.abs(pt) + 1e-15,
            );
          }
    }
  });

  it(`on the random settings of seed ${SEED} (quick tier) every false claim is rejected and no true one is`, async () => {
    const only = (c: AnyConjecture) =>
      defineConjecture({ ...c, hypotheses: { landscapes: ['random'] } } as ConjectureSpec);
    const cs = (await Promise.all(PAIRS.flat().map(load))).map(only);
    const report = await runChecks(
      cs.map((c) => conjectureDeclaration(c, { seed: SEED })),
      { seed: SEED, tier: 'quick', errorBudget: 1e-3, timeBudgetSeconds: 10 },
    );
    const verdicts = Object.fromEntries(cs.map((c) => [c.id, conjectureVerdict(report, c.id).verdict]));
    for (const [bad, good] of PAIRS) {
      expect(verdicts[bad], `${bad}: ${conjectureVerdict(report, bad).reason}`).toBe('inconsistent');
      expect(verdicts[good], `${good}: ${conjectureVerdict(report, good).reason}`).not.toBe('inconsistent');
    }
  }, 600_000);
});
