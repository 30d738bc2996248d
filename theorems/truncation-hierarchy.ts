/**
 * The truncation hierarchy (ICLR Thm 1 and §2.2 remark; THEORY.md §5): the exit order of a basin is
 * γ = 1 + l*(α − 1) with l* = ⌈r/b⌉, so as b decreases through each threshold r/k the order jumps by
 * exactly α − 1: a discrete hierarchy of phase transitions. Checked on the finite-η chain's exact
 * exit means (src/exact), cheap enough to sweep landscapes and b grids (properties/theorem2.test.ts
 * runs it over random landscapes), at half the check's significance. The other half judges the
 * simulator against that chain (issue 14 §2; src/experiments/theorem2-declared.ts `HIERARCHY_LINK`,
 * the Theorem 1 helper `scalingLink`): on each side of the threshold, the simulated exit order over the
 * step sizes a simulation affords (η ∈ {0.1, …, 0.005}; at η = 10⁻⁴ one exit takes 7·10⁷ steps at
 * l* = 2, the exact mean in `htsgd verify --tier standard --theorem truncation-hierarchy`, details.sides) against the exact order over the same η with the same weights, and the simulated mean and
 * exit side at the smallest against the exact chain's; a miss makes the check inconsistent.
 */
import { defineTheorem } from '../src/verify/define.ts';
import { runHierarchyPoint } from '../src/experiments/theorem2-declared.ts';
import { THEOREM2_PREDICTORS, type HierarchyPoint } from '../src/theory/predictors.ts';

export type { HierarchyPoint };

/** Exit-order jump across b = r/(l − 1). */
export const truncationHierarchy = defineTheorem<HierarchyPoint>({
  id: 'truncation-hierarchy',
  title: 'Exit order jumps by α − 1 each time b crosses a threshold r/k',
  source: {
    paper: 'Wang, Oh, Rhee, ICLR 2022',
    theorem: 'Theorem 1 (first exit time), l* = ⌈r/b⌉',
    equation: 'THEORY.md §5: γ = 1 + l*(α − 1)',
  },
  hypotheses: [
    {
      name: 'landscape',
      description: 'landscape and noise (src/theory/theorem2.ts THEOREM2_LANDSCAPES)',
      values: ['paper', 'reducible'],
    },
    { name: 'basin', description: '1-based basin', range: [1, 10] },
    {
      name: 'jumps',
      description: 'l: compares l* = l (b = r/(l − ½)) with l* = l − 1 (b = r/(l − 3/2))',
      range: [2, 6],
    },
  ],
  predictor: THEOREM2_PREDICTORS['theorem2.hierarchy-jump'],
  plan: {
    description:
      'on either side of the threshold, the η → 0 limit of the exact chain’s exit order (theorem1LimitSweep: η = 1e-8 … 1e-18, every other decade at the quick tier); ' +
      'shown beside it, the finite-η order between η = 10⁻⁴ and 10⁻⁶ (dual-weighted adaptive grids from 800 cells, up to 3200); ' +
      'points with l ≥ 3 also sweep b over every interval l* = 1..l (three b’s each, 400-cell grids) for the staircase plot (order against b, predicted steps α − 1 at r/k); ' +
      'simulation link: on each side, simulated exits at the affordable η ∈ {0.1, 0.05, 0.02, 0.01, 0.005} (planner: ≥ 2 step sizes × 200 exits, planned with the exact means) against the exact chain at the same η (order, mean, exit side)',
    points: {
      quick: [{ landscape: 'paper', basin: 2, jumps: 2 }],
      standard: [
        { landscape: 'paper', basin: 2, jumps: 2 },
        { landscape: 'paper', basin: 2, jumps: 3 },
        { landscape: 'paper', basin: 3, jumps: 2 },
        { landscape: 'reducible', basin: 2, jumps: 2 },
      ],
      full: [
        { landscape: 'paper', basin: 2, jumps: 2 },
        { landscape: 'paper', basin: 2, jumps: 3 },
        // Not paper basin 2, l = 4: l* = 4 means ~10¹⁶ steps at η = 10⁻⁶, past what the double-precision
        // oracle resolves (measured: order 1.89 ± 70, the GMRES bound at its rounding floor).
        { landscape: 'paper', basin: 3, jumps: 2 },
        { landscape: 'paper', basin: 3, jumps: 3 },
        { landscape: 'reducible', basin: 2, jumps: 2 },
        { landscape: 'reducible', basin: 2, jumps: 3 },
      ],
    },
  },
  test: {
    name: 'difference of the two sides’ η → 0 limits of the exact exit order, ± z × hypot of their extrapolation errors (chain → theory), and simulated vs exact order, mean and exit side at the affordable η on each side (simulator → chain)',
    run: runHierarchyPoint,
  },
  tolerance: {
    value: 0.05,
    scale: 'absolute',
    reason:
      'the theorem claims the jump of the limits is α − 1 exactly, so the interval is the difference of the two sides’ η → 0 order limits ± z·e alone (e = hypot of their extrapolation errors, src/asymptotics via theorem1LimitSweep: η = 1e-8 … 1e-18, window shift, 1e-4 error floor; z from half the check’s share of the run’s budget) and the point hypothesis is tested by the chain → theory link. 0.05 is the resolution a consistent verdict must reach: α − 1 ≥ 0.2 here, so a jump off by a quarter of a step cannot be consistent. The finite-η orders (η = 10⁻⁴ → 10⁻⁶, overshooting by 0.01–0.04) are shown, not judged.',
  },
  // 5 (was 0.2): the simulation link's ≥ 2 step sizes × 200 exits per side, l* = 3 included (ci/tiers.json says how the totals grew with it).
  budgetShare: 5,
});
