/**
 * `theoryReport`: everything the theorems predict for one landscape, noise law and truncation, as
 * plain JSON-ready data (the output of `htsgd theory --json`). Pure: no simulation.
 *
 * Units: `exitRate` q_k and `exitRateByTarget` q_{k,l} are in units of the limit measure ν_α,
 * ν_α[x,∞) = p₊x^{−α}, ν_α(−∞,−x] = p₋x^{−α}: the law's p± are included, its scale is not; the scale
 * enters through the exact tail H in λ_k(η), so predicted mean exit steps are 1/(q_k·λ_k(η)).
 */
import { checkNumber } from '../core/guards.ts';
import type { Landscape, NoiseLaw } from '../model/types.ts';
import { basinGeometry, type TheoryLandscape, type TheoryWarning } from './geometry.ts';
import { transitionGraph } from './graph.ts';
import { exitConstants } from './constants.ts';
import { exitExponent, chainTimeScale, lambda } from './scales.ts';
import { exitLocationProbabilities, predictedLocalSlope, predictedMeanExitSteps } from './predict.ts';
import { generatorsByClass, untruncatedGenerator, type GeneratorReport } from './markov.ts';
import {
  kramersBaseline,
  untruncatedConstants,
  untruncatedExitExponent,
  untruncatedMeanExitSteps,
} from './baselines.ts';

export * from './geometry.ts';
export * from './graph.ts';
export * from './scales.ts';
export * from './constants.ts';
export * from './monte-carlo.ts';
export * from './markov.ts';
export * from './baselines.ts';
export * from './predict.ts';
export * from './mutants.ts';

/** One basin of the report (JSON: Infinity is written as null). */
export interface BasinReport {
  readonly index: number;
  readonly minimum: number;
  /** r_k (null = ∞: no crossable side). */
  readonly radius: number | null;
  /** l*_k (null = ∞). */
  readonly jumpsNeeded: number | null;
  /** γ_k = 1 + l*_k(α − 1); null for Gaussian noise. */
  readonly exitExponent: number | null;
  /** q_k in units of ν_α; null for Gaussian noise. */
  readonly exitRate: number | null;
  /** q_{k,l} for the targets l with q_{k,l} > 0, keyed by the 1-based basin index. */
  readonly exitRateByTarget: Record<string, number> | null;
  /** q_{k,l}/q_k, same keys. */
  readonly exitProbabilityByTarget: Record<string, number> | null;
  /** Estimated absolute quadrature error of q_k. */
  readonly quadratureError: number | null;
  /** 1/(q_k λ_k(η)) when a step size is given. */
  readonly predictedMeanExitSteps?: number | null;
  /** −d log E σ/d log η of the prediction at η, exact H. */
  readonly predictedLocalSlope?: number | null;
  /** Gaussian noise only: 2ΔU/σ² and the Eyring–Kramers mean exit steps at η. */
  readonly kramers?: { barrier: number; exponent: number; meanExitSteps: number | null };
}

/** The full report. */
export interface TheoryReport {
  readonly landscape: string;
  readonly noise: NoiseLaw['spec'];
  /** b, or null for no clipping. */
  readonly truncation: number | null;
  readonly stepSize: number | null;
  readonly box: number;
  readonly minima: readonly number[];
  readonly saddles: readonly number[];
  readonly basins: readonly BasinReport[];
  /** 1-based widest minima (l* = l_max) and sharp ones. */
  readonly widest: readonly number[];
  readonly sharp: readonly number[];
  readonly maxJumps: number | null;
  readonly graph: {
    edges: readonly (readonly [number, number])[];
    classes: readonly { members: readonly number[]; absorbing: boolean }[];
    irreducible: boolean;
    symmetric: boolean;
  };
  /** The generator on the widest minima when G is irreducible (else null: see `generatorsByClass`). */
  readonly generator: GeneratorReport | null;
  /** One generator per absorbing class of G. */
  readonly generatorsByClass: readonly GeneratorReport[];
  /** λ(η) and λ*(η) when a step size is given. */
  readonly scales: { lambda: number; chainTimeScale: number | null } | null;
  /** Untruncated contrast: γ = α and all-minima generator from single jumps (null for Gaussian). */
  readonly untruncated: {
    exitExponent: number;
    exitRates: readonly number[];
    predictedMeanExitSteps: readonly number[] | null;
    generator: GeneratorReport;
  } | null;
  readonly warnings: readonly TheoryWarning[];
}

