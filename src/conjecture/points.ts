/**
 * The points of a conjecture: the named family narrowed by its hypotheses, drawn without
 * replacement with the run's labelled stream, plus the run's random settings (`randomSettings`), so
 * a run is reproducible and different seeds probe different points and different landscapes.
 */
import { forkLabel, openStream, type Seed } from '../rng/seeds.ts';
import { landscapeOf } from '../experiments/exact-sweep.ts';
import type { Tier } from '../verify/types.ts';
import { type AnyConjecture } from './spec.ts';
import {
  CONJECTURE_FAMILY,
  DRAWS_PER_TIER,
  RANDOM_FAMILY,
  TRAJECTORY_FAMILY,
  landscapeSpecOf,
  randomSettings,
} from './family.ts';
import type { ConjecturePoint } from './quantity.ts';

export function inRange(v: number, r: readonly [number, number] | undefined): boolean {
  return r === undefined || (v >= r[0] && v <= r[1]);
}

/**
 * Every candidate point of a conjecture after narrowing (exit-location expands each setting to its
 * targets l ≠ k), in family order: the named settings, then the random settings of `seed` at `tier`.
 */
export function candidatePoints(c: AnyConjecture, seed: Seed = 0, tier: Tier = 'full'): ConjecturePoint[] {
  return [...namedCandidates(c), ...randomCandidates(c, seed, tier)];
}

/** The random settings of the run that satisfy the hypotheses (none for trajectory quantities). */
export function randomCandidates(c: AnyConjecture, seed: Seed, tier: Tier): ConjecturePoint[] {
  const h = c.hypotheses ?? {};
  if (c.quantity === 'sharp-occupancy' || c.quantity === 'holding-rate') return [];
  if (h.landscapes && !h.landscapes.includes(RANDOM_FAMILY)) return [];
  const out: ConjecturePoint[] = [];
  for (const r of randomSettings(seed, tier)) {
    if (!inRange(r.tailIndex, h.tailIndex) || !inRange(r.truncation, h.truncation)) continue;
    const base = {
      landscape: r.name,
      tailIndex: r.tailIndex,
      pPlus: r.pPlus,
      truncation: r.truncation,
      basin: r.basin,
    };
    if (c.quantity === 'exit-location') {
      const n = landscapeOf(r.landscape).minima.length;
      for (let l = 1; l <= n; l++) if (l !== r.basin) out.push({ ...base, target: l });
    } else out.push({ ...base, target: null });
  }
  return out;
}

function namedCandidates(c: AnyConjecture): ConjecturePoint[] {
  const h = c.hypotheses ?? {};
  const out: ConjecturePoint[] = [];
  if (c.quantity === 'sharp-occupancy' || c.quantity === 'holding-rate') {
    for (const t of TRAJECTORY_FAMILY) {
      if (h.landscapes && !h.landscapes.includes(t.name)) continue;
      if (!inRange(t.tailIndex, h.tailIndex) || !inRange(t.truncation, h.truncation)) continue;
      if (c.quantity === 'sharp-occupancy')
        out.push({
          landscape: t.name,
          tailIndex: t.tailIndex,
          truncation: t.truncation,
          basin: t.widest[0],
          target: null,
        });
      else
        for (const w of t.widest)
          out.push({ landscape: t.name, tailIndex: t.tailIndex, truncation: t.truncation, basin: w, target: null });
    }
    return out;
  }
  for (const m of CONJECTURE_FAMILY) {
    if (h.landscapes && !h.landscapes.includes(m.name)) continue;
    if (m.excluded?.includes(c.quantity)) continue;
    const n = landscapeOf(m.landscape).minima.length;
    for (const a of m.tailIndices) {
      if (!inRange(a, h.tailIndex)) continue;
      for (const b of m.truncations) {
        if (!inRange(b ?? Infinity, h.truncation)) continue;
        if (c.quantity === 'exit-location') {
          for (let l = 1; l <= n; l++)
            if (l !== m.basin)
              out.push({ landscape: m.name, tailIndex: a, pPlus: 0.5, truncation: b, basin: m.basin, target: l });
        } else out.push({ landscape: m.name, tailIndex: a, pPlus: 0.5, truncation: b, basin: m.basin, target: null });
      }
    }
  }
  return out;
}

/** l* = ⌈r/b⌉ of a point's start basin (1 without clipping): the stratum of its draw. */
export function jumpsOf(p: ConjecturePoint): number {
  if (p.truncation === null) return 1;
  const land = landscapeOf(landscapeSpecOf(p.landscape));
  const k = p.basin;
  const r = Math.min(
    k > 1 ? land.minima[k - 1] - land.saddles[k - 2] : Infinity,
    k < land.minima.length ? land.saddles[k - 1] - land.minima[k - 1] : Infinity,
  );
  return Math.ceil(r / p.truncation);
}

/**
 * The points a tier checks: `DRAWS_PER_TIER[tier]` of the named candidates, drawn without
 * replacement with the stream `forkLabel({seed, path: conjecture/<id>}, 'draw', tier)`, stratified by
 * l*: each stratum (l* = 1, 2, 3) is shuffled and the strata are taken in turn, so every run probes
 * every jump count the narrowed family has (a claim about clipping is always tested with and
 * without it); then every random setting of the run (`randomSettings`, stratified by construction).
 * Named points in candidate order, then the random ones. The trajectory quantities check all their
 * (few, costly) candidates in every tier.
 */
export function drawPoints(c: AnyConjecture, seed: Seed, tier: Tier): ConjecturePoint[] {
  const all = namedCandidates(c);
  const random = randomCandidates(c, seed, tier);
  const k =
    c.quantity === 'sharp-occupancy' || c.quantity === 'holding-rate'
      ? all.length
      : Math.min(all.length, DRAWS_PER_TIER[tier]);
  if (k >= all.length) return [...all, ...random];
  const rng = openStream(forkLabel({ seed, path: `conjecture/${c.id}` }, 'draw', tier));
  const strata = new Map<number, number[]>();
  all.forEach((p, i) => {
    const l = jumpsOf(p);
    strata.set(l, [...(strata.get(l) ?? []), i]);
  });
  const queues = [...strata.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, idx]) => {
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor(rng.nextUniform() * (i + 1));
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      return idx;
    });
  const chosen: number[] = [];
  for (let round = 0; chosen.length < k; round++) {
    for (const q of queues) if (round < q.length && chosen.length < k) chosen.push(q[round]);
  }
  return [...chosen.sort((x, y) => x - y).map((i) => all[i]), ...random];
}
