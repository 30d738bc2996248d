#!/usr/bin/env node
// The bin. In the repository the TypeScript sources sit beside this file and run through tsx's loader
// (no build step while developing; worker threads register the same loader, src/sim/worker-entry.mjs).
// A packed install ships no sources, only this file and the compiled JavaScript of `npm run build`
// (dist/src, dist/theorems), which runs on plain Node. Sources first, so a stale dist/ in a checkout
// is never run by mistake.
//
// The composition root: the one file of src/ that imports theorems/ (ci/check-layers.mjs allows it
// by name), to hand the registry to the command line; nothing else in src/ knows the declarations.
import { existsSync } from 'node:fs';

let main, registry;
if (existsSync(new URL('./main.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
  ({ registry } = await import('../../theorems/index.ts'));
} else {
  ({ main } = await import('../../dist/src/cli/main.js'));
  ({ registry } = await import('../../dist/theorems/index.js'));
}
process.exitCode = await main(process.argv.slice(2), { registry });
