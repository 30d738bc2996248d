/**
 * Theorem 2 runners on the real simulator, with budgets of a few seconds: the correct kernel is
 * consistent with the prediction, and the deliberately wrong kernels of the Theorem 1 issue that
 * change the global dynamics are not — clipping at b/2 (wrong threshold: the sharp basin 3 can then
 * only be left to the right) and clipping only the gradient (wrong placement: unclipped noise, so the
 * sharp basins keep about a fifth of the time).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool } from '../sim/index.ts';
import { setDefaultEngine } from '../sim/engines.ts';
import { forkLabel } from '../rng/seeds.ts';
import { equivalenceVerdict, toleranceBand } from './verdict.ts';
import { countExcursions, leadingOrderOccupancy, runHierarchyCheck, runOccupancyCheck, runSharpExitCheck, theorem2Setting, theorem2Theory } from './trajectory-checks.ts';
import { markovLimit } from '../../theorems/markov-limit.ts';
import { sharpMinimaElimination } from '../../theorems/sharp-minima-elimination.ts';
import { truncationHierarchy } from '../../theorems/truncation-hierarchy.ts';
import type { CheckContext, Observation, TheoremDeclaration } from './types.ts';

afterAll(async () => {
  await closePool();
});

const CONFIDENCE = 0.999;

function ctx(path: string, seconds: number): CheckContext<any> {
  return {
    checkId: path, theoremId: path, point: {}, pointLabel: 'p', trial: 0, tier: 'quick', label: forkLabel({ seed: 20261126, path: 'test' }, path),
    confidence: CONFIDENCE, prediction: { value: NaN }, timeBudgetSeconds: seconds, settings: {}, kernelStepsPerSecond: 2e6, workers: 2, progress: () => {},
  };
}

function verdictOf(decl: TheoremDeclaration<any>, point: Record<string, unknown>, o: Observation) {
  const raw = decl.predictor.compute(point as never);
  const predicted = typeof raw === 'number' ? raw : raw.value;
  const verdict = equivalenceVerdict(o.ci, toleranceBand(predicted, decl.tolerance));
  if (process.env.T2_DEBUG) console.log(decl.id, predicted, o.estimate, o.ci, toleranceBand(predicted, decl.tolerance), verdict);
  return { predicted, verdict };
}

async function withEngine<T>(engine: Parameters<typeof setDefaultEngine>[0], f: () => Promise<T>): Promise<T> {
  const prev = setDefaultEngine(engine);
  try {
    return await f();
  } finally {
    setDefaultEngine(prev);
  }
}

describe('theory side (pure)', () => {
  it('paper b = 0.5: widest {2, 4}, every m2 → m4 excursion routes through m3', () => {
    const t = theorem2Theory(theorem2Setting('paper', 0.5));
    expect(t.widest).toEqual([2, 4]);
    expect(t.sharp).toEqual([1, 3]);
    // Excursion out of m2 ends at m4 only via m3: P(2 → 3)·P(3 → 4); the rest returns to m2.
    expect(t.excursion[1][3]).toBeCloseTo(t.jumpProbabilities[1][2] * t.jumpProbabilities[2][3], 14);
    expect(t.excursion[1][1] + t.excursion[1][3]).toBeCloseTo(1, 12);
    // Generator consistency: Q(2,4) = q_2 · P(excursion 2 → 4).
    expect(t.generators[0].matrix[0][1]).toBeCloseTo(t.constants[1].exitRate * t.excursion[1][3], 12);
  });

  it('leading-order occupancy: b = ∞ is π of the all-minima chain; b = 0.5 sharp share ∝ η^{(α−1)(l_max − l*)}', () => {
    const inf = theorem2Theory(theorem2Setting('paper', null));
    expect(leadingOrderOccupancy(inf, 0.01)).toEqual(inf.generators[0].stationary);
    const t = theorem2Theory(theorem2Setting('paper', 0.5));
    const share = (eta: number) => { const o = leadingOrderOccupancy(t, eta)!; return o[0] + o[2]; };
    const slope = Math.log(share(1e-2) / share(1e-6)) / Math.log(1e4);
    expect(slope).toBeGreaterThan(0.19); // exact Lomax tail: → 0.2 as η → 0
    expect(slope).toBeLessThan(0.21);
    expect(share(0.01)).toBeGreaterThan(0.02); // "a few percent" at η = 0.01
    expect(share(0.01)).toBeLessThan(0.05);
    const o = leadingOrderOccupancy(t, 0.01)!;
    expect(o.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });

  it('reducible example: b = 0.4 no excursion out of m2 reaches the transient m3; b = 0.5 some do', () => {
    const r = theorem2Theory(theorem2Setting('reducible', 0.4));
    expect(r.graph.irreducible).toBe(false);
    expect(r.graph.classes.find((c) => c.members.includes(3))?.absorbing).toBe(false);
    expect(r.excursion[1][2]).toBe(0);
    const i = theorem2Theory(theorem2Setting('reducible', 0.5));
    expect(i.graph.irreducible).toBe(true);
    expect(i.excursion[1][2]).toBeGreaterThan(0.01);
  });
});

describe('countExcursions', () => {
  it('counts excursion ends, holdings and censored exposure from visit sequences', () => {
    // widest {2, 4}; path: 3 (before any widest: ignored), 2@10, 1@20, 2@30, 3@40, 4@50, 3@60, 2@90; end at 100.
    const c = countExcursions([{ minimum: [3, 2, 1, 2, 3, 4, 3, 2], step: [5, 10, 20, 30, 40, 50, 60, 90] }], [2, 4], 4, 100);
    expect(c.ends[1][1]).toBe(1); // 2 → 1 → 2
    expect(c.ends[1][3]).toBe(1); // 2 → 3 → 4
    expect(c.ends[3][1]).toBe(1); // 4 → 3 → 2
    expect(c.holdings).toEqual([0, 1, 0, 1]);
    expect(c.exposure).toEqual([0, 40 + 10, 0, 40]); // m2 10→50 and 90→100 (censored), m4 50→90
    expect(c.sharpVisits[1][0]).toBe(1);
    expect(c.sharpVisits[1][2]).toBe(1);
    expect(c.sharpVisits[3][2]).toBe(1);
  });
});

describe('runners on the simulator (quick budgets)', () => {
  const point = { landscape: 'paper', truncation: 0.5, statistic: 'sharp-exit', from: 3, to: 4 };
  const sharpExit = (path: string, seconds: number) =>
    runSharpExitCheck(ctx(path, seconds), { ...theorem2Setting('paper', 0.5), basin: 3, target: 4, stepSizes: [0.002] });

  it('exit out of the sharp basin 3 at η = 0.002 (≈ 4·10⁷ steps): consistent with q(3,4)/q(3); clipping at b/2 is inconsistent', async () => {
    const good = await sharpExit('sharp-exit', 20);
    const v = verdictOf(markovLimit, point, good.observation);
    expect(v.predicted).toBeCloseTo(0.61, 2);
    expect(v.verdict).toBe('consistent');
    const half = await withEngine('mutant:clip-half', () => sharpExit('sharp-exit', 3));
    expect(verdictOf(markovLimit, point, half.observation).verdict).toBe('inconsistent');
  });

  it('sharp-basin share at η = 0.01: consistent with the leading order; clipping only the gradient is inconsistent', async () => {
    const p = { landscape: 'paper', truncation: 0.5, sharpAt: 0.5 };
    const run = (seconds: number) => () =>
      runOccupancyCheck(ctx('share', seconds), { ...theorem2Setting('paper', 0.5), statistic: 'share', basins: [1, 3], stepSizes: [0.01], paths: 32, samplesPerPath: 200 });
    const good = await run(8)();
    expect(verdictOf(sharpMinimaElimination, p, good.observation).verdict).toBe('consistent');
    expect(good.observation.plots?.map((x) => x.kind)).toEqual(['bars', 'xy', 'step']);
    const wrong = await withEngine('mutant:clip-gradient-only', run(2));
    expect(wrong.observation.estimate).toBeGreaterThan(0.1); // about a fifth, like b = ∞
    expect(verdictOf(sharpMinimaElimination, p, wrong.observation).verdict).toBe('inconsistent');
  });

  it('truncation hierarchy from the exact oracle: the order jumps by α − 1 across r/1', () => {
    for (const jumps of [2]) {
      const p = { landscape: 'paper', basin: 2, jumps };
      const o = runHierarchyCheck({ confidence: CONFIDENCE }, { ...theorem2Setting('paper', null), basin: 2, jumps }).observation;
      expect(verdictOf(truncationHierarchy, p, o).verdict).toBe('consistent');
    }
  });
});
