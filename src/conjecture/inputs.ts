/**
 * The quantities a conjecture can predict, the inputs `predict` receives for each (computed by
 * `src/theory`, never retyped) and the point they are computed at.
 */
import { basinTheory, landscapeOf, lawOf } from '../experiments/exact-sweep.ts';
import { leadingOrderOccupancy, theorem2Theory } from '../experiments/theorem2.ts';
import { type ConjectureQuantity, type ConjecturePoint } from './quantity.ts';
import {
  EXACT_STEP_SIZE,
  NOISE_SCALE,
  TRAJECTORY_STEP_SIZE,
  exitSetting,
  memberOf,
  trajectorySetting,
} from './family.ts';

/**
 * What `predict` receives for an exit quantity: one basin of one landscape under Lomax noise
 * Z = c·S·W (P(W > w) = (1 + w)^{−α}, S = ±1 with P(S = 1) = p₊). Lengths in x units.
 */
export interface ExitInputs {
  /**
   * Name of the landscape: `paper` (ICLR §3.1), `three-well` (THEORY.md §4's example), or a random
   * setting's `poly:<roots>;box=<L>` (f' = Π(x − root), critical points at the roots).
   */
  readonly landscape: string;
  /** The basin k the chain starts in (at its minimum m_k), 1-based. */
  readonly basin: number;
  /** α, the tail index of |Z| (H(x) = P(|Z| > x) regularly varying with index −α). */
  readonly tailIndex: number;
  /** c, the noise scale. */
  readonly noiseScale: number;
  /** p₊ = lim P(Z > x)/H(x). */
  readonly pPlus: number;
  /** b, the clipping threshold of the whole step; `Infinity` when there is no clipping (so r/b = 0). */
  readonly truncation: number;
  /** r_k = min(m_k − s_{k−1}, s_k − m_k) (THEORY.md §4). */
  readonly basinRadius: number;
  /** m_k − s_{k−1} and s_k − m_k (Infinity for a side the box cuts off). */
  readonly leftDistance: number;
  readonly rightDistance: number;
  /** l*_k = ⌈r_k/b⌉ (1 when b = ∞). */
  readonly jumpsNeeded: number;
  /** q_k, the theory's exit constant in units of ν_α (Theorem 1). */
  readonly exitRate: number;
  /** Σ_{l<k} q_{k,l}: the part of q_k whose exits land left of Ω_k (so P(exit left) → exitRateLeft/exitRate). */
  readonly exitRateLeft: number;
}

/** `mean-exit-steps`: the exit inputs at one step size. */
export interface MeanExitInputs extends ExitInputs {
  /** η. */
  readonly stepSize: number;
  /** H(1/η) = P(|Z| > 1/η), so λ(η) = H(1/η)/η (THEORY.md §4). */
  readonly tailAtInverseStep: number;
}

/** `exit-location`: the exit inputs and one target basin. */
export interface LocationInputs extends ExitInputs {
  /** The basin l ≠ k the exit may land in, 1-based. */
  readonly target: number;
  /** q_{k,l}, the theory's exit constant into Ω_l (0 when Theorem 1 says the exit never lands there). */
  readonly exitRateToTarget: number;
}

/** `sharp-occupancy`: a clipped run on a landscape with sharp minima (THEORY.md §6). */
export interface OccupancyInputs {
  readonly landscape: string;
  readonly tailIndex: number;
  readonly noiseScale: number;
  readonly truncation: number;
  /** η of the trajectories. */
  readonly stepSize: number;
  /** l_max = max_k l*_k. */
  readonly maxJumps: number;
  /** The sharp basins (l*_k < l_max), 1-based, and the largest l* among them. */
  readonly sharpBasins: readonly number[];
  readonly sharpJumps: number;
  /** The derived leading-order share of the sharp basins at η (THEORY.md §6 heuristic; NaN if G is reducible). */
  readonly leadingOrderShare: number;
}

