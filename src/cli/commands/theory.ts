/**
 * `htsgd theory`: what the theorems predict for a landscape, a noise law and a truncation (THEORY.md
 * §4–7), computed by `src/theory` with no simulation. `--json` prints `theoryReport(...)`; otherwise a
 * readable summary with the transition graph drawn as text.
 * exitRate is in units of ν_α (p± included, the law's scale not; the scale is in λ_k(η)).
 */
import type { Command } from 'commander';
import { formatNumber, formatTruncation } from '../../core/format.ts';
import { createNoiseLaw } from '../../model/noise.ts';
import { resolveLandscape } from '../../model/landscapes.ts';
import {
  theoryReport,
  drawGraph,
  transitionGraph,
  basinGeometry,
  estimateExitConstantsMonteCarlo,
  type MonteCarloConstant,
  type TheoryReport,
} from '../../theory/index.ts';
import {
  addLandscapeFlags,
  addNoiseFlags,
  landscapeSpecFromFlags,
  noiseSpecFromFlags,
  parseNumberFlag,
  parseTruncation,
  parseSeed,
  parseStepSize,
  type CommonFlags,
} from '../options.ts';
import { isRdRequest, theoryRd } from './rd.ts';

function fmt(x: number | null | undefined, digits = 5): string {
  return x === null || x === undefined ? '—' : formatNumber(x, { digits, exponentDigits: digits, nonFinite: 'js' });
}

