#!/usr/bin/env node
// The one-way dependency rule (CONVENTIONS.md "Layout"), proven on every `npm test`:
//
// 1. Layers. Each layer of src/ may import only the layers listed in `ALLOWED`. `sim` never sees
//    `theory`/`stats` (the simulator must not know what is predicted); `theory` and `exact` never see
//    `sim` (predictions are pure functions of the hypotheses; theory may draw from `rng` only for its
//    Monte Carlo cross-check of its own integrals); `exact` and `asymptotics` never see `sim` (the
//    oracle is independent of what it checks). `ALLOWED` itself must be acyclic, so no two layers
//    can ever import each other. Test files are exempt from this rule (a test may compare layers).
// 2. Outward imports. Nothing in src/ (test files included) imports `theorems/`, `ci/` or
//    `properties/`: the caller hands the registry to the runner. Exceptions, by name: the CLI's
//    entry point `src/cli/htsgd.js` (the composition root, which hands `theorems/index.ts`'s registry
//    to `main`), the package entry `src/index.ts` (which exports the registry to library users), and
//    test files, which may import the shared test helpers of `ci/test-support/`.
//    `theorems/` may import src/ and itself, never `ci/` or `properties/`.
// 3. Cycles. No import cycle between files of src/ and theorems/ (type-only imports included: a
//    type cycle is still two modules that cannot be read apart).
//
// Usage: node ci/check-layers.mjs [--root DIR]   (DIR defaults to the repository; the test of this
// script, ci/check-layers.test.ts, points it at a tree with planted violations).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Layer → the layers it may import (besides itself). */
export const ALLOWED = {
  core: [],
  types: [],
  model: ['core'],
  rng: ['core'],
  sim: ['core', 'model', 'rng'],
  theory: ['core', 'model', 'rng'],
  exact: ['core', 'model'],
  asymptotics: ['core', 'model', 'exact'],
  stats: ['core', 'rng'],
  verify: ['core', 'rng', 'sim', 'stats'], // sim: the Engine name a run passes to its checks
  experiments: ['core', 'model', 'rng', 'sim', 'theory', 'exact', 'asymptotics', 'stats', 'verify'],
  conjecture: ['core', 'model', 'rng', 'theory', 'exact', 'asymptotics', 'stats', 'verify', 'experiments'],
  report: ['core', 'model', 'rng', 'stats', 'verify'],
  audit: ['core', 'model', 'rng', 'sim', 'theory', 'exact', 'stats', 'verify', 'report'],
  cli: [
    'core',
    'model',
    'rng',
    'sim',
    'theory',
    'exact',
    'asymptotics',
    'stats',
    'verify',
    'experiments',
    'conjecture',
    'report',
    'audit',
  ],
  // htsgd/vitest: the helpers that put checks into a user's vitest suite (a front end like cli).
  vitest: ['core', 'rng', 'sim', 'verify', 'conjecture', 'report', 'audit', 'cli'],
};

/** Files of src/ allowed to import theorems/ (the composition roots: the bin, and the package entry that exports the registry). */
const COMPOSITION_ROOTS = new Set(['src/cli/htsgd.js', 'src/index.ts']);
/** Where test files may reach outside src/. */
const TEST_SUPPORT = 'ci/test-support/';

