import { describe, expect, it } from 'vitest';
import { paperLandscape, polynomialLandscape } from '../index.ts';
import { createNoiseLawRd } from './noise.ts';
import { gaussianWellsLandscape, hookValleyLandscape, separableLandscape, wellLandscape } from './landscapes.ts';
import { HIMMELBLAU_MINIMA, HIMMELBLAU_RUN, himmelblauVariant } from './himmelblau.ts';
import { distanceToSet } from './types.ts';

describe('R^d noise laws', () => {
  it('know their exact radial tails and tail constants', () => {
    const p = createNoiseLawRd({ kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 });
    expect(p.radialTail(1.5)).toBeCloseTo(2 ** -1.2, 14);
    expect(p.radialTail(0.5)).toBe(1);
    const l = createNoiseLawRd({ kind: 'lomax', tailIndex: 1.5, scale: 0.1, dimension: 3 });
    expect(l.radialTail(0.3)).toBeCloseTo(4 ** -1.5, 14);
    for (const d of [1, 2, 3]) {
      const t = createNoiseLawRd({ kind: 'student-t', tailIndex: 1.5, scale: 0.2, dimension: d });
      const x = 1e6;
      expect(t.radialTail(x) * x ** 1.5).toBeCloseTo(t.tailConstant, 6);
      expect(t.radialTail(0)).toBeCloseTo(1, 12);
    }
    // d = 1: ‖Z‖ = c|T|; for ν = 3, P(|T| > t) = 1 − (2/π)(atan(x) + x/(1 + x²)), x = t/√3 (closed form).
    const x = 1 / Math.sqrt(3);
    expect(createNoiseLawRd({ kind: 'student-t', tailIndex: 3, scale: 1, dimension: 1 }).radialTail(1)).toBeCloseTo(
      1 - (2 / Math.PI) * (Math.atan(x) + x / (1 + x * x)),
      10,
    );
  });

  it('refuse a direction set with non-zero mean, in the one error shape', () => {
    const bad = () =>
      createNoiseLawRd({
        kind: 'lomax',
        tailIndex: 1.5,
        scale: 1,
        dimension: 2,
        direction: {
          kind: 'finite',
          directions: [
            [1, 0],
            [0, 1],
          ],
          weights: [1, 1],
        },
      });
    expect(bad).toThrow(/createNoiseLawRd: invalid option `direction`: expected a direction set with Σ wᵢθᵢ = 0/);
    try {
      bad();
    } catch (e) {
      expect((e as { code: string }).code).toBe('ERR_INVALID_OPTION');
    }
    expect(() => createNoiseLawRd({ kind: 'pareto', tailIndex: 0.9, scale: 1, dimension: 2 })).toThrow(/`tailIndex`/);
  });
});

describe('R^d landscapes', () => {
  it('separable: product basins, radii = min of the 1-D radii, minima and saddles', () => {
    const sep = separableLandscape([paperLandscape(), polynomialLandscape([-0.5, 0, 0.5], 1, 1.6)]);
    expect(sep.minima).toHaveLength(8);
    expect(sep.basinOf([-0.7, -0.5])).toBe(2);
    expect(sep.basinOf([-0.7, 0.5])).toBe(6);
    expect(sep.basinRadii[1]).toBeCloseTo(Math.min(0.6007269448643784, 0.5), 10);
    const g = new Float64Array(2);
    for (const m of sep.minima) {
      sep.gradient(m.point, g);
      expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-8);
    }
    expect(sep.saddles.length).toBeGreaterThan(0);
  });

  it('wells and the hook valley: exact domains and radii', () => {
    const w = wellLandscape({ curvature: [1, 4], power: 4, domain: [1, 1.5] });
    expect(w.basinRadii).toEqual([1]);
    expect(w.basinOf([0.9, 0])).toBe(1);
    expect(w.basinOf([0, 1.49])).toBe(1);
    expect(w.basinOf([1.01, 0])).toBe(0);
    const hook = hookValleyLandscape();
    expect(hook.basinRadii).toEqual([2.8]);
    // On the returning ray the flow points along +x (outward in norm at x > 0): the hook's point.
    const g = new Float64Array(2);
    hook.gradient([0.5, 1.2], g);
    expect(g[0]).toBeLessThan(0);
    expect(Math.abs(g[1])).toBeLessThan(1e-12);
  });

  it('Gaussian wells: one basin per well when wells are apart, radii about half the separation', () => {
    const land = gaussianWellsLandscape({
      centres: [
        [-1.5, 0],
        [1.5, 0],
      ],
      depths: [1, 1],
      widths: [0.7, 0.7],
      ball: 3,
      resolution: 81,
    });
    expect(land.minima).toHaveLength(2);
    expect(land.basinOf([-1, 0.3])).toBe(1);
    expect(land.basinOf([1, -0.3])).toBe(2);
    for (const r of land.basinRadii) expect(Math.abs(r - 1.5)).toBeLessThan(0.1 + land.geometryError);
  });
});

