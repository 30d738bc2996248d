/**
 * Landscapes (THEORY.md §3, §8): the paper's test function, the polynomial family
 * f'(x) = A·Π(x − c_k), user files holding either, and a generator of polynomial specs with
 * controlled basin radii for properties. Every landscape is validated against the paper's
 * assumptions when built; violations raise InputError ERR_INVALID_LANDSCAPE saying which.
 *
 * `gradient` is compiled from `gradientSource` with `new Function`, so code-generated kernels and
 * the model evaluate literally the same formula.
 */
import { readFileSync } from 'node:fs';
import { InputError, invalidOption } from '../core/errors.ts';
import { checkNumber } from '../core/guards.ts';
import { parseInput } from '../core/schema.ts';
import { landscapeFileSchema } from './landscape-schema.ts';
import { bisectRoot } from './roots.ts';
import type { Landscape, LandscapeSpec } from './types.ts';

type PolynomialSpec = Extract<LandscapeSpec, { kind: 'polynomial' }>;

/** The one error shape, with the landscape code. */
function invalidLandscape(api: string, name: string, expected: string, got: unknown, fix?: string): InputError {
  return invalidOption(api, name, expected, got, fix, 'ERR_INVALID_LANDSCAPE');
}

/** Compiles a `gradientSource` (statements assigning `g` from `x`) into a function. */
export function compileGradient(source: string): (x: number) => number {
  // new Function on purpose: the gradient is source text (the lint config does not enable no-implied-eval).
  return new Function('x', `'use strict'; let g = NaN; ${source}\nreturn g;`) as (x: number) => number;
}

