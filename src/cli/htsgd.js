#!/usr/bin/env node
// The package ships TypeScript sources and runs them through tsx's loader, so users need no build
// step. Worker threads started by the simulator register the same loader (src/sim/worker-entry.mjs).
import { register } from 'tsx/esm/api';

register();
// The composition root: the one file of src/ that imports theorems/ (ci/check-layers.mjs allows it
// by name), to hand the registry to the command line; nothing else in src/ knows the declarations.
const { main } = await import('./main.ts');
const { registry } = await import('../../theorems/index.ts');
process.exitCode = await main(process.argv.slice(2), { registry });
