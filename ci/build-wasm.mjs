#!/usr/bin/env node
// Rebuilds src/sim/wasm/kernel.wasm from src/sim/wasm/assembly/kernel.ts with the pinned
// AssemblyScript compiler (node_modules, version from package-lock) and compares it byte for byte
// with the committed file: exit 0 if identical, 1 on any difference (CI), 2 if the compiler failed.
// `node ci/build-wasm.mjs --write` replaces the committed file instead (after editing the source).
//
// Why commit the binary rather than build at install time: users need no compiler, the module is
// small (~20 KB), and asc output is deterministic for a given compiler version, so this check
// proves the committed bytes come from the committed source.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'src/sim/wasm/assembly/kernel.ts');
const committed = join(root, 'src/sim/wasm/kernel.wasm');
// -O3 (not -Os: the size-optimised build changes algorithms) and SIMD, which asc does not enable by default.
const FLAGS = ['-O3', '--enable', 'simd', '--runtime', 'stub', '--noAssert'];

const require = createRequire(import.meta.url);
const ascPkg = require.resolve('assemblyscript/package.json');
const asc = join(ascPkg, '..', 'bin', 'asc.js');
const version = JSON.parse(readFileSync(ascPkg, 'utf8')).version;

const dir = mkdtempSync(join(tmpdir(), 'htsgd-wasm-'));
try {
  const out = join(dir, 'kernel.wasm');
  const run = spawnSync(process.execPath, [asc, source, ...FLAGS, '--outFile', out], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    process.stderr.write(`build-wasm: asc ${version} failed.\n`);
    process.exit(2);
  }
  const built = readFileSync(out);
  if (process.argv.includes('--write')) {
    writeFileSync(committed, built);
    console.log(`build-wasm: wrote src/sim/wasm/kernel.wasm (${built.length} bytes, asc ${version}).`);
    process.exit(0);
  }
  let old;
  try {
    old = readFileSync(committed);
  } catch {
    old = Buffer.alloc(0);
  }
  if (Buffer.compare(old, built) !== 0) {
    process.stderr.write(
      `build-wasm: src/sim/wasm/kernel.wasm differs from a fresh build of assembly/kernel.ts with asc ${version} ` +
        `(committed ${old.length} bytes, built ${built.length}). Run \`node ci/build-wasm.mjs --write\` and commit.\n`,
    );
    process.exit(1);
  }
  console.log(`build-wasm: kernel.wasm matches its source (${built.length} bytes, asc ${version}).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
