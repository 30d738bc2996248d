/**
 * Theorem 1, exit location: P(X_{σ_k} ∈ Ω_l) → q_{k,l}/q_k (ICLR 2022 §2.2, Theorem 1; the
 * constants are Lévy-measure integrals computed by `src/theory`).
 *
 * Finite-η bias: the landing probabilities converge slowly too. Measured on the exact chain,
 * P(land in Ω_1) from Ω_2 of the paper landscape at b = 0.5 is 0.883 (η = 0.05), 0.903 (0.01), 0.917
 * (0.001) against the limit 0.943; b = 0.28: 0.970, 0.982, 0.990 against 1; b = ∞, Ω_3: 0.175, 0.173
 * (η = 0.05, 0.01) against 0.157. So, as for the order, the verdict is taken on the exact chain at
 * η = 10⁻³ (observation: the exact probability, interval = its discretisation error, bounded by the
 * change between 800 and 1600 cells plus the Richardson estimate), and the simulated frequency at an
 * affordable η (Wilson CI) is shown next to the exact probability at that η and the limit.
 * Tolerance 0.04: the largest measured gap at η = 10⁻³ is 0.025 (b = 0.5: Ω_1 0.917 vs 0.943 and
 * Ω_3 0.083 vs 0.057; src/exact as of 3a3a85d).
 */
import { runExit } from '../src/sim/run-exit.ts';
import { wilsonInterval } from '../src/stats/binomial.ts';
import { defineTheorem } from '../src/verify/define.ts';
import type { CheckContext, Observation } from '../src/verify/types.ts';
import { PAPER, PAPER_BASIN, PAPER_LANDSCAPE, PAPER_NOISE, basinTheory, exactAt, formatTruncation, landscapeOf, truncationOf } from './shared.ts';

type Point = { truncation: number | null; target: number };

const SETTINGS = {
  /** Step size of the exact observation and its two grids. */
  exactStepSize: 0.001,
  cells: 1600,
  coarseCells: 800,
  /** Simulated side: the smallest of these affording `minChains` chains. */
  simulatedStepSizes: [0.1, 0.05, 0.02, 0.01],
  minChains: 1000,
  maxChains: 20_000,
  capFactor: 40,
  moderateCells: 800,
} as const;

async function run(ctx: CheckContext<Point>): Promise<Observation> {
  const b = truncationOf(ctx.point.truncation);
  const l = ctx.point.target;
  const fine = exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, SETTINGS.exactStepSize, SETTINGS.cells);
  const coarse = exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, SETTINGS.exactStepSize, SETTINGS.coarseCells);
  const p = fine.landing[l - 1];
  const bound = Math.abs(p - coarse.landing[l - 1]) + (l < PAPER_BASIN ? fine.exitedLeft.errorEstimate : 0) + 1e-9;
  ctx.progress(0.3);
  // Simulated side, for the side-by-side numbers (not the verdict).
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const workers = ctx.workers ?? 2;
  const capacity = ctx.timeBudgetSeconds * speed * workers;
  const cand = SETTINGS.simulatedStepSizes.map((eta) => ({ eta, ex: exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, eta, SETTINGS.moderateCells) }));
  const ok = cand.filter((c) => c.ex.meanExitSteps * SETTINGS.minChains <= capacity);
  let simulated: Record<string, unknown> = { skipped: `no step size in ${SETTINGS.simulatedStepSizes.join(', ')} affords ${SETTINGS.minChains} chains in ${ctx.timeBudgetSeconds.toFixed(1)} s` };
  let simBar: { observed: number; lo: number; hi: number } | null = null;
  if (ok.length) {
    const c = ok[ok.length - 1];
    const chains = Math.min(SETTINGS.maxChains, Math.floor(capacity / c.ex.meanExitSteps));
    const r = await runExit(
      { landscape: landscapeOf(PAPER_LANDSCAPE), noise: PAPER_NOISE, truncation: b, stepSize: c.eta, basin: PAPER_BASIN, chains, maxSteps: Math.ceil(SETTINGS.capFactor * c.ex.meanExitSteps), seed: ctx.label.seed, path: ctx.label.path, workers },
      { onProgress: (done, total) => ctx.progress(0.3 + (0.7 * done) / total) },
    );
    let hits = 0;
    for (let i = 0; i < r.target.length; i++) if (r.target[i] === l) hits++;
    const w = wilsonInterval(hits, chains, { confidence: ctx.confidence });
    simulated = { stepSize: c.eta, chains, censored: r.censored, frequency: w.statistic, ci: w.ci, exactAtSameStepSize: c.ex.landing[l - 1] };
    simBar = { observed: w.statistic, lo: w.ci[0], hi: w.ci[1] };
  }
  const predicted = ctx.prediction.value;
  return {
    estimate: p,
    ci: [Math.max(0, p - bound), Math.min(1, p + bound)],
    details: {
      observation: `exact P(exit lands in Ω_${l}) at η = ${SETTINGS.exactStepSize} (bound: 800 vs 1600 cells)`,
      threeNumbers: { simulated: simulated.frequency ?? null, exactAtSimulatedStepSize: simulated.exactAtSameStepSize ?? null, exactAsymptotic: p, theory: predicted },
      exactLanding: fine.landing,
      simulated,
    },
    plots: [
      {
        kind: 'bars',
        title: `exit location from Ω_${PAPER_BASIN} into Ω_${l}, b = ${formatTruncation(b)}: q_{k,l}/q_k vs exact (η = ${SETTINGS.exactStepSize})${simBar ? ` and simulated (η = ${String(simulated.stepSize)})` : ''}`,
        yLabel: `P(exit into Ω_${l})`,
        groups: [
          { label: `exact η = ${SETTINGS.exactStepSize}`, predicted, observed: p, lo: Math.max(0, p - bound), hi: Math.min(1, p + bound) },
          ...(simBar ? [{ label: `simulated η = ${String(simulated.stepSize)}`, predicted, ...simBar }] : []),
        ],
      },
    ],
  };
}

