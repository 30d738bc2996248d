/**
 * `htsgd figure himmelblau --out DIR`: the 2-D figure of issue 16 §8 (cf. ICLR 2022 Fig. 3), the
 * Himmelblau variant's basins with SGD paths clipped at b = 2.15 against unclipped, written as
 * `DIR/himmelblau.svg`, `.vl.json` (Vega-Lite spec with its data) and `.csv` (the drawn iterates).
 * It prints the share of steps in the sharp basins Ω₃ ∪ Ω₄ for each panel. `htsgd verify` puts the
 * same figure (default settings) in its report when the run has an R^d check (src/cli/rd-figure.ts).
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalidOption } from '../../core/errors.ts';
import { himmelblauFigure } from '../../experiments/rd-figure.ts';
import { figureSpec, renderFigure } from '../../report/figures.ts';
import { checkReportDir } from '../../report/write.ts';
import { parseNumberFlag, parseSeed, parseStepSize } from '../options.ts';

interface FigureFlags {
  out: string;
  stepSize?: string;
  steps?: string;
  paths?: string;
  seed?: string;
  json?: boolean;
}

/** Registers `htsgd figure`. */
export function register(program: Command): void {
  program
    .command('figure')
    .description(
      'Draw a figure of the theory outside a check run: `himmelblau` (2-D basins, clipped vs unclipped paths).',
    )
    .argument('<name>', 'the figure: himmelblau')
    .requiredOption('--out <dir>', 'directory for <name>.svg, <name>.vl.json and <name>.csv')
    .option('--step-size <eta>', 'η', '0.004')
    .option('--steps <n>', 'steps per path', '1000000')
    .option('--paths <n>', 'paths per panel (the share’s error bar; path 0 is drawn)', '4')
    .option('--seed <seed>', 'seed', '1')
    .option('--json', 'print the shares as JSON')
    .action(async (name: string, flags: FigureFlags) => {
      if (name !== 'himmelblau') throw invalidOption('htsgd figure', '<name>', 'himmelblau', name);
      checkReportDir(flags.out, 'htsgd figure', '--out');
      const fig = himmelblauFigure({
        stepSize: parseStepSize(flags.stepSize),
        steps: parseNumberFlag('steps', flags.steps, {
          min: 1000,
          max: 2 ** 32,
          integer: true,
          domain: 'an integer in [1000, 2^32]',
        }),
        paths: parseNumberFlag('paths', flags.paths, {
          min: 1,
          max: 256,
          integer: true,
          domain: 'an integer in [1, 256]',
        }),
        seed: parseSeed(flags.seed),
      });
      const rendered = await renderFigure(name, figureSpec(fig.plot));
      mkdirSync(flags.out, { recursive: true });
      writeFileSync(join(flags.out, `${name}.svg`), rendered.svg);
      writeFileSync(join(flags.out, `${name}.vl.json`), rendered.spec);
      writeFileSync(join(flags.out, `${name}.csv`), rendered.csv);
      const shares = fig.shares.map((s) => ({
        truncation: s.truncation === Infinity ? null : s.truncation,
        sharpShare: s.share,
        standardError: s.standardError,
      }));
      if (flags.json)
        process.stdout.write(`${JSON.stringify({ figure: name, shares, seconds: fig.seconds }, null, 2)}\n`);
      else
        process.stdout.write(
          `${shares.map((s) => `b = ${s.truncation ?? '∞'}: share of steps in Ω₃ ∪ Ω₄ ${(100 * s.sharpShare).toFixed(1)}% ± ${(100 * s.standardError).toFixed(1)}% (s.e.)`).join('\n')}\n` +
            `wrote ${join(flags.out, `${name}.svg`)}, .vl.json, .csv (${fig.seconds.toFixed(1)} s)\n`,
        );
    });
}