const SOURCE = /\.(ts|mts|js|mjs)$/;
const isTest = (rel) => /\.test\.ts$/.test(rel);

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'assembly') yield* walk(p); // the AssemblyScript kernel is compiled, not imported
    } else if (SOURCE.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

/** Relative specifiers a file imports: static, re-exports, side-effect, dynamic, `new URL(…, import.meta.url)`. */
export function importsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
  const out = [];
  const patterns = [
    /\b(?:import|export)\s+(type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  patterns.forEach((re, k) => {
    for (const m of code.matchAll(re)) {
      const spec = k === 0 ? m[2] : m[1];
      if (spec.startsWith('.'))
        out.push({ spec, typeOnly: k === 0 && Boolean(m[1]), kind: k === 3 ? 'url' : 'import' });
    }
  });
  return out;
}

/** The file an import resolves to (as written: the repo imports with extensions). */
function resolveFile(from, spec) {
  const t = resolve(dirname(from), spec);
  if (existsSync(t) && statSync(t).isFile()) return t;
  for (const ext of ['.ts', '.mts', '.js', '.mjs', '/index.ts']) if (existsSync(t + ext)) return t + ext;
  return t;
}

/** Layers in an order where every layer comes after what it imports, or the cycle that prevents one. */
function layerOrder() {
  const order = [];
  const state = new Map();
  const visit = (l, stack) => {
    if (state.get(l) === 'done') return null;
    if (state.get(l) === 'open') return [...stack.slice(stack.indexOf(l)), l];
    state.set(l, 'open');
    for (const d of ALLOWED[l] ?? []) {
      const c = visit(d, [...stack, l]);
      if (c) return c;
    }
    state.set(l, 'done');
    order.push(l);
    return null;
  };
  for (const l of Object.keys(ALLOWED)) {
    const c = visit(l, []);
    if (c) return { cycle: c };
  }
  return { order };
}

/** Strongly connected components of size > 1 (or self-loops): the import cycles. */
function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? new Set()).has(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

/** All violations under `root`, as lines. */
export function checkLayers(root) {
  const violations = [];
  const order = layerOrder();
  if (order.cycle) violations.push(`ALLOWED has a cycle of layers: ${order.cycle.join(' -> ')}`);
  const rel = (p) => relative(root, p).split(sep).join('/');
  const graph = new Map();
  const files = [...walk(join(root, 'src')), ...walk(join(root, 'theorems'))];
  for (const file of files) {
    const from = rel(file);
    const test = isTest(from);
    const inSrc = from.startsWith('src/');
    const layer = inSrc ? from.split('/')[1] : null;
    if (inSrc && from.split('/').length > 2 && !(layer in ALLOWED))
      violations.push(`${from}: layer \`${layer}\` is not declared in ci/check-layers.mjs ALLOWED`);
    const edges = new Set();
    for (const { spec, kind } of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolveFile(file, spec);
      const to = rel(target);
      if (to.startsWith('..')) {
        violations.push(`${from} imports ${spec}: outside the repository`);
        continue;
      }
      const top = to.split('/')[0];
      if (inSrc && ['theorems', 'ci', 'properties'].includes(top)) {
        const allowed =
          COMPOSITION_ROOTS.has(from) ||
          (test && to.startsWith(TEST_SUPPORT)) ||
          (kind === 'url' && layer === 'cli' && top === 'ci' && to.endsWith('.json'));
        if (!allowed)
          violations.push(`${from} imports ${spec}: src/ never imports ${top}/ (hand it in from the caller)`);
      }
      if (
        from.startsWith('theorems/') &&
        ['ci', 'properties'].includes(top) &&
        !(test && to.startsWith(TEST_SUPPORT))
      ) {
        violations.push(`${from} imports ${spec}: theorems/ imports src/ and itself only`);
      }
      if (inSrc && !test && top === 'src' && layer in ALLOWED && kind === 'import') {
        const targetLayer = to.split('/')[1];
        const rootFile = to.split('/').length === 2; // src/index.ts: the public entry
        if (!rootFile && targetLayer !== layer && !ALLOWED[layer].includes(targetLayer))
          violations.push(`${from} imports ${spec} (${layer} -> ${targetLayer})`);
      }
      if (!test && kind === 'import' && (top === 'src' || top === 'theorems') && SOURCE.test(to)) edges.add(to);
    }
    if (!test) graph.set(from, edges);
  }
  for (const scc of cycles(graph)) violations.push(`import cycle among ${scc.length} file(s): ${scc.join(', ')}`);
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const k = process.argv.indexOf('--root');
  const root = k >= 0 ? resolve(process.argv[k + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const violations = checkLayers(root);
  if (violations.length) {
    console.error(`layer check: ${violations.length} violation(s):\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }
  console.log('layer check: ok (layers, no src/ import of theorems/ci/properties, no import cycle)');
}
