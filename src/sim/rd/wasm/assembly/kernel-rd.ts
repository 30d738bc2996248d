// WebAssembly kernel for the clipped heavy-tailed SGD chain in the plane (issue 16 §7), compiled by
// `node ci/build-wasm.mjs` with the pinned AssemblyScript (-O3 --enable simd) into ../kernel-rd.wasm.
//
//     X ← Π_L( X − φ_b( η(∇f(X) − Z) ) ),   Z = c·R·(cos θ, sin θ),  R Pareto/Lomax, θ = 2π·u₂.
//
// Bit-identical to the TypeScript reference (src/sim/rd/kernel.ts makeStep, d = 2, no mutant, and
// src/sim/rd/samplers.ts, isotropic d = 2): the same xoshiro128** stream per chain (its state is
// written by the loader with `writeChainState`), the same uniforms (u + ½)·2⁻³², the same formulas
// in the same order, IEEE +, −, ×, ÷, sqrt only (no FMA), and log/exp/cos/sin that reproduce V8's
// fdlibm Math.log/exp/cos/sin bit for bit. Those four are copied verbatim from the 1-D kernel
// (src/sim/wasm/assembly/kernel.ts, where their derivation is documented and tested); a copy rather
// than an import because AssemblyScript inlines them only within a file and the 1-D file is not a
// library.
//
// Layout: one chain at a time. Noise comes in blocks of BLOCK draws: the chain's uniforms in stream
// order (u₁ for the radius, u₂ for the angle, per draw), then the transcendental part for two draws
// per f64x2 vector (independent draws, so the long log → exp and cos/sin chains overlap). The
// recursion itself is scalar: it is a dependency chain through X. Draws left in the block when the
// chain exits are discarded: a chain's stream is never used again, so nothing downstream changes.
//
// Calls are short (a step budget per call) because V8 cannot tier up a running call.
//
// Memory is owned by the JavaScript loader (../index.ts), which passes pointers via `setLayout`.

const BLOCK: i32 = 128;
const TWO_M32: f64 = 2.3283064365386963e-10;

// ---- configuration ----
let eta: f64 = 0;
let clipB: f64 = Infinity;
let clipB2: f64 = Infinity;
let ballL: f64 = 1;
let ballL2: f64 = 1;
let noiseC: f64 = 1;
let invAlpha: f64 = 1;
let lomaxShift: f64 = 0;
/** 0 quadratic well, 1 quartic well, 2 the Himmelblau variant, 3 the hook valley. */
let kind: i32 = 0;
let a0: f64 = 1;
let a1: f64 = 1;
let semi0: f64 = 1;
let semi1: f64 = 1;
let invSemi0Sq: f64 = 1;
let invSemi1Sq: f64 = 1;
// Grid basins (Himmelblau): labels[i + N·j] as i32.
let gridPtr: usize = 0;
let gridN: i32 = 0;
let gridL: f64 = 0;
let gridH: f64 = 1;
// Constants kept in globals so that V8 loads them once per call instead of rebuilding them in
// every loop iteration (it materialises a literal in 2–4 instructions at each use). The loader
// sets them (`setConstants`): a global the module never writes would be folded back into literals.
let insideSure: f64 = 0;
let half: f64 = 0;
let twoM32: f64 = 0;
// Hook valley parameters.
let hookA: f64 = 1;
let hookRho: f64 = 0.6;
let hookKappa: f64 = 4;
let hookMu: f64 = 1;
let hookR2: f64 = 1;

// ---- memory ----
let uPtr: usize = 0; // 2·BLOCK f64: u₁ at even, u₂ at odd indices (stream order)
let zPtr: usize = 0; // 2·BLOCK f64: z₀ block then z₁ block

// ---- the current chain ----
let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;
let x0: f64 = 0;
let x1: f64 = 0;
let steps: f64 = 0;
let cap: f64 = 0;
let home: i32 = 1;
let label: i32 = 1;
let pos: i32 = BLOCK;

export function blockSize(): i32 {
  return BLOCK;
}

/** The loader passes 1 − 10⁻⁹, ½ and 2⁻³² (see their declaration for why not literals). */
export function setConstants(sure: f64, h: f64, scale: f64): void {
  insideSure = sure;
  half = h;
  twoM32 = scale;
}

export function setLayout(u: usize, z: usize): void {
  uPtr = u;
  zPtr = z;
}

export function setNoise(c: f64, alpha: f64, lomax: i32): void {
  noiseC = c;
  invAlpha = 1 / alpha;
  lomaxShift = lomax ? 1.0 : 0.0;
}

export function setStep(stepSize: f64, b: f64, ball: f64): void {
  eta = stepSize;
  clipB = b;
  clipB2 = b * b;
  ballL = ball;
  ballL2 = ball * ball;
}

export function setWell(power: i32, c0: f64, c1: f64, r0: f64, r1: f64): void {
  kind = power == 4 ? 1 : 0;
  a0 = c0;
  a1 = c1;
  semi0 = r0;
  semi1 = r1;
  invSemi0Sq = 1 / (r0 * r0);
  invSemi1Sq = 1 / (r1 * r1);
}

export function setGrid(k: i32, ptr: usize, n: i32, ball: f64, h: f64): void {
  kind = k;
  gridPtr = ptr;
  gridN = n;
  gridL = ball;
  gridH = h;
}

export function setHook(a: f64, rho: f64, kappa: f64, mu: f64, domain: f64): void {
  kind = 3;
  hookA = a;
  hookRho = rho;
  hookKappa = kappa;
  hookMu = mu;
  hookR2 = domain * domain;
}

