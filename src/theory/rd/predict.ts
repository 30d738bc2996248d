/**
 * What the theory predicts in R^d (issue 16): per basin J_b (reach.ts), γ = 1 + J_b(α − 1), q and
 * q_{k,l} (constants.ts), the predicted mean exit steps 1/(q·H(1/η)·λ(η)^{J−1}) with the exact radial
 * tail H, the typical transition graph (edge k → l iff q_{k,l} > 0, i.e. R_{J−1} ⊕ B_b meets Ω_l),
 * and the limiting chain's generator and stationary law on the widest minima (reusing the 1-D
 * graph and Markov code, which is generic in the rates).
 */
import type { RandomStream } from '../../rng/xoshiro.ts';
import { forkLabel, openStream, type StreamLabel } from '../../rng/seeds.ts';
import type { NoiseLawRd } from '../../model/rd/noise.ts';
import type { LandscapeRd } from '../../model/rd/types.ts';
import { exitExponent, basinScale } from '../scales.ts';
import { graphFromAdjacency, type TransitionGraph } from '../graph.ts';
import { generatorsByClass, stationaryDistribution, type GeneratorReport } from '../markov.ts';
import type { BasinConstants } from '../constants.ts';
import { jumpsNeededRd, type JumpsNeededRd, type ReachOptions } from './reach.ts';
import { estimateExitConstantsRd, type ConstantsOptions, type ExitConstantsRd } from './constants.ts';

/** γ = 1 + J_b(α − 1) (the R^d first-exit theorem; THEORY.md §5 with l* replaced by J_b). */
export function exitExponentRd(jumpsNeeded: number, tailIndex: number): number {
  return exitExponent(jumpsNeeded, tailIndex);
}

/** Predicted mean exit steps 1/(q·H(1/η)·(H(1/η)/η)^{J−1}). */
export function predictedMeanExitStepsRd(
  exitRate: number,
  jumpsNeeded: number,
  law: Pick<NoiseLawRd, 'radialTail'>,
  stepSize: number,
): number {
  return 1 / (exitRate * basinScale({ tail: law.radialTail }, jumpsNeeded, stepSize));
}

export interface BasinReportRd {
  basin: number;
  minimum: number[];
  radius: number;
  reach: JumpsNeededRd;
  jumpsNeeded: number;
  exitExponent: number;
  constants: ExitConstantsRd;
}

export interface TheoryReportRd {
  basins: BasinReportRd[];
  graph: TransitionGraph;
  generators: GeneratorReport[];
  widest: number[];
  warnings: string[];
}

/**
 * The whole prediction for a planar landscape whose basins all have J ≤ 4 (q for J ≥ 5 is not
 * estimated, its cost growing as inner^(J−1); such a basin gets a warning and q = NaN). The Monte Carlo draws from `forkLabel(label,
 * 'q', k)` per basin, so each basin's estimate replays alone.
 */
export function theoryReportRd(
  label: StreamLabel,
  land: LandscapeRd,
  law: NoiseLawRd,
  truncation: number,
  options: {
    reach?: ReachOptions;
    constants?: ConstantsOptions;
    /**
     * A segment of minimisers has no single exit rate (it depends on the point the chain sits at).
     * With `segmentPoints: n`, q and q_{k,l} are averaged over n equally spaced points of the segment
     * (a stated assumption: the position on the segment is uniform); otherwise they are taken at the
     * segment's first end. @default 1
     */
    segmentPoints?: number;
  } = {},
): TheoryReportRd {
  const n = land.minima.length;
  const warnings: string[] = [];
  const basins: BasinReportRd[] = [];
  for (let k = 1; k <= n; k++) {
    const reach = jumpsNeededRd(land, k, truncation, options.reach);
    if (!reach.certified)
      warnings.push(
        `basin ${k}: J_b not certified on this grid (under/over-approximations give ${reach.upper}/${reach.lower}); refine the grid.`,
      );
    const constants = basinConstantsRd(label, land, law, truncation, k, reach.jumpsNeeded, options, warnings);
    if (constants.shellContribution > 0)
      warnings.push(
        `basin ${k}: first jumps below minFirstJump contribute (${constants.shellContribution}); lower it.`,
      );
    basins.push({
      basin: k,
      minimum: Array.from(land.minima[k - 1].point),
      radius: land.basinRadii[k - 1],
      reach,
      jumpsNeeded: reach.jumpsNeeded,
      exitExponent: exitExponentRd(reach.jumpsNeeded, law.tailIndex),
      constants,
    });
  }
  // G from the reach targets (exact support), the rates from the Monte Carlo.
  const adjacency = basins.map((b) => Array.from({ length: n }, (_, j) => b.reach.targets.includes(j + 1)));
  const graph = graphFromAdjacency(adjacency, n);
  const asConstants: BasinConstants[] = basins.map((b) => ({
    basin: b.basin,
    jumpsNeeded: b.jumpsNeeded,
    exitRate: b.constants.exitRate,
    exitRateByTarget: b.constants.exitRateByTarget.slice(1),
    left: NaN,
    right: NaN,
    error: b.constants.standardError,
  }));
  const generators = generatorsByClass(asConstants, graph);
  const lmax = Math.max(...basins.map((b) => b.jumpsNeeded));
  return {
    basins,
    graph,
    generators,
    widest: basins.filter((b) => b.jumpsNeeded === lmax).map((b) => b.basin),
    warnings,
  };
}

