/**
 * The command line. Every subcommand lives in `commands/<name>.ts` and exports `register(program)`.
 * Errors: bad input (InputError, or commander's own parse errors) prints one line on stderr and exits
 * with code 2; anything else is a bug and prints its stack with exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../core/errors.ts';
import { commands } from './commands/index.ts';
import type { CliContext } from './context.ts';
import { htsgdVersion } from './provenance.ts';

/** Builds the program (exported for tests, which call `main` with argv and read the exit code). */
export function buildProgram(context: CliContext = { registry: [] }): Command {
  const program = new Command();
  program
    .name('htsgd')
    .description('Verify the theory of heavy-tailed SGD with clipping by simulation and statistics.')
    .version(htsgdVersion(), '-V, --version', 'print the htsgd version')
    .showHelpAfterError(false)
    .exitOverride()
    // commander's own errors (unknown option, missing value, unknown command) in the one shape:
    // `htsgd: …` on one line (exit code 2 in main); subcommands inherit this configuration.
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) =>
        write(
          `htsgd: ${s
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')}\n`,
        ),
    });
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
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      // `htsgd` (or `htsgd simulate`) without a command: the help went to stderr; a usage error.
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
      // commander already printed its message ("error: ...") on stderr.
      return 2;
    }
    if (err instanceof InputError) {
      // Every message starts with its api; a command's (`htsgd simulate`) is printed as is, a library
      // function's (`runExit: …`) gets the `htsgd: ` prefix instead of its name.
      let line = err.message.split('\n')[0];
      // A library function's name (`resolveLandscape: …`) is internal: the user typed a command.
      if (!isCommandApi(err) && err.api !== undefined && /^[a-z]\w*$/.test(err.api) && line.startsWith(`${err.api}: `))
        line = line.slice(err.api.length + 2);
      process.stderr.write(isCommandApi(err) ? `${line}\n` : `htsgd: ${line}\n`);
      return 2;
    }
    process.stderr.write(`htsgd: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  } finally {
    process.exitCode = outer;
  }
}