/** Starts a chain: its xoshiro128** state, X₀, its basin and the step cap. */
export function setChain(w0: u32, w1: u32, w2: u32, w3: u32, start0: f64, start1: f64, basin: i32, maxSteps: f64): void {
  s0 = w0;
  s1 = w1;
  s2 = w2;
  s3 = w3;
  x0 = start0;
  x1 = start1;
  steps = 0;
  cap = maxSteps;
  home = basin;
  label = basin;
  pos = BLOCK;
}

export function chainSteps(): f64 {
  return steps;
}
export function chainX0(): f64 {
  return x0;
}
export function chainX1(): f64 {
  return x1;
}
export function chainLabel(): i32 {
  return label;
}

// ---- fdlibm log, exp, cos and sin, lane-wise (copied from src/sim/wasm/assembly/kernel.ts) ----
@inline function vlog(x: v128): v128 {
  // Logical shifts: x > 0, and x86 has no 64-bit arithmetic vector shift (V8 would emulate it).
  const hx0 = i64x2.shr_u(x, 32);
  const hx = v128.and(hx0, i64x2.splat(0xfffff));
  const i = v128.and(i64x2.add(hx, i64x2.splat(0x95f64)), i64x2.splat(0x100000));
  const k = i64x2.add(i64x2.sub(i64x2.shr_u(hx0, 20), i64x2.splat(1023)), i64x2.shr_u(i, 20));
  const hiNew = v128.or(hx, v128.xor(i, i64x2.splat(0x3ff00000)));
  const xn = v128.or(i64x2.shl(hiNew, 32), v128.and(x, i64x2.splat(0xffffffff)));
  const f = f64x2.sub(xn, f64x2.splat(1.0));
  // k (|k| < 2^31) to f64 exactly: the 1.5·2^52 magic.
  const dk = f64x2.sub(i64x2.add(k, i64x2.splat(0x4338000000000000)), f64x2.splat(6755399441055744.0));
  const dkHi = f64x2.mul(dk, f64x2.splat(6.93147180369123816490e-1));
  const dkLo = f64x2.mul(dk, f64x2.splat(1.90821492927058770002e-10));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(3.999999999940941908e-1), f64x2.mul(w,
    f64x2.add(f64x2.splat(2.222219843214978396e-1), f64x2.mul(w, f64x2.splat(1.531383769920937332e-1))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(6.666666666666735130e-1), f64x2.mul(w,
    f64x2.add(f64x2.splat(2.857142874366239149e-1), f64x2.mul(w,
      f64x2.add(f64x2.splat(1.818357216161805012e-1), f64x2.mul(w, f64x2.splat(1.479819860511658591e-1))))))));
  const r = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const resA = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), dkLo)), f));
  const resB = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, r)), dkLo), f));
  const useA = i64x2.gt_s(v128.or(i64x2.sub(hx, i64x2.splat(0x6147a)), i64x2.sub(i64x2.splat(0x6b851), hx)), i64x2.splat(0));
  let res = v128.bitselect(resA, resB, useA);
  // |f| < 2^-20 (x within 2^-20 relative of a power of two). Rare, but a branch on any_true here
  // measured 20% slower than always computing and selecting (`npm run bench -- --engine wasm`, with
  // and without the branch; the branch version is not kept).
  const small = i64x2.lt_s(v128.and(i64x2.add(hx, i64x2.splat(2)), i64x2.splat(0xfffff)), i64x2.splat(3));
  {
    const rs = f64x2.mul(f64x2.mul(f, f), f64x2.sub(f64x2.splat(0.5), f64x2.mul(f64x2.splat(0.33333333333333333), f)));
    res = v128.bitselect(f64x2.sub(dkHi, f64x2.sub(f64x2.sub(rs, dkLo), f)), res, small);
  }
  return res;
}


/** Marker types for `vexpT`: offsetof<Signed>() > 0 selects fdlibm's halF = ±0.5 by the sign of x. */
class NonNegative {}
class Signed { v: f64 = 0; }

/**
 * e^x lane-wise, bit-identical to fdlibm's exp (V8's Math.exp) for |x| < 709. `NonNegative` is for
 * 0 ≤ x (the Lomax exponent −log(v)/α): halF is then always +0.5, a select saved.
 */
@inline function vexpT<S>(x: v128): v128 {
  // x ≥ 0 for NonNegative: the high word has no sign bit to clear.
  const hx = offsetof<S>() > 0 ? v128.and(i64x2.shr_u(x, 32), i64x2.splat(0x7fffffff)) : i64x2.shr_u(x, 32);
  const half = offsetof<S>() > 0
    ? v128.bitselect(f64x2.splat(-0.5), f64x2.splat(0.5), f64x2.lt(x, f64x2.splat(0.0)))
    : f64x2.splat(0.5);
  // k = round(x/ln2), 0 where |x| ≤ ln2/2 (see ../reference-math.ts for why one formula serves
  // all of fdlibm's branches).
  const reduce = i64x2.gt_s(hx, i64x2.splat(0x3fd62e42));
  const t = v128.and(f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(1.44269504088896338700e0), x), half)), reduce);
  const hi = f64x2.sub(x, f64x2.mul(t, f64x2.splat(6.93147180369123816490e-1)));
  const lo = f64x2.mul(t, f64x2.splat(1.90821492927058770002e-10));
  const xr = f64x2.sub(hi, lo);
  const tt = f64x2.mul(xr, xr);
  const c = f64x2.sub(xr, f64x2.mul(tt, f64x2.add(f64x2.splat(1.66666666666666019037e-1), f64x2.mul(tt,
    f64x2.add(f64x2.splat(-2.77777777770155933842e-3), f64x2.mul(tt,
      f64x2.add(f64x2.splat(6.61375632143793436117e-5), f64x2.mul(tt,
        f64x2.add(f64x2.splat(-1.65339022054652515390e-6), f64x2.mul(tt, f64x2.splat(4.13813679705723846039e-8)))))))))));
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, f64x2.div(f64x2.mul(xr, c), f64x2.sub(f64x2.splat(2.0), c))), hi));
  // 2^k: k = t exactly (integer-valued); bits (k + 1023) << 52.
  const kBits = i64x2.sub(f64x2.add(t, f64x2.splat(6755399441055744.0)), i64x2.splat(0x4338000000000000));
  const twopk = i64x2.shl(i64x2.add(kBits, i64x2.splat(1023)), 52);
  let res = f64x2.mul(y, twopk);
  // Special cases (computed always: branching on them measured slower with `npm run bench -- --engine
  // wasm`; the branch version is not kept): |x| < 2^-28 gives 1 + x;
  // V8 returns e for x = 1.
  const tiny = i64x2.lt_s(hx, i64x2.splat(0x3e300000));
  const one = f64x2.eq(x, f64x2.splat(1.0));
  res = v128.bitselect(f64x2.add(f64x2.splat(1.0), x), res, tiny);
  return v128.bitselect(f64x2.splat(2.718281828459045), res, one);
}


