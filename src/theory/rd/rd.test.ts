import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStream } from '../../rng/seeds.ts';
import { paperLandscape, polynomialLandscape } from '../../model/index.ts';
import { createNoiseLawRd } from '../../model/rd/noise.ts';
import {
  gaussianWellsLandscape,
  hookValleyLandscape,
  separableLandscape,
  wellLandscape,
} from '../../model/rd/landscapes.ts';
import { himmelblauVariant } from '../../model/rd/himmelblau.ts';
import { exitConstants } from '../constants.ts';
import { jumpsNeededRd } from './reach.ts';
import { estimateExitConstantsRd } from './constants.ts';
import { leadingOrderOccupancy, theoryReportRd } from './predict.ts';

describe('J_b as a discrete optimisation (reachable sets with flow relaxation)', () => {
  it('J_b = ⌈r/b⌉ on contractive wells (quadratic and quartic, anisotropic)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(2 as const, 4 as const),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 30, max: 95 }), // b ≥ 0.3·R: J ≤ 4, and b ≫ the ±2h of the certificate
        (power, a2, extra, bPercent) => {
          const R = 1 + extra * 0.2;
          const b = (bPercent / 100) * R;
          const ratio = R / b;
          const land = wellLandscape({ curvature: [1, a2], power, domain: [R, R * 1.3] });
          // The certificate's error model: jump norms b ∓ 2h over J jumps plus one cell, so the
          // property is asserted only where the boundary is missed or overshot by more than that.
          const h = (2 * land.ball) / 121;
          fc.pre(Math.min(ratio - Math.floor(ratio), Math.ceil(ratio) - ratio) * b > Math.ceil(ratio) * 2 * h + h);
          const J = jumpsNeededRd(land, 1, b, { resolution: 121 });
          return J.certified && J.jumpsNeeded === Math.ceil(ratio) && J.radiusJumps === J.jumpsNeeded;
        },
      ),
      { seed: 16, numRuns: 12 },
    );
  });

  it('J_b = 2 < ⌈r/b⌉ = 3 on the hook valley: the flow carries the path outward between jumps', () => {
    const J = jumpsNeededRd(hookValleyLandscape(), 1, 1.25);
    expect(J.radiusJumps).toBe(3);
    expect(J.jumpsNeeded).toBe(2);
    expect(J.certified).toBe(true);
    // After one jump (norm ≤ 1.25) the flow reaches norm ≈ |(1, 0.6)| + 0.6 = 1.766 (± a cell).
    expect(Math.abs(J.reachRadius[1] - 1.766)).toBeLessThan(2 * J.gridSpacing);
  });

  it('Himmelblau variant at b = 2.15: J = (2, 2, 1, 1), G irreducible, widest {m1, m2}', () => {
    const land = himmelblauVariant();
    const law = createNoiseLawRd({ kind: 'pareto', tailIndex: 1.2, scale: 0.75, dimension: 2 });
    const r = theoryReportRd({ seed: 16, path: 'theory-rd/himmelblau' }, land, law, 2.15, {
      constants: { samples: 1000 },
    });
    expect(r.basins.map((b) => b.jumpsNeeded)).toEqual([2, 2, 1, 1]);
    expect(r.basins.every((b) => b.reach.certified)).toBe(true);
    expect(r.graph.irreducible).toBe(true);
    expect(r.widest).toEqual([1, 2]);
    expect(r.generators[0].stationary).not.toBeNull();
    expect(r.warnings).toEqual([]);
    // Leading-order occupancy: shares sum to 1 and the sharp share falls with η like λ(η) ∝ η^{α−1}.
    const shares = [4e-3, 5e-4, 1e-6].map((eta) => leadingOrderOccupancy(r, law, eta)!);
    for (const s of shares) expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const sharp = shares.map((s) => s[2] + s[3]);
    expect(sharp[1]).toBeLessThan(sharp[0]);
    expect(sharp[2]).toBeLessThan(sharp[1]);
  });
});

describe('separable landscapes reduce to the 1-D theory', () => {
  const sep = separableLandscape([paperLandscape(), polynomialLandscape([0], 1, 1.6)]);
  const law = createNoiseLawRd({
    kind: 'lomax',
    tailIndex: 1.2,
    scale: 0.1,
    dimension: 2,
    direction: {
      kind: 'finite',
      directions: [
        [1, 0],
        [-1, 0],
      ],
      weights: [0.5, 0.5],
    },
  });
  const one = exitConstants(paperLandscape(), 0.5, 1.2, 0.5);
  it('same J (= l*) and γ for every basin at b = 0.5', () => {
    for (let k = 1; k <= 4; k++) expect(jumpsNeededRd(sep, k, 0.5).jumpsNeeded).toBe(one[k - 1].jumpsNeeded);
  });
  it('same q and q_{k,l} (Monte Carlo within 4 standard errors of the 1-D quadrature), l* = 1 and 2', () => {
    for (const k of [2, 3]) {
      const q = estimateExitConstantsRd(
        openStream({ seed: 16, path: `theory-rd/separable/${k}` }),
        sep,
        law,
        k,
        0.5,
        one[k - 1].jumpsNeeded,
        { samples: 4000 },
      );
      expect(Math.abs(q.exitRate - one[k - 1].exitRate)).toBeLessThan(4 * q.standardError);
      for (let l = 1; l <= 4; l++)
        expect(Math.abs(q.exitRateByTarget[l] - one[k - 1].exitRateByTarget[l - 1])).toBeLessThan(
          4 * q.standardErrorByTarget[l] + 1e-12,
        );
      expect(q.shellContribution).toBe(0);
    }
  });
  it('l* = 3 (b = 0.3, basin 2): same J, and q within 4 standard errors of the 1-D quadrature', () => {
    const one3 = exitConstants(paperLandscape(), 0.3, 1.2, 0.5);
    expect(one3[1].jumpsNeeded).toBe(3);
    expect(jumpsNeededRd(sep, 2, 0.3).jumpsNeeded).toBe(3);
    const q = estimateExitConstantsRd(openStream({ seed: 16, path: 'theory-rd/separable/J3' }), sep, law, 2, 0.3, 3, {
      samples: 400,
      inner: 4,
    });
    // The J = 3 estimator is heavy-tailed (three near-maximal jumps in a row): 400 samples give a
    // relative SE ~0.7 here (16.6 ± 11.6 against 18.41), a weak test; it still rejected, at this seed,
    // the orbit cut at (r − b)/2 instead of (r − 2b)/2 (5.05 ± 1.93: two more jumps could leave from there).
    expect(Math.abs(q.exitRate - one3[1].exitRate)).toBeLessThan(4 * q.standardError);
    expect(q.shellContribution).toBe(0);
  });
});

