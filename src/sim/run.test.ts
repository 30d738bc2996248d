import { afterAll, describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { InputError } from '../core/errors.ts';
import { paperLandscape } from '../model/landscapes.ts';
import type { LandscapeSpec, NoiseSpec } from '../model/types.ts';
import { closePool, runExit, runExitSync, runTrajectory, runTrajectorySync } from './index.ts';

afterAll(() => closePool());

const lomax: NoiseSpec = { kind: 'lomax', tailIndex: 1.2, scale: 0.1 };

/**
 * An independent exit simulation: its own generator (seedrandom ARC4), the textbook Pareto
 * inverse transform with a separate sign draw, and f' by central differences of f (not the
 * kernel's gradient source). It shares only the landscape's value and saddles with the kernel.
 */
function independentExits(chains: number, eta: number, b: number, seed: string) {
  const land = paperLandscape();
  const rng = seedrandom(seed);
  const [lo, hi] = [land.saddles[0], land.saddles[1]];
  const alpha = 1.2;
  const c = 0.1;
  const h = 1e-6;
  const steps: number[] = [];
  let left = 0;
  for (let i = 0; i < chains; i++) {
    let x = land.minima[1];
    let n = 0;
    for (;;) {
      n++;
      const w = Math.pow(1 - rng(), -1 / alpha) - 1;
      const z = rng() < 0.5 ? c * w : -c * w;
      const grad = (land.value(x + h) - land.value(x - h)) / (2 * h);
      const step = Math.max(-b, Math.min(b, eta * (grad - z)));
      x = Math.max(-land.box, Math.min(land.box, x - step));
      if (x <= lo || x >= hi) break;
    }
    steps.push(n);
    if (x <= lo) left++;
  }
  const mean = steps.reduce((a, v) => a + v, 0) / chains;
  const sd = Math.sqrt(steps.reduce((a, v) => a + (v - mean) ** 2, 0) / (chains - 1));
  return { mean, se: sd / Math.sqrt(chains), left: left / chains };
}

describe('runExit', () => {
  it('agrees with an independent implementation on the paper landscape (b = 0.5, η = 0.05)', async () => {
    const r = await runExit({
      landscape: { kind: 'paper' },
      noise: lomax,
      stepSize: 0.05,
      truncation: 0.5,
      basin: 2,
      chains: 3000,
      seed: 21,
      workers: 2,
    });
    const ind = independentExits(1000, 0.05, 0.5, 'independent-1');
    expect(r.censored).toBe(0);
    const z = (r.meanExitSteps - ind.mean) / Math.hypot(r.standardError, ind.se);
    expect(Math.abs(z)).toBeLessThan(5);
    const pooled = (r.exitedLeft * 3000 + ind.left * 1000) / 4000;
    const zLeft = (r.exitedLeft - ind.left) / Math.sqrt(pooled * (1 - pooled) * (1 / 3000 + 1 / 1000));
    expect(Math.abs(zLeft)).toBeLessThan(5);
    expect(r.exitedLeft + r.exitedRight).toBe(1);
    // Quantiles are ordered; the median is the per-chain median.
    const q = r.quantiles;
    expect(q.p10! <= q.p25! && q.p25! <= q.p50! && q.p50! <= q.p75! && q.p75! <= q.p90!).toBe(true);
    const sorted = Array.from(r.exitSteps).sort((a, b) => a - b);
    expect(q.p50).toBe((sorted[1499] + sorted[1500]) / 2);
    expect(r.totalSteps).toBe(r.exitSteps.reduce((a, v) => a + v, 0));
  });

  it('gives identical results for 1 and 2 workers and any chunk size', async () => {
    const base = {
      landscape: { kind: 'paper' } as const,
      noise: lomax,
      stepSize: 0.1,
      truncation: 0.5,
      basin: 3,
      chains: 301,
      seed: 'w',
    };
    const one = await runExit({ ...base, workers: 1 });
    const two = await runExit({ ...base, workers: 2, chunkSize: 7 });
    expect(Array.from(two.exitSteps)).toEqual(Array.from(one.exitSteps));
    expect(Array.from(two.exitPosition)).toEqual(Array.from(one.exitPosition));
    expect(Array.from(two.target)).toEqual(Array.from(one.target));
    expect(two.meanExitSteps).toBe(one.meanExitSteps);
  });

  it('keeps censored chains, marked, out of the mean', () => {
    const r = runExitSync({
      landscape: { kind: 'paper' },
      noise: lomax,
      stepSize: 0.05,
      truncation: 0.5,
      basin: 2,
      chains: 200,
      seed: 2,
      maxSteps: 1500,
      workers: 1,
    });
    expect(r.censored).toBeGreaterThan(0);
    expect(r.censored).toBeLessThan(200);
    let sum = 0;
    let n = 0;
    for (let i = 0; i < 200; i++) {
      if (r.censoredMask[i]) {
        expect(r.exitSteps[i]).toBe(1500);
        expect(r.target[i]).toBe(0);
      } else {
        sum += r.exitSteps[i];
        n++;
      }
    }
    expect(r.meanExitSteps).toBeCloseTo(sum / n, 9);
    expect(r.exitedLeft + r.exitedRight + r.censored / 200).toBeCloseTo(1, 12);
    // A quantile that reaches the censored block (the top `censored` order statistics) is unknown.
    const sorted = Array.from(r.exitSteps).sort((a, b) => a - b);
    for (const [p, q] of [
      [0.1, r.quantiles.p10],
      [0.5, r.quantiles.p50],
      [0.9, r.quantiles.p90],
    ] as const) {
      const h = 199 * p;
      if (Math.ceil(h) >= 200 - r.censored) expect(q).toBeNull();
      else
        expect(q).toBeCloseTo(
          sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.ceil(h)] - sorted[Math.floor(h)]),
          9,
        );
    }
    expect(r.quantiles.p90 === null).toBe(r.censored >= 20);
  });
});

