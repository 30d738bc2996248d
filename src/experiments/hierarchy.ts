/**
 * The truncation hierarchy and the transient class of a reducible G, from the exact finite-η
 * oracle (THEORY.md §4, §7).
 */
import { twoSidedZ } from '../stats/normal.ts';
import { invalidOption } from '../core/errors.ts';
import type { Landscape, LandscapeSpec, NoiseLaw, NoiseSpec } from '../model/types.ts';
import { exactExit } from '../exact/exit.ts';
import { basinGeometry, exitExponent } from '../theory/index.ts';
import { resolveSetting, theorem2Theory, type Theorem2Setting } from '../theory/theorem2.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

// ---------------------------------------------------------------------------------------------
// Truncation hierarchy (exit order against b), from the exact finite-η oracle

/** Step sizes of the exit order: two decades apart, small enough for a small finite-η overshoot. */
export const HIERARCHY_STEP_SIZES: readonly [number, number] = [1e-4, 1e-6];

/**
 * Finest grid the order starts from, the largest it may refine to, and the error it refines for: with
 * z ≈ 4.2, an order error of 0.0012 keeps the CI of a jump within ±0.008. (At 0.0015 paper basin 3,
 * l* = 2 stops at 800 cells, where its error estimate was exceeded 1.15× by a 6400-cell reference.)
 */
export const HIERARCHY_GRID = { cells: 800, maxCells: 3200, targetError: 0.0012 } as const;

/** Options of {@link exactExitOrder}. */
export interface ExitOrderOptions {
  readonly landscape: Landscape;
  readonly law: NoiseLaw;
  /** 1-based basin. */
  readonly basin: number;
  /** b > 0. */
  readonly truncation: number;
  /** Two step sizes, larger first. @default {@link HIERARCHY_STEP_SIZES} */
  readonly stepSizes?: readonly [number, number];
  /** Finest grid of the first attempt (a multiple of 4). @default 800 */
  readonly cells?: number;
  /** Finest grid allowed; the grid doubles while the order's error exceeds `targetError`. @default 3200 */
  readonly maxCells?: number;
  /** Order error (absolute) below which no refinement is tried. @default 0.0012 */
  readonly targetError?: number;
}

/** The exit order of one basin at one truncation, from the exact oracle. */
export interface ExitOrder {
  readonly truncation: number;
  /** l* = ⌈r/b⌉. */
  readonly jumpsNeeded: number;
  /** 1 + l*(α − 1) (THEORY.md §5). */
  readonly predictedOrder: number;
  /** Log-log slope of E σ between the two step sizes, extrapolated over three nested grids. */
  readonly order: number;
  /** Discretisation error bound of `order` (see {@link slopeRichardson}) plus the iterative solves' bounds. */
  readonly error: number;
  /** Observed convergence order of the slope over the grids (before clamping). */
  readonly gridOrder: number;
  /** Finest grid used. */
  readonly cells: number;
  readonly means: readonly { stepSize: number; mean: number; error: number; grids: readonly number[] }[];
}

/**
 * Richardson extrapolation of a quantity computed on three nested grids (h, h/2, h/4), with the
 * observed order p clamped to [½, 1] (1 when the sequence is not monotone) and the error
 * max(|fine − mid|/(2^p − 1), |R_fine − R_mid|).
 *
 * Why [½, 1] and not the oracle's [1, 2]: the exit-time function of a heavy-tailed chain has boundary
 * layers at the saddles and at their clipped-jump images that behave like dist^{α/2} (the α-stable
 * exit problem), so the asymptotic order is below 1; coarser grids can show higher, pre-asymptotic orders (1.15
 * over 200…800 cells), which the cap at 1 does not trust (`npm run measure:hierarchy`: on paper
 * basin 2 the 800-cell order misses the 6400-cell reference by less than its claimed error; grid
 * orders 0.80 and non-monotone over 1600…6400 cells).
 */
export function slopeRichardson(
  coarse: number,
  mid: number,
  fine: number,
): { value: number; error: number; order: number } {
  const d1 = mid - coarse;
  const d2 = fine - mid;
  const observed = d1 !== 0 && d2 !== 0 && Math.sign(d1) === Math.sign(d2) ? Math.log2(d1 / d2) : NaN;
  const p = Number.isNaN(observed) ? 1 : Math.min(1, Math.max(0.5, observed));
  const k = 1 / (Math.pow(2, p) - 1);
  const rFine = fine + d2 * k;
  const rMid = mid + d1 * k;
  return { value: rFine, error: Math.max(Math.abs(d2) * k, Math.abs(rFine - rMid)), order: observed };
}

