// WebAssembly SIMD kernels for clipped heavy-tailed SGD (THEORY.md §1), compiled by
// `node ci/build-wasm.mjs` with the pinned AssemblyScript (-O3 --enable simd) into ../kernel.wasm.
//
// Layout: chains are processed in *units* of 8 slots. A unit holds two xoshiro128** quads (i32x4:
// slots 0–3 and 4–7) and four f64x2 iterates (slots 0–1, 2–3, 4–5, 6–7). One call advances every
// unit by one block of BLOCK steps: first the noise for the whole block (a long dependency chain
// per draw, so it is generated up front), then the recursion on four independent vectors. Calls are
// short on purpose: V8 cannot tier up a running call, so a long first call would stay in the
// baseline compiler.
//
// Bit-identity: every floating-point operation is an IEEE-754 +, −, ×, ÷, comparison or
// pmin/pmax (exact selections), with no FMA, in the same order as the TypeScript kernel's contract
// formulas, and log/exp/sin/cos are lane-wise re-derivations of the fdlibm algorithms V8 uses for
// Math.log, Math.exp, Math.sin and Math.cos (see ../reference-math.ts). Exits are located by replaying the block for one lane
// in scalar code with the same noise and the same operations.
//
// Memory is owned by the JavaScript loader (../index.ts), which passes pointers via `setLayout`.

const BLOCK: i32 = 256;
const TWO_M32: f64 = 2.3283064365386963e-10;

// ---- configuration (set once per task by the loader) ----
let eta: f64 = 0;
let clipB: f64 = Infinity;
let boxL: f64 = 1;
let lowerExit: f64 = -Infinity;
let upperExit: f64 = Infinity;
let noiseC: f64 = 1;
let invAlpha: f64 = 1;
let noiseAlpha: f64 = 1;
let studentExponent: f64 = -2; // −2/ν
let stableExponent: f64 = 0; // (1 − α)/α
let pPlus: f64 = 0.5;
let oneMinusPPlus: f64 = 0.5;
let noiseShift: f64 = 0;
let polyScale: f64 = 1;
let nRoots: i32 = 0;
let r0: f64 = 0; let r1: f64 = 0; let r2: f64 = 0; let r3: f64 = 0; let r4: f64 = 0;
let r5: f64 = 0; let r6: f64 = 0; let r7: f64 = 0; let r8: f64 = 0;
let key0: u32 = 0; let key1: u32 = 0; let key2: u32 = 0; let key3: u32 = 0;

// ---- memory layout ----
let rngPtr: usize = 0; // per unit: 2 quads × 4 words × v128 = 128 bytes
let xPtr: usize = 0; // per unit: 8 f64 = 64 bytes
let noisePtr: usize = 0; // (BLOCK + 1) × 8 f64 (one unit at a time; row BLOCK is Student-t's spare)
let scratchPtr: usize = 0; // (BLOCK + 1) × 8 f64: Student-t's accepted w per slot
let x0Ptr: usize = 0; // 8 f64: the unit's iterates at the block start (for replays)
let slotChainPtr: usize = 0; // per slot i32: chain index, −1 = empty
let slotDonePtr: usize = 0; // per slot f64: steps done
let outStepsPtr: usize = 0; // per chain (offset firstChain) f64
let outPosPtr: usize = 0; // per chain f64
let outCensoredPtr: usize = 0; // per chain u8

let start: f64 = 0;
let maxSteps: f64 = 0;
let firstChain: i32 = 0;
let endChain: i32 = 0;
let nextChain: i32 = 0;
let totalSteps: f64 = 0;

export function setNoise(c: f64, alpha: f64, pp: f64, shift: f64): void {
  noiseC = c;
  noiseAlpha = alpha;
  invAlpha = 1.0 / alpha;
  studentExponent = -2.0 / alpha;
  stableExponent = (1.0 - alpha) / alpha;
  pPlus = pp;
  oneMinusPPlus = 1.0 - pp;
  noiseShift = shift;
}

export function setStep(stepSize: f64, b: f64, box: f64, lo: f64, hi: f64): void {
  eta = stepSize;
  clipB = b;
  boxL = box;
  lowerExit = lo;
  upperExit = hi;
}

export function setPolynomial(scale: f64, n: i32, a0: f64, a1: f64, a2: f64, a3: f64, a4: f64, a5: f64, a6: f64, a7: f64, a8: f64): void {
  polyScale = scale;
  nRoots = n;
  r0 = a0; r1 = a1; r2 = a2; r3 = a3; r4 = a4; r5 = a5; r6 = a6; r7 = a7; r8 = a8;
}

/** Selects the paper's landscape (nRoots = 0). */
export function setPaper(): void {
  nRoots = 0;
}

export function setKey(k0: u32, k1: u32, k2: u32, k3: u32): void {
  key0 = k0; key1 = k1; key2 = k2; key3 = k3;
}

export function setLayout(rng: usize, x: usize, noise: usize, x0: usize, slotChain: usize, slotDone: usize,
  outSteps: usize, outPos: usize, outCensored: usize): void {
  rngPtr = rng; xPtr = x; noisePtr = noise; x0Ptr = x0; slotChainPtr = slotChain; slotDonePtr = slotDone;
  outStepsPtr = outSteps; outPosPtr = outPos; outCensoredPtr = outCensored;
}

/** Scratch buffer of (BLOCK + 1) × 8 f64 (Student-t noise only). */
export function setScratch(scratch: usize): void {
  scratchPtr = scratch;
}

export function blockSteps(): i32 {
  return BLOCK;
}

export function getTotalSteps(): f64 {
  return totalSteps;
}

// ---- chain seeding (src/rng/seeds.ts writeChainState, integer ops only) ----
@inline function fmix32(h0: u32): u32 {
  let h = h0;
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  h ^= h >>> 16;
  return h;
}

function seedSlot(unit: i32, lane: i32, chain: i32): void {
  const base = rngPtr + (<usize>unit << 7) + (<usize>(lane >> 2) << 6) + (<usize>(lane & 3) << 2);
  const c4: u32 = <u32>chain * 4;
  const w0 = fmix32(key0 ^ fmix32(c4 + 0 + 0x9e3779b9));
  const w1 = fmix32(key1 ^ fmix32(c4 + 1 + 0x9e3779b9));
  const w2 = fmix32(key2 ^ fmix32(c4 + 2 + 0x9e3779b9));
  const w3 = fmix32(key3 ^ fmix32(c4 + 3 + 0x9e3779b9));
  store<u32>(base, (w0 | w1 | w2 | w3) == 0 ? 1 : w0);
  store<u32>(base + 16, w1);
  store<u32>(base + 32, w2);
  store<u32>(base + 48, w3);
}

/**
 * Whether any 64-bit lane of a comparison mask is set. Written as bitmask ≠ 0 rather than
 * v128.any_true: V8 compiles a branch on it to movmskpd + test + jnz, where any_true costs
 * xor + ptest + setnz + test + jnz (measured with `npm run measure:kernel`).
 */
@inline function anyLane(m: v128): bool {
  return i64x2.bitmask(m) != 0;
}

// ---- lane-wise fdlibm log and exp (see ../reference-math.ts for the derivation of each merge) ----
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

/**
 * log(d·2⁻³²) as `vlog`, for the Lomax pass (d = m, the integer 1 ≤ m < 2³², as a double): fdlibm's
 * log of v = m·2⁻³² sees the mantissa of m and an exponent 32 lower, so its k is m's minus 32 and
 * everything else is the same; the multiplication by 2⁻³² is folded into k's constant.: fdlibm's second formula (hx outside [0x6147a, 0x6b851],
 * ~96% of lanes) with no select, and the full `vlog` only when a lane needs the first formula or
 * the |f| < 2⁻²⁰ branch (a rarely taken, well-predicted branch: ~8% of pairs, ~2⁻¹⁹ of lanes).
 */
@inline function vlogRare(x: v128): v128 {
  // x here is d = m (see above); the real argument v = d·2⁻³² is formed only on the rare path.
  // fdlibm's integer work on the high word, done on the whole 64-bit lane (x is positive normal):
  // with u = x + (0x95f64 << 32), fdlibm's i is u's carry into the exponent, so k = (u >> 52) −
  // 1023 (− 32 for the 2⁻³²) and its normalised argument (exponent 0x3ff, or 0x3fe after a
  // carry, over x's mantissa) has the bits (u & mantissa mask) + 0x3fe6a09c << 32.
  const u = i64x2.add(x, i64x2.splat(0x00095f6400000000));
  const f = f64x2.sub(i64x2.add(v128.and(u, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3fe6a09c00000000)), f64x2.splat(1.0));
  // k to a double by the 1.5·2⁵² magic (−1023 − 32 folded into it).
  const dk = f64x2.sub(i64x2.add(i64x2.shr_u(u, 52), i64x2.splat(0x4338000000000000 - 1023 - 32)),
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
  let res = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, r)), dkLo), f));
  // fdlibm's first formula for 0x6147a ≤ hx ≤ 0x6b851 (hx: the high word's 20 mantissa bits), i.e.
  // (hx + 0x9eb86) mod 2²⁰ < 0xa3d8; its |f| < 2⁻²⁰ branch for (hx + 2) mod 2²⁰ < 3. Both are rare
  // (~4% and ~2⁻¹⁹ of lanes): the first formula is computed and selected only then, and the second
  // case runs the full `vlog`.
  const hiMant = i64x2.splat(0x000fffff00000000);
  const useA = i64x2.gt_s(i64x2.splat(0x0000a3d800000000), v128.and(i64x2.add(x, i64x2.splat(0x0009eb8600000000)), hiMant));
  const small = i64x2.gt_s(i64x2.splat(0x0000000300000000), v128.and(i64x2.add(x, i64x2.splat(0x0000000200000000)), hiMant));
  if (anyLane(v128.or(useA, small))) {
    const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
    const resA = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), dkLo)), f));
    res = v128.bitselect(resA, res, useA);
    if (anyLane(small)) res = v128.bitselect(vlog(f64x2.mul(x, f64x2.splat(TWO_M32))), res, small);
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
  // 2^k: t + 1.5·2⁵² + 1023 is exact and its bits are 0x4338000000000000 + k + 1023, whose low 12
  // bits shifted left by 52 are the exponent field (k + 1023) << 52: one add and one shift.
  const twopk = i64x2.shl(f64x2.add(t, f64x2.splat(6755399441055744.0 + 1023.0)), 52);
  let res = f64x2.mul(y, twopk);
  // Special cases (computed always: branching on them measured slower with `npm run bench -- --engine
  // wasm`; the branch version is not kept): |x| < 2^-28 gives 1 + x;
  // V8 returns e for x = 1.
  const tiny = i64x2.lt_s(hx, i64x2.splat(0x3e300000));
  const one = f64x2.eq(x, f64x2.splat(1.0));
  res = v128.bitselect(f64x2.add(f64x2.splat(1.0), x), res, tiny);
  return v128.bitselect(f64x2.splat(2.718281828459045), res, one);
}

