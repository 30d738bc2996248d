/**
 * Running checks: enumerate the checks of a run (declaration × tier point × trial), split the error
 * budget and the time budget over them, run the selected shard, and turn observations into
 * verdicts. Sharded runs merge with `mergeReports`; Holm is applied once the whole run is present.
 *
 * Streams are forked by label, `forkLabel({seed, path: theoremId}, pointLabel, trial)`, so a check's
 * numbers depend only on (seed, theorem, point, trial): never on the shard, the order of checks or
 * which other theorems ran. That is what makes `htsgd replay <id>` reproduce a check alone.
 */
import { performance } from 'node:perf_hooks';
import { invalidOption } from '../core/errors.ts';
import { checkNumber } from '../core/guards.ts';
import { forkLabel, fmix32, type Seed } from '../rng/seeds.ts';
import { checkEngine, type Engine } from '../sim/engines.ts';
import { bonferroniLevels, holmDecisions } from './budget.ts';
import { bandTest, normalBandTest } from '../stats/band-test.ts';
import { describeTheorem, pointLabel } from './define.ts';
import { gatedVerdict, toleranceBand } from './verdict.ts';
import type {
  CheckResult,
  HypothesisPoint,
  Observation,
  Prediction,
  ReplayInfo,
  RunReport,
  TheoremDeclaration,
  Tier,
} from './types.ts';

/** A 1-based shard `index` of `count` (as vitest's `--shard=i/n`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** One check to run: a declaration at one point and trial. */
export interface PlannedCheck {
  readonly id: string;
  readonly declaration: TheoremDeclaration;
  readonly point: HypothesisPoint;
  readonly pointLabel: string;
  readonly trial: number;
  /** The point's relative budget within its theorem (`plan.weights`). @default 1 */
  readonly weight?: number;
}

/** Progress events of a run. */
export interface RunProgress {
  /** Checks finished so far in this shard. */
  readonly done: number;
  /** Checks in this shard. */
  readonly total: number;
  readonly checkId: string;
  /** Progress within the current check, in [0, 1]. */
  readonly fraction: number;
}

/** Options of `runChecks`. */
export interface RunOptions {
  readonly seed: Seed;
  readonly tier: Tier;
  /** Family-wise false-alarm probability of the whole run (all shards), e.g. 1e-3. */
  readonly errorBudget: number;
  /** Wall-clock seconds for the whole run, split by `budgetShare` and then over each theorem's checks. */
  readonly timeBudgetSeconds: number;
  /** Run only these theorem ids. @default all */
  readonly theoremFilter?: readonly string[];
  /** Run only this shard of the checks. @default all */
  readonly shard?: Shard;
  /**
   * Run only these check ids of the run (after `shard`). As with a shard, every check keeps the
   * confidence and time budget of the whole run, so its numbers are those of the full run
   * (`htsgd/vitest` runs one check per test this way). @default all
   */
  readonly onlyChecks?: readonly string[];
  readonly onProgress?: (p: RunProgress) => void;
  /**
   * Called after each finished check with the report of the checks finished so far (`complete:
   * false` until the last): the CLI keeps it to write a partial report when the run is interrupted.
   */
  readonly onCheck?: (soFar: RunReport) => void;
  /** Nominal kernel speed handed to every check (see `CheckContext.kernelStepsPerSecond`). */
  readonly kernelStepsPerSecond?: number;
  /** Worker threads handed to every check. */
  readonly workers?: number;
  /**
   * The simulator every check runs on (`CheckContext.engine`): a correct engine, or a `mutant:<id>`
   * to show which checks catch a broken simulator (`ci/calibrate.ts --mutants`). @default 'wasm'
   */
  readonly engine?: Engine;
  /**
   * Turns a check's replay information (data: id, seed, path, tier, confidence, time budget) into the
   * text of `CheckResult.replay`. The runner builds no shell command: the CLI passes its own
   * (`src/cli/replay-command.ts`, `htsgd replay …`). @default none: `replay` is empty
   */
  readonly replayCommand?: ReplayFormatter;
}

/** Makes the `replay` text of a check from its replay information (see `RunOptions.replayCommand`). */
export type ReplayFormatter = (info: ReplayInfo) => string;

