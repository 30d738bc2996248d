/**
 * The run figure of an R^d run (issue 16 §8): when `htsgd verify` ran a check of an R^d theorem
 * (id ending in `-2d`, or containing `rd`), its report gets the Himmelblau figure of
 * `htsgd figure himmelblau` (basins, clipped against unclipped paths, sharp-basin shares) under
 * "Figures of the run", stored in report.json's `figures` so `report render` redraws it. Steps per
 * path grow with the tier (quick 2.5·10⁵, standard 10⁶, full 4·10⁶; 4 paths per panel), seeded by
 * the run's seed.
 */
import { himmelblauFigure } from '../experiments/rd-figure.ts';
import type { RunReport, Tier } from '../verify/types.ts';

/** Whether a theorem id is one of the R^d (d ≥ 2) declarations. */
export const isRdTheorem = (id: string): boolean => /-2d$|(^|-)rd(-|$)/.test(id);

const STEPS: Record<Tier, number> = { quick: 250_000, standard: 1_000_000, full: 4_000_000 };

/** The report with the Himmelblau figure added when it holds an R^d check; else the report itself. */
export function withRdRunFigure(report: RunReport): RunReport {
  if (!report.checks.some((c) => isRdTheorem(c.theoremId))) return report;
  const fig = himmelblauFigure({ steps: STEPS[report.run.tier], paths: 4, seed: report.run.seed });
  return { ...report, figures: [...(report.figures ?? []), fig.plot] };
}