describe('runTrajectory', () => {
  it('occupancy sums to 1, per-path steps to N; identical for 1 and 2 workers and any segmentation', async () => {
    const base = {
      landscape: { kind: 'paper' } as const,
      noise: lomax,
      stepSize: 0.01,
      truncation: 0.5,
      start: 0.3,
      steps: 100_000,
      paths: 5,
      seed: 9,
    };
    const one = runTrajectorySync({ ...base, workers: 1 });
    const two = await runTrajectory({ ...base, workers: 2, segmentSteps: 256 * 50 });
    expect(two.basinStepsPerPath).toEqual(one.basinStepsPerPath);
    expect(two.transitions).toEqual(one.transitions);
    expect(one.occupancy.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    for (const row of one.basinStepsPerPath) expect(row.reduce((a, v) => a + v, 0)).toBe(100_000);
    expect(one.totalSteps).toBe(500_000);
    expect(one.transitions.flat().reduce((a, v) => a + v, 0)).toBeGreaterThan(0);
  });
});

describe('engines', () => {
  it("'wasm' and 'ts' give identical exits and trajectories (polynomial, Lomax p+ = 0.7, clipped and not)", async () => {
    const landscape: LandscapeSpec = { kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 };
    const noise: NoiseSpec = { kind: 'lomax', tailIndex: 1.3, scale: 0.2, pPlus: 0.7 };
    for (const truncation of [0.4, Infinity]) {
      const e = { landscape, noise, stepSize: 0.05, truncation, basin: 2, chains: 500, seed: 'eng', maxSteps: 20_000 };
      const ts = await runExit({ ...e, engine: 'ts', workers: 1 });
      const wasm = await runExit({ ...e, engine: 'wasm', workers: 2, chunkSize: 97 });
      expect(Array.from(wasm.exitSteps)).toEqual(Array.from(ts.exitSteps));
      expect(Array.from(wasm.exitPosition)).toEqual(Array.from(ts.exitPosition));
      expect(Array.from(wasm.target)).toEqual(Array.from(ts.target));
      const t = { landscape, noise, stepSize: 0.01, truncation, start: 0.4, steps: 50_000, paths: 40, seed: 'eng' };
      const tt = runTrajectorySync({ ...t, engine: 'ts', workers: 1 });
      const tw = await runTrajectory({ ...t, engine: 'wasm', workers: 2 });
      expect(tw.basinStepsPerPath).toEqual(tt.basinStepsPerPath);
      expect(tw.transitions).toEqual(tt.transitions);
    }
  });
});

describe('bad options', () => {
  const ok = {
    landscape: { kind: 'paper' } as const,
    noise: lomax,
    stepSize: 0.05,
    truncation: 0.5,
    basin: 2,
    chains: 10,
    seed: 1,
    workers: 1,
  };
  const cases: Array<[string, Record<string, unknown>]> = [
    ['stepSize', { stepSize: -1 }],
    ['stepSize', { stepSize: NaN }],
    ['truncation', { truncation: 0 }],
    ['basin', { basin: 5 }],
    ['basin', { basin: 1.5 }],
    ['start', { start: 0.3 }],
    ['chains', { chains: 0 }],
    ['maxSteps', { maxSteps: 0.5 }],
    ['seed', { seed: -1 }],
    ['workers', { workers: 0 }],
    ['engine', { engine: 'gpu' }],
    ['tailIndex', { noise: { kind: 'lomax', tailIndex: 0.9, scale: 0.1 } }],
  ];
  for (const [name, patch] of cases) {
    it(`runExit rejects ${name} = ${JSON.stringify(Object.values(patch)[0])}`, async () => {
      await expect(runExit({ ...ok, ...patch } as never)).rejects.toThrow(InputError);
      await expect(runExit({ ...ok, ...patch } as never)).rejects.toThrow(
        new RegExp(`invalid option \`${name}\`: expected .*, got .*\\.`),
      );
    });
  }
  it('runTrajectory rejects an epsilon that reaches a saddle, and a start outside the box', () => {
    const t = {
      landscape: { kind: 'paper' } as const,
      noise: lomax,
      stepSize: 0.01,
      start: 0.3,
      steps: 10,
      seed: 1,
      workers: 1,
    };
    // m_3 ≈ 0.4962 is ≈ 0.2038 from the saddle 0.7.
    expect(() => runTrajectorySync({ ...t, epsilon: 0.21 })).toThrow(/invalid option `epsilon`/);
    expect(() => runTrajectorySync({ ...t, epsilon: 0.2 })).not.toThrow();
    expect(() => runTrajectorySync({ ...t, start: 2 })).toThrow(/invalid option `start`/);
    expect(() => runTrajectorySync({ ...t, steps: 0 })).toThrow(/invalid option `steps`/);
  });
});
