/**
 * What Theorem 2 predicts (THEORY.md §6), as pure functions of the hypotheses: the named
 * landscapes, the pinned random multi-well settings, the theory bundle (θ, generators, excursion
 * laws: the limit chain) and the leading-order occupancy. The experiments in `src/experiments` and
 * the predictors of `predictors.ts` read it; it never simulates.
 */
import { invalidOption } from '../core/errors.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { Landscape, LandscapeSpec, NoiseLaw, NoiseSpec } from '../model/types.ts';
import { openStream } from '../rng/seeds.ts';
import { randomPolynomialSpec } from '../model/landscapes.ts';
import {
  basinGeometry,
  basinScale,
  chainTimeScale,
  transitionGraph,
  type Geometry,
  type TransitionGraph,
} from './index.ts';
import { exitConstants, type BasinConstants } from './constants.ts';
import { untruncatedConstants } from './baselines.ts';
import { absorptionProbabilities, generatorsByClass, stationaryDistribution, type GeneratorReport } from './markov.ts';

/** Landscape, noise and truncation of a Theorem 2 experiment. */
export interface Theorem2Setting {
  readonly landscape: LandscapeSpec;
  readonly noise: NoiseSpec;
  /** b > 0, or Infinity (no clipping: the all-minima chain of THEORY.md §6, last item). */
  readonly truncation: number;
}

/** What THEORY.md §6 predicts for a setting, computed from `src/theory` (never retyped). */
export interface Theorem2Theory {
  readonly landscape: Landscape;
  readonly law: NoiseLaw;
  readonly truncation: number;
  readonly geometry: Geometry;
  readonly graph: TransitionGraph;
  /** q_k, q_{k,l} per basin (b = ∞: the single-jump constants). */
  readonly constants: readonly BasinConstants[];
  /** P(k, l) = q(k, l)/q(k), 0-based. */
  readonly jumpProbabilities: readonly (readonly number[])[];
  /**
   * 1-based widest minima (l* = l_max of their absorbing class, plus transient minima at the global
   * l_max; every minimum when b = ∞) and the others ("sharp").
   */
  readonly widest: readonly number[];
  readonly sharp: readonly number[];
  /** l_max (1 when b = ∞). */
  readonly maxJumps: number;
  /**
   * excursion[i][j] (0-based, i widest): probability that an excursion out of widest m_{i+1} ends at
   * widest m_{j+1}, Σ_{j'≠i} P(i, j')·θ(m_j | m_{j'}) with every widest minimum absorbing (j = i: it
   * returned). Rows of sharp i are 0.
   */
  readonly excursion: readonly (readonly number[])[];
  /**
   * Generator of the limiting chain: on the widest minima of G's class (clipped, one per absorbing
   * class), on all minima (b = ∞). Rates per unit of λ*(η)-time (b = ∞: H(1/η)-time).
   */
  readonly generators: readonly GeneratorReport[];
}

/** Resolves landscape and law, once, at the boundary. */
export function resolveSetting(setting: Theorem2Setting): { landscape: Landscape; law: NoiseLaw } {
  const landscape = resolveLandscape(setting.landscape);
  const law = createNoiseLaw(setting.noise);
  if (law.tailIndex === null)
    throw invalidOption('theorem2Theory', 'noise', 'a heavy-tailed law (lomax, student-t, stable)', setting.noise.kind);
  return { landscape, law };
}

/**
 * The Theorem 2 predictions for a setting (THEORY.md §4, §6; ICLR Thm 2–5).
 * @throws InputError for a light-tailed law or a bad truncation.
 */
export function theorem2Theory(setting: Theorem2Setting): Theorem2Theory {
  const { landscape, law } = resolveSetting(setting);
  const b = setting.truncation;
  if (!(b === Infinity || (Number.isFinite(b) && b > 0)))
    throw invalidOption('theorem2Theory', 'truncation', 'a number > 0 or Infinity', b);
  const alpha = law.tailIndex as number; // heavy-tailed: theorem2Theory/resolveSetting reject a law without a tail index
  const geometry = basinGeometry(landscape, b);
  const graph = transitionGraph(geometry);
  const constants =
    b === Infinity ? untruncatedConstants(landscape, alpha, law.pPlus) : exitConstants(landscape, b, alpha, law.pPlus);
  const n = constants.length;
  const jumpProbabilities = constants.map((c) => c.exitRateByTarget.map((v) => (c.exitRate > 0 ? v / c.exitRate : 0)));
  const maxJumps = b === Infinity ? 1 : geometry.maxJumps;
  let generators: GeneratorReport[];
  if (b === Infinity) {
    const members = constants.map((c) => c.basin);
    const matrix = constants.map((c, i) => c.exitRateByTarget.map((v, j) => (i === j ? -c.exitRate : v)));
    generators = [{ states: members, class: members, maxJumps: 1, matrix, stationary: stationaryDistribution(matrix) }];
  } else generators = generatorsByClass(constants, graph);
  // Absorbing states of the excursions: the widest minima of each absorbing class (l_max is per
  // class, as in generatorsByClass), and transient minima at the global l_max (so excursions that
  // reach them are counted as ending there: the reducible check asks whether they ever do).
  const classWidest = new Set(generators.flatMap((g) => g.states));
  const transient = new Set(graph.classes.filter((c) => !c.absorbing).flatMap((c) => c.members));
  const isWide = constants.map(
    (c, k) => b === Infinity || classWidest.has(k + 1) || (transient.has(k + 1) && c.jumpsNeeded === maxJumps),
  );
  const rates = constants.map((c) => [...c.exitRateByTarget]);
  const theta = absorptionProbabilities(rates, isWide);
  const excursion = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (!isWide[i] || !isWide[j]) return 0;
      let s = 0;
      for (let jp = 0; jp < n; jp++)
        if (jp !== i) s += jumpProbabilities[i][jp] * (jp === j ? 1 : isWide[jp] ? 0 : theta[jp][j]);
      return s;
    }),
  );
  const widest = isWide.map((w, k) => (w ? k + 1 : 0)).filter((k) => k > 0);
  const sharp = isWide.map((w, k) => (w ? 0 : k + 1)).filter((k) => k > 0);
  return {
    landscape,
    law,
    truncation: b,
    geometry,
    graph,
    constants,
    jumpProbabilities,
    widest,
    sharp,
    maxJumps,
    excursion,
    generators,
  };
}

