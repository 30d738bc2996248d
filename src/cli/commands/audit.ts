/**
 * `htsgd audit <module>`: audits an optimizer module (default export `{ name, claims, create }`)
 * against its claims. Exit codes: 0 when every claim is consistent, 1 when a claim is violated,
 * 2 when the module cannot be audited (fails to load, no `create`, bad claims, a step that throws
 * or returns NaN) or a flag is bad.
 */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { AUDIT_DEFAULTS, closeAuditPool, formatAudit, runAudit } from '../../audit/index.ts';
import { parseNumberFlag, parseSeed, parseWorkers } from '../options.ts';

interface AuditFlags {
  seed?: string;
  significance?: string;
  probeSamples?: string;
  chains?: string;
  workers?: string;
  json?: boolean;
}

/** Registers `htsgd audit`. */
export function register(program: Command): void {
  program
    .command('audit')
    .description('audit an optimizer module against its claims (tail index, noise scale, p₊, clipping)')
    .argument('<module>', 'JS or TS file whose default export is { name, claims, create({ stepSize, dimension, seed }) }')
    .option('--seed <seed>', 'audit seed (the optimizer seeds derive from it by label)', '1')
    .option('--significance <q>', 'family-wise error budget over all checks (Holm)', String(AUDIT_DEFAULTS.significance))
    .option('--probe-samples <n>', 'steps per one-step probe (three probes)', String(AUDIT_DEFAULTS.probeSamples))
    .option('--chains <n>', 'exit chains of the dynamics checks (0 skips them)', String(AUDIT_DEFAULTS.chains))
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--json', 'print the result as one JSON object')
    .action(async (module: string, flags: AuditFlags) => {
      const significance = parseNumberFlag('significance', flags.significance, { min: 0, max: 0.5, openMin: true, domain: 'a number in (0, 0.5]' });
      const probeSamples = parseNumberFlag('probe-samples', flags.probeSamples, { min: 1000, max: 1e7, integer: true, domain: 'an integer in [1000, 10000000]' });
      const chains = parseNumberFlag('chains', flags.chains, { min: 0, max: 1e6, integer: true, domain: 'an integer in [0, 1000000]' });
      const workers = parseWorkers(flags.workers, availableParallelism());
      try {
        const r = await runAudit({ module, seed: parseSeed(flags.seed), significance, probeSamples, chains, workers });
        process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : `${formatAudit(r)}\n`);
        if (r.verdict === 'fail') process.exitCode = 1;
      } finally {
        await closeAuditPool();
      }
    });
}