@inline function hiWord(x: v128): v128 {
  return i64x2.shr_u(x, 32);
}

/** fdlibm __kernel_cos(x, y) lane-wise (|x| ≤ π/4; the 1 returned for |x| < 2^-27 equals the formula). */
@inline function vkcos(x: v128, y: v128): v128 {
  const ix = v128.and(hiWord(x), i64x2.splat(0x7fffffff));
  const z = f64x2.mul(x, x);
  const r = f64x2.mul(z, f64x2.add(f64x2.splat(4.16666666666666019037e-02), f64x2.mul(z,
    f64x2.add(f64x2.splat(-1.38888888888741095749e-03), f64x2.mul(z,
      f64x2.add(f64x2.splat(2.48015872894767294178e-05), f64x2.mul(z,
        f64x2.add(f64x2.splat(-2.75573143513906633035e-07), f64x2.mul(z,
          f64x2.add(f64x2.splat(2.08757232129817482790e-09), f64x2.mul(z, f64x2.splat(-1.13596475577881948265e-11))))))))))));
  const zr = f64x2.sub(f64x2.mul(z, r), f64x2.mul(x, y));
  const hz = f64x2.mul(f64x2.splat(0.5), z);
  const near = f64x2.sub(f64x2.splat(1.0), f64x2.sub(hz, zr));
  const qx = v128.bitselect(f64x2.splat(0.28125), i64x2.shl(i64x2.sub(ix, i64x2.splat(0x00200000)), 32),
    i64x2.gt_s(ix, i64x2.splat(0x3fe90000)));
  const far = f64x2.sub(f64x2.sub(f64x2.splat(1.0), qx), f64x2.sub(f64x2.sub(hz, qx), zr));
  return v128.bitselect(near, far, i64x2.lt_s(ix, i64x2.splat(0x3fd33333)));
}

/**
 * fdlibm __kernel_sin(x, y, 1) lane-wise. For |x| < 2^-27 fdlibm returns x and drops the tail y,
 * which the formula (≈ x + y) does not reproduce when y is near half an ulp: selected explicitly.
 */
@inline function vksin(x: v128, y: v128): v128 {
  const z = f64x2.mul(x, x);
  const v = f64x2.mul(z, x);
  const r = f64x2.add(f64x2.splat(8.33333333332248946124e-03), f64x2.mul(z,
    f64x2.add(f64x2.splat(-1.98412698298579493134e-04), f64x2.mul(z,
      f64x2.add(f64x2.splat(2.75573137070700676789e-06), f64x2.mul(z,
        f64x2.add(f64x2.splat(-2.50507602534068634195e-08), f64x2.mul(z, f64x2.splat(1.58969099521155010221e-10)))))))));
  const res = f64x2.sub(x, f64x2.sub(f64x2.sub(f64x2.mul(z, f64x2.sub(f64x2.mul(f64x2.splat(0.5), y), f64x2.mul(v, r))), y),
    f64x2.mul(v, f64x2.splat(-1.66666666666666324348e-01))));
  const tiny = i64x2.lt_s(v128.and(hiWord(x), i64x2.splat(0x7fffffff)), i64x2.splat(0x3e400000));
  return v128.bitselect(x, res, tiny);
}

/** fdlibm __kernel_sin(x, 0, 0) lane-wise: sin's unreduced branch (|x| ≤ π/4) uses iy = 0, another formula. */
@inline function vksin0(x: v128): v128 {
  const z = f64x2.mul(x, x);
  const v = f64x2.mul(z, x);
  const r = f64x2.add(f64x2.splat(8.33333333332248946124e-03), f64x2.mul(z,
    f64x2.add(f64x2.splat(-1.98412698298579493134e-04), f64x2.mul(z,
      f64x2.add(f64x2.splat(2.75573137070700676789e-06), f64x2.mul(z,
        f64x2.add(f64x2.splat(-2.50507602534068634195e-08), f64x2.mul(z, f64x2.splat(1.58969099521155010221e-10)))))))));
  return f64x2.add(x, f64x2.mul(v, f64x2.add(f64x2.splat(-1.66666666666666324348e-01), f64x2.mul(z, r))));
}

/** Marker types for `vtrig`: offsetof<Sin>() > 0 selects sin, Cos (0) cos. */
class Cos {}
class Sin { v: f64 = 0; }

