/**
 * `npm run calibrate`: how often does the CI tier call the correct simulator inconsistent?
 * (issue 4 item 8; design target ≤ 1 false alarm in 1000 CI runs.)
 *
 * Runs a suite of checks exactly as CI does (`runChecks` with the tier's error budget, time budget,
 * pinned kernel speed and worker count), but under many fresh seeds instead of the tier's pinned
 * one, and counts the runs with at least one `inconsistent` verdict (a false alarm: the simulator
 * is correct) and the verdicts per check.
 *
 * Only checks whose outcome depends on the seed count toward the false-alarm rate (issue 14 §7). A
 * check is seed-dependent when its observation (estimate, interval) or verdict differs between two
 * seeds; a check that gives the same numbers under every seed (the exact-oracle checks: their
 * interval is a discretisation or extrapolation bound, not a sampling interval) is deterministic:
 * re-running it under fresh seeds says nothing about its false-alarm rate, and an `inconsistent`
 * verdict of it is a fixed finding, listed apart, not an alarm. The file and the table say how many
 * checks are of each kind (with one seed done, every check is provisionally "deterministic"). Seeds run in chunks; after every chunk the results so far
 * are written to the output file, and `--resume` continues from it, so a long calibration can be
 * spread over several sittings or machines (`--first` picks disjoint seed ranges).
 *
 * Suites: `screen` (the simulator screen of theorems/simulator-screen.ts, run in CI by
 * properties/mutants.test.ts), `registry` (the theorem declarations registered in
 * theorems/index.ts: the `htsgd verify --tier quick` run), `all` (both, as separate runs with
 * their own budgets, as CI runs them). `--mutants` instead runs a suite (screen unless `--suite
 * registry`) once per mutant and once for the correct engine, at the tier's pinned seed, and records
 * which checks catch which mutant (and which error).
 *
 * Usage: tsx ci/calibrate.ts [--suite screen|registry|all] [--tier quick] [--seeds 200] [--first 1]
 *          [--chunk 20] [--out fixtures/calibration/<suite>-<tier>.json] [--resume] [--mutants [--theorem id,...]]
 * Both cores are used by the simulator's worker pool (`cores` of the tier).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { MUTANT_SCREEN } from '../theorems/simulator-screen.ts';
import { closePool, MUTANTS, type Engine } from '../src/sim/index.ts';
import { loadTier, type TierDefinition } from '../src/cli/verify-support.ts';
import { enumerateChecks, runChecks } from '../src/verify/run.ts';
import type { RunReport, TheoremDeclaration, Verdict } from '../src/verify/types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  suite: 'screen' | 'registry' | 'all';
  tier: string;
  seeds: number;
  first: number;
  chunk: number;
  out: string | null;
  resume: boolean;
  mutants: boolean;
  /** --mutants only: run just these theorem ids (each check keeps its whole-run budget and confidence). */
  theorems: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    suite: 'all',
    tier: 'quick',
    seeds: 200,
    first: 1,
    chunk: 20,
    out: null,
    resume: false,
    mutants: false,
    theorems: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`calibrate: ${f} needs a value`);
      return x;
    };
    if (f === '--suite') {
      const s = v();
      if (s !== 'screen' && s !== 'registry' && s !== 'all')
        throw new Error(`calibrate: --suite must be screen, registry or all, got ${s}`);
      a.suite = s;
    } else if (f === '--tier') a.tier = v();
    else if (f === '--seeds') a.seeds = positiveInt(f, v());
    else if (f === '--first') a.first = positiveInt(f, v());
    else if (f === '--theorem') a.theorems.push(...v().split(',').filter(Boolean));
    else if (f === '--chunk') a.chunk = positiveInt(f, v());
    else if (f === '--out') a.out = v();
    else if (f === '--resume') a.resume = true;
    else if (f === '--mutants') a.mutants = true;
    else throw new Error(`calibrate: unknown flag ${f}`);
  }
  if (a.theorems.length && !a.mutants)
    throw new Error(
      'calibrate: --theorem works with --mutants only (a false-alarm calibration must run the whole suite)',
    );
  return a;
}

function positiveInt(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`calibrate: ${flag} must be a positive integer, got ${raw}`);
  return n;
}

/** Per-check tallies over seeds. */
interface CheckTally {
  consistent: number;
  inconclusive: number;
  inconsistent: number;
  errors: number;
  /** Smallest p-value of "the truth lies in the band" seen, and its seed (how close to an alarm). */
  minPValue: number | null;
  minPValueSeed: number | null;
  /**
   * z = (estimate − predicted)/standard error, when the check gives one: under a correct simulator
   * and an unbiased prediction these are ≈ N(0, 1), a far finer calibration read-out than the alarm
   * count (which at 10⁻³ per run needs thousands of runs to move).
   */
  z: { n: number; sum: number; sumSquares: number; maxAbs: number; maxAbsSeed: number | null };
  /** The first seed's observation and verdict; a later seed that differs makes the check seed-dependent. */
  fingerprint?: string;
  seedDependent?: boolean;
  /** Seeds at which this check was inconsistent. */
  inconsistentSeeds?: number[];
}

