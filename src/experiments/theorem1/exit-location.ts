/**
 * The experiment of `theorems/exit-location.ts` (its claim, tolerance and their reasons are there):
 * plan, simulate or solve, estimate, plot. Returns the check's observation.
 */
import { formatTruncation } from '../../core/format.ts';
import { runExit } from '../../sim/run-exit.ts';
import { wilsonInterval } from '../../stats/binomial.ts';
import type { CheckContext, Observation, Requirement } from '../../verify/types.ts';
import { MAX_POINT_ERROR, extrapolateLimit, usablePoints } from '../../asymptotics/index.ts';
import {
  compareLink,
  frequencyStandardError,
  limitLink,
  limitRequirement,
  limitSweepOf,
  linkSignificance,
  linkZ,
} from './links.ts';
import type { LimitLink } from './links.ts';
import { RELATIVE_ERROR_FLOOR, type Theorem1LimitSweep } from '../theorem1-limit.ts';
import { PAPER_BASIN, PAPER_LANDSCAPE, PAPER_NOISE, exactAt, landscapeOf, truncationOf } from '../exact-sweep.ts';

export type Point = { truncation: number | null; target: number };

export const SETTINGS = {
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

export async function runExitLocation(ctx: CheckContext<Point>): Promise<Observation> {
  const b = truncationOf(ctx.point.truncation);
  const l = ctx.point.target;
  const fine = exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, SETTINGS.exactStepSize, SETTINGS.cells);
  const coarse = exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, SETTINGS.exactStepSize, SETTINGS.coarseCells);
  const p = fine.landing[l - 1];
  const bound = Math.abs(p - coarse.landing[l - 1]) + (l < PAPER_BASIN ? fine.exitedLeft.errorEstimate : 0) + 1e-9;
  ctx.progress(0.3);
  const sig = linkSignificance(ctx.confidence);
  const requirements: Requirement[] = [];
  // Link 2, chain → theory: the η → 0 limit of P(land in Ω_l) with its error. For the only basin on
  // the left it is P(exit left), which the sweep extrapolates; for other targets the same sweep's
  // points carry each target's Richardson error (exactExit `landingError`), extrapolated the same way.
  const sweep = limitSweepOf('paper', landscapeOf(PAPER_LANDSCAPE), PAPER_NOISE, b, PAPER_BASIN, ctx.tier);
  const limit =
    l === PAPER_BASIN - 1 && l === 1
      ? limitLink(sweep, 'exitedLeft', sig.limit, (v) => v, ctx.prediction.value)
      : landingLimitLink(sweep, l, sig.limit, ctx.prediction.value);
  if (limit) requirements.push(limit.requirement);
  // Link 1, simulator → chain: the simulated frequency against the exact probability at the same η.
  const speed = ctx.kernelStepsPerSecond ?? 2e6;
  const workers = ctx.workers ?? 2;
  const capacity = ctx.timeBudgetSeconds * speed * workers;
  const cand = SETTINGS.simulatedStepSizes.map((eta) => ({
    eta,
    ex: exactAt(PAPER_LANDSCAPE, PAPER_NOISE, b, PAPER_BASIN, eta, SETTINGS.moderateCells),
  }));
  const ok = cand.filter((c) => c.ex.meanExitSteps * SETTINGS.minChains <= capacity);
  let simulated: Record<string, unknown> = {
    skipped: `no step size in ${SETTINGS.simulatedStepSizes.join(', ')} affords ${SETTINGS.minChains} chains in ${ctx.timeBudgetSeconds.toFixed(1)} s`,
  };
  let simBar: { observed: number; lo: number; hi: number } | null = null;
  if (ok.length) {
    const c = ok[ok.length - 1];
    const chains = Math.min(SETTINGS.maxChains, Math.floor(capacity / c.ex.meanExitSteps));
    const r = await runExit(
      {
        engine: ctx.engine,
        landscape: landscapeOf(PAPER_LANDSCAPE),
        noise: PAPER_NOISE,
        truncation: b,
        stepSize: c.eta,
        basin: PAPER_BASIN,
        chains,
        maxSteps: Math.ceil(SETTINGS.capFactor * c.ex.meanExitSteps),
        seed: ctx.label.seed,
        path: ctx.label.path,
        workers,
      },
      { onProgress: (done, total) => ctx.progress(0.3 + (0.7 * done) / total) },
    );
    let hits = 0;
    for (let i = 0; i < r.target.length; i++) if (r.target[i] === l) hits++;
    const w = wilsonInterval(hits, chains, { confidence: ctx.confidence });
    simulated = {
      stepSize: c.eta,
      chains,
      censored: r.censored,
      frequency: w.statistic,
      ci: w.ci,
      exactAtSameStepSize: c.ex.landing[l - 1],
    };
    simBar = { observed: w.statistic, lo: w.ci[0], hi: w.ci[1] };
    requirements.push(
      compareLink(
        'simulator → chain (landing)',
        { value: hits / chains, standardError: frequencyStandardError(hits / chains, chains) },
        // The exact landing's error: the exit-left Richardson bound (the only one src/exact gives).
        { value: c.ex.landing[l - 1], error: c.ex.exitedLeft.errorEstimate },
        linkZ(sig.simulation),
        `P(land in Ω_${l}) at η = ${c.eta} (${chains} chains)`,
      ),
    );
  } else {
    requirements.push({ name: 'simulator → chain', met: false, detail: String(simulated.skipped) });
  }
  const predicted = ctx.prediction.value;
  return {
    estimate: limit ? limit.value : p,
    ci: limit
      ? [limit.value - limit.halfWidth, limit.value + limit.halfWidth]
      : [Math.max(0, p - bound), Math.min(1, p + bound)],
    requirements,
    details: {
      observation: limit
        ? `η → 0 limit of the exact P(land in Ω_${l}) (η = 1e-8 … 1e-18) ± z·e`
        : `exact P(exit lands in Ω_${l}) at η = ${SETTINGS.exactStepSize} (bound: 800 vs 1600 cells)`,
      links: requirements.map((q) => ({ name: q.name, met: q.met, rejected: q.rejected ?? false, detail: q.detail })),
      threeNumbers: {
        simulated: simulated.frequency ?? null,
        exactAtSimulatedStepSize: simulated.exactAtSameStepSize ?? null,
        exactAsymptotic: p,
        theory: predicted,
      },
      exactLanding: fine.landing,
      simulated,
    },
    plots: [
      {
        kind: 'bars',
        title: `exit location from Ω_${PAPER_BASIN} into Ω_${l}, b = ${formatTruncation(b)}: q_{k,l}/q_k vs exact (η = ${SETTINGS.exactStepSize})${simBar ? ` and simulated (η = ${String(simulated.stepSize)})` : ''}`,
        yLabel: `P(exit into Ω_${l})`,
        groups: [
          {
            label: `exact η = ${SETTINGS.exactStepSize}`,
            predicted,
            observed: p,
            lo: Math.max(0, p - bound),
            hi: Math.min(1, p + bound),
          },
          ...(simBar ? [{ label: `simulated η = ${String(simulated.stepSize)}`, predicted, ...simBar }] : []),
        ],
      },
    ],
  };
}

