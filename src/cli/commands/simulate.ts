/**
 * `htsgd simulate exit|trajectory`: runs the simulator (src/sim) and prints a table, or JSON with
 * `--json`. Progress goes to stderr. Bad flags: one line naming the flag, its domain and the value,
 * exit code 2 (runner errors about an option are renamed to the flag that set it).
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InputError, invalidOption, renameOption } from '../../core/errors.ts';
import {
  closePool,
  ENGINES,
  runExit,
  runTrajectory,
  type Engine,
  type ExitResult,
  type TrajectoryResult,
} from '../../sim/index.ts';
import type { NoiseSpec } from '../../model/types.ts';
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
import { createProgress } from '../progress.ts';
import { isRdRequest, simulateRd } from './rd.ts';
import { formatNumber, formatTruncation } from '../../core/format.ts';
import { censoringWarning, exitEstimate, type ExitEstimate } from '../exit-estimate.ts';

interface SimulateFlags extends CommonFlags {
  basin?: string;
  start?: string;
  maxSteps?: string;
  chains?: string;
  paths?: string;
  steps?: string;
  epsilon?: string;
  engine?: string;
  recordVisits?: string;
  sampleEvery?: string;
}

/** Runner option names → the flags that set them (so errors name the flag the user typed). */
const FLAG_OF: Record<string, string> = {
  stepSize: '--step-size',
  truncation: '--truncation',
  basin: '--basin',
  start: '--start',
  maxSteps: '--max-steps',
  chains: '--chains',
  paths: '--paths',
  steps: '--steps',
  epsilon: '--epsilon',
  tailIndex: '--tail-index',
  scale: '--noise-scale',
  pPlus: '--p-plus',
  seed: '--seed',
  workers: '--workers',
  engine: '--engine',
  'record.visitCap': '--record-visits',
  'record.sampleEvery': '--sample-every',
};

/** APIs whose option errors are reported under the flag the user typed. */
const RENAMED_APIS: ReadonlySet<string> = new Set(['runExit', 'runTrajectory', 'createNoiseLaw']);

function renameOptionError(err: unknown, sub: string): unknown {
  if (!(err instanceof InputError) || err.code !== 'ERR_INVALID_OPTION') return err;
  if (err.api === undefined || !RENAMED_APIS.has(err.api) || err.option === undefined || !(err.option in FLAG_OF))
    return err;
  return renameOption(err, `simulate ${sub}`, FLAG_OF[err.option]);
}

function parseEngine(raw: string | undefined): Engine {
  const e = raw ?? 'wasm';
  if (!(ENGINES as readonly string[]).includes(e)) throw invalidOption('htsgd', '--engine', "'wasm' or 'ts'", e);
  return e as Engine;
}

function addCommon(cmd: Command): Command {
  addLandscapeFlags(cmd);
  addNoiseFlags(cmd);
  return cmd
    .requiredOption('--step-size <eta>', 'step size η in (0, 1]')
    .option('--truncation <b>', "clipping threshold b > 0, or 'none'", 'none')
    .option('--seed <seed>', 'experiment seed (integer or string)', '1')
    .option('--workers <n>', 'worker threads (1 = in this thread)', String(availableParallelism()))
    .option(
      '--engine <name>',
      "kernel: 'wasm' (SIMD; falls back to ts outside its coverage) or 'ts'; same numbers",
      'wasm',
    )
    .option('--json', 'print JSON on stdout')
    .option('--quiet', 'no progress on stderr');
}

function fmt(x: number | null, digits = 4): string {
  return x === null ? 'censored' : formatNumber(x, { digits, exponentDigits: digits, nonFinite: 'js' });
}