/**
 * Parses `i/n` (1 ≤ i ≤ n ≤ 1024).
 * @throws InputError otherwise.
 */
export function parseShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1 && count <= 1024 && index >= 1 && index <= count)) {
    throw invalidOption('htsgd', '--shard', 'i/n with 1 ≤ i ≤ n ≤ 1024 (e.g. 2/4)', raw);
  }
  return { index, count };
}

/**
 * The shard (1-based) a check belongs to: a hash of its id, so the assignment is deterministic and
 * stable (adding or removing other checks never moves a check to another shard). The price is
 * imbalance for small runs; shards are still disjoint and cover the run.
 */
export function shardOf(checkId: string, count: number): number {
  let h = 0x811c9dc5; // FNV-1a, then murmur's finaliser for avalanche
  for (let i = 0; i < checkId.length; i++) h = Math.imul(h ^ checkId.charCodeAt(i), 0x01000193);
  return (fmix32(h >>> 0) % count) + 1;
}

/**
 * Every check of a run, in declaration order then point order then trial.
 * @throws InputError when `theoremFilter` names an unknown theorem.
 */
export function enumerateChecks(
  declarations: readonly TheoremDeclaration[],
  tier: Tier,
  theoremFilter?: readonly string[],
): PlannedCheck[] {
  const ids = new Set(declarations.map((d) => d.id));
  if (ids.size !== declarations.length)
    throw invalidOption(
      'enumerateChecks',
      'declarations',
      'declarations with distinct ids',
      declarations.map((d) => d.id),
    );
  for (const f of theoremFilter ?? []) {
    if (!ids.has(f))
      throw invalidOption(
        'htsgd',
        '--theorem',
        `one of the declared theorems (${[...ids].join(', ') || 'none declared yet'})`,
        f,
      );
  }
  const out: PlannedCheck[] = [];
  for (const d of declarations) {
    if (theoremFilter && !theoremFilter.includes(d.id)) continue;
    d.plan.points[tier].forEach((point, i) => {
      const label = pointLabel(d.hypotheses, point);
      const weight = d.plan.weights?.[tier]?.[i] ?? 1;
      for (let trial = 0; trial < (d.plan.trials ?? 1); trial++) {
        out.push({ id: `${d.id}/${label}/${trial}`, declaration: d, point, pointLabel: label, trial, weight });
      }
    });
  }
  return out;
}

/** The `details` record an error carries (e.g. a conjecture's PredictError: the inputs of the call), or {}. */
function errorDetails(err: unknown): Readonly<Record<string, unknown>> {
  const d = typeof err === 'object' && err !== null ? (err as { details?: unknown }).details : undefined;
  return typeof d === 'object' && d !== null && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
}

function toPrediction(v: number | Prediction): Prediction {
  return typeof v === 'number' ? { value: v } : v;
}

function checkObservation(o: unknown): string | null {
  if (typeof o !== 'object' || o === null) return 'the test returned no observation object';
  const ob = o as Observation;
  if (typeof ob.estimate !== 'number') return `the test returned estimate ${String(ob.estimate)}`;
  if (!Array.isArray(ob.ci) || ob.ci.length !== 2 || typeof ob.ci[0] !== 'number' || typeof ob.ci[1] !== 'number')
    return 'the test returned no [lo, hi] CI';
  if (ob.ci[0] > ob.ci[1]) return `the test returned a CI with lo > hi: [${ob.ci[0]}, ${ob.ci[1]}]`;
  if (ob.standardError !== undefined && !(ob.standardError > 0))
    return `the test returned standardError ${ob.standardError}`;
  if (
    ob.requirements !== undefined &&
    !(
      Array.isArray(ob.requirements) &&
      ob.requirements.every(
        (r) =>
          typeof r?.name === 'string' &&
          typeof r.met === 'boolean' &&
          typeof r.detail === 'string' &&
          (r.rejected === undefined || typeof r.rejected === 'boolean'),
      )
    )
  ) {
    return 'the test returned requirements that are not [{ name, met, detail }]';
  }
  if (ob.tolerance !== undefined && !(ob.tolerance >= 0 && Number.isFinite(ob.tolerance)))
    return `the test returned tolerance ${ob.tolerance}`;
  return null;
}

