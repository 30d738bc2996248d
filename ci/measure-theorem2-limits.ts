/**
 * The η → 0 limits that the limit-judged Theorem 2 declarations' tolerance reasons cite
 * (theorems/markov-limit.ts, theorems/reducible-graph.ts): for each declared statistic, the exact
 * chain's values over η = 1e-3 … 1e-8 (the standard tier's sweep), the extrapolated limit with its
 * error and parts, the prediction, and what each Theorem 2 theory mutant predicts.
 *
 *   npm run measure:theorem2-limits      # writes fixtures/measurements/theorem2-limits.txt
 */
import { writeFileSync } from 'node:fs';
import { limitStepSizes } from '../src/asymptotics/index.ts';
import { theorem2LimitSweep, transientOrderLimit } from '../src/experiments/theorem2-limit.ts';
import {
  THEOREM2_MUTANTS,
  modelStatistic,
  theorem2Model,
  trueModel,
  type Theorem2MutantName,
  type Theorem2Statistic,
} from '../src/theory/mutants-theorem2.ts';
import { theorem2Setting } from '../src/theory/theorem2.ts';

const CASES: [string, number, Theorem2Statistic][] = [
  ['paper', 0.5, { kind: 'sharp-exit', from: 3, to: 4 }],
  ['paper', 0.5, { kind: 'sharp-exit', from: 2, to: 3 }],
  ['paper', 0.5, { kind: 'excursion', from: 4, to: 2 }],
  ['paper', 0.5, { kind: 'excursion', from: 2, to: 4 }],
  ['paper', 0.5, { kind: 'holding', from: 4 }],
  ['paper', 0.5, { kind: 'holding', from: 2 }],
  ['random-1', 0.71, { kind: 'sharp-exit', from: 3, to: 2 }],
  ['random-2', 0.47, { kind: 'sharp-exit', from: 2, to: 1 }],
  ['random-1', 0.71, { kind: 'excursion', from: 4, to: 2 }],
  ['random-2', 0.47, { kind: 'excursion', from: 1, to: 4 }],
  ['reducible', 0.4, { kind: 'class-share', from: 1, other: 2 }],
  ['reducible', 0.35, { kind: 'class-share', from: 1, other: 2 }],
];
const STEP_SIZES = limitStepSizes(1e-3, 5, 1.2);
const lines = [
  '# npm run measure:theorem2-limits (tsx ci/measure-theorem2-limits.ts): exact chain (src/exact, moment-matched small moves, 400 → 800 cells),',
  `# η = ${STEP_SIZES.map((e) => e.toPrecision(3)).join(', ')}; limit = extrapolation Q₀ + a₁s + a₂s², s = η^{1−1/α} (src/experiments/theorem2-limit.ts)`,
];
for (const [name, b, s] of CASES) {
  const setting = theorem2Setting(name, b);
  const sweep = theorem2LimitSweep(setting, s, { stepSizes: STEP_SIZES });
  const jumps = trueModel(sweep.theory).jumps;
  const predicted = modelStatistic(theorem2Model(setting), s, jumps);
  const parts = sweep.limit.errorParts;
  lines.push(
    '',
    `${name}, b = ${b}, ${JSON.stringify(s)} (basins ${sweep.basins.join(', ')}; ${sweep.seconds.toFixed(1)} s)`,
    `  finite η: ${sweep.series.map((p) => `${p.stepSize.toPrecision(3)}: ${p.value.toPrecision(5)} ± ${p.error.toPrecision(2)}`).join('; ')}`,
    `  limit ${sweep.limit.value.toPrecision(5)} ± ${sweep.limit.error.toPrecision(2)} (data ${parts.data.toPrecision(2)}, residual ${parts.residual.toPrecision(2)}, model ${parts.model.toPrecision(2)})` +
      `; Theorem 2: ${predicted.toPrecision(5)}; |limit − prediction|/e = ${(Math.abs(sweep.limit.value - predicted) / sweep.limit.error).toFixed(2)}` +
      (sweep.refused ? `; REFUSED: ${sweep.refused}` : ''),
    `  mutants: ${(Object.keys(THEOREM2_MUTANTS) as Theorem2MutantName[])
      .map((m) => {
        const p = modelStatistic(theorem2Model(setting, m), s, jumps);
        return `${m} ${p.toPrecision(4)} (${Number.isFinite(p) ? (Math.abs(sweep.limit.value - p) / sweep.limit.error).toPrecision(3) : '∞'} e)`;
      })
      .join(', ')}`,
  );
  console.log(lines.slice(-4).join('\n'));
}
// Reducible G, statement (a): the vanishing order of P(m2 → transient Ω3), fitted on the same sweep
// (reducible-graph-transient keeps its two-point exact slope: this shows why the limit cannot judge it).
for (const b of [0.4, 0.35, 0.5]) {
  const r = transientOrderLimit(theorem2Setting('reducible', b), 2, 3, { stepSizes: STEP_SIZES });
  lines.push(
    '',
    `reducible, b = ${b}, order of P(2 → 3) → 0 (predicted ${b === 0.5 ? '0: G irreducible' : '(α − 1)·1 = 0.2'})`,
    `  finite η: ${r.series.map((p) => `${p.stepSize.toPrecision(3)}: ${p.value.toPrecision(4)} ± ${p.error.toPrecision(2)}`).join('; ')}`,
    `  fitted order ${r.value.toFixed(4)} ± ${r.error.toFixed(4)} (data ${r.errorParts.data.toPrecision(2)}, model ${r.errorParts.model.toPrecision(2)})${r.refused ? `; REFUSED: ${r.refused}` : ''}`,
  );
  console.log(lines.slice(-3).join('\n'));
}
writeFileSync(new URL('../fixtures/measurements/theorem2-limits.txt', import.meta.url), lines.join('\n') + '\n');
