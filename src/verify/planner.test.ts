import { describe, expect, it } from 'vitest';
import { planExperiment } from './planner.ts';

// γ = 1.4 on a toy scale: E σ = 10·η^{-1.4}.
const candidates = [0.1, 0.03, 0.01, 0.003, 0.001, 0.0003].map((stepSize) => ({
  stepSize,
  predictedMeanSteps: 10 * stepSize ** -1.4,
}));

describe('planExperiment', () => {
  it('fits the budget, keeps the smallest affordable step sizes, equal chains per step size', () => {
    const plan = planExperiment({ candidates, stepsPerSecond: 2e7, cores: 2, timeBudgetSeconds: 10 });
    expect(plan.feasible).toBe(true);
    expect(plan.expectedSeconds).toBeLessThanOrEqual(10);
    const chains = new Set(plan.points.map((p) => p.chains));
    expect(chains.size).toBe(1);
    expect([...chains][0]).toBeGreaterThanOrEqual(100);
    // Dropped step sizes are the costliest (smallest) ones.
    const kept = plan.points.map((p) => p.stepSize);
    for (const d of plan.dropped) expect(d.stepSize).toBeLessThan(Math.min(...kept));
    expect(kept.length + plan.dropped.length).toBe(candidates.length);
    for (const p of plan.points) {
      expect(p.stepCap).toBeGreaterThanOrEqual(6 * p.predictedMeanSteps);
      expect(p.expectedCensoredFraction).toBeLessThan(0.01);
    }
  });

  it('more budget or more cores buy smaller step sizes or more chains, never less', () => {
    const small = planExperiment({ candidates, stepsPerSecond: 2e7, cores: 1, timeBudgetSeconds: 5 });
    const big = planExperiment({ candidates, stepsPerSecond: 2e7, cores: 2, timeBudgetSeconds: 50 });
    expect(Math.min(...big.points.map((p) => p.stepSize))).toBeLessThanOrEqual(
      Math.min(...small.points.map((p) => p.stepSize)),
    );
    expect(big.points.length * big.points[0].chains).toBeGreaterThan(small.points.length * small.points[0].chains);
  });

  it('an absolute step cap censors, and a cap that censors too much drops the step size', () => {
    const plan = planExperiment({
      candidates,
      stepsPerSecond: 1e9,
      timeBudgetSeconds: 1000,
      maxStepCap: 1e5,
      maxCensoredFraction: 0.5,
    });
    for (const p of plan.points) expect(p.stepCap).toBeLessThanOrEqual(1e5);
    expect(plan.points.some((p) => p.expectedCensoredFraction > 0.01)).toBe(true);
    expect(plan.dropped.some((d) => /censors/.test(d.reason))).toBe(true);
  });

  it('says when even the minimum design overruns the budget', () => {
    const plan = planExperiment({ candidates, stepsPerSecond: 1e3, timeBudgetSeconds: 1 });
    expect(plan.feasible).toBe(false);
    expect(plan.points).toHaveLength(3);
    expect(plan.expectedSeconds).toBeGreaterThan(1);
    expect(plan.reason).toMatch(/need/);
  });

  it('rejects bad input with the one error shape', () => {
    expect(() => planExperiment({ candidates: [], stepsPerSecond: 1, timeBudgetSeconds: 1 })).toThrow(
      /^planExperiment: invalid option `candidates`/,
    );
    expect(() => planExperiment({ candidates, stepsPerSecond: -1, timeBudgetSeconds: 1 })).toThrow(
      /`stepsPerSecond`: expected a finite number in \(0/,
    );
  });
});
