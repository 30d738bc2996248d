/**
 * The machinery end to end on a fake theorem: "the mean exit steps at rate λ are 1/λ". The fake
 * experiment draws exponential samples with a known true mean from the check's own stream, so the
 * truth is known and the verdicts can be judged: the right prediction must come out `consistent`,
 * a prediction 30% off `inconsistent`, and an under-powered run `inconclusive`.
 */
import { describe, expect, it } from 'vitest';
import { openStream } from '../rng/seeds.ts';
import { replayCommand } from '../cli/replay-command.ts';
import { twoSidedZ } from './budget.ts';
import { defineTheorem } from './define.ts';
import { enumerateChecks, mergeReports, replayCheck, runChecks, shardOf } from './run.ts';
import type { CheckContext, Observation } from './types.ts';

type Point = { rate: number; samples: number };

/** Mean of Exp(rate) samples drawn from the check's stream; normal CI (n ≥ 1000 here). */
function exponentialMeanTest(trueMeanFactor: number) {
  return (ctx: CheckContext<Point>): Observation => {
    const rng = openStream(ctx.label);
    const n = ctx.point.samples;
    const mean = trueMeanFactor / ctx.point.rate;
    let s = 0;
    for (let i = 0; i < n; i++) s += -Math.log(rng.nextUniform()) * mean;
    const est = s / n;
    const se = est / Math.sqrt(n); // sd of Exp = mean
    const z = twoSidedZ(ctx.confidence);
    return {
      estimate: est,
      ci: [est - z * se, est + z * se],
      standardError: se,
      details: { n },
      plots: [
        {
          kind: 'bars',
          title: 'mean',
          yLabel: 'steps',
          groups: [
            {
              label: `rate ${ctx.point.rate}`,
              predicted: ctx.prediction.value,
              observed: est,
              lo: est - z * se,
              hi: est + z * se,
            },
          ],
        },
      ],
    };
  };
}

function fakeTheorem(id: string, opts: { predictedFactor: number; samples: number; extraPoints?: number }) {
  const rates = [1, 2, 4, 8, 16, 32].slice(0, 2 + (opts.extraPoints ?? 0));
  return defineTheorem<Point>({
    id,
    title: 'Fake: exponential mean is 1/rate',
    source: { paper: 'test fixture', theorem: 'Fake 1', equation: 'E σ = 1/λ' },
    hypotheses: [
      { name: 'rate', description: 'λ', range: [0.1, 100] },
      { name: 'samples', description: 'sample size', range: [1, 1e7] },
    ],
    // Stands in for a src/theory function; the factor makes a deliberately wrong theory.
    predictor: { name: 'fake.meanOfRate', compute: (p) => opts.predictedFactor / p.rate },
    plan: {
      description: 'n exponential samples per rate',
      points: { quick: rates.map((rate) => ({ rate, samples: opts.samples })), standard: [], full: [] },
    },
    test: { name: 'normal CI of the sample mean', run: exponentialMeanTest(1) },
    tolerance: { value: 0.1, scale: 'relative', reason: 'test fixture: 10% band, far wider than the CI at n = 20000' },
    budgetShare: 1,
  });
}

// The CLI's formatter: the runner returns replay information as data, the CLI makes the command.
const base = { seed: 7, tier: 'quick' as const, errorBudget: 1e-3, timeBudgetSeconds: 10, replayCommand };

