/**
 * `htsgd bench`: the one benchmark of the simulator (`npm run bench`). One table covers both modes
 * (exit: chains until they leave a basin, the runners' hot path in `htsgd verify`; trajectory: a
 * fixed number of steps per path with basin bookkeeping), both engines (the TypeScript reference and
 * the WASM kernel, which give the same numbers bit for bit, so the ratio is the whole story), the
 * paper's landscape and a polynomial, and 1 and n workers, each in steps per second. Every row runs
 * through the real runners (`runExit`, `runTrajectory`) and worker pool, after a warm-up run that
 * also sizes the measurement, so kernel compilation and worker start-up are not counted. Each row
 * carries the command line that measures it alone.
 *
 * Workloads: the polynomial f' = (x+1)(x+0.3)(x−0.4)(x−1)(x−1.5) on [−2, 2] and the paper's
 * landscape, with Lomax noise α = 1.2, c = 0.1, b = 0.5 (default); Gaussian, Student-t (ν = 1.5)
 * and α-stable (α = 1.5) noise on the polynomial with `--only` or `--only all`. Trajectory mode:
 * η = 10⁻³, 32 paths per worker from x = 0.3. Exit mode: basin 2 from its minimum, with η (and for
 * Gaussian noise c) chosen so that a chain exits after 10³–2·10⁴ steps (see {@link BENCH_CASES}), at
 * least 2048 chains per worker. The anchors' workload (issue 15 §8, `anchors`; in the default run) is
 * trajectory mode only: f' = (x+1.6)(x+1.3)(x+0.2)(x−0.7)(x−1.5) on [−2, 2], Lomax α = 1.5, c = 1,
 * b = 0.5, η = 0.05 from x = −0.2, where clipping is frequent and paths cross saddles and visit new
 * minima every few hundred steps (the basin bookkeeping is on the hot path). The planar workload
 * (`quartic2d+lomax`, in the default run; exit mode, one worker) is described in ./bench-rd.ts.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { closePool, runExit, runTrajectory, type CorrectEngine } from '../../sim/index.ts';
import { threadCpuSeconds } from '../../sim/cpu-time.ts';
import type { LandscapeSpec, NoiseSpec } from '../../model/types.ts';
import { parseNumberFlag } from '../options.ts';
import { invalidOption } from '../../core/errors.ts';
import { BENCH_RD_NAME, runBenchRd } from './bench-rd.ts';

/** What a row measures: exit runs (`runExit`) or fixed-length paths (`runTrajectory`). */
export type BenchMode = 'exit' | 'trajectory';

/** One measured row. */
export interface BenchRow {
  mode: BenchMode;
  workload: string;
  engine: CorrectEngine;
  workers: number;
  steps: number;
  /** Wall-clock seconds of the measured run. */
  seconds: number;
  /** Steps per wall-clock second, all workers together. */
  stepsPerSecond: number;
  /** stepsPerSecond / workers. */
  stepsPerSecondPerWorker: number;
  /**
   * Steps per CPU-second, which other processes sharing the cores do not dilute: this thread's CPU
   * time (Linux schedstat) for 1 worker, which runs in this thread; the whole process's CPU time
   * (`process.cpuUsage`, so the idle main thread is included) for more. null where unreadable.
   */
  stepsPerCpuSecond: number | null;
  /** The command that measures this row alone. */
  command: string;
}

/** One benchmark workload: a landscape and a noise law, with its exit-mode experiment. */
export interface BenchCase {
  name: string;
  landscape: LandscapeSpec;
  /** Noise of trajectory mode (and of exit mode unless `exit.noise` says otherwise). */
  noise: NoiseSpec;
  /** Exit mode: chains start at the minimum of basin 2; η (and the noise) keep exits at 10³–10⁴ steps. */
  exit: { stepSize: number; noise?: NoiseSpec };
  /** Trajectory mode's η and start, when not the defaults (η = 10⁻³ from x = 0.3). */
  trajectory?: { stepSize: number; start: number };
  /** The modes this workload is measured in. @default both */
  modes?: readonly BenchMode[];
}

