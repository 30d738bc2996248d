/**
 * The truncation hierarchy and the transient class of a reducible G, from the exact finite-η
 * oracle (THEORY.md §4, §7).
 */
import { invalidOption } from '../core/errors.ts';
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';
import { exactExit } from '../exact/exit.ts';
import { basinGeometry, exitExponent } from '../theory/index.ts';
import { resolveSetting, theorem2Theory, zOf, type Theorem2Setting } from './theorem2-setting.ts';
import type { CheckContext, Observation } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Truncation hierarchy (exit order against b), from the exact finite-η oracle

/** Options of {@link runHierarchyCheck}. */
export interface HierarchyOptions {
  readonly landscape: LandscapeSpec;
  readonly noise: NoiseSpec;
  /** 1-based basin. */
  readonly basin: number;
  /**
   * l ≥ 2: compares b = r/(l − ½) (l* = l) with b = r/(l − 3/2) (l* = l − 1; b = 2r for l = 2), the
   * middles of the two b-intervals on either side of the threshold r/(l − 1).
   */
  readonly jumps: number;
  /** Two step sizes (the order is the log-log slope between them). @default [1e-3, 1e-4] */
  readonly stepSizes?: readonly [number, number];
  /** Finest grid of the oracle. @default 800 for l = 2, 1600 beyond (the l* ≥ 3 means converge slowly in the grid) */
  readonly cells?: number;
}

/**
 * The jump of the exit order across the threshold b = r/(l − 1) (ICLR Thm 1; THEORY.md §5: γ = 1 +
 * l*(α − 1), so crossing a threshold r/k changes γ by α − 1, a discrete hierarchy of phase
 * transitions). Mean exit steps come from the exact finite-η oracle (`src/exact`: linear algebra on
 * the chain, no simulation), so the check is cheap enough for many landscapes and b grids; its CI
 * propagates the oracle's Richardson error estimates (treated as one standard error each).
 * @throws InputError for a basin that cannot be left or l < 2.
 */
