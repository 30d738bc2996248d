#!/usr/bin/env node
// `npm run check:pack`: the package as a user gets it (issue 15 §7, "node -e \"import('htsgd')\" works
// from a packed install"). Slow (a build, an npm install and a few real checks: minutes), so it is
// not part of `npm test`; run it before a release and after changing package.json, the build or
// the entry points.
//
// 1. `npm pack` (its prepack runs `npm run build`), and the tarball holds what it must: the compiled
//    JavaScript with declarations, the worker entries, the WebAssembly kernel, the bin and the tier
//    files, and no TypeScript source or test.
// 2. `npm install <tarball> vitest` into an empty project in a temporary directory.
// 3. With tsx hidden from that project (so nothing can fall back to running TypeScript):
//    `import('htsgd')` and `import('htsgd/vitest')` from plain Node, `htsgd --version`, a small
//    `htsgd simulate exit` (worker threads and the WebAssembly kernel from dist/), `htsgd theory`, and
//    `htsgd verify --junit` of one theorem.
// 4. A user's TypeScript file typechecks against the shipped declarations (and a wrong call is
//    refused, so the types are real, not `any`).
// 5. With tsx back (a user's .mts conjecture needs it): `htsgd verify --conjecture FILE.mts` (the
//    false conjecture must be rejected, exit 1), and the user's own vitest suite with
//    theoremTest, conjectureTest (a false conjecture in a .mts file must be rejected) and auditTest
//    (the reference optimizer passes, a wrong-tail-index one fails).
//
// Usage: node ci/check-pack.mjs [--keep]   (--keep leaves the temporary project for a look)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'htsgd-pack-'));
const app = join(work, 'app');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const t0 = Date.now();
const step = (s) => console.log(`check:pack [${((Date.now() - t0) / 1000).toFixed(0)} s] ${s}`);
const fail = (s) => {
  console.error(`check:pack: FAIL: ${s}${keep ? ` (project kept in ${app})` : ''}`);
  process.exit(1);
};
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const runIn = (cmd, args) => {
  try {
    return run(cmd, args, { cwd: app });
  } catch (err) {
    fail(`${cmd} ${args.join(' ')} exited ${err.status}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
};

try {
  step('npm pack (prepack: npm run build)');
  const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], { cwd: repo }))[0];
  const files = packed.files.map((f) => f.path);
  for (const must of [
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/vitest/index.js',
    'dist/src/vitest/index.d.ts',
    'dist/src/sim/wasm/kernel.wasm',
    'dist/src/sim/rd/wasm/kernel-rd.wasm',
    'dist/src/exact/wasm/eliminate.wasm',
    'dist/src/sim/worker-entry.mjs',
    'dist/src/audit/worker-entry.mjs',
    'dist/src/asymptotics/limit-worker-entry.mjs',
    'dist/theorems/index.js',
    'src/cli/htsgd.js',
    'ci/tiers.json',
    'ci/seeds.json',
    'docs/api.md',
    'docs/theory.md',
  ])
    if (!files.includes(must)) fail(`the tarball lacks ${must}`);
  const stray = files.filter((f) => (/\.(ts|mts)$/.test(f) && !f.endsWith('.d.ts')) || /\.test\./.test(f));
  if (stray.length) fail(`the tarball ships sources or tests: ${stray.slice(0, 5).join(', ')}`);
  step(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed`);

  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'htsgd-user', private: true, type: 'module' }));
  const vitestVersion = JSON.parse(readFileSync(join(repo, 'node_modules/vitest/package.json'), 'utf8')).version;
  step(`npm install the tarball and vitest@${vitestVersion} into ${app}`);
  runIn(npm, [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    join(work, packed.filename),
    `vitest@${vitestVersion}`,
  ]);

  // 3. Plain Node, no TypeScript loader anywhere.
  const tsx = join(app, 'node_modules/tsx');
  renameSync(tsx, `${tsx}.hidden`);
  try {
    const keys = runIn(process.execPath, ['-e', "import('htsgd').then((m) => console.log(Object.keys(m).join(' ')))"]);
    for (const k of ['runExit', 'exactExit', 'theoryReport', 'registry', 'runChecks', 'runAudit', 'reportToJUnit'])
      if (!keys.split(' ').includes(k)) fail(`import('htsgd') has no ${k}: ${keys}`);
    step(`import('htsgd') on plain Node: ${keys.trim().split(' ').length} exports`);
    const helpers = runIn(process.execPath, [
      '-e',
      "import('htsgd/vitest').then((m) => console.log(Object.keys(m).join(' ')))",
    ]);
    if (!/theoremTest/.test(helpers)) fail(`import('htsgd/vitest'): ${helpers}`);
    const bin = join(app, 'node_modules/.bin/htsgd');
    const version = runIn(bin, ['--version']).trim();
    const expected = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
    if (version !== expected) fail(`htsgd --version printed ${version}, expected ${expected}`);
    step(`htsgd --version: ${version}`);
    const exit = JSON.parse(
      runIn(bin, [
        'simulate',
        'exit',
        '--landscape',
        'paper',
        '--basin',
        '2',
        '--step-size',
        '0.05',
        '--truncation',
        '0.5',
        '--noise',
        'lomax',
        '--tail-index',
        '1.2',
        '--noise-scale',
        '0.1',
        '--chains',
        '400',
        '--seed',
        '1',
        '--json',
        '--quiet',
      ]),
    );
    if (!(exit.meanExitSteps > 0) || exit.engine !== 'wasm')
      fail(`simulate exit: ${JSON.stringify(exit).slice(0, 200)}`);
    step(`htsgd simulate exit (workers, wasm): mean exit steps ${exit.meanExitSteps.toFixed(0)}`);
    const theory = JSON.parse(
      runIn(bin, [
        'theory',
        '--landscape',
        'paper',
        '--truncation',
        '0.5',
        '--noise',
        'lomax',
        '--tail-index',
        '1.2',
        '--noise-scale',
        '0.1',
        '--json',
      ]),
    );
    if (theory.basins[1].jumpsNeeded !== 2) fail(`htsgd theory: l* of basin 2 is ${theory.basins[1].jumpsNeeded}`);
    runIn(bin, ['verify', '--theorem', 'exact-exit-landing', '--junit', 'junit.xml', '--quiet']);
    const junit = readFileSync(join(app, 'junit.xml'), 'utf8');
    if (!/<testsuites [^>]*tests="\d+"/.test(junit) || !/<testcase /.test(junit))
      fail(`junit.xml: ${junit.slice(0, 300)}`);
    step('htsgd theory, htsgd verify --junit: ok');
  } finally {
    renameSync(`${tsx}.hidden`, tsx);
  }

  // 4. The shipped declarations.
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['types-check.ts'],
    }),
  );
  writeFileSync(
    join(app, 'types-check.ts'),
    [
      "import { createNoiseLaw, resolveLandscape, theoryReport, registry, type RunReport, type ExitOptions } from 'htsgd';",
      "import { theoremTest, type TheoremTestOptions } from 'htsgd/vitest';",
      "const basins: number = theoryReport(resolveLandscape({ kind: 'paper' }), createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale: 0.1 }), 0.5).basins.length;",
      'const ids: string[] = registry.map((d) => d.id);',
      "const options: TheoremTestOptions = { tier: 'quick' };",
      '// @ts-expect-error chains must be a number (fails to compile if the declarations were `any`)',
      "const bad: ExitOptions = { landscape: { kind: 'paper' }, noise: { kind: 'gaussian', scale: 1 }, stepSize: 0.1, seed: 1, basin: 1, chains: 'many' };",
      'export type T = RunReport;',
      'export { basins, ids, options, bad, theoremTest };',
    ].join('\n'),
  );
  runIn(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  step('a user file typechecks against the shipped .d.ts (and a wrong call is refused)');

  // 5. With tsx back: a user's TypeScript conjecture through the compiled CLI (tsx registered on
  // demand, src/core/user-module.ts), then the user's own vitest suite.
  mkdirSync(join(app, 'optimizers'));
  for (const f of ['clipped-lomax-sgd.js', 'wrong-tail-index.js'])
    cpSync(join(repo, 'fixtures/optimizers', f), join(app, 'optimizers', f));
  mkdirSync(join(app, 'conjectures'));
  cpSync(join(repo, 'theorems/conjectures/clipping-irrelevant.ts'), join(app, 'conjectures/clipping-irrelevant.mts'));
  {
    let out = '';
    let code = 0;
    try {
      out = run(
        join(app, 'node_modules/.bin/htsgd'),
        ['verify', '--conjecture', 'conjectures/clipping-irrelevant.mts', '--quiet'],
        { cwd: app },
      );
    } catch (err) {
      code = err.status;
      out = `${err.stdout ?? ''}${err.stderr ?? ''}`;
    }
    if (code !== 1 || !/conjecture clipping-irrelevant \(exit-order\): INCONSISTENT/.test(out))
      fail(`htsgd verify --conjecture <.mts> (exit ${code}, expected 1 and INCONSISTENT):\n${out}`);
    step('htsgd verify --conjecture on a .mts file: the false conjecture is rejected, exit 1');
  }
  mkdirSync(join(app, 'test'));
  writeFileSync(
    join(app, 'test/htsgd.test.ts'),
    [
      "import { auditTest, conjectureTest, theoremTest } from 'htsgd/vitest';",
      "theoremTest('exact-exit-landing', { checks: ['truncation=none,basin=1,landing=2'] });",
      "conjectureTest('conjectures/clipping-irrelevant.mts', { expect: 'inconsistent' });",
      "auditTest('optimizers/clipped-lomax-sgd.js');",
      "auditTest('optimizers/wrong-tail-index.js', { expect: 'fail' });",
    ].join('\n'),
  );
  step("the user's vitest suite: theoremTest, conjectureTest (.mts), auditTest");
  const out = runIn(join(app, 'node_modules/.bin/vitest'), ['run', '--reporter=verbose']);
  // eslint-disable-next-line no-control-regex -- strips the colour codes of vitest's summary
  const passed = /Tests\s+(\d+) passed/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
  if (!passed || Number(passed[1]) !== 4) fail(`vitest in the user's project:\n${out}`);
  step(`vitest in the user's project: ${passed[1]} tests passed`);
  console.log(`check:pack: ok (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
