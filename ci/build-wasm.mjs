#!/usr/bin/env node
// Rebuilds the WebAssembly kernels from their AssemblyScript sources with the pinned compiler
// (node_modules, version from package-lock) and compares each byte for byte with the committed file:
// exit 0 if all are identical, 1 on any difference (CI), 2 if the compiler failed.
// `node ci/build-wasm.mjs --write` replaces the committed files instead (after editing a source).
// The kernels: the 1-D one (src/sim/wasm/kernel.wasm), the planar one (src/sim/rd/wasm/kernel-rd.wasm)
// and the exact oracle's elimination (src/exact/wasm/eliminate.wasm).
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
const MODULES = [
  ['src/sim/wasm/assembly/kernel.ts', 'src/sim/wasm/kernel.wasm'],
  ['src/sim/rd/wasm/assembly/kernel-rd.ts', 'src/sim/rd/wasm/kernel-rd.wasm'],
  ['src/exact/wasm/assembly/eliminate.ts', 'src/exact/wasm/eliminate.wasm'],
];
// -O3 (not -Os: the size-optimised build changes algorithms) and SIMD, which asc does not enable by default.
const FLAGS = ['-O3', '--enable', 'simd', '--runtime', 'stub', '--noAssert'];

const require = createRequire(import.meta.url);
const ascPkg = require.resolve('assemblyscript/package.json');
const asc = join(ascPkg, '..', 'bin', 'asc.js');
const version = JSON.parse(readFileSync(ascPkg, 'utf8')).version;

const dir = mkdtempSync(join(tmpdir(), 'htsgd-wasm-'));
let status = 0;
try {
  for (const [src, bin] of MODULES) {
    const source = join(root, src);
    const committed = join(root, bin);
    const out = join(dir, 'out.wasm');
    const run = spawnSync(process.execPath, [asc, source, ...FLAGS, '--outFile', out], { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) {
      process.stderr.write(run.stdout + run.stderr);
      process.stderr.write(`build-wasm: asc ${version} failed on ${src}.\n`);
      status = 2;
      break;
    }
    const built = readFileSync(out);
    if (process.argv.includes('--write')) {
      writeFileSync(committed, built);
      console.log(`build-wasm: wrote ${bin} (${built.length} bytes, asc ${version}).`);
      continue;
    }
    let old;
    try {
      old = readFileSync(committed);
    } catch {
      old = Buffer.alloc(0);
    }
    if (Buffer.compare(old, built) !== 0) {
      process.stderr.write(
        `build-wasm: ${bin} differs from a fresh build of ${src} with asc ${version} ` +
          `(committed ${old.length} bytes, built ${built.length}). Run \`node ci/build-wasm.mjs --write\` and commit.\n`,
      );
      status = 1;
      continue;
    }
    console.log(`build-wasm: ${bin} matches its source (${built.length} bytes, asc ${version}).`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
