import { describe, expect, it } from 'vitest';
import { createNoiseLaw } from '../model/noise.ts';
import { paperLandscape, resolveLandscape } from '../model/landscapes.ts';
import type { NoiseSpec } from '../model/types.ts';
import { deriveKey } from '../rng/seeds.ts';
import { runExitChunkTs, runTrajectoryChunkTs } from './kernel-ts.ts';
import { referenceExit, referenceTrajectory } from './reference.ts';
import type { KernelLandscape } from './types.ts';

const poly = resolveLandscape({ kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 });
const paper = paperLandscape();

function kl(l: typeof paper): KernelLandscape {
  return { spec: l.spec, gradientSource: l.gradientSource, box: l.box, minima: [...l.minima], saddles: [...l.saddles] };
}

const NOISES: NoiseSpec[] = [
  { kind: 'lomax', tailIndex: 1.2, scale: 0.1, pPlus: 0.5 },
  { kind: 'lomax', tailIndex: 1.5, scale: 0.2, pPlus: 0.7 },
  { kind: 'gaussian', scale: 1 },
  { kind: 'student-t', tailIndex: 1.5, scale: 0.3 },
  { kind: 'stable', tailIndex: 1.4, scale: 0.2 },
];

describe('generated kernel vs the scalar reference (same streams)', () => {
  for (const noise of NOISES) {
    for (const truncation of [0.5, Infinity]) {
      it(`exit: bit-identical, ${noise.kind} p+=${'pPlus' in noise ? noise.pPlus : 0.5} b=${truncation}`, () => {
        const law = createNoiseLaw(noise);
        const key = deriveKey({ seed: 11, path: `kernel/${noise.kind}` });
        let exits = 0;
        for (const [land, basin, eta] of [
          [poly, 2, 0.05],
          [paper, 2, 0.05],
          [paper, 1, 0.1],
          [poly, 3, 0.05],
        ] as const) {
          const maxSteps = 3000;
          const start = land.minima[basin - 1];
          const res = runExitChunkTs({
            landscape: kl(land),
            noise,
            stepSize: eta,
            truncation,
            key,
            basin,
            start,
            maxSteps,
            firstChain: 5,
            chainCount: 40,
          });
          for (let i = 0; i < 40; i++) {
            const ref = referenceExit(land, law, { stepSize: eta, truncation, basin, start, maxSteps }, key, 5 + i);
            expect(res.exitSteps[i]).toBe(ref.exitSteps);
            expect(res.exitPosition[i]).toBe(ref.exitPosition);
            expect(res.target[i]).toBe(ref.target);
            expect(res.censored[i]).toBe(ref.censored ? 1 : 0);
            if (!ref.censored) exits++;
          }
        }
        // Some chains must exit, or the comparison would be of censored runs only.
        expect(exits).toBeGreaterThan(20);
      });
    }
  }

  it('trajectory: bit-identical basin steps and transitions, whatever the segmentation', () => {
    const noise: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };
    const law = createNoiseLaw(noise);
    const key = deriveKey({ seed: 3, path: 'traj' });
    const steps = 40_000;
    const base = { landscape: kl(paper), noise, stepSize: 0.01, truncation: Infinity, key, start: 0.3, epsilon: 0.1 };
    const whole = runTrajectoryChunkTs({ ...base, steps, stepOffset: 0, firstPath: 0, pathCount: 3 });
    // Same paths in segments of 256·37 steps, carrying state.
    const seg = 256 * 37;
    const bs = new Float64Array(whole.basinSteps.length);
    const tr = new Float64Array(whole.transitions.length);
    let state;
    for (let off = 0; off < steps; off += seg) {
      const r = runTrajectoryChunkTs({
        ...base,
        steps: Math.min(seg, steps - off),
        stepOffset: off,
        firstPath: 0,
        pathCount: 3,
        state,
      });
      r.basinSteps.forEach((v, i) => (bs[i] += v));
      r.transitions.forEach((v, i) => (tr[i] += v));
      state = r.state;
    }
    expect(Array.from(bs)).toEqual(Array.from(whole.basinSteps));
    expect(Array.from(tr)).toEqual(Array.from(whole.transitions));
    let totalTransitions = 0;
    for (let p = 0; p < 3; p++) {
      const ref = referenceTrajectory(
        paper,
        law,
        { stepSize: 0.01, truncation: Infinity, start: 0.3, steps, epsilon: 0.1 },
        key,
        p,
      );
      expect(Array.from(whole.basinSteps.subarray(p * 4, p * 4 + 4))).toEqual(ref.basinSteps);
      expect(ref.basinSteps.reduce((a, b) => a + b, 0)).toBe(steps);
      const single = runTrajectoryChunkTs({ ...base, steps, stepOffset: 0, firstPath: p, pathCount: 1 });
      expect(Array.from(single.transitions)).toEqual(ref.transitions);
      totalTransitions += ref.transitions.reduce((a, b) => a + b, 0);
    }
    // The test means something only if paths actually moved between minima.
    expect(totalTransitions).toBeGreaterThan(3);
    expect(whole.transitions.reduce((a, b) => a + b, 0)).toBe(totalTransitions);
  });

  it('trajectory: visits and thinned samples are recorded consistently', () => {
    const noise: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };
    const key = deriveKey({ seed: 4, path: 'rec' });
    const r = runTrajectoryChunkTs({
      landscape: kl(paper),
      noise,
      stepSize: 0.01,
      truncation: Infinity,
      key,
      start: 0.3,
      epsilon: 0.1,
      steps: 20_000,
      stepOffset: 0,
      firstPath: 0,
      pathCount: 2,
      record: { visitCap: 1000, sampleEvery: 100 },
    });
    expect(r.samples![0].length).toBe(200);
    for (let p = 0; p < 2; p++) {
      const mins = r.visits!.minimum[p];
      const steps = r.visits!.step[p];
      for (let i = 1; i < mins.length; i++) {
        expect(mins[i]).not.toBe(mins[i - 1]);
        expect(steps[i]).toBeGreaterThan(steps[i - 1]);
      }
    }
    const visitsTotal = r.visits!.minimum.reduce((a, m) => a + m.length, 0);
    // Start 0.3 is not within ε of a minimum, so every visit but each path's first is a transition.
    expect(r.transitions.reduce((a, b) => a + b, 0)).toBe(
      visitsTotal - r.visits!.minimum.filter((m) => m.length > 0).length,
    );
  });
});
