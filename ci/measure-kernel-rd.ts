// Speed of the planar WASM kernel (issue 16 §7) on `npm run bench`'s planar workload (quartic2d+lomax,
// src/cli/commands/bench-rd.ts: 2-D quartic well, isotropic Lomax α = 1.5, exit mode), two ways:
// - instructions per step, deterministic: `valgrind --tool=callgrind` on node running this script
//   with `--run N` for two chain counts, the difference in instructions over the difference in steps
//   (start-up, compilation and the landscape's probe check cancel); node runs with --no-liftoff
//   --single-threaded so that compilation happens up front and no background thread interferes;
// - steps per wall-clock second and per CPU second of this thread, best of 5 runs of 4096 chains,
//   with the 1-min load average beside them (the cores are shared).
// It also prints a checksum of the exit steps (which a faster kernel must not change).
//   node --import tsx ci/measure-kernel-rd.ts            (≈ 2 min; writes fixtures/measurements/kernel-rd.txt;
//                                                          --no-write only prints)
//   node --import tsx ci/measure-kernel-rd.ts --run 512  (one run: what valgrind executes)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { wellLandscape } from '../src/model/rd/index.ts';
import { runExitRd, type ExitResultRd } from '../src/sim/rd/index.ts';
import { threadCpuSeconds } from '../src/sim/cpu-time.ts';

const landscape = wellLandscape({ curvature: [1, 4], power: 4, domain: [1, 1.3] });

function run(chains: number, engine: 'auto' | 'ts' = 'auto'): ExitResultRd {
  return runExitRd({
    landscape,
    noise: { kind: 'lomax', tailIndex: 1.5, scale: 0.3, dimension: 2 },
    stepSize: 0.02,
    truncation: 1.2,
    basin: 1,
    chains,
    seed: 'bench',
    maxSteps: 1e6,
    engine,
  });
}

function checksum(r: ExitResultRd): string {
  let h = 0x811c9dc5;
  for (const v of r.exitSteps) h = Math.imul(h ^ v, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const runAt = process.argv.indexOf('--run');
if (runAt >= 0) {
  const r = run(Number(process.argv[runAt + 1]));
  process.stdout.write(`${r.totalSteps} ${r.engine}\n`);
} else {
  const CHAINS = [256, 2304];
  const counts = CHAINS.map((n) => {
    const v = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        '--callgrind-out-file=/dev/null',
        process.execPath,
        '--no-liftoff',
        '--single-threaded',
        '--import',
        'tsx',
        'ci/measure-kernel-rd.ts',
        '--run',
        String(n),
      ],
      { encoding: 'utf8' },
    );
    const ir = /Collected : (\d+)/.exec(v.stderr);
    const steps = Number(v.stdout.trim().split(' ')[0]);
    if (!ir || !(steps > 0)) throw new Error(`valgrind failed: ${v.stderr.slice(-500)}`);
    return { ir: Number(ir[1]), steps };
  });
  const perStep = (counts[1].ir - counts[0].ir) / (counts[1].steps - counts[0].steps);
  const lines = [
    '# node --import tsx ci/measure-kernel-rd.ts: planar WASM kernel, exit mode, one thread, the bench workload quartic2d+lomax',
    `# node ${process.version}; instructions from valgrind --tool=callgrind (difference of ${CHAINS.join(' and ')} chains)`,
    `instructions per step: ${perStep.toFixed(1)}`,
  ];
  for (const engine of ['auto', 'ts'] as const) {
    run(512, engine); // warm-up
    let best = { wall: 0, cpu: 0 };
    const load0 = loadavg()[0];
    let r: ExitResultRd | null = null;
    for (let k = 0; k < 5; k++) {
      const c0 = threadCpuSeconds();
      r = run(4096, engine);
      const c1 = threadCpuSeconds();
      const wall = r.totalSteps / r.seconds;
      const cpu = c0 !== null && c1 !== null ? r.totalSteps / (c1 - c0) : 0;
      if (wall > best.wall) best = { wall, cpu };
    }
    const load1 = loadavg()[0];
    lines.push(
      `${r?.engine}: best of 5 (4096 chains, ${r?.totalSteps} steps): ${best.wall.toExponential(3)} steps/s wall, ` +
        `${best.cpu.toExponential(3)} steps per CPU-second of this thread (1-min load ${load0.toFixed(1)} → ${load1.toFixed(1)} on 2 cores); checksum ${r ? checksum(r) : ''}`,
    );
  }
  console.log(lines.join('\n'));
  if (!process.argv.includes('--no-write'))
    writeFileSync(new URL('../fixtures/measurements/kernel-rd.txt', import.meta.url), `${lines.join('\n')}\n`);
}
