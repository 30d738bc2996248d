/**
 * Theorem 2 properties over random landscapes and truncations (issue 5):
 * - the excursion law out of each widest minimum is the generator's jump chain (Q(i,j) = q_i·P(exc i → j)),
 *   a probability law, and never reaches a transient class of G from an absorbing one;
 * - the leading-order occupancy is a law whose sharp shares fall like η^{(α−1)(l_max − l*_k)};
 * - the truncation hierarchy: on the finite-η chain's exact exit means (src/exact), over random
 *   landscapes, tail indices and b grids crossing r/1 and r/2, the exit order is constant between the
 *   thresholds and steps by α − 1 at each; an oracle fed the wrong tail index is caught.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLandscape } from '../src/model/landscapes.ts';
import { createNoiseLaw } from '../src/model/noise.ts';
import { basinGeometry } from '../src/theory/index.ts';
import { exactExitOrder, leadingOrderOccupancy, theorem2Theory } from '../src/experiments/theorem2.ts';
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
 * A b grid crossing r/1 and r/2: two b's inside each interval l* = 1, 2, 3, at b = r/(k − t) with t
 * drawn in [0.40, 0.47] and [0.53, 0.60], the middle of the interval in 1/b. Near a threshold the
 * finite-η order bends toward the next level: with little slack (l* jumps of b cover r by ≤ 15%) the
 * jumps must come in quick succession and the order at η = 10⁻⁴…10⁻⁶ overshoots more, so the t ranges
 * below keep each b near the middle of its interval.
 */
const offsets = fc.tuple(
  ...[1, 2, 3].map(() =>
    fc
      .tuple(fc.integer({ min: 40, max: 47 }), fc.integer({ min: 53, max: 60 }))
      .map(([a, b]) => [a / 100, b / 100] as const),
  ),
);
const hierarchyCases = fc.record({
  spec: steep,
  pick: fc.nat(),
  tailIndex: fc.constantFrom(1.2, 1.3, 1.4, 1.5),
  offsets,
});

/** An order is usable when the oracle resolves it (error ≤ 0.01, a third of the smallest tolerance). */
const RESOLVED = 0.01;

/** Cheap oracle settings for the property: adaptive grids of 400 cells (800 if not yet resolved), η = 10⁻⁴ → 10⁻⁶. */
const cheap = { cells: 400, maxCells: 800, targetError: RESOLVED } as const;

/**
 * The hierarchy claim on measured orders (levels[k] = the orders at two b's with l* = k + 1): constant
 * within each b-interval (|Δγ| ≤ 0.03) and a step of α − 1 (± 0.06; the finite-η overshoot on the
 * paper and reducible landscapes is ≤ 0.042: jumps 0.212, 0.228, 0.219, 0.242 against α − 1 = 0.2 in
 * `htsgd verify --tier standard --theorem truncation-hierarchy --seed 1729`) at each threshold r/k.
 * Returns the first violation, or null.
 */
function hierarchyViolation(levels: readonly (readonly number[])[], alpha: number): string | null {
  for (const [k, l] of levels.entries())
    if (Math.abs(l[0] - l[1]) > 0.03)
      return `l* = ${k + 1}: orders ${l[0].toFixed(4)}, ${l[1].toFixed(4)} differ inside the interval`;
  for (let k = 1; k < levels.length; k++) {
    const step = (levels[k][0] + levels[k][1]) / 2 - (levels[k - 1][0] + levels[k - 1][1]) / 2;
    if (Math.abs(step - (alpha - 1)) > 0.06)
      return `step ${k} → ${k + 1}: ${step.toFixed(4)} vs α − 1 = ${(alpha - 1).toFixed(2)}`;
  }
  return null;
}

describe('truncation hierarchy on the exact finite-η chain', () => {
  it('over random landscapes, tail indices and b grids crossing r/1 and r/2: the order is constant between thresholds and steps by α − 1 at each; an oracle fed a wrong tail index is caught', () => {
    // Each run: 6 b's × 2 step sizes on 400–800-cell grids, plus the negative control's 4 (~3 s CPU).
    // l* = 3 on these steep wells can need > 10¹³ steps at η = 10⁻⁶, past what the double-precision
    // oracle resolves (its error bar says so); that level is judged when resolved, and the pinned runs
    // must judge it at least once. Levels 1 and 2 (threshold r/1) are always judged.
    let judgedThree = 0;
    let caught = 0;
    fc.assert(
      fc.property(hierarchyCases, ({ spec, pick, tailIndex, offsets: ts }) => {
        const landscape = resolveLandscape(spec);
        const basin = 1 + (pick % landscape.minima.length);
        const r = basinGeometry(landscape, Infinity).basins[basin - 1].radius;
        const orders = (alpha: number, upTo: number) => {
          const law = createNoiseLaw({ kind: 'lomax', tailIndex: alpha, scale: 0.1 });
          return ts.slice(0, upTo).map((pair, k) =>
            pair.map((t) => {
              const o = exactExitOrder({ landscape, law, basin, truncation: r / (k + 1 - t), ...cheap });
              expect(o.jumpsNeeded).toBe(k + 1);
              return o;
            }),
          );
        };
        const sides = orders(tailIndex, 3);
        for (const o of sides.slice(0, 2).flat()) expect(o.error).toBeLessThan(RESOLVED);
        const three = sides[2].every((o) => o.error < RESOLVED);
        if (three) judgedThree++;
        const levels = sides.slice(0, three ? 3 : 2).map((l) => l.map((o) => o.order));
        expect(hierarchyViolation(levels, tailIndex)).toBeNull();
        // Negative control (mutant): the oracle fed a tail index 0.15 too small against the same
        // prediction. The step across r/1 becomes α − 1.15 and the claim must fail.
        const wrong = orders(tailIndex - 0.15, 2);
        for (const o of wrong.flat()) expect(o.error).toBeLessThan(RESOLVED);
        if (
          hierarchyViolation(
            wrong.map((l) => l.map((o) => o.order)),
            tailIndex,
          ) !== null
        )
          caught++;
      }),
      { seed: SEED, numRuns: 3 },
    );
    expect(caught).toBe(3);
    expect(judgedThree).toBeGreaterThanOrEqual(1);
  });
});