/**
 * The interval a check is judged on and Holm's p-value, from one test (issue 14 §6):
 * - a declared `test`: its interval and its p-value (`bandTest`), so p ≤ a ⇔ the (1 − a) interval
 *   misses the band;
 * - a bare `standardError`: a normal test, and its p-value only when the observation's interval is
 *   that test's interval (estimate ± z·se within 1e-9 relative); an interval from another test
 *   (t, Wilson, …) without its `test` gets no p-value and keeps its Bonferroni level, since a normal
 *   p-value beside it would reject where the interval does not (2–9× the false alarms at 30–100 dof);
 * - otherwise the observation's interval and no p-value.
 */
export function judgedInterval(
  obs: Observation,
  band: readonly [number, number],
  confidence: number,
): { ci: readonly [number, number]; pValue: number | null; test: string | null } {
  if (obs.test) {
    const r = bandTest(obs.test, band, confidence);
    return { ci: r.ci, pValue: r.pValue, test: r.method };
  }
  if (obs.standardError !== undefined && Number.isFinite(obs.estimate)) {
    const r = normalBandTest(obs.estimate, obs.standardError, band, confidence);
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    if (close(r.ci[0], obs.ci[0]) && close(r.ci[1], obs.ci[1])) return { ci: obs.ci, pValue: r.pValue, test: r.method };
  }
  return { ci: obs.ci, pValue: null, test: null };
}

/**
 * Runs one check at a given confidence on a given stream path. Errors inside the predictor or the
 * test are recorded (`status: 'error'`, verdict `inconclusive`), never swallowed silently.
 */
export async function runOneCheck(
  check: PlannedCheck,
  opts: {
    seed: Seed;
    path: string;
    tier: Tier;
    confidence: number;
    timeBudgetSeconds: number;
    onFraction?: (f: number) => void;
    kernelStepsPerSecond?: number;
    workers?: number;
    engine?: Engine;
    replayCommand?: ReplayFormatter;
  },
): Promise<CheckResult> {
  const d = check.declaration;
  const t0 = performance.now();
  const base = {
    id: check.id,
    theoremId: d.id,
    kind: d.kind,
    hypotheses: check.point,
    confidence: opts.confidence,
    budgetMethod: 'bonferroni' as const,
    seed: opts.seed,
    path: opts.path,
    replay:
      opts.replayCommand?.({
        id: check.id,
        seed: opts.seed,
        path: opts.path,
        tier: opts.tier,
        confidence: opts.confidence,
        timeBudgetSeconds: opts.timeBudgetSeconds,
      }) ?? '',
  };
  let prediction: Prediction = { value: NaN };
  let band: [number, number] = [NaN, NaN];
  try {
    prediction = toPrediction(d.predictor.compute(check.point));
    band = toleranceBand(prediction.value, d.tolerance);
    const obs = await d.test.run({
      checkId: check.id,
      theoremId: d.id,
      point: check.point,
      pointLabel: check.pointLabel,
      trial: check.trial,
      tier: opts.tier,
      label: { seed: opts.seed, path: opts.path },
      confidence: opts.confidence,
      prediction,
      timeBudgetSeconds: opts.timeBudgetSeconds,
      settings: d.plan.settings ?? {},
      ...(opts.kernelStepsPerSecond !== undefined ? { kernelStepsPerSecond: opts.kernelStepsPerSecond } : {}),
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(opts.engine !== undefined ? { engine: opts.engine } : {}),
      progress: (f) => opts.onFraction?.(Math.min(1, Math.max(0, f))),
    });
    const bad = checkObservation(obs);
    if (bad) throw new Error(bad);
    const tolerance = obs.tolerance !== undefined ? { ...d.tolerance, value: obs.tolerance } : d.tolerance;
    if (obs.tolerance !== undefined) band = toleranceBand(prediction.value, tolerance);
    const judged = judgedInterval(obs, band, opts.confidence);
    return {
      ...base,
      predicted: { ...prediction, predictor: d.predictor.name },
      observed: {
        estimate: obs.estimate,
        ci: [judged.ci[0], judged.ci[1]],
        ...(obs.standardError !== undefined ? { standardError: obs.standardError } : {}),
        ...(judged.test ? { test: judged.test } : {}),
      },
      tolerance: { ...tolerance, band },
      verdict: gatedVerdict(judged.ci, band, obs.requirements),
      ...(obs.requirements?.length
        ? {
            requirements: obs.requirements.map((r) => ({
              name: r.name,
              met: r.met,
              detail: r.detail,
              ...(r.rejected ? { rejected: true } : {}),
            })),
          }
        : {}),
      pValue: judged.pValue,
      status: 'ok',
      elapsedSeconds: (performance.now() - t0) / 1000,
      details: obs.details ?? {},
      plots: obs.plots ?? [],
    };
  } catch (err) {
    return {
      ...base,
      predicted: { ...prediction, predictor: d.predictor.name },
      observed: { estimate: NaN, ci: [NaN, NaN] },
      tolerance: { ...d.tolerance, band },
      verdict: 'inconclusive',
      pValue: null,
      status: 'error',
      // One line (the table's row); data the thrower attached (e.g. predict's inputs) goes to details.
      error: (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' '),
      elapsedSeconds: (performance.now() - t0) / 1000,
      details: errorDetails(err),
      plots: [],
    };
  }
}

