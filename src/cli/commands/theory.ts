import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';

/** `htsgd theory`: not built yet. */
export function register(program: Command): void {
  program
    .command('theory')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .action(() => {
      throw new InputError('ERR_UNSUPPORTED', 'htsgd theory: not available in this version yet.');
    });
}
