/**
 * `htsgd bench [--json] [--seconds s] [--workers n]`: steps per second of the simulator, on one
 * worker and on all (default: every core), for a cheap polynomial landscape and the paper's landscape
 * with the paper's Lomax noise (α = 1.2, c = 0.1, b = 0.5, η = 10⁻³). Measured in trajectory mode
 * (the full per-step work: noise, gradient, clip, box, basin bookkeeping), after a warm-up run so
 * that kernel compilation and worker start-up are not counted. Both engines ('ts', 'wasm') are
 * measured; they produce the same numbers, so the ratio is the whole story.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { closePool, runTrajectory, type Engine } from '../../sim/index.ts';
import type { LandscapeSpec, NoiseSpec } from '../../model/types.ts';
import { parseNumberFlag, parseWorkers } from '../options.ts';

interface BenchFlags {
  json?: boolean;
  seconds?: string;
  workers?: string;
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

/** This thread's CPU time in seconds (Linux), or null. */
function threadCpuSeconds(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return null;
  }
}

const CASES: Array<{ name: string; landscape: LandscapeSpec }> = [
  { name: 'poly(-1,-0.3,0.4,1,1.5)', landscape: { kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 } },
  { name: 'paper', landscape: { kind: 'paper' } },
];
const PATHS_PER_WORKER = 32;
const NOISE: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };

async function measure(landscape: LandscapeSpec, engine: Engine, workers: number, stepsPerPath: number): Promise<{ steps: number; seconds: number }> {
  const r = await runTrajectory({
    landscape,
    noise: NOISE,
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

/** Runs the benchmark: for each landscape, 1 worker then `workers` workers, ~`seconds` each. */
export async function runBench(seconds: number, workers: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const counts = workers > 1 ? [1, workers] : [1];
  for (const c of CASES) {
    for (const engine of ['ts', 'wasm'] as const) {
    for (const w of counts) {
      // Warm-up (kernel compilation, worker start) and calibration.
      const cal = await measure(c.landscape, engine, w, 1 << 16);
      const rate = cal.steps / cal.seconds / w;
      const steps = Math.max(1 << 16, Math.round((rate * seconds) / PATHS_PER_WORKER));
      const cpu0 = w === 1 ? threadCpuSeconds() : null;
      const m = await measure(c.landscape, engine, w, steps);
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

/** Registers `htsgd bench`. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('steps per second of the simulator, one worker and all cores')
    .option('--seconds <s>', 'seconds per measurement', '3')
    .option('--workers <n>', 'workers for the parallel row (default: every core)')
    .option('--json', 'print JSON on stdout (the table goes to stderr)')
    .action(async (flags: BenchFlags) => {
      const seconds = parseNumberFlag('seconds', flags.seconds ?? '3', { min: 0.1, max: 600, domain: 'a number in [0.1, 600]' });
      const workers = parseWorkers(flags.workers, availableParallelism());
      let rows: BenchRow[];
      try {
        rows = await runBench(seconds, workers);
      } finally {
        await closePool();
      }
      const lines = [
        'landscape                  engine  workers  steps/s     steps/s/worker  scaling  steps/CPU-s',
        ...rows.map((r) => {
          const one = rows.find((o) => o.landscape === r.landscape && o.engine === r.engine && o.workers === 1)!;
          return `${r.landscape.padEnd(27)}${r.engine.padEnd(6)}${String(r.workers).padStart(7)}  ${r.stepsPerSecond.toExponential(2).padEnd(10)}  ${r.stepsPerSecondPerWorker
            .toExponential(2)
            .padEnd(14)}  ${`${(r.stepsPerSecond / one.stepsPerSecond).toFixed(2)}×`.padEnd(7)}  ${r.stepsPerCpuSecond === null ? '-' : r.stepsPerCpuSecond.toExponential(2)}`;
        }),
      ];
      const table = `${lines.join('\n')}\n(lomax α=1.2 c=0.1, b=0.5, η=1e-3, trajectory mode; wasm falls back to ts on the paper landscape; node ${process.version}, ${availableParallelism()} cores)\n`;
      if (flags.json) {
        process.stderr.write(table);
        process.stdout.write(`${JSON.stringify({ command: 'bench', node: process.version, cores: availableParallelism(), rows }, null, 2)}\n`);
      } else process.stdout.write(table);
    });
}
