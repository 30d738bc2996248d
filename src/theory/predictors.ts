/**
 * The predictors of the Theorem 2 declarations, named in one typed record: a declaration in
 * `theorems/` names its predictor by key (`predictor: THEOREM2_PREDICTORS['theorem2.holding-time']`)
 * instead of carrying inline arithmetic. Each entry is a pure function of the declaration's point,
 * computed from `theorem2.ts` (the limit chain, the leading-order occupancy) and
 * `embedded-chain.ts` (the embedded chain's limit); `name` is what reports print beside the value.
 *
 * The points are the hypotheses the declarations list (their names are the report's columns).
 */
import { embeddedPrediction } from './embedded-chain.ts';
import { exitExponent } from './scales.ts';
import { leadingOrderOccupancy, theorem2Setting, theorem2Theory } from './theorem2.ts';

/** A predicted value with what the report shows beside it (structurally a `Prediction` of src/verify). */
export interface PredictedValue {
  readonly value: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A named predictor of points `P` (structurally a `Predictor<P>` of src/verify, which theory does not
 * import). Method syntax for the same reason as there: the registry erases P without `any`.
 */
export interface NamedPredictor<P> {
  readonly name: string;
  compute(point: P): number | PredictedValue;
}

/** A point of the Markov-limit checks. */
export type MarkovPoint = {
  landscape: string;
  truncation: number | null;
  statistic: string;
  from: number;
  to: number | null;
};

/** A point of the sharp-share checks: landscape, truncation (null = ∞), and the truncation whose sharp basins are counted. */
export type SharpSharePoint = { landscape: string; truncation: number | null; sharpAt: number };

/** A point of the untruncated all-minima check: landscape, the basin whose share is judged, and the statistic. */
export type UntruncatedPoint = { landscape: string; basin: number; statistic: 'share' | 'ratio' };

/** A point of the hierarchy check: landscape, basin, and l (the threshold crossed is r/(l − 1)). */
export type HierarchyPoint = { landscape: string; basin: number; jumps: number };

/** A point of the reducible-G class check: truncation and the widest minimum whose share of the class time is judged (`to`: the other state). */
export type ReduciblePoint = { truncation: number; from: number; to: number };

/** A point of the transient-class check: truncation (G reducible) and the exit read. */
export type TransientPoint = { truncation: number; from: number; to: number };

/** The step size the sharp-basin share is predicted (and judged) at: affordable in the quick tier. */
export const SHARP_SHARE_STEP_SIZE = 0.01;

/** "Does not vanish": the untruncated share is compared at these two step sizes (a factor 5 in η). */
export const UNTRUNCATED_RATIO_STEP_SIZES: readonly [number, number] = [0.01, 0.002];

/** The sharp basins at `sharpAt` (1-based). */
export function sharpBasins(p: SharpSharePoint): readonly number[] {
  return theorem2Theory(theorem2Setting(p.landscape, p.sharpAt)).sharp;
}

/** Every Theorem 2 predictor, by key. */
export const THEOREM2_PREDICTORS = {
  /** P(sharp exit lands in `to`) = q(k, l)/q(k), or the excursion law Σ_j′ P(i, j′)·θ(j | j′) (THEORY.md §6). */
  'theorem2.transition-probability': {
    name: 'theory.absorptionProbabilities',
    compute: (p: MarkovPoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const m = p.statistic === 'sharp-exit' ? t.jumpProbabilities : t.excursion;
      return { value: m[p.from - 1][(p.to ?? 0) - 1], details: { widest: t.widest, sharp: t.sharp, jumpProbabilities: t.jumpProbabilities, excursion: t.excursion } };
    },
  },
  /** Mean holding time −1/Q(i, i) at widest `from`, in λ*(η) units. */
  'theorem2.holding-time': {
    name: 'theory.widestGenerator',
    compute: (p: MarkovPoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const g = t.generators.find((x) => x.states.includes(p.from));
      if (!g) return { value: NaN, details: { reason: `m${p.from} is not a widest minimum of an absorbing class` } };
      const r = g.states.indexOf(p.from);
      return { value: -1 / g.matrix[r][r], details: { states: g.states, generator: g.matrix, stationary: g.stationary } };
    },
  },
  /** The random landscapes' judged transition: q(k, l)/q(k) of a sharp basin, or the excursion law. */
  'theorem2.random-transition': {
    name: 'theory.exitConstants',
    compute: (p: MarkovPoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const value = p.statistic === 'excursion' ? embeddedPrediction(t, 'excursion', p.from, p.to ?? 0) : t.jumpProbabilities[p.from - 1][(p.to ?? 0) - 1];
      return { value, details: { widest: t.widest, sharp: t.sharp, jumpProbabilities: t.jumpProbabilities, excursion: t.excursion, generator: t.generators[0]?.matrix } };
    },
  },
  /** Leading-order share of the sharp basins at {@link SHARP_SHARE_STEP_SIZE} (derived heuristic, THEORY.md §6). */
  'theorem2.sharp-share': {
    name: 'verify.leadingOrderOccupancy',
    compute: (p: SharpSharePoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const eta = SHARP_SHARE_STEP_SIZE;
      const occ = leadingOrderOccupancy(t, eta);
      const basins = sharpBasins(p);
      return { value: occ ? basins.reduce((s, k) => s + occ[k - 1], 0) : NaN, details: { stepSize: eta, occupancy: occ, basins } };
    },
  },
  /** Log-log slope of the sharp share in η: (α − 1)(l_max − max l* of the counted sharp basins). */
  'theorem2.sharp-share-slope': {
    name: 'theory.exitExponent',
    compute: (p: SharpSharePoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const basins = sharpBasins(p);
      const alpha = t.law.tailIndex as number; // heavy-tailed by construction of the Theorem 2 settings
      const lStar = Math.max(...basins.map((k) => t.constants[k - 1].jumpsNeeded));
      return { value: (alpha - 1) * (t.maxJumps - lStar), details: { maxJumps: t.maxJumps, sharpJumps: lStar, basins } };
    },
  },
  /** b = ∞: the share π of the all-minima chain, or its ratio over {@link UNTRUNCATED_RATIO_STEP_SIZES} (1). */
  'theorem2.untruncated-occupancy': {
    name: 'theory.untruncatedGenerator',
    compute: (p: UntruncatedPoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, null));
      const g = t.generators[0];
      if (p.statistic === 'ratio') {
        // π of the limiting chain at the two step sizes (it has no η in it: the ratio is 1).
        const [large, small] = UNTRUNCATED_RATIO_STEP_SIZES.map((eta) => leadingOrderOccupancy(t, eta));
        return { value: small && large ? small[p.basin - 1] / large[p.basin - 1] : NaN, details: { stationary: g.stationary, stepSizes: UNTRUNCATED_RATIO_STEP_SIZES } };
      }
      return { value: g.stationary ? g.stationary[p.basin - 1] : NaN, details: { stationary: g.stationary, generator: g.matrix } };
    },
  },
  /** The exit order's jump γ(l) − γ(l − 1) = α − 1 across b = r/(l − 1) (THEORY.md §5). */
  'theorem2.hierarchy-jump': {
    name: 'theory.exitExponent',
    compute: (p: HierarchyPoint) => {
      const alpha = theorem2Theory(theorem2Setting(p.landscape, null)).law.tailIndex as number; // heavy-tailed: see above
      return { value: exitExponent(p.jumps, alpha) - exitExponent(p.jumps - 1, alpha), details: { alpha } };
    },
  },
  /** Reducible G: the share of class time at `from`, the class generator's stationary law. */
  'theorem2.class-share': {
    name: 'theory.generatorsByClass',
    compute: (p: ReduciblePoint) => {
      const t = theorem2Theory(theorem2Setting('reducible', p.truncation));
      const g = t.generators.find((x) => x.states.includes(p.from));
      return { value: embeddedPrediction(t, 'class-share', p.from), details: { classes: t.graph.classes, states: g?.states, generator: g?.matrix, stationary: g?.stationary } };
    },
  },
  /** Reducible G: returns to the transient class vanish like λ(η)^{extra jumps}: the slope (α − 1)·extra. */
  'theorem2.transient-return': {
    name: 'theory.basinGeometry',
    compute: (p: TransientPoint) => {
      const t = theorem2Theory(theorem2Setting('reducible', p.truncation));
      const extra = t.geometry.jumpNumbers[p.from - 1][p.to - 1] - t.constants[p.from - 1].jumpsNeeded;
      return { value: ((t.law.tailIndex as number) - 1) * extra, details: { extraJumps: extra, classes: t.graph.classes } }; // heavy-tailed: theorem2Theory/resolveSetting reject a law without a tail index
    },
  },
} as const satisfies Readonly<Record<string, NamedPredictor<never>>>;

/** The key of a Theorem 2 predictor. */
export type Theorem2PredictorKey = keyof typeof THEOREM2_PREDICTORS;
