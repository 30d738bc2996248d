/** The subcommands, in help order. Each file owns one command. */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { register as simulate } from './simulate.ts';
import { register as theory } from './theory.ts';
import { register as exact } from './exact.ts';
import { register as verify } from './verify.ts';
import { register as replay } from './replay.ts';
import { register as report } from './report.ts';
import { register as audit } from './audit.ts';
import { register as bench } from './bench.ts';
import { register as figure } from './figure.ts';

/** Each registers one subcommand; those that run declarations read them from `context`. */
export const commands: Array<(program: Command, context: CliContext) => void> = [
  simulate,
  theory,
  exact,
  verify,
  replay,
  report,
  audit,
  bench,
  figure,
];
