/**
 * Theorem 2 properties over random landscapes and truncations (issue 5):
 * - the excursion law out of each widest minimum is the generator's jump chain (Q(i,j) = q_i·P(exc i → j)),
 *   a probability law, and never reaches a transient class of G from an absorbing one;
 * - the leading-order occupancy is a law whose sharp shares fall like η^{(α−1)(l_max − l*_k)};
 * - the truncation hierarchy: on the η → 0 limits of the exact chain's exit order (src/asymptotics),
 *   over random landscapes, tail indices and one b on each side of r/1 (l* = 1, 2), the limit is
 *   1 + l*(α − 1) within its extrapolation error; an oracle fed the wrong tail index is caught.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLandscape } from '../src/model/landscapes.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { basinGeometry } from '../src/theory/index.ts';
import { leadingOrderOccupancy, theorem2Theory } from '../src/experiments/theorem2.ts';
import { theorem1LimitSweep, type Theorem1LimitSweep } from '../src/experiments/theorem1-limit.ts';
import { QUICK_LIMIT_SWEEP, linkZ } from '../src/experiments/theorem1/links.ts';
import { hierarchyLimitLink } from '../src/experiments/theorem2-declared.ts';
import { arbLandscapeSpec, arbTailIndex, arbTruncationFor } from './arbitraries.ts';

const SEED = 20261126;
const landscapes = arbLandscapeSpec({ minMinima: 2, maxMinima: 4, minGap: 0.2, maxGap: 0.8 });
const cases = landscapes.chain((spec) =>
  fc.record({ spec: fc.constant(spec), choice: arbTruncationFor(resolveLandscape(spec)), tailIndex: arbTailIndex() }),
);

describe('theorem 2 theory over random landscapes', () => {
  it('excursion laws: rows are laws on the widest minima of the class, Q(i,j) = q_i·P(i → j), no way back into a transient class', () => {
    fc.assert(
      fc.property(cases, ({ spec, choice, tailIndex }) => {
        const t = theorem2Theory({
          landscape: spec,
          noise: { kind: 'lomax', tailIndex, scale: 0.1 },
          truncation: choice.truncation,
        });
        const transient = new Set(t.graph.classes.filter((c) => !c.absorbing).flatMap((c) => c.members));
        for (const g of t.generators) {
          for (const [r, i] of g.states.entries()) {
            const q = t.constants[i - 1].exitRate;
            if (!(q > 0)) continue;
            const row = t.excursion[i - 1];
            expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
            for (const [c, j] of g.states.entries()) if (j !== i) expect(g.matrix[r][c]).toBeCloseTo(q * row[j - 1], 9);
            for (const k of transient) expect(row[k - 1]).toBe(0);
          }
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('leading-order occupancy is a law; each sharp share (per unit of widest time) falls like η^{(α−1)(l_max − l*)}', () => {
    fc.assert(
      fc.property(cases, ({ spec, choice, tailIndex }) => {
        const t = theorem2Theory({
          landscape: spec,
          noise: { kind: 'lomax', tailIndex, scale: 0.1 },
          truncation: choice.truncation,
        });
        const a = leadingOrderOccupancy(t, 1e-8);
        const b = leadingOrderOccupancy(t, 1e-9);
        if (a === null || b === null) return; // reducible G: per-class chains, no single law
        expect(a.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
        // Against the widest minima's total: the normalisation bends the share itself while it is not small.
        const wide = (o: number[]) => t.widest.reduce((s, k) => s + o[k - 1], 0);
        for (const k of t.sharp) {
          if (!(a[k - 1] > 0)) continue;
          const slope = Math.log(a[k - 1] / wide(a) / (b[k - 1] / wide(b))) / Math.log(10);
          const predicted = (tailIndex - 1) * (t.maxJumps - t.constants[k - 1].jumpsNeeded);
          expect(Math.abs(slope - predicted)).toBeLessThan(1e-3 + 0.01 * predicted);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

/**
 * Steeper wells for the exact-oracle property: with f' = A·Π(x − c) and gaps ≥ 0.4, A = 20 keeps the
 * curvature at the minima comparable to the paper landscape's, so that η = 10⁻⁴…10⁻⁶ is already
 * asymptotic (with A = 1 and gaps of 0.2 the flow takes ~10³ times longer and the jump reads 0.4).
 */
const steep = arbLandscapeSpec({ minMinima: 2, maxMinima: 3, minGap: 0.4, maxGap: 0.8 }).map((s) =>
  s.kind === 'polynomial' ? { ...s, scale: 20 } : s,
);

