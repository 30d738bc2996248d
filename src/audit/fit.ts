/**
 * Binned maximum-likelihood fits of a noise family to one-step data, for the audit's
 * likelihood-ratio tests. The data are counts of Ẑ = g + Δ/η in fixed cells (K inner cells between
 * ±T, equiprobable under the claim, and two outer cells); the binned deviance
 * G(θ) = 2 Σ O log(O / (n p_j(θ))) is minimised by Nelder–Mead over the family's free parameters in
 * an unconstrained parametrisation. Binning makes one routine serve every law the model layer
 * knows (only its exact CDF is needed) and keeps clipping out of the fit (cells stop inside the clip).
 */
import { createNoiseLaw } from '../model/noise.ts';
import type { NoiseKind, NoiseLaw, NoiseSpec } from '../model/types.ts';

/** The noise parameters the audit can estimate, named as the claims are. */
export type NoiseParam = 'tailIndex' | 'noiseScale' | 'pPlus';

/** Free parameters of each family. */
export function familyParams(kind: NoiseKind): NoiseParam[] {
  if (kind === 'lomax') return ['tailIndex', 'noiseScale', 'pPlus'];
  if (kind === 'gaussian') return ['noiseScale'];
  return ['tailIndex', 'noiseScale'];
}

/** Parameter values of a spec, by name. */
export function paramValues(spec: NoiseSpec): Record<NoiseParam, number> {
  return {
    tailIndex: 'tailIndex' in spec ? spec.tailIndex : NaN,
    noiseScale: spec.scale,
    pPlus: spec.kind === 'lomax' ? (spec.pPlus ?? 0.5) : 0.5,
  };
}

function withParams(kind: NoiseKind, v: Record<NoiseParam, number>): NoiseSpec {
  if (kind === 'gaussian') return { kind, scale: v.noiseScale };
  if (kind === 'lomax') return { kind, tailIndex: v.tailIndex, scale: v.noiseScale, pPlus: v.pPlus };
  return { kind, tailIndex: v.tailIndex, scale: v.noiseScale };
}

function toFree(kind: NoiseKind, p: NoiseParam, value: number): number {
  if (p === 'noiseScale') return Math.log(value);
  if (p === 'pPlus') return Math.log(value / (1 - value));
  return kind === 'stable' ? Math.log((value - 1) / (2 - value)) : Math.log(value - 1);
}

function fromFree(kind: NoiseKind, p: NoiseParam, u: number): number {
  if (p === 'noiseScale') return Math.exp(u);
  if (p === 'pPlus') return 1 / (1 + Math.exp(-u));
  return kind === 'stable' ? 1 + 1 / (1 + Math.exp(-u)) : 1 + Math.exp(u);
}

