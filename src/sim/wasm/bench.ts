/**
 * `benchWasm`: steps per second of the WASM kernel next to the TypeScript kernel, on one thread and
 * on `workers` worker threads at once, as ratios. Main workload (exit mode, the runner's hot path): the
 * polynomial landscape f' = (x+1)(x+0.3)(x−0.4)(x−1)(x−1.5) on [−2, 2], Lomax α = 1.2, c = 0.1,
 * b = 0.5, η = 10⁻³, chains started at m₂ = 0.4, chunks of 256 chains; one thread also for Gaussian
 * noise and for the paper's landscape. Per-thread CPU time
 * (/proc/thread-self/schedstat) is reported too, since other processes sharing the cores dilute
 * wall-clock rates.
 *
 * Run: `node --import tsx -e "import('./src/sim/wasm/bench.ts').then(m => m.printBenchWasm())"`.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { tsKernel } from '../kernel-ts.ts';
import { threadCpuSeconds } from '../cpu-time.ts';
import { createWasmKernel, wasmKernel } from './index.ts';
import { paperLandscape } from '../../model/landscapes.ts';
import { deriveKey } from '../../rng/seeds.ts';
import type { ExitChunkTask, Kernel } from '../types.ts';

/** One measured configuration. */
export interface BenchWasmRow {
  /** Workload: `poly5+lomax` (threads 1 and n), `poly5+gaussian`, `paper+lomax`, `poly5+student-t`, `poly5+stable` (1 thread). */
  workload: Workload;
  kernel: 'ts' | 'wasm';
  threads: number;
  steps: number;
  seconds: number;
  /** Steps per wall-clock second, summed over threads. */
  stepsPerSecond: number;
  /** Steps per CPU-second of the measuring thread(s) (Linux), or null. */
  stepsPerCpuSecond: number | null;
}

const LANDSCAPE: ExitChunkTask['landscape'] = {
  spec: { kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 },
  gradientSource: 'g = 1.0 * (x + 1.0) * (x + 0.3) * (x - 0.4) * (x - 1.0) * (x - 1.5);',
  box: 2,
  minima: [-1, 0.4, 1.5],
  saddles: [-0.3, 1],
};

type Workload = 'poly5+lomax' | 'poly5+gaussian' | 'paper+lomax' | 'poly5+student-t' | 'poly5+stable';

function task(workload: Workload, firstChain: number): ExitChunkTask {
  const base = {
    landscape: LANDSCAPE, noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 }, stepSize: 1e-3, truncation: 0.5,
    key: deriveKey({ seed: 'bench', path: 'wasm' }), basin: 2, start: 0.4, maxSteps: 1e6, firstChain, chainCount: 256,
  } as const;
  if (workload === 'poly5+gaussian') return { ...base, noise: { kind: 'gaussian', scale: 1.2 }, stepSize: 0.01 };
  if (workload === 'poly5+student-t') return { ...base, noise: { kind: 'student-t', tailIndex: 1.5, scale: 0.1 } };
  if (workload === 'poly5+stable') return { ...base, noise: { kind: 'stable', tailIndex: 1.5, scale: 0.1 } };
  if (workload === 'paper+lomax') {
    const p = paperLandscape();
    const landscape = { spec: p.spec, gradientSource: p.gradientSource, box: p.box, minima: p.minima, saddles: p.saddles };
    return { ...base, landscape, start: p.minima[1] };
  }
  return base;
}

/** Runs chunks on `kernel` in this thread for about `seconds`; returns steps, wall and CPU seconds. */
function runFor(kernel: Kernel, seconds: number, workload: Workload = 'poly5+lomax'): { steps: number; seconds: number; cpu: number | null } {
  const t0 = performance.now();
  const c0 = threadCpuSeconds();
  let steps = 0;
  let chunk = 0;
  do {
    steps += kernel.runExitChunk(task(workload, 256 * chunk++)).totalSteps;
  } while (performance.now() - t0 < seconds * 1000);
  const c1 = threadCpuSeconds();
  return { steps, seconds: (performance.now() - t0) / 1000, cpu: c0 !== null && c1 !== null ? c1 - c0 : null };
}

const KERNELS = { ts: tsKernel, wasm: wasmKernel } as const;
/** The paper's landscape on the default WASM kernel (bit-identical to TS). */
const PAPER_WASM = createWasmKernel();

