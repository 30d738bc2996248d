import { describe, expect, it } from 'vitest';
import { createNoiseLaw } from '../model/noise.ts';
import { paperLandscape, polynomialLandscape } from '../model/landscapes.ts';
import { basinScale, chainTimeScale, exitExponent, lambda, localExitSlope } from './scales.ts';
import { exitConstants } from './constants.ts';
import { predictedMeanExitSteps, exitLocationProbabilities } from './predict.ts';
import { kramersBaseline, untruncatedMeanExitSteps } from './baselines.ts';

const lomax = (scale: number) => createNoiseLaw({ kind: 'lomax', tailIndex: 1.2, scale, pPlus: 0.5 });

describe('scales with the exact H (THEORY.md §4)', () => {
  it('λ_i(η) = H(1/η)·(H(1/η)/η)^{l*−1} = η·λ(η)^{l*}', () => {
    const law = lomax(0.1);
    const eta = 1e-3;
    const H = Math.pow(1 + 1 / eta / 0.1, -1.2); // Lomax: P(|Z| > x) = (1 + x/c)^−α
    expect(lambda(law, eta)).toBeCloseTo(H / eta, 12);
    expect(basinScale(law, 3, eta) / (H * (H / eta) ** 2)).toBeCloseTo(1, 12);
    expect(chainTimeScale(law, 2, eta) / (eta * lambda(law, eta) ** 2)).toBeCloseTo(1, 12);
  });

  it('local slope → γ = 1 + l*(α − 1) as η → 0, and differs from γ at finite η', () => {
    const law = lomax(0.1);
    expect(localExitSlope(law, 2, 1e-9)).toBeCloseTo(exitExponent(2, 1.2), 6);
    expect(Math.abs(localExitSlope(law, 2, 0.05) - 1.4)).toBeGreaterThan(1e-3);
  });

  it('scale bookkeeping: mean exit steps for c over those for 2c → 2^{α·l*}', () => {
    const q = exitConstants(paperLandscape(), 0.5, 1.2, 0.5)[1];
    const eta = 1e-7;
    const ratio = predictedMeanExitSteps(q, lomax(0.1), eta) / predictedMeanExitSteps(q, lomax(0.2), eta);
    expect(ratio).toBeCloseTo(2 ** (1.2 * 2), 3);
    expect(exitLocationProbabilities(q).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    expect(untruncatedMeanExitSteps(2, lomax(0.1), eta)).toBeCloseTo(1 / (2 * lomax(0.1).tail(1 / eta)), 0);
  });
});

describe('Gaussian baseline (THEORY.md §7)', () => {
  it('Kramers exponent 2ΔU/σ² and the Eyring–Kramers mean for a double well', () => {
    // f' = x³ − x: f = x⁴/4 − x²/2, minima ±1, saddle 0, ΔU = 1/4, f''(±1) = 2, f''(0) = −1.
    const L = polynomialLandscape([-1, 0, 1], 1, 2);
    const [k1] = kramersBaseline(L, 0.5);
    expect(k1.barrier).toBeCloseTo(0.25, 14);
    expect(k1.exponent).toBeCloseTo((2 * 0.25) / 0.25, 14);
    const eta = 0.1;
    expect(k1.meanExitSteps(eta)).toBeCloseTo(((2 * Math.PI) / (eta * Math.sqrt(2))) * Math.exp(2 / eta), -2);
  });
});
