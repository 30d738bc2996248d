// The WASM ≡ TS kernel properties (properties/wasm-identity.ts, the ones properties/wasm.test.ts runs
// with pinned seeds) under fresh fast-check seeds, each seed in its own node process killed after a
// timeout: the evidence that no input makes the WASM kernel loop (a faster trajectory kernel once
// hung CI under a fresh seed: its visit windows stepped through every double between 0 and ~1e-17
// when a minimum sat exactly ε from 0). Seeds are printed, so any failure or hang replays with
// `--seed S`.
//   npm run measure:wasm-seeds                      (200 seeds; writes fixtures/measurements/wasm-fresh-seeds.txt)
//   npm run measure:wasm-seeds -- --seeds 20 --jobs 2 --no-write
//   npm run measure:wasm-seeds -- --seed-list 1609864327,2132506967 --no-write
//   node --import tsx ci/wasm-fresh-seeds.ts --seed 123456   (one seed, in this process)
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  EXIT_RUNS,
  exitIdentityProperty,
  TRAJECTORY_RUNS,
  trajectoryIdentityProperty,
} from '../properties/wasm-identity.ts';

const args = process.argv.slice(2);
const flag = (f: string) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);

if (flag('--seed') !== undefined) {
  const seed = Number(flag('--seed'));
  const t0 = performance.now();
  const one = <T>(name: string, prop: fc.IProperty<T>, numRuns: number) => {
    const r = fc.check(prop, { numRuns, seed });
    return r.failed
      ? `${name} FAIL ${fc.stringify(r.counterexample)} (path ${r.counterexamplePath})`
      : `${name} ok ${r.numRuns}`;
  };
  const parts = [
    one('exit', exitIdentityProperty(), EXIT_RUNS),
    one('trajectory', trajectoryIdentityProperty(), TRAJECTORY_RUNS),
  ];
  process.stdout.write(`${parts.join('; ')}; ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
} else {
  const n = Number(flag('--seeds') ?? 200);
  // A CPU-time limit, not a wall-clock one: on a loaded machine a starved child can take minutes of
  // wall time for its ~2 s of CPU (a first run with a 120-s wall timeout killed three passing seeds
  // that way), while a looping child burns CPU and is killed by the kernel (SIGXCPU).
  const cpuLimit = Number(flag('--cpu-limit') ?? 60);
  const jobs = Number(flag('--jobs') ?? 1);
  const given = flag('--seed-list')?.split(',').map(Number);
  const seeds = given ?? Array.from({ length: n }, () => randomInt(0, 0x7fffffff));
  const script = new URL(import.meta.url).pathname;
  const lines = [
    `# npm run measure:wasm-seeds -- ${given ? `--seed-list ${given.join(',')}` : `--seeds ${n}`} --cpu-limit ${cpuLimit} --jobs ${jobs}: properties/wasm-identity.ts (exit ${EXIT_RUNS} runs, trajectory ${TRAJECTORY_RUNS} runs) under fresh fast-check seeds, one node process per seed, killed after ${cpuLimit} s of CPU time (ulimit -t)`,
    `# node ${process.version}, ${availableParallelism()} cores shared with other jobs (1-min load at start ${loadavg()[0].toFixed(1)})`,
  ];
  let ok = 0;
  let failed = 0;
  let hung = 0;
  let slowest = 0;
  const results: string[] = new Array<string>(seeds.length);
  const runOne = (seed: number) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => {
      const child = spawn(
        'sh',
        [
          '-c',
          `ulimit -t ${cpuLimit}; exec "$0" --import tsx "$1" --seed "$2"`,
          process.execPath,
          script,
          String(seed),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code, signal) => resolve({ code, signal, out, err }));
    });
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const k = next++;
      const seed = seeds[k];
      const t0 = performance.now();
      const r = await runOne(seed);
      const wall = (performance.now() - t0) / 1000;
      let line: string;
      if (r.signal !== null || r.code === 152 || r.code === 137) {
        hung++;
        line = `seed ${seed}: HUNG (killed by ${r.signal ?? `exit ${r.code}`} after ${wall.toFixed(0)} s wall, CPU limit ${cpuLimit} s)`;
      } else if (r.code !== 0 || r.out.includes('FAIL')) {
        failed++;
        line = `seed ${seed}: ${r.out.trim() || r.err.trim().split('\n').slice(-3).join(' ')}`;
      } else {
        ok++;
        slowest = Math.max(slowest, wall);
        line = `seed ${seed}: ${r.out.trim()} (${wall.toFixed(1)} s wall)`;
      }
      results[k] = line;
      done++;
      process.stderr.write(`[${done}/${seeds.length}] ${line}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  lines.push(...results);
  lines.push(
    `# ${ok} seeds passed, ${failed} failed, ${hung} hung; slowest passing seed ${slowest.toFixed(1)} s wall (process start included); 1-min load at end ${loadavg()[0].toFixed(1)}`,
  );
  const text = `${lines.join('\n')}\n`;
  if (!args.includes('--no-write'))
    writeFileSync(new URL('../fixtures/measurements/wasm-fresh-seeds.txt', import.meta.url), text);
  process.stdout.write(text);
}