interface SuiteResult {
  suite: string;
  checkIds: string[];
  runs: number;
  /** Runs with ≥ 1 inconsistent verdict of a seed-dependent check (false alarms: the simulator is the correct one). */
  falseAlarmRuns: number;
  falseAlarmSeeds: number[];
  /** Checks whose outcome varied between seeds (the ones the false-alarm rate is about). */
  seedDependentChecks?: number;
  /** Checks with the same observation and verdict under every seed run (not counted as alarms). */
  deterministicChecks?: number;
  /** Deterministic checks that are inconsistent (a fixed finding under every seed, not a false alarm). */
  deterministicInconsistent?: string[];
  /** Inconsistent verdicts of seed-dependent checks over (seed-dependent checks × runs): the per-check rate. */
  perCheckFalseAlarms?: { inconsistent: number; verdicts: number };
  /** Runs with ≥ 1 check that errored (not a verdict; listed apart). */
  errorRuns: number;
  seedsDone: number[];
  perCheck: Record<string, CheckTally>;
  wallSeconds: number;
}

interface CalibrationFile {
  schema: 'htsgd-calibration/1';
  producedBy: string;
  tier: TierDefinition;
  engine: Engine;
  startedAt: string;
  updatedAt: string;
  seeds: { first: number; requested: number };
  suites: SuiteResult[];
  /** Runs of the whole CI tier (one per seed, every suite) with ≥ 1 false alarm. */
  ciRuns: number;
  ciFalseAlarmRuns: number;
  /** One-sided 95% upper bound of the false-alarm rate per CI run (exact binomial; 3/n when 0). */
  ciFalseAlarmRateUpper95: number;
}

/** The declarations of a suite: the simulator screen, or the registry of theorems/index.ts. */
async function loadSuite(name: 'screen' | 'registry'): Promise<readonly TheoremDeclaration[]> {
  if (name === 'screen') return MUTANT_SCREEN;
  const { registry } = await import('../theorems/index.ts');
  return registry;
}

/** Clopper–Pearson one-sided 95% upper bound for x events in n trials (bisection on the binomial CDF). */
function upper95(x: number, n: number): number {
  if (n === 0) return 1;
  const cdf = (p: number) => {
    let term = Math.pow(1 - p, n);
    let sum = term;
    for (let k = 1; k <= x; k++) {
      term *= ((n - k + 1) / k) * (p / (1 - p));
      sum += term;
    }
    return sum;
  };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return hi;
}

function tally(result: SuiteResult, seed: number, report: RunReport): void {
  let error = false;
  for (const c of report.checks) {
    const t = (result.perCheck[c.id] ??= {
      consistent: 0,
      inconclusive: 0,
      inconsistent: 0,
      errors: 0,
      minPValue: null,
      minPValueSeed: null,
      z: { n: 0, sum: 0, sumSquares: 0, maxAbs: 0, maxAbsSeed: null },
    });
    const fp = JSON.stringify([c.status, c.verdict, c.observed.estimate, c.observed.ci]);
    if (t.fingerprint === undefined) t.fingerprint = fp;
    else if (t.fingerprint !== fp) t.seedDependent = true;
    if (c.status === 'error') {
      t.errors++;
      error = true;
      continue;
    }
    t[c.verdict as Verdict]++;
    if (c.verdict === 'inconsistent') (t.inconsistentSeeds ??= []).push(seed);
    if (c.pValue !== null && (t.minPValue === null || c.pValue < t.minPValue)) {
      t.minPValue = c.pValue;
      t.minPValueSeed = seed;
    }
    const se = c.observed.standardError;
    if (se !== undefined && se > 0) {
      const z = (c.observed.estimate - c.predicted.value) / se;
      t.z.n++;
      t.z.sum += z;
      t.z.sumSquares += z * z;
      if (Math.abs(z) > t.z.maxAbs) {
        t.z.maxAbs = Math.abs(z);
        t.z.maxAbsSeed = seed;
      }
    }
  }
  result.runs++;
  if (error) result.errorRuns++;
  result.seedsDone.push(seed);
  countAlarms(result);
}

/**
 * The false alarms of a suite, counted over its seed-dependent checks only (module note), and how
 * many checks are of each kind. Recomputed from the per-check tallies, so a check found to vary at
 * a later seed counts from then on for every seed it was inconsistent at.
 */