/** `holding-rate`: leaving widest minimum m_i for another widest minimum (Theorem 2). */
export interface HoldingInputs {
  readonly landscape: string;
  readonly tailIndex: number;
  readonly noiseScale: number;
  readonly truncation: number;
  /** The widest minimum i, 1-based. */
  readonly minimum: number;
  readonly maxJumps: number;
  /** l*_i and q_i of that basin. */
  readonly jumpsNeeded: number;
  readonly exitRate: number;
  /** −Q(i, i) of the limiting chain's generator, per unit of λ*(η) = η·λ(η)^{l_max} time. */
  readonly generatorRate: number;
}

/** The inputs `predict` receives, by quantity. */
export interface QuantityInputs {
  'exit-order': ExitInputs;
  'mean-exit-steps': MeanExitInputs;
  'exit-location': LocationInputs;
  'sharp-occupancy': OccupancyInputs;
  'holding-rate': HoldingInputs;
}

/**
 * The inputs `predict` receives at a point (computed by `src/theory`, never retyped). `stepSize`
 * (mean-exit-steps only) is the η of the inputs: the limit observation evaluates `predict` at every
 * η of its sweep. @default EXACT_STEP_SIZE
 */
export function predictInputs(
  quantity: ConjectureQuantity,
  p: ConjecturePoint,
  stepSize: number = EXACT_STEP_SIZE,
): QuantityInputs[ConjectureQuantity] {
  const b = p.truncation ?? Infinity;
  if (quantity === 'sharp-occupancy' || quantity === 'holding-rate') {
    const t = theorem2Theory(trajectorySetting(p));
    const base = {
      landscape: p.landscape,
      tailIndex: p.tailIndex,
      noiseScale: memberOf(p.landscape).noiseScale,
      truncation: b,
      maxJumps: t.maxJumps,
    };
    if (quantity === 'sharp-occupancy') {
      const occ = leadingOrderOccupancy(t, TRAJECTORY_STEP_SIZE);
      const sharpJumps = Math.max(...t.sharp.map((k) => t.constants[k - 1].jumpsNeeded));
      return {
        ...base,
        stepSize: TRAJECTORY_STEP_SIZE,
        sharpBasins: [...t.sharp],
        sharpJumps,
        leadingOrderShare: occ ? t.sharp.reduce((s, k) => s + occ[k - 1], 0) : NaN,
      } satisfies OccupancyInputs;
    }
    const g = t.generators.find((x) => x.states.includes(p.basin));
    const r = g ? g.states.indexOf(p.basin) : -1;
    const c = t.constants[p.basin - 1];
    return {
      ...base,
      minimum: p.basin,
      jumpsNeeded: c.jumpsNeeded,
      exitRate: c.exitRate,
      generatorRate: g ? -g.matrix[r][r] : NaN,
    } satisfies HoldingInputs;
  }
  const { landscape, noise } = exitSetting(p);
  const land = landscapeOf(landscape);
  const k = p.basin;
  const th = basinTheory(landscape, noise, b, k, quantity === 'mean-exit-steps' ? stepSize : undefined);
  const leftDistance = k > 1 ? land.minima[k - 1] - land.saddles[k - 2] : Infinity;
  const rightDistance = k < land.minima.length ? land.saddles[k - 1] - land.minima[k - 1] : Infinity;
  const law = lawOf(noise).law;
  const byTarget = th.exitRateByTarget ?? {};
  const exit: ExitInputs = {
    landscape: p.landscape,
    basin: k,
    tailIndex: p.tailIndex,
    noiseScale: NOISE_SCALE,
    pPlus: law.pPlus,
    truncation: b,
    basinRadius: th.radius ?? Infinity,
    leftDistance,
    rightDistance,
    jumpsNeeded: th.jumpsNeeded ?? Infinity,
    exitRate: th.exitRate ?? NaN,
    exitRateLeft: Object.entries(byTarget).reduce((s, [l, v]) => (Number(l) < k ? s + v : s), 0),
  };
  if (quantity === 'mean-exit-steps')
    return {
      ...exit,
      stepSize,
      tailAtInverseStep: law.tail(1 / stepSize),
    } satisfies MeanExitInputs;
  if (quantity === 'exit-location')
    return {
      ...exit,
      target: p.target!,
      exitRateToTarget: byTarget[String(p.target)] ?? 0,
    } satisfies LocationInputs;
  return exit;
}
