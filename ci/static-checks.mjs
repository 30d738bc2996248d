#!/usr/bin/env node
/**
 * The static half of `npm test`, two at a time: typecheck, layer check, lint, format check and the
 * wasm byte check. They were run one after another (~25 s on an idle 2-core machine, measured with
 * `time npm run typecheck` etc.); on two cores, pairs finish in about half that, which keeps
 * `npm test` under its 3-minute budget. Each command's output is printed whole, in order, after it
 * ends; the exit code is the first failure's.
 */
import { spawn } from 'node:child_process';

const CHECKS = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['format:check', 'npm', ['run', '-s', 'format:check']],
  ['layers', 'node', ['ci/check-layers.mjs']],
  ['wasm bytes', 'node', ['ci/build-wasm.mjs']],
];
const PARALLEL = 2;

function run([name, cmd, args]) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ name, code: code ?? 1, out, seconds: (Date.now() - t0) / 1000 }));
  });
}

const results = new Array(CHECKS.length);
let next = 0;
async function lane() {
  while (next < CHECKS.length) {
    const i = next++;
    results[i] = await run(CHECKS[i]);
  }
}
await Promise.all(Array.from({ length: PARALLEL }, lane));
let failed = 0;
for (const r of results) {
  process.stdout.write(`── ${r.name} (${r.seconds.toFixed(1)} s): ${r.code === 0 ? 'ok' : `failed, exit ${r.code}`}\n`);
  if (r.code !== 0 || /warning/i.test(r.out))
    process.stdout.write(r.out.endsWith('\n') || r.out === '' ? r.out : `${r.out}\n`);
  if (r.code !== 0 && failed === 0) failed = r.code;
}
process.exit(failed);
