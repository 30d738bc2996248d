import type { Command } from 'commander';

/**
 * `htsgd verify`: placeholder until the Theorem 1 checks land (issue 4). It runs, says what exists,
 * and exits 0 so that `npm ci && npm run verify` works on a fresh machine.
 */
export function register(program: Command): void {
  program
    .command('verify')
    .description('Run the theorem checks (placeholder: no theorem is declared yet).')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const summary = { theorems: [] as string[], note: 'No theorem checks are declared yet; see issues 4 and 5.' };
      process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `htsgd verify: ${summary.note}\n`);
    });
}
