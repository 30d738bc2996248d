/**
 * The mutant catalogue does what each description says, bit for bit: every transformation mutant
 * equals the scalar reference recursion (`reference.ts`, which shares no code with the kernels) run
 * on the transformed parameters, and the clip-the-gradient-only kernel equals a plain loop of its
 * formula. Plus the engine plumbing: names resolve (also on workers), bad names are InputErrors,
 * and a run uses a mutant only when its options name it (`engine`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { resolveLandscape } from '../model/landscapes.ts';
import { createNoiseLaw } from '../model/noise.ts';
import type { Landscape, NoiseSpec } from '../model/types.ts';
import { chainStream, deriveKey } from '../rng/seeds.ts';
import { checkEngine, DEFAULT_ENGINE, kernelFor } from './engines.ts';
import { MUTANTS, mutantById } from './mutants.ts';
import { closePool } from './pool.ts';
import { referenceExit } from './reference.ts';
import { runExit, runExitSync } from './run-exit.ts';
import { runTrajectory, runTrajectorySync } from './run-trajectory.ts';
import { sampleNoise } from './samplers.ts';
import type { ExitChunkTask, KernelLandscape } from './types.ts';

afterAll(async () => {
  await closePool();
});

const landscape = resolveLandscape({ kind: 'polynomial', roots: [-1.6, -0.8, 0, 0.7, 1.5], scale: 1, box: 2.2 });
const kl: KernelLandscape = {
  spec: landscape.spec,
  gradientSource: landscape.gradientSource,
  box: landscape.box,
  minima: [...landscape.minima],
  saddles: [...landscape.saddles],
};
const key = deriveKey({ seed: 11, path: 'mutants/unit' });

function task(noise: NoiseSpec, truncation: number, basin: number): ExitChunkTask {
  return {
    landscape: kl,
    noise,
    stepSize: 0.1,
    truncation,
    key,
    basin,
    start: landscape.minima[basin - 1],
    maxSteps: 5000,
    firstChain: 3,
    chainCount: 40,
  };
}

/** The reference recursion on transformed parameters, chain by chain. */
function reference(l: Landscape, noise: NoiseSpec, truncation: number, basin: number, stepSize = 0.1) {
  return Array.from({ length: 40 }, (_, j) =>
    referenceExit(
      l,
      createNoiseLaw(noise),
      { stepSize, truncation, basin, start: landscape.minima[basin - 1], maxSteps: 5000 },
      key,
      3 + j,
    ),
  );
}

const lomax: NoiseSpec = { kind: 'lomax', tailIndex: 1.4, scale: 0.25 };
// The model refuses an infinite box, but the reference recursion only reads `box`: override it.
const unboxed: Landscape = { ...landscape, box: Infinity };

/** id → (noise, b, basin) of the task, and the correct chain the mutant must equal. */
const CASES: Record<string, { noise: NoiseSpec; b: number; basin: number; as: () => ReturnType<typeof reference> }> = {
  'clip-half': { noise: lomax, b: 0.4, basin: 2, as: () => reference(landscape, lomax, 0.2, 2) },
  'tail-index-plus-0.3': {
    noise: lomax,
    b: 0.4,
    basin: 2,
    as: () => reference(landscape, { ...lomax, tailIndex: 1.7 }, 0.4, 2),
  },
  'noise-scale-x2': {
    noise: lomax,
    b: 0.4,
    basin: 2,
    as: () => reference(landscape, { ...lomax, scale: 0.5 }, 0.4, 2),
  },
  'noise-sqrt-eta': {
    noise: lomax,
    b: Infinity,
    basin: 2,
    as: () => reference(landscape, { ...lomax, scale: 0.25 / Math.sqrt(0.1) }, Infinity, 2),
  },
  'no-box': { noise: lomax, b: Infinity, basin: 1, as: () => reference(unboxed, lomax, Infinity, 1) },
  'asymmetric-centred': {
    noise: lomax,
    b: Infinity,
    basin: 2,
    as: () => reference(landscape, { ...lomax, pPlus: 0.7 }, Infinity, 2),
  },
};

