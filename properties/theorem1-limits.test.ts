/**
 * Theorem 1 over random landscapes, judged on η → 0 limits (issue 14, must-haves 1–4).
 *
 * fast-check draws `arbTheorem1LimitCase` (properties/arbitraries.ts): polynomial landscapes with
 * 3–9 roots, Lomax α ∈ [1.2, 1.9], p₊ ≠ ½ on about half the draws, any basin (either side nearer,
 * or one side cut by the box), l* ∈ {1, 2, 3} with r/b's fractional part in [0.15, 0.85]. For each:
 *
 * 1. Chain → theory. The exact oracle's sweep η = 1e-3 … 1e-6 is extrapolated to η → 0
 *    (`theorem1LimitSweep`, the machinery of `htsgd exact --limit`) and the limits of the order, the
 *    mean ratio E σ·q_k λ_k(η) and P(exit left) are judged against γ, 1 and q_{k,left}/q_k with the
 *    tolerance τ = z·e derived in src/experiments/theorem1-limit.ts. The true theory must not be
 *    inconsistent; every theory mutant (src/theory/mutants.ts) that moves a prediction by more than
 *    2τ must be rejected.
 * 2. Simulator → chain. At the smallest η ∈ {0.1, 0.05, 0.02, 0.01} whose exact mean is ≤ 3000 steps,
 *    400 simulated exits (`runExitSync`) must match the exact chain's mean and exit side within
 *    z combined standard errors.
 * "Consistent" means both links hold.
 *
 * False-alarm design: family-wise 1e-3 for the whole property, split by Bonferroni over the runs and,
 * inside a run, over the three limits (τ) and the two simulation comparisons (z_sim). The limit part
 * is deterministic for a given draw (no simulation), and measured: over 249 random landscapes the
 * true theory was never inconsistent (max |limit − theory|/e 3.04 < z = 3.59 on the 114 usable
 * sweeps; 135 refused, 69% inconclusive in all: fixtures/calibration/theory-mutants.txt,
 * `npm run calibrate:theory-mutants`). Pinned fast-check seed in CI; `THEOREM1_LIMIT_SEED` and
 * `THEOREM1_LIMIT_RUNS` run fresh draws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  differsBeyondTwiceTolerance,
  judgeTheorem1Limit,
  theorem1LimitSweep,
  variantPrediction,
} from '../src/experiments/theorem1-limit.ts';
import { buildStopLoss, exactExit } from '../src/exact/index.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { runExitSync } from '../src/sim/run-exit.ts';
import { normalQuantile } from '../src/stats/distributions.ts';
import { THEORY_MUTANTS } from '../src/theory/index.ts';
import { arbSeed, arbTheorem1LimitCase, theorem1LimitCase } from './arbitraries.ts';

const RUNS = Number(process.env.THEOREM1_LIMIT_RUNS ?? 3);
const SEED = Number(process.env.THEOREM1_LIMIT_SEED ?? 20261207);
const FAMILY_WISE = 1e-3;
/** Per run: half of the run's share to the limits (three quantities), half to the two simulation tests. */
const PER_RUN = FAMILY_WISE / RUNS;
const Z_SIM = normalQuantile(1 - PER_RUN / 2 / 2 / 2);
const MODERATE = [0.1, 0.05, 0.02, 0.01];
const CHAINS = 400;

