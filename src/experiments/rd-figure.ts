/**
 * The 2-D figure of issue 16 §8 (cf. ICLR 2022 Fig. 3): the Himmelblau variant's landscape with its
 * four basins (computed on a grid with the gradient flow, src/model/rd/grid-basins.ts) and sample
 * paths of SGD from the paper's start (2.9, 1.0) with isotropic Pareto noise, clipped at b = 2.15
 * against unclipped. Each panel's title gives the share of steps its paths spent in the sharp basins
 * Ω₃ ∪ Ω₄, as mean ± s.e. over independent paths (path 0 is the one drawn).
 *
 * Same seed → same figure: the paths use the simulator's seeding (stream `rd-figure/<b>/<η>`).
 */
import { HIMMELBLAU_RUN, himmelblauVariant } from '../model/rd/himmelblau.ts';
import { runTrajectoryRd } from '../sim/rd/run.ts';
import type { Seed } from '../rng/seeds.ts';
import type { Landscape2dPlotSpec } from '../verify/types.ts';

export interface HimmelblauFigureOptions {
  /** η. @default 0.004 */
  stepSize?: number;
  /** Steps per path. @default 1_000_000 */
  steps?: number;
  /** Paths per panel (the share's error bar); path 0 is drawn. @default 4 */
  paths?: number;
  /** @default 1 */
  seed?: Seed;
  /** Grid cells per side for the basins and shading. @default 81 */
  resolution?: number;
  /** Points of the drawn path (the figure draws at most 2500). @default 2500 */
  points?: number;
}

/** What the figure measured, besides the spec. */
export interface HimmelblauFigure {
  readonly plot: Landscape2dPlotSpec;
  readonly shares: readonly { truncation: number; share: number; standardError: number }[];
  readonly seconds: number;
}

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/** Computes the figure (2·paths·steps chain steps plus the basin grid; ~2·10⁶ steps/s on one core). */
export function himmelblauFigure(options: HimmelblauFigureOptions = {}): HimmelblauFigure {
  const t0 = performance.now();
  const stepSize = options.stepSize ?? 0.004;
  const steps = options.steps ?? 1_000_000;
  const paths = options.paths ?? 4;
  const seed = options.seed ?? 1;
  const resolution = options.resolution ?? 81;
  const points = options.points ?? 2500;
  const land = himmelblauVariant(resolution);
  const L = land.ball;
  const h = (2 * L) / resolution;
  const labels: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < resolution; j++)
    for (let i = 0; i < resolution; i++) {
      const x = -L + (i + 0.5) * h;
      const y = -L + (j + 0.5) * h;
      const out = Math.hypot(x, y) > L;
      labels.push(out ? 0 : land.grid.labels[i + resolution * j]);
      values.push(out ? 0 : land.value([x, y]));
    }
  const thin = Math.max(1, Math.floor(steps / points));
  const panels: Landscape2dPlotSpec['panels'][number][] = [];
  const shares: HimmelblauFigure['shares'][number][] = [];
  for (const truncation of [HIMMELBLAU_RUN.truncation, Infinity]) {
    const r = runTrajectoryRd({
      landscape: land,
      noise: { kind: 'pareto', tailIndex: HIMMELBLAU_RUN.tailIndex, scale: HIMMELBLAU_RUN.noiseScale, dimension: 2 },
      stepSize,
      truncation,
      seed,
      path: `rd-figure/${truncation}/${stepSize}`,
      start: HIMMELBLAU_RUN.start,
      paths,
      steps,
      thin,
    });
    const per = r.perPath.map((p) => p[3] + p[4]);
    const share = per.reduce((a, b) => a + b, 0) / per.length;
    const se =
      per.length > 1 ? Math.sqrt(per.reduce((a, b) => a + (b - share) ** 2, 0) / (per.length - 1) / per.length) : NaN;
    shares.push({ truncation, share, standardError: se });
    const xs: number[] = [HIMMELBLAU_RUN.start[0]];
    const ys: number[] = [HIMMELBLAU_RUN.start[1]];
    for (let k = 0; k + 1 < r.sample.length; k += 2) {
      xs.push(r.sample[k]);
      ys.push(r.sample[k + 1]);
    }
    const b = truncation === Infinity ? 'no clipping (b = ∞)' : `clipped, b = ${truncation}`;
    panels.push({
      title: `${b}: ${fmt(100 * share)}% ± ${fmt(100 * se)}% of steps in Ω_3 ∪ Ω_4`,
      x: xs,
      y: ys,
      start: [HIMMELBLAU_RUN.start[0], HIMMELBLAU_RUN.start[1]],
    });
  }
  const m = land.minima;
  const plot: Landscape2dPlotSpec = {
    kind: 'landscape2d',
    title: `Himmelblau variant: basins and one SGD path each, η = ${stepSize}, ${steps.toExponential().replace('e+', '·10^{')}} steps, Pareto α = ${HIMMELBLAU_RUN.tailIndex} noise (cf. ICLR 2022 Fig. 3; share over ${paths} paths)`,
    ball: L,
    resolution,
    labels,
    values,
    basinNames: ['Ω_1 (wide)', 'Ω_2 (wide)', 'Ω_3 (sharp)', 'Ω_4 (sharp)'],
    minima: m.map((s, k) => ({
      x: s.point[0],
      y: s.point[1],
      ...(s.segmentEnd ? { x2: s.segmentEnd[0], y2: s.segmentEnd[1] } : {}),
      label: `Ω_${k + 1}`,
    })),
    panels,
  };
  return { plot, shares, seconds: (performance.now() - t0) / 1000 };
}