export function runHierarchyCheck(ctx: Pick<CheckContext<any>, 'confidence'>, options: HierarchyOptions): { observation: Observation } {
  const api = 'runHierarchyCheck';
  const { landscape, law } = resolveSetting({ ...options, truncation: Infinity });
  const geometry = basinGeometry(landscape, Infinity);
  const g = geometry.basins[options.basin - 1];
  if (!g || !Number.isFinite(g.radius)) throw invalidOption(api, 'basin', `a basin in [1, ${geometry.basins.length}] with a crossable side`, options.basin);
  if (!(Number.isInteger(options.jumps) && options.jumps >= 2 && options.jumps <= 6)) throw invalidOption(api, 'jumps', 'an integer in [2, 6]', options.jumps);
  const [e1, e2] = options.stepSizes ?? [1e-3, 1e-4];
  const alpha = law.tailIndex as number;
  const z = zOf(ctx.confidence);
  const side = (l: number) => {
    const b = g.radius / (l - 0.5);
    const lStar = basinGeometry(landscape, b).basins[options.basin - 1].jumpsNeeded;
    const m = [e1, e2].map((eta) => exactExit({ landscape, noise: law, stepSize: eta, truncation: b, basin: options.basin, cells: options.cells ?? (options.jumps > 2 ? 1600 : 800) }));
    const order = Math.log(m[1].meanExitSteps / m[0].meanExitSteps) / Math.log(e1 / e2);
    const se = Math.hypot(m[0].errorEstimate / m[0].meanExitSteps, m[1].errorEstimate / m[1].meanExitSteps) / Math.abs(Math.log(e1 / e2));
    return { truncation: b, jumpsNeeded: lStar, predictedOrder: exitExponent(lStar, alpha), order, se, means: m.map((x) => ({ stepSize: x.stepSize, mean: x.meanExitSteps, error: x.errorEstimate })) };
  };
  const hi = side(options.jumps);
  const lo = side(options.jumps - 1);
  const jump = hi.order - lo.order;
  const se = Math.hypot(hi.se, lo.se);
  return {
    observation: {
      estimate: jump,
      ci: [jump - z * se, jump + z * se],
      standardError: se,
      details: { radius: g.radius, threshold: g.radius / (options.jumps - 1), sides: [lo, hi] },
      plots: [
        {
          kind: 'xy',
          title: `exit order of basin ${options.basin} against b (threshold r/${options.jumps - 1})`,
          xLabel: 'b',
          yLabel: 'order γ',
          series: [
            { name: 'exact oracle', style: 'scatter', role: 'observed', points: [lo, hi].map((s) => ({ x: s.truncation, y: s.order, lo: s.order - z * s.se, hi: s.order + z * s.se })) },
            { name: '1 + l*(α − 1)', style: 'scatter', role: 'predicted', points: [lo, hi].map((s) => ({ x: s.truncation, y: s.predictedOrder })) },
          ],
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reducible G: the transient class is left for good (exact finite-η oracle)

/** Options of {@link runTransientReturnCheck}. */
export interface TransientReturnOptions extends Theorem2Setting {
  readonly truncation: number;
  /** 1-based widest minimum of an absorbing class whose exits are read. */
  readonly from: number;
  /** 1-based basin of a transient class next to it. */
  readonly to: number;
  /** Two step sizes (the order is the log-log slope between them). @default [1e-3, 1e-4] */
  readonly stepSizes?: readonly [number, number];
  /** Finest grid of the oracle. @default 800 */
  readonly cells?: number;
}

/**
 * Reducible G (THEORY.md §6: "the same per absorbing class, with killing from transient classes"):
 * once the chain is in an absorbing class, an exit from its widest minimum m_from lands in a transient
 * basin Ω_to only through l_{from,to} > l*_from clipped jumps, so P(land in Ω_to) ≈ C·λ(η)^{l_{from,to} − l*_from}
 * → 0: the transient class is left for good. Derived like the exit-order hierarchy (the extra jumps
 * cost a factor λ(η) = H(1/η)/η each; Pareto: η^{α−1}). The slope of log P against log η between two
 * step sizes, from the exact finite-η oracle's landing law (no simulation, so cheap enough for the
 * quick tier); its CI propagates the oracle's error estimates of P(exit left) (one standard error
 * each). Details: the same probability at every η, and the contrast at b = 0.5 where G is
 * irreducible and P tends to q(from, to)/q(from) > 0.
 * @throws InputError when `from` is not widest in an absorbing class or `to` not in a transient one.
 */
export function runTransientReturnCheck(ctx: Pick<CheckContext<any>, 'confidence'>, options: TransientReturnOptions): { observation: Observation } {
  const api = 'runTransientReturnCheck';
  const theory = theorem2Theory(options);
  const transient = new Set(theory.graph.classes.filter((c) => !c.absorbing).flatMap((c) => c.members));
  if (!theory.generators.some((g) => g.states.includes(options.from))) throw invalidOption(api, 'from', 'a widest minimum of an absorbing class', options.from);
  if (!transient.has(options.to) || Math.abs(options.to - options.from) !== 1) throw invalidOption(api, 'to', 'a transient basin next to `from`', options.to);
  const [e1, e2] = options.stepSizes ?? [1e-3, 1e-4];
  const alpha = theory.law.tailIndex as number;
  const z = zOf(ctx.confidence);
  const right = options.to > options.from;
  const land = (eta: number, b: number) => {
    const r = exactExit({ landscape: theory.landscape, noise: theory.law, stepSize: eta, truncation: b, basin: options.from, cells: options.cells ?? 800 });
    const p = right ? 1 - r.exitedLeft.value : r.exitedLeft.value;
    return { stepSize: eta, probability: p, error: r.exitedLeft.errorEstimate, landing: r.landing };
  };
  const pts = [land(e1, options.truncation), land(e2, options.truncation)];
  const lr = Math.log(e1 / e2);
  const slope = Math.log(pts[0].probability / pts[1].probability) / lr;
  const se = Math.hypot(pts[0].error / pts[0].probability, pts[1].error / pts[1].probability) / lr;
  const extra = theory.geometry.jumpNumbers[options.from - 1][options.to - 1] - theory.constants[options.from - 1].jumpsNeeded;
  return {
    observation: {
      estimate: slope,
      ci: [slope - z * se, slope + z * se],
      standardError: se,
      details: { extraJumps: extra, predictedOrder: (alpha - 1) * extra, points: pts, classes: theory.graph.classes },
      plots: [
        {
          kind: 'xy',
          title: `P(exit from m${options.from} lands in the transient Ω_${options.to}) against η, b = ${options.truncation} (exact oracle)`,
          xLabel: 'η',
          yLabel: 'probability',
          logX: true,
          logY: true,
          series: [
            { name: 'exact finite-η oracle', style: 'scatter', role: 'observed', points: pts.map((p) => ({ x: p.stepSize, y: p.probability, lo: p.probability - z * p.error, hi: p.probability + z * p.error })) },
            { name: `slope (α−1)(l_{${options.from},${options.to}} − l*) through the first point`, style: 'line', role: 'predicted', points: pts.map((p) => ({ x: p.stepSize, y: pts[0].probability * (p.stepSize / e1) ** ((alpha - 1) * extra) })) },
          ],
        },
      ],
    },
  };
}
