#!/usr/bin/env node
// The package ships TypeScript sources and runs them through tsx's loader, so users need no build
// step. Worker threads started by the simulator register the same loader (src/sim/worker-entry.mjs).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
