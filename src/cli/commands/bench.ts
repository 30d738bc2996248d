import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';

/** `htsgd bench`: not built yet. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .action(() => {
      throw new InputError('ERR_UNSUPPORTED', 'htsgd bench: not available in this version yet.');
    });
}
