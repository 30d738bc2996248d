// The η → 0 limit behind theorems/gaussian-exponential.ts (issue 14 must-have 1): Gaussian noise
// σ = 1.5 on the paper landscape's basins 4 and 2, exact oracle (src/exact) over η = 0.1 … 0.0075 at
// 800, 1200 and 1600 cells: per η the exact mean exit steps, its bound, the cells, wall and CPU
// seconds, Q(η) = η·log(η E σ) and the local slope of log(η E σ) on 1/η; then the check's
// extrapolation of Q (src/experiments/theorem1/gaussian-exponential.ts) on its standard and quick
// windows with its error parts, the same windows under other correction series, theory mutants
// against the limit, and the exact-solve cost of the check before and after it judged the limit.
//   npm run measure:gaussian-limit   (~2–4 min on one core; output in fixtures/measurements/gaussian-limit.txt)
import { writeFileSync } from 'node:fs';
import { extrapolateSeries } from '../src/asymptotics/index.ts';
import { basinTheory, exactAt, exactSweep, landscapeOf, PAPER_LANDSCAPE } from '../src/experiments/exact-sweep.ts';
import type { ExactRow } from '../src/experiments/exact-sweep.ts';
import {
  etaLogPoint,
  gaussianLimit,
  gaussianLimitPlan,
  SETTINGS,
} from '../src/experiments/theorem1/gaussian-exponential.ts';
import { linkSignificance, linkZ } from '../src/experiments/theorem1/links.ts';
import { bonferroniLevels } from '../src/verify/budget.ts';
import { enumerateChecks } from '../src/verify/run.ts';
import { registry, theorem1Declarations } from '../theorems/index.ts';
import { loadTier } from '../src/cli/verify-support.ts';

const SIGMA = 1.5;
const noise = { kind: 'gaussian', scale: SIGMA } as const;
const ETAS = [0.1, 0.07, 0.05, 0.04, 0.03, 0.025, 0.02, 0.0175, 0.015, 0.0125, 0.01, 0.0075];
const CELLS = [800, 1200, 1600];
const out: string[] = [];
const log = (s = '') => {
  out.push(s);
  console.log(s);
};
const f = (v: number, d = 5) => v.toFixed(d);
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** One exact solve with its CPU seconds (the stop-loss table is built before any timing). */
function solve(basin: number, eta: number, cells: number): { row: ExactRow; cpu: number } {
  const c0 = process.cpuUsage();
  const row = exactSweep(PAPER_LANDSCAPE, noise, Infinity, basin, [eta], () => cells)[0];
  const c = process.cpuUsage(c0);
  return { row, cpu: (c.user + c.system) / 1e6 };
}

exactAt(PAPER_LANDSCAPE, noise, Infinity, 4, 0.2, 200); // warm-up: stop-loss table, JIT
const cpuOf = new Map<string, number>();
const key = (basin: number, eta: number, cells: number) => `${basin}|${eta}|${cells}`;

log('# Gaussian noise: the η → 0 limit of Q(η) = η·log(η E σ) against S = 2ΔU/σ²');
log(`# paper landscape, σ = ${SIGMA}, start at the basin's minimum, no clipping; npm run measure:gaussian-limit`);
const land = landscapeOf(PAPER_LANDSCAPE);
for (const basin of [4, 2]) {
  const k = basinTheory(PAPER_LANDSCAPE, noise, Infinity, basin).kramers!;
  const S = k.exponent;
  log();
  log(`## basin ${basin}: ΔU = ${f(k.barrier)}, S = 2ΔU/σ² = ${f(S)}`);
  log(
    'eta      cells  log E σ      bound(rel)  order  wall_s  cpu_s   Q=η·log(ηEσ)  Q bound    local slope (prev η, same cells)',
  );
  for (const cells of CELLS) {
    let prev: ExactRow | null = null;
    for (const eta of ETAS) {
      const { row, cpu } = solve(basin, eta, cells);
      cpuOf.set(key(basin, eta, cells), cpu);
      const q = etaLogPoint(row);
      const rel = row.exactError / row.exactMean;
      const e = exactAt(PAPER_LANDSCAPE, noise, Infinity, basin, eta, cells);
      const slope = prev
        ? (Math.log(row.stepSize * row.exactMean) - Math.log(prev.stepSize * prev.exactMean)) /
          (1 / row.stepSize - 1 / prev.stepSize)
        : NaN;
      log(
        `${String(eta).padEnd(8)} ${String(cells).padEnd(6)} ${f(e.logMeanExitSteps, 6).padStart(10)}  ${rel.toExponential(2).padEnd(10)}  ${e.observedOrder.toFixed(2)}   ${row.seconds.toFixed(2).padStart(5)}  ${cpu.toFixed(2).padStart(5)}   ${f(q.value, 6)}      ${q.error.toExponential(2)}   ${Number.isFinite(slope) ? f(slope) : '—'}`,
      );
      prev = row;
    }
  }
}