/**
 * Leading-order occupancy of every basin at step size η (a derived heuristic, THEORY.md §6 "derived
 * heuristic rate"). Widest minimum i holds a share π_i of the λ*-clock (π of the class's generator);
 * per unit of that clock it starts q_i excursions, each visiting sharp k on average v_{ik} times
 * (v = P_{i·}(I − P_TT)^{−1}, T the sharp states), and a visit to k lasts 1/(q_k λ_k(η)) steps
 * = (λ*(η)/λ_k(η))/q_k clock units. So sharp k holds λ(η)^{l_max − l*_k}·Σ_i π_i q_i v_{ik}/q_k
 * clock units per unit, and shares are these normalised. For Pareto tails λ(η) ∝ η^{α−1}: the
 * sharp share falls like η^{(α−1)(l_max − l*_k)}. Flow time after a landing (O(1/η) steps) is ignored.
 * Returns one share per basin (0-based), or null when G is reducible (use the class's own chain).
 */
export function leadingOrderOccupancy(theory: Theorem2Theory, stepSize: number): number[] | null {
  const g = theory.generators;
  const n = theory.constants.length;
  if (g.length !== 1 || g[0].stationary === null || g[0].class.length !== n) return null;
  const pi = new Array<number>(n).fill(0);
  g[0].states.forEach((s, r) => (pi[s - 1] = g[0].stationary![r]));
  if (theory.truncation === Infinity) return pi;
  const P = theory.jumpProbabilities;
  const T = theory.sharp.map((k) => k - 1);
  // N = (I − P_TT)^{−1} through absorption probabilities is awkward; solve (I − P_TT)^T v^T = P_{i,T}^T
  // per widest i by the fundamental-matrix identity v = P_{iT} N, with a plain Gauss–Seidel sweep:
  // sharp-to-sharp chains are short (every sharp basin leaks to a widest one), so it converges fast.
  const widestIdx = theory.widest.map((k) => k - 1);
  const shareClock = new Array<number>(n).fill(0);
  for (const i of widestIdx) shareClock[i] = pi[i];
  const star = chainTimeScale(theory.law, theory.maxJumps, stepSize);
  for (const i of widestIdx) {
    if (pi[i] === 0) continue;
    const v = new Map<number, number>(T.map((k) => [k, 0]));
    for (let iter = 0; iter < 10_000; iter++) {
      let delta = 0;
      for (const k of T) {
        let s = P[i][k];
        for (const j of T) s += v.get(j)! * P[j][k];
        delta = Math.max(delta, Math.abs(s - v.get(k)!));
        v.set(k, s);
      }
      if (delta < 1e-15) break;
    }
    for (const k of T) {
      const c = theory.constants[k];
      shareClock[k] +=
        (pi[i] * theory.constants[i].exitRate * v.get(k)! * (star / basinScale(theory.law, c.jumpsNeeded, stepSize))) /
        c.exitRate;
    }
  }
  const total = shareClock.reduce((s, x) => s + x, 0);
  return shareClock.map((x) => x / total);
}

// ---------------------------------------------------------------------------------------------
// Named settings of the Theorem 2 declarations

/**
 * Landscapes and noise of the Theorem 2 checks, by hypothesis value:
 * - `paper`: ICLR §3.1 (THEORY.md §8), Z = 0.1·S·W, W Lomax α = 1.2.
 * - `reducible`: THEORY.md §4's example, distances 0.6 (left) and 0.9 (right) from m_2: minima
 *   −1.2, 0, 1.45 and saddles −0.6, 0.9 (f' = (x+1.2)(x+0.6)x(x−0.9)(x−1.45), box 1.8); at b = 0.4
 *   l* = (2, 2, 2), G = {1 ↔ 2, 3 → 2}: {m1, m2} absorbing, {m3} transient (every ratio ≥ 0.1 from an
 *   integer). Same noise as the paper.
 */