/**
 * e^x as `vexp` (0 ≤ x < 709) with fdlibm's two special cases (|x| < 2⁻²⁸, x = 1) behind a rarely
 * taken branch instead of two selects: the Lomax exponent is below 2⁻²⁸ for ~2⁻²⁷ of draws.
 */
@inline function vexpRare(x: v128): v128 {
  // x ≥ 0, so fdlibm's tests on the high word are 64-bit compares on x's bits (no shift).
  const reduce = i64x2.gt_s(x, i64x2.splat(0x3fd62e42ffffffff));
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
  const twopk = i64x2.shl(f64x2.add(t, f64x2.splat(6755399441055744.0 + 1023.0)), 52);
  if (anyLane(v128.or(i64x2.gt_s(i64x2.splat(0x3e30000000000000), x), f64x2.eq(x, f64x2.splat(1.0))))) return vexp(x);
  return f64x2.mul(y, twopk);
}

@inline function vexp(x: v128): v128 {
  return vexpT<NonNegative>(x);
}

@inline function vexpAny(x: v128): v128 {
  return vexpT<Signed>(x);
}

// ---- the paper's landscape (model/landscapes.ts PAPER_GRADIENT_SOURCE, same operation order) ----
// Every operation matches the model's formula bit for bit, h₁ = exp(log(a)·0.6) included (the model
// uses that form, not Math.pow, and the fdlibm log/exp above reproduce V8's bits).
@inline function vgradPaper(x: v128): v128 {
  const a = f64x2.add(x, f64x2.splat(1.3));
  const b = f64x2.sub(x, f64x2.splat(0.2));
  const c = f64x2.sub(x, f64x2.splat(0.7));
  const q = f64x2.mul(f64x2.mul(a, b), c);
  const dq = f64x2.add(f64x2.add(f64x2.mul(b, c), f64x2.mul(a, c)), f64x2.mul(a, b));
  const e = f64x2.mul(f64x2.add(x, f64x2.splat(1.6)), f64x2.sub(x, f64x2.splat(1.6)));
  const u = f64x2.sub(x, f64x2.splat(0.5));
  const v = f64x2.add(x, f64x2.splat(1.5));
  const w = f64x2.add(x, f64x2.splat(0.8));
  const d2 = f64x2.add(f64x2.splat(0.01), f64x2.mul(f64x2.mul(f64x2.splat(4.0), u), u));
  const d3 = f64x2.add(f64x2.splat(0.1), f64x2.mul(f64x2.mul(f64x2.splat(4.0), v), v));
  const ex = vexpAny(f64x2.mul(f64x2.mul(f64x2.splat(-5.0), w), w));
  const h4 = f64x2.sub(f64x2.splat(1.0), f64x2.mul(f64x2.splat(0.25), ex));
  const base = f64x2.mul(f64x2.splat(0.05), f64x2.abs(f64x2.sub(f64x2.splat(1.65), x)));
  const pw = vexpAny(f64x2.mul(vlog(base), f64x2.splat(0.6)));
  const one = f64x2.splat(1.0);
  const r = f64x2.mul(f64x2.mul(f64x2.mul(pw, f64x2.add(one, f64x2.div(one, d2))), f64x2.add(one, f64x2.div(one, d3))), h4);
  const lr = f64x2.add(
    f64x2.sub(
      f64x2.sub(f64x2.div(f64x2.splat(0.6), f64x2.sub(x, f64x2.splat(1.65))),
        f64x2.div(f64x2.mul(f64x2.splat(8.0), u), f64x2.mul(d2, f64x2.add(d2, one)))),
      f64x2.div(f64x2.mul(f64x2.splat(8.0), v), f64x2.mul(d3, f64x2.add(d3, one)))),
    f64x2.div(f64x2.mul(f64x2.mul(f64x2.splat(2.5), w), ex), h4));
  const inner = f64x2.add(f64x2.add(f64x2.mul(f64x2.mul(f64x2.splat(2.0), x), q), f64x2.mul(f64x2.mul(f64x2.splat(2.0), e), dq)),
    f64x2.mul(f64x2.mul(e, q), lr));
  return f64x2.mul(f64x2.mul(r, q), inner);
}

// ---- xoshiro128** on an i32x4 quad in memory; returns uniforms for lanes 0–1 and 2–3 ----
// Why the step is written out here (and in lomaxBlockAny, lomaxHalfBlock, xoshiroNext and the masked step of the
// Student-t block) instead of taken from `XOSHIRO128_STEP_SOURCE` (src/rng/xoshiro.ts), the one
// TypeScript definition: AssemblyScript compiles this file alone and cannot import TS source text;
// the SIMD form differs (i32x4 lanes, ·5 and ·9 as shift-and-add because i32x4.mul is slow on
// x86); the Lomax block interleaves two quads' steps in one loop for instruction-level parallelism,
// and the Student-t block masks the update to the lanes still rejecting. A helper taking the state
// by pointer would add a load/store of four v128 per draw in the hottest loop. Bit-identity with
// the TS definition is what `src/sim/wasm/kernel.test.ts` and `properties/wasm.test.ts` check.
@inline function uniformsLow(r: v128): v128 {
  return f64x2.mul(f64x2.add(f64x2.convert_low_i32x4_u(r), f64x2.splat(0.5)), f64x2.splat(TWO_M32));
}
@inline function uniformsHigh(r: v128): v128 {
  return uniformsLow(i32x4.shuffle(r, r, 2, 3, 0, 1));
}

/** A Lomax draw with any p₊ (p₊ = ½ has its own three-pass block, `lomaxHalfBlock`). */
@inline function lomax(u: v128, pp: v128, omp: v128, c: v128, shift: v128, ia: v128): v128 {
  const left = f64x2.lt(u, pp);
  // v = u/p₊ or (1 − u)/(1 − p₊): select the operands, then divide once (same quotient per lane).
  const num = v128.bitselect(u, f64x2.sub(f64x2.splat(1.0), u), left);
  const v = f64x2.div(num, v128.bitselect(pp, omp, left));
  const sg = v128.bitselect(f64x2.splat(1.0), f64x2.splat(-1.0), left);
  const w = f64x2.sub(vexp(f64x2.mul(f64x2.neg(vlog(v)), ia)), f64x2.splat(1.0));
  // c·(s·W − shift), the contract's formula for p₊ ≠ ½.
  return f64x2.mul(c, f64x2.sub(f64x2.mul(sg, w), shift));
}

/** Fills the noise buffer with BLOCK Lomax draws (p₊ ≠ ½) for the 8 slots of `unit`. */
@inline function lomaxBlockAny(unit: i32): void {
  const p = rngPtr + (<usize>unit << 7);
  const pp = f64x2.splat(pPlus);
  const omp = f64x2.splat(oneMinusPPlus);
  const c = f64x2.splat(noiseC);
  const shift = f64x2.splat(noiseShift);
  const ia = f64x2.splat(invAlpha);
  // Both quads (slots 0–3 and 4–7) in one loop: four independent log/exp chains per iteration.
  let s0 = v128.load(p, 0);
  let s1 = v128.load(p, 16);
  let s2 = v128.load(p, 32);
  let s3 = v128.load(p, 48);
  let q0 = v128.load(p, 64);
  let q1 = v128.load(p, 80);
  let q2 = v128.load(p, 96);
  let q3 = v128.load(p, 112);
  let out = noisePtr;
  const end = out + (<usize>BLOCK << 6);
  do {
    // s1·5 and ·9 as shift-and-add (pmulld is slow on x86; the integers are the same mod 2^32).
    let t5 = i32x4.add(i32x4.shl(s1, 2), s1);
    let rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const r = i32x4.add(i32x4.shl(rot, 3), rot);
    let t = i32x4.shl(s1, 9);
    let n2 = v128.xor(s2, s0);
    let n3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, n2);
    s0 = v128.xor(s0, n3);
    s2 = v128.xor(n2, t);
    s3 = v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21));
    t5 = i32x4.add(i32x4.shl(q1, 2), q1);
    rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const rq = i32x4.add(i32x4.shl(rot, 3), rot);
    t = i32x4.shl(q1, 9);
    n2 = v128.xor(q2, q0);
    n3 = v128.xor(q3, q1);
    q1 = v128.xor(q1, n2);
    q0 = v128.xor(q0, n3);
    q2 = v128.xor(n2, t);
    q3 = v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21));
    v128.store(out, lomax(uniformsLow(r), pp, omp, c, shift, ia), 0);
    v128.store(out, lomax(uniformsHigh(r), pp, omp, c, shift, ia), 16);
    v128.store(out, lomax(uniformsLow(rq), pp, omp, c, shift, ia), 32);
    v128.store(out, lomax(uniformsHigh(rq), pp, omp, c, shift, ia), 48);
    out += 64;
  } while (out < end);
  v128.store(p, s0, 0);
  v128.store(p, s1, 16);
  v128.store(p, s2, 32);
  v128.store(p, s3, 48);
  v128.store(p, q0, 64);
  v128.store(p, q1, 80);
  v128.store(p, q2, 96);
  v128.store(p, q3, 112);
}