/** Options of {@link theoryReport}. */
export interface TheoryReportOptions {
  /** Throw InputError ERR_NOT_COVERED instead of warning when a ratio is an integer. @default false */
  readonly refuseUncovered?: boolean;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

type BasinGeometryEntry = ReturnType<typeof basinGeometry>['basins'][number];
type ExitConstantsEntry = ReturnType<typeof exitConstants>[number];
type KramersEntry = ReturnType<typeof kramersBaseline>[number];

/** One basin's entry of the report (appends its warnings to `warnings`). */
function basinEntry(
  g: BasinGeometryEntry,
  c: ExitConstantsEntry | undefined,
  kramers: KramersEntry | null,
  noise: NoiseLaw,
  stepSize: number | undefined,
  warnings: TheoryWarning[],
): BasinReport {
  const alpha = noise.tailIndex;
  const heavy = alpha !== null;
  let byTarget: Record<string, number> | null = null;
  let byTargetP: Record<string, number> | null = null;
  if (c) {
    byTarget = {};
    byTargetP = {};
    const probs = exitLocationProbabilities(c);
    c.exitRateByTarget.forEach((v, j) => {
      if (v > 0) {
        byTarget![String(j + 1)] = v;
        byTargetP![String(j + 1)] = probs[j];
      }
    });
    if (c.exitRate === 0 && g.jumpsNeeded !== Infinity) {
      warnings.push({
        code: 'zero-exit-rate',
        basin: g.index,
        message: `basin ${g.index}: q = 0 (the reachable exit set has measure 0 at l* = ${g.jumpsNeeded}).`,
      });
    }
    if (c.error > 1e-8 * c.exitRate) {
      warnings.push({
        code: 'quadrature',
        basin: g.index,
        message: `basin ${g.index}: quadrature error estimate ${c.error.toExponential(2)} exceeds 1e-8 relative.`,
      });
    }
  }
  if (g.jumpsNeeded === Infinity) {
    warnings.push({
      code: 'zero-exit-rate',
      basin: g.index,
      message: `basin ${g.index}: no crossable side (a single basin): the chain never exits.`,
    });
  }
  const report: BasinReport = {
    index: g.index,
    minimum: g.minimum,
    radius: finiteOrNull(g.radius),
    jumpsNeeded: finiteOrNull(g.jumpsNeeded),
    exitExponent: heavy && Number.isFinite(g.jumpsNeeded) ? exitExponent(g.jumpsNeeded, alpha) : null,
    exitRate: c ? c.exitRate : null,
    exitRateByTarget: byTarget,
    exitProbabilityByTarget: byTargetP,
    quadratureError: c ? c.error : null,
    ...(stepSize !== undefined
      ? {
          predictedMeanExitSteps: c ? finiteOrNull(predictedMeanExitSteps(c, noise, stepSize)) : null,
          predictedLocalSlope: c && Number.isFinite(g.jumpsNeeded) ? predictedLocalSlope(c, noise, stepSize) : null,
        }
      : {}),
    ...(kramers
      ? {
          kramers: {
            barrier: kramers.barrier,
            exponent: kramers.exponent,
            meanExitSteps: stepSize !== undefined ? finiteOrNull(kramers.meanExitSteps(stepSize)) : null,
          },
        }
      : {}),
  };
  return report;
}

/** Theorem 1 without clipping (b = ∞): exponent, rates, means and generator. */
function untruncatedReport(
  landscape: TheoryLandscape,
  alpha: number,
  noise: NoiseLaw,
  stepSize: number | undefined,
): NonNullable<TheoryReport['untruncated']> {
  const u = untruncatedConstants(landscape, alpha, noise.pPlus);
  return {
    exitExponent: untruncatedExitExponent(alpha),
    exitRates: u.map((x) => x.exitRate),
    predictedMeanExitSteps:
      stepSize !== undefined ? u.map((x) => untruncatedMeanExitSteps(x.exitRate, noise, stepSize)) : null,
    generator: untruncatedGenerator(u),
  };
}

/**
 * Assembles geometry, graph, constants, scales, predictions, generator and baselines (THEORY.md §4–7).
 * @param truncation b in (0, ∞] (Infinity = no clipping).
 * @param stepSize η in (0, 1], optional: adds predicted mean exit steps, local slopes and scales.
 * @throws InputError ERR_INVALID_OPTION on a bad b or η; ERR_NOT_COVERED with `refuseUncovered`.
 */
export function theoryReport(
  landscape: TheoryLandscape & Partial<Pick<Landscape, 'name'>>,
  noise: NoiseLaw,
  truncation: number,
  stepSize?: number,
  options: TheoryReportOptions = {},
): TheoryReport {
  const api = 'theoryReport';
  if (truncation !== Infinity)
    checkNumber(api, 'truncation', truncation, { min: 0, openMin: true, domain: 'a number > 0 or Infinity' });
  if (stepSize !== undefined) checkNumber(api, 'stepSize', stepSize, { min: 0, openMin: true, max: 1 });
  const geometry = basinGeometry(landscape, truncation, options.refuseUncovered ?? false);
  const warnings: TheoryWarning[] = [...geometry.warnings];
  const graph = transitionGraph(geometry);
  const alpha = noise.tailIndex;
  const heavy = alpha !== null;
  if (!heavy) {
    warnings.push({
      code: 'no-tail-index',
      message: `${noise.kind} noise has no tail index: the heavy-tailed quantities (γ, q, generator) are null; see the Kramers baseline.`,
    });
  }
  const constants = heavy ? exitConstants(landscape, truncation, alpha, noise.pPlus) : null;
  const kramers = heavy ? null : kramersBaseline(landscape, noise.scale);
  const basins: BasinReport[] = geometry.basins.map((g, k) =>
    basinEntry(g, constants?.[k], kramers ? kramers[k] : null, noise, stepSize, warnings),
  );
  const byClass = constants ? generatorsByClass(constants, graph) : [];
  const untruncated = heavy ? untruncatedReport(landscape, alpha, noise, stepSize) : null;
  const maxJumps = finiteOrNull(geometry.maxJumps);
  return {
    landscape: landscape.name ?? 'landscape',
    noise: noise.spec,
    truncation: finiteOrNull(truncation),
    stepSize: stepSize ?? null,
    box: landscape.box,
    minima: [...landscape.minima],
    saddles: [...landscape.saddles],
    basins,
    widest: geometry.widest,
    sharp: geometry.sharp,
    maxJumps,
    graph: { edges: graph.edges, classes: graph.classes, irreducible: graph.irreducible, symmetric: graph.symmetric },
    generator: graph.irreducible && byClass.length === 1 ? byClass[0] : null,
    generatorsByClass: byClass,
    scales:
      stepSize !== undefined && heavy
        ? {
            lambda: lambda(noise, stepSize),
            chainTimeScale: maxJumps === null ? null : chainTimeScale(noise, maxJumps, stepSize),
          }
        : null,
    untruncated,
    warnings,
  };
}
