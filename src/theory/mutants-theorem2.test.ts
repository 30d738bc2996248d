import { describe, expect, it } from 'vitest';
import { embeddedPrediction } from './embedded-chain.ts';
import { modelStatistic, theorem2Model, trueModel } from './mutants-theorem2.ts';
import { theorem2Setting, theorem2Theory } from './theorem2.ts';

describe('Theorem 2 as a model of its ingredients', () => {
  it('the true model reproduces the theory bundle: excursion law, −1/Q(i,i), the class stationary share', () => {
    const setting = theorem2Setting('paper', 0.5);
    const t = theorem2Theory(setting);
    const m = theorem2Model(setting);
    const jumps = trueModel(t).jumps;
    expect(modelStatistic(m, { kind: 'excursion', from: 4, to: 2 }, jumps)).toBeCloseTo(t.excursion[3][1], 12);
    expect(modelStatistic(m, { kind: 'excursion', from: 2, to: 4 }, jumps)).toBeCloseTo(t.excursion[1][3], 12);
    for (const i of t.widest)
      expect(modelStatistic(m, { kind: 'holding', from: i }, jumps)).toBeCloseTo(
        embeddedPrediction(t, 'holding', i),
        10,
      );
    const red = theorem2Setting('reducible', 0.4);
    const rt = theorem2Theory(red);
    expect(
      modelStatistic(theorem2Model(red), { kind: 'class-share', from: 1, other: 2 }, trueModel(rt).jumps),
    ).toBeCloseTo(embeddedPrediction(rt, 'class-share', 1), 10);
  });

  it('the mutants change what they should: θ-nearest the excursion law only, the unclipped generator the landing law and the clock', () => {
    const setting = theorem2Setting('paper', 0.5);
    const jumps = trueModel(theorem2Theory(setting)).jumps;
    const stat = (m: 'theta-nearest' | 'unclipped-generator' | undefined, s: Parameters<typeof modelStatistic>[1]) =>
      modelStatistic(theorem2Model(setting, m), s, jumps);
    const sharp = { kind: 'sharp-exit', from: 2, to: 3 } as const;
    expect(stat('theta-nearest', sharp)).toBe(stat(undefined, sharp));
    expect(stat('unclipped-generator', sharp)).toBeGreaterThan(2 * stat(undefined, sharp));
    const exc = { kind: 'excursion', from: 4, to: 2 } as const;
    expect(stat('theta-nearest', exc)).toBe(0); // m3 is nearer m4 than m2
    expect(stat('unclipped-generator', { kind: 'holding', from: 4 })).toBe(0);
  });
});