export const THEOREM2_LANDSCAPES: Readonly<Record<string, { landscape: LandscapeSpec; noise: NoiseSpec }>> = {
  paper: { landscape: { kind: 'paper' }, noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 } },
  reducible: {
    landscape: { kind: 'polynomial', roots: [-1.2, -0.6, 0, 0.9, 1.45], scale: 1, box: 1.8 },
    noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
  },
};

/** A random landscape of the Markov-limit checks, with its truncation and the sharp exit judged. */
export interface RandomMarkovSetting extends Theorem2Setting {
  readonly truncation: number;
  /** 1-based sharp basin whose exit probabilities are judged, and the landing basin reported. */
  readonly basin: number;
  readonly target: number;
  /** How many draws were rejected before this one (for the record). */
  readonly rejected: number;
}

/**
 * A random multi-well polynomial landscape with an irreducible G (issue 5, must-have 1), drawn from a
 * pinned stream `{seed: 'theorem2-random-landscapes', path: index}`: 4 minima, gaps between critical
 * points on a 0.05 grid in [0.3, 0.8], box margin 0.4, f' = 20·Π(x − c) (steep wells, so that
 * η ~ 10⁻³ is close to the limit: see properties/theorem2.test.ts), Lomax α = 1.2, c = 0.1. The
 * truncation is drawn from a grid of b in [0.2, 1.2] and accepted when G is irreducible, at least two
 * minima are widest (a chain with transitions), every critical distance over b is ≥ 0.1 from an integer, and a sharp basin has two landing
 * basins with q(k, l)/q(k) in [0.2, 0.8] (so the judged probability is not trivially 0 or 1) and l*_k = 1
 * (its exits cost ~10⁴ steps at η = 0.002). Draws
 * that fail are rejected and redrawn from the same stream (deterministic).
 */
export function randomMarkovSetting(index: number): RandomMarkovSetting {
  const rng = openStream({ seed: 'theorem2-random-landscapes', path: String(index) });
  const noise: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };
  for (let rejected = 0; rejected < 10_000; rejected++) {
    const gaps = Array.from({ length: 6 }, () => (6 + Math.floor(rng.nextUniform() * 11)) * 0.05);
    const landscape = randomPolynomialSpec({ gaps, scale: 20, margin: 0.4 });
    const b = 0.2 + Math.floor(rng.nextUniform() * 101) * 0.01;
    const resolved = resolveLandscape(landscape);
    const crit = [...resolved.minima, ...resolved.saddles];
    const clearance = Math.min(
      ...resolved.minima.flatMap((m) =>
        crit
          .filter((c) => c !== m)
          .map((c) => {
            const r = Math.abs(c - m) / b;
            return Math.abs(r - Math.round(r));
          }),
      ),
    );
    if (clearance < 0.1) continue;
    const t = theorem2Theory({ landscape, noise, truncation: b });
    if (!t.graph.irreducible || t.sharp.length === 0 || t.widest.length < 2) continue;
    for (const k of t.sharp) {
      if (t.constants[k - 1].jumpsNeeded !== 1) continue;
      const row = t.jumpProbabilities[k - 1];
      const l = row.findIndex((v) => v >= 0.2 && v <= 0.8);
      if (l >= 0) return { landscape, noise, truncation: b, basin: k, target: l + 1, rejected };
    }
  }
  throw invalidOption(
    'randomMarkovSetting',
    'index',
    'an index whose stream yields an admissible landscape within 10⁴ draws',
    index,
  );
}

/** Drawn random settings, by index (each draw is deterministic; memoised because a draw can take a second). */
const randomSettings = new Map<number, RandomMarkovSetting>();

/**
 * The setting of a declaration point: landscape by name (`random-<i>`: {@link randomMarkovSetting}(i),
 * whose drawn truncation the point must name), truncation `null` = ∞.
 * @throws InputError for an unknown landscape name.
 */
export function theorem2Setting(landscape: string, truncation: number | null): Theorem2Setting {
  const random = /^random-(\d+)$/.exec(landscape);
  if (random) {
    const i = Number(random[1]);
    const drawn = randomSettings.get(i) ?? randomMarkovSetting(i);
    randomSettings.set(i, drawn);
    // The point names the drawn truncation (so a report reads it); anything else is a typo.
    if (truncation === null || Math.abs(truncation - drawn.truncation) > 1e-9)
      throw invalidOption(
        'theorem2Setting',
        'truncation',
        `the truncation drawn for ${landscape} (${drawn.truncation})`,
        truncation,
      );
    return { landscape: drawn.landscape, noise: drawn.noise, truncation: drawn.truncation };
  }
  const s = THEOREM2_LANDSCAPES[landscape];
  if (!s)
    throw invalidOption(
      'theorem2Setting',
      'landscape',
      `one of ${Object.keys(THEOREM2_LANDSCAPES).join(', ')}, random-<i>`,
      landscape,
    );
  return { ...s, truncation: truncation ?? Infinity };
}