/**
 * cos(x) or sin(x) lane-wise for |x| ≤ 2π, bit-identical to fdlibm's cos/sin (V8's Math.cos and
 * Math.sin): computed on |x| (fdlibm's reduction is symmetric in the sign, so cos(−x) = cos(x) and
 * sin(−x) = −sin(x) bit for bit); no reduction up to π/4, the |x| < 3π/4 special case near π/2,
 * otherwise the medium Cody–Waite reduction with its second and third rounds where fdlibm takes
 * them, then the quadrant's kernel.
 */
@inline function vtrig<K>(xIn: v128): v128 {
  const x = f64x2.abs(xIn);
  const ix = hiWord(x);
  const reduce = i64x2.gt_s(ix, i64x2.splat(0x3fe921fb));
  const fn = v128.and(f64x2.trunc(f64x2.add(f64x2.mul(x, f64x2.splat(6.36619772367581382433e-01)), f64x2.splat(0.5))), reduce);
  let r = f64x2.sub(x, f64x2.mul(fn, f64x2.splat(1.57079632673412561417e+00)));
  let w = f64x2.mul(fn, f64x2.splat(6.07710050650619224932e-11));
  let y0 = f64x2.sub(r, w);
  const j = i64x2.shr_u(ix, 20);
  const i1 = i64x2.sub(j, v128.and(i64x2.shr_u(hiWord(y0), 20), i64x2.splat(0x7ff)));
  let y1 = f64x2.sub(f64x2.sub(r, y0), w);
  // fdlibm's second and third reduction rounds apply only where the first round cancelled more
  // than 16 bits (i1 > 16), and its |x| < 3π/4 branch differs from the medium reduction only on
  // the high word of π/2: both almost never happen (x within ~2^-16 relative of a multiple of π/2),
  // so they are computed only when a lane needs them (the branch is never mispredicted in practice,
  // and skipping them doubled the speed of stable noise).
  if (v128.any_true(v128.or(i64x2.gt_s(i1, i64x2.splat(16)), i64x2.eq(ix, i64x2.splat(0x3ff921fb))))) {
    // High word of n·π/2 (fdlibm's npio2_hw) for n = 1…4; 0 (never equal) otherwise.
    const hw = v128.bitselect(i64x2.splat(0x3ff921fb), v128.bitselect(i64x2.splat(0x400921fb),
      v128.bitselect(i64x2.splat(0x4012d97c), v128.bitselect(i64x2.splat(0x401921fb), i64x2.splat(0),
        f64x2.eq(fn, f64x2.splat(4.0))), f64x2.eq(fn, f64x2.splat(3.0))), f64x2.eq(fn, f64x2.splat(2.0))),
      f64x2.eq(fn, f64x2.splat(1.0)));
    const second = v128.and(i64x2.eq(ix, hw), i64x2.gt_s(i1, i64x2.splat(16)));
    const t2 = r;
    const w2a = f64x2.mul(fn, f64x2.splat(6.07710050630396597660e-11));
    const r2 = f64x2.sub(t2, w2a);
    const w2 = f64x2.sub(f64x2.mul(fn, f64x2.splat(2.02226624879595063154e-21)), f64x2.sub(f64x2.sub(t2, r2), w2a));
    const y02 = f64x2.sub(r2, w2);
    const i2 = i64x2.sub(j, v128.and(i64x2.shr_u(hiWord(y02), 20), i64x2.splat(0x7ff)));
    const third = v128.and(second, i64x2.gt_s(i2, i64x2.splat(49)));
    const w3a = f64x2.mul(fn, f64x2.splat(2.02226624871116645580e-21));
    const r3 = f64x2.sub(r2, w3a);
    const w3 = f64x2.sub(f64x2.mul(fn, f64x2.splat(8.47842766036889956997e-32)), f64x2.sub(f64x2.sub(r2, r3), w3a));
    const y03 = f64x2.sub(r3, w3);
    r = v128.bitselect(v128.bitselect(r3, r2, third), r, second);
    w = v128.bitselect(v128.bitselect(w3, w2, third), w, second);
    y0 = v128.bitselect(v128.bitselect(y03, y02, third), y0, second);
    y1 = f64x2.sub(f64x2.sub(r, y0), w);
    // |x| < 3π/4 with the high word of π/2: fdlibm subtracts the second piece of π/2 directly.
    const nearHalfPi = i64x2.eq(ix, i64x2.splat(0x3ff921fb));
    const zb = f64x2.sub(f64x2.sub(x, f64x2.splat(1.57079632673412561417e+00)), f64x2.splat(6.07710050630396597660e-11));
    const y0b = f64x2.sub(zb, f64x2.splat(2.02226624879595063154e-21));
    const y1b = f64x2.sub(f64x2.sub(zb, y0b), f64x2.splat(2.02226624879595063154e-21));
    y0 = v128.bitselect(y0b, y0, nearHalfPi);
    y1 = v128.bitselect(y1b, y1, nearHalfPi);
  }
  const n = i64x2.sub(f64x2.add(fn, f64x2.splat(6755399441055744.0)), i64x2.splat(0x4338000000000000));
  const odd = i64x2.eq(v128.and(n, i64x2.splat(1)), i64x2.splat(1));
  const sign = i64x2.splat(0x8000000000000000);
  if (offsetof<K>() == 0) {
    // cos, quadrant n mod 4: cos, −sin, −cos, sin.
    const res = v128.bitselect(vksin(y0, y1), vkcos(y0, y1), odd);
    const negate = i64x2.eq(v128.and(i64x2.add(n, i64x2.splat(1)), i64x2.splat(2)), i64x2.splat(2));
    return v128.xor(res, v128.and(negate, sign));
  }
  // sin, quadrant n mod 4: sin, cos, −sin, −cos; the unreduced lanes take __kernel_sin(x, 0, 0).
  const res = v128.bitselect(vkcos(y0, y1), v128.bitselect(vksin(y0, y1), vksin0(x), reduce), odd);
  const negate = i64x2.eq(v128.and(n, i64x2.splat(2)), i64x2.splat(2));
  return v128.xor(v128.xor(res, v128.and(negate, sign)), v128.and(xIn, sign));
}

