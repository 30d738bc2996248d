/**
 * Planning the two-stage embedded-chain estimator: how many stage-1 exits N and stage-2 replicates K
 * a step budget affords (K minimises the variance per step, from the predicted stage costs).
 */
import { type Theorem2Theory } from '../../theory/theorem2.ts';
import { absorptionMatrix, leadingMeanExitSteps } from '../../theory/embedded-chain.ts';

/** A plan of N and K for {@link estimateEmbeddedChain} within a step budget. */
export interface EmbeddedPlan {
  readonly exits: number;
  readonly replicates: number;
  /** Leading-order cost model (steps): per exit (stage 1) and per replicate (stage 2). */
  readonly stage1Cost: number;
  readonly stage2Cost: number;
}

/**
 * Sizes N and K from the predicted time scales (the stage-1 exit mean, the sharp sojourns a replicate
 * makes before a widest basin, a fixed per-call overhead) and the limit's variance split: minimising
 * (C₁ + K C₂)(B + W/K) gives K = √((C₁/C₂)(W/B)). For a probability, B = Var θ(j | landing basin) and
 * W = E θ(1 − θ) under the limit's landing law (B is floored at W/50: finite-η landings spread h);
 * for the holding time, B = 1 (σ is exponential: Var σ/E σ² = 1) + the landing part of P(leave), W its
 * replicate part, both relative to P(leave)².
 */
export function planEmbeddedChain(
  theory: Theorem2Theory,
  from: number,
  to: number | null,
  stepSize: number,
  budgetSteps: number,
  limits: { maxExits?: number; maxReplicates?: number } = {},
): EmbeddedPlan {
  const n = theory.constants.length;
  const theta = absorptionMatrix(theory);
  const P = theory.jumpProbabilities[from - 1];
  // Expected sharp visits per excursion (v = P_i,T (I − P_TT)^{-1}, by iteration) and their steps.
  const sharp = theory.sharp;
  const v = new Array<number>(n).fill(0);
  for (let it = 0; it < 1000; it++) {
    let delta = 0;
    for (const k of sharp) {
      let s = P[k - 1];
      for (const l of sharp) s += v[l - 1] * theory.jumpProbabilities[l - 1][k - 1];
      delta = Math.max(delta, Math.abs(s - v[k - 1]));
      v[k - 1] = s;
    }
    if (delta < 1e-12) break;
  }
  // Steps-equivalent of one stage-2 runExit call at the planned speed (2 workers × 1.8·10⁷ steps/s):
  // measured ≈ 0.36–0.45 ms wall per call with two workers (167 165 calls in 59.5 s at load 9).
  const OVERHEAD = 1.5e4;
  // Stage 1 plus the grouped first call of a unit; per replicate, each sharp visit costs its exit
  // plus two single-chain calls (the exit from the ball, then the side cell it lands in).
  const c1 = leadingMeanExitSteps(theory, from, stepSize) + OVERHEAD;
  const c2 =
    sharp.reduce((s, k) => s + v[k - 1] * (leadingMeanExitSteps(theory, k, stepSize) + 2 * OVERHEAD), 0) +
    0.2 * OVERHEAD;
  const hOf = (j: number) => P.map((p, l) => (theory.widest.includes(l + 1) ? (l + 1 === j ? 1 : 0) : theta[l][j - 1]));
  const moments = (j: number) => {
    const h = hOf(j);
    const m = P.reduce((s, p, l) => s + p * h[l], 0);
    const B = P.reduce((s, p, l) => s + p * (h[l] - m) ** 2, 0);
    const W = P.reduce((s, p, l) => s + p * h[l] * (1 - h[l]), 0);
    return { m, B, W };
  };
  let B: number;
  let W: number;
  if (to !== null) {
    ({ B, W } = moments(to));
    B = Math.max(B, W / 50);
  } else {
    const r = moments(from); // P(return); leave = 1 − return has the same B and W
    const leave = Math.max(1e-3, 1 - r.m);
    B = 1 + r.B / leave ** 2;
    W = r.W / leave ** 2;
  }
  const maxK = limits.maxReplicates ?? 200;
  const K = c2 > 0 && W > 0 ? Math.max(1, Math.min(maxK, Math.round(Math.sqrt((c1 / c2) * (W / B))))) : 1;
  const exits = Math.max(2, Math.min(limits.maxExits ?? 20_000, Math.floor(budgetSteps / (c1 + K * c2))));
  return { exits, replicates: K, stage1Cost: c1, stage2Cost: c2 };
}