describe('exit constants from a point of a segment of minimisers', () => {
  it("`start` defaults to the set's point (same stream, same estimate)", () => {
    const land = wellLandscape({ curvature: [1, 1], domain: [1, 1] });
    const law = createNoiseLawRd({ kind: 'pareto', tailIndex: 1.5, scale: 1, dimension: 2 });
    const a = estimateExitConstantsRd(openStream({ seed: 1, path: 's' }), land, law, 1, 1.5, 1, { samples: 500 });
    const b = estimateExitConstantsRd(openStream({ seed: 1, path: 's' }), land, law, 1, 1.5, 1, {
      samples: 500,
      start: [0, 0],
    });
    expect(b.exitRate).toBe(a.exitRate);
    // J = 1 on the unit disc with b > 1: every jump longer than 1 leaves, q = 1^{−α} = 1 exactly.
    expect(Math.abs(a.exitRate - 1)).toBeLessThan(4 * a.standardError);
  });
});

describe('isotropic q for J = 2 against an independent quadrature', () => {
  it('unit disc, f = |x|²/2, b = 0.6, α = 1.5: Monte Carlo within 4 SE of the radial quadrature', () => {
    // Radial symmetry: after the first jump the flow is x(t) = y·e^{−t}; with s = |x|, dt = ds/s, so
    // q = ∫ν(du) G(min(u, b)), G(s₁) = ∫_{R−b}^{s₁} g(s)/s ds, g(s) = (1/2π)∫dφ u(φ)^{−α}·1{u(φ) ≤ b},
    // u(φ) = −s·cos φ + √(R² − s² sin² φ) the jump length that reaches the circle at angle φ.
    const R = 1;
    const b = 0.6;
    const alpha = 1.5;
    const lo = R - b;
    const n = 200;
    const g = (s: number) => {
      let acc = 0;
      for (let i = 0; i < 720; i++) {
        const phi = ((i + 0.5) / 720) * 2 * Math.PI;
        const u = -s * Math.cos(phi) + Math.sqrt(R * R - s * s * Math.sin(phi) ** 2);
        if (u <= b) acc += u ** -alpha;
      }
      return acc / 720;
    };
    const ds = (b - lo) / n;
    const G = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      const s = lo + (i - 0.5) * ds;
      G[i] = G[i - 1] + (g(s) / s) * ds;
    }
    let quad = b ** -alpha * G[n];
    for (let i = 1; i <= n; i++) quad += alpha * (lo + (i - 0.5) * ds) ** (-alpha - 1) * 0.5 * (G[i] + G[i - 1]) * ds;
    const land = wellLandscape({ curvature: [1, 1], power: 2, domain: [R, R] });
    const law = createNoiseLawRd({ kind: 'lomax', tailIndex: alpha, scale: 0.3, dimension: 2 });
    const mc = estimateExitConstantsRd(
      openStream({ seed: 16, path: 'theory-rd/disc-quadrature' }),
      land,
      law,
      1,
      b,
      2,
      { samples: 6000 },
    );
    expect(Math.abs(mc.exitRate - quad)).toBeLessThan(4 * mc.standardError);
    expect(quad).toBeCloseTo(0.738, 2);
  });
});

describe('the random 2-D family (sums of Gaussian wells)', () => {
  it('J_b ≤ ⌈r/b⌉ for every basin (quick collinear jumps always suffice), up to the grid error', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 359 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.integer({ min: 12, max: 24 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 40, max: 160 }),
        (wells, angles, radii, bPercent) => {
          const centres = angles
            .slice(0, wells)
            .map((a, k) => [
              (radii[k] / 10) * Math.cos((a * Math.PI) / 180),
              (radii[k] / 10) * Math.sin((a * Math.PI) / 180),
            ]);
          const land = gaussianWellsLandscape({
            centres,
            depths: centres.map(() => 1),
            widths: centres.map(() => 0.6),
            ball: 3.5,
            resolution: 81,
          });
          const b = bPercent / 100;
          return land.minima.every((_, k) => {
            const J = jumpsNeededRd(land, k + 1, b, { resolution: 81 });
            return J.lower <= Math.ceil((land.basinRadii[k] + 2 * land.geometryError) / b);
          });
        },
      ),
      { seed: 16, numRuns: 6 },
    );
  });
});
