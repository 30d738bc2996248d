/**
 * The η → 0 limits that the limit-judged Theorem 2 declarations' tolerance reasons cite
 * (theorems/markov-limit.ts, theorems/reducible-graph.ts): for each declared statistic, the exact
 * chain's values over η = 1e-8 … 1e-18 (the standard tier's window, THEOREM2_LIMIT_STEP_SIZES), the
 * extrapolated limit with its error and parts (window shift included), the prediction, what each
 * Theorem 2 theory mutant predicts, and the quick tier's limit (every other decade). Then the
 * vanishing order of reducible-graph-transient on its window (TRANSIENT_LIMIT_SWEEP, 1e-3 … 1e-18)
 * and, for contrast, on the standard window.
 *
 *   npm run measure:theorem2-limits      # writes fixtures/measurements/theorem2-limits.txt
 */
import { writeFileSync } from 'node:fs';
import {
  THEOREM2_LIMIT_STEP_SIZES,
  THEOREM2_QUICK_LIMIT_SWEEP,
  theorem2LimitSweep,
  transientOrderLimit,
  type Theorem2LimitSweep,
} from '../src/experiments/theorem2-limit.ts';
import { TRANSIENT_LIMIT_SWEEP } from '../src/experiments/theorem2-declared.ts';
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
const STEP_SIZES = THEOREM2_LIMIT_STEP_SIZES;
const lines = [
  '# npm run measure:theorem2-limits (tsx ci/measure-theorem2-limits.ts): exact chain (src/exact, moment-matched small moves, 400 → 1600 cells, refined while the mean error exceeds 0.3%),',
  `# η = ${STEP_SIZES.map((e) => e.toExponential(0)).join(', ')}; limit = extrapolation Q₀ + a₁s + a₂s², s = η^{1−1/α} (src/experiments/theorem2-limit.ts);`,
  '# e = data ⊕ residual ⊕ model ⊕ shift; step sizes with point errors above 0.05 dropped (standard: ≥ 6 kept, quick: every other decade, ≥ 5 kept)',
];
const parts = (l: Theorem2LimitSweep['limit']) =>
  `data ${l.errorParts.data.toPrecision(2)}, residual ${l.errorParts.residual.toPrecision(2)}, model ${l.errorParts.model.toPrecision(2)}, shift ${l.errorParts.shift.toPrecision(2)}`;
for (const [name, b, s] of CASES) {
  const setting = theorem2Setting(name, b);
  const sweep = theorem2LimitSweep(setting, s, { stepSizes: STEP_SIZES });
  const quick = theorem2LimitSweep(setting, s, THEOREM2_QUICK_LIMIT_SWEEP);
  const jumps = trueModel(sweep.theory).jumps;
  const predicted = modelStatistic(theorem2Model(setting), s, jumps);
  lines.push(
    '',
    `${name}, b = ${b}, ${JSON.stringify(s)} (basins ${sweep.basins.join(', ')}; ${sweep.seconds.toFixed(1)} s)`,
    `  finite η: ${sweep.series.map((p) => `${p.stepSize.toExponential(0)}: ${p.value.toPrecision(5)} ± ${p.error.toPrecision(2)}`).join('; ')}`,
    `  limit ${sweep.limit.value.toPrecision(5)} ± ${sweep.limit.error.toPrecision(2)} (${parts(sweep.limit)}; ${sweep.series.length - sweep.dropped.length}/${sweep.series.length} points)` +
      `; Theorem 2: ${predicted.toPrecision(5)}; |limit − prediction|/e = ${(Math.abs(sweep.limit.value - predicted) / sweep.limit.error).toFixed(2)}` +
      (sweep.refused ? `; REFUSED: ${sweep.refused}` : ''),
    `  quick window: ${quick.limit.value.toPrecision(5)} ± ${quick.limit.error.toPrecision(2)} (${parts(quick.limit)}; ${quick.series.length - quick.dropped.length}/${quick.series.length} points)` +
      `; |limit − prediction|/e = ${(Math.abs(quick.limit.value - predicted) / quick.limit.error).toFixed(2)}` +
      (quick.refused ? `; REFUSED: ${quick.refused}` : ''),
    `  mutants: ${(Object.keys(THEOREM2_MUTANTS) as Theorem2MutantName[])
      .map((m) => {
        const p = modelStatistic(theorem2Model(setting, m), s, jumps);
        return `${m} ${p.toPrecision(4)} (${Number.isFinite(p) ? (Math.abs(sweep.limit.value - p) / sweep.limit.error).toPrecision(3) : '∞'} e)`;
      })
      .join(', ')}`,
  );
  console.log(lines.slice(-5).join('\n'));
}
// Reducible G, statement (a): the vanishing order of P(m2 → transient Ω3), on reducible-graph-transient's
// window (TRANSIENT_LIMIT_SWEEP) and, for contrast, on the standard window at the same 1600 cells.
for (const b of [0.4, 0.35, 0.5]) {
  for (const [label, o] of [
    ['transient window 1e-3 … 1e-18', TRANSIENT_LIMIT_SWEEP],
    ['standard window 1e-8 … 1e-18', { ...TRANSIENT_LIMIT_SWEEP, stepSizes: STEP_SIZES }],
  ] as const) {
    const r = transientOrderLimit(theorem2Setting('reducible', b), 2, 3, o);
    lines.push(
      '',
      `reducible, b = ${b}, order of P(2 → 3) → 0 (predicted ${b === 0.5 ? '0: G irreducible' : '(α − 1)·1 = 0.2'}), ${label}, ${o.cells} cells`,
      `  finite η: ${r.series.map((p) => `${p.stepSize.toExponential(0)}: ${p.value.toPrecision(5)} ± ${p.error.toPrecision(2)}`).join('; ')}`,
      `  fitted order ${r.value.toFixed(4)} ± ${r.error.toFixed(4)} (data ${r.errorParts.data.toPrecision(2)}, residual ${r.errorParts.residual.toPrecision(2)}, model ${r.errorParts.model.toPrecision(2)}, shift ${r.errorParts.shift.toPrecision(2)}; ${r.series.length - r.dropped.length}/${r.series.length} points)${r.refused ? `; REFUSED: ${r.refused}` : ''}`,
    );
    console.log(lines.slice(-3).join('\n'));
  }
}
writeFileSync(new URL('../fixtures/measurements/theorem2-limits.txt', import.meta.url), lines.join('\n') + '\n');