const POLY: LandscapeSpec = { kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 };
const LOMAX: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };

/**
 * The workloads, in table order (names are what `--only` matches). Mean exit steps measured with
 * `runExit` (seed 'bench', 2048 chains; `npm run measure:bench-exits` regenerates them): poly5+lomax
 * 1.1·10³ at η = 0.03, paper+lomax 4.1·10³ at η = 0.05, Gaussian (c = 1.2) 1.4·10³ at η = 0.03,
 * Student-t 5.9·10³ and stable 1.9·10⁴ at η = 0.05.
 * Short exits keep a 2-s measurement at thousands of chains, as real runs have. (Gaussian noise with
 * c = 0.1 would never leave the basin.)
 */
export const BENCH_CASES: readonly BenchCase[] = [
  { name: 'poly5+lomax', landscape: POLY, noise: LOMAX, exit: { stepSize: 0.03 } },
  { name: 'paper+lomax', landscape: { kind: 'paper' }, noise: LOMAX, exit: { stepSize: 0.05 } },
  {
    name: 'poly5+gaussian',
    landscape: POLY,
    noise: { kind: 'gaussian', scale: 0.1 },
    exit: { stepSize: 0.03, noise: { kind: 'gaussian', scale: 1.2 } },
  },
  {
    name: 'poly5+student-t',
    landscape: POLY,
    noise: { kind: 'student-t', tailIndex: 1.5, scale: 0.1 },
    exit: { stepSize: 0.05 },
  },
  {
    name: 'poly5+stable',
    landscape: POLY,
    noise: { kind: 'stable', tailIndex: 1.5, scale: 0.1 },
    exit: { stepSize: 0.05 },
  },
  {
    name: 'anchors',
    landscape: { kind: 'polynomial', roots: [-1.6, -1.3, -0.2, 0.7, 1.5], scale: 1, box: 2 },
    noise: { kind: 'lomax', tailIndex: 1.5, scale: 1 },
    exit: { stepSize: 0.05 },
    trajectory: { stepSize: 0.05, start: -0.2 },
    modes: ['trajectory'],
  },
];
/** The workloads of `npm run bench` (the paper's landscape, the polynomial and the anchors' workload). */
export const DEFAULT_BENCH_CASES = ['poly5+lomax', 'paper+lomax', 'anchors'] as const;
const PATHS_PER_WORKER = 32;
/** Exit chains per worker in the warm-up run, which also measures the mean steps per chain. */
const WARMUP_CHAINS_PER_WORKER = 256;
/**
 * Fewest exit chains per worker in a measured run: runExit's automatic chunks (chains / 8 per
 * worker) then hold ≥ 256 chains, enough to keep the WASM kernel's SIMD lanes busy; with tiny
 * chunks the lanes idle behind each chunk's slowest chain (measured: 0.5× TS on stable noise, with
 * this constant set to 60 and `htsgd bench --mode exit --only poly5+stable --workers 1`).
 */
const MIN_CHAINS_PER_WORKER = 2048;
const TRUNCATION = 0.5;
const TRAJECTORY_STEP_SIZE = 0.001;

/** What {@link runBench} measures: every combination of these, in this nesting order. */
export interface BenchPlan {
  modes: readonly BenchMode[];
  cases: readonly BenchCase[];
  engines: readonly CorrectEngine[];
  /** Worker counts, e.g. [1, 2]; 1 runs in this thread. */
  workers: readonly number[];
  /** Target seconds per measured run (the warm-up comes on top). */
  seconds: number;
}

/** The command line that measures one row of `plan` alone. */
export function benchCommand(row: Pick<BenchRow, 'mode' | 'workload' | 'engine' | 'workers'>, seconds: number): string {
  return `htsgd bench --mode ${row.mode} --only ${row.workload} --engine ${row.engine} --workers ${row.workers} --seconds ${seconds}`;
}

