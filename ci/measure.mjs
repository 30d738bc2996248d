#!/usr/bin/env node
// Regenerates the measurements that comments and tolerance reasons cite, from the seeded tests that
// compute them: runs vitest on the given files with HTSGD_MEASURE=1, keeps the `measure <name> = …`
// lines (ci/test-support/measure.ts), prints them sorted and writes them to
// fixtures/measurements/<name>.txt with the command that produced them.
//   node ci/measure.mjs <name> <test file or folder>...      (npm run measure:<name>)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [name, ...targets] = process.argv.slice(2);
if (!name || targets.length === 0) {
  console.error('usage: node ci/measure.mjs <name> <test file or folder>...');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const run = spawnSync('npx', ['vitest', 'run', '--config', 'ci/vitest.config.ts', ...targets], {
  cwd: root,
  env: { ...process.env, HTSGD_MEASURE: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
// eslint-disable-next-line no-control-regex -- strips terminal colours, should a reporter force them
const plain = `${run.stdout}\n${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
const lines = [
  ...new Set(
    plain
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('measure ')),
  ),
].sort();
if (run.status !== 0 || lines.length === 0) {
  process.stderr.write(run.stdout + run.stderr);
  console.error(`measure ${name}: the tests failed or printed no measurement`);
  process.exit(1);
}
const text = `# npm run measure:${name}  (node ci/measure.mjs ${name} ${targets.join(' ')})\n${lines.join('\n')}\n`;
mkdirSync(new URL('../fixtures/measurements/', import.meta.url), { recursive: true });
writeFileSync(new URL(`../fixtures/measurements/${name}.txt`, import.meta.url), text);
process.stdout.write(text);
