/**
 * The command line. Every subcommand lives in `commands/<name>.ts` and exports `register(program)`.
 * Errors: bad input (InputError, or commander's own parse errors) prints one line on stderr and exits
 * with code 2; anything else is a bug and prints its stack with exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../core/errors.ts';
import { commands } from './commands/index.ts';
import type { CliContext } from './context.ts';

/** Builds the program (exported for tests, which call `main` with argv and read the exit code). */
export function buildProgram(context: CliContext = { registry: [] }): Command {
  const program = new Command();
  program
    .name('htsgd')
    .description('Verify the theory of heavy-tailed SGD with clipping by simulation and statistics.')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program, context);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

/**
 * Whether the error comes from a command (`htsgd …` api) rather than a library function. Decided on
 * `err.api`, never on the message or the code: every thrower passes `{ api }`, and an error without
 * one is a library error (printed after `htsgd: `).
 */
function isCommandApi(err: InputError): boolean {
  return err.api !== undefined && (err.api === 'htsgd' || err.api.startsWith('htsgd '));
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code. `context.registry` is
 * the declarations to run (`src/cli/htsgd.js` passes `theorems/index.ts`'s registry).
 */
export async function main(argv: string[], context: CliContext = { registry: [] }): Promise<number> {
  const program = buildProgram(context);
  // A command reports a non-error failure (e.g. verify: a check is inconsistent) by setting
  // process.exitCode; it is scoped to this call so that in-process callers (tests) do not leak it.
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
    const code = process.exitCode;
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      // commander already printed its message ("error: ...") on stderr.
      return 2;
    }
    if (err instanceof InputError) {
      // Every message starts with its api; a command's (`htsgd simulate`) is printed as is, a library
      // function's (`runExit: …`) gets the `htsgd: ` prefix.
      const line = err.message.split('\n')[0];
      process.stderr.write(isCommandApi(err) ? `${line}\n` : `htsgd: ${line}\n`);
      return 2;
    }
    process.stderr.write(`htsgd: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  } finally {
    process.exitCode = outer;
  }
}