/**
 * The time budget of each check of a run (seconds, by check id): `total` split over the theorems
 * by `budgetShare`, then over each theorem's checks by their weights (`plan.weights`; evenly when
 * the theorem declares none).
 */
export function timeShares(checks: readonly PlannedCheck[], total: number): Map<string, number> {
  const perTheorem = new Map<string, { share: number; weights: number }>();
  for (const c of checks) {
    const e = perTheorem.get(c.declaration.id) ?? { share: c.declaration.budgetShare, weights: 0 };
    e.weights += c.weight ?? 1;
    perTheorem.set(c.declaration.id, e);
  }
  const sum = [...perTheorem.values()].reduce((s, e) => s + e.share, 0);
  const out = new Map<string, number>();
  for (const c of checks) {
    const e = perTheorem.get(c.declaration.id)!;
    out.set(c.id, (((total * e.share) / sum) * (c.weight ?? 1)) / e.weights);
  }
  return out;
}

function summarise(checks: readonly CheckResult[]): RunReport['summary'] {
  const count = (v: string) => checks.filter((c) => c.status === 'ok' && c.verdict === v).length;
  return {
    total: checks.length,
    consistent: count('consistent'),
    inconsistent: count('inconsistent'),
    inconclusive: count('inconclusive'),
    errors: checks.filter((c) => c.status === 'error').length,
  };
}

/**
 * Applies Holm over the p-values of the whole run (the report must be complete): a check whose
 * "in band" hypothesis Holm rejects is `inconsistent`. Holm's levels are never below Bonferroni's,
 * so this only turns `inconclusive` into `inconsistent`, never the other way, and `consistent`
 * (CI inside the band, p = 1) is untouched.
 * @throws InputError when the report is incomplete.
 */
export function finalizeReport(report: RunReport): RunReport {
  if (!report.complete)
    throw invalidOption(
      'finalizeReport',
      'report',
      'a complete run (every check present)',
      `${report.checks.length}/${report.run.checkIds.length} checks`,
    );
  if (!report.checks.some((c) => c.pValue !== null)) return report;
  const order = new Map(report.run.checkIds.map((id, i) => [id, i]));
  const checks = [...report.checks].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const decisions = holmDecisions(
    checks.map((c) => (c.status === 'ok' ? c.pValue : null)),
    report.run.errorBudget,
  );
  const out = checks.map((c, i): CheckResult => {
    if (c.pValue === null) return c;
    const verdict = decisions[i].rejected ? 'inconsistent' : c.verdict;
    return { ...c, verdict, budgetMethod: 'holm', details: { ...c.details, holmLevel: decisions[i].level } };
  });
  return { ...report, checks: out, summary: summarise(out) };
}

