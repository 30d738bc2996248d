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
 *          [--out fixtures/calibration/false-conjectures] [--sweep-cache FILE.json] [files... (default: the exit-quantity
 *          files of theorems/conjectures/)]
 *        tsx ci/conjecture-calibrate.ts --merge A.json B.json … [--out PREFIX]  (joins runs of disjoint
 *          seed ranges, e.g. two sittings, into one table)
 *        tsx ci/conjecture-calibrate.ts --shard k/n --sweep-cache K.json [--tier, --seeds, --first, files]
 *          (precomputes the k-th of n shares of the limit sweeps those seeds need, balanced by l*, into
 *          K.json and stops; run the n shares in parallel, then the seeds with every --sweep-cache)
 * `--sweep-cache` may be repeated: every file is read, the first is written.
 * Exit code 1 when a false conjecture escapes rejection at some seed or a true one is rejected.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closePool } from '../src/sim/index.ts';
import {
  conjectureDeclaration,
  conjectureVerdict,
  loadConjectures,
  type AnyConjecture,
} from '../src/conjecture/index.ts';
import { SWEEP_CACHE, limitSweep, limitSweepKey } from '../src/conjecture/observation.ts';
import { drawPoints, jumpsOf } from '../src/conjecture/points.ts';
import type { ConjecturePoint } from '../src/conjecture/quantity.ts';
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
  /** JSON files keeping the solved limit sweeps between sittings (deterministic: changes no number); all read, the first written. */
  sweepCache: string[];
  /** Precompute only this share [k, n] of the sweeps (1 ≤ k ≤ n). */
  shard: [number, number] | null;
  /** JSON outputs of earlier runs to join (no computation). */
  merge: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    tier: 'standard',
    seeds: 20,
    first: 1,
    out: join(ROOT, 'fixtures', 'calibration', 'false-conjectures'),
    files: [],
    sweepCache: [],
    shard: null,
    merge: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    if (f === '--tier') a.tier = argv[++i] as Tier;
    else if (f === '--seeds') a.seeds = Number(argv[++i]);
    else if (f === '--first') a.first = Number(argv[++i]);
    else if (f === '--out') a.out = resolve(argv[++i]);
    else if (f === '--sweep-cache') a.sweepCache.push(resolve(argv[++i]));
    else if (f === '--shard') {
      const m = /^(\d+)\/(\d+)$/.exec(argv[++i] ?? '');
      a.shard = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    } else if (f === '--merge')
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) a.merge.push(resolve(argv[++i]));
    else a.files.push(resolve(f));
  }
  if (
    !['quick', 'standard'].includes(a.tier) ||
    !(Number.isInteger(a.seeds) && a.seeds >= 1) ||
    !Number.isInteger(a.first) ||
    (a.shard !== null && !(a.shard[0] >= 1 && a.shard[0] <= a.shard[1] && a.sweepCache.length > 0))
  )
    throw new Error(
      'usage: tsx ci/conjecture-calibrate.ts [--tier quick|standard] [--seeds N ≥ 1] [--first S] [--out PREFIX] [--sweep-cache FILE]… [--shard k/n] [files...]',
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

/**
 * `--shard k/n`: the distinct limit sweeps of the seeds' points (named draws and random settings of
 * every conjecture), dealt out by l* (most costly first) so that n processes get similar work; solves
 * the k-th share, saving the first --sweep-cache file after each sweep.
 */
function precompute(args: Args, conjectures: AnyConjecture[]): void {
  const tier = args.tier;
  const todo = new Map<string, ConjecturePoint>();
  for (let s = args.first; s < args.first + args.seeds; s++)
    for (const c of conjectures) for (const p of drawPoints(c, s, tier)) todo.set(limitSweepKey(p, tier), p);
  const all = [...todo.entries()].sort((x, y) => jumpsOf(y[1]) - jumpsOf(x[1]) || (x[0] < y[0] ? -1 : 1));
  const [k, n] = args.shard!;
  const mine = all.filter((_, i) => i % n === k - 1);
  const out = new Map<string, unknown>();
  const t0 = Date.now();
  mine.forEach(([key, p], i) => {
    out.set(key, limitSweep(p, tier));
    writeFileSync(args.sweepCache[0], JSON.stringify(Object.fromEntries(out)));
    console.log(
      `shard ${k}/${n}: ${i + 1} of ${mine.length} sweeps (of ${all.length} in all), l* = ${jumpsOf(p)}, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const files = args.files.length ? args.files : await defaultFiles();
  const tier = loadTier(args.tier);
  const byFile: { file: string; conjectures: AnyConjecture[] }[] = [];
  for (const f of files) byFile.push({ file: relative(ROOT, f), conjectures: await loadConjectures(f) });
  const runs = new Map<string, SeedRun[]>();
  const t0 = Date.now();
  for (const f of args.sweepCache)
    if (existsSync(f))
      for (const [k, v] of Object.entries(JSON.parse(readFileSync(f, 'utf8')) as Record<string, never>))
        SWEEP_CACHE.set(k, v);
  if (args.shard) {
    precompute(
      args,
      byFile.flatMap((b) => b.conjectures),
    );
    return 0;
  }
  const lines: string[] = [];
  if (args.merge.length) {
    const seeds: number[] = [];
    for (const f of args.merge) {
      const j = JSON.parse(readFileSync(f, 'utf8')) as { tier: Tier; runs: Record<string, SeedRun[]> };
      args.tier = j.tier;
      for (const [id, rs] of Object.entries(j.runs)) {
        runs.set(
          id,
          [...(runs.get(id) ?? []), ...rs].sort((x, y) => x.seed - y.seed),
        );
        seeds.push(...rs.map((r) => r.seed));
      }
    }
    const all = [...new Set(seeds)].sort((x, y) => x - y);
    args.first = all[0];
    args.seeds = all.length;
    for (const seed of all)
      for (const { conjectures } of byFile)
        for (const c of conjectures) {
          const r = (runs.get(c.id) ?? []).find((x) => x.seed === seed);
          if (r)
            lines.push(
              `seed ${seed}  ${c.id}: ${r.verdict.toUpperCase()} (${r.reason}; expected ${TRUE_IDS.test(c.id) ? 'consistent' : 'inconsistent'})`,
            );
        }
  }
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
      args.merge.length
        ? `# merged from ${args.merge.length} runs of disjoint seed ranges (each run's seconds per seed are in the .json)`
        : `# ${((Date.now() - t0) / 1000).toFixed(0)} s`,
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
  for (let s = args.first; !args.merge.length && s < args.first + args.seeds; s++) {
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
    if (args.sweepCache.length) writeFileSync(args.sweepCache[0], JSON.stringify(Object.fromEntries(SWEEP_CACHE)));
  }
  const { failed, summary } = write(args.seeds);
  console.log(summary.join('\n'));
  await closePool();
  return failed ? 1 : 0;
}

process.exitCode = await main();
