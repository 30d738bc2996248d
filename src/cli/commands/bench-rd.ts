/**
 * The planar row of `htsgd bench` (issue 16 §7): exit mode of the 2-D chain on an anisotropic quartic
 * well with isotropic Lomax noise, on the TypeScript reference and on the planar WASM kernel
 * (src/sim/rd/wasm), which give the same numbers bit for bit. One worker: the R^d runner runs in this
 * thread. Workload: f = x⁴/4 + 4y⁴/4, exit domain the ellipse with semi-axes (1, 1.3), b = 1.2,
 * Lomax α = 1.5, c = 0.3, η = 0.02, chains from the minimum (the `quartic-well-J1` case of
 * src/experiments/rd-exit-order.ts at its smaller step: ≈ 2.9·10³ steps a chain, so that a measured
 * run holds thousands of chains, as real runs do).
 */
import { wellLandscape, type LandscapeRd, type NoiseSpecRd } from '../../model/rd/index.ts';
import { runExitRd } from '../../sim/rd/index.ts';
import { threadCpuSeconds } from '../../sim/cpu-time.ts';
import type { CorrectEngine } from '../../sim/index.ts';

/** One measured planar run (bench.ts makes it a table row). */
export interface PlanarMeasurement {
  engine: CorrectEngine;
  steps: number;
  seconds: number;
  /** This thread's CPU seconds (null where unreadable). */
  cpuSeconds: number | null;
}

/** The planar workload's name (what `--only` matches). */
export const BENCH_RD_NAME = 'quartic2d+lomax';

const NOISE: NoiseSpecRd = { kind: 'lomax', tailIndex: 1.5, scale: 0.3, dimension: 2 };
const STEP_SIZE = 0.02;
const TRUNCATION = 1.2;
const WARMUP_CHAINS = 256;
const MIN_CHAINS = 1024;

function run(landscape: LandscapeRd, engine: CorrectEngine, chains: number): { steps: number; seconds: number } {
  const r = runExitRd({
    landscape,
    noise: NOISE,
    stepSize: STEP_SIZE,
    truncation: TRUNCATION,
    basin: 1,
    chains,
    seed: 'bench',
    maxSteps: 1e6,
    engine: engine === 'ts' ? 'ts' : 'auto',
  });
  if (engine === 'wasm' && r.engine !== 'wasm') throw new Error('bench: the planar WASM kernel did not run');
  return { steps: r.totalSteps, seconds: r.seconds };
}

/**
 * The planar runs: per engine, a warm-up run that sizes the measurement, then ~`seconds` of measured
 * work, in this thread.
 */
export function runBenchRd(engines: readonly CorrectEngine[], seconds: number): PlanarMeasurement[] {
  const landscape = wellLandscape({ curvature: [1, 4], power: 4, domain: [1, 1.3] });
  return engines.map((engine) => {
    const cal = run(landscape, engine, WARMUP_CHAINS);
    const perChain = cal.steps / WARMUP_CHAINS;
    const chains = Math.max(MIN_CHAINS, Math.round(((cal.steps / cal.seconds) * seconds) / perChain));
    const thread0 = threadCpuSeconds();
    const m = run(landscape, engine, chains);
    const thread1 = threadCpuSeconds();
    return { engine, ...m, cpuSeconds: thread0 !== null && thread1 !== null ? thread1 - thread0 : null };
  });
}
