#!/usr/bin/env node
// `npm run build` (also run by `prepack`): the compiled package. tsc compiles src/ and theorems/
// (tests excluded) to JavaScript with type declarations under dist/ (tsconfig.build.json; the
// sources import with .ts extensions, which `rewriteRelativeImportExtensions` turns into .js), then
// the files tsc does not emit are copied beside their modules: the worker-thread entries (*.mjs,
// loaded by URL) and the WebAssembly kernels (src/sim/wasm/kernel.wasm, src/exact/wasm/eliminate.wasm
// and the planar one). dist/ is rebuilt from scratch each time, so nothing stale is ever packed.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// tsc's output goes to stderr, so that stdout stays clean for `npm pack --json`.
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });
if (r.status !== 0) process.exit(r.status ?? 1);

/** Files of src/ that tsc leaves alone but the compiled modules load at run time. */
const ASSET = /\.(mjs|wasm)$/;
function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'assembly') yield* walk(p); // the AssemblyScript source is compiled by ci/build-wasm.mjs
    } else if (ASSET.test(name)) yield p;
  }
}
let copied = 0;
for (const file of walk(join(root, 'src'))) {
  const to = join(dist, relative(root, file));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(file, to);
  copied++;
}
if (!existsSync(join(dist, 'src/sim/wasm/kernel.wasm'))) {
  console.error('build: src/sim/wasm/kernel.wasm is missing (npm run build:wasm)');
  process.exit(1);
}
console.error(`build: dist/ written (tsc, and ${copied} worker entries and wasm files copied)`);