function table(rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

function noiseLabel(n: NoiseSpec): string {
  return n.kind === 'gaussian' ? `gaussian(c=${n.scale})` : `${n.kind}(α=${n.tailIndex}, c=${n.scale})`;
}

/** The JSON summary of an exit run (per-chain arrays omitted). */
export function exitJson(r: ExitResult, noise: NoiseSpec, e: ExitEstimate = exitEstimate(r)): Record<string, unknown> {
  return {
    command: 'simulate exit',
    engine: r.engine,
    seed: r.seed,
    path: r.path,
    landscape: r.landscape,
    noise,
    basin: r.basin,
    start: r.start,
    stepSize: r.stepSize,
    truncation: Number.isFinite(r.truncation) ? r.truncation : 'none',
    maxSteps: r.maxSteps,
    chains: r.chains,
    meanExitSteps: e.mean,
    meanExitStepsCi: e.ci,
    meanExitStepsLowerBound: e.meanLowerBound,
    standardError: e.standardError,
    estimator: e.method,
    naiveMeanOfExited: e.naiveMeanOfExited,
    naiveStandardErrorOfExited: e.naiveStandardErrorOfExited,
    exitedLeft: r.exitedLeft,
    exitedRight: r.exitedRight,
    censoredFraction: e.censoredFraction,
    censored: r.censored,
    totalSteps: r.totalSteps,
    seconds: r.seconds,
    quantiles: r.quantiles,
    quantileMethod: 'Kaplan–Meier (censored chains at risk up to the cap; null beyond it)',
    medianCi: e.medianCi,
  };
}

/** The JSON summary of a trajectory run. */
export function trajectoryJson(r: TrajectoryResult, noise: NoiseSpec): Record<string, unknown> {
  return {
    command: 'simulate trajectory',
    engine: r.engine,
    seed: r.seed,
    path: r.path,
    landscape: r.landscape,
    noise,
    start: r.start,
    stepSize: r.stepSize,
    truncation: Number.isFinite(r.truncation) ? r.truncation : 'none',
    epsilon: r.epsilon,
    paths: r.paths,
    steps: r.steps,
    occupancy: r.occupancy,
    basinSteps: r.basinSteps,
    transitions: r.transitions,
    totalSteps: r.totalSteps,
    seconds: r.seconds,
    ...(r.visits ? { visits: r.visits } : {}),
    ...(r.samples ? { samples: r.samples.map((a) => Array.from(a)) } : {}),
  };
}

async function exitAction(flags: SimulateFlags): Promise<void> {
  if (isRdRequest(flags)) return simulateRd('exit', flags);
  const landscape = landscapeSpecFromFlags(flags);
  const noise = noiseSpecFromFlags(flags);
  const stepSize = parseStepSize(flags.stepSize);
  const truncation = parseTruncation(flags.truncation);
  const basin = parseNumberFlag('basin', flags.basin, { min: 1, integer: true, domain: 'a basin number ≥ 1' });
  const start = flags.start === undefined ? undefined : parseNumberFlag('start', flags.start, { domain: 'a number' });
  const maxSteps = parseNumberFlag('max-steps', flags.maxSteps ?? '10000000', {
    min: 1,
    max: 2 ** 52,
    integer: true,
    domain: 'an integer ≥ 1',
  });
  const chains = parseNumberFlag('chains', flags.chains ?? '1000', {
    min: 1,
    max: 2 ** 30,
    integer: true,
    domain: 'an integer ≥ 1',
  });
  const seed = parseSeed(flags.seed);
  const workers = parseWorkers(flags.workers, availableParallelism());
  const progress = createProgress('simulate exit', { quiet: flags.quiet });
  let r: ExitResult;
  try {
    r = await runExit(
      {
        landscape,
        noise,
        stepSize,
        truncation,
        basin,
        start,
        maxSteps,
        chains,
        seed,
        workers,
        engine: parseEngine(flags.engine),
      },
      { onProgress: (d, t) => progress.update(d, t) },
    );
  } catch (err) {
    throw renameOptionError(err, 'exit');
  } finally {
    progress.stop();
    await closePool();
  }
  const e = exitEstimate(r);
  const warning = censoringWarning(r, e);
  if (warning) process.stderr.write(`${warning}\n`);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(exitJson(r, noise, e), null, 2)}\n`);
    return;
  }
  const q = r.quantiles;
  const over = `> ${r.maxSteps}`;
  const qf = (x: number | null): string => (x === null ? over : fmt(x));
  const mean =
    e.mean === null
      ? `> ${fmt(e.meanLowerBound)} (95% lower bound; all ${r.chains} chains censored at ${r.maxSteps} steps)`
      : `${fmt(e.mean)}, 95% CI [${fmt(e.ci[0])}, ${e.ci[1] === null ? '∞' : fmt(e.ci[1])}] (censored-exponential MLE, ${e.exited} exited, ${e.censored} censored)`;
  const naive =
    e.naiveMeanOfExited === null
      ? 'none exited'
      : `${fmt(e.naiveMeanOfExited)} ± ${fmt(e.naiveStandardErrorOfExited, 2)} (s.e.; ${e.censored > 0 ? 'biased low: censored chains left out' : 'no chain censored'})`;
  process.stdout.write(
    table([
      ['landscape', `${r.landscape}, basin ${r.basin}, start ${fmt(r.start, 6)}`],
      ['noise', noiseLabel(noise)],
      ['step size η', String(r.stepSize)],
      ['truncation b', formatTruncation(r.truncation, 'none')],
      ['seed / path', `${r.seed} / ${r.path}`],
      ['chains', String(r.chains)],
      ['mean exit steps', mean],
      ['naive mean of exited', naive],
      ['exited left', `${fmt(r.exitedLeft)} of all chains`],
      ['exited right', `${fmt(r.exitedRight)} of all chains`],
      [
        'censored',
        `${fmt(e.censoredFraction)} of all chains (${r.censored}, cap ${r.maxSteps} steps); left + right + censored = 1`,
      ],
      ['quantiles (K–M)', `p10 ${qf(q.p10)}  p25 ${qf(q.p25)}  p50 ${qf(q.p50)}  p75 ${qf(q.p75)}  p90 ${qf(q.p90)}`],
      ['total steps', fmt(r.totalSteps)],
      ['seconds', `${fmt(r.seconds, 3)} (${fmt(r.totalSteps / Math.max(r.seconds, 1e-9), 3)} steps/s)`],
    ]),
  );
}

async function trajectoryAction(flags: SimulateFlags): Promise<void> {
  if (isRdRequest(flags)) return simulateRd('trajectory', flags);
  const landscape = landscapeSpecFromFlags(flags);
  const noise = noiseSpecFromFlags(flags);
  const stepSize = parseStepSize(flags.stepSize);
  const truncation = parseTruncation(flags.truncation);
  const start = parseNumberFlag('start', flags.start, { domain: 'a number in [−L, L]' });
  const steps = parseNumberFlag('steps', flags.steps, {
    min: 1,
    max: 2 ** 52,
    integer: true,
    domain: 'an integer ≥ 1',
  });
  const paths = parseNumberFlag('paths', flags.paths ?? '1', {
    min: 1,
    max: 2 ** 30,
    integer: true,
    domain: 'an integer ≥ 1',
  });
  const epsilon = parseNumberFlag('epsilon', flags.epsilon ?? '0.1', { min: 0, openMin: true, domain: 'a number > 0' });
  const visitCap =
    flags.recordVisits === undefined
      ? undefined
      : parseNumberFlag('record-visits', flags.recordVisits, {
          min: 1,
          max: 2 ** 26,
          integer: true,
          domain: 'an integer in [1, 2^26]',
        });
  const sampleEvery =
    flags.sampleEvery === undefined
      ? undefined
      : parseNumberFlag('sample-every', flags.sampleEvery, {
          min: 1,
          max: 2 ** 52,
          integer: true,
          domain: 'an integer ≥ 1',
        });
  const record = visitCap !== undefined || sampleEvery !== undefined ? { visitCap, sampleEvery } : undefined;
  const seed = parseSeed(flags.seed);
  const workers = parseWorkers(flags.workers, availableParallelism());
  const progress = createProgress('simulate trajectory', { quiet: flags.quiet });
  let r: TrajectoryResult;
  try {
    r = await runTrajectory(
      {
        landscape,
        noise,
        stepSize,
        truncation,
        start,
        steps,
        paths,
        epsilon,
        seed,
        workers,
        engine: parseEngine(flags.engine),
        record,
      },
      { onProgress: (d, t) => progress.update(d, t) },
    );
  } catch (err) {
    throw renameOptionError(err, 'trajectory');
  } finally {
    progress.stop();
    await closePool();
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(trajectoryJson(r, noise), null, 2)}\n`);
    return;
  }
  const n = r.occupancy.length;
  const head = ['from \\ to', ...Array.from({ length: n }, (_, j) => `m${j + 1}`)];
  const rows = r.transitions.map((row, i) => [`m${i + 1}`, ...row.map(String)]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const matrix = [head, ...rows].map((row) => row.map((v, c) => v.padStart(widths[c])).join('  ')).join('\n');
  process.stdout.write(
    table([
      ['landscape', `${r.landscape}, start ${r.start}`],
      ['noise', noiseLabel(noise)],
      ['step size η', String(r.stepSize)],
      ['truncation b', formatTruncation(r.truncation, 'none')],
      ['seed / path', `${r.seed} / ${r.path}`],
      ['paths × steps', `${r.paths} × ${r.steps}`],
      ['occupancy', r.occupancy.map((o, k) => `Ω${k + 1} ${fmt(o)}`).join('  ')],
      ['total steps', fmt(r.totalSteps)],
      ['seconds', `${fmt(r.seconds, 3)} (${fmt(r.totalSteps / Math.max(r.seconds, 1e-9), 3)} steps/s)`],
    ]) + `transitions between minima (visits within ε = ${r.epsilon}):\n${matrix}\n`,
  );
}

