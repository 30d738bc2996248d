/**
 * The embedded chain on the widest minima (THEORY.md §6; issue 5, must-have 1 and 5), estimated by a
 * strong-Markov two-stage scheme instead of long trajectories:
 *
 * - stage 1: N chains start at widest m_i and run to their first exit of Ω_i (`runExit`): exit steps
 *   σ_u and landing points X_u. This is the expensive part (~1/λ*(η) steps per exit).
 * - stage 2: from each landing X_u in a sharp basin, K conditional replicates continue the chain
 *   (`runExit` with `start` = X_u, then again from every later landing, one chain per replicate)
 *   through sharp basins until they enter a widest basin; a landing in a widest basin ends at once.
 *
 * The simulated chain is a Markov chain in x, so the excursion's future after σ_u depends on X_u
 * only: with h_j(x) = P_x(the first widest basin entered is Ω_j), ĥ_{u,j} (fraction of the K
 * replicates from X_u that end in Ω_j) is conditionally unbiased for h_j(X_u), and
 * P̂(i → j) = mean_u ĥ_{u,j} is unbiased for P(i → j). Its variance is Var h(X)/N + E[h(1−h)]/(NK),
 * which the sample variance of the N unit values ĥ_u estimates without bias (both parts), so the CI
 * is a Student-t interval over units. The one difference from a trajectory count: "enters widest
 * basin Ω_j" here, against "visits the ε-ball of m_j" in `countExcursions` — a chain landing in Ω_j
 * near its saddle may jump out again before it reaches m_j (rare: it needs a jump of the saddle
 * distance during the O(1/η) flow steps). The estimator records the sharp basins each replicate went
 * through (routes) and the steps spent in them, from which holding times follow (Wald's identity):
 * holding_i = E[σ + D]/P(excursion ends at a widest j ≠ i), D = sharp steps of the excursion.
 */
import { invalidOption } from '../../core/errors.ts';
import type { Landscape, NoiseSpec } from '../../model/types.ts';
import type { Seed } from '../../rng/seeds.ts';
import type { Engine } from '../../sim/engines.ts';
import { runExit } from '../../sim/run-exit.ts';
import { studentTQuantile } from '../../stats/distributions.ts';
import { chainTimeScale } from '../../theory/index.ts';
import { type Theorem2Theory } from '../../theory/theorem2.ts';
import { leadingMeanExitSteps } from '../../theory/embedded-chain.ts';

/** Options of {@link estimateEmbeddedChain}. */
export interface EmbeddedChainOptions {
  /** Limit theory of the setting (`theorem2Theory`): landscape, law, b, widest set. */
  readonly theory: Theorem2Theory;
  /** Noise spec of the setting (the kernel's input). */
  readonly noise: NoiseSpec;
  /** 1-based widest minimum the excursions leave. */
  readonly from: number;
  /** η in (0, 1]. */
  readonly stepSize: number;
  /** N, stage-1 exits (≥ 2). */
  readonly exits: number;
  /** K, conditional replicates per landing (≥ 1; ≥ 2 for the variance split). */
  readonly replicates: number;
  readonly seed: Seed;
  /** Stream path; stage 1 uses `<path>/stage1`, stage 2 `<path>/stage2/u=<u>…`. */
  readonly path: string;
  /** Visit radius ε (as `countExcursions`). @default 0.05 */
  readonly epsilon?: number;
  /** Two-sided confidence of the CIs. */
  readonly confidence: number;
  /** @default 2 */
  readonly workers?: number;
  /** Kernel (`mutant:<id>` in tests). @default the default engine */
  readonly engine?: Engine;
  /**
   * Step cap of every exit, in units of the exit's leading-order mean (censored chains are reported
   * and bounded, never dropped silently). It also bounds the cost of a simulator whose exits are far
   * slower than predicted (at most this factor over the plan; measured: `mutant:tail-index-plus-0.3`
   * took 382 s wall for the 30-s holding plan at factor 20). A correct exit with mean ≈ 0.8 of the
   * leading order is censored with probability e^{−12.5} ≈ 4·10⁻⁶ (one censored chain in ≈ 1% of
   * 3000-exit runs; it only widens the holding CI's upper end by ≈ 0.3%). @default 10
   */
  readonly capFactor?: number;
  /** Sharp-basin visits per replicate before it is left unresolved. @default 64 */
  readonly maxRounds?: number;
  readonly onProgress?: (fraction: number) => void;
}

