/**
 * `npm run conjecture:calibrate`: are the false example conjectures rejected, and their true
 * restatements accepted, under the same seeds? (issue 14 §5: the false ones rejected under 20/20
 * seeds at the standard tier; issue 6: the true ones never rejected.)
 *
 * Each seed s is an end-to-end run of `htsgd verify --conjecture FILE --tier T --seed s` for every
 * file: the same points (named draws plus the random settings of s), the tier's error budget split
 * over that file's checks, the same verdicts. The exact chain's limit sweeps are cached in the
 * process (deterministic: sharing one between conjectures or seeds changes no number), so a setting
 * drawn twice is solved once.
 *
 * Conjectures named `*-restated` or `*-leading-order` are the true ones (expected `consistent`, and
 * never `inconsistent`); the others are false (expected `inconsistent`). Trajectory quantities
 * (sharp-occupancy, holding-rate) are simulated and cost minutes per seed: pass their files
 * explicitly to include them.
 *
 * Writes `<out>.txt` (one line per conjecture and seed, then the tallies) and `<out>.json`.
 * Usage: tsx ci/conjecture-calibrate.ts [--tier quick|standard] [--seeds 20] [--first 1]
 *          [--out fixtures/calibration/false-conjectures] [files... (default: the exit-quantity
 *          files of theorems/conjectures/)]
 * Exit code 1 when a false conjecture escapes rejection at some seed or a true one is rejected.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closePool } from '../src/sim/index.ts';
import {
  conjectureDeclaration,
  conjectureVerdict,
  loadConjectures,
  type AnyConjecture,
} from '../src/conjecture/index.ts';
import { loadTier } from '../src/cli/verify-support.ts';
import { runChecks } from '../src/verify/run.ts';
import type { Tier, Verdict } from '../src/verify/types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TRUE_IDS = /-(restated|leading-order)$/;
const TRAJECTORY = new Set(['sharp-occupancy', 'holding-rate']);

interface Args {
  tier: Tier;
  seeds: number;
  first: number;
  out: string;
  files: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    tier: 'standard',
    seeds: 20,
    first: 1,
    out: join(ROOT, 'fixtures', 'calibration', 'false-conjectures'),
    files: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    if (f === '--tier') a.tier = argv[++i] as Tier;
    else if (f === '--seeds') a.seeds = Number(argv[++i]);
    else if (f === '--first') a.first = Number(argv[++i]);
    else if (f === '--out') a.out = resolve(argv[++i]);
    else a.files.push(resolve(f));
  }
  if (
    !['quick', 'standard'].includes(a.tier) ||
    !(Number.isInteger(a.seeds) && a.seeds >= 1) ||
    !Number.isInteger(a.first)
  )
    throw new Error(
      'usage: tsx ci/conjecture-calibrate.ts [--tier quick|standard] [--seeds N ≥ 1] [--first S] [--out PREFIX] [files...]',
    );
  return a;
}

async function defaultFiles(): Promise<string[]> {
  const dir = join(ROOT, 'theorems', 'conjectures');
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.ts')) continue;
    const cs = await loadConjectures(join(dir, f));
    if (cs.every((c) => !TRAJECTORY.has(c.quantity))) out.push(join(dir, f));
  }
  return out;
}

interface SeedRun {
  seed: number;
  verdict: Verdict;
  reason: string;
  /** The points that rejected it (false ones) or were not consistent (true ones). */
  points: { point: Record<string, unknown>; verdict: Verdict; predicted: number; estimate: number; ci: number[] }[];
  seconds: number;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const files = args.files.length ? args.files : await defaultFiles();
  const tier = loadTier(args.tier);
  const byFile: { file: string; conjectures: AnyConjecture[] }[] = [];
  for (const f of files) byFile.push({ file: relative(ROOT, f), conjectures: await loadConjectures(f) });
  const runs = new Map<string, SeedRun[]>();
  const t0 = Date.now();
  const lines: string[] = [];
  const write = (done: number): { failed: boolean; summary: string[] } => {
    let failed = false;
    const summary = byFile.flatMap(({ file, conjectures }) =>
      conjectures.map((c) => {
        const rs = runs.get(c.id) ?? [];
        const expected: Verdict = TRUE_IDS.test(c.id) ? 'consistent' : 'inconsistent';
        const tally = { consistent: 0, inconsistent: 0, inconclusive: 0 };
        for (const r of rs) tally[r.verdict]++;
        const ok = expected === 'inconsistent' ? tally.inconsistent === rs.length : tally.inconsistent === 0;
        if (!ok) failed = true;
        return { id: c.id, file, quantity: c.quantity, expected, seeds: rs.length, tally, ok };
      }),
    );
    const header = [
      `# npm run conjecture:calibrate -- --tier ${args.tier} --seeds ${args.seeds} --first ${args.first}  (${done} of ${args.seeds} seeds done)`,
      `# each seed: htsgd verify --conjecture FILE --tier ${args.tier} --seed S, per file (named draws + the seed's random settings, limits of the exact chain)`,
      `# ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      '',
      'conjecture                      quantity          expected      seeds  consistent  inconsistent  inconclusive',
      ...summary.map(
        (r) =>
          `${r.id.padEnd(31)} ${r.quantity.padEnd(17)} ${r.expected.padEnd(13)} ${String(r.seeds).padStart(5)}  ${String(r.tally.consistent).padStart(10)}  ${String(r.tally.inconsistent).padStart(12)}  ${String(r.tally.inconclusive).padStart(12)}${r.ok ? '' : '   <- FAILS'}`,
      ),
      '',
      ...lines,
    ];
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(`${args.out}.txt`, header.join('\n') + '\n');
    writeFileSync(
      `${args.out}.json`,
      JSON.stringify(
        {
          command: `npm run conjecture:calibrate -- --tier ${args.tier} --seeds ${args.seeds} --first ${args.first}`,
          tier: args.tier,
          seeds: { first: args.first, count: args.seeds },
          summary,
          runs: Object.fromEntries(runs),
        },
        null,
        1,
      ) + '\n',
    );
    return { failed, summary: header.slice(0, 5 + summary.length) };
  };
  for (let s = args.first; s < args.first + args.seeds; s++) {
    for (const { conjectures } of byFile) {
      const t1 = Date.now();
      const report = await runChecks(
        conjectures.map((c) => conjectureDeclaration(c, { seed: s })),
        {
          seed: s,
          tier: args.tier,
          errorBudget: tier.errorBudget,
          timeBudgetSeconds: tier.timeBudgetSeconds,
          kernelStepsPerSecond: tier.stepsPerSecond,
          workers: tier.cores,
        },
      );
      for (const c of conjectures) {
        const v = conjectureVerdict(report, c.id);
        const want: Verdict = TRUE_IDS.test(c.id) ? 'consistent' : 'inconsistent';
        const points = report.checks
          .filter(
            (r) =>
              r.theoremId === c.id &&
              r.verdict !== 'consistent' &&
              (want === 'consistent' || r.verdict === 'inconsistent'),
          )
          .map((r) => ({
            point: { ...r.hypotheses },
            verdict: r.verdict,
            predicted: r.predicted.value,
            estimate: r.observed.estimate,
            ci: [...r.observed.ci],
            ...(r.error ? { error: r.error } : {}),
            ...(typeof r.details.refused === 'string' ? { refused: r.details.refused } : {}),
          }));
        const run: SeedRun = {
          seed: s,
          verdict: v.verdict,
          reason: v.reason,
          points,
          seconds: (Date.now() - t1) / 1000,
        };
        runs.set(c.id, [...(runs.get(c.id) ?? []), run]);
        const line = `seed ${s}  ${c.id}: ${v.verdict.toUpperCase()} (${v.reason}; expected ${want})`;
        lines.push(line);
        console.log(line);
        for (const p of points)
          console.log(
            `    ${p.verdict} at ${JSON.stringify(p.point)}: predicted ${p.predicted.toPrecision(5)}, observed ${p.estimate.toPrecision(5)} [${p.ci.map((x) => x.toPrecision(5)).join(', ')}]${'refused' in p ? ` (${String(p.refused)})` : ''}`,
          );
      }
    }
    write(s - args.first + 1);
  }
  const { failed, summary } = write(args.seeds);
  console.log(summary.join('\n'));
  await closePool();
  return failed ? 1 : 0;
}

process.exitCode = await main();