describe("the Himmelblau variant keeps the paper's stated features", () => {
  const h = himmelblauVariant();
  const b = HIMMELBLAU_RUN.truncation;
  it('four basins, every grid orbit ends at a minimiser set, ball radius 4.2', () => {
    expect(h.minima).toHaveLength(4);
    expect(h.ball).toBe(4.2);
    expect(h.grid.stuck).toBe(0);
    const counts = [0, 0, 0, 0, 0];
    for (const lab of h.grid.labels) counts[lab]++;
    expect(counts.slice(1).every((c) => c > 100)).toBe(true);
  });
  it('a segment of minimisers in Ω₂ (zero gradient along it)', () => {
    const seg = HIMMELBLAU_MINIMA[1];
    expect(seg.segmentEnd).toBeDefined();
    const g = new Float64Array(2);
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      const x = [
        seg.point[0] + t * (seg.segmentEnd![0] - seg.point[0]),
        seg.point[1] + t * (seg.segmentEnd![1] - seg.point[1]),
      ];
      h.gradient(x, g);
      expect(Math.hypot(g[0], g[1])).toBe(0);
      expect(h.basinOf(x)).toBe(2);
    }
  });
  it('l* = ⌈r/b⌉ = (2, 2, 1, 1) at b = 2.15, each ratio further than the grid error from an integer', () => {
    const ratios = h.basinRadii.map((r) => r / b);
    expect(ratios.map(Math.ceil)).toEqual([2, 2, 1, 1]);
    for (const q of ratios)
      expect(Math.min(q - Math.floor(q), Math.ceil(q) - q)).toBeGreaterThan((2 * h.geometryError) / b);
  });
  it('the start (2.9, 1.0) lies in Ω₃ next to its minimiser', () => {
    expect(h.basinOf(HIMMELBLAU_RUN.start)).toBe(3);
    expect(distanceToSet(h.minima[2], HIMMELBLAU_RUN.start)).toBeLessThan(0.25);
  });
});

describe('R^d landscape specs and user modules', () => {
  it('builds named, spec and module landscapes; refuses unknown names in the one shape', async () => {
    const { resolveLandscapeRd } = await import('./spec.ts');
    const user = await resolveLandscapeRd('fixtures/landscapes/two-wells-2d.mjs');
    expect(user.name).toBe('two-wells-2d');
    expect(user.basinOf([-1.2, 0.3])).toBe(1);
    expect(user.basinOf([0.8, -0.4])).toBe(2);
    // The basins meet on the line x = 0 (the flow's separatrix): r = 1 up to the grid error.
    for (const r of user.basinRadii) expect(Math.abs(r - 1)).toBeLessThan(2 * user.geometryError);
    const sep = await resolveLandscapeRd({
      kind: 'separable',
      parts: [{ kind: 'paper' }, { kind: 'polynomial', roots: [0], box: 1.6 }],
    });
    expect(sep.minima).toHaveLength(4);
    await expect(resolveLandscapeRd('nope')).rejects.toThrow(/resolveLandscapeRd: invalid option `landscape`/);
    await expect(resolveLandscapeRd('missing-file.mjs')).rejects.toMatchObject({ code: 'ERR_LOAD' });
  });
});
