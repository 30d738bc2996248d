/**
 * `htsgd/vitest`: put htsgd's checks into your own vitest suite.
 *
 * ```ts
 * import { theoremTest, conjectureTest, auditTest } from 'htsgd/vitest';
 * theoremTest('exit-location', { checks: ['truncation=none,target=3'] }); // one test per check
 * conjectureTest('conjectures/my-claim.mts');                              // one test per file
 * auditTest('optimizers/my-sgd.mjs');                                     // one test per module
 * ```
 *
 * Each helper registers vitest tests (call it at the top level of a test file or inside a
 * `describe`). A check runs exactly as `htsgd verify` runs it: the tier's error budget, pinned seed
 * and time budget (`ci/tiers.json`, `ci/seeds.json` of the installed package), so a test's numbers
 * are the CLI's. A test fails when a check is `inconsistent` or crashed; `inconclusive` passes
 * unless `strict` (as `htsgd verify` exits 0 on it: no power is not evidence against the claim). The
 * failure message has one line per failing check with the observed interval, the band and the
 * command that replays the check alone (`htsgd replay …`, `htsgd audit … --seed S`).
 *
 * Timeouts are set per test from the check's own time budget (see {@link checkTimeoutSeconds}),
 * not vitest's 5 s default, which a simulation check would always exceed.
 *
 * Requires vitest (an optional peer dependency of htsgd).
 */
import { afterAll, describe, it } from 'vitest';
import {
  AUDIT_DEFAULTS,
  closeAuditPool,
  closePool,
  conjectureDeclaration,
  conjectureVerdict,
  loadTier,
  loadConjectures,
  registry as builtInRegistry,
  replayCommand,
  runAudit,
  runChecks,
  formatAudit,
  type AuditResult,
  type RunReport,
  type TheoremDeclaration,
  type Tier,
} from '../index.ts';
import { enumerateChecks, timeShares, type PlannedCheck } from '../verify/run.ts';
import type { TierDefinition } from '../cli/verify-support.ts';
import { shellWord, withConjectureFiles } from '../cli/replay-command.ts';
import { checkMessage } from '../report/junit.ts';
import type { Seed } from '../rng/seeds.ts';

/** Options shared by {@link theoremTest} and {@link conjectureTest}. */
export interface TierTestOptions {
  /** The verification tier (`ci/tiers.json`). @default 'quick' */
  readonly tier?: Tier;
  /** Seed of the run. @default the tier's pinned seed (`ci/seeds.json`), as `htsgd verify` */
  readonly seed?: Seed;
  /** Fail on `inconclusive` too. @default false */
  readonly strict?: boolean;
  /** Per-test timeout in seconds. @default {@link checkTimeoutSeconds} of the test's time budget */
  readonly timeoutSeconds?: number;
}

/** Options of {@link theoremTest}. */
export interface TheoremTestOptions extends TierTestOptions {
  /**
   * Only these checks of the theorem: full check ids (`exit-location/truncation=none,target=3/0`) or
   * their point labels (`truncation=none,target=3`). Each keeps the confidence and time budget it has
   * in the whole theorem's run. @default every check of the theorem at the tier
   */
  readonly checks?: readonly string[];
  /** Where to look a theorem id up. @default the built-in registry (`registry` from 'htsgd') */
  readonly registry?: readonly TheoremDeclaration[];
}

/** Options of {@link conjectureTest}. */
export interface ConjectureTestOptions extends TierTestOptions {
  /**
   * The verdict the test requires of each conjecture in the file: `consistent` (the claim holds; the
   * test fails when it is rejected), or `inconsistent` (a claim known to be false must be rejected).
   * @default 'consistent'
   */
  readonly expect?: 'consistent' | 'inconsistent';
}

/** Options of {@link auditTest} (the flags of `htsgd audit`). */
export interface AuditTestOptions {
  /** @default 1 */
  readonly seed?: Seed;
  /** Family-wise error budget over the audit's checks (Holm). @default 1e-3 */
  readonly significance?: number;
  /** Exit chains of the dynamics checks (0 skips them). @default 1000 */
  readonly chains?: number;
  /** Steps per one-step probe. @default 200000 */
  readonly probeSamples?: number;
  /** `fail` for an optimizer known to break its claims. @default 'pass' */
  readonly expect?: 'pass' | 'fail';
  /** Per-test timeout in seconds. @default {@link AUDIT_TIMEOUT_SECONDS} */
  readonly timeoutSeconds?: number;
}

/**
 * The timeout of a test whose checks have a time budget of `budgetSeconds`: 2·budget + 30 s. The
 * planner sizes a check's simulation to its budget at the tier's pinned nominal kernel speed
 * (`ci/tiers.json` stepsPerSecond: 2·10⁶ steps/s at the quick tier), below what the WebAssembly
 * kernel runs (`npm run bench`), so the simulation fits the budget; the factor 2 leaves room for
 * the parts that are not sized by speed (exact-oracle solves, the theory's quadrature) on a loaded
 * machine, and 30 s for starting the worker threads and loading the package.
 */