@inline function vcos(x: v128): v128 {
  return vtrig<Cos>(x);
}

@inline function vsin(x: v128): v128 {
  return vtrig<Sin>(x);
}

/**
 * Stores k·cos(x) at `outCos` and k·sin(x) at `outSin` (lane-wise, 0 ≤ x < 2π): `vcos` and `vsin`
 * with their common part computed once (the reduction, and the two kernels, which cos and sin pick
 * by quadrant in opposite ways); every selected value is the same expression as in `vtrig`.
 */
@inline function vsincosScaled(x: v128, k: v128, outCos: usize, outSin: usize): void {
  const ix = hiWord(x);
  const reduce = i64x2.gt_s(ix, i64x2.splat(0x3fe921fb));
  const fn = v128.and(f64x2.trunc(f64x2.add(f64x2.mul(x, f64x2.splat(6.36619772367581382433e-01)), f64x2.splat(0.5))), reduce);
  let r = f64x2.sub(x, f64x2.mul(fn, f64x2.splat(1.57079632673412561417e+00)));
  let w = f64x2.mul(fn, f64x2.splat(6.07710050650619224932e-11));
  let y0 = f64x2.sub(r, w);
  const j = i64x2.shr_u(ix, 20);
  const i1 = i64x2.sub(j, v128.and(i64x2.shr_u(hiWord(y0), 20), i64x2.splat(0x7ff)));
  let y1 = f64x2.sub(f64x2.sub(r, y0), w);
  if (v128.any_true(v128.or(i64x2.gt_s(i1, i64x2.splat(16)), i64x2.eq(ix, i64x2.splat(0x3ff921fb))))) {
    // The rare rounds, as in `vtrig`: recompute both through it (same bits by construction).
    v128.store(outCos, f64x2.mul(k, vcos(x)));
    v128.store(outSin, f64x2.mul(k, vsin(x)));
    return;
  }
  const n = i64x2.sub(f64x2.add(fn, f64x2.splat(6755399441055744.0)), i64x2.splat(0x4338000000000000));
  const odd = i64x2.eq(v128.and(n, i64x2.splat(1)), i64x2.splat(1));
  const sign = i64x2.splat(0x8000000000000000);
  const kc = vkcos(y0, y1);
  const ks = vksin(y0, y1);
  // cos, quadrant n mod 4: cos, −sin, −cos, sin.
  const rc = v128.bitselect(ks, kc, odd);
  const negC = i64x2.eq(v128.and(i64x2.add(n, i64x2.splat(1)), i64x2.splat(2)), i64x2.splat(2));
  v128.store(outCos, f64x2.mul(k, v128.xor(rc, v128.and(negC, sign))));
  // sin, quadrant n mod 4: sin, cos, −sin, −cos; unreduced lanes take __kernel_sin(x, 0, 0). x ≥ 0.
  const rs = v128.bitselect(kc, v128.bitselect(ks, vksin0(x), reduce), odd);
  const negS = i64x2.eq(v128.and(n, i64x2.splat(2)), i64x2.splat(2));
  v128.store(outSin, f64x2.mul(k, v128.xor(rs, v128.and(negS, sign))));
}

@inline function vexp(x: v128): v128 {
  return vexpT<NonNegative>(x);
}

/**
 * log(x) as `vlog`, for the Lomax pass: fdlibm's second formula (hx outside [0x6147a, 0x6b851],
 * ~96% of lanes) with no select, and the full `vlog` only when a lane needs the first formula or
 * the |f| < 2⁻²⁰ branch (a rarely taken, well-predicted branch: ~8% of pairs, ~2⁻¹⁹ of lanes).
 */
@inline function vlogRare(x: v128): v128 {
  // fdlibm's integer work on the high word (hx, i, k), done on the whole 64-bit lane: m is the
  // mantissa, and i and the bounds below are fdlibm's shifted left by 32 (x is positive normal).
  const m = v128.and(x, i64x2.splat(0x000fffffffffffff));
  const i = v128.and(i64x2.add(m, i64x2.splat(0x00095f6400000000)), i64x2.splat(0x0010000000000000));
  const f = f64x2.sub(v128.or(m, v128.xor(i, i64x2.splat(0x3ff0000000000000))), f64x2.splat(1.0));
  // k = (x >> 52) − 1023 + (i >> 52), to a double by the 1.5·2⁵² magic (−1023 folded into it).
  const dk = f64x2.sub(i64x2.add(i64x2.add(i64x2.shr_u(x, 52), i64x2.shr_u(i, 52)), i64x2.splat(0x4338000000000000 - 1023)),
    f64x2.splat(6755399441055744.0));
  const dkHi = f64x2.mul(dk, f64x2.splat(6.93147180369123816490e-1));
  const dkLo = f64x2.mul(dk, f64x2.splat(1.90821492927058770002e-10));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(3.999999999940941908e-1), f64x2.mul(w,
    f64x2.add(f64x2.splat(2.222219843214978396e-1), f64x2.mul(w, f64x2.splat(1.531383769920937332e-1))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(6.666666666666735130e-1), f64x2.mul(w,
    f64x2.add(f64x2.splat(2.857142874366239149e-1), f64x2.mul(w,
      f64x2.add(f64x2.splat(1.818357216161805012e-1), f64x2.mul(w, f64x2.splat(1.479819860511658591e-1))))))));
  const r = f64x2.add(t2, t1);
  // fdlibm's first formula for 0x6147a ≤ hx ≤ 0x6b851; its |f| < 2⁻²⁰ branch for (hx + 2) & 0xfffff < 3.
  const useA = v128.and(i64x2.gt_s(m, i64x2.splat(0x0006147a00000000 - 1)), i64x2.gt_s(i64x2.splat(0x0006b85200000000), m));
  const small = i64x2.lt_s(v128.and(i64x2.add(m, i64x2.splat(0x0000000200000000)), i64x2.splat(0x000fffff00000000)),
    i64x2.splat(0x0000000300000000));
  if (v128.any_true(v128.or(useA, small))) return vlog(x);
  return f64x2.sub(dkHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, r)), dkLo), f));
}

