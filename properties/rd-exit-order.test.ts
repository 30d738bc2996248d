/**
 * Exit order in 2-D against γ = 1 + J_b(α − 1) (issue 16) on four landscapes, one with
 * J_b < ⌈r/b⌉ (the hook valley, J_b = 2, ⌈r/b⌉ = 3), where the rival claim γ(⌈r/b⌉) must be
 * rejected. The band is the error model of ci/test-support/rd.ts (sampling z·SE plus the bias
 * bound from the η^{1−1/α} gap model), never a measured offset. z comes from the file's error budget:
 * family-wise 1% over its 9 claims (Bonferroni), z = Φ⁻¹(1 − 0.01/18) = 3.26.
 * Budgets here are the fast ones (seeds pinned); `npm run measure:rd` reruns the same cases at 600
 * chains (fixtures/measurements/rd.txt), `npm run measure:rd-exit-order` at the standard tier's plan.
 */
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../src/stats/distributions.ts';
import { EXIT_ORDER_CASES, runExitOrderCase } from '../ci/test-support/rd.ts';
import { reportMeasurement } from '../ci/test-support/measure.ts';

const CLAIMS = 9; // γ(J_b) on four cases, γ(⌈r/b⌉) on the hook, CV = 1 on four cases
const z = normalQuantile(1 - 0.01 / (2 * CLAIMS));

describe('2-D exit order (Wang & Rhee, first exit in R^d)', () => {
  for (const c of EXIT_ORDER_CASES) {
    it(`${c.name}: the simulated slope is consistent with γ(J_b) and the exit law with Exp (CV = 1)${c.name === 'hook-valley' ? ', and γ(⌈r/b⌉) is rejected' : ''}`, () => {
      const r = runExitOrderCase(c, {
        // Hook valley: η = 0.1 and 0.025, chains split ~ 1/√(steps per chain) (allocateChains), the
        // same ~4·10⁷ steps as 300 + 300 chains at η = 0.1, 0.05 cost before.
        chains: c.name === 'hook-valley' ? [300, 75] : 400,
        seed: 16,
        qSamples: c.name === 'hook-valley' ? 20000 : 8000,
        z,
      });
      reportMeasurement(`rd-exit-order/${c.name}/slope-se-bias-band`, [r.slope, r.slopeSe, r.bias, r.tolerance]);
      expect(r.consistent, JSON.stringify(r)).toBe(true);
      // Exit law: exponential in the limit (CV = 1).
      reportMeasurement(`rd-exit-order/${c.name}/cv-se-bias`, [r.cv, r.cvSe, r.cvBias]);
      expect(r.cvConsistent, JSON.stringify(r)).toBe(true);
      if (r.radiusJumps !== r.jumpsNeeded) {
        expect(r.jumpsNeeded).toBeLessThan(r.radiusJumps);
        expect(r.radiusClaimConsistent, JSON.stringify(r)).toBe(false);
      }
    });
  }
});
