/**
 * Properties of the theory engine over random landscapes (issue 3): l* monotone in b; Q rows sum to
 * 0, θ rows to 1, q_k = Σ_l q_{k,l}; mirroring x → −x with p₊ ↔ p₋ mirrors every prediction; and what
 * symmetry of G does (and does not) imply.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLandscape, randomPolynomialSpec } from '../src/model/landscapes.ts';
import type { LandscapeSpec } from '../src/model/types.ts';
import { basinGeometry } from '../src/theory/geometry.ts';
import { transitionGraph } from '../src/theory/graph.ts';
import { exitConstants } from '../src/theory/constants.ts';
import { absorptionProbabilities, generatorsByClass } from '../src/theory/markov.ts';
import { arbLandscapeSpec, arbTailIndex, arbTruncationFor } from './arbitraries.ts';

const SEED = 20261126;
const landscapes = arbLandscapeSpec({ minMinima: 2, maxMinima: 4, minGap: 0.2, maxGap: 0.8 });
/** A landscape with an admissible b (ratios ≥ 0.1 from integers), l* ∈ {1, 2, 3}, α and p₊. */
const cases = landscapes.chain((spec) =>
  fc.record({
    spec: fc.constant(spec),
    choice: arbTruncationFor(resolveLandscape(spec)),
    tailIndex: arbTailIndex(),
    pPlus: fc.integer({ min: 2, max: 8 }).map((k) => k / 10),
  }),
);

function mirror(spec: LandscapeSpec): LandscapeSpec {
  if (spec.kind !== 'polynomial') throw new Error('mirror: polynomial specs only');
  return { ...spec, roots: spec.roots.map((r) => -r).reverse() };
}

describe('theory properties', () => {
  it('l* does not increase as b grows', () => {
    fc.assert(
      fc.property(landscapes, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (spec, i, j) => {
        const L = resolveLandscape(spec);
        const [b1, b2] = [Math.min(i, j) / 40, Math.max(i, j) / 40];
        const l1 = basinGeometry(L, b1).basins.map((b) => b.jumpsNeeded);
        const l2 = basinGeometry(L, b2).basins.map((b) => b.jumpsNeeded);
        l1.forEach((l, k) => expect(l2[k]).toBeLessThanOrEqual(l));
        basinGeometry(L, Infinity).basins.forEach((b) => expect(b.jumpsNeeded).toBe(1));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('q_k = Σ_l q_{k,l}; rows of θ sum to 1; rows of Q sum to 0', () => {
    fc.assert(
      fc.property(cases, ({ spec, choice, tailIndex, pPlus }) => {
        const L = resolveLandscape(spec);
        const cs = exitConstants(L, choice.truncation, tailIndex, pPlus);
        for (const c of cs) {
          expect(c.exitRate).toBeGreaterThan(0);
          expect(Math.abs(c.exitRateByTarget.reduce((s, v) => s + v, 0) - c.exitRate)).toBeLessThan(1e-8 * c.exitRate);
        }
        const graph = transitionGraph(basinGeometry(L, choice.truncation));
        // θ is defined per closed class of G, with that class's widest minima absorbing (a closed
        // class without a globally widest minimum never reaches one: reducible G, THEORY.md §6).
        for (const cls of graph.classes.filter((c) => c.absorbing)) {
          const idx = cls.members.map((m) => m - 1);
          const lmax = Math.max(...idx.map((i) => cs[i].jumpsNeeded));
          const theta = absorptionProbabilities(
            idx.map((i) => idx.map((j) => cs[i].exitRateByTarget[j])),
            idx.map((i) => cs[i].jumpsNeeded === lmax),
          );
          for (const row of theta) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
        }
        for (const g of generatorsByClass(cs, graph)) {
          for (const row of g.matrix)
            expect(Math.abs(row.reduce((s, v) => s + v, 0))).toBeLessThan(1e-9 * Math.max(1, ...row.map(Math.abs)));
          if (g.stationary) expect(g.stationary.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('mirroring x → −x with p₊ ↔ p₋ mirrors l*, G, q_k, q_{k,l} and Q', () => {
    fc.assert(
      fc.property(cases, ({ spec, choice, tailIndex, pPlus }) => {
        const L = resolveLandscape(spec);
        const M = resolveLandscape(mirror(spec));
        const b = choice.truncation;
        const n = L.minima.length;
        const flip = (k: number) => n - 1 - k; // 0-based basin index under the mirror
        const cL = exitConstants(L, b, tailIndex, pPlus);
        const cM = exitConstants(M, b, tailIndex, 1 - pPlus);
        for (let k = 0; k < n; k++) {
          expect(cM[flip(k)].jumpsNeeded).toBe(cL[k].jumpsNeeded);
          expect(cM[flip(k)].exitRate).toBeCloseTo(cL[k].exitRate, 8);
          for (let j = 0; j < n; j++)
            expect(cM[flip(k)].exitRateByTarget[flip(j)]).toBeCloseTo(cL[k].exitRateByTarget[j], 8);
        }
        const gL = transitionGraph(basinGeometry(L, b));
        const gM = transitionGraph(basinGeometry(M, b));
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) expect(gM.adjacency[flip(i)][flip(j)]).toBe(gL.adjacency[i][j]);
        const qL = generatorsByClass(cL, gL);
        const qM = generatorsByClass(cM, gM);
        expect(qM.length).toBe(qL.length);
        for (const g of qL) {
          const h = qM.find((x) => x.states.includes(n + 1 - g.states[0]))!;
          const s = g.states.length;
          for (let i = 0; i < s; i++)
            for (let j = 0; j < s; j++) expect(h.matrix[s - 1 - i][s - 1 - j]).toBeCloseTo(g.matrix[i][j], 7);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('symmetric G: every class is closed (no transient minima), so irreducible iff connected', () => {
    fc.assert(
      fc.property(landscapes, fc.integer({ min: 3, max: 60 }), (spec, i) => {
        const g = transitionGraph(basinGeometry(resolveLandscape(spec), i / 40));
        if (!g.symmetric) return;
        for (const c of g.classes) expect(c.absorbing).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('symmetric G does not by itself imply irreducible G (a counterexample, for the record)', () => {
    // Gaps m1 0.3 s1 0.3 m2 0.9 s2 0.9 m3 0.3 s3 0.3 m4; b = 0.4: l* = 1 everywhere, but m2 → m3
    // needs ⌈0.9/0.4⌉ = 3 jumps: G = {m1 ↔ m2, m3 ↔ m4}, symmetric with two closed classes.
    const L = resolveLandscape(randomPolynomialSpec({ gaps: [0.3, 0.3, 0.9, 0.9, 0.3, 0.3] }));
    const g = transitionGraph(basinGeometry(L, 0.4));
    expect(g.symmetric).toBe(true);
    expect(g.irreducible).toBe(false);
    expect(g.classes.map((c) => c.members)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