const orderCache = new Map<string, ExitOrder>();

/**
 * The exit order γ(b) = d log E σ / d log(1/η) of basin k at truncation b, as the log-log slope of the
 * exact finite-η mean exit steps (src/exact, dual-weighted adaptive grids) between two step sizes.
 *
 * The slope is extrapolated in the grid, not the two means separately: on each of the three nested
 * grid levels the slope is formed from the two step sizes' means on that level, and the three slopes
 * are Richardson-extrapolated ({@link slopeRichardson}). The grids' errors at the two step sizes are
 * strongly correlated (a grid that is 3% short at η = 10⁻⁴ is about as short at 10⁻⁶), so they
 * largely cancel in the slope; propagating the two means' error bars as independent overstates the
 * slope's error about 3× (`npm run measure:hierarchy`: 3.7× and 2.7×). The grid doubles from `cells` up to `maxCells` while
 * the error exceeds `targetError`. Results are cached per (landscape, law, basin, b, η's, grid policy):
 * neighbouring checks share sides.
 * @throws InputError (from exactExit) on bad options.
 */
export function exactExitOrder(options: ExitOrderOptions): ExitOrder {
  const { landscape, law, basin, truncation } = options;
  const [e1, e2] = options.stepSizes ?? HIERARCHY_STEP_SIZES;
  const maxCells = options.maxCells ?? HIERARCHY_GRID.maxCells;
  const target = options.targetError ?? HIERARCHY_GRID.targetError;
  const key = JSON.stringify([landscape.spec, law.spec, basin, truncation, e1, e2, options.cells, maxCells, target]);
  const hit = orderCache.get(key);
  if (hit) return hit;
  if (law.tailIndex === null)
    throw invalidOption('exactExitOrder', 'law', 'a heavy-tailed law (with a tail index)', law.spec.kind);
  const alpha = law.tailIndex;
  const lStar = basinGeometry(landscape, truncation).basins[basin - 1].jumpsNeeded;
  const lr = Math.log(e1 / e2);
  let cells = options.cells ?? HIERARCHY_GRID.cells;
  let result: ExitOrder;
  for (;;) {
    // Dense LU up to 1600 cells: its rounding error is negligible (dense and GMRES agree to 1e-6 at
    // 800 cells, η = 10⁻⁶, l* = 3), while GMRES's rigorous bound ‖r‖·max m is loose by 10⁴ when the
    // mean exit time is ~10¹³ steps, and would swamp the discretisation error.
    const solver = cells <= 1600 ? 'dense' : 'auto';
    const m = [e1, e2].map((eta) =>
      exactExit({ landscape, noise: law, stepSize: eta, truncation, basin, cells, grid: 'adaptive', solver }),
    );
    const slopes = [0, 1, 2].map((g) => Math.log(m[1].gridMeans[g] / m[0].gridMeans[g]) / lr);
    const r = slopeRichardson(slopes[0], slopes[1], slopes[2]);
    // Iterative solves: each mean is within its relative bound; the slope within their sum / log ratio.
    const solve = m.reduce((s, x) => s + Math.max(...x.solves.map((v) => v.errorBound)), 0) / lr;
    result = {
      truncation,
      jumpsNeeded: lStar,
      predictedOrder: exitExponent(lStar, alpha),
      order: r.value,
      error: r.error + solve,
      gridOrder: r.order,
      cells,
      means: m.map((x) => ({
        stepSize: x.stepSize,
        mean: x.meanExitSteps,
        error: x.errorEstimate,
        grids: x.gridMeans,
      })),
    };
    if (result.error <= target || cells * 2 > maxCells) break;
    cells *= 2;
  }
  if (orderCache.size > 256) orderCache.clear();
  orderCache.set(key, result);
  return result;
}

/** Options of {@link runHierarchyCheck}. */
export interface HierarchyOptions {
  readonly landscape: LandscapeSpec;
  readonly noise: NoiseSpec;
  /** 1-based basin. */
  readonly basin: number;
  /**
   * l ≥ 2: compares b = r/(l − ½) (l* = l) with b = r/(l − 3/2) (l* = l − 1; b = 2r for l = 2), the
   * middles (in 1/b) of the two b-intervals on either side of the threshold r/(l − 1).
   */
  readonly jumps: number;
  /** Two step sizes (the order is the log-log slope between them). @default {@link HIERARCHY_STEP_SIZES} */
  readonly stepSizes?: readonly [number, number];
  /** Finest grid of the first attempt (refined up to 3200 cells while the order's error exceeds 0.0012). @default 800 */
  readonly cells?: number;
  /**
   * Also sweep b over every interval l* = 1..jumps (three b's each, at r/(k − ¼), r/(k − ½), r/(k − ¾))
   * on 400-cell grids (800 where the order's error exceeds 0.004) and plot the exit order against b
   * with the predicted staircase. @default false
   */
  readonly staircase?: boolean;
}

