/**
 * An independent Monte Carlo estimator of the Theorem 1 constants q_k, q_{k,l} (THEORY.md §5; ICLR
 * Thm 1, μ_k = ν_α^{l*} × Leb^{l*−1}), to cross-check the quadrature of constants.ts.
 *
 * What is shared with the quadrature: the side decomposition and the closed-form mass of the last
 * jump (`lastJumpMasses`, itself tested against the l* = 1 oracle). What is not: the flow is solved
 * in time (RK4 on dx/dt = −f'(x), then cubic Hermite interpolation), not by the substitution
 * dt = dy/|f'(y)|; jumps are drawn, not integrated. Importance sampling: jump i is drawn from ν
 * restricted to the sizes that can still finish (u ≥ d − (l*−i)b − a, including the clipping
 * atom at b; defensive mixture below), and each flow time uniformly on [0, T], T the time for the flow to reach the
 * lowest position from which the remaining jumps can finish. The weight is the product of those
 * masses and times, times the exact mass of the last jump: an unbiased estimator of μ.
 */
import { openStream, type StreamLabel } from '../rng/seeds.ts';
import { checkInteger } from '../core/guards.ts';
import { jumpsNeeded, type TheoryLandscape } from './geometry.ts';
import { lastJumpMasses, sideProblems, type SideProblem } from './constants.ts';

/** A Monte Carlo estimate with its standard error, per component. */
export interface MonteCarloConstant {
  /** 1-based basin. */
  readonly basin: number;
  /** Estimate of q_k. */
  readonly exitRate: number;
  /** Standard error of `exitRate`. */
  readonly standardError: number;
  /** Estimates of q_{k,l}, index l − 1. */
  readonly exitRateByTarget: readonly number[];
  /** Standard errors of `exitRateByTarget`. */
  readonly standardErrorByTarget: readonly number[];
  readonly samples: number;
  readonly seed: StreamLabel['seed'];
  readonly path: string;
}

/** The flow toward m as a time table: distance a(t) from m, decreasing, from a0 down to aEnd. */
interface FlowTable {
  t: number[];
  a: number[];
}

export function flowTable(side: SideProblem, a0: number, aEnd: number): FlowTable {
  // da/dt = −|f'(m + dir·a)| on (0, d): RK4 with a step bounded by 1% of the local time scale a/|f'|.
  const v = (a: number) => -side.slope(a);
  const t = [0];
  const a = [a0];
  let x = a0;
  let time = 0;
  while (x > aEnd) {
    const speed = Math.abs(v(x));
    const h = Math.min((0.01 * Math.min(x, side.distance - x)) / speed, (0.01 * side.distance) / speed);
    const k1 = v(x);
    const k2 = v(x + 0.5 * h * k1);
    const k3 = v(x + 0.5 * h * k2);
    const k4 = v(x + h * k3);
    x += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    time += h;
    t.push(time);
    a.push(x);
  }
  return { t, a };
}

/** Time at which the flow passes distance y (a0 ≥ y ≥ aEnd): bisection + cubic Hermite inverse. */
export function timeAt(table: FlowTable, side: SideProblem, y: number): number {
  const { t, a } = table;
  let lo = 0;
  let hi = a.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (a[mid] > y) lo = mid;
    else hi = mid;
  }
  // Newton on the Hermite cubic of segment [lo, hi] for a(τ) = y.
  const h = t[hi] - t[lo];
  const d0 = -side.slope(a[lo]);
  const d1 = -side.slope(a[hi]);
  let s = (a[lo] - y) / (a[lo] - a[hi] || 1);
  for (let it = 0; it < 8; it++) {
    const h00 = 2 * s ** 3 - 3 * s ** 2 + 1,
      h10 = s ** 3 - 2 * s ** 2 + s,
      h01 = -2 * s ** 3 + 3 * s ** 2,
      h11 = s ** 3 - s ** 2;
    const val = h00 * a[lo] + h10 * h * d0 + h01 * a[hi] + h11 * h * d1 - y;
    const der =
      (6 * s ** 2 - 6 * s) * a[lo] +
      (3 * s ** 2 - 4 * s + 1) * h * d0 +
      (-6 * s ** 2 + 6 * s) * a[hi] +
      (3 * s ** 2 - 2 * s) * h * d1;
    if (der === 0) break;
    s -= val / der;
  }
  return t[lo] + s * h;
}

/** Position at time τ on the table (cubic Hermite). */
export function positionAt(table: FlowTable, side: SideProblem, tau: number): number {
  const { t, a } = table;
  let lo = 0;
  let hi = t.length - 1;
  if (tau >= t[hi]) return a[hi];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= tau) lo = mid;
    else hi = mid;
  }
  const h = t[hi] - t[lo];
  const s = (tau - t[lo]) / h;
  const d0 = -side.slope(a[lo]);
  const d1 = -side.slope(a[hi]);
  return (
    (2 * s ** 3 - 3 * s ** 2 + 1) * a[lo] +
    (s ** 3 - 2 * s ** 2 + s) * h * d0 +
    (-2 * s ** 3 + 3 * s ** 2) * a[hi] +
    (s ** 3 - s ** 2) * h * d1
  );
}

