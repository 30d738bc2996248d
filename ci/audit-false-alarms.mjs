#!/usr/bin/env node
// False-alarm rate of `htsgd audit` (issue 6: the correct optimizer must pass in ≥ 199 of 200 runs
// with different seeds). Audits fixtures/optimizers/clipped-lomax-sgd.js at the DEFAULT budget
// with seeds 1..N and prints the pass count, which checks raised the alarms, and per check the
// share of raw p-values below 0.05 and 0.01 (≈ 5% and 1% when the check is calibrated; smaller
// means conservative). Usage: node ci/audit-false-alarms.mjs [runs=200] [module]
import { register } from 'tsx/esm/api';

register();
const { runAudit, closeAuditPool } = await import('../src/audit/index.ts');
const runs = Number(process.argv[2] ?? 200);
const module = process.argv[3] ?? new URL('../fixtures/optimizers/clipped-lomax-sgd.js', import.meta.url).pathname;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let passes = 0;
let steps = 0;
const alarms = [];
const low = new Map();
for (let seed = 1; seed <= runs; seed++) {
  const r = await runAudit({ module, seed });
  steps += r.steps;
  if (r.verdict === 'pass') passes++;
  else
    alarms.push({
      seed,
      checks: r.checks.filter((c) => c.rejected).map((c) => `${c.id} (p = ${c.pValue.toExponential(2)})`),
    });
  for (const c of r.checks) {
    const e = low.get(c.id) ?? { n: 0, p05: 0, p01: 0 };
    e.n++;
    if (c.pValue < 0.05) e.p05++;
    if (c.pValue < 0.01) e.p01++;
    low.set(c.id, e);
  }
  if (seed % 20 === 0) process.stderr.write(`  ${seed}/${runs}: ${passes} passes\n`);
}
await closeAuditPool();
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  `audit false alarms: ${passes}/${runs} runs of ${module.split('/').pop()} pass (default budget, seeds 1..${runs})`,
);
for (const a of alarms) console.log(`  seed ${a.seed}: ${a.checks.join(', ')}`);
console.log('  per check, share of raw p-values < 0.05 / < 0.01:');
for (const [id, e] of low)
  console.log(`    ${id.padEnd(32)} ${(e.p05 / e.n).toFixed(3)} / ${(e.p01 / e.n).toFixed(3)}  (${e.n} runs)`);
console.log(
  `  ${steps} optimizer steps, ${wall.toFixed(0)} s wall, ${(wall / runs).toFixed(2)} s per audit; main-thread CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s (workers not included)`,
);
process.exitCode = passes >= Math.ceil((199 / 200) * runs) ? 0 : 1;
