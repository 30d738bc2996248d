#!/usr/bin/env node
// The one-way dependency rule (CONVENTIONS.md, amended in src/model/types.ts): each layer of src/
// may import only the layers listed here. `sim` never sees `theory`/`stats` (the simulator must not
// know what is predicted); `theory` and `exact` never see `sim` (predictions are pure functions of the
// hypotheses; theory may draw from `rng` only for its Monte Carlo cross-check of its own integrals).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const allowed = {
  core: [],
  model: ['core'],
  rng: ['core'],
  sim: ['core', 'model', 'rng'],
  theory: ['core', 'model', 'rng'],
  exact: ['core', 'model'],
  asymptotics: ['core', 'model', 'exact'],
  stats: ['core', 'rng'],
  verify: ['core', 'model', 'rng', 'sim', 'theory', 'exact', 'stats'],
  report: ['core', 'model', 'rng', 'sim', 'theory', 'exact', 'stats', 'verify'],
  audit: ['core', 'model', 'rng', 'sim', 'theory', 'exact', 'stats', 'verify', 'report'],
  cli: ['core', 'model', 'rng', 'sim', 'theory', 'exact', 'asymptotics', 'stats', 'verify', 'report', 'audit'],
};

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name) && !p.includes('/assembly/')) yield p;
  }
}

const violations = [];
for (const file of walk(src)) {
  const rel = relative(src, file);
  const layer = rel.split(/[\\/]/)[0];
  if (!(layer in allowed)) continue; // src/index.ts and friends may import anything
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = relative(src, resolve(dirname(file), spec));
    const targetLayer = target.split(/[\\/]/)[0];
    if (targetLayer === layer || target.startsWith('..')) continue;
    if (!allowed[layer].includes(targetLayer)) violations.push(`${rel} imports ${spec} (${layer} -> ${targetLayer})`);
  }
}
if (violations.length) {
  console.error(`layer check: ${violations.length} forbidden import(s):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('layer check: ok');
