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
  maxError?: string;
  allowInaccurate?: boolean;
}

/**
 * Refuses an untrustworthy result (issue 13): one line naming the cause and the way out, exit code 2
 * (InputError), unless `--allow-inaccurate`, which returns the findings for the output to mark.
 */
export function refuseOrMark(findings: TrustFinding[], allow: boolean | undefined): string[] {
  if (findings.length === 0) return [];
  if (!allow) {
    throw new InputError('ERR_UNSUPPORTED', `htsgd exact: untrustworthy result: ${describeFinding(findings[0])} (or pass --allow-inaccurate to print it marked).`);
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
    .option('--cells <n>', `intervals of the finest of three nested grids (multiple of 4, 16..${MAX_CELLS}; above ${DENSE_CELLS} solved by two-grid GMRES)`, '800')
    .option('--occupancy', 'also compute the stationary occupancy of every basin')
    .option('--grid <kind>', "node placement: 'graded' or 'adaptive' (goal-oriented, better for small η and l* ≥ 2)", 'graded')
    .option('--max-error <e>', `largest trusted error: relative for the mean, absolute for probabilities`, String(DEFAULT_MAX_ERROR))
    .option('--allow-inaccurate', 'print results whose error exceeds --max-error (or that are not finite), marked, instead of refusing')
    .option('--simulate-chains <n>', 'also simulate n chains (seed --seed) and report the z-score of the difference')
    .option('--seed <s>', 'seed of the comparison simulation', '1')
    .option('--workers <n>', 'worker threads of the comparison simulation')
    .option('--json', 'print one JSON object');
  addLandscapeFlags(cmd);
  addNoiseFlags(cmd);
  cmd.action(async (flags: ExactFlags) => {
    const landscape = resolveLandscape(landscapeSpecFromFlags(flags));
    const noise = createNoiseLaw(noiseSpecFromFlags(flags));
    const stepSize = parseStepSize(flags.stepSize);
    const truncation = parseTruncation(flags.truncation);
    const n = landscape.minima.length;
    const basin = parseNumberFlag('basin', flags.basin, { min: 1, max: n, integer: true, domain: `an integer in [1, ${n}]` });
    // The basin's open interval (the box ends are closed: the projection can sit on ±L), checked here so
    // that a start outside it is reported as the flag `--start`, not as the library option `start`.
    const L = landscape.box;
    const lo = basin === 1 ? -L : landscape.saddles[basin - 2];
    const hi = basin === n ? L : landscape.saddles[basin - 1];
    const inBasin = `a number inside basin ${basin}, ${basin === 1 ? '[' : '('}${lo}, ${hi}${basin === n ? ']' : ')'}`;
    const start =
      flags.start === undefined
        ? undefined
        : parseNumberFlag('start', flags.start, { min: lo, max: hi, openMin: basin > 1, openMax: basin < n, domain: inBasin });
    const cells = parseNumberFlag('cells', flags.cells, { min: 16, max: MAX_CELLS, integer: true, domain: `a multiple of 4 in [16, ${MAX_CELLS}]` });
    if (cells % 4 !== 0) throw invalidOption('htsgd', '--cells', `a multiple of 4 in [16, ${MAX_CELLS}]`, flags.cells);
    if (flags.grid !== 'graded' && flags.grid !== 'adaptive') throw invalidOption('htsgd', '--grid', "'graded' or 'adaptive'", flags.grid);
    const grid = flags.grid;
    const maxError = parseNumberFlag('max-error', flags.maxError, { min: 0, max: 1, openMin: true, domain: 'a number in (0, 1]' });
    const stopLoss = buildStopLoss(noise);
    const r = exactExit({ landscape, noise, stepSize, truncation, basin, start, cells, stopLoss, grid });
    const chains =
      flags.simulateChains === undefined
        ? 0
        : parseNumberFlag('simulate-chains', flags.simulateChains, { min: 1, max: 1e7, integer: true, domain: 'an integer in [1, 1e7]' });
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
    const inaccurate = refuseOrMark([...assessExactExit(r, maxError), ...(occ ? assessExactOccupancy(occ, maxError) : [])], flags.allowInaccurate);
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
      ...(occ ? { occupancy: occ.occupancy, occupancyError: occ.errorEstimate, occupancyGridNodes: occ.gridNodes } : {}),
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
          (sim.meanExitSteps - r.meanExitSteps) / Math.hypot(sim.standardError, r.errorEstimate)
        ).toFixed(2)})`,
      );
    }
    if (occ) lines.push(`  occupancy         ${occ.occupancy.map((v, l) => `${l + 1}: ${v.toExponential(3)}`).join(', ')}`);
    lines.push(`  seconds           ${out.seconds.toFixed(2)}`);
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
    for (const w of inaccurate) lines.push(`  INACCURATE: ${w}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