/**
 * e^x as `vexp` (0 ≤ x < 709) with fdlibm's two special cases (|x| < 2⁻²⁸, x = 1) behind a rarely
 * taken branch instead of two selects: the Lomax exponent is below 2⁻²⁸ for ~2⁻²⁷ of draws.
 */
@inline function vexpRare(x: v128): v128 {
  const hx = i64x2.shr_u(x, 32);
  const reduce = i64x2.gt_s(hx, i64x2.splat(0x3fd62e42));
  const t = v128.and(f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(1.44269504088896338700e0), x), f64x2.splat(0.5))), reduce);
  const hi = f64x2.sub(x, f64x2.mul(t, f64x2.splat(6.93147180369123816490e-1)));
  const lo = f64x2.mul(t, f64x2.splat(1.90821492927058770002e-10));
  const xr = f64x2.sub(hi, lo);
  const tt = f64x2.mul(xr, xr);
  const c = f64x2.sub(xr, f64x2.mul(tt, f64x2.add(f64x2.splat(1.66666666666666019037e-1), f64x2.mul(tt,
    f64x2.add(f64x2.splat(-2.77777777770155933842e-3), f64x2.mul(tt,
      f64x2.add(f64x2.splat(6.61375632143793436117e-5), f64x2.mul(tt,
        f64x2.add(f64x2.splat(-1.65339022054652515390e-6), f64x2.mul(tt, f64x2.splat(4.13813679705723846039e-8)))))))))));
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, f64x2.div(f64x2.mul(xr, c), f64x2.sub(f64x2.splat(2.0), c))), hi));
  const kBits = i64x2.sub(f64x2.add(t, f64x2.splat(6755399441055744.0)), i64x2.splat(0x4338000000000000));
  const twopk = i64x2.shl(i64x2.add(kBits, i64x2.splat(1023)), 52);
  if (v128.any_true(v128.or(i64x2.lt_s(hx, i64x2.splat(0x3e300000)), f64x2.eq(x, f64x2.splat(1.0))))) return vexp(x);
  return f64x2.mul(y, twopk);
}


// ---- noise: a block of BLOCK isotropic draws c·R·(cos θ, sin θ) (samplers.ts, d = 2) ----
// In passes over the block, so that each loop keeps few constants and temporaries live (as the 1-D
// kernel's Lomax block): uniforms; y = log(u₁)·(−1/α); c·R = c·(exp(y) − shift); the angle's cos
// and sin times c·R. (−1/α)·log u equals the contract's (−log u)·(1/α) bit for bit: negation is exact.
// The SIMD loops take two (log, exp) or four (cos and sin) vectors per iteration: V8 builds each
// SIMD constant at its use (3–4 instructions), and the copies within an iteration share them
// (callgrind on a quartic well without exits, a one-off script: 396 → 312 instructions per step;
// `npm run measure:kernel-rd` counts the bench workload, exits included, at 337).
function fillBlock(): void {
  const u1p = uPtr;
  const u2p = uPtr + (<usize>BLOCK << 3);
  // xoshiro128** (src/rng/xoshiro.ts XOSHIRO128_STEP_SOURCE) with the state in locals, two outputs
  // per iteration: u₁ (radius) then u₂ (angle), the stream order of the TS sampler.
  let a = s0;
  let b = s1;
  let c = s2;
  let d = s3;
  const h = half;
  const sc = twoM32;
  for (let i = 0; i < BLOCK; i++) {
    let t5 = b * 5;
    let r = ((t5 << 7) | (t5 >>> 25)) * 9;
    let t = b << 9;
    let n2 = c ^ a;
    let n3 = d ^ b;
    b = b ^ n2;
    a = a ^ n3;
    c = n2 ^ t;
    d = (n3 << 11) | (n3 >>> 21);
    store<f64>(u1p + (<usize>i << 3), (<f64>r + h) * sc);
    t5 = b * 5;
    r = ((t5 << 7) | (t5 >>> 25)) * 9;
    t = b << 9;
    n2 = c ^ a;
    n3 = d ^ b;
    b = b ^ n2;
    a = a ^ n3;
    c = n2 ^ t;
    d = (n3 << 11) | (n3 >>> 21);
    store<f64>(u2p + (<usize>i << 3), (<f64>r + h) * sc);
  }
  s0 = a;
  s1 = b;
  s2 = c;
  s3 = d;
  const nia = f64x2.splat(-invAlpha);
  for (let i = 0; i < BLOCK; i += 4) {
    const o = u1p + (<usize>i << 3);
    v128.store(o, f64x2.mul(vlogRare(v128.load(o)), nia));
    v128.store(o, f64x2.mul(vlogRare(v128.load(o, 16)), nia), 16);
  }
  const cc = f64x2.splat(noiseC);
  const shift = f64x2.splat(lomaxShift);
  for (let i = 0; i < BLOCK; i += 4) {
    const o = u1p + (<usize>i << 3);
    v128.store(o, f64x2.mul(cc, f64x2.sub(vexpRare(v128.load(o)), shift)));
    v128.store(o, f64x2.mul(cc, f64x2.sub(vexpRare(v128.load(o, 16)), shift)), 16);
  }
  const twoPi = f64x2.splat(6.283185307179586);
  const z1p = zPtr + (<usize>BLOCK << 3);
  for (let i = 0; i < BLOCK; i += 8) {
    const o = <usize>i << 3;
    vsincosScaled(f64x2.mul(twoPi, v128.load(u2p + o)), v128.load(u1p + o), zPtr + o, z1p + o);
    vsincosScaled(f64x2.mul(twoPi, v128.load(u2p + o, 16)), v128.load(u1p + o, 16), zPtr + o + 16, z1p + o + 16);
    vsincosScaled(f64x2.mul(twoPi, v128.load(u2p + o, 32)), v128.load(u1p + o, 32), zPtr + o + 32, z1p + o + 32);
    vsincosScaled(f64x2.mul(twoPi, v128.load(u2p + o, 48)), v128.load(u1p + o, 48), zPtr + o + 48, z1p + o + 48);
  }
}