/**
 * Runs the checks of a run (or of one shard of it) and returns its report; a complete report has
 * Holm applied. The error budget is split over every check of the run (all shards), so a shard's
 * confidences are those of the unsharded run.
 * @throws InputError for a bad seed, budget or theorem filter.
 */
export async function runChecks(declarations: readonly TheoremDeclaration[], options: RunOptions): Promise<RunReport> {
  const api = 'runChecks';
  checkNumber(api, 'errorBudget', options.errorBudget, { min: 0, max: 0.5, openMin: true });
  checkNumber(api, 'timeBudgetSeconds', options.timeBudgetSeconds, { min: 0, openMin: true });
  if (options.engine !== undefined) checkEngine(api, options.engine);
  const all = enumerateChecks(declarations, options.tier, options.theoremFilter);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const level =
    all.length > 0
      ? bonferroniLevels(options.errorBudget, all.length)
      : { level: options.errorBudget, confidence: 1 - options.errorBudget };
  const shares = timeShares(all, options.timeBudgetSeconds);
  const only = options.onlyChecks;
  for (const id of only ?? []) {
    if (!all.some((c) => c.id === id))
      throw invalidOption(api, 'onlyChecks', 'ids of checks of the run (htsgd report list shows them)', id);
  }
  const selected = (
    options.shard ? all.filter((c) => shardOf(c.id, options.shard!.count) === options.shard!.index) : all
  ).filter((c) => only === undefined || only.includes(c.id));
  const results: CheckResult[] = [];
  for (const [k, c] of selected.entries()) {
    const progress = (fraction: number) =>
      options.onProgress?.({ done: k, total: selected.length, checkId: c.id, fraction });
    progress(0);
    const label = forkLabel({ seed: options.seed, path: c.declaration.id }, c.pointLabel, c.trial);
    results.push(
      await runOneCheck(c, {
        seed: options.seed,
        path: label.path,
        tier: options.tier,
        confidence: level.confidence,
        timeBudgetSeconds: shares.get(c.id)!,
        onFraction: progress,
        kernelStepsPerSecond: options.kernelStepsPerSecond,
        workers: options.workers,
        engine: options.engine,
        replayCommand: options.replayCommand,
      }),
    );
    options.onProgress?.({ done: k + 1, total: selected.length, checkId: c.id, fraction: 1 });
    if (options.onCheck && k + 1 < selected.length) options.onCheck(build(false));
  }
  const report = build(selected.length === all.length);
  return report.complete ? finalizeReport(report) : report;

  function build(complete: boolean): RunReport {
    const used = new Set(all.map((c) => c.declaration.id));
    return {
      schema: 'htsgd-report/1',
      run: {
        seed: options.seed,
        tier: options.tier,
        errorBudget: options.errorBudget,
        timeBudgetSeconds: options.timeBudgetSeconds,
        kernelStepsPerSecond: options.kernelStepsPerSecond ?? null,
        workers: options.workers ?? null,
        checkIds: all.map((c) => c.id),
        theoremFilter: options.theoremFilter ? [...options.theoremFilter] : null,
        shards: options.shard ? [options.shard] : null,
        startedAt,
        elapsedSeconds: (performance.now() - t0) / 1000,
      },
      theorems: declarations.filter((d) => used.has(d.id)).map(describeTheorem),
      checks: [...results],
      complete,
      summary: summarise(results),
    };
  }
}

/**
 * Merges shard reports of one run (same seed, tier, error budget and check list) into one report;
 * when every check is present, Holm is applied over the whole run.
 * @throws InputError when the reports belong to different runs or a check appears twice.
 */
