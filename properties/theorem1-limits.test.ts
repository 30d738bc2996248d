/**
 * Theorem 1 over random landscapes, judged on η → 0 limits (issue 14, must-haves 1–4).
 *
 * fast-check draws `arbTheorem1LimitCase` (properties/arbitraries.ts): polynomial landscapes with
 * 3–9 roots, α ∈ [1.2, 1.9], Lomax (p₊ ≠ ½ on about half), Student-t or α-stable noise, any basin
 * (either side nearer, or one side cut by the box), l* ∈ {1, 2, 3} with r/b's fractional part in
 * [0.15, 0.85]. The property, for a theory T (the true one or a mutant of src/theory/mutants.ts):
 *
 * 1. Chain → theory. The exact oracle's sweep (moment-matched kernel, η = 1e-8 … 1e-18 on every other
 *    decade, 800 cells: a lighter grid than the calibration's eleven points up to 1600 cells, so its τ
 *    is wider but derived the same way) is extrapolated to η → 0 (`theorem1LimitSweep`) and T's order,
 *    mean ratio and P(exit left) are judged against the limits with τ = z·e
 *    (src/experiments/theorem1-limit.ts). T must not be inconsistent.
 * 2. Simulator → chain (true theory only: the simulator does not depend on T). At the smallest
 *    η ∈ {0.1, 0.05, 0.02, 0.01} whose exact mean is ≤ 3000 steps, 400 simulated exits must match
 *    the exact chain's mean and exit side within z combined standard errors.
 *
 * The property holds for the true theory and FAILS for every theory mutant: the second test runs it
 * with each mutant, same seed and draws (sweeps cached), and expects fast-check to report a
 * counterexample. The pinned seed's two draws (Lomax α = 1.4, l* = 2, r/b fraction 0.3; Student-t
 * α = 1.3, l* = 1, fraction 0.8) are where every mutant changes a prediction: the seed was chosen
 * for that from the theory's predictions alone, before any oracle ran (`npx tsx
 * ci/theorem1-limit-seed.ts 2` lists it; seed 140, with an α-stable draw, costs minutes of CPU in
 * the oracle's stable-tail evaluations, so CI uses this Lomax/Student-t one). A fresh seed
 * (`THEOREM1_LIMIT_SEED`) need not cover all seven mutants in two draws, which is what
 * `npm run calibrate:theory-mutants` measures over many draws (fixtures/calibration/theory-mutants.txt).
 *
 * False-alarm design: family-wise 1e-3 for the whole property, split by Bonferroni over the runs and,
 * inside a run, over the three limits (τ) and the two simulation comparisons (z_sim).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  differsBeyondTwiceTolerance,
  judgeTheorem1Limit,
  theorem1LimitSweep,
  variantPrediction,
  type Theorem1LimitSweep,
} from '../src/experiments/theorem1-limit.ts';
import { limitStepSizes } from '../src/asymptotics/index.ts';
import { buildStopLoss, exactExit } from '../src/exact/index.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { runExitSync } from '../src/sim/run-exit.ts';
import { normalQuantile } from '../src/stats/distributions.ts';
import { THEORY_MUTANTS, type TheoryVariant } from '../src/theory/index.ts';
import { arbSeed, arbTheorem1LimitCase, theorem1LimitCase } from './arbitraries.ts';

const RUNS = Number(process.env.THEOREM1_LIMIT_RUNS ?? 2);
const SEED = Number(process.env.THEOREM1_LIMIT_SEED ?? 237);
const FAMILY_WISE = 1e-3;
/** Per run: half of the run's share to the limits (three quantities), half to the two simulation tests. */
const PER_RUN = FAMILY_WISE / RUNS;
const Z_SIM = normalQuantile(1 - PER_RUN / 2 / 2 / 2);
const MODERATE = [0.1, 0.05, 0.02, 0.01];
const CHAINS = 400;
/** The light sweep of the module note: 6 points, 800 cells, at least 5 kept. */
const SWEEP = { stepSizes: limitStepSizes(1e-8, 10, 0.5), cells: 800, maxCells: 800, minPoints: 5 } as const;

type Draw = Parameters<typeof theorem1LimitCase>[0];
const sweeps = new Map<string, Theorem1LimitSweep>();
function sweepOf(draw: Draw, c: NonNullable<ReturnType<typeof theorem1LimitCase>>): Theorem1LimitSweep {
  const key = JSON.stringify(draw);
  let s = sweeps.get(key);
  if (!s) {
    s = theorem1LimitSweep(c.landscape, createNoiseLaw(c.noise), c.truncation, c.basin, SWEEP);
    sweeps.set(key, s);
  }
  return s;
}

interface Seen {
  judged: number;
  consistent: number;
  mutantsChecked: number;
  simulated: number;
  kinds: Set<string>;
}