// Worker side: measure and post the numbers back.
if (!isMainThread && workerData?.htsgdBenchWasm) {
  const { kernel, seconds } = workerData as { kernel: 'ts' | 'wasm'; seconds: number };
  runFor(KERNELS[kernel], 0.3); // warm-up (compilation, tier-up)
  parentPort!.postMessage(runFor(KERNELS[kernel], seconds));
}

function inWorkers(kernel: 'ts' | 'wasm', threads: number, seconds: number): Promise<Array<{ steps: number; seconds: number; cpu: number | null }>> {
  const self = new URL(import.meta.url).href;
  const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(self)}); });`;
  return Promise.all(
    Array.from({ length: threads }, () => new Promise<{ steps: number; seconds: number; cpu: number | null }>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { htsgdBenchWasm: true, kernel, seconds } });
      w.once('message', (m) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    })),
  );
}

/**
 * Measures both kernels on 1 thread (this one) and on `workers` worker threads (default 2), about
 * `seconds` each. Numbers only; nothing is validated beyond `seconds > 0`, `workers ≥ 1`.
 */
export async function benchWasm(seconds = 2, workers = 2): Promise<BenchWasmRow[]> {
  const rows: BenchWasmRow[] = [];
  for (const workload of ['poly5+gaussian', 'paper+lomax', 'poly5+student-t', 'poly5+stable'] as const) {
    for (const kernel of ['ts', 'wasm'] as const) {
      const k = kernel === 'wasm' && workload === 'paper+lomax' ? PAPER_WASM : KERNELS[kernel];
      runFor(k, 0.3, workload);
      const one = runFor(k, seconds, workload);
      rows.push({
        workload, kernel, threads: 1, steps: one.steps, seconds: one.seconds, stepsPerSecond: one.steps / one.seconds,
        stepsPerCpuSecond: one.cpu ? one.steps / one.cpu : null,
      });
    }
  }
  for (const kernel of ['ts', 'wasm'] as const) {
    runFor(KERNELS[kernel], 0.3);
    const one = runFor(KERNELS[kernel], seconds);
    rows.push({
      workload: 'poly5+lomax', kernel, threads: 1, steps: one.steps, seconds: one.seconds, stepsPerSecond: one.steps / one.seconds,
      stepsPerCpuSecond: one.cpu ? one.steps / one.cpu : null,
    });
    if (workers > 1) {
      const parts = await inWorkers(kernel, workers, seconds);
      const steps = parts.reduce((s, p) => s + p.steps, 0);
      const cpu = parts.every((p) => p.cpu) ? parts.reduce((s, p) => s + (p.cpu ?? 0), 0) : null;
      const rate = parts.reduce((s, p) => s + p.steps / p.seconds, 0);
      rows.push({
        workload: 'poly5+lomax', kernel, threads: workers, steps, seconds: Math.max(...parts.map((p) => p.seconds)), stepsPerSecond: rate,
        stepsPerCpuSecond: cpu ? steps / cpu : null,
      });
    }
  }
  return rows;
}

/** Prints `benchWasm` as a table with WASM/TS ratios. */
export async function printBenchWasm(seconds = 2, workers = 2): Promise<void> {
  const rows = await benchWasm(seconds, workers);
  const lines = ['workload        kernel  threads  steps/s (wall)  steps/CPU-s  ratio wasm/ts (wall, CPU)'];
  for (const r of rows) {
    const ts = rows.find((o) => o.workload === r.workload && o.kernel === 'ts' && o.threads === r.threads)!;
    const ratio = r.kernel === 'wasm'
      ? `${(r.stepsPerSecond / ts.stepsPerSecond).toFixed(2)}×, ${r.stepsPerCpuSecond && ts.stepsPerCpuSecond ? (r.stepsPerCpuSecond / ts.stepsPerCpuSecond).toFixed(2) : '-'}×`
      : '';
    lines.push(`${r.workload.padEnd(16)}${r.kernel.padEnd(8)}${String(r.threads).padStart(7)}  ${r.stepsPerSecond.toExponential(2).padEnd(14)}  ${(r.stepsPerCpuSecond?.toExponential(2) ?? '-').padEnd(11)}  ${ratio}`);
  }
  process.stdout.write(`${lines.join('\n')}\n(exit mode, b=0.5; lomax α=1.2 c=0.1 η=1e-3; gaussian c=1.2 η=1e-2; paper on WASM (bit-identical); node ${process.version})\n`);
}