export function mergeReports(reports: readonly RunReport[]): RunReport {
  const api = 'mergeReports';
  if (reports.length === 0) throw invalidOption(api, 'reports', 'at least one shard report', []);
  const first = reports[0];
  // Everything a check's numbers depend on besides its id: the plan is sized from the budget, speed and workers.
  const key = (r: RunReport) =>
    JSON.stringify([
      r.schema,
      r.run.seed,
      r.run.tier,
      r.run.errorBudget,
      r.run.timeBudgetSeconds,
      r.run.kernelStepsPerSecond ?? null,
      r.run.workers ?? null,
      r.run.checkIds,
      r.run.theoremFilter,
    ]);
  reports.forEach((r, i) => {
    if (key(r) !== key(first)) {
      throw invalidOption(
        api,
        `reports[${i}]`,
        `a shard of the same run (seed ${JSON.stringify(first.run.seed)}, tier ${first.run.tier}, ${first.run.checkIds.length} checks)`,
        `seed ${JSON.stringify(r.run.seed)}, tier ${r.run.tier}, ${r.run.checkIds.length} checks`,
      );
    }
  });
  const byId = new Map<string, CheckResult>();
  for (const r of reports) {
    for (const c of r.checks) {
      if (byId.has(c.id))
        throw invalidOption(api, 'reports', 'shards with disjoint checks (is a shard listed twice?)', c.id);
      byId.set(c.id, c);
    }
  }
  const checks = first.run.checkIds.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  // Undo a previous Holm pass so that merging is idempotent: Holm is re-derived from the CIs.
  const raw = checks.map((c): CheckResult =>
    c.budgetMethod === 'holm' && c.status === 'ok'
      ? { ...c, budgetMethod: 'bonferroni', verdict: gatedVerdict(c.observed.ci, c.tolerance.band, c.requirements) }
      : c,
  );
  const shards = reports.flatMap((r) => r.run.shards ?? []);
  const theorems = new Map(reports.flatMap((r) => r.theorems).map((t) => [t.id, t]));
  // Figures of the run (the 2-D figure of a shard with an R^d check): each once, in shard order.
  const figures = [...new Map(reports.flatMap((r) => r.figures ?? []).map((f) => [JSON.stringify(f), f])).values()];
  const merged: RunReport = {
    schema: 'htsgd-report/1',
    run: {
      ...first.run,
      shards: shards.length ? shards : null,
      startedAt: reports.map((r) => r.run.startedAt).sort()[0],
      elapsedSeconds: reports.reduce((s, r) => s + r.run.elapsedSeconds, 0),
    },
    theorems: [...theorems.values()],
    checks: raw,
    complete: raw.length === first.run.checkIds.length,
    summary: summarise(raw),
    ...(figures.length ? { figures } : {}),
  };
  return merged.complete ? finalizeReport(merged) : merged;
}

/**
 * Reruns one check alone: same declaration, point and trial (found from `id`), stream `{seed, path}`
 * and `confidence` (as printed in the check's replay command).
 * @throws InputError for an unknown id or a bad confidence.
 */
export async function replayCheck(
  declarations: readonly TheoremDeclaration[],
  opts: {
    id: string;
    seed: Seed;
    path: string;
    tier: Tier;
    confidence: number;
    timeBudgetSeconds?: number;
    kernelStepsPerSecond?: number;
    workers?: number;
    engine?: Engine;
    replayCommand?: ReplayFormatter;
    /** Progress of the check in [0, 1] (the CLI's progress bar). */
    onFraction?: (fraction: number) => void;
  },
): Promise<CheckResult> {
  checkNumber('htsgd replay', '--confidence', opts.confidence, { min: 0, max: 1, openMin: true, openMax: true });
  const theoremId = opts.id.split('/')[0];
  const decl = declarations.find((d) => d.id === theoremId);
  if (!decl)
    throw invalidOption(
      'htsgd replay',
      'id',
      `a check id <theorem>/<point>/<trial> of a declared theorem (${declarations.map((d) => d.id).join(', ') || 'none declared yet'})`,
      opts.id,
    );
  const check = enumerateChecks([decl], opts.tier).find((c) => c.id === opts.id);
  if (!check)
    throw invalidOption('htsgd replay', 'id', `a check of tier ${opts.tier} (see the report's replay column)`, opts.id);
  return runOneCheck(check, {
    seed: opts.seed,
    path: opts.path,
    tier: opts.tier,
    confidence: opts.confidence,
    timeBudgetSeconds: opts.timeBudgetSeconds ?? 60,
    kernelStepsPerSecond: opts.kernelStepsPerSecond,
    workers: opts.workers,
    engine: opts.engine,
    replayCommand: opts.replayCommand,
    onFraction: opts.onFraction,
  });
}