// The z of the chain → theory link: half the check's share of the run's error budget (links.ts).
const zOf = (decls: typeof registry, tier: 'quick' | 'standard') => {
  const n = enumerateChecks(decls, tier).length;
  const level = bonferroniLevels(loadTier(tier).errorBudget, n);
  return { n, z: linkZ(linkSignificance(level.confidence).limit) };
};
const zs = {
  standard: zOf(registry, 'standard'),
  quick: zOf(registry, 'quick'),
  quickTest: zOf(theorem1Declarations, 'quick'),
};
log();
log('## the check: Q extrapolated as S + a₁η + a₂η^{3/2} + a₃η² (extrapolateSeries, window shift on)');
log(
  `z of the chain → theory link (half of the check's Bonferroni share of the 0.001 budget): standard (npm run verify, ${zs.standard.n} checks) ${zs.standard.z.toFixed(3)}; quick (htsgd verify --tier quick, ${zs.quick.n} checks) ${zs.quick.z.toFixed(3)}; quick in theorems/quick-tier.test.ts (${zs.quickTest.n} Theorem 1 checks) ${zs.quickTest.z.toFixed(3)}`,
);
const deepest = Math.min(...land.minima.map((m) => land.value(m)));
log(
  `saddle heights f(s) = ${land.saddles.map((s) => f(land.value(s), 3)).join(', ')}: on this landscape ΔU over the other saddle equals ΔU (no mutant here); the wrong-barrier mutant measures ΔU from the deepest minimum instead`,
);
const mutants = (basin: number, S: number): Array<[string, number]> => {
  const m = land.minima[basin - 1];
  const saddle = land.saddles[Math.min(basin - 1, land.saddles.length - 1)];
  return [
    ['2ΔU/σ² × 1.1', S * 1.1],
    ['2ΔU/σ² × 0.9', S * 0.9],
    ['ΔU/σ² (temperature ησ² for ησ²/2)', S / 2],
    ['2ΔU/σ (σ for σ²)', S * SIGMA],
    ...(land.value(m) > deepest
      ? [['ΔU from the deepest minimum', (2 * (land.value(saddle) - deepest)) / (SIGMA * SIGMA)] as [string, number]]
      : []),
  ];
};
for (const [tier, z] of [
  ['standard', zs.standard.z],
  ['quick', zs.quickTest.z],
] as const) {
  const plan = gaussianLimitPlan(tier);
  for (const basin of tier === 'quick' ? [4] : [4, 2]) {
    const S = basinTheory(PAPER_LANDSCAPE, noise, Infinity, basin).kramers!.exponent;
    const rows = exactSweep(PAPER_LANDSCAPE, noise, Infinity, basin, plan.stepSizes, plan.cellsFor);
    const lim = gaussianLimit(rows);
    log();
    log(
      `### ${tier}, basin ${basin}: η = ${plan.stepSizes.join(', ')} (cells ${plan.stepSizes.map((e) => plan.cellsFor(e)).join(', ')}); dropped over ${SETTINGS.limit.maxPointError}: ${lim.dropped.join(', ') || 'none'}`,
    );
    if (lim.refused !== null || !lim.estimate) {
      log(`refused: ${lim.refused}`);
      continue;
    }
    const est = lim.estimate;
    const tau = z * est.error;
    const [lower, main] = est.fits;
    log(
      `limit ${f(est.value)} ± e = ${est.error.toExponential(2)} (${pct(est.error / S)} of S); parts: data ${est.errorParts.data.toExponential(2)}, residual ${est.errorParts.residual.toExponential(2)}, model ${est.errorParts.model.toExponential(2)}, shift ${est.errorParts.shift.toExponential(2)}`,
    );
    log(
      `fits: two-term χ²/ν = ${f(lower.chiSquare / Math.max(1, lower.dof), 3)} (ν = ${lower.dof}), three-term χ²/ν = ${f(main.chiSquare / Math.max(1, main.dof), 3)} (ν = ${main.dof})`,
    );
    const ok = Math.abs(est.value - S) <= tau;
    log(
      `S = ${f(S)}: limit − S = ${(est.value - S).toExponential(2)} (${pct((est.value - S) / S)}), |limit − S|/e = ${(Math.abs(est.value - S) / est.error).toFixed(2)}; τ = z·e = ${z.toFixed(3)} × e = ${tau.toExponential(2)} (${pct(tau / S)} of S): ${ok ? 'met' : 'REJECTED'}; resolution (|limit − S| + τ ≤ 5% of S): ${Math.abs(est.value - S) + tau <= 0.05 * S ? 'reached' : 'NOT reached'}`,
    );
    for (const [name, wrong] of mutants(basin, S)) {
      const rejected = Math.abs(est.value - wrong) > tau;
      log(
        `  theory mutant ${name}: predicts ${f(wrong)} (${pct(wrong / S - 1)} off), |limit − prediction| = ${Math.abs(est.value - wrong).toExponential(2)} vs τ ${tau.toExponential(2)}: ${rejected ? 'rejected' : 'NOT rejected'}`,
      );
    }
    const pts = lim.used.map(etaLogPoint);
    log('  other correction series on the same points (value, e, main fit χ²/ν):');
    for (const powers of [
      [1, 1.5],
      [1, 2],
      [1, 2, 3],
      [1, 1.5, 2],
    ]) {
      if (pts.length < powers.length + 2) continue;
      const r = extrapolateSeries(pts, powers, { shift: true });
      const m = r.fits[1];
      log(
        `    powers ${powers.join(', ').padEnd(8)}: ${f(r.value)} (${pct(r.value / S - 1)}) ± ${r.error.toExponential(2)} (${pct(r.error / S)}), χ²/ν = ${f(m.chiSquare / Math.max(1, m.dof), 3)}`,
      );
    }
    const pair = SETTINGS.reportedPair;
    const a = rows.find((r) => r.stepSize === pair[0]);
    const b = rows.find((r) => r.stepSize === pair[1]);
    if (a && b) {
      const sl =
        (Math.log(b.stepSize * b.exactMean) - Math.log(a.stepSize * a.exactMean)) / (1 / b.stepSize - 1 / a.stepSize);
      log(`  finite-η local slope ${pair.join(' → ')} (reported, no longer judged): ${f(sl)} (${pct(sl / S - 1)})`);
    }
  }
}

