// The 2-D exit-order check (theorems/exit-order-2d.ts) on its three cases, each planned as the
// standard tier plans the hook valley's: the check's time budget (ci/tiers.json total × its
// budgetShare / the sum of the shares of the theorems with standard points), the pinned R^d speed of
// its settings, the optimal split of chains between the two step sizes, and the tier's Bonferroni
// confidence; seeds from the standard tier's pinned seed. Prints, per case: the chains, means, the
// ratio of the mean to the leading order at the larger step (the gap the bias bound comes from), slope,
// SE, bias bound, interval, and the TOST verdicts of γ(J_b) and of the rival γ(⌈r/b⌉) against the
// declaration's ±0.25 band. The hook valley's line is the standard tier's check itself (same label,
// budget and confidence as `htsgd verify --tier standard`).
//   npm run measure:rd-exit-order   (~1.8·10⁹ steps, ~5 min on the shared 2-core machine at a
//   1-min load of 5–7, the Himmelblau case's q Monte Carlo included; output in
//   fixtures/measurements/rd-exit-order.txt)
import { readFileSync, writeFileSync } from 'node:fs';
import { registry } from '../theorems/index.ts';
import { exitOrder2d } from '../theorems/exit-order-2d.ts';
import { enumerateChecks } from '../src/verify/run.ts';
import { bonferroniLevels } from '../src/verify/budget.ts';
import { equivalenceVerdict, toleranceBand } from '../src/verify/verdict.ts';
import { forkLabel } from '../src/rng/seeds.ts';
import { EXIT_ORDER_CASES, runExitOrder2d, type ExitOrderResult } from '../src/experiments/rd-exit-order.ts';
import type { CheckContext } from '../src/verify/types.ts';
import type { ExitOrder2dPoint } from '../src/experiments/rd-exit-order.ts';

const tiers = JSON.parse(readFileSync(new URL('./tiers.json', import.meta.url), 'utf8'));
const seeds = JSON.parse(readFileSync(new URL('./seeds.json', import.meta.url), 'utf8'));
const tier = tiers.standard;
const shares = registry.filter((d) => (d.plan.points.standard ?? []).length > 0).reduce((s, d) => s + d.budgetShare, 0);
const budget = (tier.timeBudgetSeconds * exitOrder2d.budgetShare) / shares;
const checks = enumerateChecks(registry, 'standard').length;
const { confidence } = bonferroniLevels(tier.errorBudget, checks);
const f = (v: number) => String(Number(v.toPrecision(4)));
const lines = [
  '# npm run measure:rd-exit-order  (tsx ci/measure-rd-exit-order.ts)',
  `standard tier: budget ${f(budget)} s per check (total ${tier.timeBudgetSeconds} × share ${exitOrder2d.budgetShare} / ${f(shares)}), confidence 1 − ${f(1 - confidence)} (${checks} checks), seed ${seeds.standard}`,
];
console.error(lines.join('\n'));
for (const c of EXIT_ORDER_CASES) {
  const pointLabel = `landscape=${c.name}`;
  const ctx = {
    checkId: `exit-order-2d/${pointLabel}/0`,
    theoremId: 'exit-order-2d',
    point: { landscape: c.name },
    pointLabel,
    trial: 0,
    tier: 'standard',
    label: forkLabel({ seed: seeds.standard, path: 'exit-order-2d' }, pointLabel, 0),
    confidence,
    prediction: { value: 0 },
    timeBudgetSeconds: budget,
    settings: exitOrder2d.plan.settings ?? {},
    progress: () => {},
  } as unknown as CheckContext<ExitOrder2dPoint>;
  const t0 = performance.now();
  const o = runExitOrder2d(ctx);
  const seconds = (performance.now() - t0) / 1000;
  const r = o.details as unknown as ExitOrderResult & { chains: number[]; pilotStepsPerChain: number[] };
  // Steps of the pilot and of the two runs (means × chains: censored chains, none here, aside).
  const pilot = 50 * r.pilotStepsPerChain.reduce((a, b) => a + b, 0);
  const steps = pilot + r.means.reduce((a, m, i) => a + m * r.chains[i], 0);
  const verdict = (gamma: number) =>
    equivalenceVerdict(o.ci, toleranceBand(gamma, { value: exitOrder2d.tolerance.value, scale: 'absolute' }));
  lines.push(
    `${c.name}: J_b = ${r.jumpsNeeded}, ceil(r/b) = ${r.radiusJumps}; chains ${r.chains.join(', ')} at η = ${c.stepSizes.join(', ')}; means ${r.means.map(f).join(', ')} ± ${r.ses.map(f).join(', ')}; q = ${f(r.q)} ± ${f(r.qSe)}; mean/leading order at η₁ ${f(r.ratioAtLarge)}; ` +
      `slope ${f(r.slope)} ± ${f(r.slopeSe)} (SE), bias bound ${f(r.bias)}, interval [${f(o.ci[0])}, ${f(o.ci[1])}]; ` +
      `γ(J_b) = ${r.gamma} ± 0.25: ${verdict(r.gamma)}; γ(ceil(r/b)) = ${r.gammaRadius} ± 0.25: ${r.gammaRadius === r.gamma ? '(same J)' : verdict(r.gammaRadius)}; CV ${f(r.cv)} ± ${f(r.cvSe)}; ${f(steps)} steps in ${f(seconds)} s with q's Monte Carlo, ≥ ${f(steps / seconds)} steps/s on one thread (load not controlled)`,
  );
  console.error(lines[lines.length - 1]);
}
writeFileSync(new URL('../fixtures/measurements/rd-exit-order.txt', import.meta.url), `${lines.join('\n')}\n`);