// ---- landscapes (src/model/rd/landscapes.ts and himmelblau.ts, same operation order) ----
let g0: f64 = 0;
let g1: f64 = 0;

/** V8's Math.hypot for two finite arguments (Kahan-compensated sum of squares of |·|/max). */
@inline function hypot2(p: f64, q: f64): f64 {
  const ap = Math.abs(p);
  const aq = Math.abs(q);
  let mx: f64 = 0;
  if (ap > mx) mx = ap;
  if (aq > mx) mx = aq;
  if (mx == 0) return 0;
  let sum: f64 = 0;
  let comp: f64 = 0;
  let n = ap / mx;
  let summand = n * n - comp;
  let prelim = sum + summand;
  comp = prelim - sum - summand;
  sum = prelim;
  n = aq / mx;
  summand = n * n - comp;
  prelim = sum + summand;
  sum = prelim;
  return Math.sqrt(sum) * mx;
}

// Himmelblau variant: minimiser sets (−1.5, 3.5); segment (−3.5, −1.5)–(−1.8, −3.3); (3, 1.2); (2.6, −1.9);
// weights (2, 2, 1, 1); B = 10⁶. u^2 and u^1 are V8's Math.pow, which returns u·u and u exactly.
@inline function himmelTerm(dx: f64, dy: f64, w2: bool): f64 {
  const u = dx * dx + dy * dy + 1;
  return w2 ? u * u - 1 : u - 1;
}

function gradHimmelblau(x: f64, y: f64): void {
  // Set 1 (w = 2).
  let dx = x - -1.5;
  let dy = y - 3.5;
  let u = dx * dx + dy * dy + 1;
  const gA = u * u - 1;
  let c = 4.0 * u;
  const dA0 = c * dx;
  const dA1 = c * dy;
  // Set 2 (w = 2), a segment.
  const ux: f64 = -1.8 - -3.5;
  const uy: f64 = -3.3 - -1.5;
  let t = ((x - -3.5) * ux + (y - -1.5) * uy) / (ux * ux + uy * uy);
  t = Math.max(0, Math.min(1, t));
  dx = x - (-3.5 + t * ux);
  dy = y - (-1.5 + t * uy);
  u = dx * dx + dy * dy + 1;
  const gB = u * u - 1;
  c = 4.0 * u;
  const dB0 = c * dx;
  const dB1 = c * dy;
  // Sets 3 and 4 (w = 1): c = 2·1·1 = 2.
  dx = x - 3.0;
  dy = y - 1.2;
  const gC = dx * dx + dy * dy + 1 - 1;
  const dC0 = 2.0 * dx;
  const dC1 = 2.0 * dy;
  dx = x - 2.6;
  dy = y - -1.9;
  const gD = dx * dx + dy * dy + 1 - 1;
  const dD0 = 2.0 * dx;
  const dD1 = 2.0 * dy;
  const P = gA * gB * gC * gD;
  // Σ_i (Π_{j≠i} g_j)·∇g_i, products left to right over j as in the model.
  const pA = gB * gC * gD;
  const pB = gA * gC * gD;
  const pC = gA * gB * gD;
  const pD = gA * gB * gC;
  // o starts at 0 as in the model (0 + (−0) = +0 matters if every product is −0).
  let o0: f64 = 0;
  let o1: f64 = 0;
  o0 += pA * dA0;
  o1 += pA * dA1;
  o0 += pB * dB0;
  o1 += pB * dB1;
  o0 += pC * dC0;
  o1 += pC * dC1;
  o0 += pD * dD0;
  o1 += pD * dD1;
  const s = 1 / (1e6 + P);
  g0 = o0 * s;
  g1 = o1 * s;
}

function gradHook(x: f64, y: f64): void {
  const a = hookA;
  const rho = hookRho;
  const t1 = Math.max(0, Math.min(a, x));
  let best = (x - t1) * (x - t1) + y * y;
  let p0 = t1;
  let p1: f64 = 0;
  let d0: f64 = t1 > 0 && t1 < a ? 1 : 0;
  let d1: f64 = 0;
  const cx = x - a;
  const cy = y - rho;
  const cr = hypot2(cx, cy);
  if (cx >= 0 && cr > 0) {
    const dd = (cr - rho) * (cr - rho);
    if (dd < best) {
      best = dd;
      p0 = a + (rho * cx) / cr;
      p1 = rho + (rho * cy) / cr;
      d0 = (-rho * cy) / (cr * cr);
      d1 = (rho * cx) / (cr * cr);
    }
  }
  const t3 = Math.max(0, a - x);
  const e0 = x - (a - t3);
  const e1 = y - 2 * rho;
  const d3 = e0 * e0 + e1 * e1;
  if (d3 < best) {
    p0 = a - t3;
    p1 = 2 * rho;
    d0 = t3 > 0 ? -1 : 0;
    d1 = 0;
  }
  g0 = hookKappa * (x - p0) + hookMu * d0;
  g1 = hookKappa * (y - p1) + hookMu * d1;
}