function countAlarms(result: SuiteResult): void {
  const entries = Object.entries(result.perCheck);
  const dependent = entries.filter(([, t]) => t.seedDependent === true);
  const seeds = new Set<number>(dependent.flatMap(([, t]) => t.inconsistentSeeds ?? []));
  result.falseAlarmSeeds = [...seeds].sort((a, b) => a - b);
  result.falseAlarmRuns = seeds.size;
  result.seedDependentChecks = dependent.length;
  result.deterministicChecks = entries.length - dependent.length;
  result.deterministicInconsistent = entries
    .filter(([, t]) => t.seedDependent !== true && t.inconsistent > 0)
    .map(([id]) => id);
  result.perCheckFalseAlarms = {
    inconsistent: dependent.reduce((s, [, t]) => s + t.inconsistent, 0),
    verdicts: dependent.reduce((s, [, t]) => s + t.consistent + t.inconclusive + t.inconsistent, 0),
  };
}

/**
 * One run of the suite as CI runs it. With `theorems`, only those theorems run, but every check keeps
 * the time budget and confidence it has in the whole run: the time budget shrinks by the theorems'
 * share of the budget shares and the error budget by their share of the checks.
 */
function runOnce(
  decls: readonly TheoremDeclaration[],
  tier: TierDefinition,
  seed: number | string,
  theorems: readonly string[] = [],
  engine?: Engine,
): Promise<RunReport> {
  let timeBudgetSeconds = tier.timeBudgetSeconds;
  let errorBudget = tier.errorBudget;
  if (theorems.length) {
    const all = enumerateChecks(decls, tier.name);
    const kept = enumerateChecks(decls, tier.name, theorems);
    const share = (cs: typeof all) =>
      [...new Map(cs.map((c) => [c.declaration.id, c.declaration.budgetShare])).values()].reduce((a, b) => a + b, 0);
    timeBudgetSeconds *= share(kept) / share(all);
    errorBudget *= kept.length / all.length;
  }
  return runChecks(decls, {
    engine,
    seed,
    tier: tier.name,
    errorBudget,
    timeBudgetSeconds,
    kernelStepsPerSecond: tier.stepsPerSecond,
    workers: tier.cores,
    ...(theorems.length ? { theoremFilter: theorems } : {}),
  });
}

async function calibrate(args: Args): Promise<void> {
  const tier = loadTier(args.tier);
  const out = resolve(ROOT, args.out ?? `fixtures/calibration/${args.suite}-${tier.name}.json`);
  const names: ('screen' | 'registry')[] = args.suite === 'all' ? ['screen', 'registry'] : [args.suite];
  const suites = await Promise.all(names.map(async (n) => ({ name: n, decls: await loadSuite(n) })));
  let file: CalibrationFile;
  if (args.resume && existsSync(out)) {
    file = JSON.parse(readFileSync(out, 'utf8')) as CalibrationFile;
  } else {
    file = {
      schema: 'htsgd-calibration/1',
      producedBy: `tsx ci/calibrate.ts ${process.argv.slice(2).join(' ')}`.trim(),
      tier,
      engine: 'wasm',
      startedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      seeds: { first: args.first, requested: args.seeds },
      suites: suites.map((s) => ({
        suite: s.name,
        checkIds: [],
        runs: 0,
        falseAlarmRuns: 0,
        falseAlarmSeeds: [],
        errorRuns: 0,
        seedsDone: [],
        perCheck: {},
        wallSeconds: 0,
      })),
      ciRuns: 0,
      ciFalseAlarmRuns: 0,
      ciFalseAlarmRateUpper95: 1,
    };
  }
  const alarmSeeds = new Set<number>(file.suites.flatMap((s) => s.falseAlarmSeeds));
  const seeds = Array.from({ length: args.seeds }, (_, i) => args.first + i);
  const done = (seed: number) => file.suites.every((s) => s.seedsDone.includes(seed));
  const todo = seeds.filter((s) => !done(s));
  console.log(
    `calibrate: tier ${tier.name} (error budget ${tier.errorBudget}, ${tier.cores} cores), suites ${names.join('+')}, ${todo.length} of ${seeds.length} seeds to run → ${out}`,
  );
  for (const s of suites)
    if (s.decls.length === 0)
      console.log(`calibrate: suite ${s.name} has no declarations yet (registry empty): it counts 0 checks`);
  for (let c = 0; c < todo.length; c += args.chunk) {
    const chunk = todo.slice(c, c + args.chunk);
    for (const seed of chunk) {
      for (const [k, s] of suites.entries()) {
        const result = file.suites[k];
        if (result.seedsDone.includes(seed)) continue;
        const t0 = performance.now();
        const report = await runOnce(s.decls, tier, seed);
        result.wallSeconds += (performance.now() - t0) / 1000;
        result.checkIds = [...report.run.checkIds];
        tally(result, seed, report);
      }
    }
    alarmSeeds.clear();
    for (const s of file.suites) for (const x of s.falseAlarmSeeds) alarmSeeds.add(x);
    const runs = Math.min(...file.suites.map((s) => s.runs));
    file.ciRuns = runs;
    file.ciFalseAlarmRuns = alarmSeeds.size;
    file.ciFalseAlarmRateUpper95 = upper95(alarmSeeds.size, runs);
    file.updatedAt = new Date().toISOString();
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
    console.log(
      `calibrate: ${runs} seeds done, false-alarm runs ${alarmSeeds.size} (95% upper bound ${file.ciFalseAlarmRateUpper95.toExponential(2)}; ` +
        `seed-dependent checks ${file.suites.map((s) => s.seedDependentChecks ?? 0).join('+')}, deterministic ${file.suites.map((s) => s.deterministicChecks ?? 0).join('+')}), ` +
        file.suites.map((s) => `${s.suite} ${s.wallSeconds.toFixed(0)} s`).join(', '),
    );
  }
  printTable(file);
}

