import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';

/** `htsgd exact`: not built yet. */
export function register(program: Command): void {
  program
    .command('exact')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .action(() => {
      throw new InputError('ERR_UNSUPPORTED', 'htsgd exact: not available in this version yet.');
    });
}