@inline function gradient(x: f64, y: f64): void {
  if (kind == 0) {
    g0 = a0 * x;
    g1 = a1 * y;
  } else if (kind == 1) {
    g0 = a0 * x * x * x;
    g1 = a1 * y * y * y;
  } else if (kind == 2) gradHimmelblau(x, y);
  else gradHook(x, y);
}

@inline function basinOf(x: f64, y: f64): i32 {
  if (kind <= 1) {
    const q0 = x / semi0;
    const q1 = y / semi1;
    return q0 * q0 + q1 * q1 < 1 ? 1 : 0;
  }
  if (kind == 3) return x * x + y * y < hookR2 ? 1 : 0;
  // Grid lookup (grid-basins.ts cellOf): the nearest cell, clamped to the grid.
  let fi = Math.floor((x + gridL) / gridH);
  let fj = Math.floor((y + gridL) / gridH);
  const top = <f64>(gridN - 1);
  if (fi < 0) fi = 0;
  else if (fi > top) fi = top;
  if (fj < 0) fj = 0;
  else if (fj > top) fj = top;
  return load<i32>(gridPtr + ((<usize>(<i32>fi + gridN * <i32>fj)) << 2));
}

// ---- the chain ----

/**
 * Advances the current chain by at most `budget` steps; returns 1 when it has left its basin or
 * reached its cap (then `chainLabel` tells which), 0 when the budget ran out first. The chain's
 * state lives in locals during the call.
 */
export function exitRun(budget: i32): i32 {
  const z1p = zPtr + (<usize>BLOCK << 3);
  let x = x0;
  let y = x1;
  let n = steps;
  let p = pos;
  let result = 0;
  const e = eta;
  const b = clipB;
  const b2 = clipB2;
  const L = ballL;
  const L2 = ballL2;
  const k0 = kind;
  const c0 = a0;
  const c1 = a1;
  // Inside the ellipse for sure when the division-free x²/R₀² + y²/R₁² is below 1 − 10⁻⁹: both it and
  // the model's (x/R₀)² + (y/R₁)² are within 8 ulp (relative) of the exact value, so the model's is
  // below 1 too. Near the boundary the model's formula decides.
  const i0 = invSemi0Sq;
  const i1 = invSemi1Sq;
  const sure = insideSure;
  for (let k = 0; k < budget; k++) {
    if (n >= cap) {
      result = 1;
      break;
    }
    if (p == BLOCK) {
      fillBlock();
      p = 0;
    }
    const o = <usize>p << 3;
    p++;
    let gx: f64;
    let gy: f64;
    if (k0 == 1) {
      gx = c0 * x * x * x;
      gy = c1 * y * y * y;
    } else if (k0 == 0) {
      gx = c0 * x;
      gy = c1 * y;
    } else {
      gradient(x, y);
      gx = g0;
      gy = g1;
    }
    let t0 = e * (gx - load<f64>(zPtr + o));
    let t1 = e * (gy - load<f64>(z1p + o));
    const n2 = t0 * t0 + t1 * t1;
    if (n2 > b2) {
      const k2 = b / Math.sqrt(n2);
      t0 *= k2;
      t1 *= k2;
    }
    const y0 = x - t0;
    const y1 = y - t1;
    const r2 = y0 * y0 + y1 * y1;
    if (r2 > L2) {
      const k2 = L / Math.sqrt(r2);
      x = y0 * k2;
      y = y1 * k2;
    } else {
      x = y0;
      y = y1;
    }
    n += 1;
    let lab: i32;
    if (k0 <= 1 && x * x * i0 + y * y * i1 < sure) lab = 1;
    else lab = basinOf(x, y);
    if (lab != home) {
      label = lab;
      result = 1;
      break;
    }
  }
  x0 = x;
  x1 = y;
  steps = n;
  pos = p;
  return result;
}

// ---- probes for the tests: the very code the chain runs ----

/** In place: (x, y) pairs → ∇f(x, y). */
export function gradArray(ptr: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const p = ptr + (<usize>i << 4);
    gradient(load<f64>(p), load<f64>(p, 8));
    store<f64>(p, g0);
    store<f64>(p, g1, 8);
  }
}

/** (x, y) pairs at `ptr` → basin labels (i32) at `out`. */
export function basinArray(ptr: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const p = ptr + (<usize>i << 4);
    store<i32>(out + (<usize>i << 2), basinOf(load<f64>(p), load<f64>(p, 8)));
  }
}

/** The next `n` noise draws (z₀, z₁ pairs) of the current chain's stream, n a multiple of BLOCK. */
export function noiseArray(out: usize, n: i32): void {
  for (let i = 0; i < n; i += BLOCK) {
    fillBlock();
    for (let j = 0; j < BLOCK; j++) {
      const p = out + (<usize>(i + j) << 4);
      store<f64>(p, load<f64>(zPtr + (<usize>j << 3)));
      store<f64>(p, load<f64>(zPtr + (<usize>(BLOCK + j) << 3)), 8);
    }
  }
}