function printTable(file: CalibrationFile): void {
  for (const s of file.suites) {
    const pc = s.perCheckFalseAlarms;
    console.log(
      `\n${s.suite}: ${s.runs} runs, ${s.falseAlarmRuns} with a false alarm among ${s.seedDependentChecks ?? '?'} seed-dependent checks ` +
        `(${pc ? `${pc.inconsistent} of ${pc.verdicts} verdicts` : '—'}); ${s.deterministicChecks ?? '?'} deterministic checks not counted` +
        `${s.deterministicInconsistent?.length ? ` (inconsistent under every seed: ${s.deterministicInconsistent.join(', ')})` : ''}; ${s.errorRuns} runs with errors`,
    );
    for (const [id, t] of Object.entries(s.perCheck)) {
      const zMean = t.z.n > 0 ? t.z.sum / t.z.n : NaN;
      const zSd = t.z.n > 1 ? Math.sqrt((t.z.sumSquares - t.z.n * zMean * zMean) / (t.z.n - 1)) : NaN;
      console.log(
        `  ${id.padEnd(56)} ${t.seedDependent ? 'seed-dependent' : 'deterministic '} consistent ${t.consistent}  inconclusive ${t.inconclusive}  inconsistent ${t.inconsistent}  errors ${t.errors}  ` +
          `min p ${t.minPValue === null ? '—' : t.minPValue.toExponential(2)}  z mean ${zMean.toFixed(2)} sd ${zSd.toFixed(2)} max|z| ${t.z.maxAbs.toFixed(2)}`,
      );
    }
  }
}

/** The screen once per engine: which checks call which mutant inconsistent. */
async function mutantTable(args: Args): Promise<void> {
  const tier = loadTier(args.tier);
  const suite = args.suite === 'registry' ? 'registry' : 'screen';
  const out = resolve(ROOT, args.out ?? `fixtures/calibration/mutants-${suite}-${tier.name}.json`);
  const rows: {
    engine: Engine;
    inconsistent: string[];
    errors: string[];
    verdicts: Record<string, Verdict>;
    seconds: number;
  }[] = [];
  const decls = await loadSuite(args.suite === 'registry' ? 'registry' : 'screen');
  for (const engine of ['wasm', ...MUTANTS.map((m) => `mutant:${m.id}` as Engine)] as Engine[]) {
    const t0 = performance.now();
    const r = await runOnce(decls, tier, tier.seed, args.theorems, engine);
    const verdicts = Object.fromEntries(r.checks.map((c) => [c.id, c.verdict])) as Record<string, Verdict>;
    rows.push({
      engine,
      inconsistent: r.checks.filter((c) => c.verdict === 'inconsistent').map((c) => c.id),
      errors: r.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.error ?? ''}`.slice(0, 300)),
      verdicts,
      seconds: (performance.now() - t0) / 1000,
    });
    const row = rows[rows.length - 1];
    console.log(
      `${engine.padEnd(30)} caught by ${row.inconsistent.length}: ${row.inconsistent.join(', ') || '—'}${row.errors.length ? ` (errors: ${row.errors.length})` : ''} [${row.seconds.toFixed(0)} s]`,
    );
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ schema: 'htsgd-mutants/1', suite, producedBy: `tsx ci/calibrate.ts ${process.argv.slice(2).join(' ')}`.trim(), tier, date: new Date().toISOString(), catalogue: MUTANTS.map((m) => ({ id: m.id, violates: m.violates, description: m.description })), rows }, null, 2)}\n`,
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (availableParallelism() < 2)
    console.log('calibrate: fewer than 2 cores available; runs are slower but numbers are identical');
  try {
    if (args.mutants) await mutantTable(args);
    else await calibrate(args);
  } finally {
    await closePool();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
