import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  basinRadii,
  compileGradient,
  paperLandscape,
  polynomialLandscape,
  randomPolynomialSpec,
  resolveLandscape,
} from './landscapes.ts';
import { signChanges } from './roots.ts';
import type { LandscapeSpec } from './types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/landscapes/${name}`, import.meta.url));

describe('paper landscape', () => {
  const p = paperLandscape();
  it('f′ agrees with central differences of f at 200 points (relative 1e-6)', () => {
    for (let i = 0; i < 200; i++) {
      const x = -1.59 + (3.18 * (i + 0.5)) / 200;
      const h = 1e-6;
      const fd = (p.value(x + h) - p.value(x - h)) / (2 * h);
      const g = p.gradient(x);
      expect(Math.abs(g - fd)).toBeLessThan(1e-6 * Math.max(Math.abs(g), 1e-2));
    }
  });
  it('has saddles exactly at −1.3, 0.2, 0.7 and the minima of the formula', () => {
    expect(p.saddles).toEqual([-1.3, 0.2, 0.7]);
    for (const s of p.saddles) expect(Math.abs(p.gradient(s))).toBe(0);
    const expected = [-1.5115, -0.6993, 0.4962, 1.3221];
    p.minima.forEach((m, i) => expect(Math.abs(m - expected[i])).toBeLessThan(5e-5));
    for (const m of p.minima) {
      // f' changes sign from − to + across each minimum within 1e-12.
      expect(p.gradient(m - 1e-12)).toBeLessThanOrEqual(0);
      expect(p.gradient(m + 1e-12)).toBeGreaterThanOrEqual(0);
      expect(p.curvature(m)).toBeGreaterThan(0);
    }
    for (const s of p.saddles) expect(p.curvature(s)).toBeLessThan(0);
    expect(p.box).toBe(1.6);
  });
  it('f′ has no other sign change on a fine grid of (−1.6, 1.6)', () => {
    const changes = signChanges(p.gradient, -1.6 + 1e-9, 1.6 - 1e-9, 200_000);
    const critical = [...p.minima, ...p.saddles].sort((a, b) => a - b);
    expect(changes.length).toBe(7);
    changes.forEach((c, i) => expect(Math.abs(c - critical[i])).toBeLessThan(1e-12));
  });
  it('curvature (central difference of f′) agrees with a wider difference', () => {
    for (const x of [-1.4, -0.9, 0, 0.45, 1.2]) {
      const h = 1e-4;
      const wide = (p.gradient(x + h) - p.gradient(x - h)) / (2 * h);
      expect(Math.abs(p.curvature(x) - wide)).toBeLessThan(1e-5 * Math.max(1, Math.abs(wide)));
    }
  });
  it('gradient is compiled from gradientSource, and the source is reusable', () => {
    const again = compileGradient(p.gradientSource);
    for (const x of [-1.5, -0.2, 0.33, 1.59]) expect(again(x)).toBe(p.gradient(x));
    expect(resolveLandscape({ kind: 'paper' })).toBe(p);
  });
});

describe('polynomial landscape', () => {
  const q = polynomialLandscape([-1, -0.3, 0.4, 1, 1.5], 2, 2);
  it('value, gradient and curvature are consistent', () => {
    for (let i = 0; i < 50; i++) {
      const x = -1.9 + (3.8 * i) / 49;
      const h = 1e-5;
      expect(Math.abs((q.value(x + h) - q.value(x - h)) / (2 * h) - q.gradient(x))).toBeLessThan(
        1e-7 * Math.max(1, Math.abs(q.gradient(x))),
      );
      expect(Math.abs((q.gradient(x + h) - q.gradient(x - h)) / (2 * h) - q.curvature(x))).toBeLessThan(
        1e-7 * Math.max(1, Math.abs(q.curvature(x))),
      );
    }
    expect(q.gradient(0)).toBeCloseTo(2 * 1 * 0.3 * -0.4 * -1 * -1.5, 14);
  });
  it('lists minima and saddles, alternating, and its name and spec', () => {
    expect(q.minima).toEqual([-1, 0.4, 1.5]);
    expect(q.saddles).toEqual([-0.3, 1]);
    for (const m of q.minima) expect(q.curvature(m)).toBeGreaterThan(0);
    for (const s of q.saddles) expect(q.curvature(s)).toBeLessThan(0);
    expect(q.name).toBe('poly(-1,-0.3,0.4,1,1.5;A=2)');
    expect(q.gradientSource).toBe('g = 2.0 * (x + 1.0) * (x + 0.3) * (x - 0.4) * (x - 1.0) * (x - 1.5);');
    expect(resolveLandscape(q.spec).gradient(0.123)).toBe(q.gradient(0.123));
  });
});

