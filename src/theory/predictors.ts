/**
 * The predictors of the declarations, named in typed records (`THEOREM1_PREDICTORS`,
 * `THEOREM2_PREDICTORS`): a declaration in `theorems/` names its predictor by key
 * (`predictor: THEOREM2_PREDICTORS['theorem2.holding-time']`) instead of carrying inline arithmetic.
 * (The simulator screens' predictor is the exact finite-η oracle of `src/exact`, which theory may not
 * import; those declarations take it from their experiment.) Each entry is a pure function of the declaration's point,
 * computed from `theorem2.ts` (the limit chain, the leading-order occupancy) and
 * `embedded-chain.ts` (the embedded chain's limit); `name` is what reports print beside the value.
 *
 * The points are the hypotheses the declarations list (their names are the report's columns).
 */
import { resolveLandscape } from '../model/landscapes.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { Landscape, LandscapeSpec, NoiseLaw, NoiseSpec } from '../model/types.ts';
import { untruncatedExitExponent } from './baselines.ts';
import { embeddedPrediction } from './embedded-chain.ts';
import { theoryReport, type BasinReport } from './index.ts';
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

/** The paper's fixture of the Theorem 1 checks (ICLR §3.1, THEORY.md §8): landscape, Z = 0.1·S·W with W Lomax(α = 1.2), exit from Ω_2. */
export const PAPER_LANDSCAPE: LandscapeSpec = { kind: 'paper' };
export const PAPER_NOISE: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };
export const PAPER_BASIN = 2;

/** A point of the Theorem 1 checks on the paper's fixture: b (null = no clipping), and a landing target where judged. */
export type PaperExitPoint = { truncation: number | null; target?: number };
/** A point of the Gaussian contrast: the basin and the noise scale σ. */
export type GaussianPoint = { basin: number; noiseScale: number };
/** A point of the untruncated contrast: the tail index α. */
export type TailIndexPoint = { tailIndex: number };

const resolved = new Map<string, { landscape: Landscape; law: NoiseLaw }>();

/**
 * The theory's report of one basin (Theorem 1 constants; mean exit steps when η is given), landscape
 * and law resolved once per spec (resolution finds roots and tail tables: deterministic, so caching
 * changes no number).
 * @throws Error when the basin does not exist.
 */
export function basinReport(
  landscape: LandscapeSpec,
  noise: NoiseSpec,
  truncation: number,
  basin: number,
  stepSize?: number,
): BasinReport {
  const key = JSON.stringify([landscape, noise]);
  let r = resolved.get(key);
  if (!r) resolved.set(key, (r = { landscape: resolveLandscape(landscape), law: createNoiseLaw(noise) }));
  const b = theoryReport(r.landscape, r.law, truncation, stepSize).basins[basin - 1];
  if (!b) throw new Error(`basin ${basin} does not exist on ${JSON.stringify(landscape)}`);
  return b;
}

/** The Kramers baseline of a Gaussian point (light tails: exponential in 1/η), at η when given. */
export function kramersAt(p: GaussianPoint, stepSize?: number): NonNullable<BasinReport['kramers']> {
  const k = basinReport(
    PAPER_LANDSCAPE,
    { kind: 'gaussian', scale: p.noiseScale },
    Infinity,
    p.basin,
    stepSize,
  ).kramers;
  if (!k) throw new Error(`no Kramers baseline for basin ${p.basin} at σ = ${p.noiseScale}`);
  return k;
}

const paperBasin = (p: PaperExitPoint, stepSize?: number) =>
  basinReport(PAPER_LANDSCAPE, PAPER_NOISE, p.truncation ?? Infinity, PAPER_BASIN, stepSize);

