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
import { invalidOption } from '../core/errors.ts';
import type { Landscape, NoiseSpec } from '../model/types.ts';
import type { Seed } from '../rng/seeds.ts';
import type { Engine } from '../sim/engines.ts';
import { runExit } from '../sim/run-exit.ts';
import { studentTQuantile } from '../stats/distributions.ts';
import { absorptionProbabilities } from '../theory/markov.ts';
import { basinScale, chainTimeScale } from '../theory/index.ts';
import { forkLabel } from '../rng/seeds.ts';
import { theorem2Theory, type Theorem2Setting, type Theorem2Theory } from '../theory/theorem2.ts';
import { againstEtaPlot, fmtB, gapTrend, plannedSpeed, zOf } from './theorem2-support.ts';
import type { CheckContext, Observation, PlotSpec } from '../verify/types.ts';

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

/** Leading-order mean exit steps 1/(q_k λ_k(η)) of basin k (1-based), THEORY.md §5. */
export function leadingMeanExitSteps(theory: Theorem2Theory, basin: number, stepSize: number): number {
  const c = theory.constants[basin - 1];
  return 1 / (c.exitRate * basinScale(theory.law, c.jumpsNeeded, stepSize));
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
    if (!(epsilon > 0 && m - epsilon > lo && m + epsilon < hi)) throw invalidOption('visitLandscape', 'epsilon', `a radius > 0 that fits inside every basin (basin ${k}: (${lo}, ${hi}) around ${m})`, epsilon);
    cells.push({ basin: k, ball: false, lo, hi: m - epsilon }, { basin: k, ball: true, lo: m - epsilon, hi: m + epsilon }, { basin: k, ball: false, lo: m + epsilon, hi });
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
  const api = 'estimateEmbeddedChain';
  const { theory } = options;
  const n = theory.constants.length;
  const wide = new Set(theory.widest);
  const i = options.from;
  if (!wide.has(i)) throw invalidOption(api, 'from', `a widest minimum (${theory.widest.join(', ')})`, i);
  if (!(Number.isInteger(options.exits) && options.exits >= 2)) throw invalidOption(api, 'exits', 'an integer ≥ 2', options.exits);
  if (!(Number.isInteger(options.replicates) && options.replicates >= 1)) throw invalidOption(api, 'replicates', 'an integer ≥ 1', options.replicates);
  const eta = options.stepSize;
  const K = options.replicates;
  const workers = options.workers ?? 2;
  const capFactor = options.capFactor ?? 10;
  const maxRounds = options.maxRounds ?? 64;
  const { landscape: split, cells } = visitLandscape(theory.landscape, options.epsilon ?? 0.05);
  const common = { noise: options.noise, truncation: theory.truncation, stepSize: eta, seed: options.seed, workers, ...(options.engine ? { engine: options.engine } : {}) };
  const progress = options.onProgress ?? (() => {});
  const cap = (k: number) => Math.ceil(capFactor * leadingMeanExitSteps(theory, k, eta));
  // Stage 2 is cheap per chain and finite-η sharp exits can run above their leading order: a wider cap.
  const cap2 = (k: number) => Math.ceil(Math.max(capFactor, 50) * leadingMeanExitSteps(theory, k, eta));

  const t0 = performance.now();
  const s1 = await runExit(
    { ...common, landscape: theory.landscape, basin: i, chains: options.exits, maxSteps: cap(i), path: `${options.path}/stage1` },
    { onProgress: (d, t) => progress((0.8 * d) / t) },
  );
  const t1 = performance.now();

  const landings = new Array<number>(n).fill(0);
  const units: { exitSteps: number; landingPosition: number; landingBasin: number; ends: number[]; nulls: number; unresolved: number; sharpSteps: number }[] = [];
  const routes: Record<string, number> = {};
  const visits = new Array<number>(n).fill(0);
  let pending: Pending[] = [];
  let resolved = 0;
  /** Books a chain (weight `chains`) that has just arrived at y: ends it at a widest visit, or queues its next exit. */
  const place = (next: Pending[], from: Omit<Pending, 'mode' | 'index' | 'start'>, y: number): void => {
    const c = cellOf(cells, y);
    const cell = cells[c - 1];
    const unit = units[from.unit];
    if (!cell.ball) {
      next.push({ ...from, mode: 'cell', index: c, start: inside(cell.lo, cell.hi, y) });
      return;
    }
    const k = cell.basin;
    if (wide.has(k)) {
      resolved += from.chains;
      unit.sharpSteps += from.steps * from.chains;
      if (k === i && !from.visited) {
        unit.nulls += from.chains;
        return;
      }
      unit.ends[k - 1] += from.chains;
      const r = `${from.route}→${k}`;
      routes[r] = (routes[r] ?? 0) + from.chains / K;
      return;
    }
    // A visit is an arrival at a minimum other than the last one visited (as in `countExcursions`).
    const again = from.route.endsWith(`→${k}`);
    if (!again) visits[k - 1] += from.chains / K;
    next.push({ ...from, mode: 'basin', index: k, start: inside(cell.lo, cell.hi, y), route: again ? from.route : `${from.route}→${k}`, visited: true });
  };
  for (let c = 0; c < s1.chains; c++) {
    if (s1.censoredMask[c]) continue;
    landings[s1.target[c] - 1]++;
    const u = units.length;
    units.push({ exitSteps: s1.exitSteps[c], landingPosition: s1.exitPosition[c], landingBasin: s1.target[c], ends: new Array<number>(n).fill(0), nulls: 0, unresolved: 0, sharpSteps: 0 });
    place(pending, { unit: u, chains: K, route: `${i}`, visited: false, path: `${options.path}/stage2/u=${c}`, steps: 0, round: 1 }, s1.exitPosition[c]);
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
          ? runExit({ ...common, landscape: split, basin: p.index, start: p.start, chains: p.chains, chunkSize: p.chains, maxSteps: cap2(cells[p.index - 1].basin), path: p.path })
          : runExit({ ...common, landscape: theory.landscape, basin: p.index, start: p.start, chains: p.chains, chunkSize: p.chains, maxSteps: cap2(p.index), path: p.path });
      }),
    );
    for (const [idx, r] of results.entries()) {
      const p = pending[idx];
      stage2Steps += r.totalSteps;
      for (let c = 0; c < r.chains; c++) {
        if (r.censoredMask[c] || p.round >= maxRounds) {
          units[p.unit].unresolved++;
          resolved++;
          continue;
        }
        place(next, { unit: p.unit, chains: 1, route: p.route, visited: p.visited, path: `${p.path}/${p.round}.${c}`, steps: p.steps + r.exitSteps[c], round: p.round + 1 }, r.exitPosition[c]);
      }
    }
    progress(0.8 + (0.2 * Math.min(resolved, total)) / total);
    pending = next;
  }
  const t2 = performance.now();

  const N = units.length;
  const star = chainTimeScale(theory.law, theory.maxJumps, eta);
  if (N < 2) {
    // (Almost) every exit censored: a simulator far slower than the theory. Only bounds are honest:
    // E σ ≥ mean of min(σ, cap) over all chains (exact: censored chains sit at the cap), P(leave) ≤ 1.
    let sum = 0;
    for (let c = 0; c < s1.chains; c++) sum += s1.exitSteps[c];
    const unknown: EmbeddedEstimate = { estimate: NaN, standardError: NaN, ci: [0, 1] };
    return {
      from: i, stepSize: eta, exits: options.exits, replicates: K, censoredExits: s1.censored, units, landings, routes,
      probabilities: Array.from({ length: n }, () => unknown), varianceSplit: Array.from({ length: n }, () => ({ between: NaN, within: NaN })),
      sharpVisits: visits, nullShare: NaN, unresolved: 0, meanExitSteps: NaN, meanSharpSteps: NaN, chainTimeScale: star,
      holding: { estimate: (sum / s1.chains) * star, standardError: NaN, ci: [(sum / s1.chains) * star, Infinity], leaveProbability: NaN },
      rates: Array.from({ length: n }, () => ({ estimate: NaN, standardError: NaN, ci: [0, Infinity] as const })),
      stage1Steps: s1.totalSteps, stage2Steps, stage2Calls, stage1Seconds: (t1 - t0) / 1000, stage2Seconds: (t2 - t1) / 1000,
    };
  }
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
    const hi = ratio(units.map((u) => (u.ends[j - 1] + u.unresolved) / K), units.map((u) => (K - u.nulls) / K)).r;
    probabilities.push({ estimate: r, standardError: se, ci: [Math.max(0, r - tq * se), Math.min(1, Math.max(r, hi) + tq * se)] });
    // Per-unit conditional share h_u = ends/(K − nulls); within = E h(1−h) (one replicate), between = Var h(X).
    const h = units.filter((u) => K - u.nulls - u.unresolved > 1).map((u) => ({ h: u.ends[j - 1] / (K - u.nulls - u.unresolved), m: K - u.nulls - u.unresolved }));
    const within = h.length > 1 ? mean(h.map((x) => (x.h * (1 - x.h) * x.m) / (x.m - 1))) : NaN;
    const between = h.length > 1 ? Math.max(0, variance(h.map((x) => x.h)) - mean(h.map((x) => (x.h * (1 - x.h)) / (x.m - 1)))) : NaN;
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
    const { r, se } = ratio(units.map((u) => u.ends[j - 1] / K), y);
    rates.push({ estimate: r / star, standardError: se / star, ci: [Math.max(0, (r - tq * se) / star), (r + tq * se) / star] });
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
    landings,
    routes,
    sharpVisits: visits.map((v) => v / N),
    nullShare: mean(units.map((u) => u.nulls / K)),
    unresolved: units.reduce((s, u) => s + u.unresolved, 0),
    meanExitSteps: mean(units.map((u) => u.exitSteps)),
    meanSharpSteps: mean(y) - mean(units.map((u) => u.exitSteps)),
    chainTimeScale: star,
    holding,
    rates,
    stage1Steps: s1.totalSteps,
    stage2Steps,
    stage2Calls,
    stage1Seconds: (t1 - t0) / 1000,
    stage2Seconds: (t2 - t1) / 1000,
  };
}

