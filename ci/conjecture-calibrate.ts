/**
 * `npm run conjecture:calibrate`: how often is the true conjecture accepted, and the false ones
 * rejected, over many seeds? (issue 6 "Numbers to reach": true accepted in ≥ 99.5% of runs.)
 *
 * The exit quantities (exit-order, mean-exit-steps, exit-location) are judged on the exact oracle:
 * a check's verdict at a point is deterministic (its interval is a discretisation bound, whatever
 * the confidence), and the seed only decides which points of the family a run draws. So the script
 * 1. judges every candidate point of every conjecture once (`runChecks` on the `full` tier, which
 *    takes the whole family), printing the per-point table (observed, band, verdict);
 * 2. replays the draws of `--seeds` seeds (`drawPoints`, exactly what `htsgd verify --conjecture`
 *    does) and folds the drawn points' verdicts with `conjectureVerdict`, counting runs by verdict;
 * 3. cross-checks the shortcut: `--real K` seeds are run end to end (`runChecks` at the tier) and
 *    must give the same conjecture verdict as the fold.
 * Trajectory quantities (sharp-occupancy, holding-rate) are simulated, so their rate needs real
 * runs: pass their files and `--real K` (costly: minutes per seed).
 *
 * Usage: tsx ci/conjecture-calibrate.ts [--tier quick|standard] [--seeds 1000] [--real 3]
 *          [files... (default: theorems/conjectures/*.ts)]
 * Exit code 1 when a conjecture named `*-restated` or `*-leading-order` (the true ones shipped) is
 * accepted in fewer than 99.5% of runs, or a shipped false one is rejected in fewer than 99.5%.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closePool } from '../src/sim/index.ts';
import {
  conjectureDeclaration,
  conjectureVerdict,
  drawPoints,
  loadConjectures,
  type AnyConjecture,
} from '../src/conjecture/index.ts';
import { pointLabel } from '../src/verify/define.ts';
import { loadTier } from '../src/cli/verify-support.ts';
import { runChecks } from '../src/verify/run.ts';
import type { CheckResult, RunReport, Tier, Verdict } from '../src/verify/types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TRUE_IDS = /-(restated|leading-order)$/;

function parseArgs(argv: string[]): { tier: Tier; seeds: number; real: number; files: string[] } {
  let tier: Tier = 'quick';
  let seeds = 1000;
  let real = 3;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tier') tier = argv[++i] as Tier;
    else if (a === '--seeds') seeds = Number(argv[++i]);
    else if (a === '--real') real = Number(argv[++i]);
    else files.push(a);
  }
  if (
    !['quick', 'standard'].includes(tier) ||
    !(Number.isInteger(seeds) && seeds >= 1) ||
    !(Number.isInteger(real) && real >= 0)
  ) {
    throw new Error(
      'usage: tsx ci/conjecture-calibrate.ts [--tier quick|standard] [--seeds N ≥ 1] [--real K ≥ 0] [files...]',
    );
  }
  if (files.length === 0) {
    const dir = join(ROOT, 'theorems', 'conjectures');
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.ts')) files.push(join(dir, f));
  }
  return { tier, seeds, real, files };
}

const fmt = (x: number) => (Math.abs(x) >= 1e4 ? x.toExponential(3) : x.toFixed(4));

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const conjectures: AnyConjecture[] = [];
  for (const f of args.files) conjectures.push(...(await loadConjectures(f)));
  const t0 = Date.now();
  let failed = false;
  const summary: Record<string, unknown>[] = [];
  for (const c of conjectures) {
    const trajectory = c.quantity === 'sharp-occupancy' || c.quantity === 'holding-rate';
    const decl = conjectureDeclaration(c, { seed: 0 });
    // 1. Every candidate once (full tier = the whole narrowed family).
    const byLabel = new Map<string, CheckResult>();
    if (!trajectory) {
      const all = await runChecks([decl], { seed: 0, tier: 'full', errorBudget: 1e-3, timeBudgetSeconds: 60 });
      for (const r of all.checks) {
        byLabel.set(pointLabel(decl.hypotheses, r.hypotheses), r);
        console.log(
          `${c.id}  ${pointLabel(decl.hypotheses, r.hypotheses)}  predicted ${fmt(r.predicted.value)}  observed ${fmt(r.observed.estimate)} [${fmt(r.observed.ci[0])}, ${fmt(r.observed.ci[1])}]  band [${fmt(r.tolerance.band[0])}, ${fmt(r.tolerance.band[1])}]  ${r.status === 'error' ? `error: ${r.error}` : r.verdict}`,
        );
      }
    }
    // 2. The draws of many seeds, folded.
    const tally: Record<Verdict, number> = { consistent: 0, inconsistent: 0, inconclusive: 0 };
    if (!trajectory) {
      for (let s = 1; s <= args.seeds; s++) {
        const checks = drawPoints(c, s, args.tier).map((p) => byLabel.get(pointLabel(decl.hypotheses, p))!);
        tally[conjectureVerdict({ checks } as unknown as RunReport, c.id).verdict]++;
      }
    }
    // 3. Real end-to-end runs at the tier (the only evidence for simulated quantities).
    const real: { seed: number; verdict: Verdict; fold: Verdict | null }[] = [];
    for (let s = 1; s <= args.real; s++) {
      const d = conjectureDeclaration(c, { seed: s });
      // As `htsgd verify --conjecture FILE --seed s` runs it: the tier's budgets, pinned speed and cores.
      const tier = loadTier(args.tier);
      const r = await runChecks([d], {
        seed: s,
        tier: args.tier,
        errorBudget: tier.errorBudget,
        timeBudgetSeconds: tier.timeBudgetSeconds,
        kernelStepsPerSecond: tier.stepsPerSecond,
        workers: tier.cores,
      });
      const fold = trajectory
        ? null
        : conjectureVerdict(
            {
              checks: drawPoints(c, s, args.tier).map((p) => byLabel.get(pointLabel(decl.hypotheses, p))!),
            } as unknown as RunReport,
            c.id,
          ).verdict;
      real.push({ seed: s, verdict: conjectureVerdict(r, c.id).verdict, fold });
      if (fold !== null && fold !== real[real.length - 1].verdict) {
        console.log(`MISMATCH ${c.id} seed ${s}: real run ${real[real.length - 1].verdict}, fold ${fold}`);
        failed = true;
      }
    }
    const expectTrue = TRUE_IDS.test(c.id);
    const want: Verdict = expectTrue ? 'consistent' : 'inconsistent';
    const n = trajectory ? real.length : args.seeds;
    const hits = trajectory ? real.filter((r) => r.verdict === want).length : tally[want];
    const rate = n > 0 ? hits / n : NaN;
    if (!(rate >= 0.995)) failed = true;
    const line = {
      id: c.id,
      quantity: c.quantity,
      expected: want,
      tier: args.tier,
      seeds: n,
      rate,
      tally: trajectory ? null : tally,
      candidates: byLabel.size,
      real,
    };
    summary.push(line);
    console.log(
      `${c.id}: expected ${want}; ${hits}/${n} runs (${(100 * rate).toFixed(2)}%) at tier ${args.tier}; tally ${JSON.stringify(line.tally)}; real runs ${JSON.stringify(real)}`,
    );
  }
  console.log(JSON.stringify({ tier: args.tier, seconds: (Date.now() - t0) / 1000, summary }, null, 1));
  await closePool();
  return failed ? 1 : 0;
}

process.exitCode = await main();