/** A number as a JS literal that round-trips exactly (String() is shortest round-trip in V8). */
function literal(v: number): string {
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

// ---------------------------------------------------------------------------------------------
// The paper's landscape (ICLR 2022 §3.1)

/**
 * f'(x) for the paper's f, exact, by the product rule in a factored form:
 * f = P·R with P = E·Q², E = (x + 1.6)(x − 1.6), Q = (x + 1.3)(x − 0.2)(x − 0.7), and
 * R = h₁h₂h₃h₄ > 0 on the box (h₁ = (0.05|1.65 − x|)^0.6, h₂ = 1 + 1/(0.01 + 4(x − 0.5)²),
 * h₃ = 1 + 1/(0.1 + 4(x + 1.5)²), h₄ = 1 − ¼e^{−5(x+0.8)²}). Then f' = R·(P' + P·R'/R) with
 * P' = Q·(2xQ + 2E·Q') and R'/R = Σ hᵢ'/hᵢ (d/dx ln|1.65 − x| = 1/(x − 1.65) on both sides), so
 * f' = R·Q·(2xQ + 2E·Q' + E·Q·R'/R), which is exactly 0 at the saddles −1.3, 0.2, 0.7.
 * Written as one block statement with block-scoped temporaries so a kernel can paste it anywhere.
 * h₁ is computed as exp(0.6·log a), not Math.pow(a, 0.6): a few ulps from pow (irrelevant to the
 * landscape), twice as fast in V8, and exactly reproducible by the WASM kernel's fdlibm log/exp, so the
 * paper's landscape runs on WASM bit-identically to the TypeScript kernel.
 */
const PAPER_GRADIENT_SOURCE = `{
  const _a = x + 1.3, _b = x - 0.2, _c = x - 0.7;
  const _q = _a * _b * _c;
  const _dq = _b * _c + _a * _c + _a * _b;
  const _e = (x + 1.6) * (x - 1.6);
  const _u = x - 0.5, _v = x + 1.5, _w = x + 0.8;
  const _d2 = 0.01 + 4.0 * _u * _u, _d3 = 0.1 + 4.0 * _v * _v;
  const _ex = Math.exp(-5.0 * _w * _w);
  const _h4 = 1.0 - 0.25 * _ex;
  const _r = Math.exp(Math.log(0.05 * Math.abs(1.65 - x)) * 0.6) * (1.0 + 1.0 / _d2) * (1.0 + 1.0 / _d3) * _h4;
  const _lr = 0.6 / (x - 1.65) - 8.0 * _u / (_d2 * (_d2 + 1.0)) - 8.0 * _v / (_d3 * (_d3 + 1.0)) + 2.5 * _w * _ex / _h4;
  g = _r * _q * (2.0 * x * _q + 2.0 * _e * _dq + _e * _q * _lr);
}`;

/** The paper's f as printed (THEORY.md §8); ≤ 0 on the box, 0 exactly at the three maxima. */
function paperValue(x: number): number {
  const a = x + 1.3;
  const b = x - 0.2;
  const c = x - 0.7;
  return (
    (x + 1.6) *
    a *
    a *
    b *
    b *
    c *
    c *
    (x - 1.6) *
    Math.exp(Math.log(0.05 * Math.abs(1.65 - x)) * 0.6) *
    (1 + 1 / (0.01 + 4 * (x - 0.5) * (x - 0.5))) *
    (1 + 1 / (0.1 + 4 * (x + 1.5) * (x + 1.5))) *
    (1 - 0.25 * Math.exp(-5 * (x + 0.8) * (x + 0.8)))
  );
}

/** Step of the central difference used for curvature: balances O(h²) truncation and rounding. */
const CURVATURE_STEP = 1e-6;

let paperCache: Landscape | undefined;

/**
 * The ICLR 2022 §3.1 landscape on [−1.6, 1.6]: maxima exactly −1.3, 0.2, 0.7; minima found by
 * bisection on the exact f' to double precision (≈ −1.5115, −0.6993, 0.4962, 1.3221).
 * `curvature` is a central difference (h = 1e-6) of the exact f', accurate to ~1e-8 relative.
 * Built once and cached (it is immutable).
 */
export function paperLandscape(): Landscape {
  if (paperCache) return paperCache;
  const gradient = compileGradient(PAPER_GRADIENT_SOURCE);
  const saddles = [-1.3, 0.2, 0.7];
  const box = 1.6;
  // Brackets stay 1e-9 off the saddles (where f' = 0 exactly) and the box edges.
  const edges = [-box, ...saddles, box];
  const minima = edges.slice(0, -1).map((lo, i) => bisectRoot(gradient, lo + 1e-9, edges[i + 1] - 1e-9));
  paperCache = Object.freeze({
    spec: { kind: 'paper' } as const,
    name: 'paper',
    box,
    value: paperValue,
    gradient,
    gradientSource: PAPER_GRADIENT_SOURCE,
    curvature: (x: number) => (gradient(x + CURVATURE_STEP) - gradient(x - CURVATURE_STEP)) / (2 * CURVATURE_STEP),
    minima: Object.freeze(minima),
    saddles: Object.freeze(saddles),
  });
  return paperCache;
}

// ---------------------------------------------------------------------------------------------
// The polynomial family

/** Relative distance (in units of the box) below which two critical points count as one (f'' = 0). */
export const DEGENERATE_TOLERANCE = 1e-9;

/**
 * Validates and normalises a polynomial spec (scale defaults to 1).
 * @throws InputError ERR_INVALID_LANDSCAPE naming the broken assumption: not a finite number list;
 *   an even count or scale ≤ 0 (roots must alternate min, max, …, min); not strictly increasing;
 *   two roots closer than 1e-9·box (a degenerate critical point, f'' = 0); a root outside (−box, box).
 */
export function checkPolynomialSpec(
  spec: { roots?: unknown; scale?: unknown; box?: unknown },
  api = 'resolveLandscape',
): PolynomialSpec {
  const roots = spec.roots;
  if (!Array.isArray(roots) || roots.length === 0 || roots.some((r) => typeof r !== 'number' || !Number.isFinite(r))) {
    throw invalidLandscape(api, 'roots', "a non-empty list of finite roots of f'", roots);
  }
  const scale = spec.scale ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw invalidLandscape(api, 'scale', 'a finite number > 0 (so that the first and last roots are minima)', scale);
  }
  const box = spec.box;
  if (typeof box !== 'number' || !Number.isFinite(box) || box <= 0) {
    throw invalidLandscape(api, 'box', 'a finite number > 0', box);
  }
  if (roots.length % 2 === 0) {
    throw invalidLandscape(
      api,
      'roots',
      'roots alternating minimum, maximum, …, minimum (an odd count)',
      roots,
      `Got ${roots.length} roots; add or drop one.`,
    );
  }
  const tol = DEGENERATE_TOLERANCE * box;
  for (let i = 0; i + 1 < roots.length; i++) {
    const gap = roots[i + 1] - roots[i];
    if (gap <= -tol) {
      throw invalidLandscape(
        api,
        'roots',
        'strictly increasing roots alternating minimum and maximum',
        roots,
        `roots[${i}] = ${roots[i]} ≥ roots[${i + 1}] = ${roots[i + 1]}.`,
      );
    }
    if (gap < tol) {
      throw invalidLandscape(
        api,
        'roots',
        `non-degenerate critical points (roots at least ${tol} apart, else f'' = 0)`,
        roots,
        `roots[${i}] and roots[${i + 1}] coincide (degenerate critical point).`,
      );
    }
  }
  for (let i = 0; i < roots.length; i++) {
    if (!(Math.abs(roots[i]) < box)) {
      const what = i % 2 === 0 ? 'minimum' : 'maximum';
      throw invalidLandscape(
        api,
        'roots',
        `every root inside the open box (−${box}, ${box})`,
        roots,
        `The ${what} ${roots[i]} is outside.`,
      );
    }
  }
  return { kind: 'polynomial', roots: [...roots], scale, box };
}