/**
 * θ(j | k): probability that the limit's discrete chain on all minima, started at k, is absorbed at
 * widest j (P(k, l) = q(k, l)/q(k); widest minima absorbing), THEORY.md §6. Row k of a widest k is
 * the indicator of k. 0-based matrix.
 */
export function absorptionMatrix(theory: Theorem2Theory): number[][] {
  const wide = theory.constants.map((_, k) => theory.widest.includes(k + 1));
  return absorptionProbabilities(theory.constants.map((c) => [...c.exitRateByTarget]), wide);
}

/** A plan of N and K for {@link estimateEmbeddedChain} within a step budget. */
export interface EmbeddedPlan {
  readonly exits: number;
  readonly replicates: number;
  /** Leading-order cost model (steps): per exit (stage 1) and per replicate (stage 2). */
  readonly stage1Cost: number;
  readonly stage2Cost: number;
}

/**
 * Sizes N and K from the predicted time scales (the stage-1 exit mean, the sharp sojourns a replicate
 * makes before a widest basin, a fixed per-call overhead) and the limit's variance split: minimising
 * (C₁ + K C₂)(B + W/K) gives K = √((C₁/C₂)(W/B)). For a probability, B = Var θ(j | landing basin) and
 * W = E θ(1 − θ) under the limit's landing law (B is floored at W/50: finite-η landings spread h);
 * for the holding time, B = 1 (σ is exponential: Var σ/E σ² = 1) + the landing part of P(leave), W its
 * replicate part, both relative to P(leave)².
 */