/**
 * One b inside each interval l* = 1, 2, at b = r/(k − t) with t drawn in [0.40, 0.47]: near the
 * middle of the interval in 1/b, away from the threshold r/1 where the theory's constants jump.
 */
const offsets = fc.tuple(...[1, 2].map(() => fc.integer({ min: 40, max: 47 }).map((a) => a / 100)));
const hierarchyCases = fc.record({
  spec: steep,
  pick: fc.nat(),
  tailIndex: fc.constantFrom(1.2, 1.3, 1.4, 1.5),
  offsets,
});

/** Significance of each limit assertion (z ≈ 3.3); the runs are pinned, so this sets how far a mutant must move a limit. */
const LIMIT_SIGNIFICANCE = 1e-3;

describe('truncation hierarchy on η → 0 limits of the exact chain', () => {
  it('over random landscapes and tail indices, one b on each side of r/1: each order limit is 1 + l*(α − 1) within z·e, so the step is α − 1; the link rejects wrong jumps (0, α, 1.25(α − 1)) and an oracle fed a tail index 0.15 too small', () => {
    // Each side: the quick tier's limit sweep (theorem1LimitSweep on QUICK_LIMIT_SWEEP: η = 1e-8 …
    // 1e-18 every other decade, 400 → 800 cells, window shift and error floor). The claim is
    // lim order = 1 + l*(α − 1) exactly, so the band is ± z·e (e the extrapolation error), no margin.
    // Not l* = 3 here: on these steep wells its quick sweeps were refused (too few points within 5%)
    // in all three runs tried (this seed, numRuns 3) and cost half the file's time; the threshold r/2 is judged by the
    // truncation-hierarchy check's jumps = 3 points (standard tier) and l* = 3 limits by the Theorem 1
    // power table (`npm run calibrate:theory-mutants`).
    const z = linkZ(LIMIT_SIGNIFICANCE);
    let caught = 0;
    fc.assert(
      fc.property(hierarchyCases, ({ spec, pick, tailIndex, offsets: ts }) => {
        const landscape = resolveLandscape(spec);
        const basin = 1 + (pick % landscape.minima.length);
        const r = basinGeometry(landscape, Infinity).basins[basin - 1].radius;
        const memo = new Map<string, Theorem1LimitSweep>();
        const limitOf = (alpha: number, k: number) => {
          const key = `${alpha}:${k}`;
          const hit = memo.get(key);
          if (hit) return hit;
          const law = createNoiseLaw({ kind: 'lomax', tailIndex: alpha, scale: 0.1 });
          const s = theorem1LimitSweep(landscape, law, r / (k + 1 - ts[k]), basin, QUICK_LIMIT_SWEEP);
          expect(s.truth.jumpsNeeded).toBe(k + 1);
          memo.set(key, s);
          return s;
        };
        const off = (s: Theorem1LimitSweep, k: number) =>
          Math.abs(s.limit.order.value - (1 + (k + 1) * (tailIndex - 1))) / s.limit.order.error;
        for (const k of [0, 1]) {
          const s = limitOf(tailIndex, k);
          expect(s.refused, `l* = ${k + 1}`).toBeNull();
          expect(off(s, k), `l* = ${k + 1}: limit ${s.limit.order.value} ± ${s.limit.order.error}`).toBeLessThanOrEqual(
            z,
          );
        }
        // The check's link (runHierarchyPoint) on these two sweeps: the jump α − 1 is met; the b = ∞
        // theory (no jump), a jump of α and 1.25(α − 1) are rejected (theory mutants).
        const sides = [0, 1].map((k) => limitOf(tailIndex, k));
        expect(hierarchyLimitLink(sides, LIMIT_SIGNIFICANCE, tailIndex - 1).requirement.met).toBe(true);
        for (const wrong of [0, tailIndex, 1.25 * (tailIndex - 1)])
          expect(hierarchyLimitLink(sides, LIMIT_SIGNIFICANCE, wrong).requirement.rejected, `jump ${wrong}`).toBe(true);
        // Negative control (simulator-side mutant): the oracle fed α − 0.15 against the same
        // prediction; its l* = 2 limit moves by 0.3, far past z·e.
        const wrong = limitOf(tailIndex - 0.15, 1);
        if (wrong.refused === null && off(wrong, 1) > z) caught++;
      }),
      { seed: SEED, numRuns: 2 },
    );
    expect(caught).toBe(2);
  });
});
