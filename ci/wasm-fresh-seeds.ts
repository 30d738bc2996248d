// The WASM ≡ TS kernel properties (properties/wasm-identity.ts, the ones properties/wasm.test.ts runs
// with pinned seeds) under fresh fast-check seeds, each seed in its own node process killed after a
// timeout: the evidence that no input makes the WASM kernel loop (a faster trajectory kernel once
// hung CI under a fresh seed: its visit windows stepped through every double between 0 and ~1e-17
// when a minimum sat exactly ε from 0). Seeds are printed, so any failure or hang replays with
// `--seed S`.
//   npm run measure:wasm-seeds                      (200 seeds; writes fixtures/measurements/wasm-fresh-seeds.txt)
//   npm run measure:wasm-seeds -- --seeds 20 --no-write
//   node --import tsx ci/wasm-fresh-seeds.ts --seed 123456   (one seed, in this process)
import { spawnSync } from 'node:child_process';
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
  const timeout = Number(flag('--timeout') ?? 120);
  const script = new URL(import.meta.url).pathname;
  const lines = [
    `# npm run measure:wasm-seeds -- --seeds ${n} --timeout ${timeout}: properties/wasm-identity.ts (exit ${EXIT_RUNS} runs, trajectory ${TRAJECTORY_RUNS} runs) under fresh fast-check seeds, one node process per seed, killed after ${timeout} s`,
    `# node ${process.version}, ${availableParallelism()} cores shared with other jobs (1-min load at start ${loadavg()[0].toFixed(1)})`,
  ];
  let ok = 0;
  let failed = 0;
  let hung = 0;
  let slowest = 0;
  for (let i = 0; i < n; i++) {
    const seed = randomInt(0, 0x7fffffff);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--seed', String(seed)], {
      encoding: 'utf8',
      timeout: timeout * 1000,
    });
    const wall = (performance.now() - t0) / 1000;
    let line: string;
    if (r.error !== undefined || r.signal !== null) {
      hung++;
      line = `seed ${seed}: HUNG (killed after ${wall.toFixed(0)} s)`;
    } else if (r.status !== 0 || r.stdout.includes('FAIL')) {
      failed++;
      line = `seed ${seed}: ${r.stdout.trim() || r.stderr.trim().split('\n').slice(-3).join(' ')}`;
    } else {
      ok++;
      slowest = Math.max(slowest, wall);
      line = `seed ${seed}: ${r.stdout.trim()}`;
    }
    lines.push(line);
    process.stderr.write(`[${i + 1}/${n}] ${line}\n`);
  }
  lines.push(
    `# ${ok} seeds passed, ${failed} failed, ${hung} hung; slowest passing seed ${slowest.toFixed(1)} s wall (process start included); 1-min load at end ${loadavg()[0].toFixed(1)}`,
  );
  const text = `${lines.join('\n')}\n`;
  if (!args.includes('--no-write'))
    writeFileSync(new URL('../fixtures/measurements/wasm-fresh-seeds.txt', import.meta.url), text);
  process.stdout.write(text);
}