/** Every Theorem 1 predictor (and its contrasts), by key. */
export const THEOREM1_PREDICTORS = {
  /** γ = 1 + l*(α − 1) on the paper's basin 2 (b = null: no clipping, γ = α). */
  'theorem1.exit-exponent': {
    name: 'theory.exitExponent',
    compute: (p: PaperExitPoint) => {
      const r = paperBasin(p);
      if (r.exitExponent === null || r.exitExponent === undefined)
        throw new Error('theory predicts no exit exponent (light tails?)');
      return { value: r.exitExponent, details: { jumpsNeeded: r.jumpsNeeded, radius: r.radius, exitRate: r.exitRate } };
    },
  },
  /**
   * The CV of the predicted law Exp(mean 1/(q λ_k(η))): sd/mean of an exponential, computed from the
   * theory's mean at η = 0.01 rather than typed, so a theory that predicted no exit (q = 0) fails loudly.
   */
  'theorem1.exit-law-cv': {
    name: 'theory.theoryReport',
    compute: (p: PaperExitPoint) => {
      const m = paperBasin(p, 0.01).predictedMeanExitSteps;
      if (!(m !== null && m !== undefined && m > 0 && Number.isFinite(m)))
        throw new Error('theory predicts no finite mean exit time');
      const sd = m; // Exp(θ): sd = θ
      return { value: sd / m, details: { law: 'Exp(1) after scaling by q λ_k(η)', predictedMeanAtEta0_01: m } };
    },
  },
  /**
   * q_k, the rate of the limit law: E σ_k·q_k λ_k(η) → 1 (Theorem 1's scale; `exit-time-law`
   * judges it through the η → 0 limit of the exact chain's mean).
   */
  'theorem1.exit-rate': {
    name: 'theory.theoryReport',
    compute: (p: PaperExitPoint) => {
      const r = paperBasin(p);
      if (!(r.exitRate !== null && r.exitRate !== undefined && r.exitRate > 0))
        throw new Error('theory predicts no exit (q_k = 0)');
      return { value: r.exitRate, details: { jumpsNeeded: r.jumpsNeeded, radius: r.radius } };
    },
  },
  /** P(exit lands in Ω_target) → q_{k,l}/q_k. */
  'theorem1.exit-location': {
    name: 'theory.exitLocationProbabilities',
    compute: (p: PaperExitPoint) => {
      const r = paperBasin(p);
      return {
        value: r.exitProbabilityByTarget?.[String(p.target)] ?? 0,
        details: { exitRateByTarget: r.exitRateByTarget },
      };
    },
  },
  /** Light tails: the Kramers exponent of η·E σ against 1/η. */
  'theorem1.kramers-exponent': {
    name: 'theory.kramersBaseline',
    compute: (p: GaussianPoint) => ({ value: kramersAt(p).exponent, details: { barrier: kramersAt(p).barrier } }),
  },
  /** b = ∞: one jump suffices, γ = α. */
  'theorem1.untruncated-exponent': {
    name: 'theory.untruncatedExitExponent',
    compute: (p: TailIndexPoint) => untruncatedExitExponent(p.tailIndex),
  },
} as const satisfies Readonly<Record<string, NamedPredictor<never>>>;

/** Every Theorem 2 predictor, by key. */
export const THEOREM2_PREDICTORS = {
  /** P(sharp exit lands in `to`) = q(k, l)/q(k), or the excursion law Σ_j′ P(i, j′)·θ(j | j′) (THEORY.md §6). */
  'theorem2.transition-probability': {
    name: 'theory.absorptionProbabilities',
    compute: (p: MarkovPoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const m = p.statistic === 'sharp-exit' ? t.jumpProbabilities : t.excursion;
      return {
        value: m[p.from - 1][(p.to ?? 0) - 1],
        details: { widest: t.widest, sharp: t.sharp, jumpProbabilities: t.jumpProbabilities, excursion: t.excursion },
      };
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
      return {
        value: -1 / g.matrix[r][r],
        details: { states: g.states, generator: g.matrix, stationary: g.stationary },
      };
    },
  },
  /** The random landscapes' judged transition: q(k, l)/q(k) of a sharp basin, or the excursion law. */
  'theorem2.random-transition': {
    name: 'theory.exitConstants',
    compute: (p: MarkovPoint) => {
      const t = theorem2Theory(theorem2Setting(p.landscape, p.truncation));
      const value =
        p.statistic === 'excursion'
          ? embeddedPrediction(t, 'excursion', p.from, p.to ?? 0)
          : t.jumpProbabilities[p.from - 1][(p.to ?? 0) - 1];
      return {
        value,
        details: {
          widest: t.widest,
          sharp: t.sharp,
          jumpProbabilities: t.jumpProbabilities,
          excursion: t.excursion,
          generator: t.generators[0]?.matrix,
        },
      };
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
      return {
        value: occ ? basins.reduce((s, k) => s + occ[k - 1], 0) : NaN,
        details: { stepSize: eta, occupancy: occ, basins },
      };
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
      return {
        value: (alpha - 1) * (t.maxJumps - lStar),
        details: { maxJumps: t.maxJumps, sharpJumps: lStar, basins },
      };
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
        return {
          value: small && large ? small[p.basin - 1] / large[p.basin - 1] : NaN,
          details: { stationary: g.stationary, stepSizes: UNTRUNCATED_RATIO_STEP_SIZES },
        };
      }
      return {
        value: g.stationary ? g.stationary[p.basin - 1] : NaN,
        details: { stationary: g.stationary, generator: g.matrix },
      };
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
      return {
        value: embeddedPrediction(t, 'class-share', p.from),
        details: { classes: t.graph.classes, states: g?.states, generator: g?.matrix, stationary: g?.stationary },
      };
    },
  },
  /** Reducible G: returns to the transient class vanish like λ(η)^{extra jumps}: the slope (α − 1)·extra. */
  'theorem2.transient-return': {
    name: 'theory.basinGeometry',
    compute: (p: TransientPoint) => {
      const t = theorem2Theory(theorem2Setting('reducible', p.truncation));
      const extra = t.geometry.jumpNumbers[p.from - 1][p.to - 1] - t.constants[p.from - 1].jumpsNeeded;
      return {
        value: ((t.law.tailIndex as number) - 1) * extra,
        details: { extraJumps: extra, classes: t.graph.classes },
      }; // heavy-tailed: theorem2Theory/resolveSetting reject a law without a tail index
    },
  },
} as const satisfies Readonly<Record<string, NamedPredictor<never>>>;

/** The key of a Theorem 1 or Theorem 2 predictor. */
export type PredictorKey = keyof typeof THEOREM1_PREDICTORS | keyof typeof THEOREM2_PREDICTORS;