export function checkTimeoutSeconds(budgetSeconds: number): number {
  return 2 * budgetSeconds + 30;
}

/**
 * The timeout of {@link auditTest}: 120 s. A default audit takes 1–18 s (README "Audit",
 * `npm run audit:calibrate`), and the audit's own watchdog stops a step that hangs after
 * `stepTimeout` (30 s), so 120 s is only reached by a machine far slower than the one measured.
 */
export const AUDIT_TIMEOUT_SECONDS = 120;

function tierOf(options: TierTestOptions): TierDefinition {
  const tier = loadTier(options.tier ?? 'quick');
  return { ...tier, seed: options.seed ?? tier.seed };
}

const runOptions = (tier: TierDefinition) => ({
  seed: tier.seed,
  tier: tier.name,
  errorBudget: tier.errorBudget,
  timeBudgetSeconds: tier.timeBudgetSeconds,
  kernelStepsPerSecond: tier.stepsPerSecond,
  workers: tier.cores,
  replayCommand,
});

/** The checks of a report that fail the test, as lines (empty: the test passes). */
function failing(report: RunReport, strict: boolean): string[] {
  return report.checks
    .filter((c) => c.status === 'error' || c.verdict === 'inconsistent' || (strict && c.verdict === 'inconclusive'))
    .map(checkMessage);
}

let poolsClosed = false;
/** Ends the simulator's and the audit's worker threads after the file's tests (once per file). */
function closePoolsAfterAll(): void {
  if (poolsClosed) return;
  poolsClosed = true;
  afterAll(async () => {
    await closePool();
    await closeAuditPool();
  });
}

/**
 * Runs one check of a run of `declarations` (its theorem alone, as `htsgd verify --theorem ID`) and
 * returns why it fails the test, one line per reason (empty: it passes). What {@link theoremTest}'s
 * tests run; exported for tests of the helpers.
 */
export async function theoremCheckFailures(
  declarations: readonly TheoremDeclaration[],
  checkId: string,
  tier: TierDefinition,
  strict: boolean,
): Promise<string[]> {
  const theoremId = enumerateChecks(declarations, tier.name).find((c) => c.id === checkId)?.declaration.id;
  if (theoremId === undefined) return [`${checkId}: no such check at the ${tier.name} tier`];
  const report = await runChecks(declarations, {
    ...runOptions(tier),
    theoremFilter: [theoremId],
    onlyChecks: [checkId],
  });
  return failing(report, strict);
}

/**
 * Registers one vitest test per check of a theorem (a built-in id such as `exit-location`, or your
 * own declaration from `defineTheorem`), inside a `describe` named after the theorem and tier. Each
 * test runs its check as `htsgd verify --theorem ID` would and fails on `inconsistent` or an error
 * (and on `inconclusive` with `strict`), with the replay command in the message.
 * @throws InputError (when registering) for an unknown theorem id, tier or check.
 * @example theoremTest('exit-location', { tier: 'quick', checks: ['truncation=none,target=3'] })
 */
export function theoremTest(theorem: string | TheoremDeclaration, options: TheoremTestOptions = {}): void {
  const declarations =
    typeof theorem === 'string' ? (options.registry ?? builtInRegistry) : [...(options.registry ?? []), theorem];
  const id = typeof theorem === 'string' ? theorem : theorem.id;
  const tier = tierOf(options);
  const all = enumerateChecks(declarations, tier.name, [id]);
  const budgets = timeShares(all, tier.timeBudgetSeconds);
  const wanted = options.checks;
  const chosen: PlannedCheck[] = wanted
    ? wanted.map((w) => {
        const c = all.find((x) => x.id === w || x.pointLabel === w);
        if (!c)
          throw new Error(
            `htsgd/vitest: theoremTest: no check ${JSON.stringify(w)} of ${id} at the ${tier.name} tier (checks: ${all.map((x) => x.id).join(', ')})`,
          );
        return c;
      })
    : all;
  closePoolsAfterAll();
  describe(`htsgd ${id} (${tier.name} tier, seed ${String(tier.seed)})`, () => {
    for (const check of chosen) {
      const timeout = 1000 * (options.timeoutSeconds ?? checkTimeoutSeconds(budgets.get(check.id)!));
      it(
        check.id,
        async () => {
          const lines = await theoremCheckFailures(declarations, check.id, tier, options.strict ?? false);
          if (lines.length > 0) throw new Error(`htsgd: ${lines.join('\n')}`);
        },
        timeout,
      );
    }
  });
}