/**
 * The jump of the exit order across the threshold b = r/(l − 1) (ICLR Thm 1; THEORY.md §5: γ = 1 +
 * l*(α − 1), so crossing a threshold r/k changes γ by α − 1, a discrete hierarchy of phase
 * transitions). Orders come from {@link exactExitOrder} (exact finite-η oracle, no simulation). The CI
 * is jump ± z·hypot(error_lo, error_hi), each side's discretisation error bound treated as one standard
 * error (conservative: `npm run measure:hierarchy`).
 * @throws InputError for a basin that cannot be left or l outside [2, 6].
 */
export function runHierarchyCheck(
  ctx: Pick<CheckContext, 'confidence'>,
  options: HierarchyOptions,
): { observation: Observation } {
  const api = 'runHierarchyCheck';
  const { landscape, law } = resolveSetting({ ...options, truncation: Infinity });
  const geometry = basinGeometry(landscape, Infinity);
  const g = geometry.basins[options.basin - 1];
  if (!g || !Number.isFinite(g.radius))
    throw invalidOption(api, 'basin', `a basin in [1, ${geometry.basins.length}] with a crossable side`, options.basin);
  if (!(Number.isInteger(options.jumps) && options.jumps >= 2 && options.jumps <= 6))
    throw invalidOption(api, 'jumps', 'an integer in [2, 6]', options.jumps);
  const stepSizes = options.stepSizes ?? HIERARCHY_STEP_SIZES;
  const alpha = law.tailIndex as number; // heavy-tailed: theorem2Theory/resolveSetting reject a law without a tail index
  const z = twoSidedZ(ctx.confidence);
  const side = (l: number) =>
    exactExitOrder({
      landscape,
      law,
      basin: options.basin,
      truncation: g.radius / (l - 0.5),
      stepSizes,
      cells: options.cells,
    });
  const lo = side(options.jumps - 1);
  const hi = side(options.jumps);
  const jump = hi.order - lo.order;
  const se = Math.hypot(hi.error, lo.error);
  // Plotted against r/b (b in units of the basin radius, inverted): the thresholds b = r/k sit at the
  // integers and the staircase climbs left to right (the report's legend sits top left, over nothing).
  const r = g.radius;
  const perRadius = (sides: readonly ExitOrder[]) =>
    sides.map((s) => ({ x: r / s.truncation, y: s.order, lo: s.order - z * s.error, hi: s.order + z * s.error }));
  const steps = (bMin: number, bMax: number) =>
    staircase(r, alpha, bMin, bMax)
      .map((p) => ({ x: r / p.x, y: p.y }))
      .reverse();
  let sweep: ExitOrder[] | undefined;
  if (options.staircase) {
    sweep = [];
    for (let k = 1; k <= options.jumps; k++) {
      for (const t of [0.25, 0.5, 0.75]) {
        sweep.push(
          exactExitOrder({
            landscape,
            law,
            basin: options.basin,
            truncation: r / (k - t),
            stepSizes,
            cells: 400,
            maxCells: 800,
            targetError: 0.004,
          }),
        );
      }
    }
    sweep.sort((a, b) => b.truncation - a.truncation);
  }
  const shown = sweep ?? [lo, hi];
  const plots: PlotSpec[] = [
    {
      kind: 'xy',
      title: sweep
        ? `exit order of basin ${options.basin} against r/b: a staircase with steps α − 1 at b = r/k (exact oracle, η = ${stepSizes[0]} → ${stepSizes[1]})`
        : `exit order of basin ${options.basin} across b = r/${options.jumps - 1} (exact oracle, η = ${stepSizes[0]} → ${stepSizes[1]})`,
      xLabel: 'r/b (threshold b = r/k at r/b = k)',
      yLabel: 'exit order γ',
      series: [
        ...(sweep
          ? [
              {
                name: 'exact oracle (400–800-cell grids)',
                style: 'scatter' as const,
                role: 'observed' as const,
                points: perRadius(sweep),
              },
            ]
          : []),
        {
          name: sweep ? 'checked sides' : 'exact oracle',
          style: 'scatter',
          role: sweep ? 'fitted' : 'observed',
          points: perRadius([lo, hi]),
        },
        {
          name: '1 + ⌈r/b⌉(α − 1)',
          style: 'line',
          role: 'predicted',
          points: steps(Math.min(...shown.map((x) => x.truncation)), Math.max(...shown.map((x) => x.truncation))),
        },
      ],
    },
  ];
  return {
    observation: {
      estimate: jump,
      ci: [jump - z * se, jump + z * se],
      standardError: se,
      details: {
        radius: g.radius,
        threshold: g.radius / (options.jumps - 1),
        stepSizes,
        sides: [lo, hi],
        ...(sweep ? { staircase: sweep } : {}),
      },
      plots,
    },
  };
}