/** 0 = Lomax, 1 = Gaussian, 2 = Student-t, 3 = stable. */
let noiseKind: i32 = 0;

export function setNoiseKind(kind: i32): void {
  noiseKind = kind;
}

function lomaxBlock(unit: i32): void {
  if (noiseKind == 1) gaussBlock(unit);
  else if (noiseKind == 2) studentBlock(unit);
  else if (noiseKind == 3) stableBlock(unit);
  else if (pPlus == 0.5) lomaxHalfBlock(unit);
  else lomaxBlockAny(unit);
}

/**
 * Lomax noise with p₊ = ½ (the common case), in three passes over the block so that each loop
 * keeps few constants and temporaries live (the one-pass loop spent ~40% of its instructions
 * reloading spilled registers):
 * 1. xoshiro128** words r (both quads) → s = (r << 1) ^ (r >>ₛ 31), as u32 in the scratch buffer;
 * 2. s → v and y = log(v)·(−1/α) into the noise buffer;
 * 3. in place: c·(±(exp(y) − 1)), the sign from s.
 * Bits: the contract's u = (r + ½)·2⁻³² and v = u/½ (u < ½) or (1 − u)/½ are exact, and equal
 * m·2⁻³² with m = 2r + 1 (r < 2³¹) or 2³³ − 2r − 1 (r ≥ 2³¹, since 1 − u is exact for u ≥ ½):
 * m = s | 1, and bit 0 of s is r's top bit (u ≥ ½, i.e. sg = −1). −log(v)·(1/α) = log(v)·(−1/α)
 * and c·sg·W = c·(±W) exactly (negation commutes with rounding), so every draw has the bits of the
 * TypeScript kernel's formula (checked by kernel.test.ts and properties/wasm.test.ts).
 */
/** s = (r << 1) ^ (r >>ₛ 31) lane-wise: m = s | 1 and the sign in bit 0 (see `lomaxHalfBlock`). */
@inline function halfWords(r: v128): v128 {
  return v128.xor(i32x4.shl(r, 1), i32x4.shr_s(r, 31));
}

function lomaxHalfBlock(unit: i32): void {
  const p = rngPtr + (<usize>unit << 7);
  let s0 = v128.load(p, 0);
  let s1 = v128.load(p, 16);
  let s2 = v128.load(p, 32);
  let s3 = v128.load(p, 48);
  let q0 = v128.load(p, 64);
  let q1 = v128.load(p, 80);
  let q2 = v128.load(p, 96);
  let q3 = v128.load(p, 112);
  let sp = scratchPtr;
  const send = sp + (<usize>BLOCK << 5);
  do {
    // Two steps per iteration: half the loop overhead and of V8's register moves at the back edge.
    let t5 = i32x4.add(i32x4.shl(s1, 2), s1);
    let rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const r = i32x4.add(i32x4.shl(rot, 3), rot);
    let t = i32x4.shl(s1, 9);
    let n2 = v128.xor(s2, s0);
    let n3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, n2);
    s0 = v128.xor(s0, n3);
    s2 = v128.xor(n2, t);
    s3 = v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21));
    t5 = i32x4.add(i32x4.shl(q1, 2), q1);
    rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const rq = i32x4.add(i32x4.shl(rot, 3), rot);
    t = i32x4.shl(q1, 9);
    n2 = v128.xor(q2, q0);
    n3 = v128.xor(q3, q1);
    q1 = v128.xor(q1, n2);
    q0 = v128.xor(q0, n3);
    q2 = v128.xor(n2, t);
    q3 = v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21));
    v128.store(sp, halfWords(r), 0);
    v128.store(sp, halfWords(rq), 16);
    t5 = i32x4.add(i32x4.shl(s1, 2), s1);
    rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const r2 = i32x4.add(i32x4.shl(rot, 3), rot);
    t = i32x4.shl(s1, 9);
    n2 = v128.xor(s2, s0);
    n3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, n2);
    s0 = v128.xor(s0, n3);
    s2 = v128.xor(n2, t);
    s3 = v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21));
    t5 = i32x4.add(i32x4.shl(q1, 2), q1);
    rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const rq2 = i32x4.add(i32x4.shl(rot, 3), rot);
    t = i32x4.shl(q1, 9);
    n2 = v128.xor(q2, q0);
    n3 = v128.xor(q3, q1);
    q1 = v128.xor(q1, n2);
    q0 = v128.xor(q0, n3);
    q2 = v128.xor(n2, t);
    q3 = v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21));
    v128.store(sp, halfWords(r2), 32);
    v128.store(sp, halfWords(rq2), 48);
    sp += 64;
  } while (sp < send);
  v128.store(p, s0, 0);
  v128.store(p, s1, 16);
  v128.store(p, s2, 32);
  v128.store(p, s3, 48);
  v128.store(p, q0, 64);
  v128.store(p, q1, 80);
  v128.store(p, q2, 96);
  v128.store(p, q3, 112);
  lomaxHalfFinish(scratchPtr, noisePtr, send);
}

/**
 * Passes 2 and 3 of `lomaxHalfBlock` over the s words in [sp, send) (u32, four per 16 bytes),
 * writing one f64 draw per word from `out` on (also `lomaxHalfArray`, the tests' probe).
 */
@inline function lomaxHalfFinish(sp0: usize, out0: usize, send: usize): void {
  // Pass 2: (2⁵² + m) − 2⁵² = m exactly; vlogRare takes log(m·2⁻³²) from it.
  const magic = i64x2.splat(0x4330000000000001);
  const two52 = f64x2.splat(4503599627370496.0);
  const nia = f64x2.splat(-invAlpha);
  let sp = sp0;
  let out = out0;
  do {
    // One vector per iteration: two made V8 spill more (`npm run measure:kernel`).
    const a = v128.load32x2_u(sp, 0);
    v128.store(out, f64x2.mul(vlogRare(f64x2.sub(v128.or(a, magic), two52)), nia), 0);
    sp += 8;
    out += 16;
  } while (sp < send);
  // Pass 3: W = exp(y) − 1 ≥ 0 (y > 0 since v < 1); the sign is bit 0 of s, moved to bit 63.
  const one = f64x2.splat(1.0);
  const c = f64x2.splat(noiseC);
  sp = sp0;
  out = out0;
  do {
    // Each vector is finished and stored before the next is loaded (fewer live registers).
    const wa = f64x2.sub(vexpRare(v128.load(out, 0)), one);
    v128.store(out, f64x2.mul(c, v128.xor(wa, i64x2.shl(v128.load32x2_u(sp, 0), 63))), 0);
    const wb = f64x2.sub(vexpRare(v128.load(out, 16)), one);
    v128.store(out, f64x2.mul(c, v128.xor(wb, i64x2.shl(v128.load32x2_u(sp, 8), 63))), 16);
    sp += 16;
    out += 32;
  } while (sp < send);
}

/**
 * Probe for the tests: n (a multiple of 4) xoshiro128** outputs r at `words` (u32) → the p₊ = ½
 * Lomax draws at `out` (f64) with the configured noise, through the code `lomaxHalfBlock` runs.
 * The words are overwritten with s.
 */
export function lomaxHalfArray(words: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    v128.store(words + (<usize>i << 2), halfWords(v128.load(words + (<usize>i << 2))));
  }
  lomaxHalfFinish(words, out, words + (<usize>n << 2));
}

// ---- Gaussian noise: c·sqrt(−2 log u₁)·cos(2π u₂), with fdlibm's cos (what V8's Math.cos runs) ----

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
  if (anyLane(v128.or(i64x2.gt_s(i1, i64x2.splat(16)), i64x2.eq(ix, i64x2.splat(0x3ff921fb))))) {
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

@inline function gauss(u1: v128, u2: v128, c: v128): v128 {
  // (c·sqrt(−2·log u₁))·cos(2π·u₂), the contract's order; sqrt is IEEE (as Math.sqrt).
  const radius = f64x2.mul(c, f64x2.sqrt(f64x2.mul(f64x2.splat(-2.0), vlog(u1))));
  return f64x2.mul(radius, vcos(f64x2.mul(f64x2.splat(6.283185307179586), u2)));
}

@inline function xoshiroNext(p: usize): v128 {
  const s0 = v128.load(p, 0);
  const s1 = v128.load(p, 16);
  const s2 = v128.load(p, 32);
  const s3 = v128.load(p, 48);
  const t5 = i32x4.add(i32x4.shl(s1, 2), s1);
  const rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
  const r = i32x4.add(i32x4.shl(rot, 3), rot);
  const t = i32x4.shl(s1, 9);
  const n2 = v128.xor(s2, s0);
  const n3 = v128.xor(s3, s1);
  v128.store(p, v128.xor(s0, n3), 0);
  v128.store(p, v128.xor(s1, n2), 16);
  v128.store(p, v128.xor(n2, t), 32);
  v128.store(p, v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21)), 48);
  return r;
}