/** The property for theory `variant` ({} = the true theory); `seen` collects what was judged. */
function theorem1LimitProperty(variant: TheoryVariant, seen?: Seen, simulate = false) {
  return fc.property(arbTheorem1LimitCase(), arbSeed(), (draw, seed) => {
    const c = theorem1LimitCase(draw);
    fc.pre(c !== null);
    const { landscape, truncation, basin } = c!;
    const noise = createNoiseLaw(c!.noise);
    const roots = (c!.spec as { roots: number[] }).roots.join(',');
    const law = c!.noise.kind === 'lomax' ? `lomax, p₊ = ${draw.pPlus}` : c!.noise.kind;
    const where = `poly roots ${roots} (box ${landscape.box}), basin ${basin}, ${law}, α = ${draw.tailIndex}, c = ${draw.scale}, b = ${truncation} (l* = ${draw.jumpsNeeded}, r/b fraction ${draw.fraction}, nearer side ${c!.nearerSide})`;
    const replay = `htsgd exact --limit --landscape poly --roots ${roots} --box ${landscape.box} --basin ${basin} --noise ${c!.noise.kind} --tail-index ${draw.tailIndex} --noise-scale ${draw.scale} --truncation ${truncation} --small-moves moments`;

    // 1. Chain → theory, on limits.
    const sweep = sweepOf(draw, c!);
    expect(sweep.truth.jumpsNeeded).toBe(draw.jumpsNeeded);
    const theory = variantPrediction(landscape, noise, truncation, basin, variant);
    const v = judgeTheorem1Limit(sweep, PER_RUN / 2, theory, draw.tailIndex);
    const show = Object.entries(v.quantities)
      .map(
        ([k, q]) => `${k} ${q.value.toPrecision(5)} ± ${q.tolerance.toPrecision(2)} vs ${q.predicted.toPrecision(5)}`,
      )
      .join('; ');
    expect(v.verdict, `theory rejected: ${show}\n  ${where}\n  replay: ${replay}`).not.toBe('inconsistent');
    if (!seen) return;
    seen.judged++;
    seen.kinds.add(c!.noise.kind);
    if (v.verdict === 'consistent') seen.consistent++;
    for (const m of Object.values(THEORY_MUTANTS)) {
      const t = variantPrediction(landscape, noise, truncation, basin, m.variant);
      if (differsBeyondTwiceTolerance(sweep, PER_RUN / 2, t).length > 0) seen.mutantsChecked++;
    }
    if (!simulate) return;

    // 2. Simulator → chain, at the smallest affordable η.
    const stopLoss = buildStopLoss(noise);
    let moderate: { stepSize: number; ex: ReturnType<typeof exactExit> } | null = null;
    for (const stepSize of MODERATE) {
      const ex = exactExit({ landscape, noise, stepSize, truncation, basin, cells: 800, stopLoss });
      if (ex.meanExitSteps > 3000) break;
      moderate = { stepSize, ex };
    }
    if (!moderate) return;
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
    const simReplay = `htsgd simulate exit --landscape poly --roots ${roots} --box ${landscape.box} --noise ${c!.noise.kind} --tail-index ${draw.tailIndex} --noise-scale ${draw.scale} --truncation ${truncation} --step-size ${stepSize} --basin ${basin} --chains ${CHAINS} --max-steps ${maxSteps} --seed ${seed}`;
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
  });
}

describe('Theorem 1 over random landscapes, judged on η → 0 limits', () => {
  it('the true theory is not rejected and the simulator is the chain', () => {
    const seen: Seen = { judged: 0, consistent: 0, mutantsChecked: 0, simulated: 0, kinds: new Set() };
    fc.assert(theorem1LimitProperty({}, seen, true), { numRuns: RUNS, seed: SEED });
    // The property must not pass by judging nothing.
    expect(seen.judged).toBe(RUNS);
    expect(seen.consistent).toBeGreaterThanOrEqual(1);
    expect(seen.mutantsChecked).toBeGreaterThanOrEqual(RUNS);
    expect(seen.simulated).toBeGreaterThanOrEqual(1);
  }, 900_000);

  it.each(Object.entries(THEORY_MUTANTS))(
    'the same property fails for the theory mutant %s',
    (name, m) => {
      // Same seed, same draws (sweeps cached by draw): only the theory differs. No shrinking: a
      // counterexample is enough, and shrinking would solve new landscapes.
      const r = fc.check(theorem1LimitProperty(m.variant), { numRuns: RUNS, seed: SEED, endOnFailure: true });
      expect(r.failed, `mutant ${name} (${m.description}) passed the property on ${r.numRuns} draws`).toBe(true);
    },
    300_000,
  );
});