export function planEmbeddedChain(theory: Theorem2Theory, from: number, to: number | null, stepSize: number, budgetSteps: number, limits: { maxExits?: number; maxReplicates?: number } = {}): EmbeddedPlan {
  const n = theory.constants.length;
  const theta = absorptionMatrix(theory);
  const P = theory.jumpProbabilities[from - 1];
  // Expected sharp visits per excursion (v = P_i,T (I − P_TT)^{-1}, by iteration) and their steps.
  const sharp = theory.sharp;
  const v = new Array<number>(n).fill(0);
  for (let it = 0; it < 1000; it++) {
    let delta = 0;
    for (const k of sharp) {
      let s = P[k - 1];
      for (const l of sharp) s += v[l - 1] * theory.jumpProbabilities[l - 1][k - 1];
      delta = Math.max(delta, Math.abs(s - v[k - 1]));
      v[k - 1] = s;
    }
    if (delta < 1e-12) break;
  }
  // Steps-equivalent of one stage-2 runExit call at the planned speed (2 workers × 1.8·10⁷ steps/s):
  // measured ≈ 0.36–0.45 ms wall per call with two workers (167 165 calls in 59.5 s at load 9).
  const OVERHEAD = 1.5e4;
  // Stage 1 plus the grouped first call of a unit; per replicate, each sharp visit costs its exit
  // plus two single-chain calls (the exit from the ball, then the side cell it lands in).
  const c1 = leadingMeanExitSteps(theory, from, stepSize) + OVERHEAD;
  const c2 = sharp.reduce((s, k) => s + v[k - 1] * (leadingMeanExitSteps(theory, k, stepSize) + 2 * OVERHEAD), 0) + 0.2 * OVERHEAD;
  const hOf = (j: number) => P.map((p, l) => (theory.widest.includes(l + 1) ? (l + 1 === j ? 1 : 0) : theta[l][j - 1]));
  const moments = (j: number) => {
    const h = hOf(j);
    const m = P.reduce((s, p, l) => s + p * h[l], 0);
    const B = P.reduce((s, p, l) => s + p * (h[l] - m) ** 2, 0);
    const W = P.reduce((s, p, l) => s + p * h[l] * (1 - h[l]), 0);
    return { m, B, W };
  };
  let B: number;
  let W: number;
  if (to !== null) {
    ({ B, W } = moments(to));
    B = Math.max(B, W / 50);
  } else {
    const r = moments(from); // P(return); leave = 1 − return has the same B and W
    const leave = Math.max(1e-3, 1 - r.m);
    B = 1 + r.B / leave ** 2;
    W = r.W / leave ** 2;
  }
  const maxK = limits.maxReplicates ?? 200;
  const K = c2 > 0 && W > 0 ? Math.max(1, Math.min(maxK, Math.round(Math.sqrt((c1 / c2) * (W / B))))) : 1;
  const exits = Math.max(2, Math.min(limits.maxExits ?? 20_000, Math.floor(budgetSteps / (c1 + K * c2))));
  return { exits, replicates: K, stage1Cost: c1, stage2Cost: c2 };
}

