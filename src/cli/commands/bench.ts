/**
 * `htsgd bench [--json] [--seconds s] [--workers n] [--only names]`: steps per second of every
 * kernel next to the TypeScript reference, per core (1 worker, in this thread) and on all cores
 * (`--workers`, default every core: wall-clock throughput of that many worker threads running at
 * once), as ratios wasm/ts, for: the polynomial landscape f' = (x+1)(x+0.3)(x−0.4)(x−1)(x−1.5)
 * with Lomax noise (α = 1.2, c = 0.1), the paper's landscape with the same noise, and the polynomial
 * with Gaussian (c = 0.1), Student-t (ν = 1.5, c = 0.1) and α-stable (α = 1.5, c = 0.1) noise;
 * b = 0.5, η = 10⁻³. Measured in trajectory mode (the full per-step work: noise, gradient, clip,
 * box, basin bookkeeping) through the real worker pool, after a warm-up run so that kernel
 * compilation and worker start-up are not counted. The engines produce the same numbers bit for
 * bit, so the ratio is the whole story.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { closePool, runTrajectory, type Engine } from '../../sim/index.ts';
import { threadCpuSeconds } from '../../sim/cpu-time.ts';
import type { LandscapeSpec, NoiseSpec } from '../../model/types.ts';
import { parseNumberFlag, parseWorkers } from '../options.ts';
import { invalidOption } from '../../core/errors.ts';

interface BenchFlags {
  json?: boolean;
  seconds?: string;
  workers?: string;
  only?: string;
}

/** One measured row. */
export interface BenchRow {
  landscape: string;
  engine: Engine;
  workers: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  /** stepsPerSecond / workers. */
  stepsPerSecondPerWorker: number;
  /**
   * 1-worker rows (run in this thread): steps per second of this thread's own CPU time (Linux
   * schedstat), which other processes sharing the cores do not dilute; null elsewhere.
   */
  stepsPerCpuSecond: number | null;
}

/** One benchmark workload: a landscape and a noise law (b = 0.5, η = 10⁻³ for all). */
interface BenchCase {
  name: string;
  landscape: LandscapeSpec;
  noise: NoiseSpec;
}

const POLY: LandscapeSpec = { kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 };
const LOMAX: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };

/** The workloads, in table order (names are what `--only` matches). */
export const BENCH_CASES: readonly BenchCase[] = [
  { name: 'poly5+lomax', landscape: POLY, noise: LOMAX },
  { name: 'paper+lomax', landscape: { kind: 'paper' }, noise: LOMAX },
  { name: 'poly5+gaussian', landscape: POLY, noise: { kind: 'gaussian', scale: 0.1 } },
  { name: 'poly5+student-t', landscape: POLY, noise: { kind: 'student-t', tailIndex: 1.5, scale: 0.1 } },
  { name: 'poly5+stable', landscape: POLY, noise: { kind: 'stable', tailIndex: 1.5, scale: 0.1 } },
];
const PATHS_PER_WORKER = 32;