/** An estimate with its standard error and interval. */
export interface EmbeddedEstimate {
  readonly estimate: number;
  readonly standardError: number;
  readonly ci: readonly [number, number];
}

/** One stage-1 exit and what its replicates did (exported for tests and details). */
export interface EmbeddedUnit {
  readonly exitSteps: number;
  readonly landingPosition: number;
  readonly landingBasin: number;
  /** ends[j − 1]: replicates whose first widest basin entered was Ω_j. */
  readonly ends: number[];
  /** Replicates back at m_i without visiting another minimum (no excursion; the holding goes on). */
  readonly nulls: number;
  /** Replicates still unresolved (censored or over `maxRounds`). */
  readonly unresolved: number;
  /** Sum over resolved replicates of their stage-2 steps (from the exit to the next widest visit). */
  readonly sharpSteps: number;
}

/** Result of {@link estimateEmbeddedChain}. */
export interface EmbeddedChainResult {
  readonly from: number;
  readonly stepSize: number;
  readonly exits: number;
  readonly replicates: number;
  /** Stage-1 chains censored at the cap (excluded from the units; bounded in `holding`). */
  readonly censoredExits: number;
  readonly units: readonly EmbeddedUnit[];
  /** P(i → j) per 1-based j (index j − 1); widest j only, NaN elsewhere. */
  readonly probabilities: readonly EmbeddedEstimate[];
  /** Variance split of P̂(i → j): between = Var h(X) (landing), within = E[h(1−h)] (per replicate). */
  readonly varianceSplit: readonly { readonly between: number; readonly within: number }[];
  /** Landing basins of stage 1 (counts, index l − 1). */
  readonly landings: readonly number[];
  /** Sharp routes, e.g. `4→3→2`, weighted by the fraction of an excursion (sums to the units). */
  readonly routes: Readonly<Record<string, number>>;
  /** Mean visits per stage-1 exit to each sharp minimum in stage 2 (index k − 1). */
  readonly sharpVisits: readonly number[];
  /** Share of replicates back at m_i without another visit (exits that are no excursion). */
  readonly nullShare: number;
  /** Replicates left unresolved (bounded in the CIs). */
  readonly unresolved: number;
  /** Mean exit steps from m_i (stage 1) and mean stage-2 steps per exit (until the next widest visit). */
  readonly meanExitSteps: number;
  readonly meanSharpSteps: number;
  /** λ*(η), the limit chain's clock (steps → time units). */
  readonly chainTimeScale: number;
  /** Holding time at m_i in λ*(η) units: E[σ + D]·λ* ÷ P(end ≠ i), delta-method CI over units. */
  readonly holding: EmbeddedEstimate & { readonly leaveProbability: number };
  /** Rate of leaving i for j in λ*(η) units, P(i → j)/E[σ + D]·(1/λ*) (the generator entry Q(i, j) for widest j ≠ i). */
  readonly rates: readonly EmbeddedEstimate[];
  readonly stage1Steps: number;
  readonly stage2Steps: number;
  /** runExit calls of stage 2 (its per-call overhead is the price of a per-landing start). */
  readonly stage2Calls: number;
  readonly stage1Seconds: number;
  readonly stage2Seconds: number;
}

/** A replicate group waiting for its next exit: of a cell of the visit landscape, or of an original basin after a visit to its minimum. */
interface Pending {
  unit: number;
  mode: 'cell' | 'basin';
  /** 1-based cell (mode 'cell') or original basin (mode 'basin'). */
  index: number;
  start: number;
  chains: number;
  /** Minima visited so far, e.g. `4→3`. */
  route: string;
  /** A minimum other than m_i has been visited (a return to m_i then ends the excursion). */
  visited: boolean;
  path: string;
  steps: number;
  round: number;
}