describe('runChecks on fake theorems', () => {
  it('calls the right prediction consistent and a 30%-off one inconsistent', async () => {
    const right = fakeTheorem('fake-right', { predictedFactor: 1, samples: 20_000 });
    const wrong = fakeTheorem('fake-wrong', { predictedFactor: 1.3, samples: 20_000 });
    const report = await runChecks([right, wrong], base);
    expect(report.complete).toBe(true);
    const byTheorem = (id: string) => report.checks.filter((c) => c.theoremId === id).map((c) => c.verdict);
    expect(byTheorem('fake-right')).toEqual(['consistent', 'consistent']);
    expect(byTheorem('fake-wrong')).toEqual(['inconsistent', 'inconsistent']);
    // Confidence derived from the budget: 4 checks share 1e-3.
    for (const c of report.checks) {
      expect(c.confidence).toBeCloseTo(1 - 1e-3 / 4, 12);
      expect(c.budgetMethod).toBe('holm');
      expect(c.replay).toBe(
        `htsgd replay ${c.id} --seed 7 --path ${c.path} --tier quick --confidence ${c.confidence} --time-budget 2.5`,
      );
      expect(c.path).toBe(c.id);
    }
    expect(report.summary).toMatchObject({ total: 4, consistent: 2, inconsistent: 2, inconclusive: 0, errors: 0 });
  });

  it('calls an under-powered run inconclusive rather than consistent', async () => {
    // n = 100: CI half-width ≈ 3.5·10% = 35% of the mean, wider than the 10% band.
    const weak = fakeTheorem('fake-weak', { predictedFactor: 1, samples: 100 });
    const report = await runChecks([weak], base);
    expect(report.checks.map((c) => c.verdict)).toEqual(['inconclusive', 'inconclusive']);
  });

  it('records a crashing test as an error, not a verdict', async () => {
    const t = fakeTheorem('fake-crash', { predictedFactor: 1, samples: 10 });
    const crash = {
      ...t,
      test: {
        name: 'crash',
        run: () => {
          throw new Error('boom');
        },
      },
    };
    const report = await runChecks([crash], base);
    expect(report.checks[0]).toMatchObject({ status: 'error', verdict: 'inconclusive', error: 'boom' });
    expect(report.summary.errors).toBe(2);
  });

  it('an unmet requirement caps a consistent CI at inconclusive (and survives a merge); a met one changes nothing', async () => {
    const t = fakeTheorem('fake-trend', { predictedFactor: 1, samples: 20_000 });
    const withReq = (met: boolean) => ({
      ...t,
      test: {
        name: 'with a trend requirement',
        run: (ctx: CheckContext<Point>): Observation => ({
          ...exponentialMeanTest(1)(ctx),
          requirements: [{ name: 'trend', met, detail: `met = ${met}` }],
        }),
      },
    });
    const bad = await runChecks([withReq(false)], base);
    expect(bad.checks.map((c) => c.verdict)).toEqual(['inconclusive', 'inconclusive']);
    expect(bad.checks[0].requirements).toEqual([{ name: 'trend', met: false, detail: 'met = false' }]);
    expect(mergeReports([bad]).checks.map((c) => c.verdict)).toEqual(['inconclusive', 'inconclusive']);
    const good = await runChecks([withReq(true)], base);
    expect(good.checks.map((c) => c.verdict)).toEqual(['consistent', 'consistent']);
    const malformed = {
      ...t,
      test: {
        name: 'bad',
        run: (ctx: CheckContext<Point>) =>
          ({ ...exponentialMeanTest(1)(ctx), requirements: [{ name: 'trend' }] }) as unknown as Observation,
      },
    };
    expect((await runChecks([malformed], base)).checks[0].status).toBe('error');
  });

  it('shards are disjoint, cover the run, keep confidences and merge to the unsharded report', async () => {
    const decls = [
      fakeTheorem('fake-a', { predictedFactor: 1, samples: 2000, extraPoints: 4 }),
      fakeTheorem('fake-b', { predictedFactor: 1.3, samples: 2000, extraPoints: 4 }),
    ];
    const full = await runChecks(decls, base);
    const shards = await Promise.all(
      [1, 2, 3].map((index) => runChecks(decls, { ...base, shard: { index, count: 3 } })),
    );
    const ids = shards.flatMap((s) => s.checks.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...full.run.checkIds].sort());
    for (const s of shards) expect(s.complete).toBe(false);
    const merged = mergeReports(shards.map((s) => JSON.parse(JSON.stringify(s))));
    expect(merged.complete).toBe(true);
    const strip = (r: typeof full) => r.checks.map((c) => [c.id, c.observed, c.verdict, c.confidence, c.pValue]);
    expect(strip(merged)).toEqual(strip(full));
    expect(merged.summary).toEqual(full.summary);
    // A figure of the run (the 2-D figure an R^d check adds) survives the merge, once.
    const fig = { kind: 'xy' as const, title: 'run figure', xLabel: 'x', yLabel: 'y', series: [] };
    const withFig = shards.map((s, i) => (i === 0 ? s : { ...s, figures: [fig] }));
    expect(mergeReports(withFig).figures).toEqual([fig]);
    expect(merged.figures).toBeUndefined();
    // Merging is idempotent, and the same shard twice is refused.
    expect(strip(mergeReports([merged]))).toEqual(strip(full));
    expect(() => mergeReports([shards[0], shards[0]])).toThrow(/disjoint/);
    expect(() => mergeReports([shards[0], { ...shards[1], run: { ...shards[1].run, seed: 8 } }])).toThrow(/same run/);
    expect(() => mergeReports([shards[0], { ...shards[1], run: { ...shards[1].run, timeBudgetSeconds: 99 } }])).toThrow(
      /same run/,
    );
  });

  it('shard assignment is stable: adding a theorem never moves an existing check', () => {
    const a = fakeTheorem('fake-a', { predictedFactor: 1, samples: 10, extraPoints: 4 });
    const b = fakeTheorem('fake-b', { predictedFactor: 1, samples: 10, extraPoints: 4 });
    const before = enumerateChecks([a], 'quick').map((c) => [c.id, shardOf(c.id, 4)]);
    const after = new Map(enumerateChecks([b, a], 'quick').map((c) => [c.id, shardOf(c.id, 4)]));
    for (const [id, s] of before) expect(after.get(id as string)).toBe(s);
    const counts = [1, 2, 3, 4].map(
      (i) => enumerateChecks([a, b], 'quick').filter((c) => shardOf(c.id, 4) === i).length,
    );
    expect(counts.reduce((x, y) => x + y)).toBe(12);
  });

  it('replay reruns one check alone with the same numbers', async () => {
    const decls = [
      fakeTheorem('fake-a', { predictedFactor: 1, samples: 500, extraPoints: 1 }),
      fakeTheorem('fake-b', { predictedFactor: 1, samples: 500 }),
    ];
    const report = await runChecks(decls, base);
    const target = report.checks[2];
    const again = await replayCheck(decls, {
      id: target.id,
      seed: target.seed,
      path: target.path,
      tier: 'quick',
      confidence: target.confidence,
      timeBudgetSeconds: Number(/--time-budget (\S+)$/.exec(target.replay)![1]),
      replayCommand,
    });
    expect(again.observed).toEqual(target.observed);
    expect(again.replay).toBe(target.replay);
    await expect(
      replayCheck(decls, { id: 'nope/x/0', seed: 1, path: 'p', tier: 'quick', confidence: 0.9 }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });

  it('rejects an unknown --theorem with the one error shape', async () => {
    await expect(
      runChecks([fakeTheorem('fake-a', { predictedFactor: 1, samples: 10 })], {
        ...base,
        theoremFilter: ['exit-time-order'],
      }),
    ).rejects.toThrow(
      /^htsgd: invalid option `--theorem`: expected one of the declared theorems \(fake-a\), got "exit-time-order"\.$/,
    );
  });

  it("splits the time budget by budgetShare, then over each theorem's checks", async () => {
    const seen = new Map<string, number>();
    const spy = (id: string, share: number, pts: number) => {
      const t = fakeTheorem(id, { predictedFactor: 1, samples: 10, extraPoints: pts - 2 });
      return {
        ...t,
        budgetShare: share,
        test: {
          name: 'spy',
          run: (ctx: CheckContext<Point>) => {
            seen.set(ctx.checkId, ctx.timeBudgetSeconds);
            return { estimate: 1, ci: [0, 2] as [number, number] };
          },
        },
      };
    };
    await runChecks([spy('fake-a', 3, 2), spy('fake-b', 1, 4)], { ...base, timeBudgetSeconds: 80 });
    const vals = [...seen.entries()];
    expect(vals.filter(([k]) => k.startsWith('fake-a/')).map(([, v]) => v)).toEqual([30, 30]);
    expect(vals.filter(([k]) => k.startsWith('fake-b/')).map(([, v]) => v)).toEqual([5, 5, 5, 5]);
    // plan.weights moves budget between a theorem's own checks, never between theorems.
    seen.clear();
    const a = spy('fake-a', 3, 2);
    const weighted = { ...a, plan: { ...a.plan, weights: { quick: [1, 3] } } };
    await runChecks([weighted, spy('fake-b', 1, 4)], { ...base, timeBudgetSeconds: 80 });
    const after = [...seen.entries()];
    expect(after.filter(([k]) => k.startsWith('fake-a/')).map(([, v]) => v)).toEqual([15, 45]);
    expect(after.filter(([k]) => k.startsWith('fake-b/')).map(([, v]) => v)).toEqual([5, 5, 5, 5]);
  });
});

describe('cli verify-support', () => {
  it('parses verify flags against ci/tiers.json and ci/seeds.json', async () => {
    const { parseVerifyFlags, verifyExitCode } = await import('../cli/verify-support.ts');
    const o = parseVerifyFlags({ tier: 'standard', theorem: 'a,b', shard: '2/3', json: true });
    expect(o.tier).toMatchObject({ name: 'standard', errorBudget: 1e-3 });
    expect(typeof o.seed).toBe('number');
    expect(o.theoremFilter).toEqual(['a', 'b']);
    expect(o.shard).toEqual({ index: 2, count: 3 });
    expect(parseVerifyFlags({ seed: 'abc' }).seed).toBe('abc');
    expect(() => parseVerifyFlags({ tier: 'huge' })).toThrow(
      /^htsgd: invalid option `--tier`: expected one of quick, standard, full, got "huge"\.$/,
    );
    expect(() => parseVerifyFlags({ shard: '4/3' })).toThrow(/`--shard`: expected i\/n with 1 ≤ i ≤ n/);
    const report = await runChecks([fakeTheorem('fake-wrong', { predictedFactor: 1.3, samples: 20_000 })], base);
    expect(verifyExitCode(report)).toBe(1);
  });
});

describe('an empty registry', () => {
  it('runs to an empty, complete report (what htsgd verify does before wave 2)', async () => {
    const r = await runChecks([], base);
    expect(r).toMatchObject({
      complete: true,
      checks: [],
      summary: { total: 0, consistent: 0, inconsistent: 0, inconclusive: 0, errors: 0 },
    });
  });
});