/** q for basin k (averaged over a segment of minimisers when asked); NaN with a warning for J ≥ 5. */
function basinConstantsRd(
  label: StreamLabel,
  land: LandscapeRd,
  law: NoiseLawRd,
  truncation: number,
  k: number,
  jumpsNeeded: number,
  options: { constants?: ConstantsOptions; segmentPoints?: number },
  warnings: string[],
): ExitConstantsRd {
  const n = land.minima.length;
  const rng: RandomStream = openStream(forkLabel(label, 'q', k));
  const set = land.minima[k - 1];
  const points = set.segmentEnd ? Math.max(1, options.segmentPoints ?? 1) : 1;
  if (jumpsNeeded <= 4) {
    const parts = Array.from({ length: points }, (_, i) => {
      const t = points === 1 ? 0 : i / (points - 1);
      const start = set.segmentEnd ? Array.from(set.point, (p, j) => p + t * (set.segmentEnd![j] - p)) : undefined;
      return estimateExitConstantsRd(rng, land, law, k, truncation, jumpsNeeded, { ...options.constants, start });
    });
    return averageConstants(parts);
  }
  warnings.push(`basin ${k}: J_b = ${jumpsNeeded} ≥ 5, q not estimated.`);
  return {
    basin: k,
    jumpsNeeded,
    exitRate: NaN,
    standardError: NaN,
    exitRateByTarget: new Array<number>(n + 1).fill(NaN),
    standardErrorByTarget: new Array<number>(n + 1).fill(NaN),
    shellContribution: NaN,
    samples: 0,
  };
}

/** The mean of independent estimates (standard errors combined as for a mean). */
function averageConstants(parts: ExitConstantsRd[]): ExitConstantsRd {
  if (parts.length === 1) return parts[0];
  const n = parts.length;
  const mean = (f: (p: ExitConstantsRd) => number) => parts.reduce((a, p) => a + f(p), 0) / n;
  const se = (f: (p: ExitConstantsRd) => number) => Math.sqrt(parts.reduce((a, p) => a + f(p) ** 2, 0)) / n;
  const L = parts[0].exitRateByTarget.length;
  return {
    basin: parts[0].basin,
    jumpsNeeded: parts[0].jumpsNeeded,
    exitRate: mean((p) => p.exitRate),
    standardError: se((p) => p.standardError),
    exitRateByTarget: Array.from({ length: L }, (_, l) => mean((p) => p.exitRateByTarget[l])),
    standardErrorByTarget: Array.from({ length: L }, (_, l) => se((p) => p.standardErrorByTarget[l])),
    shellContribution: Math.max(...parts.map((p) => p.shellContribution)),
    samples: parts.reduce((a, p) => a + p.samples, 0),
  };
}

/**
 * Leading-order occupancy at a finite η: the embedded chain P(k, l) = q_{k,l}/q_k over all basins
 * (sharp ones included), its stationary law ν, and mean sojourns m_k = 1/(q_k·H(1/η)·λ(η)^{J_k−1});
 * share_k = ν_k·m_k / Σ_l ν_l·m_l. As η → 0 the sharp shares vanish like λ(η)^{l_max − J_sharp}
 * (THEORY.md §6); at finite η this is the prediction the simulated occupancy is compared with.
 * Returns null when the embedded chain has no unique stationary law.
 */
export function leadingOrderOccupancy(
  report: TheoryReportRd,
  law: Pick<NoiseLawRd, 'radialTail'>,
  stepSize: number,
): number[] | null {
  const n = report.basins.length;
  const P = report.basins.map((b) =>
    Array.from({ length: n }, (_, l) =>
      l === b.basin - 1 ? 0 : b.constants.exitRateByTarget[l + 1] / b.constants.exitRate,
    ),
  );
  // ν P = ν as a generator problem: Q = P − I.
  const Q = P.map((row, i) => row.map((v, j) => (i === j ? v - 1 : v)));
  const nu = stationaryDistribution(Q);
  if (!nu) return null;
  const m = report.basins.map((b) => predictedMeanExitStepsRd(b.constants.exitRate, b.jumpsNeeded, law, stepSize));
  const w = nu.map((v, k) => v * m[k]);
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}
