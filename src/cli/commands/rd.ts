/**
 * The R^d branch of `htsgd simulate` and `htsgd theory` (issue 16): taken when `--dimension` ≥ 2 is
 * given or `--landscape` names an R^d landscape (`himmelblau`, `hook`, a .js/.mjs/.ts module
 * exporting `gradient(x, out)`, `minima`, `ball`). Points are comma lists (`--start 2.9,1.0`) or JSON
 * arrays (`--start '[2.9, 1.0]'`); `--noise-direction isotropic | FILE` (a JSON file
 * `{"directions": [[1, 0], [-1, 0]], "weights": [1, 1]}`, centred). Noise laws: `pareto`, `lomax`,
 * `student-t` (multivariate). Same flag errors as the 1-D commands (one line, exit code 2).
 */
import { readFileSync } from 'node:fs';
import { InputError, invalidOption } from '../../core/errors.ts';
import {
  createNoiseLawRd,
  resolveLandscapeRd,
  type DirectionSpec,
  type LandscapeRd,
  type NoiseSpecRd,
} from '../../model/rd/index.ts';
import { runExitRd, runTrajectoryRd } from '../../sim/rd/index.ts';
import { censoringWarning, exitEstimate } from '../exit-estimate.ts';
import { leadingOrderOccupancy, predictedMeanExitStepsRd, theoryReportRd } from '../../theory/rd/index.ts';
import { parseNumberFlag, parseSeed, parseStepSize, parseTruncation } from '../options.ts';

export interface RdFlags {
  landscape?: string;
  dimension?: string;
  noise?: string;
  noiseDirection?: string;
  tailIndex?: string;
  noiseScale?: string;
  truncation?: string;
  stepSize?: string;
  seed?: string;
  json?: boolean;
  basin?: string;
  start?: string;
  maxSteps?: string;
  chains?: string;
  paths?: string;
  steps?: string;
  epsilon?: string;
  monteCarlo?: string;
}

const RD_NAMES = new Set(['himmelblau', 'hook']);

/** Whether the flags ask for the R^d branch. */
export function isRdRequest(flags: { landscape?: string; dimension?: string }): boolean {
  if (flags.dimension !== undefined && flags.dimension !== '1') return true;
  const name = flags.landscape ?? '';
  return RD_NAMES.has(name) || /\.(m?js|m?ts)$/i.test(name);
}

/** A point from a comma list or a JSON array. */
export function parsePoint(flag: string, raw: string | undefined, dimension: number): number[] {
  const domain = `${dimension} numbers as a comma list (2.9,1.0) or a JSON array ([2.9, 1.0])`;
  if (raw === undefined || raw.trim() === '') throw invalidOption('htsgd', `--${flag}`, domain, raw ?? '(missing)');
  let values: unknown;
  try {
    values = raw.trim().startsWith('[')
      ? JSON.parse(raw)
      : raw.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  } catch {
    throw invalidOption('htsgd', `--${flag}`, domain, raw);
  }
  if (
    !Array.isArray(values) ||
    values.length !== dimension ||
    values.some((v) => typeof v !== 'number' || !Number.isFinite(v))
  ) {
    throw invalidOption('htsgd', `--${flag}`, domain, raw);
  }
  return values as number[];
}

async function landscapeFromFlags(flags: RdFlags): Promise<LandscapeRd> {
  const land = await resolveLandscapeRd(flags.landscape ?? 'himmelblau');
  if (flags.dimension !== undefined) {
    const d = parseNumberFlag('dimension', flags.dimension, {
      min: 1,
      max: 64,
      integer: true,
      domain: 'an integer ≥ 1',
    });
    if (d !== land.dimension)
      throw invalidOption('htsgd', '--dimension', `the landscape's dimension ${land.dimension}`, flags.dimension);
  }
  return land;
}

