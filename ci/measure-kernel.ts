// Speed of the WASM kernel on the anchors' workload (issue 15 §8) and on `npm run bench`'s trajectory
// workload, measured two ways:
// - instructions per step, deterministic: `valgrind --tool=callgrind` on node running this script
//   twice (`--steps N1` and `--steps N2`, same warm-up), the difference in instructions divided by the
//   difference in steps, so start-up, compilation and warm-up cancel;
// - steps per wall-clock second, best of several runs, one worker, with the machine's load beside it.
// It also prints a checksum of the results (basin steps, transitions), which must not change when the
// kernel is made faster (same seeds, same numbers).
//   node --import tsx ci/measure-kernel.ts        (≈ 3 min; writes fixtures/measurements/kernel-anchors.txt;
//                                                  --no-write only prints)
//   node --import tsx ci/measure-kernel.ts --run anchors --steps 65536   (one run: what valgrind executes)
// valgrind runs node with --no-liftoff --single-threaded: the kernel is compiled by the optimising
// tier up front and no background thread compiles or collects at a time that depends on the clock,
// so two identical runs differ by < 0.1% (with tier-up they differed by hundreds of millions).
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { closePool, runTrajectory, type TrajectoryOptions } from '../src/sim/index.ts';

/** The workloads: the anchors' (issue 15 §8) and the bench's trajectory workload (src/cli/commands/bench.ts). */
const WORKLOADS: Record<string, Omit<TrajectoryOptions, 'steps' | 'seed'>> = {
  anchors: {
    landscape: { kind: 'polynomial', roots: [-1.6, -1.3, -0.2, 0.7, 1.5], scale: 1, box: 2 },
    noise: { kind: 'lomax', tailIndex: 1.5, scale: 1 },
    stepSize: 0.05,
    truncation: 0.5,
    start: -0.2,
  },
  bench: {
    landscape: { kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 },
    noise: { kind: 'lomax', tailIndex: 1.2, scale: 0.1 },
    stepSize: 0.001,
    truncation: 0.5,
    start: 0.3,
  },
};
const PATHS = 32;
const WARMUP_STEPS = 1 << 16;
const CG_STEPS = [1 << 14, 1 << 18];

async function run(name: string, steps: number) {
  return runTrajectory({
    ...WORKLOADS[name],
    steps,
    paths: PATHS,
    seed: 'bench',
    workers: 1,
    engine: 'wasm',
    segmentSteps: 1 << 24,
  });
}

function checksum(rows: number[][], trans: number[][]): string {
  let h = 0x811c9dc5;
  for (const v of [...rows.flat(), ...trans.flat()]) {
    const s = String(v);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 44, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const args = process.argv.slice(2);
const flag = (f: string) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);

if (flag('--run') !== undefined) {
  // One measured run after a warm-up (what valgrind executes).
  const name = flag('--run')!;
  await run(name, WARMUP_STEPS);
  const r = await run(name, Number(flag('--steps')));
  process.stdout.write(`${name} steps ${r.totalSteps} checksum ${checksum(r.basinStepsPerPath, r.transitions)}\n`);
  await closePool();
} else {
  const script = new URL(import.meta.url).pathname;
  const lines = [
    '# node --import tsx ci/measure-kernel.ts: WASM kernel, trajectory mode, one worker in this thread, 32 paths, seed "bench"',
    `# node ${process.version}; instructions from valgrind --tool=callgrind (difference of ${CG_STEPS.join(' and ')} steps per path, after a warm-up of ${WARMUP_STEPS})`,
  ];
  for (const name of Object.keys(WORKLOADS)) {
    const ir: number[] = [];
    const steps: number[] = [];
    let sum = '';
    for (const n of CG_STEPS) {
      const cg = spawnSync(
        'valgrind',
        [
          '--tool=callgrind',
          '--callgrind-out-file=/dev/null',
          process.execPath,
          '--no-liftoff',
          '--single-threaded',
          '--import',
          'tsx',
          script,
          '--run',
          name,
          '--steps',
          String(n),
        ],
        { encoding: 'utf8' },
      );
      const m = /Collected : (\d+)/.exec(cg.stderr);
      const out = /steps (\d+) checksum (\w+)/.exec(cg.stdout);
      if (!m || !out) throw new Error(`valgrind failed:\n${cg.stderr.slice(-2000)}`);
      ir.push(Number(m[1]));
      steps.push(Number(out[1]));
      sum = out[2];
    }
    const perStep = (ir[1] - ir[0]) / (steps[1] - steps[0]);
    // Wall clock: best of 5 runs of ~1 s each, after a warm-up.
    await run(name, WARMUP_STEPS);
    let best = 0;
    const load0 = loadavg()[0];
    for (let i = 0; i < 5; i++) {
      const r = await run(name, 1 << 20);
      best = Math.max(best, r.totalSteps / r.seconds);
    }
    const full = await run(name, 1 << 20);
    lines.push(
      `${name}: ${perStep.toFixed(1)} instructions/step; best of 5 wall-clock: ${best.toExponential(2)} steps/s ` +
        `(1-min load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores); checksum ${sum} (${CG_STEPS[1]} steps), ${checksum(full.basinStepsPerPath, full.transitions)} (${1 << 20} steps)`,
    );
    process.stderr.write(`${lines[lines.length - 1]}\n`);
  }
  await closePool();
  const text = `${lines.join('\n')}\n`;
  if (!args.includes('--no-write'))
    writeFileSync(new URL('../fixtures/measurements/kernel-anchors.txt', import.meta.url), text);
  process.stdout.write(text);
}