// ---------------------------------------------------------------------------------------------
// The check runner

/** What {@link runEmbeddedChainCheck} judges. */
export type EmbeddedStatistic =
  /** P(an excursion out of widest `from` ends at widest `to`), against Σ_j′ P(i, j′)·θ(j | j′). */
  | 'excursion'
  /** Mean holding time at widest `from` in λ*(η) units, against −1/Q(i, i). */
  | 'holding'
  /** Generator entry Q(from, to) in λ*(η) units (rate of leaving `from` for `to`). */
  | 'rate'
  /**
   * Share of time at `from` within its absorbing class of two widest minima, against the class
   * generator's stationary law: π̂ = H_from/(H_from + H_other), the two holding times estimated by
   * two two-stage runs (a common finite-η factor of the exit times cancels in the ratio).
   */
  | 'class-share';

/** Options of {@link runEmbeddedChainCheck}. */
export interface EmbeddedCheckOptions extends Theorem2Setting {
  readonly statistic: EmbeddedStatistic;
  readonly from: number;
  /** Target widest minimum ('excursion', 'rate'). */
  readonly to?: number;
  /** Step sizes, largest first; the last is judged, the others give the trend (each a `trendShare` of the budget). */
  readonly stepSizes: readonly number[];
  /** Budget share of each trend step size. @default 0.12 */
  readonly trendShare?: number;
  readonly epsilon?: number;
  readonly maxReplicates?: number;
  readonly workers?: number;
}