/**
 * Registers one vitest test that runs the conjectures of a file (default export of
 * `defineConjecture({...})` from 'htsgd', or an array of them) as `htsgd verify --conjecture FILE`
 * does, and requires each conjecture's verdict: not `inconsistent` by default (and `consistent`
 * with `strict`), or `inconsistent` with `expect: 'inconsistent'`. The message lists the rejected
 * points with their replay commands (`htsgd replay … --conjecture FILE`).
 * @example conjectureTest('conjectures/clipping-irrelevant.mts', { expect: 'inconsistent' })
 */
export function conjectureTest(file: string, options: ConjectureTestOptions = {}): void {
  const tier = tierOf(options);
  const expected = options.expect ?? 'consistent';
  const timeout = 1000 * (options.timeoutSeconds ?? checkTimeoutSeconds(tier.timeBudgetSeconds));
  closePoolsAfterAll();
  it(
    `htsgd conjecture ${file} (${tier.name} tier, seed ${String(tier.seed)}, expected ${expected})`,
    async () => {
      const problems = await conjectureFailures(file, tier, expected, options.strict ?? false);
      if (problems.length > 0) throw new Error(`htsgd: ${problems.join('\n')}`);
    },
    timeout,
  );
}

/**
 * Runs the conjectures of `file` as `htsgd verify --conjecture FILE` and returns why they fail the
 * test (empty: they pass). What {@link conjectureTest}'s test runs.
 */
export async function conjectureFailures(
  file: string,
  tier: TierDefinition,
  expected: 'consistent' | 'inconsistent',
  strict: boolean,
): Promise<string[]> {
  const conjectures = await loadConjectures(file);
  const declarations = conjectures.map((c) => conjectureDeclaration(c, { seed: tier.seed }));
  const files = new Map(conjectures.map((c) => [c.id, file]));
  const report = withConjectureFiles(await runChecks(declarations, runOptions(tier)), files);
  const problems: string[] = [];
  for (const c of conjectures) {
    const v = conjectureVerdict(report, c.id);
    const own = { ...report, checks: report.checks.filter((x) => x.theoremId === c.id) };
    if (expected === 'inconsistent') {
      if (v.verdict !== 'inconsistent')
        problems.push(
          `conjecture ${c.id} was expected to be rejected but is ${v.verdict}: ${v.reason}`,
          ...own.checks.map(checkMessage),
        );
    } else if (v.verdict === 'inconsistent' || v.errors > 0 || (strict && v.verdict !== 'consistent')) {
      problems.push(`conjecture ${c.id} is ${v.verdict}: ${v.reason}`, ...failing(own, strict));
    }
  }
  return problems;
}

/** The `htsgd audit` command that reruns an audit with the same settings. */
function auditCommand(module: string, options: AuditTestOptions): string {
  return [
    `htsgd audit ${shellWord(module)} --seed ${shellWord(String(options.seed ?? 1))}`,
    options.significance !== undefined ? ` --significance ${options.significance}` : '',
    options.chains !== undefined ? ` --chains ${options.chains}` : '',
    options.probeSamples !== undefined ? ` --probe-samples ${options.probeSamples}` : '',
  ].join('');
}

/**
 * Audits `module` and returns why the result fails the test (empty: it passes): the verdict, the
 * audit's table and the command that reruns it. What {@link auditTest}'s test runs.
 */
export async function auditFailures(module: string, options: AuditTestOptions = {}): Promise<string[]> {
  const expected = options.expect ?? 'pass';
  const result: AuditResult = await runAudit({
    module,
    seed: options.seed ?? 1,
    significance: options.significance ?? AUDIT_DEFAULTS.significance,
    chains: options.chains ?? AUDIT_DEFAULTS.chains,
    probeSamples: options.probeSamples ?? AUDIT_DEFAULTS.probeSamples,
  });
  if (result.verdict === expected) return [];
  return [
    `audit of ${module}: ${result.verdict}, expected ${expected}`,
    formatAudit(result),
    `replay: ${auditCommand(module, options)}`,
  ];
}

/**
 * Registers one vitest test that audits an optimizer module (default export `{ name, claims,
 * create }`, as `htsgd audit` takes) and requires `pass` (or `fail` with `expect: 'fail'`). The
 * message has the audit's table and the `htsgd audit … --seed S` command that reruns it.
 * @example auditTest('optimizers/my-sgd.mjs', { seed: 1 })
 */
export function auditTest(module: string, options: AuditTestOptions = {}): void {
  const expected = options.expect ?? 'pass';
  closePoolsAfterAll();
  it(
    `htsgd audit ${module} (expected ${expected})`,
    async () => {
      const lines = await auditFailures(module, options);
      if (lines.length > 0) throw new Error(`htsgd: ${lines.join('\n')}`);
    },
    1000 * (options.timeoutSeconds ?? AUDIT_TIMEOUT_SECONDS),
  );
}
