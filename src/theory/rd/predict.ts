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
import { generatorsByClass, type GeneratorReport } from '../markov.ts';
import type { BasinConstants } from '../constants.ts';
import { jumpsNeededRd, type JumpsNeededRd, type ReachOptions } from './reach.ts';
import { estimateExitConstantsRd, type ConstantsOptions, type ExitConstantsRd } from './constants.ts';

/** γ = 1 + J_b(α − 1) (the R^d first-exit theorem; THEORY.md §5 with l* replaced by J_b). */
export function exitExponentRd(jumpsNeeded: number, tailIndex: number): number {
  return exitExponent(jumpsNeeded, tailIndex);
}

/** Predicted mean exit steps 1/(q·H(1/η)·(H(1/η)/η)^{J−1}). */
export function predictedMeanExitStepsRd(exitRate: number, jumpsNeeded: number, law: Pick<NoiseLawRd, 'radialTail'>, stepSize: number): number {
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
 * The whole prediction for a planar landscape whose basins all have J ≤ 2 (q for J ≥ 3 is not
 * implemented; such a basin gets a warning and q = NaN). The Monte Carlo draws from `forkLabel(label,
 * 'q', k)` per basin, so each basin's estimate replays alone.
 */
export function theoryReportRd(
  label: StreamLabel,
  land: LandscapeRd,
  law: NoiseLawRd,
  truncation: number,
  options: { reach?: ReachOptions; constants?: ConstantsOptions } = {},
): TheoryReportRd {
  const n = land.minima.length;
  const warnings: string[] = [];
  const basins: BasinReportRd[] = [];
  for (let k = 1; k <= n; k++) {
    const reach = jumpsNeededRd(land, k, truncation, options.reach);
    if (!reach.certified) warnings.push(`basin ${k}: J_b not certified on this grid (under/over-approximations give ${reach.upper}/${reach.lower}); refine the grid.`);
    const rng: RandomStream = openStream(forkLabel(label, 'q', k));
    let constants: ExitConstantsRd;
    if (reach.jumpsNeeded <= 2) constants = estimateExitConstantsRd(rng, land, law, k, truncation, reach.jumpsNeeded, options.constants);
    else {
      warnings.push(`basin ${k}: J_b = ${reach.jumpsNeeded} ≥ 3, q not implemented.`);
      constants = { basin: k, jumpsNeeded: reach.jumpsNeeded, exitRate: NaN, standardError: NaN, exitRateByTarget: new Array(n + 1).fill(NaN), standardErrorByTarget: new Array(n + 1).fill(NaN), shellContribution: NaN, samples: 0 };
    }
    if (constants.shellContribution > 0) warnings.push(`basin ${k}: first jumps below minFirstJump contribute (${constants.shellContribution}); lower it.`);
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
  return { basins, graph, generators, widest: basins.filter((b) => b.jumpsNeeded === lmax).map((b) => b.basin), warnings };
}