/**
 * Fills the noise buffer with BLOCK Gaussian draws (two uniforms each) for the 8 slots of `unit`:
 * one quad (4 slots) at a time, two vectors per iteration (as for stable noise; measured no slower
 * than four at once here with `htsgd bench --only poly5+gaussian --engine wasm`, and the module is
 * smaller).
 */
function gaussBlock(unit: i32): void {
  const c = f64x2.splat(noiseC);
  for (let q = 0; q < 2; q++) {
    const p = rngPtr + (<usize>unit << 7) + (<usize>q << 6);
    let out = noisePtr + (<usize>q << 5);
    const end = out + (<usize>BLOCK << 6);
    do {
      const a1 = xoshiroNext(p);
      const a2 = xoshiroNext(p);
      v128.store(out, gauss(uniformsLow(a1), uniformsLow(a2), c), 0);
      v128.store(out, gauss(uniformsHigh(a1), uniformsHigh(a2), c), 16);
      out += 64;
    } while (out < end);
  }
}

/** In place: a[i] ← cos(a[i]) with the kernels' SIMD cos (n even; |a[i]| ≤ 2π). */
export function cosArray(ptr: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) v128.store(ptr + (<usize>i << 3), vcos(v128.load(ptr + (<usize>i << 3))));
}

/** In place: a[i] ← sin(a[i]) with the kernels' SIMD sin (n even; |a[i]| ≤ 2π). */
export function sinArray(ptr: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) v128.store(ptr + (<usize>i << 3), vsin(v128.load(ptr + (<usize>i << 3))));
}

// ---- α-stable noise (Chambers–Mallows–Stuck, samplers.ts contract: powers as exp(log(base)·e)) ----

@inline function stable(u1: v128, u2: v128, c: v128, al: v128, ia: v128, k2: v128): v128 {
  // V = π(u₁ − ½), E = −log u₂;
  // Z = ((c·sin(αV)) / exp(log(cos V)·(1/α))) · exp(log(cos(V − αV)/E)·((1 − α)/α)).
  const v = f64x2.mul(f64x2.splat(3.141592653589793), f64x2.sub(u1, f64x2.splat(0.5)));
  const e = f64x2.neg(vlog(u2));
  const av = f64x2.mul(al, v);
  const p1 = vexpAny(f64x2.mul(vlog(vcos(v)), ia));
  const p2 = vexpAny(f64x2.mul(vlog(f64x2.div(vcos(f64x2.sub(v, av)), e)), k2));
  return f64x2.mul(f64x2.div(f64x2.mul(c, vsin(av)), p1), p2);
}

/**
 * Fills the noise buffer with BLOCK stable draws (two uniforms each) for the 8 slots of `unit`: one
 * quad (4 slots) at a time, two vectors per iteration (four at once ran 1.9× slower: with three
 * sin/cos, three logs and two exps per draw, four chains exceed the 16 vector registers).
 */
function stableBlock(unit: i32): void {
  const c = f64x2.splat(noiseC);
  const al = f64x2.splat(noiseAlpha);
  const ia = f64x2.splat(invAlpha);
  const k2 = f64x2.splat(stableExponent);
  for (let q = 0; q < 2; q++) {
    const p = rngPtr + (<usize>unit << 7) + (<usize>q << 6);
    let out = noisePtr + (<usize>q << 5);
    const end = out + (<usize>BLOCK << 6);
    do {
      const a1 = xoshiroNext(p);
      const a2 = xoshiroNext(p);
      v128.store(out, stable(uniformsLow(a1), uniformsLow(a2), c, al, ia, k2), 0);
      v128.store(out, stable(uniformsHigh(a1), uniformsHigh(a2), c, al, ia, k2), 16);
      out += 64;
    } while (out < end);
  }
}

// ---- Student-t noise (Bailey's polar method; w^(−2/ν) as exp(log(w)·(−2/ν)), the contract) ----

/**
 * Draws, for the 4 slots of quad `q`, BLOCK accepted pairs (a, w) of the polar rejection step into
 * the noise buffer (a) and the scratch buffer (w), at each slot's own count: lanes accept at
 * different tries, so every lane keeps its own count, and a lane that is done stops advancing its
 * stream (masked update) and writes into the spare row BLOCK. Row BLOCK exists in both buffers.
 */
function polarPairs(unit: i32, q: i32): void {
  const p = rngPtr + (<usize>unit << 7) + (<usize>q << 6);
  const lane0 = noisePtr + (<usize>q << 5);
  const wlane0 = scratchPtr + (<usize>q << 5);
  let s0 = v128.load(p, 0);
  let s1 = v128.load(p, 16);
  let s2 = v128.load(p, 32);
  let s3 = v128.load(p, 48);
  let cnt = i32x4.splat(0);
  let active = i32x4.splat(-1);
  const one = f64x2.splat(1.0);
  const two = f64x2.splat(2.0);
  const zero = f64x2.splat(0.0);
  do {
    // Two xoshiro128** steps (a's uniform, then b's) on the active lanes only.
    let t5 = i32x4.add(i32x4.shl(s1, 2), s1);
    let rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const ra = i32x4.add(i32x4.shl(rot, 3), rot);
    let t = i32x4.shl(s1, 9);
    let n2 = v128.xor(s2, s0);
    let n3 = v128.xor(s3, s1);
    s1 = v128.bitselect(v128.xor(s1, n2), s1, active);
    s0 = v128.bitselect(v128.xor(s0, n3), s0, active);
    s2 = v128.bitselect(v128.xor(n2, t), s2, active);
    s3 = v128.bitselect(v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21)), s3, active);
    t5 = i32x4.add(i32x4.shl(s1, 2), s1);
    rot = v128.or(i32x4.shl(t5, 7), i32x4.shr_u(t5, 25));
    const rb = i32x4.add(i32x4.shl(rot, 3), rot);
    t = i32x4.shl(s1, 9);
    n2 = v128.xor(s2, s0);
    n3 = v128.xor(s3, s1);
    s1 = v128.bitselect(v128.xor(s1, n2), s1, active);
    s0 = v128.bitselect(v128.xor(s0, n3), s0, active);
    s2 = v128.bitselect(v128.xor(n2, t), s2, active);
    s3 = v128.bitselect(v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21)), s3, active);
    // a = 2u − 1, b = 2u' − 1, w = a·a + b·b, accepted when 0 < w < 1.
    const aLo = f64x2.sub(f64x2.mul(two, uniformsLow(ra)), one);
    const aHi = f64x2.sub(f64x2.mul(two, uniformsHigh(ra)), one);
    const bLo = f64x2.sub(f64x2.mul(two, uniformsLow(rb)), one);
    const bHi = f64x2.sub(f64x2.mul(two, uniformsHigh(rb)), one);
    const wLo = f64x2.add(f64x2.mul(aLo, aLo), f64x2.mul(bLo, bLo));
    const wHi = f64x2.add(f64x2.mul(aHi, aHi), f64x2.mul(bHi, bHi));
    const okLo = v128.and(f64x2.gt(wLo, zero), f64x2.lt(wLo, one));
    const okHi = v128.and(f64x2.gt(wHi, zero), f64x2.lt(wHi, one));
    // Write every lane at its count (a rejected try is overwritten by the next), then count it.
    const c0 = <usize>i32x4.extract_lane(cnt, 0) << 6;
    const c1 = <usize>i32x4.extract_lane(cnt, 1) << 6;
    const c2 = <usize>i32x4.extract_lane(cnt, 2) << 6;
    const c3 = <usize>i32x4.extract_lane(cnt, 3) << 6;
    store<f64>(lane0 + c0, f64x2.extract_lane(aLo, 0), 0);
    store<f64>(lane0 + c1, f64x2.extract_lane(aLo, 1), 8);
    store<f64>(lane0 + c2, f64x2.extract_lane(aHi, 0), 16);
    store<f64>(lane0 + c3, f64x2.extract_lane(aHi, 1), 24);
    store<f64>(wlane0 + c0, f64x2.extract_lane(wLo, 0), 0);
    store<f64>(wlane0 + c1, f64x2.extract_lane(wLo, 1), 8);
    store<f64>(wlane0 + c2, f64x2.extract_lane(wHi, 0), 16);
    store<f64>(wlane0 + c3, f64x2.extract_lane(wHi, 1), 24);
    // The 64-bit masks' low words, lanes in order, restricted to the active lanes.
    const ok = v128.and(i32x4.shuffle(okLo, okHi, 0, 2, 4, 6), active);
    cnt = i32x4.sub(cnt, ok);
    active = i32x4.lt_s(cnt, i32x4.splat(BLOCK));
  } while (v128.any_true(active));
  v128.store(p, s0, 0);
  v128.store(p, s1, 16);
  v128.store(p, s2, 32);
  v128.store(p, s3, 48);
}

@inline function studentT(a: v128, w: v128, c: v128, nu: v128, ex: v128): v128 {
  // (c·a)·sqrt((ν·(exp(log(w)·(−2/ν)) − 1))/w), the contract's order.
  const pw = vexp(f64x2.mul(vlog(w), ex));
  return f64x2.mul(f64x2.mul(c, a), f64x2.sqrt(f64x2.div(f64x2.mul(nu, f64x2.sub(pw, f64x2.splat(1.0))), w)));
}