// Exact-solve CPU of one check (basin 4): the finite-η design it replaced vs the limit windows; the
// simulated step sizes (0.1, 0.05 at 800 cells) are solved in both for the simulator → chain link.
const cost = (pairs: Array<[number, number]>, basin = 4) =>
  pairs.reduce((s, [e, c]) => s + (cpuOf.get(key(basin, e, c)) ?? NaN), 0);
const sim: Array<[number, number]> = [
  [0.1, 800],
  [0.05, 800],
];
const windowPairs = (tier: 'quick' | 'standard') => {
  const p = gaussianLimitPlan(tier);
  return p.stepSizes.map((e): [number, number] => [e, p.cellsFor(e)]).filter(([e]) => e !== 0.05);
};
log();
log('## exact-solve CPU seconds of one check (from the table above)');
for (const basin of [4, 2]) {
  const before = cost([...sim, [0.03, 1600], [0.02, 1600]], basin);
  log(
    `basin ${basin}: finite-η pair design (0.1, 0.05 at 800; 0.03, 0.02 at 1600) ${before.toFixed(2)} s; limit, quick window ${cost([...sim, ...windowPairs('quick')], basin).toFixed(2)} s; limit, standard window ${cost([...sim, ...windowPairs('standard')], basin).toFixed(2)} s`,
  );
}
writeFileSync(new URL('../fixtures/measurements/gaussian-limit.txt', import.meta.url), out.join('\n') + '\n');
