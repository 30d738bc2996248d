/**
 * Graded node grids for the piecewise-linear discretisation of one basin.
 *
 * Why graded: the drift η·f' vanishes at the minimum, where the chain spends almost all its time in a
 * cloud of width ≈ ηc/(α̂·η·f''(m))^{1/α̂} (the stationary scale of the linearised AR(1)
 * X' = (1 − ηκ)X + ηcW with α̂ = min(α, 2)); at η = 0.01 on the paper's landscape that is ~0.01,
 * against a basin of width 1.5. Near a saddle the drift also vanishes and the exit-time function has
 * a boundary layer of the same kind. A uniform grid fine enough for both would be huge, so nodes
 * follow a density: a uniform part plus Cauchy bumps at the minimum and at the saddle ends.
 * The node map is fixed, so a grid of 2N intervals contains the grid of N (nested, for Richardson).
 */
import type { Landscape, NoiseLaw } from '../model/types.ts';

/** Where a basin's nodes go and why. */
export interface BasinGridSpec {
  /** Left end: s_{k−1}, or −L for the first basin. */
  left: number;
  /** Right end: s_k, or +L for the last basin. */
  right: number;
  /** The minimum m_k inside (left, right). */
  minimum: number;
  /** Width of the Cauchy bump at the minimum (length units, > 0). */
  minimumWidth: number;
  /** Width of the bump at the left end, or null when it is the box (no boundary layer there). */
  leftWidth: number | null;
  /** Width of the bump at the right end, or null when it is the box. */
  rightWidth: number | null;
  /**
   * Further layers to refine: with clipping, a clipped jump from x lands exactly at x ∓ b, so the
   * saddle's boundary layer reappears at s_{k−1} + b and s_k − b (the exit-time function is steep
   * there, and an unrefined grid drops the convergence order to 1). @default []
   */
  extra?: Array<{ centre: number; width: number }>;
}

/**
 * Local spread scale ηc/(α̂ηκ)^{1/α̂} of the chain near a critical point with |f''| = κ (see the
 * module note); clamped to [1e-12, width/4] so that degenerate curvature cannot break the grid.
 */
export function localScale(
  stepSize: number,
  noiseScale: number,
  tailIndex: number | null,
  curvature: number,
  width: number,
): number {
  const a = tailIndex === null ? 2 : Math.min(tailIndex, 2);
  const contraction = Math.min(1, a * stepSize * Math.abs(curvature));
  const w = contraction > 0 ? (stepSize * noiseScale) / Math.pow(contraction, 1 / a) : width / 4;
  return Math.min(width / 4, Math.max(1e-12, w));
}

/**
 * Nodes x_0 = left < x_1 < … < x_n = right, x_i = R⁻¹(i/n) where R is the cumulative node density
 * (40% uniform, 40% Cauchy at the minimum, 20% split between the saddle ends that exist).
 * @param spec where the nodes go.
 * @param intervals n ≥ 2, the number of intervals.
 */
export function basinNodes(spec: BasinGridSpec, intervals: number): Float64Array {
  const { left: a, right: b } = spec;
  const bumps: Array<{ centre: number; width: number; weight: number }> = [];
  const ends = [spec.leftWidth, spec.rightWidth].filter((w) => w !== null).length;
  const extra = spec.extra ?? [];
  const uniformWeight = (ends === 0 ? 0.75 : 0.6) - 0.05 * extra.length;
  for (const e of extra) bumps.push({ centre: e.centre, width: e.width, weight: 0.05 });
  bumps.push({ centre: spec.minimum, width: spec.minimumWidth, weight: 0.25 });
  if (spec.leftWidth !== null) bumps.push({ centre: a, width: spec.leftWidth, weight: 0.15 / ends });
  if (spec.rightWidth !== null) bumps.push({ centre: b, width: spec.rightWidth, weight: 0.15 / ends });
  const cum = (x: number): number => {
    let r = (uniformWeight * (x - a)) / (b - a);
    for (const k of bumps) {
      const lo = Math.atan((a - k.centre) / k.width);
      const hi = Math.atan((b - k.centre) / k.width);
      r += (k.weight * (Math.atan((x - k.centre) / k.width) - lo)) / (hi - lo);
    }
    return r;
  };
  const nodes = new Float64Array(intervals + 1);
  nodes[0] = a;
  nodes[intervals] = b;
  for (let i = 1; i < intervals; i++) {
    const target = i / intervals;
    let lo = a;
    let hi = b;
    for (let it = 0; it < 80; it++) {
      const mid = 0.5 * (lo + hi);
      if (cum(mid) < target) lo = mid;
      else hi = mid;
    }
    nodes[i] = 0.5 * (lo + hi);
  }
  return nodes;
}

/** Spacing of the grid at x (the length of the interval containing x). */
export function spacingAt(nodes: Float64Array, x: number): number {
  let i = 1;
  while (i < nodes.length - 1 && nodes[i] < x) i++;
  return nodes[i] - nodes[i - 1];
}

/** The region Ω_k with its ends and the grid spec. */
export function basinRegion(
  landscape: Landscape,
  basin: number,
  stepSize: number,
  law: NoiseLaw,
  truncation = Infinity,
): { spec: BasinGridSpec; leftExit: boolean; rightExit: boolean } {
  const n = landscape.minima.length;
  const L = landscape.box;
  const left = basin === 1 ? -L : landscape.saddles[basin - 2];
  const right = basin === n ? L : landscape.saddles[basin - 1];
  const width = right - left;
  const m = landscape.minima[basin - 1];
  const scale = (x: number) => localScale(stepSize, law.scale, law.tailIndex, landscape.curvature(x), width);
  // Images of every saddle under one clipped jump that fall inside the basin (see BasinGridSpec.extra).
  const extra: Array<{ centre: number; width: number }> = [];
  if (Number.isFinite(truncation)) {
    for (const s of landscape.saddles) {
      for (const c of [s - truncation, s + truncation]) {
        if (c > left + 1e-9 && c < right - 1e-9 && extra.length < 4) extra.push({ centre: c, width: scale(s) });
      }
    }
  }
  return {
    spec: {
      left,
      right,
      minimum: m,
      minimumWidth: scale(m),
      leftWidth: basin === 1 ? null : scale(left),
      rightWidth: basin === n ? null : scale(right),
      extra,
    },
    leftExit: basin > 1,
    rightExit: basin < n,
  };
}