/** A cell of the visit landscape: part of original basin k, the ε-ball of m_k or a side of it. */
export interface VisitCell {
  readonly basin: number;
  readonly ball: boolean;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The landscape with every basin Ω_k cut at m_k ± ε (same f, same box): an exit from a side cell
 * either enters the ε-ball of m_k (a visit, as `countExcursions` reads visit sequences) or leaves
 * Ω_k without a visit. Only the exit kernel sees it (it reads boundaries from `saddles`).
 * @throws InputError when ε does not fit inside every basin.
 */
export function visitLandscape(landscape: Landscape, epsilon: number): { landscape: Landscape; cells: VisitCell[] } {
  const n = landscape.minima.length;
  const L = landscape.box;
  const cells: VisitCell[] = [];
  for (let k = 1; k <= n; k++) {
    const lo = k > 1 ? landscape.saddles[k - 2] : -L;
    const hi = k < n ? landscape.saddles[k - 1] : L;
    const m = landscape.minima[k - 1];
    if (!(epsilon > 0 && m - epsilon > lo && m + epsilon < hi))
      throw invalidOption(
        'visitLandscape',
        'epsilon',
        `a radius > 0 that fits inside every basin (basin ${k}: (${lo}, ${hi}) around ${m})`,
        epsilon,
      );
    cells.push(
      { basin: k, ball: false, lo, hi: m - epsilon },
      { basin: k, ball: true, lo: m - epsilon, hi: m + epsilon },
      { basin: k, ball: false, lo: m + epsilon, hi },
    );
  }
  const boundaries = cells.slice(0, -1).map((c) => c.hi);
  const split: Landscape = {
    spec: landscape.spec,
    name: `${landscape.name}|visits(ε=${epsilon})`,
    box: L,
    value: (x) => landscape.value(x),
    gradient: (x) => landscape.gradient(x),
    gradientSource: landscape.gradientSource,
    curvature: (x) => landscape.curvature(x),
    minima: cells.map((c) => (c.ball ? landscape.minima[c.basin - 1] : (c.lo + c.hi) / 2)),
    saddles: boundaries,
  };
  return { landscape: split, cells };
}

/** 1-based cell of x (a point on a boundary belongs to the cell on its left, as in the kernels). */
function cellOf(cells: readonly VisitCell[], x: number): number {
  for (let c = 0; c < cells.length - 1; c++) if (x <= cells[c].hi) return c + 1;
  return cells.length;
}

/** x moved strictly inside (lo, hi) when it sits on an end (a landing exactly on a boundary). */
function inside(lo: number, hi: number, x: number): number {
  const e = 1e-12 * Math.max(1, Math.abs(x));
  return x <= lo ? lo + e : x >= hi ? hi - e : x;
}

/**
 * Two-stage estimate of the embedded chain out of widest m_i at one step size (see the module doc).
 * Stage 2 follows visits as `countExcursions` does: an excursion is the sequence of minima whose
 * ε-ball the chain enters after leaving Ω_i, up to the first widest one; an exit that comes back to
 * m_i without visiting another minimum is no excursion ("null": the holding goes on). So
 * P̂(i → j) = Σ_u ends_{u,j} / Σ_u (K − nulls_u), a ratio of unit means (delta-method CI).
 * When fewer than two stage-1 chains exit before the cap, only bounds are returned (holding ≥ the
 * censored mean, probabilities unknown in [0, 1]).
 * @throws InputError when `from` is not widest, or N, K, ε are out of range.
 */
export async function estimateEmbeddedChain(options: EmbeddedChainOptions): Promise<EmbeddedChainResult> {
  const run = await simulateTwoStages(options);
  const star = chainTimeScale(options.theory.law, options.theory.maxJumps, options.stepSize);
  return run.units.length < 2 ? censoredBounds(options, run, star) : estimateFromUnits(options, run, star);
}

/** A stage-1 exit as the estimator books it while its replicates run. */
type MutableUnit = {
  exitSteps: number;
  landingPosition: number;
  landingBasin: number;
  ends: number[];
  nulls: number;
  unresolved: number;
  sharpSteps: number;
};

/** What the two stages simulated, before any estimate. */
interface TwoStageRun {
  readonly stage1: Awaited<ReturnType<typeof runExit>>;
  readonly units: readonly MutableUnit[];
  readonly landings: readonly number[];
  readonly routes: Readonly<Record<string, number>>;
  readonly visits: readonly number[];
  readonly stage2Steps: number;
  readonly stage2Calls: number;
  readonly stage1Seconds: number;
  readonly stage2Seconds: number;
}

/**
 * Stage-2 bookkeeping: where each replicate group ends (a widest visit, a null cycle back at m_i)
 * or, at a sharp minimum or a cell of the visit landscape, its next exit to run.
 */
function newLedger(options: EmbeddedChainOptions, cells: readonly VisitCell[]) {
  const n = options.theory.constants.length;
  const wide = new Set(options.theory.widest);
  const i = options.from;
  const K = options.replicates;
  const ledger = {
    landings: new Array<number>(n).fill(0),
    units: [] as MutableUnit[],
    routes: {} as Record<string, number>,
    visits: new Array<number>(n).fill(0),
    resolved: 0,
  };
  /** Books a chain (weight `chains`) that has just arrived at y: ends it at a widest visit, or queues its next exit. */
  const place = (next: Pending[], from: Omit<Pending, 'mode' | 'index' | 'start'>, y: number): void => {
    const c = cellOf(cells, y);
    const cell = cells[c - 1];
    const unit = ledger.units[from.unit];
    if (!cell.ball) {
      next.push({ ...from, mode: 'cell', index: c, start: inside(cell.lo, cell.hi, y) });
      return;
    }
    const k = cell.basin;
    if (wide.has(k)) {
      ledger.resolved += from.chains;
      unit.sharpSteps += from.steps * from.chains;
      if (k === i && !from.visited) {
        unit.nulls += from.chains;
        return;
      }
      unit.ends[k - 1] += from.chains;
      const r = `${from.route}→${k}`;
      ledger.routes[r] = (ledger.routes[r] ?? 0) + from.chains / K;
      return;
    }
    // A visit is an arrival at a minimum other than the last one visited (as in `countExcursions`).
    const again = from.route.endsWith(`→${k}`);
    if (!again) ledger.visits[k - 1] += from.chains / K;
    next.push({
      ...from,
      mode: 'basin',
      index: k,
      start: inside(cell.lo, cell.hi, y),
      route: again ? from.route : `${from.route}→${k}`,
      visited: true,
    });
  };
  return { ledger, place };
}

/** Validates the options, runs stage 1 (exits from m_i) and stage 2 (replicates to the next widest visit). */
async function simulateTwoStages(options: EmbeddedChainOptions): Promise<TwoStageRun> {
  const api = 'estimateEmbeddedChain';
  const { theory } = options;
  const n = theory.constants.length;
  const i = options.from;
  if (!theory.widest.includes(i)) throw invalidOption(api, 'from', `a widest minimum (${theory.widest.join(', ')})`, i);
  if (!(Number.isInteger(options.exits) && options.exits >= 2))
    throw invalidOption(api, 'exits', 'an integer ≥ 2', options.exits);
  if (!(Number.isInteger(options.replicates) && options.replicates >= 1))
    throw invalidOption(api, 'replicates', 'an integer ≥ 1', options.replicates);
  const eta = options.stepSize;
  const K = options.replicates;
  const capFactor = options.capFactor ?? 10;
  const maxRounds = options.maxRounds ?? 64;
  const { landscape: split, cells } = visitLandscape(theory.landscape, options.epsilon ?? 0.05);
  const common = {
    noise: options.noise,
    truncation: theory.truncation,
    stepSize: eta,
    seed: options.seed,
    workers: options.workers ?? 2,
    ...(options.engine ? { engine: options.engine } : {}),
  };
  const progress = options.onProgress ?? (() => {});
  const cap = (k: number) => Math.ceil(capFactor * leadingMeanExitSteps(theory, k, eta));
  // Stage 2 is cheap per chain and finite-η sharp exits can run above their leading order: a wider cap.
  const cap2 = (k: number) => Math.ceil(Math.max(capFactor, 50) * leadingMeanExitSteps(theory, k, eta));

  const t0 = performance.now();
  const s1 = await runExit(
    {
      ...common,
      landscape: theory.landscape,
      basin: i,
      chains: options.exits,
      maxSteps: cap(i),
      path: `${options.path}/stage1`,
    },
    { onProgress: (d, t) => progress((0.8 * d) / t) },
  );
  const t1 = performance.now();

  const { ledger, place } = newLedger(options, cells);
  const { units } = ledger;
  let pending: Pending[] = [];
  for (let c = 0; c < s1.chains; c++) {
    if (s1.censoredMask[c]) continue;
    ledger.landings[s1.target[c] - 1]++;
    const u = units.length;
    units.push({
      exitSteps: s1.exitSteps[c],
      landingPosition: s1.exitPosition[c],
      landingBasin: s1.target[c],
      ends: new Array<number>(n).fill(0),
      nulls: 0,
      unresolved: 0,
      sharpSteps: 0,
    });
    place(
      pending,
      { unit: u, chains: K, route: `${i}`, visited: false, path: `${options.path}/stage2/u=${c}`, steps: 0, round: 1 },
      s1.exitPosition[c],
    );
  }
  let stage2Steps = 0;
  let stage2Calls = 0;
  const total = Math.max(1, units.length * K);
  while (pending.length > 0) {
    const next: Pending[] = [];
    const results = await Promise.all(
      pending.map((p) => {
        stage2Calls++;
        return p.mode === 'cell'
          ? runExit({
              ...common,
              landscape: split,
              basin: p.index,
              start: p.start,
              chains: p.chains,
              chunkSize: p.chains,
              maxSteps: cap2(cells[p.index - 1].basin),
              path: p.path,
            })
          : runExit({
              ...common,
              landscape: theory.landscape,
              basin: p.index,
              start: p.start,
              chains: p.chains,
              chunkSize: p.chains,
              maxSteps: cap2(p.index),
              path: p.path,
            });
      }),
    );
    for (const [idx, r] of results.entries()) {
      const p = pending[idx];
      stage2Steps += r.totalSteps;
      for (let c = 0; c < r.chains; c++) {
        if (r.censoredMask[c] || p.round >= maxRounds) {
          units[p.unit].unresolved++;
          ledger.resolved++;
          continue;
        }
        place(
          next,
          {
            unit: p.unit,
            chains: 1,
            route: p.route,
            visited: p.visited,
            path: `${p.path}/${p.round}.${c}`,
            steps: p.steps + r.exitSteps[c],
            round: p.round + 1,
          },
          r.exitPosition[c],
        );
      }
    }
    progress(0.8 + (0.2 * Math.min(ledger.resolved, total)) / total);
    pending = next;
  }
  const t2 = performance.now();
  return {
    stage1: s1,
    units,
    landings: ledger.landings,
    routes: ledger.routes,
    visits: ledger.visits,
    stage2Steps,
    stage2Calls,
    stage1Seconds: (t1 - t0) / 1000,
    stage2Seconds: (t2 - t1) / 1000,
  };
}

/**
 * (Almost) every exit censored: a simulator far slower than the theory. Only bounds are honest:
 * E σ ≥ mean of min(σ, cap) over all chains (exact: censored chains sit at the cap), P(leave) ≤ 1.
 */
function censoredBounds(options: EmbeddedChainOptions, run: TwoStageRun, star: number): EmbeddedChainResult {
  const n = options.theory.constants.length;
  const s1 = run.stage1;
  let sum = 0;
  for (let c = 0; c < s1.chains; c++) sum += s1.exitSteps[c];
  const unknown: EmbeddedEstimate = { estimate: NaN, standardError: NaN, ci: [0, 1] };
  return {
    from: options.from,
    stepSize: options.stepSize,
    exits: options.exits,
    replicates: options.replicates,
    censoredExits: s1.censored,
    units: run.units,
    landings: run.landings,
    routes: run.routes,
    probabilities: Array.from({ length: n }, () => unknown),
    varianceSplit: Array.from({ length: n }, () => ({ between: NaN, within: NaN })),
    sharpVisits: run.visits,
    nullShare: NaN,
    unresolved: 0,
    meanExitSteps: NaN,
    meanSharpSteps: NaN,
    chainTimeScale: star,
    holding: {
      estimate: (sum / s1.chains) * star,
      standardError: NaN,
      ci: [(sum / s1.chains) * star, Infinity],
      leaveProbability: NaN,
    },
    rates: Array.from({ length: n }, () => ({ estimate: NaN, standardError: NaN, ci: [0, Infinity] as const })),
    stage1Steps: s1.totalSteps,
    stage2Steps: run.stage2Steps,
    stage2Calls: run.stage2Calls,
    stage1Seconds: run.stage1Seconds,
    stage2Seconds: run.stage2Seconds,
  };
}

/**
 * The estimates from ≥ 2 units: P(i → j) as ratios of unit means (delta-method t intervals, with
 * unresolved replicates bounding both ends) and their variance split, the holding time by Wald's
 * identity and the generator's rates Q(i, j), all per λ*(η) unit. (≈ 90 lines on purpose: the four
 * estimates share the unit arrays, the t quantile and the ratio estimator; apart they would each
 * take eight arguments.)
 */
// eslint-disable-next-line max-lines-per-function -- the four estimates share the unit arrays, the t quantile and the ratio estimator (see above)
function estimateFromUnits(options: EmbeddedChainOptions, run: TwoStageRun, star: number): EmbeddedChainResult {
  const { theory } = options;
  const n = theory.constants.length;
  const wide = new Set(theory.widest);
  const i = options.from;
  const eta = options.stepSize;
  const K = options.replicates;
  const { units, stage1: s1 } = run;
  const N = units.length;
  const tq = studentTQuantile(1 - (1 - options.confidence) / 2, N - 1);
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = (xs: readonly number[]) => {
    const m = mean(xs);
    return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  };
  /** Ratio of unit means ā/b̄ with its delta-method standard error. */
  const ratio = (a: readonly number[], b: readonly number[]) => {
    const r = mean(a) / mean(b);
    return { r, se: Math.sqrt(variance(a.map((x, k) => x - r * b[k])) / N) / mean(b) };
  };
  const counted = units.map((u) => (K - u.nulls - u.unresolved) / K);
  const probabilities: EmbeddedEstimate[] = [];
  const varianceSplit: { between: number; within: number }[] = [];
  for (let j = 1; j <= n; j++) {
    if (!wide.has(j)) {
      probabilities.push({ estimate: NaN, standardError: NaN, ci: [NaN, NaN] });
      varianceSplit.push({ between: NaN, within: NaN });
      continue;
    }
    const p = units.map((u) => u.ends[j - 1] / K);
    const { r, se } = ratio(p, counted);
    // Unresolved replicates are bounded both ways: "not j" for the lower end, "j" for the upper.
    const hi = ratio(
      units.map((u) => (u.ends[j - 1] + u.unresolved) / K),
      units.map((u) => (K - u.nulls) / K),
    ).r;
    probabilities.push({
      estimate: r,
      standardError: se,
      ci: [Math.max(0, r - tq * se), Math.min(1, Math.max(r, hi) + tq * se)],
    });
    // Per-unit conditional share h_u = ends/(K − nulls); within = E h(1−h) (one replicate), between = Var h(X).
    const h = units
      .filter((u) => K - u.nulls - u.unresolved > 1)
      .map((u) => ({ h: u.ends[j - 1] / (K - u.nulls - u.unresolved), m: K - u.nulls - u.unresolved }));
    const within = h.length > 1 ? mean(h.map((x) => (x.h * (1 - x.h) * x.m) / (x.m - 1))) : NaN;
    const between =
      h.length > 1 ? Math.max(0, variance(h.map((x) => x.h)) - mean(h.map((x) => (x.h * (1 - x.h)) / (x.m - 1)))) : NaN;
    varianceSplit.push({ between, within });
  }
  // Holding: E[σ + D] over P(cycle ends at a widest j ≠ i) (Wald), D = stage-2 steps of the cycle.
  const y = units.map((u) => u.exitSteps + u.sharpSteps / Math.max(1, K - u.unresolved));
  const g = units.map((u) => u.ends.reduce((s, e, k) => s + (k + 1 !== i ? e : 0), 0) / K);
  const hold = ratio(y, g);
  const censoredShare = s1.censored > 0 ? (s1.censored * s1.maxSteps) / (N * mean(g)) : 0;
  const holding = {
    estimate: hold.r * star,
    standardError: hold.se * star,
    // A censored stage-1 chain ran at least the cap; its exit would only lengthen the mean: the upper end takes its share.
    ci: [Math.max(0, (hold.r - tq * hold.se) * star), (hold.r + tq * hold.se + censoredShare) * star] as const,
    leaveProbability: mean(g),
  };
  // Rates Q(i, j) = P(cycle ends at j)/E[σ + D], per λ* unit.
  const rates: EmbeddedEstimate[] = [];
  for (let j = 1; j <= n; j++) {
    if (!wide.has(j) || j === i) {
      rates.push({ estimate: NaN, standardError: NaN, ci: [NaN, NaN] });
      continue;
    }
    const { r, se } = ratio(
      units.map((u) => u.ends[j - 1] / K),
      y,
    );
    rates.push({
      estimate: r / star,
      standardError: se / star,
      ci: [Math.max(0, (r - tq * se) / star), (r + tq * se) / star],
    });
  }
  return {
    from: i,
    stepSize: eta,
    exits: options.exits,
    replicates: K,
    censoredExits: s1.censored,
    units,
    probabilities,
    varianceSplit,
    landings: run.landings,
    routes: run.routes,
    sharpVisits: run.visits.map((v) => v / N),
    nullShare: mean(units.map((u) => u.nulls / K)),
    unresolved: units.reduce((s, u) => s + u.unresolved, 0),
    meanExitSteps: mean(units.map((u) => u.exitSteps)),
    meanSharpSteps: mean(y) - mean(units.map((u) => u.exitSteps)),
    chainTimeScale: star,
    holding,
    rates,
    stage1Steps: s1.totalSteps,
    stage2Steps: run.stage2Steps,
    stage2Calls: run.stage2Calls,
    stage1Seconds: run.stage1Seconds,
    stage2Seconds: run.stage2Seconds,
  };
}
