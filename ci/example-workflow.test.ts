/**
 * ci/example-workflow.yml stays runnable: every `npx htsgd …` command in it names a command of the
 * CLI and only options that command has (the workflow itself runs for hours on a CI matrix, so this
 * is what `npm test` can afford to check).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/main.ts';

const WORKFLOW = readFileSync(new URL('./example-workflow.yml', import.meta.url), 'utf8');

/** The `npx htsgd …` command lines of the workflow, with `${{ … }}` expressions replaced by `1`. */
const commands = [...WORKFLOW.matchAll(/run: npx htsgd (.+)$/gm)].map((m) =>
  m[1]
    .replace(/\$\{\{[^}]*\}\}/g, '1')
    .trim()
    .split(/\s+/),
);

function find(program: Command, words: string[]): { command: Command; rest: string[] } {
  let command = program;
  let rest = words;
  for (;;) {
    const sub = command.commands.find((c) => c.name() === rest[0]);
    if (!sub) return { command, rest };
    command = sub;
    rest = rest.slice(1);
  }
}

describe('ci/example-workflow.yml', () => {
  it('has the shard and merge commands, with --junit', () => {
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual(['verify --tier', 'report merge']);
    for (const c of commands) expect(c).toContain('--junit');
  });

  it('uses only commands and options the CLI has', () => {
    const program = buildProgram();
    for (const words of commands) {
      const { command, rest } = find(program, words);
      expect(command, words.join(' ')).not.toBe(program);
      const known = new Set(command.options.flatMap((o) => [o.long, o.short].filter(Boolean)));
      for (const w of rest.filter((x) => x.startsWith('-'))) expect(known, `${words.join(' ')}: ${w}`).toContain(w);
    }
  });
});
