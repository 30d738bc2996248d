/**
 * `htsgd exact`: the finite-η oracle (issue 7). Mean, spread and side of the first exit from a basin,
 * and optionally the stationary occupancy of every basin, computed by linear algebra from the noise
 * law's exact tails, each with a discretisation error estimate. No randomness, no seed.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { runExit } from '../../sim/run-exit.ts';
import { InputError, invalidOption } from '../../core/errors.ts';
import {
  assessExactExit,
  assessExactOccupancy,
  buildStopLoss,
  DEFAULT_MAX_ERROR,
  DENSE_CELLS,
  describeFinding,
  exactExit,
  exactOccupancy,
  MAX_CELLS,
  type TrustFinding,
} from '../../exact/index.ts';
import { createNoiseLaw } from '../../model/noise.ts';
import {
  exactLimit,
  limitStepSizes,
  runLimitSweep,
  type ExactLimitResult,
  type LimitTask,
} from '../../asymptotics/index.ts';
import { basinScale, theoryReport } from '../../theory/index.ts';
import type { Landscape, NoiseLaw } from '../../model/types.ts';
import { resolveLandscape } from '../../model/landscapes.ts';
import {
  addLandscapeFlags,
  addNoiseFlags,
  landscapeSpecFromFlags,
  noiseSpecFromFlags,
  parseNumberFlag,
  parseSeed,
  parseStepSize,
  parseTruncation,
  parseWorkers,
  type CommonFlags,
} from '../options.ts';

interface ExactFlags extends CommonFlags {
  basin?: string;
  start?: string;
  occupancy?: boolean;
  cells?: string;
  simulateChains?: string;
  grid?: string;
  smallMoves?: string;
  maxError?: string;
  allowInaccurate?: boolean;
  limit?: boolean;
  decades?: string;
  perDecade?: string;
  maxCells?: string;
  targetError?: string;
  kappa?: string;
}

/**
 * Refuses an untrustworthy result (issue 13): one line naming the cause and the way out, exit code 2
 * (InputError), unless `--allow-inaccurate`, which returns the findings for the output to mark.
 */
export function refuseOrMark(findings: TrustFinding[], allow: boolean | undefined): string[] {
  if (findings.length === 0) return [];
  if (!allow) {
    throw new InputError(
      'ERR_UNSUPPORTED',
      `htsgd exact: untrustworthy result: ${describeFinding(findings[0])} (or pass --allow-inaccurate to print it marked).`,
      { api: 'htsgd exact' },
    );
  }
  return findings.map(describeFinding);
}