/**
 * The chain → theory link of P(land in Ω_l) for a target other than the left side: the sweep's
 * points (errors within 5%, as the sweep's own fit) give the landing probability and its Richardson
 * error per η; extrapolated to η → 0 with the sweep's κ (src/asymptotics/extrapolate.ts), the limit
 * ± z·e must contain q_{k,l}/q_k. A refused sweep leaves the link unmet, never rejected.
 */
/**
 * The chain → theory link for a landing target: the η → 0 limit of P(land in Ω_l) from the sweep's
 * per-target landing probabilities and Richardson errors, with the error model of theorem1-limit.ts
 * (window shift, {@link RELATIVE_ERROR_FLOOR}), judged at ± z·e. Exported for its test.
 */
export function landingLimitLink(
  sweep: Theorem1LimitSweep,
  l: number,
  significance: number,
  predicted: number,
): LimitLink {
  const z = linkZ(significance);
  // Four points: extrapolateLimit's two-term series needs four (the order's fit needs five).
  const { usable, refused } = usablePoints(
    sweep.points,
    (p) => p.relativeError <= MAX_POINT_ERROR && p.landingError[l - 1] <= MAX_POINT_ERROR,
    4,
  );
  if (sweep.refused !== null || refused !== null)
    return {
      value: NaN,
      error: Infinity,
      predicted,
      halfWidth: Infinity,
      requirement: limitRequirement(NaN, Infinity, predicted, sweep.refused ?? refused, ''),
    };
  const e = extrapolateLimit(
    usable.map((p) => ({
      stepSize: p.stepSize,
      value: p.landing[l - 1],
      error: p.landingError[l - 1],
    })),
    sweep.limit.kappa.assumed,
    { shift: true, errorFloor: { absolute: RELATIVE_ERROR_FLOOR } },
  );
  const halfWidth = z * e.error;
  return {
    value: e.value,
    error: e.error,
    predicted,
    halfWidth,
    requirement: limitRequirement(
      e.value,
      halfWidth,
      predicted,
      null,
      `P(land in Ω_${l}) limit ${e.value.toPrecision(5)} ± ${halfWidth.toPrecision(2)} (z = ${z.toFixed(2)} × e = ${e.error.toPrecision(2)}; ${usable.length} points, η = ${usable[0].stepSize.toExponential(0)} … ${usable[usable.length - 1].stepSize.toExponential(0)}) vs theory ${predicted.toPrecision(5)}`,
    ),
  };
}
