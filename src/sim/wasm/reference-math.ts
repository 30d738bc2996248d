/**
 * Scalar TypeScript twins of the WebAssembly SIMD transcendental functions in `assembly/kernel.ts`.
 *
 * WebAssembly has no log/exp, so the SIMD kernels carry their own. We chose to re-derive, lane-wise
 * and branch-free (every branch computed, then selected), the fdlibm algorithms that V8 itself uses
 * for `Math.log` and `Math.exp` (src/base/ieee754.cc). Only IEEE-754 +, −, ×, ÷ (correctly rounded,
 * no FMA) and integer bit manipulation are used, so the same sequence of operations gives the same
 * bits in WebAssembly, in this TypeScript port, and — as the tests check on millions of inputs —
 * in V8's `Math.log` / `Math.exp`. The branch merges rely on exact identities (e.g. `0 − (a − b)`
 * equals `b − a` bit for bit under round-to-nearest), written out at each merge.
 *
 * Domain: `logPositive` needs a positive, normal, finite x (the kernels feed it uniforms in
 * [2^−33, 1) and other such values); `expFinite` needs |x| < 709 (no overflow/underflow handling).
 * Outside these domains the results are unspecified (no exception is thrown: these are hot-path
 * helpers, validated upstream).
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian: u32[1] is the high word (sign, exponent, top 20 mantissa bits).

const LN2_HI = 6.9314718036912381649e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * Natural logarithm of a positive normal double, bit-identical to the WASM SIMD `log` and (fdlibm
 * algorithm) to V8's `Math.log`. Worst error < 1 ulp (fdlibm's bound; measured in `reference-math.test.ts`).
 */
export function logPositive(x: number): number {
  f64[0] = x;
  const hx0 = u32[1] | 0;
  let k = (hx0 >> 20) - 1023;
  const hx = hx0 & 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  // Normalise the mantissa into [sqrt(2)/2, sqrt(2)).
  u32[1] = hx | (i ^ 0x3ff00000);
  k += i >> 20;
  const f = f64[0] - 1.0;
  const dk = k;
  if (((2 + hx) & 0x000fffff) < 3) {
    // |f| < 2^-20. fdlibm's k == 0 and f == 0 sub-cases equal this expression bit for bit.
    // eslint-disable-next-line no-loss-of-precision -- fdlibm's constant as written in its source; it rounds to the nearest double.
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/**
 * e^x for |x| < 709, bit-identical to the WASM SIMD `exp` and (fdlibm algorithm) to V8's `Math.exp`.
 * Worst error < 1 ulp (fdlibm's bound; measured in `reference-math.test.ts`).
 */
export function expFinite(x: number): number {
  f64[0] = x;
  const hx = u32[1] & 0x7fffffff;
  if (x === 1.0) return Math.E; // V8 special-cases e^1 (the general path is 1 ulp off there).
  if (hx < 0x3e300000) return 1.0 + x; // |x| < 2^-28
  // k = round(x/ln2) (truncation of x/ln2 ± ½); k = 0 when |x| ≤ ln2/2. fdlibm's separate
  // branch for |x| < 1.5 ln2 gives the same k, hi and lo, and its k = 0 branch equals the general
  // expression with hi = x, lo = 0 bit for bit.
  const t = hx > 0x3fd62e42 ? Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) : 0;
  const hi = x - t * LN2_HI;
  const lo = t * LN2_LO;
  const xr = hi - lo;
  const tt = xr * xr;
  const c = xr - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const y = 1.0 - (lo - (xr * c) / (2.0 - c) - hi);
  // 2^k exactly (k ≥ −1021 on the domain).
  u32[0] = 0;
  u32[1] = (0x3ff + t) << 20;
  return y * f64[0];
}