/** Fills the noise buffer with BLOCK Student-t draws for the 8 slots of `unit`. */
function studentBlock(unit: i32): void {
  polarPairs(unit, 0);
  polarPairs(unit, 1);
  const c = f64x2.splat(noiseC);
  const nu = f64x2.splat(noiseAlpha);
  const ex = f64x2.splat(studentExponent);
  let out = noisePtr;
  let wp = scratchPtr;
  const end = out + (<usize>BLOCK << 6);
  do {
    v128.store(out, studentT(v128.load(out, 0), v128.load(wp, 0), c, nu, ex), 0);
    v128.store(out, studentT(v128.load(out, 16), v128.load(wp, 16), c, nu, ex), 16);
    v128.store(out, studentT(v128.load(out, 32), v128.load(wp, 32), c, nu, ex), 32);
    v128.store(out, studentT(v128.load(out, 48), v128.load(wp, 48), c, nu, ex), 48);
    out += 64;
    wp += 64;
  } while (out < end);
}

// ---- the gradient f'(x) = scale·(x − r0)(x − r1)… (left to right), vector and scalar ----
@inline function vgrad<D, K>(x: v128, sc: v128, a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128, a6: v128, a7: v128, a8: v128): v128 {
  if (offsetof<D>() == 0) return vgradPaper(x);
  // Scale 1 (K = UnitScale): 1·(x − r₀) is x − r₀ exactly, so the multiplication is left out.
  let g = offsetof<K>() == 0 ? f64x2.sub(x, a0) : f64x2.mul(sc, f64x2.sub(x, a0));
  if (offsetof<D>() > 8) g = f64x2.mul(g, f64x2.sub(x, a1));
  if (offsetof<D>() > 16) g = f64x2.mul(g, f64x2.sub(x, a2));
  if (offsetof<D>() > 24) g = f64x2.mul(g, f64x2.sub(x, a3));
  if (offsetof<D>() > 32) g = f64x2.mul(g, f64x2.sub(x, a4));
  if (offsetof<D>() > 40) g = f64x2.mul(g, f64x2.sub(x, a5));
  if (offsetof<D>() > 48) g = f64x2.mul(g, f64x2.sub(x, a6));
  if (offsetof<D>() > 56) g = f64x2.mul(g, f64x2.sub(x, a7));
  if (offsetof<D>() > 64) g = f64x2.mul(g, f64x2.sub(x, a8));
  return g;
}

/** Marker types: offsetof<Dn>() = 8·n selects the n-root gradient at compile time; Paper (0) the paper's. */
class Paper {}
class D1 { a: f64 = 0; }
class D2 { a: f64 = 0; b: f64 = 0; }
class D3 { a: f64 = 0; b: f64 = 0; c: f64 = 0; }
class D4 { a: f64 = 0; b: f64 = 0; c: f64 = 0; d: f64 = 0; }
class D5 { a: f64 = 0; b: f64 = 0; c: f64 = 0; d: f64 = 0; e: f64 = 0; }
class D6 { a: f64 = 0; b: f64 = 0; c: f64 = 0; d: f64 = 0; e: f64 = 0; f: f64 = 0; }
class D7 { a: f64 = 0; b: f64 = 0; c: f64 = 0; d: f64 = 0; e: f64 = 0; f: f64 = 0; g: f64 = 0; }
class D8 { a: f64 = 0; b: f64 = 0; c: f64 = 0; d: f64 = 0; e: f64 = 0; f: f64 = 0; g: f64 = 0; h: f64 = 0; }
class D9 { a: f64 = 0; b: f64 = 0; c: f64 = 0; d: f64 = 0; e: f64 = 0; f: f64 = 0; g: f64 = 0; h: f64 = 0; i: f64 = 0; }

function sgrad(x: f64): f64 {
  const n = nRoots;
  // The scalar replay must reproduce the vector lanes exactly: run the vector code on a splat.
  if (n == 0) return f64x2.extract_lane(vgradPaper(f64x2.splat(x)), 0);
  let g = polyScale * (x - r0);
  if (n > 1) g = g * (x - r1);
  if (n > 2) g = g * (x - r2);
  if (n > 3) g = g * (x - r3);
  if (n > 4) g = g * (x - r4);
  if (n > 5) g = g * (x - r5);
  if (n > 6) g = g * (x - r6);
  if (n > 7) g = g * (x - r7);
  if (n > 8) g = g * (x - r8);
  return g;
}

@inline function sstep(x: f64, z: f64): f64 {
  let st = eta * (sgrad(x) - z);
  const b = clipB;
  st = st > b ? b : (st < -b ? -b : st);
  const y = x - st;
  const l = boxL;
  return y > l ? l : (y < -l ? -l : y);
}

/**
 * Steps the 8 slots of `unit` through the noise buffer. Leaves the block-start iterates at x0Ptr,
 * each lane's min and max over the block at x0Ptr + 64 and x0Ptr + 128, and the iterate after
 * every step in the scratch buffer (row j = the 8 slots after step j + 1; Student-t noise is done
 * with the scratch buffer by then), so that bookkeeping never recomputes a step.
 */
@inline function stepUnit<D, K>(unit: i32): void {
  const xp = xPtr + (<usize>unit << 6);
  let xa = v128.load(xp, 0);
  let xb = v128.load(xp, 16);
  let xc = v128.load(xp, 32);
  let xd = v128.load(xp, 48);
  v128.store(x0Ptr, xa, 0);
  v128.store(x0Ptr, xb, 16);
  v128.store(x0Ptr, xc, 32);
  v128.store(x0Ptr, xd, 48);
  const sc = f64x2.splat(polyScale);
  const a0 = f64x2.splat(r0); const a1 = f64x2.splat(r1); const a2 = f64x2.splat(r2);
  const a3 = f64x2.splat(r3); const a4 = f64x2.splat(r4); const a5 = f64x2.splat(r5);
  const a6 = f64x2.splat(r6); const a7 = f64x2.splat(r7); const a8 = f64x2.splat(r8);
  const ve = f64x2.splat(eta);
  const vb = f64x2.splat(clipB);
  const vnb = f64x2.splat(-clipB);
  const vl = f64x2.splat(boxL);
  const vnl = f64x2.splat(-boxL);
  let zp = noisePtr;
  let tp = scratchPtr;
  const end = zp + (<usize>BLOCK << 6);
  do {
    // st = η(f'(x) − Z); pmin(st, b) = b < st ? b : st and pmax(·, −b) = · < −b ? −b : ·, which
    // is the contract's clip exactly; the box likewise.
    let sa = f64x2.mul(ve, f64x2.sub(vgrad<D, K>(xa, sc, a0, a1, a2, a3, a4, a5, a6, a7, a8), v128.load(zp, 0)));
    let sb = f64x2.mul(ve, f64x2.sub(vgrad<D, K>(xb, sc, a0, a1, a2, a3, a4, a5, a6, a7, a8), v128.load(zp, 16)));
    let sc2 = f64x2.mul(ve, f64x2.sub(vgrad<D, K>(xc, sc, a0, a1, a2, a3, a4, a5, a6, a7, a8), v128.load(zp, 32)));
    let sd = f64x2.mul(ve, f64x2.sub(vgrad<D, K>(xd, sc, a0, a1, a2, a3, a4, a5, a6, a7, a8), v128.load(zp, 48)));
    sa = f64x2.pmax(f64x2.pmin(sa, vb), vnb);
    sb = f64x2.pmax(f64x2.pmin(sb, vb), vnb);
    sc2 = f64x2.pmax(f64x2.pmin(sc2, vb), vnb);
    sd = f64x2.pmax(f64x2.pmin(sd, vb), vnb);
    xa = f64x2.pmax(f64x2.pmin(f64x2.sub(xa, sa), vl), vnl);
    xb = f64x2.pmax(f64x2.pmin(f64x2.sub(xb, sb), vl), vnl);
    xc = f64x2.pmax(f64x2.pmin(f64x2.sub(xc, sc2), vl), vnl);
    xd = f64x2.pmax(f64x2.pmin(f64x2.sub(xd, sd), vl), vnl);
    v128.store(tp, xa, 0); v128.store(tp, xb, 16); v128.store(tp, xc, 32); v128.store(tp, xd, 48);
    tp += 64;
    zp += 64;
  } while (zp < end);
  v128.store(xp, xa, 0);
  v128.store(xp, xb, 16);
  v128.store(xp, xc, 32);
  v128.store(xp, xd, 48);
  // The block's min and max per lane, in a second loop over the stored iterates: kept in the step
  // loop, their eight accumulators made V8 spill them (a load and a store per update), which cost
  // more than reading the iterates again (`npm run measure:kernel`).
  let mna = f64x2.splat(Infinity); let mnb = mna; let mnc = mna; let mnd = mna;
  let mxa = f64x2.splat(-Infinity); let mxb = mxa; let mxc = mxa; let mxd = mxa;
  tp = scratchPtr;
  const tend = tp + (<usize>BLOCK << 6);
  do {
    const ya = v128.load(tp, 0); const yb = v128.load(tp, 16);
    const yc = v128.load(tp, 32); const yd = v128.load(tp, 48);
    mna = f64x2.pmin(mna, ya); mxa = f64x2.pmax(mxa, ya);
    mnb = f64x2.pmin(mnb, yb); mxb = f64x2.pmax(mxb, yb);
    mnc = f64x2.pmin(mnc, yc); mxc = f64x2.pmax(mxc, yc);
    mnd = f64x2.pmin(mnd, yd); mxd = f64x2.pmax(mxd, yd);
    tp += 64;
  } while (tp < tend);
  v128.store(x0Ptr, mna, 64); v128.store(x0Ptr, mnb, 80); v128.store(x0Ptr, mnc, 96); v128.store(x0Ptr, mnd, 112);
  v128.store(x0Ptr, mxa, 128); v128.store(x0Ptr, mxb, 144); v128.store(x0Ptr, mxc, 160); v128.store(x0Ptr, mxd, 176);
}