/** Coefficients (ascending powers) of Π(x − c_k). */
function expandRoots(roots: readonly number[]): number[] {
  let coef = [1];
  for (const c of roots) {
    const next = new Array<number>(coef.length + 1).fill(0);
    for (let i = 0; i < coef.length; i++) {
      next[i + 1] += coef[i];
      next[i] -= c * coef[i];
    }
    coef = next;
  }
  return coef;
}

/**
 * f'(x) = scale·Π(x − roots_k) on [−box, box]. `value` integrates the expanded coefficients
 * (f(0) = 0; fine for the moderate degrees used here, cancellation grows with the degree);
 * `curvature` is the exact derivative of the product.
 * @throws InputError ERR_INVALID_LANDSCAPE (see {@link checkPolynomialSpec}).
 * @example polynomialLandscape([-1, 0, 1], 1, 2).minima // [-1, 1]
 */
export function polynomialLandscape(roots: readonly number[], scale = 1, box: number): Landscape {
  const spec = checkPolynomialSpec({ roots: [...roots], scale, box }, 'polynomialLandscape');
  return buildPolynomial(spec);
}

function buildPolynomial(spec: PolynomialSpec): Landscape {
  const roots = spec.roots;
  const scale = spec.scale ?? 1;
  const factors = roots.map((c) => (c < 0 || Object.is(c, -0) ? `(x + ${literal(-c)})` : `(x - ${literal(c)})`));
  const gradientSource = `g = ${literal(scale)} * ${factors.join(' * ')};`;
  const gradient = compileGradient(gradientSource);
  const derivCoef = expandRoots(roots).map((a) => a * scale);
  const valueCoef = [0, ...derivCoef.map((a, i) => a / (i + 1))];
  const value = (x: number) => {
    let s = 0;
    for (let i = valueCoef.length - 1; i >= 0; i--) s = s * x + valueCoef[i];
    return s;
  };
  const curvature = (x: number) => {
    let sum = 0;
    for (let k = 0; k < roots.length; k++) {
      let p = 1;
      for (let j = 0; j < roots.length; j++) if (j !== k) p *= x - roots[j];
      sum += p;
    }
    return scale * sum;
  };
  const name = `poly(${roots.join(',')}${scale !== 1 ? `;A=${scale}` : ''})`;
  return Object.freeze({
    spec: Object.freeze({ kind: 'polynomial', roots: Object.freeze([...roots]) as number[], scale, box: spec.box }),
    name,
    box: spec.box,
    value,
    gradient,
    gradientSource,
    curvature,
    minima: Object.freeze(roots.filter((_, i) => i % 2 === 0)),
    saddles: Object.freeze(roots.filter((_, i) => i % 2 === 1)),
  });
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * Resolves a landscape spec: `paper`, `polynomial`, or `file` (a JSON file holding a paper or
 * polynomial spec; relative paths resolve against the working directory).
 * @throws InputError ERR_LOAD (file unreadable or not JSON), ERR_INVALID_LANDSCAPE (unknown kind,
 *   nested file spec, or an assumption violated; see {@link checkPolynomialSpec}).
 * @example resolveLandscape({ kind: 'paper' }).saddles // [-1.3, 0.2, 0.7]
 */
export function resolveLandscape(spec: LandscapeSpec): Landscape {
  const api = 'resolveLandscape';
  if (typeof spec !== 'object' || spec === null) throw invalidLandscape(api, 'spec', 'a landscape spec object', spec);
  const s = spec as Record<string, unknown>;
  if (s.kind === 'paper') return paperLandscape();
  if (s.kind === 'polynomial') return buildPolynomial(checkPolynomialSpec(s, api));
  if (s.kind === 'file') {
    const path = s.path;
    if (typeof path !== 'string' || path === '') throw invalidLandscape(api, 'path', 'a file path', path);
    return loadLandscapeFile(path);
  }
  throw invalidLandscape(api, 'kind', "a spec of kind 'paper', 'polynomial' or 'file'", s.kind);
}

/**
 * Reads a landscape file: JSON checked against `landscapeFileSchema` (unknown keys are errors), then
 * the paper's assumptions. Errors name the file, never a function: `landscape file x.json: invalid
 * option \`scal\`: expected one of the keys kind, roots, scale, box, got "scal". Did you mean \`scale\`?`
 * @throws InputError ERR_LOAD (unreadable, not JSON), ERR_INVALID_LANDSCAPE (schema or assumptions).
 */
export function loadLandscapeFile(path: string): Landscape {
  const api = `landscape file ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new InputError('ERR_LOAD', `${api}: cannot read it (${why}).`, { api, option: 'path', got: path });
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (e) {
    throw new InputError('ERR_LOAD', `${api}: not valid JSON (${(e as Error).message}).`, {
      api,
      option: 'path',
      got: path,
    });
  }
  const spec = parseInput(landscapeFileSchema, content, { api, code: 'ERR_INVALID_LANDSCAPE' });
  return spec.kind === 'paper' ? paperLandscape() : buildPolynomial(checkPolynomialSpec(spec, api));
}

// ---------------------------------------------------------------------------------------------
// Random landscapes with controlled radii

/**
 * A polynomial spec whose consecutive critical points m₁ < s₁ < m₂ < … are `gaps` apart, centred
 * on 0, with box = outer root + margin. Basin radii are therefore set by the gaps: interior basin i
 * has r_i = min(gaps[2i−3], gaps[2i−2]) (the gaps on either side), the outer basins the gap to
 * their one saddle (the box cuts the other side).
 * @param gaps an even number (0, 2, 4, …) of positive gaps; 2(n − 1) gaps give n minima.
 * @param scale A in f' = A·Π(x − c_k); @default 1
 * @param margin distance from the outer roots to the box; @default the largest gap (1 if none)
 * @throws InputError ERR_INVALID_OPTION on an odd count or non-positive gap, scale or margin.
 * @example randomPolynomialSpec({ gaps: [0.5, 0.5] }) // roots [-0.5, 0, 0.5], box 1
 */
export function randomPolynomialSpec(opts: { gaps: number[]; scale?: number; margin?: number }): LandscapeSpec {
  const api = 'randomPolynomialSpec';
  const { gaps } = opts;
  if (
    !Array.isArray(gaps) ||
    gaps.length % 2 !== 0 ||
    gaps.some((g) => typeof g !== 'number' || !Number.isFinite(g) || g <= 0)
  ) {
    throw invalidOption(api, 'gaps', 'an even-length list of positive finite gaps', gaps);
  }
  const scale = checkNumber(api, 'scale', opts.scale ?? 1, { min: 0, openMin: true });
  const margin = checkNumber(api, 'margin', opts.margin ?? (gaps.length ? Math.max(...gaps) : 1), {
    min: 0,
    openMin: true,
  });
  const total = gaps.reduce((a, b) => a + b, 0);
  // Rounded to 1e-12 so that grid gaps give clean roots (−0.3, not −0.30000000000000004) in names
  // and files; the gaps move by < 1e-12, far below any tolerance that uses them.
  const clean = (v: number) => Math.round(v * 1e12) / 1e12 + 0;
  const roots = [clean(-total / 2)];
  let acc = -total / 2;
  for (const g of gaps) {
    acc += g;
    roots.push(clean(acc));
  }
  const box = Math.max(Math.abs(roots[0]), Math.abs(roots[roots.length - 1])) + margin;
  return { kind: 'polynomial', roots, scale, box };
}

/**
 * r_i = min(m_i − s_{i−1}, s_i − m_i) for each basin (THEORY.md §4), with s_0 = −∞, s_n = +∞ (the
 * box cuts the outer basins, and the projection makes their outer side uncrossable).
 */
export function basinRadii(landscape: Landscape): number[] {
  const { minima, saddles } = landscape;
  return minima.map((m, i) =>
    Math.min(i > 0 ? m - saddles[i - 1] : Infinity, i < saddles.length ? saddles[i] - m : Infinity),
  );
}