async function measure(
  mode: BenchMode,
  c: BenchCase,
  engine: CorrectEngine,
  workers: number,
  size: number,
): Promise<{ steps: number; seconds: number }> {
  if (mode === 'trajectory') {
    const r = await runTrajectory({
      landscape: c.landscape,
      noise: c.noise,
      stepSize: c.trajectory?.stepSize ?? TRAJECTORY_STEP_SIZE,
      truncation: TRUNCATION,
      start: c.trajectory?.start ?? 0.3,
      steps: size,
      // SIMD kernels run many paths side by side; 32 per worker keeps their lanes full.
      paths: PATHS_PER_WORKER * workers,
      seed: 'bench',
      workers,
      engine,
      // One segment per worker-second at most, so chunking overhead is what a real run pays.
      segmentSteps: 1 << 24,
    });
    return { steps: r.totalSteps, seconds: r.seconds };
  }
  const r = await runExit({
    landscape: c.landscape,
    noise: c.exit.noise ?? c.noise,
    stepSize: c.exit.stepSize,
    truncation: TRUNCATION,
    basin: 2,
    chains: size,
    maxSteps: 1e6,
    seed: 'bench',
    workers,
    engine,
  });
  return { steps: r.totalSteps, seconds: r.seconds };
}

/**
 * Runs the benchmark: for each mode, workload, engine and worker count, a warm-up run that sizes the
 * measurement, then ~`plan.seconds` of measured work. `onRow` sees each row as it is done.
 */