/** Registers `htsgd simulate exit` and `htsgd simulate trajectory`. */
export function register(program: Command): void {
  const simulate = program
    .command('simulate')
    .description('simulate clipped heavy-tailed SGD (exit times, trajectories)');
  addCommon(
    simulate
      .command('exit')
      .description('first exit times from a basin')
      .requiredOption('--basin <k>', 'basin index k (1-based, left to right)')
      .option('--start <x>', "X_0 (default: the basin's minimum)")
      .option('--max-steps <N>', 'step cap per chain; chains still inside are censored', '10000000')
      .option('--chains <n>', 'number of chains', '1000'),
  ).action((flags: SimulateFlags) => exitAction(flags));
  addCommon(
    simulate
      .command('trajectory')
      .description('long paths: fraction of steps per basin, transitions between minima')
      .requiredOption('--start <x>', 'X_0 in [−L, L]')
      .requiredOption('--steps <N>', 'steps per path')
      .option('--paths <n>', 'number of paths', '1')
      .option('--epsilon <e>', 'a minimum is visited when |X − m| < ε', '0.1')
      .option('--record-visits <cap>', 'JSON: keep up to cap (minimum, step) visits per path')
      .option('--sample-every <k>', 'JSON: keep X every k steps per path (thinned paths for plots)'),
  ).action((flags: SimulateFlags) => trajectoryAction(flags));
}