/** Marker types for `vgrad`: offsetof<K>() = 0 for a polynomial of scale 1 (no multiplication). */
class UnitScale {}
class AnyScale { v: f64 = 0; }

function stepUnitAny(unit: i32): void {
  // One specialised body per root count, so the gradient's length is fixed at compile time, and
  // per scale (1 or other) for polynomials.
  if (nRoots == 0) stepUnit<Paper, AnyScale>(unit);
  else if (polyScale == 1.0) stepUnitPoly<UnitScale>(unit);
  else stepUnitPoly<AnyScale>(unit);
}

@inline function stepUnitPoly<K>(unit: i32): void {
  switch (nRoots) {
    case 1: stepUnit<D1, K>(unit); break;
    case 2: stepUnit<D2, K>(unit); break;
    case 3: stepUnit<D3, K>(unit); break;
    case 4: stepUnit<D4, K>(unit); break;
    case 5: stepUnit<D5, K>(unit); break;
    case 6: stepUnit<D6, K>(unit); break;
    case 7: stepUnit<D7, K>(unit); break;
    case 8: stepUnit<D8, K>(unit); break;
    default: stepUnit<D9, K>(unit); break;
  }
}

function refill(unit: i32, lane: i32): void {
  const slot = (unit << 3) + lane;
  const sc = slotChainPtr + (<usize>slot << 2);
  if (nextChain < endChain) {
    const chain = nextChain++;
    store<i32>(sc, chain);
    store<f64>(slotDonePtr + (<usize>slot << 3), 0);
    store<f64>(xPtr + (<usize>slot << 3), start);
    seedSlot(unit, lane, chain);
  } else {
    store<i32>(sc, -1);
  }
}

/** Starts an exit-mode run over chains [first, first + count) with `units` units of 8 slots. */
export function exitBegin(units: i32, first: i32, count: i32, x0: f64, cap: f64): void {
  start = x0;
  maxSteps = cap;
  firstChain = first;
  endChain = first + count;
  nextChain = first;
  totalSteps = 0;
  for (let u = 0; u < units; u++) {
    for (let l = 0; l < 8; l++) {
      refill(u, l);
      if (load<i32>(slotChainPtr + (<usize>((u << 3) + l) << 2)) < 0) store<f64>(xPtr + (<usize>((u << 3) + l) << 3), x0);
    }
  }
}

/**
 * Advances every unit by one block; records finished chains and refills their slots.
 * Returns the number of occupied slots left (0 = the run is complete).
 */
export function exitBlock(units: i32): i32 {
  let active = 0;
  const lo = lowerExit;
  const hi = upperExit;
  for (let u = 0; u < units; u++) {
    const sc = slotChainPtr + (<usize>(u << 3) << 2);
    let any = 0;
    for (let l = 0; l < 8; l++) any |= i32(load<i32>(sc + (<usize>l << 2)) >= 0);
    if (any == 0) continue;
    lomaxBlock(u);
    stepUnitAny(u);
    for (let l = 0; l < 8; l++) {
      const chain = load<i32>(sc + (<usize>l << 2));
      if (chain < 0) continue;
      const slot = (u << 3) + l;
      const dp = slotDonePtr + (<usize>slot << 3);
      const done = load<f64>(dp);
      const remaining = maxSteps - done;
      const mn = load<f64>(x0Ptr + 64 + (<usize>l << 3));
      const mx = load<f64>(x0Ptr + 128 + (<usize>l << 3));
      if (mn <= lo || mx >= hi || remaining <= <f64>BLOCK) {
        // Replay this lane in scalar code (same noise, same operations) to find the first exit.
        let x = load<f64>(x0Ptr + (<usize>l << 3));
        const lim: i32 = remaining < <f64>BLOCK ? <i32>remaining : BLOCK;
        let n: i32 = 0;
        let exited = false;
        let zp = noisePtr + (<usize>l << 3);
        do {
          x = sstep(x, load<f64>(zp));
          zp += 64;
          n++;
          if (x <= lo || x >= hi) { exited = true; break; }
        } while (n < lim);
        if (exited || n == lim && <f64>lim == remaining) {
          const j = <usize>(chain - firstChain);
          const steps = done + <f64>n;
          store<f64>(outStepsPtr + (j << 3), steps);
          store<f64>(outPosPtr + (j << 3), x);
          store<u8>(outCensoredPtr + j, exited ? 0 : 1);
          totalSteps += steps;
          refill(u, l);
          if (load<i32>(sc + (<usize>l << 2)) >= 0) active++;
          continue;
        }
      }
      store<f64>(dp, done + <f64>BLOCK);
      active++;
    }
  }
  return active;
}

@inline function rngWord(slot: i32, w: i32): usize {
  return rngPtr + (<usize>(slot >> 3) << 7) + (<usize>((slot & 7) >> 2) << 6) + (<usize>w << 4) + (<usize>(slot & 3) << 2);
}

/**
 * Once no chains are left to start, moves the running chains into the first units so that idle
 * slots stop costing work (a chain's numbers do not depend on its slot). Returns the new unit count.
 */
export function exitCompact(units: i32): i32 {
  if (nextChain < endChain) return units;
  let dst = 0;
  const slots = units << 3;
  for (let src = 0; src < slots; src++) {
    const chain = load<i32>(slotChainPtr + (<usize>src << 2));
    if (chain < 0) continue;
    if (src != dst) {
      store<i32>(slotChainPtr + (<usize>dst << 2), chain);
      store<i32>(slotChainPtr + (<usize>src << 2), -1);
      store<f64>(slotDonePtr + (<usize>dst << 3), load<f64>(slotDonePtr + (<usize>src << 3)));
      store<f64>(xPtr + (<usize>dst << 3), load<f64>(xPtr + (<usize>src << 3)));
      for (let w = 0; w < 4; w++) store<u32>(rngWord(dst, w), load<u32>(rngWord(src, w)));
    }
    dst++;
  }
  return dst == 0 ? 0 : ((dst + 7) >> 3);
}

// ---- trajectory mode ----
// Per path: x (xPtr), last minimum (i32 at lastPtr), basin step counts (f64, nb per path, at
// countPtr), transitions (f64 nb×nb at transPtr). Minima/saddles in a small table at geoPtr:
// saddles s_1..s_{nb−1} then minima m_1..m_nb (f64).
let lastPtr: usize = 0;
let countPtr: usize = 0;
let transPtr: usize = 0;
let geoPtr: usize = 0;
let nBasins: i32 = 1;
let epsilon: f64 = 0;

// After the geometry, the visit windows: lower bounds (nb + 1 f64) then upper bounds (nb + 1 f64),
// indexed by the last visited minimum (0 = none): a path whose last minimum is L cannot visit a
// minimum while lo[L] < x < hi[L] (the loader computes the bounds exactly, see ../index.ts).
let winPtr: usize = 0;

export function setTrajectory(last: usize, counts: usize, trans: usize, geo: usize, nb: i32, eps: f64): void {
  lastPtr = last; countPtr = counts; transPtr = trans; geoPtr = geo; nBasins = nb; epsilon = eps;
  winPtr = geo + (<usize>(2 * nb - 1) << 3);
}

// Recording (trajectory `record`): visits go to a log of (path, minimum, step in block) i32
// triples that the loader drains after every block (at most one visit per path and step, so
// paths × BLOCK entries suffice); samples of x at the block's steps j0, j0 + every, … (the same
// steps for every path: sample steps are global step indices) go to samplePtr[path·count + i].
let visitLogPtr: usize = 0; // 0 = visits not recorded
let visitLogCount: i32 = 0;
let samplePtr: usize = 0;
let sampleFirst: i32 = 0;
let sampleEvery: i32 = 0;
let sampleCount: i32 = 0; // samples in this block; 0 = none

export function setVisitLog(log: usize): void {
  visitLogPtr = log;
  visitLogCount = 0;
}

/** Entries written to the visit log since the last call (which empties it). */
export function takeVisitCount(): i32 {
  const n = visitLogCount;
  visitLogCount = 0;
  return n;
}

/** Samples of the next block: `count` of them, at steps j0, j0 + every, … (0-based in the block). */
export function setSamples(ptr: usize, j0: i32, every: i32, count: i32): void {
  samplePtr = ptr; sampleFirst = j0; sampleEvery = every; sampleCount = count;
}

/** 0-based basin: #{saddles s < x} (a point on s_k counts in basin k, as in the TS kernel). */
@inline function basinIndex(x: f64): i32 {
  let k = 0;
  const ns = nBasins - 1;
  while (k < ns && load<f64>(geoPtr + (<usize>k << 3)) < x) k++;
  return k;
}

/**
 * The contract's visit test for path `p` at x (after step n + 1 of the block), given its last
 * visited minimum `last`: records the transition and the visit and returns the new last minimum
 * (1-based), or returns `last` unchanged.
 */
function visitAt(p: i32, x: f64, last: i32, n: i32): i32 {
  const nb = nBasins;
  const eps = epsilon;
  const k = basinIndex(x);
  const d = x - load<f64>(geoPtr + (<usize>(nb - 1 + k) << 3));
  if (d < eps && d > -eps && last != k + 1) {
    if (last != 0) {
      const tp = transPtr + (<usize>((last - 1) * nb + k) << 3);
      store<f64>(tp, load<f64>(tp) + 1.0);
    }
    if (visitLogPtr != 0) {
      const e = visitLogPtr + <usize>visitLogCount * 12;
      store<i32>(e, p);
      store<i32>(e, k + 1, 4);
      store<i32>(e, n + 1, 8);
      visitLogCount++;
    }
    return k + 1;
  }
  return last;
}