/** Sums of weights and squared weights per component for one side. */
function sampleSide(
  side: SideProblem,
  samples: number,
  label: StreamLabel,
  sum: Float64Array,
  sumSq: Float64Array,
): void {
  const comps = side.bins.length + 1;
  const { distance: d, jumps: l, truncation: b, tailIndex: alpha, weight: p } = side;
  if (jumpsNeeded(d, b) !== l || l === Infinity) return;
  const last = new Float64Array(comps);
  if (l === 1) {
    lastJumpMasses(side, 0, last);
    for (let c = 0; c < comps; c++) {
      sum[c] += samples * last[c];
      sumSq[c] += samples * last[c] * last[c];
    }
    return;
  }
  const eps = l * b - d;
  if (!(eps > 1e-12 * b) || !(d - (l - 1) * b > 1e-12 * b)) return;
  const table = flowTable(side, (l - 1) * b, d - (l - 1) * b);
  const rng = openStream(label);
  const acc = new Float64Array(comps);
  for (let s = 0; s < samples; s++) {
    let a = 0;
    let w = 1;
    acc.fill(0);
    for (let i = 1; i < l && w > 0; i++) {
      const lower = d - (l - i) * b; // lowest position from which l − i jumps can still finish
      const uLo = lower - a;
      // Defensive mixture proposal: the atom at b, ν restricted to [uLo, b), or a uniform size on
      // [uLo, b), a third each. The integrand grows with u (longer flow stretches ahead) while ν's
      // density falls, so ν alone wastes draws; the ν component keeps the weights bounded.
      const pick = rng.nextUniform();
      const massLo = Math.pow(uLo, -alpha) - Math.pow(b, -alpha);
      let u: number;
      // From m (i = 1) uLo = δ is fixed and the uniform weights are bounded: no ν component there.
      const shareNu = i === 1 ? 0 : 1 / 3;
      if (pick < 1 / 3) {
        u = b;
        w *= 3 * p * Math.pow(b, -alpha);
      } else {
        if (pick < 1 / 3 + shareNu) u = Math.pow(Math.pow(uLo, -alpha) - rng.nextUniform() * massLo, -1 / alpha);
        else u = uLo + (b - uLo) * rng.nextUniform();
        const target = alpha * p * Math.pow(u, -alpha - 1);
        const proposal = ((alpha * Math.pow(u, -alpha - 1)) / massLo) * shareNu + (2 / 3 - shareNu) / (b - uLo);
        w *= target / proposal;
      }
      const y = a + u;
      if (y >= d) {
        w = 0; // an earlier exit: impossible for minimal l* (kept as a guard)
        break;
      }
      const t0 = timeAt(table, side, y);
      const span = timeAt(table, side, lower) - t0;
      if (i < l - 1) {
        w *= span;
        // The first flow time is stratified over samples (stratum s mod 16), a variance reduction
        // whose plain variance formula overestimates the error (the safe side). Only the first:
        // the same stratum in two coordinates would sample a diagonal and bias the estimate.
        const v = i === 1 ? ((s % STRATA) + rng.nextUniform()) / STRATA : rng.nextUniform();
        a = positionAt(table, side, t0 + v * span);
        continue;
      }
      // The last flow stretch is integrated in time (composite Gauss–Legendre, conditional
      // expectation over the last flow time): it removes the largest share of the variance.
      for (let pnl = 0; pnl < TIME_PANELS; pnl++) {
        const lo = t0 + (span * pnl) / TIME_PANELS;
        const half = span / TIME_PANELS / 2;
        for (let g = 0; g < GL_X.length; g++) {
          lastJumpMasses(side, positionAt(table, side, lo + half * (1 + GL_X[g])), last);
          for (let c = 0; c < comps; c++) acc[c] += half * GL_W[g] * last[c];
        }
      }
    }
    if (w === 0) continue;
    for (let c = 0; c < comps; c++) {
      const x = w * acc[c];
      sum[c] += x;
      sumSq[c] += x * x;
    }
  }
}

const TIME_PANELS = 4;
const STRATA = 16;
// 8-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_X = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498,
  0.525532409916329, 0.7966664774136267, 0.9602898564975363,
];
const GL_W = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873,
  0.2223810344533745, 0.1012285362903763,
];

/**
 * Monte Carlo estimates of q_k and q_{k,l} for basin k (THEORY.md §5), `samples` weighted paths per
 * side drawn from the stream `{seed, path}` (forked per side). Deterministic given the label.
 * @param truncation b in (0, ∞]; @param samples ≥ 1.
 * @throws InputError when `samples` is not a positive integer.
 */
export function estimateExitConstantsMonteCarlo(
  landscape: TheoryLandscape,
  basin: number,
  truncation: number,
  tailIndex: number,
  pPlus: number,
  samples: number,
  label: StreamLabel,
): MonteCarloConstant {
  checkInteger('estimateExitConstantsMonteCarlo', 'samples', samples);
  const n = landscape.minima.length;
  let exit = 0;
  let exitVar = 0;
  const byTarget = new Array<number>(n).fill(0);
  const byTargetVar = new Array<number>(n).fill(0);
  for (const side of sideProblems(landscape, basin, truncation, tailIndex, pPlus)) {
    const comps = side.bins.length + 1;
    const sum = new Float64Array(comps);
    const sumSq = new Float64Array(comps);
    sampleSide(side, samples, { seed: label.seed, path: `${label.path}/side${side.direction}` }, sum, sumSq);
    const mean = (c: number) => sum[c] / samples;
    const variance = (c: number) => Math.max(0, sumSq[c] / samples - mean(c) ** 2) / samples;
    exit += mean(0);
    exitVar += variance(0);
    side.bins.forEach((bin, c) => {
      byTarget[bin.target - 1] += mean(c + 1);
      byTargetVar[bin.target - 1] += variance(c + 1);
    });
  }
  return {
    basin,
    exitRate: exit,
    standardError: Math.sqrt(exitVar),
    exitRateByTarget: byTarget,
    standardErrorByTarget: byTargetVar.map(Math.sqrt),
    samples,
    seed: label.seed,
    path: label.path,
  };
}