describe('mutant catalogue', () => {
  it("has the issue's seven mutants, unique ids, each a different violation", () => {
    const ids = MUTANTS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(MUTANTS.map((m) => m.violates))).toEqual(
      new Set(['truncation', 'clip-placement', 'tail-index', 'noise-scale', 'step-scaling', 'box', 'symmetry']),
    );
    for (const m of MUTANTS) {
      expect(m.kernel.name).toBe(`mutant:${m.id}`);
      expect(m.description.length).toBeGreaterThan(20);
    }
  });

  for (const [id, c] of Object.entries(CASES)) {
    it(`${id} equals the reference recursion on its transformed parameters, bit for bit`, () => {
      const got = mutantById(id)!.kernel.runExitChunk(task(c.noise, c.b, c.basin));
      const want = c.as();
      expect(Array.from(got.exitSteps)).toEqual(want.map((w) => w.exitSteps));
      expect(Array.from(got.exitPosition)).toEqual(want.map((w) => w.exitPosition));
      expect(Array.from(got.target)).toEqual(want.map((w) => w.target));
      // …and differs from the correct chain (the transformation is not a no-op here).
      const correct = kernelFor('ts').runExitChunk(task(c.noise, c.b, c.basin));
      expect([Array.from(got.exitSteps), Array.from(got.exitPosition)]).not.toEqual([
        Array.from(correct.exitSteps),
        Array.from(correct.exitPosition),
      ]);
    });
  }

  it('no-box lets a chain leave [−L, L] (the correct one never does)', () => {
    const t = { ...task(lomax, Infinity, 1), chainCount: 400 };
    const got = mutantById('no-box')!.kernel.runExitChunk(t);
    const correct = kernelFor('ts').runExitChunk(t);
    expect(Math.max(...Array.from(correct.exitPosition, Math.abs))).toBeLessThanOrEqual(landscape.box);
    expect(Array.from(got.exitPosition).some((x) => !(Math.abs(x) <= landscape.box))).toBe(true);
  });

  it('clip-gradient-only equals a plain loop of x − (φ_b(ηf′(x)) − ηZ), and the correct chain up to rounding when b = ∞', () => {
    const t = task(lomax, 0.4, 2);
    const got = mutantById('clip-gradient-only')!.kernel.runExitChunk(t);
    const [lo, hi] = [landscape.saddles[0], landscape.saddles[1]];
    for (let j = 0; j < t.chainCount; j++) {
      const rng = chainStream(key, t.firstChain + j);
      let x = t.start;
      let n = 0;
      while (n < t.maxSteps) {
        n++;
        const z = sampleNoise(rng, lomax);
        const s = Math.max(-0.4, Math.min(0.4, 0.1 * landscape.gradient(x)));
        x = Math.max(-landscape.box, Math.min(landscape.box, x - (s - 0.1 * z)));
        if (x <= lo || x >= hi) break;
      }
      expect([got.exitSteps[j], got.exitPosition[j]]).toEqual([n, x]);
    }
    // b = ∞: the same law as the correct chain; x − (ηf′ − ηZ) and x − η(f′ − Z) differ only by
    // rounding, which can shift an exit by a step now and then, never more.
    const unclipped = { ...task(lomax, Infinity, 2), chainCount: 400 };
    const m = mutantById('clip-gradient-only')!.kernel.runExitChunk(unclipped);
    const c = kernelFor('ts').runExitChunk(unclipped);
    let same = 0;
    for (let j = 0; j < 400; j++)
      if (m.exitSteps[j] === c.exitSteps[j] && Math.abs(m.exitPosition[j] - c.exitPosition[j]) < 1e-9) same++;
    expect(same).toBeGreaterThanOrEqual(380);
  });

  it('clip-gradient-only trajectories do not depend on segmentation or workers', async () => {
    const o = {
      landscape,
      noise: lomax,
      stepSize: 0.1,
      truncation: 0.4,
      start: 0,
      steps: 3000,
      paths: 3,
      seed: 5,
      engine: 'mutant:clip-gradient-only' as const,
      record: { visitCap: 50, sampleEvery: 100 },
    };
    const one = runTrajectorySync({ ...o, workers: 1 });
    const split = await runTrajectory({ ...o, workers: 2, segmentSteps: 512 });
    expect(split.basinSteps).toEqual(one.basinSteps);
    expect(split.transitions).toEqual(one.transitions);
    expect(split.visits).toEqual(one.visits);
    expect(split.samples).toEqual(one.samples);
    expect(one.basinSteps.reduce((a, b) => a + b, 0)).toBe(3 * 3000);
  });
});

describe('engine plumbing', () => {
  it('resolves mutant names on workers exactly as in this thread', async () => {
    const o = {
      landscape,
      noise: lomax,
      stepSize: 0.1,
      truncation: 0.4,
      basin: 2,
      chains: 64,
      seed: 3,
      engine: 'mutant:clip-half' as const,
    };
    const here = runExitSync({ ...o, workers: 1 });
    const there = await runExit({ ...o, workers: 2, chunkSize: 9 });
    expect(Array.from(there.exitSteps)).toEqual(Array.from(here.exitSteps));
    expect(there.engine).toBe('mutant:clip-half');
  });

  it('runs that name no engine use DEFAULT_ENGINE; a mutant runs only where named; bad names are rejected', () => {
    expect(DEFAULT_ENGINE).toBe('wasm');
    const o = { landscape, noise: lomax, stepSize: 0.1, truncation: 0.4, basin: 2, chains: 32, seed: 4, workers: 1 };
    const correct = runExitSync(o);
    expect(correct.engine).toBe('wasm');
    const mutated = runExitSync({ ...o, engine: 'mutant:noise-scale-x2' });
    expect(mutated.engine).toBe('mutant:noise-scale-x2');
    expect(Array.from(mutated.exitSteps)).not.toEqual(Array.from(correct.exitSteps));
    // No process-wide state: the next run that names no engine is correct again.
    expect(Array.from(runExitSync(o).exitSteps)).toEqual(Array.from(correct.exitSteps));
    expect(Array.from(runExitSync({ ...o, engine: 'ts' }).exitSteps)).toEqual(Array.from(correct.exitSteps));
    expect(() => checkEngine('x', 'gpu')).toThrow(
      /x: invalid option `engine`: expected 'wasm', 'ts' or one of 'mutant:/,
    );
    expect(() => runExitSync({ ...o, engine: 'mutant:' as never })).toThrow(InputError);
    expect(checkEngine('x', 'mutant:clip-half')).toBe('mutant:clip-half');
  });
});