/** Marker types: offsetof<Sn>() = 8·n saddles (n + 1 basins) for the vector bookkeeping. */
class S0 {}
class S1 { a: f64 = 0; }
class S2 { a: f64 = 0; b: f64 = 0; }
class S3 { a: f64 = 0; b: f64 = 0; c: f64 = 0; }
class S4 { a: f64 = 0; b: f64 = 0; c: f64 = 0; d: f64 = 0; }

/**
 * The bookkeeping of one full block for the two paths in lanes 2q and 2q + 1 of `unit`, from the
 * iterates the vector step left in the scratch buffer: per step, the number of saddles below x (its
 * basin) is accumulated per saddle, and x is tested against the lanes' visit windows; only a step
 * outside a window (a possible visit) runs the scalar visit test. Basin counts are integers, so
 * adding them per block gives the bits of adding 1 per step; visits are tested in step order per
 * path, as in the TS kernel.
 */
@inline function bookPair<S>(unit: i32, q: i32, paths: i32): void {
  const nb = nBasins;
  const p0 = (unit << 3) + (q << 1);
  const lp = lastPtr + (<usize>p0 << 2);
  const real1 = p0 + 1 < paths;
  let last0 = load<i32>(lp, 0);
  let last1 = real1 ? load<i32>(lp, 4) : 0;
  const hiPtr = winPtr + (<usize>(nb + 1) << 3);
  // A padding lane (no path) gets the window (−∞, ∞): never a visit test.
  let lo = f64x2.replace_lane(f64x2.splat(load<f64>(winPtr + (<usize>last0 << 3))), 1,
    real1 ? load<f64>(winPtr + (<usize>last1 << 3)) : -Infinity);
  let hi = f64x2.replace_lane(f64x2.splat(load<f64>(hiPtr + (<usize>last0 << 3))), 1,
    real1 ? load<f64>(hiPtr + (<usize>last1 << 3)) : Infinity);
  const s0 = f64x2.splat(offsetof<S>() > 0 ? load<f64>(geoPtr, 0) : 0);
  const s1 = f64x2.splat(offsetof<S>() > 8 ? load<f64>(geoPtr, 8) : 0);
  const s2 = f64x2.splat(offsetof<S>() > 16 ? load<f64>(geoPtr, 16) : 0);
  const s3 = f64x2.splat(offsetof<S>() > 24 ? load<f64>(geoPtr, 24) : 0);
  let c0 = i64x2.splat(0); let c1 = c0; let c2 = c0; let c3 = c0;
  const tp0 = scratchPtr + (<usize>q << 4);
  const tend = tp0 + (<usize>BLOCK << 6);
  let tp = tp0;
  // The inner loop has no call in it, so V8 keeps its values in registers (a call on the rare
  // path inside the loop made it spill the accumulators and windows on every step); a step
  // outside a window leaves it, runs the scalar test, and re-enters.
  for (;;) {
    let hit = false;
    do {
      const x = v128.load(tp);
      // #steps with x above each saddle (masks are −1 where true).
      if (offsetof<S>() > 0) c0 = i64x2.sub(c0, f64x2.gt(x, s0));
      if (offsetof<S>() > 8) c1 = i64x2.sub(c1, f64x2.gt(x, s1));
      if (offsetof<S>() > 16) c2 = i64x2.sub(c2, f64x2.gt(x, s2));
      if (offsetof<S>() > 24) c3 = i64x2.sub(c3, f64x2.gt(x, s3));
      if (anyLane(v128.or(f64x2.le(x, lo), f64x2.ge(x, hi)))) {
        hit = true;
        break;
      }
      // The row pointer is the only loop counter (the step index is derived on a hit).
      tp += 64;
    } while (tp < tend);
    if (!hit) break;
    const n = <i32>((tp - tp0) >> 6);
    const x = v128.load(tp);
    const xa = f64x2.extract_lane(x, 0);
    if (xa <= f64x2.extract_lane(lo, 0) || xa >= f64x2.extract_lane(hi, 0)) {
      const l = visitAt(p0, xa, last0, n);
      if (l != last0) {
        last0 = l;
        lo = f64x2.replace_lane(lo, 0, load<f64>(winPtr + (<usize>l << 3)));
        hi = f64x2.replace_lane(hi, 0, load<f64>(hiPtr + (<usize>l << 3)));
      }
    }
    const xb = f64x2.extract_lane(x, 1);
    if (xb <= f64x2.extract_lane(lo, 1) || xb >= f64x2.extract_lane(hi, 1)) {
      const l = visitAt(p0 + 1, xb, last1, n);
      if (l != last1) {
        last1 = l;
        lo = f64x2.replace_lane(lo, 1, load<f64>(winPtr + (<usize>l << 3)));
        hi = f64x2.replace_lane(hi, 1, load<f64>(hiPtr + (<usize>l << 3)));
      }
    }
    tp += 64;
    if (tp >= tend) break;
  }
  store<i32>(lp, last0, 0);
  bookCounts<S>(p0, c0, c1, c2, c3, 0);
  if (real1) {
    store<i32>(lp, last1, 4);
    bookCounts<S>(p0 + 1, c0, c1, c2, c3, 1);
  }
}

/**
 * `bookPair` for the four real paths in lanes 2q … 2q + 3 of `unit` (q even) in one loop: two
 * vectors per step share the loop overhead (fewer instructions per step than two `bookPair` runs,
 * `npm run measure:kernel`). Visits are still tested in step order per path; only the order of
 * log entries between paths changes, which the loader undoes (it files entries per path).
 * For ≤ 3 basins (four accumulators, four window vectors and two saddles fit V8's registers).
 */
@inline function bookQuad<S>(unit: i32, q: i32): void {
  const nb = nBasins;
  const p0 = (unit << 3) + (q << 1);
  const lp = lastPtr + (<usize>p0 << 2);
  let l0 = load<i32>(lp, 0);
  let l1 = load<i32>(lp, 4);
  let l2 = load<i32>(lp, 8);
  let l3 = load<i32>(lp, 12);
  const hiPtr = winPtr + (<usize>(nb + 1) << 3);
  let loA = f64x2.replace_lane(f64x2.splat(load<f64>(winPtr + (<usize>l0 << 3))), 1, load<f64>(winPtr + (<usize>l1 << 3)));
  let hiA = f64x2.replace_lane(f64x2.splat(load<f64>(hiPtr + (<usize>l0 << 3))), 1, load<f64>(hiPtr + (<usize>l1 << 3)));
  let loB = f64x2.replace_lane(f64x2.splat(load<f64>(winPtr + (<usize>l2 << 3))), 1, load<f64>(winPtr + (<usize>l3 << 3)));
  let hiB = f64x2.replace_lane(f64x2.splat(load<f64>(hiPtr + (<usize>l2 << 3))), 1, load<f64>(hiPtr + (<usize>l3 << 3)));
  const s0 = f64x2.splat(offsetof<S>() > 0 ? load<f64>(geoPtr, 0) : 0);
  const s1 = f64x2.splat(offsetof<S>() > 8 ? load<f64>(geoPtr, 8) : 0);
  let c0A = i64x2.splat(0); let c1A = c0A; let c0B = c0A; let c1B = c0A;
  const tp0 = scratchPtr + (<usize>q << 4);
  const tend = tp0 + (<usize>BLOCK << 6);
  let tp = tp0;
  for (;;) {
    let hit = false;
    do {
      const xA = v128.load(tp);
      const xB = v128.load(tp, 16);
      if (offsetof<S>() > 0) { c0A = i64x2.sub(c0A, f64x2.gt(xA, s0)); c0B = i64x2.sub(c0B, f64x2.gt(xB, s0)); }
      if (offsetof<S>() > 8) { c1A = i64x2.sub(c1A, f64x2.gt(xA, s1)); c1B = i64x2.sub(c1B, f64x2.gt(xB, s1)); }
      if (anyLane(v128.or(v128.or(f64x2.le(xA, loA), f64x2.ge(xA, hiA)), v128.or(f64x2.le(xB, loB), f64x2.ge(xB, hiB))))) {
        hit = true;
        break;
      }
      tp += 64;
    } while (tp < tend);
    if (!hit) break;
    const n = <i32>((tp - tp0) >> 6);
    const xA = v128.load(tp);
    const xB = v128.load(tp, 16);
    let x = f64x2.extract_lane(xA, 0);
    if (x <= f64x2.extract_lane(loA, 0) || x >= f64x2.extract_lane(hiA, 0)) {
      const l = visitAt(p0, x, l0, n);
      if (l != l0) {
        l0 = l;
        loA = f64x2.replace_lane(loA, 0, load<f64>(winPtr + (<usize>l << 3)));
        hiA = f64x2.replace_lane(hiA, 0, load<f64>(hiPtr + (<usize>l << 3)));
      }
    }
    x = f64x2.extract_lane(xA, 1);
    if (x <= f64x2.extract_lane(loA, 1) || x >= f64x2.extract_lane(hiA, 1)) {
      const l = visitAt(p0 + 1, x, l1, n);
      if (l != l1) {
        l1 = l;
        loA = f64x2.replace_lane(loA, 1, load<f64>(winPtr + (<usize>l << 3)));
        hiA = f64x2.replace_lane(hiA, 1, load<f64>(hiPtr + (<usize>l << 3)));
      }
    }
    x = f64x2.extract_lane(xB, 0);
    if (x <= f64x2.extract_lane(loB, 0) || x >= f64x2.extract_lane(hiB, 0)) {
      const l = visitAt(p0 + 2, x, l2, n);
      if (l != l2) {
        l2 = l;
        loB = f64x2.replace_lane(loB, 0, load<f64>(winPtr + (<usize>l << 3)));
        hiB = f64x2.replace_lane(hiB, 0, load<f64>(hiPtr + (<usize>l << 3)));
      }
    }
    x = f64x2.extract_lane(xB, 1);
    if (x <= f64x2.extract_lane(loB, 1) || x >= f64x2.extract_lane(hiB, 1)) {
      const l = visitAt(p0 + 3, x, l3, n);
      if (l != l3) {
        l3 = l;
        loB = f64x2.replace_lane(loB, 1, load<f64>(winPtr + (<usize>l << 3)));
        hiB = f64x2.replace_lane(hiB, 1, load<f64>(hiPtr + (<usize>l << 3)));
      }
    }
    tp += 64;
    if (tp >= tend) break;
  }
  store<i32>(lp, l0, 0);
  store<i32>(lp, l1, 4);
  store<i32>(lp, l2, 8);
  store<i32>(lp, l3, 12);
  const zero = i64x2.splat(0);
  bookCounts<S>(p0, c0A, c1A, zero, zero, 0);
  bookCounts<S>(p0 + 1, c0A, c1A, zero, zero, 1);
  bookCounts<S>(p0 + 2, c0B, c1B, zero, zero, 0);
  bookCounts<S>(p0 + 3, c0B, c1B, zero, zero, 1);
}