describe('Theorem 1 over random landscapes, judged on η → 0 limits', () => {
  it('the true theory is not rejected, every mutant that differs by > 2τ is, and the simulator is the chain', () => {
    const seen = { judged: 0, consistent: 0, mutantsChecked: 0, simulated: 0, jumps: new Set<number>() };
    fc.assert(
      fc.property(arbTheorem1LimitCase(), arbSeed(), (draw, seed) => {
        const c = theorem1LimitCase(draw);
        fc.pre(c !== null);
        const { landscape, truncation, basin } = c!;
        const noise = createNoiseLaw(c!.noise);
        const roots = (c!.spec as { roots: number[] }).roots.join(',');
        const where = `poly roots ${roots} (box ${landscape.box}), basin ${basin}, Lomax α = ${draw.tailIndex}, c = ${draw.scale}, p₊ = ${draw.pPlus}, b = ${truncation} (l* = ${draw.jumpsNeeded}, r/b fraction ${draw.fraction}, nearer side ${c!.nearerSide})`;
        const replay = `htsgd exact --limit --landscape poly --roots ${roots} --box ${landscape.box} --basin ${basin} --noise lomax --tail-index ${draw.tailIndex} --noise-scale ${draw.scale} --truncation ${truncation} --decades 3`;

        // 1. Chain → theory, on limits.
        const sweep = theorem1LimitSweep(landscape, noise, truncation, basin);
        expect(sweep.truth.jumpsNeeded).toBe(draw.jumpsNeeded);
        const truth = judgeTheorem1Limit(sweep, PER_RUN / 2, sweep.truth, draw.tailIndex);
        const show = (v: typeof truth) =>
          Object.entries(v.quantities)
            .map(
              ([k, q]) =>
                `${k} ${q.value.toPrecision(5)} ± ${q.tolerance.toPrecision(2)} vs ${q.predicted.toPrecision(5)}`,
            )
            .join('; ');
        expect(truth.verdict, `true theory rejected: ${show(truth)}\n  ${where}\n  replay: ${replay}`).not.toBe(
          'inconsistent',
        );
        seen.judged++;
        if (truth.verdict === 'consistent') seen.consistent++;
        seen.jumps.add(draw.jumpsNeeded);
        // A mutant that moves a prediction by > 2τ is rejected whenever the truth is not (|limit − p_mutant|
        // ≥ 2τ − τ): judged on inconclusive draws too, since resolution only guards "consistent".
        for (const [name, m] of Object.entries(THEORY_MUTANTS)) {
          const t = variantPrediction(landscape, noise, truncation, basin, m.variant);
          if (differsBeyondTwiceTolerance(sweep, PER_RUN / 2, t).length === 0) continue;
          seen.mutantsChecked++;
          const v = judgeTheorem1Limit(sweep, PER_RUN / 2, t, draw.tailIndex);
          expect(v.verdict, `mutant ${name} (${m.description}) not rejected: ${show(v)}\n  ${where}`).toBe(
            'inconsistent',
          );
        }

        // 2. Simulator → chain, at the smallest affordable η.
        const stopLoss = buildStopLoss(noise);
        let moderate: { stepSize: number; ex: ReturnType<typeof exactExit> } | null = null;
        for (const stepSize of MODERATE) {
          const ex = exactExit({ landscape, noise, stepSize, truncation, basin, cells: 800, stopLoss });
          if (ex.meanExitSteps > 3000) break;
          moderate = { stepSize, ex };
        }
        if (moderate) {
          seen.simulated++;
          const { stepSize, ex } = moderate;
          const maxSteps = Math.ceil(60 * ex.meanExitSteps);
          const sim = runExitSync({
            landscape,
            noise: c!.noise,
            stepSize,
            truncation,
            basin,
            chains: CHAINS,
            seed,
            workers: 1,
            maxSteps,
          });
          const simReplay = `htsgd simulate exit --landscape poly --roots ${roots} --box ${landscape.box} --noise lomax --tail-index ${draw.tailIndex} --noise-scale ${draw.scale} --truncation ${truncation} --step-size ${stepSize} --basin ${basin} --chains ${CHAINS} --max-steps ${maxSteps} --seed ${seed}`;
          const msg = (what: string) =>
            `${what}: simulator ≠ exact chain at η = ${stepSize}; ${where}\n  replay: ${simReplay}`;
          expect(sim.censored, msg('censored runs')).toBe(0);
          expect(
            Math.abs(sim.meanExitSteps - ex.meanExitSteps),
            msg(`mean ${sim.meanExitSteps} vs ${ex.meanExitSteps}`),
          ).toBeLessThan(Z_SIM * Math.hypot(sim.standardError, ex.errorEstimate));
          const p = ex.exitedLeft.value;
          const seP = Math.hypot(Math.sqrt(Math.max(p * (1 - p), 1 / CHAINS) / CHAINS), ex.exitedLeft.errorEstimate);
          expect(Math.abs(sim.exitedLeft - p), msg(`exit-left ${sim.exitedLeft} vs ${p}`)).toBeLessThan(Z_SIM * seP);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The property must not pass by judging nothing.
    expect(seen.judged).toBe(RUNS);
    // At the pinned seed 1 of 3 draws is consistent and 2 inconclusive (τ above the resolution): the
    // calibration's inconclusive rate is in fixtures/calibration/theory-mutants.txt.
    expect(seen.consistent).toBeGreaterThanOrEqual(1);
    expect(seen.mutantsChecked).toBeGreaterThanOrEqual(RUNS);
    expect(seen.simulated).toBeGreaterThanOrEqual(1);
  }, 300_000); // ~15 s of CPU on an idle machine (user time of the pinned run); wall time grows under load
});