function noiseFromFlags(flags: RdFlags, dimension: number): NoiseSpecRd {
  const kind = flags.noise ?? 'pareto';
  const scale = parseNumberFlag('noise-scale', flags.noiseScale ?? '0.75', {
    min: 0,
    openMin: true,
    domain: 'a positive number',
  });
  const tailIndex = parseNumberFlag('tail-index', flags.tailIndex ?? '1.2', {
    min: 1,
    openMin: true,
    domain: 'a number > 1',
  });
  if (kind === 'student-t') return { kind, tailIndex, scale, dimension };
  if (kind !== 'pareto' && kind !== 'lomax')
    throw invalidOption('htsgd', '--noise', "one of 'pareto', 'lomax', 'student-t' in R^d", kind);
  let direction: DirectionSpec = { kind: 'isotropic' };
  const dir = flags.noiseDirection ?? 'isotropic';
  if (dir !== 'isotropic') {
    let parsed: { directions?: unknown; weights?: unknown };
    try {
      parsed = JSON.parse(readFileSync(dir, 'utf8')) as typeof parsed;
    } catch (e) {
      throw new InputError(
        'ERR_LOAD',
        `htsgd: cannot read --noise-direction ${JSON.stringify(dir)}: ${(e as Error).message}.`,
        { api: 'htsgd', option: '--noise-direction' },
      );
    }
    direction = { kind: 'finite', directions: parsed.directions as number[][], weights: parsed.weights as number[] };
  }
  return { kind, tailIndex, scale, dimension, direction };
}

function optInt(flag: string, raw: string | undefined, fallback: number): number {
  return raw === undefined
    ? fallback
    : parseNumberFlag(flag, raw, { min: 1, integer: true, domain: 'a positive integer' });
}

/** `htsgd simulate exit|trajectory` in R^d. */
export async function simulateRd(sub: 'exit' | 'trajectory', flags: RdFlags): Promise<void> {
  const land = await landscapeFromFlags(flags);
  const noise = noiseFromFlags(flags, land.dimension);
  createNoiseLawRd(noise);
  const common = {
    landscape: land,
    noise,
    stepSize: parseStepSize(flags.stepSize),
    truncation: parseTruncation(flags.truncation),
    seed: parseSeed(flags.seed),
  };
  if (sub === 'exit') simulateExitRd(common, flags);
  else simulateTrajectoryRd(common, flags);
}

type CommonRd = {
  landscape: LandscapeRd;
  noise: NoiseSpecRd;
  stepSize: number;
  truncation: number;
  seed: number | string;
};

function simulateExitRd(common: CommonRd, flags: RdFlags): void {
  const land = common.landscape;
  const basin = parseNumberFlag('basin', flags.basin ?? '1', {
    min: 1,
    max: land.minima.length,
    integer: true,
    domain: `an integer in [1, ${land.minima.length}]`,
  });
  const start = flags.start === undefined ? undefined : parsePoint('start', flags.start, land.dimension);
  const r = runExitRd({
    ...common,
    basin,
    start,
    chains: optInt('chains', flags.chains, 1000),
    maxSteps: optInt('max-steps', flags.maxSteps, 10_000_000),
  });
  const { stepSize, truncation } = common;
  // As in 1-D (issue 15 §1): the same censoring-aware estimate and warning as `simulate exit`.
  const e = exitEstimate(r);
  const exited = e.exited;
  const out = {
    landscape: r.landscape,
    basin: r.basin,
    start: r.start,
    stepSize,
    truncation: String(truncation),
    chains: r.chains,
    meanExitSteps: e.mean,
    meanExitStepsCi: e.ci,
    meanExitStepsLowerBound: e.meanLowerBound,
    estimator: e.method,
    naiveMeanOfExited: e.naiveMeanOfExited,
    censored: r.censored,
    censoredFraction: e.censoredFraction,
    landing: exited > 0 ? r.landing : null,
    totalSteps: r.totalSteps,
    seconds: r.seconds,
    seed: r.seed,
    path: r.path,
  };
  const warning = censoringWarning(r, e);
  if (warning) process.stderr.write(`${warning}\n`);
  const mean =
    e.mean !== null
      ? `${e.mean.toPrecision(4)}, 95% CI [${e.ci[0].toPrecision(4)}, ${e.ci[1] === null ? '∞' : e.ci[1].toPrecision(4)}] (censored-exponential MLE)`
      : `> ${e.ci[0].toPrecision(4)} (95% lower bound; all ${r.chains} chains censored)`;
  const landing = exited > 0 ? r.landing.map((v) => v.toFixed(3)).join(' ') : 'n/a (no chain exited)';
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(out, null, 2)}\n`
      : `${r.landscape}, basin ${r.basin} from [${r.start.join(', ')}]: mean exit steps ${mean} (${r.chains} chains, ${r.censored} censored); landing by basin among exited (0 = outside) ${landing}\n`,
  );
}

function simulateTrajectoryRd(common: CommonRd, flags: RdFlags): void {
  const land = common.landscape;
  const start = parsePoint('start', flags.start, land.dimension);
  const epsilon =
    flags.epsilon === undefined
      ? 0.1
      : parseNumberFlag('epsilon', flags.epsilon, { min: 0, openMin: true, domain: 'a positive number' });
  const r = runTrajectoryRd({
    ...common,
    start,
    epsilon,
    paths: optInt('paths', flags.paths, 4),
    steps: optInt('steps', flags.steps, 1_000_000),
  });
  const out = {
    landscape: r.landscape,
    stepSize: common.stepSize,
    truncation: String(common.truncation),
    paths: r.paths,
    steps: r.steps,
    occupancy: r.occupancy,
    transitions: r.transitions,
    totalSteps: r.totalSteps,
    seconds: r.seconds,
    seed: r.seed,
    path: r.path,
  };
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(out, null, 2)}\n`
      : `${r.landscape}: occupancy by basin (0 = outside) ${r.occupancy.map((v) => v.toFixed(4)).join(' ')}; transitions ${JSON.stringify(r.transitions)}\n`,
  );
}