/** One step size of an embedded-chain check. */
export interface EmbeddedCheckPoint {
  readonly stepSize: number;
  readonly exits: number;
  readonly replicates: number;
  readonly estimate: number;
  readonly ci: readonly [number, number];
  readonly standardError: number;
  /** P̂(from → j) per 1-based j (index j − 1; NaN for sharp j) and its CI. */
  readonly excursion: readonly number[];
  readonly excursionCi: readonly (readonly [number, number])[];
  readonly holding: number;
  readonly nullShare: number;
  readonly routes: Readonly<Record<string, number>>;
  readonly landings: readonly number[];
  readonly sharpVisits: readonly number[];
  readonly meanExitSteps: number;
  readonly meanSharpSteps: number;
  readonly stage2Calls: number;
  readonly seconds: readonly [number, number];
  readonly path: string;
  /** 'class-share': the other state's holding time (λ* units) and CI. */
  readonly other?: { readonly from: number; readonly holding: number; readonly ci: readonly [number, number] };
}

/**
 * Routes of the excursions (minima visited, e.g. `4→3→2`): observed share among the excursions (null
 * cycles excluded) against the limit's discrete chain on the minima, P(i, k₁)·P(k₁, k₂)·…·P(k_m, j)
 * with P(k, l) = q(k, l)/q(k) (THEORY.md §6). The `most` routes with the largest observed or
 * predicted share (pure; exported for tests).
 */
export function routeComparison(theory: Theorem2Theory, from: number, routes: Readonly<Record<string, number>>, most: number): { label: string; predicted: number; observed: number }[] {
  const total = Object.values(routes).reduce((s, x) => s + x, 0);
  const predictedOf = (route: string) => {
    const m = route.split('→').map(Number);
    let p = 1;
    for (let k = 0; k + 1 < m.length; k++) p *= theory.jumpProbabilities[m[k] - 1][m[k + 1] - 1];
    return p;
  };
  // Predicted routes: from i through sharp minima (at most 4 of them) to the first widest one.
  const predicted = new Map<string, number>();
  const wide = new Set(theory.widest);
  const grow = (route: number[], p: number): void => {
    const last = route[route.length - 1];
    if (route.length > 1 && wide.has(last)) {
      predicted.set(route.join('→'), p);
      return;
    }
    if (route.length > 5 || p < 1e-4) return;
    theory.jumpProbabilities[last - 1].forEach((q, l) => {
      if (q > 0) grow([...route, l + 1], p * q);
    });
  };
  grow([from], 1);
  const labels = new Set([...Object.keys(routes), ...predicted.keys()]);
  return [...labels]
    .map((label) => ({ label, predicted: predicted.get(label) ?? predictedOf(label), observed: total > 0 ? (routes[label] ?? 0) / total : NaN }))
    .sort((a, b) => Math.max(b.predicted, b.observed) - Math.max(a.predicted, a.observed))
    .slice(0, most);
}

/** The generator of the class that holds widest `from` (rates per λ*(η) unit). */
function classGenerator(theory: Theorem2Theory, from: number): { states: readonly number[]; matrix: readonly (readonly number[])[] } {
  const g = theory.generators.find((x) => x.states.includes(from));
  if (!g) throw invalidOption('runEmbeddedChainCheck', 'from', `a widest minimum of an absorbing class (${theory.generators.flatMap((x) => x.states).join(', ')})`, from);
  return g;
}