async function measure(c: BenchCase, engine: Engine, workers: number, stepsPerPath: number): Promise<{ steps: number; seconds: number }> {
  const r = await runTrajectory({
    landscape: c.landscape,
    noise: c.noise,
    stepSize: 0.001,
    truncation: 0.5,
    start: 0.3,
    steps: stepsPerPath,
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

/**
 * Runs the benchmark: for each workload and engine, 1 worker then `workers` workers, ~`seconds`
 * each. `cases` defaults to every workload.
 */
export async function runBench(seconds: number, workers: number, cases: readonly BenchCase[] = BENCH_CASES): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const counts = workers > 1 ? [1, workers] : [1];
  for (const c of cases) {
    for (const engine of ['ts', 'wasm'] as const) {
      for (const w of counts) {
        // Warm-up (kernel compilation, worker start) and calibration.
        const cal = await measure(c, engine, w, 1 << 16);
        const rate = cal.steps / cal.seconds / w;
        const steps = Math.max(1 << 16, Math.round((rate * seconds) / PATHS_PER_WORKER));
        const cpu0 = w === 1 ? threadCpuSeconds() : null;
        const m = await measure(c, engine, w, steps);
        const cpu1 = w === 1 ? threadCpuSeconds() : null;
        rows.push({
          landscape: c.name,
          engine,
          workers: w,
          steps: m.steps,
          seconds: m.seconds,
          stepsPerSecond: m.steps / m.seconds,
          stepsPerSecondPerWorker: m.steps / m.seconds / w,
          stepsPerCpuSecond: cpu0 !== null && cpu1 !== null && cpu1 > cpu0 ? m.steps / (cpu1 - cpu0) : null,
        });
      }
    }
  }
  return rows;
}

/** The table: one line per row, with the scaling over 1 worker and the ratio to the TS row alike. */
export function formatBench(rows: readonly BenchRow[]): string {
  const lines = [
    'workload          engine  workers  steps/s (wall)  steps/s/worker  scaling  steps/CPU-s  vs ts (wall)',
    ...rows.map((r) => {
      const one = rows.find((o) => o.landscape === r.landscape && o.engine === r.engine && o.workers === 1)!;
      const ts = rows.find((o) => o.landscape === r.landscape && o.engine === 'ts' && o.workers === r.workers);
      const ratio = r.engine === 'ts' || !ts ? '' : `${(r.stepsPerSecond / ts.stepsPerSecond).toFixed(2)}×`;
      return `${r.landscape.padEnd(18)}${r.engine.padEnd(6)}${String(r.workers).padStart(7)}  ${r.stepsPerSecond.toExponential(2).padEnd(14)}  ${r.stepsPerSecondPerWorker
        .toExponential(2)
        .padEnd(14)}  ${`${(r.stepsPerSecond / one.stepsPerSecond).toFixed(2)}×`.padEnd(7)}  ${(r.stepsPerCpuSecond === null ? '-' : r.stepsPerCpuSecond.toExponential(2)).padEnd(11)}  ${ratio}`;
    }),
  ];
  return `${lines.join('\n')}\n(trajectory mode, ${PATHS_PER_WORKER} paths per worker, b=0.5, η=1e-3; lomax α=1.2, student-t ν=1.5, stable α=1.5, all c=0.1; the ${rows.find((r) => r.workers > 1)?.workers ?? 1}-worker rows are wall-clock throughput of the workers running at once; node ${process.version}, ${availableParallelism()} cores)\n`;
}

/** Registers `htsgd bench`. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('steps per second of the simulator, one worker and all cores')
    .option('--seconds <s>', 'seconds per measurement', '3')
    .option('--workers <n>', 'workers for the parallel row (default: every core)')
    .option('--json', 'print JSON on stdout (the table goes to stderr)')
    .option('--only <names>', `comma-separated workloads (${BENCH_CASES.map((c) => c.name).join(', ')})`)
    .action(async (flags: BenchFlags) => {
      const seconds = parseNumberFlag('seconds', flags.seconds ?? '3', { min: 0.1, max: 600, domain: 'a number in [0.1, 600]' });
      const workers = parseWorkers(flags.workers, availableParallelism());
      const cases = selectCases(flags.only);
      let rows: BenchRow[];
      try {
        rows = await runBench(seconds, workers, cases);
      } finally {
        await closePool();
      }
      const table = formatBench(rows);
      if (flags.json) {
        process.stderr.write(table);
        process.stdout.write(`${JSON.stringify({ command: 'bench', node: process.version, cores: availableParallelism(), rows }, null, 2)}\n`);
      } else process.stdout.write(table);
    });
}

/** The workloads named by `--only` (all when absent). @throws InputError on an unknown name. */
function selectCases(only: string | undefined): readonly BenchCase[] {
  if (only === undefined) return BENCH_CASES;
  const names = only.split(',').map((n) => n.trim());
  for (const n of names) {
    if (!BENCH_CASES.some((c) => c.name === n)) {
      throw invalidOption('htsgd bench', 'only', `a comma-separated list of ${BENCH_CASES.map((c) => c.name).join(', ')}`, only);
    }
  }
  return BENCH_CASES.filter((c) => names.includes(c.name));
}