function bookQuadAny(unit: i32, q: i32): void {
  switch (nBasins) {
    case 1: bookQuad<S0>(unit, q); break;
    case 2: bookQuad<S1>(unit, q); break;
    default: bookQuad<S2>(unit, q); break;
  }
}

/** Adds lane `lane`'s block counts (steps above each saddle) to path p's basin counts. */
@inline function bookCounts<S>(p: i32, c0: v128, c1: v128, c2: v128, c3: v128, lane: i32): void {
  const cp = countPtr + (<usize>(p * nBasins) << 3);
  const a0 = lane == 0 ? <f64>i64x2.extract_lane(c0, 0) : <f64>i64x2.extract_lane(c0, 1);
  const a1 = lane == 0 ? <f64>i64x2.extract_lane(c1, 0) : <f64>i64x2.extract_lane(c1, 1);
  const a2 = lane == 0 ? <f64>i64x2.extract_lane(c2, 0) : <f64>i64x2.extract_lane(c2, 1);
  const a3 = lane == 0 ? <f64>i64x2.extract_lane(c3, 0) : <f64>i64x2.extract_lane(c3, 1);
  // Basin 0: steps − #above s0; basin k: #above s_{k−1} − #above s_k; the last: #above its saddle.
  if (offsetof<S>() == 0) {
    store<f64>(cp, load<f64>(cp) + <f64>BLOCK);
    return;
  }
  store<f64>(cp, load<f64>(cp) + (<f64>BLOCK - a0));
  if (offsetof<S>() == 8) { store<f64>(cp, load<f64>(cp, 8) + a0, 8); return; }
  store<f64>(cp, load<f64>(cp, 8) + (a0 - a1), 8);
  if (offsetof<S>() == 16) { store<f64>(cp, load<f64>(cp, 16) + a1, 16); return; }
  store<f64>(cp, load<f64>(cp, 16) + (a1 - a2), 16);
  if (offsetof<S>() == 24) { store<f64>(cp, load<f64>(cp, 24) + a2, 24); return; }
  store<f64>(cp, load<f64>(cp, 24) + (a2 - a3), 24);
  store<f64>(cp, load<f64>(cp, 32) + a3, 32);
}

function bookPairAny(unit: i32, q: i32, paths: i32): void {
  switch (nBasins) {
    case 1: bookPair<S0>(unit, q, paths); break;
    case 2: bookPair<S1>(unit, q, paths); break;
    case 3: bookPair<S2>(unit, q, paths); break;
    case 4: bookPair<S3>(unit, q, paths); break;
    default: bookPair<S4>(unit, q, paths); break;
  }
}

/** Whether lane l of the last stepped unit stayed, for the whole block, in the basin of its last visited minimum. */
@inline function stayedHome(l: i32, lm: i32): bool {
  if (lm <= 0) return false;
  const nb = nBasins;
  const mn = load<f64>(x0Ptr + 64 + (<usize>l << 3));
  const mx = load<f64>(x0Ptr + 128 + (<usize>l << 3));
  const k = lm - 1;
  const below = k == 0 ? -Infinity : load<f64>(geoPtr + (<usize>(k - 1) << 3));
  const above = k == nb - 1 ? Infinity : load<f64>(geoPtr + (<usize>k << 3));
  return mn > below && mx <= above;
}

/**
 * One trajectory block of `steps` ≤ BLOCK steps for `paths` paths (units = ⌈paths/8⌉). A full block
 * of noise is always drawn, as in the TS kernel. A lane whose block stayed inside the basin of its
 * last visited minimum only adds `steps` to that basin's count; any other lane is replayed in
 * scalar code with the full bookkeeping.
 */
export function trajectoryBlock(units: i32, paths: i32, steps: i32): void {
  const nb = nBasins;
  const eps = epsilon;
  for (let u = 0; u < units; u++) {
    lomaxBlock(u);
    if (steps == BLOCK) stepUnitAny(u);
    if (steps == BLOCK && sampleCount == 0 && nb <= 5) {
      // Full block without samples: per lane pair, either both paths stayed home (one add each) or
      // the vector bookkeeping runs over the block's iterates.
      // Two neighbouring pairs that both need it (four real paths, ≤ 3 basins) share one loop.
      let q = 0;
      while (q < 4) {
        const p0 = (u << 3) + (q << 1);
        if (p0 >= paths) break;
        const lm0 = load<i32>(lastPtr + (<usize>p0 << 2));
        const lm1 = p0 + 1 < paths ? load<i32>(lastPtr + (<usize>p0 << 2), 4) : 1;
        if (stayedHome(q << 1, lm0) && (p0 + 1 >= paths || stayedHome((q << 1) + 1, lm1))) {
          let cp = countPtr + (<usize>(p0 * nb + lm0 - 1) << 3);
          store<f64>(cp, load<f64>(cp) + <f64>BLOCK);
          if (p0 + 1 < paths) {
            cp = countPtr + (<usize>((p0 + 1) * nb + lm1 - 1) << 3);
            store<f64>(cp, load<f64>(cp) + <f64>BLOCK);
          }
        } else if ((q & 1) == 0 && nb <= 3 && p0 + 3 < paths && !(stayedHome((q << 1) + 2,
          load<i32>(lastPtr + (<usize>p0 << 2), 8)) && stayedHome((q << 1) + 3, load<i32>(lastPtr + (<usize>p0 << 2), 12)))) {
          bookQuadAny(u, q);
          q += 2;
          continue;
        } else bookPairAny(u, q, paths);
        q++;
      }
      continue;
    }
    for (let l = 0; l < 8; l++) {
      const p = (u << 3) + l;
      if (p >= paths) break;
      const lp = lastPtr + (<usize>p << 2);
      const lm = load<i32>(lp);
      const cp = countPtr + (<usize>(p * nb) << 3);
      let x = steps == BLOCK ? load<f64>(x0Ptr + (<usize>l << 3)) : load<f64>(xPtr + (<usize>p << 3));
      let last = lm;
      let zp = noisePtr + (<usize>l << 3);
      let n = 0;
      let nextSample = sampleCount > 0 ? sampleFirst : -1;
      let sp = samplePtr + (<usize>(p * sampleCount) << 3);
      do {
        x = sstep(x, load<f64>(zp));
        zp += 64;
        const k = basinIndex(x);
        store<f64>(cp + (<usize>k << 3), load<f64>(cp + (<usize>k << 3)) + 1.0);
        const d = x - load<f64>(geoPtr + (<usize>(nb - 1 + k) << 3));
        if (d < eps && d > -eps && last != k + 1) {
          if (last != 0) {
            const tp = transPtr + (<usize>((last - 1) * nb + k) << 3);
            store<f64>(tp, load<f64>(tp) + 1.0);
          }
          last = k + 1;
          if (visitLogPtr != 0) {
            const e = visitLogPtr + <usize>visitLogCount * 12;
            store<i32>(e, p);
            store<i32>(e, last, 4);
            store<i32>(e, n + 1, 8);
            visitLogCount++;
          }
        }
        if (n == nextSample) {
          store<f64>(sp, x);
          sp += 8;
          nextSample += sampleEvery;
        }
        n++;
      } while (n < steps);
      store<i32>(lp, last);
      store<f64>(xPtr + (<usize>p << 3), x);
    }
  }
}

// ---- probes for the accuracy tests: the lane-wise log and exp applied in place to n doubles ----

/** In place: a[i] ← log(a[i]) with the kernels' SIMD log (n even; a[i] positive normal). */
export function logArray(ptr: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) v128.store(ptr + (<usize>i << 3), vlog(v128.load(ptr + (<usize>i << 3))));
}

/** In place: a[i] ← exp(a[i]) with the kernels' SIMD exp (n even; 0 ≤ a[i] < 709). */
export function expArray(ptr: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) v128.store(ptr + (<usize>i << 3), vexp(v128.load(ptr + (<usize>i << 3))));
}

/** In place: a[i] ← f'(a[i]) with the configured landscape (the scalar replay gradient). */
export function gradArray(ptr: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(ptr + (<usize>i << 3), sgrad(load<f64>(ptr + (<usize>i << 3))));
}
