import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';

/** `htsgd simulate`: not built yet. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .action(() => {
      throw new InputError('ERR_UNSUPPORTED', 'htsgd simulate: not available in this version yet.');
    });
}