describe('invalid landscapes are rejected, saying which assumption', () => {
  const cases: [LandscapeSpec, string][] = [
    [{ kind: 'polynomial', roots: [-1, 0, 1, 1.5], box: 2 }, 'odd count'],
    [{ kind: 'polynomial', roots: [-1, 0.5, 0, 1, 1.5], box: 2 }, 'strictly increasing'],
    [{ kind: 'polynomial', roots: [-1, 0, 0, 1, 1.5], box: 2 }, 'degenerate'],
    [{ kind: 'polynomial', roots: [-1, 0, 1e-10, 1, 1.5], box: 2 }, 'degenerate'],
    [{ kind: 'polynomial', roots: [-1, 0, 2], box: 2 }, 'outside'],
    [{ kind: 'polynomial', roots: [-3, 0, 1], box: 2 }, 'minimum -3 is outside'],
    [{ kind: 'polynomial', roots: [-1, 0, 1], scale: -1, box: 2 }, 'first and last roots are minima'],
    [{ kind: 'polynomial', roots: [-1, 0, 1], scale: 0, box: 2 }, 'scale'],
    [{ kind: 'polynomial', roots: [], box: 2 }, 'non-empty'],
    [{ kind: 'polynomial', roots: [-1, NaN, 1], box: 2 }, 'finite'],
    [{ kind: 'polynomial', roots: [-1, 0, 1], box: 0 }, 'box'],
    [{ kind: 'sphere' } as unknown as LandscapeSpec, 'kind'],
  ];
  for (const [spec, why] of cases) {
    it(`${JSON.stringify(spec)}: ${why}`, () => {
      expect(() => resolveLandscape(spec)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_LANDSCAPE', message: expect.stringContaining(why) }),
      );
    });
  }
  it('polynomialLandscape validates too', () => {
    expect(() => polynomialLandscape([-1, 0], 1, 2)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_LANDSCAPE' }),
    );
  });
});

describe('file landscapes', () => {
  it('load the fixtures', () => {
    expect(resolveLandscape({ kind: 'file', path: fixture('paper.json') })).toBe(paperLandscape());
    const q = resolveLandscape({ kind: 'file', path: fixture('poly-three-minima.json') });
    expect(q.spec).toEqual({ kind: 'polynomial', roots: [-1, -0.3, 0.4, 1, 1.5], scale: 1, box: 2 });
    expect(() => resolveLandscape({ kind: 'file', path: fixture('invalid-even-roots.json') })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_LANDSCAPE' }),
    );
  });
  it('ERR_LOAD for a missing file or bad JSON; nested file specs are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'htsgd-model-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "kind": "polynomial", ');
    const nested = join(dir, 'nested.json');
    writeFileSync(nested, JSON.stringify({ kind: 'file', path: bad }));
    expect(() => resolveLandscape({ kind: 'file', path: join(dir, 'missing.json') })).toThrow(
      expect.objectContaining({ code: 'ERR_LOAD' }),
    );
    expect(() => resolveLandscape({ kind: 'file', path: bad })).toThrow(expect.objectContaining({ code: 'ERR_LOAD' }));
    expect(() => resolveLandscape({ kind: 'file', path: nested })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_LANDSCAPE' }),
    );
  });
});

describe('randomPolynomialSpec', () => {
  it('places critical points `gaps` apart, centred, and controls the radii', () => {
    const spec = randomPolynomialSpec({ gaps: [0.5, 0.3, 0.2, 0.6], margin: 0.25 });
    if (spec.kind !== 'polynomial') throw new Error('kind');
    expect(spec.roots).toEqual([-0.8, -0.3, 0, 0.2, 0.8]);
    expect(spec.box).toBeCloseTo(1.05, 14);
    const l = resolveLandscape(spec);
    basinRadii(l).forEach((r, i) => expect(r).toBeCloseTo([0.5, 0.2, 0.6][i], 12));
  });
  it('rejects odd gap counts and non-positive gaps', () => {
    expect(() => randomPolynomialSpec({ gaps: [0.5] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => randomPolynomialSpec({ gaps: [0.5, 0] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });
});