/** The limit's value of a statistic (THEORY.md §6). */
export function embeddedPrediction(theory: Theorem2Theory, statistic: EmbeddedStatistic, from: number, to?: number): number {
  if (statistic === 'excursion') return theory.excursion[from - 1][(to ?? 0) - 1];
  const g = classGenerator(theory, from);
  const r = g.states.indexOf(from);
  if (statistic === 'class-share') {
    const st = theory.generators.find((x) => x.states.includes(from))!.stationary;
    return g.states.length === 2 && st ? st[r] : NaN;
  }
  if (statistic === 'holding') return -1 / g.matrix[r][r];
  const c = g.states.indexOf(to ?? 0);
  return c >= 0 ? g.matrix[r][c] : 0;
}

/**
 * The embedded chain on the widest minima as a check (issue 5, must-have 1 and 5): the two-stage
 * estimator at each step size (see {@link estimateEmbeddedChain}), judged at the last. Details carry
 * per step size the whole excursion law out of `from`, the routes through sharp basins, the holding
 * time, and the trend of the gap to the limit.
 * @throws InputError for a `from`/`to` that is not widest (of an absorbing class, for holding/rate).
 */
export async function runEmbeddedChainCheck(ctx: CheckContext, options: EmbeddedCheckOptions): Promise<{ observation: Observation; points: EmbeddedCheckPoint[] }> {
  const api = 'runEmbeddedChainCheck';
  const theory = theorem2Theory(options);
  if (!theory.widest.includes(options.from)) throw invalidOption(api, 'from', `a widest minimum (${theory.widest.join(', ')})`, options.from);
  if (options.statistic === 'class-share' && classGenerator(theory, options.from).states.length !== 2) {
    throw invalidOption(api, 'from', 'a widest minimum of an absorbing class of exactly two widest minima', options.from);
  }
  if (options.statistic !== 'holding' && options.statistic !== 'class-share' && !(options.to !== undefined && theory.widest.includes(options.to) && options.to !== options.from)) {
    throw invalidOption(api, 'to', `a widest minimum other than from (${theory.widest.join(', ')})`, options.to);
  }
  const predicted = embeddedPrediction(theory, options.statistic, options.from, options.to);
  const workers = ctx.workers ?? options.workers ?? 2;
  const capacity = Math.max(0.1, ctx.timeBudgetSeconds) * plannedSpeed(ctx) * workers * 0.8;
  const etas = [...options.stepSizes].sort((a, b) => b - a);
  const trendShare = options.trendShare ?? 0.12;
  const points: EmbeddedCheckPoint[] = [];
  const pick = (r: EmbeddedChainResult): EmbeddedEstimate => {
    if (options.statistic === 'excursion') return r.probabilities[options.to! - 1];
    if (options.statistic === 'holding') return r.holding;
    return r.rates[options.to! - 1];
  };
  for (const [idx, eta] of etas.entries()) {
    const last = idx === etas.length - 1;
    const steps = capacity * (last ? 1 - trendShare * (etas.length - 1) : trendShare);
    const path = forkLabel(ctx.label, `eta=${eta}`).path;
    const run = (from: number, budget: number, sub: string, p0: number, p1: number) => {
      const plan = planEmbeddedChain(theory, from, options.statistic === 'excursion' ? options.to! : null, eta, budget, { maxReplicates: options.maxReplicates });
      return estimateEmbeddedChain({
        theory, noise: options.noise, from, stepSize: eta, exits: plan.exits, replicates: plan.replicates, seed: ctx.label.seed, path: `${path}${sub}`,
        confidence: ctx.confidence, workers, engine: ctx.engine, ...(options.epsilon !== undefined ? { epsilon: options.epsilon } : {}),
        onProgress: (f) => ctx.progress((idx + p0 + (p1 - p0) * f) / etas.length),
      });
    };
    let r: EmbeddedChainResult;
    let e: EmbeddedEstimate;
    let other: { from: number; holding: EmbeddedEstimate } | undefined;
    if (options.statistic === 'class-share') {
      // Two runs, budget ∝ √(exit cost) (equal relative precision per step spent on either holding).
      const o = classGenerator(theory, options.from).states.find((x) => x !== options.from)!;
      const wa = Math.sqrt(leadingMeanExitSteps(theory, options.from, eta));
      const wb = Math.sqrt(leadingMeanExitSteps(theory, o, eta));
      r = await run(options.from, (steps * wa) / (wa + wb), '', 0, 0.5);
      const rb = await run(o, (steps * wb) / (wa + wb), `/other=m${o}`, 0.5, 1);
      other = { from: o, holding: rb.holding };
      const ha = r.holding.estimate;
      const hb = rb.holding.estimate;
      const pi = ha / (ha + hb);
      const se = Math.hypot(hb * r.holding.standardError, ha * rb.holding.standardError) / (ha + hb) ** 2;
      e = { estimate: pi, standardError: se, ci: [Math.max(0, pi - zOf(ctx.confidence) * se), Math.min(1, pi + zOf(ctx.confidence) * se)] };
    } else {
      r = await run(options.from, steps, '', 0, 1);
      e = pick(r);
    }
    points.push({
      stepSize: eta, exits: r.exits, replicates: r.replicates, estimate: e.estimate, ci: [...e.ci] as [number, number], standardError: e.standardError,
      excursion: r.probabilities.map((p) => p.estimate), excursionCi: r.probabilities.map((p) => [...p.ci] as [number, number]), holding: r.holding.estimate, nullShare: r.nullShare, routes: r.routes, landings: r.landings,
      sharpVisits: r.sharpVisits, meanExitSteps: r.meanExitSteps, meanSharpSteps: r.meanSharpSteps, stage2Calls: r.stage2Calls,
      seconds: [r.stage1Seconds, r.stage2Seconds], path, ...(other ? { other: { from: other.from, holding: other.holding.estimate, ci: [...other.holding.ci] as [number, number] } } : {}),
    });
  }
  const last = points[points.length - 1];
  const { trend, requirements } = gapTrend(points, predicted, (q) => q.standardError, ctx.confidence);
  const observedExcursion = last.excursion;
  const routeBars = routeComparison(theory, options.from, last.routes, 6);
  const plots: PlotSpec[] = [
    {
      kind: 'graph',
      title: `embedded chain out of m${options.from}: P(next widest = j), η = ${last.stepSize}, b = ${fmtB(Number(options.truncation.toPrecision(6)))} (predicted / observed)`,
      nodes: theory.landscape.minima.map((m, k) => ({ id: k + 1, label: `m${k + 1}`, position: m, wide: theory.widest.includes(k + 1) })),
      edges: theory.widest
        .filter((j) => j !== options.from)
        .map((j) => ({ from: options.from, to: j, predicted: theory.excursion[options.from - 1][j - 1], observed: observedExcursion[j - 1], lo: last.excursionCi[j - 1][0], hi: last.excursionCi[j - 1][1] })),
      quantity: 'P(excursion from i ends at j), two-stage estimate',
    },
    {
      kind: 'bars',
      title: `routes of the excursions out of m${options.from} (minima visited), η = ${last.stepSize}: limit chain P(i,k₁)P(k₁,k₂)… against observed`,
      yLabel: 'share of the excursions',
      groups: routeBars,
    },
    againstEtaPlot(
      `${options.statistic} ${options.from}${options.to !== undefined ? ` → ${options.to}` : ''} against η (two-stage estimator)`,
      options.statistic === 'excursion' ? 'probability' : options.statistic === 'holding' ? 'holding time (λ* units)' : options.statistic === 'rate' ? 'rate (λ* units)' : 'share of the class time',
      'observed (CI)',
      'limit',
      points,
      predicted,
    ),
  ];
  return {
    points,
    observation: {
      estimate: last.estimate,
      ci: last.ci,
      // No standard error when only bounds are known (stage-1 exits censored): the verdict then reads the CI alone.
      ...(Number.isFinite(last.standardError) ? { standardError: last.standardError } : {}),
      details: {
        statistic: options.statistic,
        predictedExcursion: theory.excursion[options.from - 1],
        points,
        trend,
        estimator: 'two-stage (strong Markov): runExit from the widest minimum, then K replicates per landing through sharp basins until a widest ε-ball is visited',
      },
      plots,
      requirements,
    },
  };
}