/** The text summary of a report (the graph drawn as text). */
export function formatTheoryReport(r: TheoryReport, graphText: string): string {
  const lines: string[] = [];
  const noise =
    r.noise.kind === 'gaussian'
      ? `gaussian(c=${r.noise.scale})`
      : `${r.noise.kind}(α=${r.noise.tailIndex}, c=${r.noise.scale})`;
  lines.push(
    `landscape ${r.landscape}, box [−${r.box}, ${r.box}], noise ${noise}, truncation b = ${formatTruncation(r.truncation)}${r.stepSize !== null ? `, η = ${r.stepSize}` : ''}`,
  );
  lines.push(`minima  ${r.minima.map((x) => fmt(x)).join(', ')}`);
  lines.push(`saddles ${r.saddles.map((x) => fmt(x)).join(', ')}`);
  lines.push('');
  const head = ['basin', 'minimum', 'radius', 'l*', 'γ', 'q (ν_α units)', 'exit → (probability)'];
  if (r.stepSize !== null) head.push('E σ (steps)', 'slope');
  const rows = r.basins.map((b) => {
    const targets = b.exitProbabilityByTarget
      ? Object.entries(b.exitProbabilityByTarget)
          .map(([k, p]) => `${k}:${fmt(p, 3)}`)
          .join(' ')
      : b.kramers
        ? `Kramers 2ΔU/σ² = ${fmt(b.kramers.exponent)}`
        : '—';
    const row = [
      String(b.index),
      fmt(b.minimum),
      fmt(b.radius),
      fmt(b.jumpsNeeded),
      fmt(b.exitExponent),
      fmt(b.exitRate),
      targets,
    ];
    if (r.stepSize !== null)
      row.push(fmt(b.predictedMeanExitSteps ?? b.kramers?.meanExitSteps), fmt(b.predictedLocalSlope));
    return row;
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [head, ...rows])
    lines.push(
      row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  lines.push('');
  lines.push(
    `widest ${r.widest.map((m) => `m${m}`).join(', ')}; sharp ${r.sharp.length ? r.sharp.map((m) => `m${m}`).join(', ') : '(none)'}`,
  );
  lines.push('typical transition graph G (m_i → m_j iff l_{i,j} = l*_i):');
  lines.push(graphText);
  for (const g of r.generatorsByClass) {
    lines.push(
      `generator on {${g.states.map((m) => `m${m}`).join(', ')}} (class {${g.class.map((m) => `m${m}`).join(', ')}}, time n·λ*(η), l_max = ${g.maxJumps}):`,
    );
    for (const [i, row] of g.matrix.entries())
      lines.push(`  m${g.states[i]}: ${row.map((v) => fmt(v).padStart(11)).join(' ')}`);
    lines.push(
      `  stationary: ${g.stationary ? g.stationary.map((p, i) => `m${g.states[i]} ${fmt(p, 4)}`).join(', ') : '—'}`,
    );
  }
  if (r.untruncated) {
    lines.push(
      `untruncated contrast: γ = α = ${fmt(r.untruncated.exitExponent)}, q = ${r.untruncated.exitRates.map((q) => fmt(q)).join(', ')}`,
    );
  }
  if (r.warnings.length) {
    lines.push('warnings:');
    for (const w of r.warnings) lines.push(`  [${w.code}] ${w.message}`);
  }
  return lines.join('\n') + '\n';
}

/** Registers `htsgd theory`. */
export function register(program: Command): void {
  const cmd = program
    .command('theory')
    .description('what the theorems predict: l*, γ, exit constants q, graph G, generator Q');
  addLandscapeFlags(cmd);
  addNoiseFlags(cmd);
  cmd
    .option('--truncation <b>', "clipping threshold b > 0, or 'none'", 'none')
    .option('--step-size <eta>', 'step size η in (0, 1]: adds predicted mean exit steps and local slopes')
    .option(
      '--strict',
      'refuse (exit code 2) when a ratio r/b or |s_j − m_i|/b is an integer (uncovered by the theorems)',
    )
    .option(
      '--monte-carlo <samples>',
      'cross-check every q_k against the independent Monte Carlo estimator with this many weighted paths per side',
    )
    .option('--seed <seed>', 'seed of the Monte Carlo cross-check', '1')
    .option('--json', 'print JSON on stdout')
    .action(async (flags: CommonFlags & { strict?: boolean; monteCarlo?: string }) => {
      if (isRdRequest(flags)) return theoryRd(flags);
      const landscape = resolveLandscape(landscapeSpecFromFlags(flags));
      const noise = createNoiseLaw(noiseSpecFromFlags(flags));
      const truncation = parseTruncation(flags.truncation);
      const stepSize = flags.stepSize === undefined ? undefined : parseStepSize(flags.stepSize);
      const report = theoryReport(landscape, noise, truncation, stepSize, { refuseUncovered: flags.strict ?? false });
      let monteCarlo: MonteCarloConstant[] | null = null;
      if (flags.monteCarlo !== undefined && noise.tailIndex !== null) {
        const samples = parseNumberFlag('monte-carlo', flags.monteCarlo, {
          min: 1,
          max: 1e9,
          integer: true,
          domain: 'an integer in [1, 1e9]',
        });
        const seed = parseSeed(flags.seed);
        const alpha = noise.tailIndex;
        monteCarlo = report.basins.map((b) =>
          estimateExitConstantsMonteCarlo(landscape, b.index, truncation, alpha, noise.pPlus, samples, {
            seed,
            path: `theory/monte-carlo/basin${b.index}`,
          }),
        );
      }
      if (flags.json) {
        process.stdout.write(JSON.stringify(monteCarlo ? { ...report, monteCarlo } : report, null, 2) + '\n');
        return;
      }
      const geometry = basinGeometry(landscape, truncation);
      const graphText = drawGraph(
        transitionGraph(geometry),
        geometry.basins.map((b) => b.jumpsNeeded),
      );
      process.stdout.write(formatTheoryReport(report, graphText));
      if (monteCarlo) {
        process.stdout.write(
          `Monte Carlo cross-check (${monteCarlo[0].samples} weighted paths per side, seed ${monteCarlo[0].seed}):\n`,
        );
        for (const [k, mc] of monteCarlo.entries()) {
          const q = report.basins[k].exitRate ?? 0;
          const rel =
            q > 0 ? `${fmt((100 * (mc.exitRate - q)) / q, 3)}% ± ${fmt((100 * mc.standardError) / q, 2)}%` : '—';
          process.stdout.write(
            `  basin ${k + 1} (l*=${report.basins[k].jumpsNeeded}): quadrature ${fmt(q, 7)}, MC ${fmt(mc.exitRate, 7)} ± ${fmt(mc.standardError, 2)}  (${rel})\n`,
          );
        }
      }
    });
}