/** A number for JSON: null when not finite (JSON has no Infinity, and an overflowed mean is no number). */
const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** Registers `htsgd exact`. */
export function register(program: Command): void {
  const cmd = program
    .command('exact')
    .description('exact finite-η exit statistics (and occupancy) of the clipped chain, by linear algebra')
    .option('--basin <k>', 'basin to exit from, 1-based', '2')
    .option('--step-size <eta>', 'step size η in (0, 1]')
    .option('--truncation <b>', "truncation threshold b > 0, or 'none'", 'none')
    .option('--start <x>', 'start point inside the basin (default: its minimum)')
    .option(
      '--cells <n>',
      `intervals of the finest of three nested grids (multiple of 4, 16..${MAX_CELLS}; above ${DENSE_CELLS} solved by two-grid GMRES)`,
      '800',
    )
    .option('--occupancy', 'also compute the stationary occupancy of every basin')
    .option(
      '--grid <kind>',
      "node placement: 'graded' (default) or 'adaptive' (goal-oriented, better for small η and l* ≥ 2; the default of --limit)",
    )
    .option(
      '--small-moves <kind>',
      "the next iterate's part within a cell of the node: 'hat' (default) or 'moments' (exact mass, mean and variance; needed for small η, the default of --limit)",
    )
    .option(
      '--max-error <e>',
      `largest trusted error: relative for the mean, absolute for probabilities`,
      String(DEFAULT_MAX_ERROR),
    )
    .option(
      '--allow-inaccurate',
      'print results whose error exceeds --max-error (or that are not finite), marked, instead of refusing',
    )
    .option(
      '--limit',
      'sweep η down from --step-size (default 1e-3) over --decades decades on worker threads and extrapolate to η → 0 against the theory',
    )
    .option('--decades <n>', 'limit: decades of η to sweep (≥ 3)', '5')
    .option('--per-decade <n>', 'limit: step sizes per decade', '1')
    .option('--max-cells <n>', 'limit: largest finest grid a point may refine to', '1600')
    .option('--target-error <e>', 'limit: relative error of each mean to refine to', '0.003')
    .option('--kappa <k>', 'limit: exponent of the correction series s = η^κ (default 1 − 1/α for α < 2, 1/2 above)')
    .option('--simulate-chains <n>', 'also simulate n chains (seed --seed) and report the z-score of the difference')
    .option('--seed <s>', 'seed of the comparison simulation', '1')
    .option('--workers <n>', 'worker threads of the comparison simulation')
    .option('--json', 'print one JSON object');
  addLandscapeFlags(cmd);
  addNoiseFlags(cmd);
  cmd.action(async (flags: ExactFlags) => {
    const landscape = resolveLandscape(landscapeSpecFromFlags(flags));
    const noise = createNoiseLaw(noiseSpecFromFlags(flags));
    const stepSize = parseStepSize(flags.limit && flags.stepSize === undefined ? '1e-3' : flags.stepSize);
    const truncation = parseTruncation(flags.truncation);
    const n = landscape.minima.length;
    const basin = parseNumberFlag('basin', flags.basin, {
      min: 1,
      max: n,
      integer: true,
      domain: `an integer in [1, ${n}]`,
    });
    // The basin's open interval (the box ends are closed: the projection can sit on ±L), checked here so
    // that a start outside it is reported as the flag `--start`, not as the library option `start`.
    const L = landscape.box;
    const lo = basin === 1 ? -L : landscape.saddles[basin - 2];
    const hi = basin === n ? L : landscape.saddles[basin - 1];
    const inBasin = `a number inside basin ${basin}, ${basin === 1 ? '[' : '('}${lo}, ${hi}${basin === n ? ']' : ')'}`;
    const start =
      flags.start === undefined
        ? undefined
        : parseNumberFlag('start', flags.start, {
            min: lo,
            max: hi,
            openMin: basin > 1,
            openMax: basin < n,
            domain: inBasin,
          });
    const cells = parseNumberFlag('cells', flags.cells, {
      min: 16,
      max: MAX_CELLS,
      integer: true,
      domain: `a multiple of 4 in [16, ${MAX_CELLS}]`,
    });
    if (cells % 4 !== 0) throw invalidOption('htsgd', '--cells', `a multiple of 4 in [16, ${MAX_CELLS}]`, flags.cells);
    const grid = flags.grid ?? (flags.limit ? 'adaptive' : 'graded');
    if (grid !== 'graded' && grid !== 'adaptive')
      throw invalidOption('htsgd', '--grid', "'graded' or 'adaptive'", flags.grid);
    const smallMoves = flags.smallMoves ?? (flags.limit ? 'moments' : 'hat');
    if (smallMoves !== 'hat' && smallMoves !== 'moments')
      throw invalidOption('htsgd', '--small-moves', "'hat' or 'moments'", flags.smallMoves);
    const maxError = parseNumberFlag('max-error', flags.maxError, {
      min: 0,
      max: 1,
      openMin: true,
      domain: 'a number in (0, 1]',
    });
    if (flags.limit) {
      await limitCommand(flags, { landscape, noise, stepSize, truncation, basin, cells, grid, smallMoves, maxError });
      return;
    }
    const stopLoss = buildStopLoss(noise);
    const r = exactExit({ landscape, noise, stepSize, truncation, basin, start, cells, stopLoss, grid, smallMoves });
    const chains =
      flags.simulateChains === undefined
        ? 0
        : parseNumberFlag('simulate-chains', flags.simulateChains, {
            min: 1,
            max: 1e7,
            integer: true,
            domain: 'an integer in [1, 1e7]',
          });
    const sim =
      chains > 0
        ? await runExit({
            landscape,
            noise: noise.spec,
            stepSize,
            truncation,
            basin,
            start: r.start,
            chains,
            seed: parseSeed(flags.seed),
            path: 'exact/compare',
            workers: parseWorkers(flags.workers, availableParallelism()),
          })
        : null;
    const occ = flags.occupancy ? exactOccupancy({ landscape, noise, stepSize, truncation, stopLoss }) : null;
    const inaccurate = refuseOrMark(
      [...assessExactExit(r, maxError), ...(occ ? assessExactOccupancy(occ, maxError) : [])],
      flags.allowInaccurate,
    );
    const out = {
      landscape: landscape.name,
      noise: noise.spec,
      basin,
      start: r.start,
      stepSize,
      truncation: truncation === Infinity ? null : truncation,
      meanExitSteps: finiteOrNull(r.meanExitSteps),
      errorEstimate: finiteOrNull(r.errorEstimate),
      /** Natural log of the mean exit steps: finite also past the range of a double. */
      logMeanExitSteps: r.logMeanExitSteps,
      relativeError: finiteOrNull(r.relativeError),
      exitStepsSd: finiteOrNull(r.exitStepsSd),
      secondMoment: finiteOrNull(r.secondMoment.value),
      exitedLeft: r.exitedLeft.value,
      exitedLeftError: r.exitedLeft.errorEstimate,
      landing: r.landing,
      observedOrder: r.observedOrder,
      gridCells: r.gridCells,
      gridMeans: r.gridMeans.map(finiteOrNull),
      gridLogMeans: r.gridLogMeans,
      grid,
      resolution: r.resolution,
      warnings: r.warnings,
      ...(inaccurate.length > 0 ? { inaccurate } : {}),
      solves: r.solves,
      ...(sim
        ? {
            simulated: {
              chains: sim.chains,
              censored: sim.censored,
              meanExitSteps: sim.meanExitSteps,
              standardError: sim.standardError,
              exitedLeft: sim.exitedLeft,
              seed: sim.seed,
              path: sim.path,
              seconds: sim.seconds,
            },
            // Difference in combined standard errors (simulation ⊕ discretisation).
            zScore: (sim.meanExitSteps - r.meanExitSteps) / Math.hypot(sim.standardError, r.errorEstimate),
          }
        : {}),
      ...(occ
        ? { occupancy: occ.occupancy, occupancyError: occ.errorEstimate, occupancyGridNodes: occ.gridNodes }
        : {}),
      seconds: r.seconds + (occ ? occ.seconds : 0),
    };
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    const p = (v: number) => String(+v.toPrecision(6));
    const mark = inaccurate.length > 0 ? ' [INACCURATE]' : '';
    const meanText = Number.isFinite(r.meanExitSteps)
      ? `${p(r.meanExitSteps)} ± ${p(r.errorEstimate)} (discretisation)`
      : `10^${p(r.logMeanExitSteps / Math.LN10)} (past the range of a double; relative error ${p(r.relativeError)})`;
    const lines = [
      `exact exit from basin ${basin} of ${landscape.name}, start ${p(r.start)}, η = ${stepSize}, b = ${truncation === Infinity ? 'none' : truncation}${mark}`,
      `  mean exit steps   ${meanText}`,
      `  sd of exit steps  ${p(r.exitStepsSd)}`,
      `  exited left       ${p(r.exitedLeft.value)}`,
      `  landing basin     ${r.landing.map((v, l) => `${l + 1}: ${p(v)}`).join(', ')}`,
      `  grid              ${r.gridCells} cells (means ${r.gridMeans.map(p).join(', ')}; order ${r.observedOrder.toFixed(2)})`,
    ];
    if (sim) {
      lines.push(
        `  simulated         ${p(sim.meanExitSteps)} ± ${p(sim.standardError)} (${sim.chains} chains, ${sim.censored} censored; z = ${(
          (sim.meanExitSteps - r.meanExitSteps) /
          Math.hypot(sim.standardError, r.errorEstimate)
        ).toFixed(2)})`,
      );
    }
    if (occ)
      lines.push(`  occupancy         ${occ.occupancy.map((v, l) => `${l + 1}: ${v.toExponential(3)}`).join(', ')}`);
    lines.push(`  seconds           ${out.seconds.toFixed(2)}`);
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
    for (const w of inaccurate) lines.push(`  INACCURATE: ${w}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

interface LimitContext {
  landscape: Landscape;
  noise: NoiseLaw;
  stepSize: number;
  truncation: number;
  basin: number;
  cells: number;
  grid: 'graded' | 'adaptive';
  smallMoves: 'hat' | 'moments';
  maxError: number;
}

/**
 * `htsgd exact --limit`: the sweep, its extrapolation to η → 0 and the theory beside it (issue 13).
 * The theory's predictions are computed here (the CLI is the layer that may combine theory and exact).
 */
async function limitCommand(flags: ExactFlags, c: LimitContext): Promise<void> {
  const t0 = performance.now();
  if (c.noise.tailIndex === null) {
    throw invalidOption(
      'htsgd',
      '--limit',
      'heavy-tailed noise (lomax, student-t or stable)',
      'gaussian',
      'Gaussian exit times grow like exp(c/η): there is no power-law limit to extrapolate.',
    );
  }
  const decades = parseNumberFlag('decades', flags.decades, { min: 3, max: 12, domain: 'a number in [3, 12]' });
  const perDecade = parseNumberFlag('per-decade', flags.perDecade, {
    min: 1,
    max: 4,
    integer: true,
    domain: 'an integer in [1, 4]',
  });
  const maxCells = parseNumberFlag('max-cells', flags.maxCells, {
    min: 16,
    max: MAX_CELLS,
    integer: true,
    domain: `a multiple of 4 in [16, ${MAX_CELLS}]`,
  });
  const targetError = parseNumberFlag('target-error', flags.targetError, {
    min: 0,
    max: 1,
    openMin: true,
    domain: 'a number in (0, 1]',
  });
  const kappa =
    flags.kappa === undefined
      ? undefined
      : parseNumberFlag('kappa', flags.kappa, { min: 0, max: 4, openMin: true, domain: 'a number in (0, 4]' });
  const report = theoryReport(c.landscape, c.noise, c.truncation);
  const basinTheory = report.basins[c.basin - 1];
  if (basinTheory.exitRate === null || basinTheory.jumpsNeeded === null || !(basinTheory.exitRate > 0)) {
    throw invalidOption('htsgd', '--basin', 'a basin the theory gives a finite exit rate for', c.basin);
  }
  const q = basinTheory.exitRate;
  const jumps = basinTheory.jumpsNeeded;
  const byTarget = basinTheory.exitProbabilityByTarget ?? {};
  const theory = {
    leadingMeanExitSteps: (eta: number) => 1 / (q * basinScale(c.noise, jumps, eta)),
    order: basinTheory.exitExponent ?? NaN,
    exitedLeft: Object.entries(byTarget).reduce((s, [l, v]) => (Number(l) < c.basin ? s + v : s), 0),
  };
  const stepSizes = limitStepSizes(c.stepSize, decades, perDecade);
  const tasks: LimitTask[] = stepSizes.map((eta) => ({
    landscape: c.landscape.spec,
    noise: c.noise.spec,
    truncation: c.truncation === Infinity ? null : c.truncation,
    basin: c.basin,
    stepSize: eta,
    cells: Math.min(c.cells, maxCells),
    maxCells,
    targetError,
    grid: c.grid,
    // The limit needs η down to 1e-8, where only moment-matched small moves converge (exit.ts).
    smallMoves: c.smallMoves,
  }));
  const workers = parseWorkers(flags.workers, Math.min(2, availableParallelism()));
  const points = await runLimitSweep(tasks, workers, (done, total, p) => {
    process.stderr.write(
      `exact --limit: η = ${Number(p.stepSize.toPrecision(3)).toExponential()} solved (${done}/${total}, ${p.cells} cells, error ${(100 * p.relativeError).toPrecision(2)}%, ${p.seconds.toFixed(1)} s)\n`,
    );
  });
  const findings: TrustFinding[] = [];
  for (const p of points) {
    const remedy = `raise --max-cells (now ${maxCells}) or start the sweep at a larger --step-size than ${c.stepSize}`;
    if (!Number.isFinite(p.logMeanExitSteps) || !(p.logMeanExitSteps >= 0))
      findings.push({
        quantity: 'mean exit steps',
        cause: `the mean exit time at η = ${p.stepSize} is not finite`,
        remedy,
      });
    else if (!(p.relativeError <= c.maxError))
      findings.push({
        quantity: 'mean exit steps',
        cause: `the error estimate of the mean at η = ${p.stepSize} is ${(100 * p.relativeError).toPrecision(3)}%, above ${(100 * c.maxError).toPrecision(3)}%`,
        remedy,
      });
    if (!(p.exitedLeftError <= c.maxError))
      findings.push({
        quantity: 'P(exit left)',
        cause: `P(exit left) at η = ${p.stepSize} has an error estimate ${p.exitedLeftError.toPrecision(3)} above ${c.maxError}`,
        remedy,
      });
  }
  const inaccurate = refuseOrMark(findings, flags.allowInaccurate);
  const limit = exactLimit(points, theory, c.noise.tailIndex, kappa);
  const seconds = (performance.now() - t0) / 1000;
  if (flags.json) {
    const out = {
      landscape: c.landscape.name,
      noise: c.noise.spec,
      basin: c.basin,
      truncation: c.truncation === Infinity ? null : c.truncation,
      jumpsNeeded: jumps,
      limit: {
        ...limit,
        points: limit.points.map((p) => ({
          ...p,
          leadingMeanExitSteps: Number.isFinite(p.leadingMeanExitSteps) ? p.leadingMeanExitSteps : null,
        })),
      },
      ...(inaccurate.length > 0 ? { inaccurate } : {}),
      workers,
      seconds,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  process.stdout.write(`${limitText(limit, c, jumps, inaccurate, seconds)}\n`);
}

/** The text output of --limit: the sweep as a table, then the limits against the theory. */
function limitText(
  limit: ExactLimitResult,
  c: LimitContext,
  jumps: number,
  inaccurate: string[],
  seconds: number,
): string {
  const p = (v: number, d = 4) => (Number.isFinite(v) ? String(+v.toPrecision(d)) : String(v));
  const mean = (r: ExactLimitResult['points'][number]) =>
    r.meanExitSteps !== null ? r.meanExitSteps.toExponential(4) : `10^${(r.logMeanExitSteps / Math.LN10).toFixed(2)}`;
  const lines = [
    `η → 0 limit of the exit from basin ${c.basin} of ${c.landscape.name}, b = ${c.truncation === Infinity ? 'none' : c.truncation}, l* = ${jumps}${inaccurate.length ? ' [INACCURATE]' : ''}`,
    '  η          cells  mean exit steps  error     exact/leading  P(exit left)',
    ...limit.points.map(
      (r) =>
        `  ${r.stepSize.toExponential(1).padEnd(9)}  ${String(r.cells).padStart(5)}  ${mean(r).padEnd(15)}  ${`${p(100 * r.relativeError, 2)}%`.padEnd(8)}  ${p(r.meanRatio, 5).padEnd(13)}  ${p(r.exitedLeft, 5)}`,
    ),
    `  limit                 value ± error      theory    (value − theory)/error`,
  ];
  const row = (name: string, q: ExactLimitResult['meanRatio']) =>
    `  ${name.padEnd(20)}  ${`${p(q.value, 5)} ± ${p(q.error, 2)}`.padEnd(17)}  ${p(q.predicted, 5).padEnd(8)}  ${q.z.toFixed(2)}`;
  lines.push(
    row('exact/leading → 1', limit.meanRatio),
    row('order → γ', limit.order),
    row('P(exit left) → q₋/q', limit.exitedLeft),
  );
  const k = limit.kappa;
  lines.push(
    `  κ: assumed ${p(k.assumed)}, fitted ${k.fitted === null ? 'n/a' : p(k.fitted, 3)}${k.ci ? ` [${p(k.ci[0], 3)}, ${p(k.ci[1], 3)}]` : ''}`,
  );
  lines.push(`  seconds ${seconds.toFixed(1)}`);
  for (const w of inaccurate) lines.push(`  INACCURATE: ${w}`);
  return lines.join('\n');
}
