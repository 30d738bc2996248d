/**
 * The Himmelblau run figure (issue 16 §8): its data come from the simulator and the basin grid, are
 * reproducible from the seed, and the drawn figure has a panel per truncation with its share.
 */
import { describe, expect, it } from 'vitest';
import { figureSpec, renderSvg } from '../report/figures.ts';
import { himmelblauFigure } from './rd-figure.ts';

describe('himmelblauFigure', () => {
  it('two panels (b = 2.15, b = ∞) from the same seed give the same numbers; the figure draws basins and paths', async () => {
    const opts = { steps: 4000, paths: 2, seed: 7, resolution: 41, points: 500 };
    const a = himmelblauFigure(opts);
    const b = himmelblauFigure(opts);
    expect(a.shares).toEqual(b.shares);
    expect(a.shares.map((s) => s.truncation)).toEqual([2.15, Infinity]);
    for (const s of a.shares) expect(s.share).toBeGreaterThanOrEqual(0);
    const p = a.plot;
    expect(p.labels).toHaveLength(41 * 41);
    expect(new Set(p.labels.filter((l) => l > 0))).toEqual(new Set([1, 2, 3, 4]));
    expect(p.panels).toHaveLength(2);
    expect(p.panels[0].x.length).toBe(501); // the start and every 8th of 4000 steps
    expect(p.panels[0].title).toMatch(/^clipped, b = 2\.15: [\d.]+% ± [\d.]+% of steps in Ω_3 ∪ Ω_4$/);
    const fig = figureSpec(p);
    expect(fig.rows).toHaveLength(2 * 501);
    const svg = await renderSvg(fig.spec);
    expect(svg).toContain('Ω₃ (sharp)');
    expect(svg).toContain('no clipping (b = ∞):');
  });
});