export async function runBench(
  plan: BenchPlan,
  onRow?: (row: BenchRow, index: number, total: number) => void,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const measured = (mode: BenchMode, c: BenchCase) => (c.modes ?? ['exit', 'trajectory']).includes(mode);
  const pairs = plan.modes.reduce((n, mode) => n + plan.cases.filter((c) => measured(mode, c)).length, 0);
  const total = pairs * plan.engines.length * plan.workers.length;
  for (const mode of plan.modes) {
    for (const c of plan.cases) {
      if (!measured(mode, c)) continue;
      for (const engine of plan.engines) {
        for (const w of plan.workers) {
          // Warm-up (kernel compilation, worker start) and calibration of the measured size.
          const warm = mode === 'trajectory' ? 1 << 16 : WARMUP_CHAINS_PER_WORKER * w;
          const cal = await measure(mode, c, engine, w, warm);
          const rate = cal.steps / cal.seconds;
          const size =
            mode === 'trajectory'
              ? Math.max(1 << 16, Math.round((rate * plan.seconds) / (PATHS_PER_WORKER * w)))
              : Math.max(MIN_CHAINS_PER_WORKER * w, Math.round((rate * plan.seconds) / (cal.steps / warm)));
          const thread0 = w === 1 ? threadCpuSeconds() : null;
          const process0 = process.cpuUsage();
          const m = await measure(mode, c, engine, w, size);
          const thread1 = w === 1 ? threadCpuSeconds() : null;
          const used = process.cpuUsage(process0);
          const cpu =
            w === 1
              ? thread0 !== null && thread1 !== null
                ? thread1 - thread0
                : null
              : (used.user + used.system) / 1e6;
          const row: BenchRow = {
            mode,
            workload: c.name,
            engine,
            workers: w,
            steps: m.steps,
            seconds: m.seconds,
            stepsPerSecond: m.steps / m.seconds,
            stepsPerSecondPerWorker: m.steps / m.seconds / w,
            stepsPerCpuSecond: cpu !== null && cpu > 0 ? m.steps / cpu : null,
            command: benchCommand({ mode, workload: c.name, engine, workers: w }, plan.seconds),
          };
          rows.push(row);
          onRow?.(row, rows.length, total);
        }
      }
    }
  }
  return rows;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The table: one line per row, with the scaling over 1 worker, the ratio to the TS row alike, and the row's command. */
export function formatBench(rows: readonly BenchRow[]): string {
  const lines = [
    'mode        workload          engine  workers  steps/s (wall)  steps/s/worker  scaling  steps/CPU-s  vs ts (wall)  command',
    ...rows.map((r) => {
      const one = rows.find(
        (o) => o.mode === r.mode && o.workload === r.workload && o.engine === r.engine && o.workers === 1,
      );
      const ts = rows.find(
        (o) => o.mode === r.mode && o.workload === r.workload && o.engine === 'ts' && o.workers === r.workers,
      );
      const ratio = r.engine === 'ts' || !ts ? '' : `${(r.stepsPerSecond / ts.stepsPerSecond).toFixed(2)}×`;
      const scaling = one ? `${(r.stepsPerSecond / one.stepsPerSecond).toFixed(2)}×` : '';
      return (
        `${pad(r.mode, 12)}${pad(r.workload, 18)}${pad(r.engine, 6)}${String(r.workers).padStart(7)}  ${pad(r.stepsPerSecond.toExponential(2), 14)}  ` +
        `${pad(r.stepsPerSecondPerWorker.toExponential(2), 14)}  ${pad(scaling, 7)}  ${pad(r.stepsPerCpuSecond === null ? '-' : r.stepsPerCpuSecond.toExponential(2), 11)}  ${pad(ratio, 12)}  ${r.command}`
      );
    }),
  ];
  return (
    `${lines.join('\n')}\n` +
    `(b=${TRUNCATION}; lomax α=1.2 c=0.1, student-t ν=1.5 c=0.1, stable α=1.5 c=0.1, gaussian c=0.1 (trajectory) / 1.2 (exit); ` +
    `trajectory: η=${TRAJECTORY_STEP_SIZE}, ${PATHS_PER_WORKER} paths per worker from x=0.3; ` +
    `anchors (trajectory only): roots −1.6,−1.3,−0.2,0.7,1.5, lomax α=1.5 c=1, η=0.05 from x=−0.2; exit: basin 2 from its minimum, ≥ ${MIN_CHAINS_PER_WORKER} chains per worker, η=0.03 (poly5 lomax, gaussian) / 0.05 (others); ` +
    `${BENCH_RD_NAME} (exit, 1 worker): 2-D quartic well x⁴/4 + y⁴, exit ellipse (1, 1.3), isotropic lomax α=1.5 c=0.3, b=1.2, η=0.02; ` +
    `multi-worker rows are wall-clock throughput of the workers running at once; node ${process.version}, ${availableParallelism()} cores)\n`
  );
}

interface BenchFlags {
  json?: boolean;
  seconds?: string;
  workers?: string;
  only?: string;
  mode?: string;
  engine?: string;
  quiet?: boolean;
}

/** Registers `htsgd bench`. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('steps per second of the simulator: exit and trajectory mode, TS and WASM engines, 1 and n workers')
    .option('--seconds <s>', 'seconds per measured run (a warm-up run comes on top)', '2')
    .option('--workers <list>', 'comma-separated worker counts (default: 1 and every core)')
    .option('--mode <mode>', "'exit', 'trajectory' or 'both'", 'both')
    .option('--engine <engine>', "'ts', 'wasm' or 'both'", 'both')
    .option(
      '--only <names>',
      `comma-separated workloads, or 'all' (${[...BENCH_CASES.map((c) => c.name), BENCH_RD_NAME].join(', ')}; default ${[...DEFAULT_BENCH_CASES, BENCH_RD_NAME].join(', ')})`,
    )
    .option('--json', 'print JSON on stdout (the table goes to stderr)')
    .option('--quiet', 'no per-row progress on stderr')
    .action(async (flags: BenchFlags) => {
      const plan: BenchPlan = {
        seconds: parseNumberFlag('seconds', flags.seconds ?? '2', {
          min: 0.1,
          max: 600,
          domain: 'a number in [0.1, 600]',
        }),
        workers: parseWorkerList(flags.workers),
        modes: choice('mode', flags.mode ?? 'both', ['exit', 'trajectory'] as const),
        engines: choice('engine', flags.engine ?? 'both', ['ts', 'wasm'] as const),
        cases: selectCases(flags.only),
      };
      let rows: BenchRow[];
      try {
        rows = await runBench(plan, (r, i, n) => {
          if (!flags.quiet)
            process.stderr.write(
              `bench ${i}/${n}: ${r.mode} ${r.workload} ${r.engine} ×${r.workers}: ${r.stepsPerSecond.toExponential(2)} steps/s\n`,
            );
        });
      } finally {
        await closePool();
      }
      // The planar row: exit mode, this thread only.
      if (wantsPlanar(flags.only) && plan.modes.includes('exit') && plan.workers.includes(1)) {
        for (const m of runBenchRd(plan.engines, plan.seconds)) {
          const r: BenchRow = {
            mode: 'exit',
            workload: BENCH_RD_NAME,
            engine: m.engine,
            workers: 1,
            steps: m.steps,
            seconds: m.seconds,
            stepsPerSecond: m.steps / m.seconds,
            stepsPerSecondPerWorker: m.steps / m.seconds,
            stepsPerCpuSecond: m.cpuSeconds !== null && m.cpuSeconds > 0 ? m.steps / m.cpuSeconds : null,
            command: benchCommand(
              { mode: 'exit', workload: BENCH_RD_NAME, engine: m.engine, workers: 1 },
              plan.seconds,
            ),
          };
          rows.push(r);
          if (!flags.quiet)
            process.stderr.write(
              `bench: exit ${r.workload} ${r.engine} ×1: ${r.stepsPerSecond.toExponential(2)} steps/s\n`,
            );
        }
      }
      const table = formatBench(rows);
      if (flags.json) {
        process.stderr.write(table);
        process.stdout.write(
          `${JSON.stringify({ command: 'bench', node: process.version, cores: availableParallelism(), seconds: plan.seconds, rows }, null, 2)}\n`,
        );
      } else process.stdout.write(table);
    });
}

/** `both` or one of `values`. @throws InputError naming the flag. */
function choice<T extends string>(flag: string, raw: string, values: readonly T[]): readonly T[] {
  if (raw === 'both') return values;
  if ((values as readonly string[]).includes(raw)) return [raw as T];
  throw invalidOption('htsgd', `--${flag}`, `one of ${[...values, 'both'].map((v) => `'${v}'`).join(', ')}`, raw);
}

/** `--workers`: comma-separated distinct integers in [1, 64]; default 1 and every core. */
function parseWorkerList(raw: string | undefined): number[] {
  const cores = availableParallelism();
  if (raw === undefined) return cores > 1 ? [1, cores] : [1];
  const list = raw.split(',').map((p) =>
    parseNumberFlag('workers', p.trim(), {
      min: 1,
      max: 64,
      integer: true,
      domain: 'comma-separated integers in [1, 64]',
    }),
  );
  return [...new Set(list)];
}

/** Whether `--only` selects the planar workload (it does by default and with `all`). */
function wantsPlanar(only: string | undefined): boolean {
  return only === undefined || only === 'all' || only.split(',').some((n) => n.trim() === BENCH_RD_NAME);
}

/** The workloads named by `--only` (default {@link DEFAULT_BENCH_CASES}; `all` for every one). @throws InputError on an unknown name. */
function selectCases(only: string | undefined): readonly BenchCase[] {
  if (only === 'all') return BENCH_CASES;
  const names = (only === undefined ? [...DEFAULT_BENCH_CASES] : only.split(',').map((n) => n.trim())).filter(
    (n) => n !== BENCH_RD_NAME,
  );
  for (const n of names) {
    if (!BENCH_CASES.some((c) => c.name === n)) {
      throw invalidOption(
        'htsgd bench',
        'only',
        `'all' or a comma-separated list of ${[...BENCH_CASES.map((c) => c.name), BENCH_RD_NAME].join(', ')}`,
        only,
      );
    }
  }
  return BENCH_CASES.filter((c) => names.includes(c.name));
}
