/**
 * `htsgd audit <module>`: audits an optimizer module (default export `{ name, claims, create }`)
 * against its claims. Exit codes: 0 when every claim is consistent, 1 when a claim is violated,
 * 2 when the module cannot be audited (fails to load, no `create`, bad claims, a step that throws
 * or returns NaN, or one call of its code that outlasts `--step-timeout`) or a flag is bad.
 * While the module's code runs, a progress line goes to stderr every `--progress-interval` seconds
 * (none for an audit that ends sooner), so a slow step function shows its rate instead of silence.
 */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { AUDIT_DEFAULTS, closeAuditPool, formatAudit, runAudit, type AuditRunProgress } from '../../audit/index.ts';
import { parseNumberFlag, parseSeed, parseWorkers } from '../options.ts';

/**
 * A progress printer for {@link runAudit}'s `onProgress`: one plain line on `stream` at most every
 * `intervalSeconds`, e.g. `htsgd audit: slow: 12% of ~6.9e5 steps (3/23 tasks) after 10 s, 61 µs per step, ~70 s to go`.
 * The rate is wall-clock over all workers, so it is what the user waits for.
 */
export function auditProgressPrinter(
  label: string,
  intervalSeconds: number,
  stream: { write(s: string): unknown } = process.stderr,
): (p: AuditRunProgress) => void {
  let total = 0;
  let lastLine = 0;
  let stageStart = 0;
  let stage: AuditRunProgress['stage'] | null = null;
  return (p) => {
    if (p.stage !== stage) {
      // Stage seconds restart at 0; keep one clock for the interval.
      stage = p.stage;
      stageStart = total;
    }
    total = stageStart + p.seconds;
    if (total - lastLine < intervalSeconds) return;
    lastLine = total;
    const pct = p.expectedSteps > 0 ? Math.min(99, (100 * p.steps) / p.expectedSteps) : 0;
    const perStep = p.steps > 0 ? (p.seconds / p.steps) * 1e6 : Infinity;
    const rest = p.steps > 0 ? Math.max(0, p.expectedSteps - p.steps) * (p.seconds / p.steps) : Infinity;
    const rate =
      p.steps > 0
        ? `${perStep < 10 ? perStep.toFixed(2) : perStep.toFixed(0)} µs per step, ~${rest < 120 ? `${rest.toFixed(0)} s` : `${(rest / 60).toFixed(0)} min`} to go`
        : 'no step completed yet';
    const what =
      p.stage === 'load'
        ? 'loading and smoke-testing the module'
        : `${pct.toFixed(0)}% of ~${p.expectedSteps.toExponential(1)} steps (${p.tasksDone}/${p.tasks} tasks)`;
    stream.write(`htsgd audit: ${label}: ${what} after ${total.toFixed(0)} s, ${rate}\n`);
  };
}

interface AuditFlags {
  seed?: string;
  significance?: string;
  probeSamples?: string;
  chains?: string;
  workers?: string;
  stepTimeout?: string;
  progressInterval?: string;
  quiet?: boolean;
  json?: boolean;
}

/** Registers `htsgd audit`. */
export function register(program: Command): void {
  program
    .command('audit')
    .description('audit an optimizer module against its claims (tail index, noise scale, p₊, clipping)')
    .argument(
      '<module>',
      'JS or TS file whose default export is { name, claims, create({ stepSize, dimension, seed }) }',
    )
    .option('--seed <seed>', 'audit seed (the optimizer seeds derive from it by label)', '1')
    .option(
      '--significance <q>',
      'family-wise error budget over all checks (Holm)',
      String(AUDIT_DEFAULTS.significance),
    )
    .option('--probe-samples <n>', 'steps per one-step probe (three probes)', String(AUDIT_DEFAULTS.probeSamples))
    .option('--chains <n>', 'exit chains of the dynamics checks (0 skips them)', String(AUDIT_DEFAULTS.chains))
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option(
      '--step-timeout <s>',
      "seconds one call of the module's code (import, create() or one step()) may take before the audit stops with exit code 2; 'none' disables it",
      String(AUDIT_DEFAULTS.stepTimeout),
    )
    .option('--progress-interval <s>', 'seconds between progress lines on stderr', '5')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print the result as one JSON object')
    .action(async (module: string, flags: AuditFlags) => {
      const significance = parseNumberFlag('significance', flags.significance, {
        min: 0,
        max: 0.5,
        openMin: true,
        domain: 'a number in (0, 0.5]',
      });
      const probeSamples = parseNumberFlag('probe-samples', flags.probeSamples, {
        min: 1000,
        max: 1e7,
        integer: true,
        domain: 'an integer in [1000, 10000000]',
      });
      const chains = parseNumberFlag('chains', flags.chains, {
        min: 0,
        max: 1e6,
        integer: true,
        domain: 'an integer in [0, 1000000]',
      });
      const workers = parseWorkers(flags.workers, availableParallelism());
      const stepTimeout =
        flags.stepTimeout === 'none'
          ? Infinity
          : parseNumberFlag('step-timeout', flags.stepTimeout, {
              min: 0,
              max: 86_400,
              openMin: true,
              domain: "a number of seconds in (0, 86400], or 'none'",
            });
      const interval = parseNumberFlag('progress-interval', flags.progressInterval, {
        min: 0.1,
        max: 3600,
        domain: 'a number of seconds in [0.1, 3600]',
      });
      const onProgress = flags.quiet ? undefined : auditProgressPrinter(module, interval);
      try {
        const r = await runAudit({
          module,
          seed: parseSeed(flags.seed),
          significance,
          probeSamples,
          chains,
          workers,
          stepTimeout,
          onProgress,
        });
        process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : `${formatAudit(r)}\n`);
        if (r.verdict === 'fail') process.exitCode = 1;
      } finally {
        await closeAuditPool();
      }
    });
}