/**
 * The predicted order 1 + ⌈r/b⌉(α − 1) over b ∈ [from, to] as a polyline with vertical steps at the
 * thresholds r/k (two points at each threshold).
 */
export function staircase(radius: number, alpha: number, from: number, to: number): { x: number; y: number }[] {
  const gamma = (b: number) => exitExponent(Math.ceil(radius / b), alpha);
  const pts: { x: number; y: number }[] = [{ x: from, y: gamma(from) }];
  const thresholds: number[] = [];
  for (let k = Math.ceil(radius / to); k <= Math.ceil(radius / from); k++) {
    const t = radius / k;
    if (t > from && t < to) thresholds.push(t);
  }
  thresholds.sort((a, b) => a - b);
  for (const t of thresholds) {
    // Left of r/k (smaller b) one more jump is needed than right of it.
    pts.push({ x: t, y: gamma(t * (1 - 1e-9)) }, { x: t, y: gamma(t * (1 + 1e-9)) });
  }
  pts.push({ x: to, y: gamma(to) });
  return pts;
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
 * irreducible and P tends to q(from, to)/q(from) > 0. A finite-η read: the `reducible-graph-transient`
 * check judges the η → 0 limit of the same order instead (theorem2-declared.ts `runTransientReturnPoint`).
 * @throws InputError when `from` is not widest in an absorbing class or `to` not in a transient one.
 */
export function runTransientReturnCheck(
  ctx: Pick<CheckContext, 'confidence'>,
  options: TransientReturnOptions,
): { observation: Observation } {
  const api = 'runTransientReturnCheck';
  const theory = theorem2Theory(options);
  const transient = new Set(theory.graph.classes.filter((c) => !c.absorbing).flatMap((c) => c.members));
  if (!theory.generators.some((g) => g.states.includes(options.from)))
    throw invalidOption(api, 'from', 'a widest minimum of an absorbing class', options.from);
  if (!transient.has(options.to) || Math.abs(options.to - options.from) !== 1)
    throw invalidOption(api, 'to', 'a transient basin next to `from`', options.to);
  const [e1, e2] = options.stepSizes ?? [1e-3, 1e-4];
  const alpha = theory.law.tailIndex as number; // heavy-tailed: theorem2Theory/resolveSetting reject a law without a tail index
  const z = twoSidedZ(ctx.confidence);
  const right = options.to > options.from;
  const land = (eta: number, b: number) => {
    const r = exactExit({
      landscape: theory.landscape,
      noise: theory.law,
      stepSize: eta,
      truncation: b,
      basin: options.from,
      cells: options.cells ?? 800,
    });
    const p = right ? 1 - r.exitedLeft.value : r.exitedLeft.value;
    return { stepSize: eta, probability: p, error: r.exitedLeft.errorEstimate, landing: r.landing };
  };
  const pts = [land(e1, options.truncation), land(e2, options.truncation)];
  const lr = Math.log(e1 / e2);
  const slope = Math.log(pts[0].probability / pts[1].probability) / lr;
  const se = Math.hypot(pts[0].error / pts[0].probability, pts[1].error / pts[1].probability) / lr;
  const extra =
    theory.geometry.jumpNumbers[options.from - 1][options.to - 1] - theory.constants[options.from - 1].jumpsNeeded;
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
            {
              name: 'exact finite-η oracle',
              style: 'scatter',
              role: 'observed',
              points: pts.map((p) => ({
                x: p.stepSize,
                y: p.probability,
                lo: p.probability - z * p.error,
                hi: p.probability + z * p.error,
              })),
            },
            {
              name: `slope (α−1)(l_{${options.from},${options.to}} − l*) through the first point`,
              style: 'line',
              role: 'predicted',
              points: pts.map((p) => ({
                x: p.stepSize,
                y: pts[0].probability * (p.stepSize / e1) ** ((alpha - 1) * extra),
              })),
            },
          ],
        },
      ],
    },
  };
}