/** P(exit into Ω_l) → q_{k,l}/q_k on the paper's basin 2. */
export const exitLocation = defineTheorem<Point>({
  id: 'exit-location',
  title: 'Exit location: P(exit into Ω_l) → q_{k,l}/q_k',
  source: { paper: PAPER, theorem: 'Theorem 1 (§2.2)', equation: 'P(X_{σ_k} ∈ Ω_l) → q_{k,l}/q_k, q_{k,l} = μ_k(land in Ω_l) (THEORY.md §5)' },
  hypotheses: [
    { name: 'truncation', description: 'b (none: no clipping); paper landscape, basin 2, Lomax α = 1.2, c = 0.1', values: [null, 0.5, 0.28] },
    { name: 'target', description: 'the basin l the exit lands in (1-based)', values: [1, 3, 4] },
  ],
  predictor: {
    name: 'theory.exitLocationProbabilities',
    compute: (p) => {
      const r = basinTheory(PAPER_LANDSCAPE, PAPER_NOISE, truncationOf(p.truncation), PAPER_BASIN);
      return { value: r.exitProbabilityByTarget?.[String(p.target)] ?? 0, details: { exitRateByTarget: r.exitRateByTarget } };
    },
  },
  plan: {
    description: 'exact landing probabilities at η = 0.001 (1600 vs 800 cells); simulated frequency (Wilson CI) at the smallest affordable η in {0.1, …, 0.01} beside it',
    points: {
      quick: [{ truncation: 0.5, target: 1 }, { truncation: null, target: 3 }],
      standard: [
        { truncation: null, target: 1 }, { truncation: null, target: 3 }, { truncation: null, target: 4 },
        { truncation: 0.5, target: 1 }, { truncation: 0.5, target: 3 }, { truncation: 0.28, target: 1 },
      ],
      full: [
        { truncation: null, target: 1 }, { truncation: null, target: 3 }, { truncation: null, target: 4 },
        { truncation: 0.5, target: 1 }, { truncation: 0.5, target: 3 }, { truncation: 0.28, target: 1 },
      ],
    },
    settings: SETTINGS,
  },
  test: { name: 'exact landing probability at η = 0.001 with its discretisation bound; simulated frequency (Wilson CI) reported', run },
  tolerance: {
    value: 0.04,
    scale: 'absolute',
    reason:
      'finite-η bias measured on the exact chain at η = 0.001: |P − q_{k,l}/q_k| ≤ 0.0255 over the six (b, target) points (largest: b = 0.5, Ω_1 0.917 vs 0.943 and Ω_3 0.083 vs 0.057), decreasing with η; 0.04 covers it with the grid bound',
  },
  budgetShare: 0.5,
});