/** P(|Z| > z) = q solved for z ≥ 0 by bisection (q in (0, 1)). */
export function absQuantileAbove(law: NoiseLaw, q: number): number {
  let lo = 0;
  let hi = law.scale;
  while (law.tail(hi) > q) hi *= 2;
  for (let i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (law.tail(mid) > q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Cell edges: −∞, −T, K − 1 inner edges equiprobable under `law` on [−T, T] (or [lo, hi]), T, +∞. */
export function cellEdges(law: NoiseLaw, lo: number, hi: number, inner: number): number[] {
  const flo = law.cdf(lo);
  const fhi = law.cdf(hi);
  const edges = [-Infinity, lo];
  for (let j = 1; j < inner; j++) {
    const target = flo + ((fhi - flo) * j) / inner;
    let a = lo;
    let b = hi;
    for (let i = 0; i < 80; i++) {
      const m = 0.5 * (a + b);
      if (law.cdf(m) < target) a = m;
      else b = m;
    }
    edges.push(0.5 * (a + b));
  }
  edges.push(hi, Infinity);
  return edges;
}

/** Counts of `values` in the cells delimited by `edges` (right-closed cells, binary search). */
export function countCells(values: ArrayLike<number>, edges: number[]): Float64Array {
  const counts = new Float64Array(edges.length - 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let a = 0;
    let b = edges.length - 1;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (v <= edges[m]) b = m;
      else a = m;
    }
    counts[a]++;
  }
  return counts;
}

/** Cell probabilities of `law` (outer cells from the accurate tails). */
export function cellProbabilities(law: NoiseLaw, edges: number[]): Float64Array {
  const k = edges.length - 1;
  const p = new Float64Array(k);
  p[0] = law.lowerTail(-edges[1]);
  p[k - 1] = law.upperTail(edges[k - 1]);
  for (let j = 1; j < k - 1; j++) p[j] = law.cdf(edges[j + 1]) - law.cdf(edges[j]);
  return p;
}

/** Binned deviance G = 2 Σ O log(O / (n p)) (0 log 0 = 0; an impossible observed cell gives Infinity). */
export function deviance(counts: Float64Array, probs: Float64Array): number {
  let n = 0;
  for (let j = 0; j < counts.length; j++) n += counts[j];
  let g = 0;
  for (let j = 0; j < counts.length; j++) {
    const o = counts[j];
    if (o === 0) continue;
    const e = n * probs[j];
    if (!(e > 0)) return Infinity;
    g += o * Math.log(o / e);
  }
  return 2 * g;
}

/** Binned one-step data of one probe: counts in fixed cells. */
export interface BinnedSample {
  edges: number[];
  counts: Float64Array;
}

/** Result of {@link fitFamily}. */
export interface FamilyFit {
  /** Parameter values at the minimum (fixed ones at their fixed values). */
  values: Record<NoiseParam, number>;
  /** Σ over samples of the deviance at the minimum. */
  deviance: number;
  evaluations: number;
}

/**
 * Minimises Σ_s G_s(θ) over the family's parameters not in `fixed` (which keep the values of
 * `start`), starting from `start`.
 */
export function fitFamily(samples: BinnedSample[], start: NoiseSpec, fixed: NoiseParam[] = []): FamilyFit {
  const kind = start.kind;
  const base = paramValues(start);
  const free = familyParams(kind).filter((p) => !fixed.includes(p));
  let evaluations = 0;
  const valuesAt = (u: number[]): Record<NoiseParam, number> => {
    const v = { ...base };
    free.forEach((p, i) => (v[p] = fromFree(kind, p, u[i])));
    return v;
  };
  const objective = (u: number[]): number => {
    evaluations++;
    if (u.some((x) => !Number.isFinite(x) || Math.abs(x) > 30)) return Infinity;
    let law: NoiseLaw;
    try {
      law = createNoiseLaw(withParams(kind, valuesAt(u)));
    } catch {
      return Infinity;
    }
    let g = 0;
    for (const s of samples) g += deviance(s.counts, cellProbabilities(law, s.edges));
    return Number.isFinite(g) ? g : Infinity;
  };
  const u0 = free.map((p) => toFree(kind, p, base[p]));
  const best = nelderMead(objective, u0);
  return { values: valuesAt(best.x), deviance: best.f, evaluations };
}

/** Nelder–Mead (standard coefficients) with restarts until the minimum stops moving. */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: { step?: number; tol?: number; maxEval?: number } = {},
): { x: number[]; f: number } {
  const d = x0.length;
  if (d === 0) return { x: [], f: f([]) };
  const { step = 0.4, tol = 1e-9, maxEval = 400 * d } = opts;
  let x = x0.slice();
  let fx = f(x);
  for (let restart = 0; restart < 4; restart++) {
    let simplex = [x.slice()];
    let values = [fx];
    for (let i = 0; i < d; i++) {
      const p = x.slice();
      p[i] += step / (restart + 1);
      simplex.push(p);
      values.push(f(p));
    }
    for (let it = 0; it < maxEval; it++) {
      const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
      simplex = order.map((i) => simplex[i]);
      values = order.map((i) => values[i]);
      if (Math.abs(values[d] - values[0]) <= tol * (1 + Math.abs(values[0]))) break;
      const centroid = new Array(d).fill(0);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] += simplex[i][j] / d;
      const along = (t: number) => centroid.map((c, j) => c + t * (simplex[d][j] - c));
      const xr = along(-1);
      const fr = f(xr);
      if (fr < values[0]) {
        const xe = along(-2);
        const fe = f(xe);
        if (fe < fr) [simplex[d], values[d]] = [xe, fe];
        else [simplex[d], values[d]] = [xr, fr];
      } else if (fr < values[d - 1]) {
        [simplex[d], values[d]] = [xr, fr];
      } else {
        const xc = fr < values[d] ? along(-0.5) : along(0.5);
        const fc = f(xc);
        if (fc < Math.min(fr, values[d])) [simplex[d], values[d]] = [xc, fc];
        else {
          for (let i = 1; i <= d; i++) {
            simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
            values[i] = f(simplex[i]);
          }
        }
      }
    }
    const bi = values.indexOf(Math.min(...values));
    const moved = values[bi] < fx - 1e-7 * (1 + Math.abs(fx));
    x = simplex[bi];
    fx = values[bi];
    if (!moved && restart > 0) break;
  }
  return { x, f: fx };
}
