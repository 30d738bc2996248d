/**
 * The exact sharp-basin share that the sharp-minima declarations' tolerance reasons cite
 * (theorems/sharp-minima-elimination.ts, src/experiments/sharp-share-limit.ts): on the paper's
 * landscape (sharp basins Ω1, Ω3 at b = 0.5), the exact occupancy at η = 1e-2 … 1e-12 with the hat
 * and the moment-matched kernels and two grids, its ratio to the leading-order share, and the η → 0
 * limits of the ratio and of the log-log slope over the declarations' windows, with their errors; at
 * b = ∞ also each basin alone (theorems/untruncated-all-minima.ts).
 *
 *   npm run measure:sharp-share      # writes fixtures/measurements/sharp-share.txt
 */
import { writeFileSync } from 'node:fs';
import { exactOccupancy } from '../src/exact/occupancy.ts';
import { sharpShareLimits } from '../src/experiments/sharp-share-limit.ts';
import { SHARP_SHARE_LIMIT } from '../src/experiments/theorem2-declared.ts';
import { leadingOrderOccupancy, theorem2Setting, theorem2Theory } from '../src/theory/theorem2.ts';

const BASINS = [1, 3];
const ETAS = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12];
const lines = [
  '# npm run measure:sharp-share (tsx ci/measure-sharp-share.ts): paper landscape, Lomax α = 1.2, c = 0.1, share of Ω1 + Ω3 (src/exact/occupancy.ts,',
  '# Richardson over two grids, bound |fine − coarse|), against the leading-order share (src/theory/theorem2.ts leadingOrderOccupancy)',
];
for (const b of [0.5, null]) {
  const setting = theorem2Setting('paper', b);
  const t = theorem2Theory(setting);
  lines.push('', `## b = ${b ?? '∞'}`, '');
  lines.push('kernel    cells  η       share        bound      leading     share/leading  bound/leading  seconds');
  for (const [smallMoves, cells] of [
    ['hat', 240],
    ['moments', 240],
    ['moments', 480],
  ] as const) {
    for (const eta of ETAS) {
      const r = exactOccupancy({
        landscape: t.landscape,
        noise: t.law,
        stepSize: eta,
        truncation: setting.truncation,
        cellsPerBasin: cells,
        smallMoves,
      });
      const lo = leadingOrderOccupancy(t, eta)!;
      const s = BASINS.reduce((a, k) => a + r.occupancy[k - 1], 0);
      const e = BASINS.reduce((a, k) => a + r.errorEstimate[k - 1], 0);
      const l = BASINS.reduce((a, k) => a + lo[k - 1], 0);
      lines.push(
        `${smallMoves.padEnd(8)}  ${String(cells).padEnd(5)}  ${eta.toExponential(0).padEnd(6)}  ${s.toExponential(4)}  ${e.toExponential(2)}  ${l.toExponential(4)}  ${(s / l).toFixed(4).padEnd(13)}  ${(e / l).toFixed(4).padEnd(13)}  ${r.seconds.toFixed(1)}`,
      );
      console.error(lines[lines.length - 1]);
    }
  }
  lines.push('');
  for (const tier of ['quick', 'standard'] as const) {
    const cells = SHARP_SHARE_LIMIT.cellsPerBasin[tier];
    const etas = SHARP_SHARE_LIMIT.stepSizes[tier];
    const m = sharpShareLimits(setting, BASINS, etas, cells);
    const fmt = (q: typeof m.ratio) =>
      `${q.value.toFixed(4)} ± ${q.error.toFixed(4)} (data ${q.errorParts.data.toFixed(4)}, residual ${q.errorParts.residual.toFixed(4)}, model ${q.errorParts.model.toFixed(4)}, shift ${q.errorParts.shift.toFixed(4)})`;
    lines.push(
      `${tier} window (η = ${etas.map((e) => e.toExponential(0)).join(', ')}; ${cells} cells per basin): share/leading order → ${fmt(m.ratio)}; slope → ${fmt(m.slope)}`,
    );
    // b = ∞, one basin at a time (untruncated-all-minima: share/π → 1 and slope → 0 per basin).
    if (b === null)
      for (const k of [1, 2, 3, 4]) {
        const one = sharpShareLimits(setting, [k], etas, cells);
        lines.push(`  Ω${k} alone: share/π → ${fmt(one.ratio)}; slope → ${fmt(one.slope)}`);
      }
  }
}
writeFileSync('fixtures/measurements/sharp-share.txt', `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