/** `htsgd theory` in R^d (planar landscapes): J_b, γ, q, G, generator, stationary law. */
export async function theoryRd(flags: RdFlags): Promise<void> {
  const land = await landscapeFromFlags(flags);
  const noise = noiseFromFlags(flags, land.dimension);
  const law = createNoiseLawRd(noise);
  const truncation = parseTruncation(flags.truncation);
  if (truncation === Infinity)
    throw invalidOption(
      'htsgd',
      '--truncation',
      'a positive number (the R^d theory needs b < ∞)',
      flags.truncation ?? 'none',
    );
  const samples = optInt('monte-carlo', flags.monteCarlo, 4000);
  const r = theoryReportRd({ seed: parseSeed(flags.seed), path: 'theory-rd' }, land, law, truncation, {
    constants: { samples },
  });
  const stepSize = flags.stepSize === undefined ? null : parseStepSize(flags.stepSize);
  const basins = r.basins.map((b) => ({
    basin: b.basin,
    minimum: b.minimum,
    radius: b.radius,
    radiusJumps: b.reach.radiusJumps,
    jumpsNeeded: b.jumpsNeeded,
    certified: b.reach.certified,
    exitExponent: b.exitExponent,
    exitRate: b.constants.exitRate,
    exitRateError: b.constants.standardError,
    exitRateByTarget: b.constants.exitRateByTarget,
    predictedMeanExitSteps:
      stepSize === null ? null : predictedMeanExitStepsRd(b.constants.exitRate, b.jumpsNeeded, law, stepSize),
  }));
  const out = {
    landscape: land.name,
    dimension: land.dimension,
    ball: land.ball,
    truncation,
    basins,
    widest: r.widest,
    graph: { edges: r.graph.edges, irreducible: r.graph.irreducible },
    generators: r.generators,
    occupancy: stepSize === null ? null : leadingOrderOccupancy(r, law, stepSize),
    warnings: r.warnings,
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const lines = [
    `landscape ${land.name} (d = ${land.dimension}, ball ${land.ball}), b = ${truncation}, noise ${noise.kind}(α=${law.tailIndex}, c=${law.scale})`,
  ];
  for (const b of basins) {
    lines.push(
      `basin ${b.basin}: minimum [${b.minimum.map((v) => v.toFixed(3)).join(', ')}], r = ${b.radius.toFixed(3)}, ⌈r/b⌉ = ${b.radiusJumps}, J_b = ${b.jumpsNeeded}${b.certified ? '' : ' (not certified)'}, γ = ${b.exitExponent}, q = ${b.exitRate.toPrecision(4)} ± ${b.exitRateError.toPrecision(2)}${b.predictedMeanExitSteps === null ? '' : `, E σ ≈ ${b.predictedMeanExitSteps.toPrecision(4)}`}`,
    );
  }
  lines.push(
    `widest ${r.widest.map((m) => `m${m}`).join(', ')}; G edges ${r.graph.edges.map(([i, j]) => `m${i}→m${j}`).join(' ')} (${r.graph.irreducible ? 'irreducible' : 'reducible'})`,
  );
  for (const g of r.generators)
    lines.push(
      `stationary on {${g.states.map((m) => `m${m}`).join(', ')}}: ${g.stationary ? g.stationary.map((p) => p.toFixed(4)).join(', ') : '—'}`,
    );
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
