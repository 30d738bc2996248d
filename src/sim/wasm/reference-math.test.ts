/**
 * The hand-written transcendentals of the WASM kernels: (1) bit-identical to V8's Math.log/Math.exp
 * (and to their TypeScript twins), Math.cos and Math.sin, (2) worst error in ulps against a 256-bit
 * BigInt reference.
 */
import { describe, expect, it } from 'vitest';
import { expFinite, logPositive } from './reference-math.ts';
import { wasmMathProbe } from './index.ts';
import { Xoshiro128 } from '../../rng/xoshiro.ts';

const P = 256n; // fractional bits of the fixed-point reference
const ONE = 1n << P;

/** Exact value of a finite double as (BigInt numerator, power-of-two exponent): x = n·2^e. */
function exactDouble(x: number): { n: bigint; e: number } {
  const f = new Float64Array([x]);
  const b = new BigUint64Array(f.buffer)[0];
  const expBits = Number((b >> 52n) & 0x7ffn);
  const mant = b & ((1n << 52n) - 1n);
  const sign = b >> 63n ? -1n : 1n;
  if (expBits === 0) return { n: sign * mant, e: -1074 };
  return { n: sign * (mant | (1n << 52n)), e: expBits - 1075 };
}

/** x·2^P rounded toward zero (x finite, |x|·2^P representable as a BigInt). */
function toFixed(x: number): bigint {
  const { n, e } = exactDouble(x);
  const s = BigInt(e) + P;
  return s >= 0n ? n << s : n / (1n << -s);
}

/** atanh(t) in fixed point for |t| ≤ 1/3 (t fixed-point). */
function atanhFixed(t: bigint): bigint {
  const t2 = (t * t) >> P;
  let term = t;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * t2) >> P;
  }
  return sum;
}

const LN2 = 2n * atanhFixed(ONE / 3n); // ln 2 = 2·atanh(1/3)

/** ln(x)·2^P for a positive double, to ~2^-250. */
function logRef(x: number): bigint {
  const { n, e } = exactDouble(x);
  // x = m·2^(e + bits − 1) with m = n / 2^(bits−1) in [1, 2).
  const bits = n.toString(2).length;
  const m = (n << P) >> BigInt(bits - 1);
  const t = ((m - ONE) << P) / (m + ONE);
  return 2n * atanhFixed(t) + BigInt(e + bits - 1) * LN2;
}

/** e^x·2^P as a (fixed-point mantissa, binary exponent) pair: e^x = mant·2^(k − P). */
function expRef(x: number): { mant: bigint; k: number } {
  return expRefFixed(toFixed(x));
}

/** atan(1/m)·2^P for an integer m ≥ 2 (Machin's series). */
function atanInv(m: bigint): bigint {
  let term = ONE / m;
  let sum = 0n;
  const m2 = m * m;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += (k & 2n ? -term : term) / k;
    term /= m2;
  }
  return sum;
}

const PI_FIXED = 16n * atanInv(5n) - 4n * atanInv(239n); // Machin: π = 16 atan(1/5) − 4 atan(1/239)

/** sin(x)·2^P and cos(x)·2^P for a double |x| ≤ 2π: exact reduction by π/2, then Taylor series. */
function sinCosRef(x: number): { sin: bigint; cos: bigint } {
  const xf = toFixed(x);
  const half = PI_FIXED / 2n;
  const q = (xf >= 0n ? xf + half / 2n : xf - half / 2n) / half;
  const r = xf - q * half;
  let s = 0n;
  let c = 0n;
  let term = ONE;
  for (let k = 0n; term !== 0n; k++) {
    // term = r^k / k!, signs by k mod 4.
    if (k % 2n === 0n) c += k % 4n === 0n ? term : -term;
    else s += k % 4n === 1n ? term : -term;
    term = (term * r) / ONE / (k + 1n);
  }
  const n = ((Number(q) % 4) + 4) % 4;
  return [
    { sin: s, cos: c },
    { sin: c, cos: -s },
    { sin: -s, cos: -c },
    { sin: -c, cos: s },
  ][n];
}

/** As {@link expRef}, for a fixed-point argument xf = x·2^P. */
function expRefFixed(xf: bigint): { mant: bigint; k: number } {
  // Round to nearest (BigInt division truncates toward zero).
  const k = Number((xf >= 0n ? xf + LN2 / 2n : xf - LN2 / 2n) / LN2);
  const r = xf - BigInt(k) * LN2;
  let term = ONE;
  let sum = 0n;
  for (let i = 1n; term !== 0n && i < 200n; i++) {
    sum += term;
    term = (term * r) / (ONE * i);
  }
  return { mant: sum, k };
}

/** |y − ref| in units of y's last place, where ref = refN·2^(refE) exactly. */
function ulpError(y: number, refN: bigint, refE: number): number {
  const { n, e } = exactDouble(y);
  // ulp(y) = 2^(e) for normal y with a 53-bit significand n.
  const shift = Math.min(e, refE) - 64;
  const yn = n << BigInt(e - shift);
  const rn = refE - shift >= 0 ? refN << BigInt(refE - shift) : refN >> BigInt(shift - refE);
  const diff = yn - rn;
  const ulp = 1n << BigInt(e - shift);
  return Math.abs(Number((diff << 20n) / ulp)) / 2 ** 20;
}

function sampleInputs(count: number, seed: number): { logs: Float64Array; exps: Float64Array } {
  const rng = new Xoshiro128([seed, 7, 11, 13]);
  const logs = new Float64Array(count);
  const exps = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const u = rng.nextUniform();
    // Kernel domains: uniforms and 1 − u near 1 (|f| < 2^-20 branch), spread-out magnitudes; exp
    // arguments as the Lomax exponent −log(v)/α produces them, plus tiny ones (|x| < 2^-28 branch).
    const kind = i % 4;
    logs[i] =
      kind === 0 ? u : kind === 1 ? 1 - u * 2 ** -24 : kind === 2 ? u * 2 ** (rng.nextUint32() % 64) : 2 ** -33 + u;
    exps[i] = kind === 3 ? u * 2 ** -30 : kind === 2 ? u * 700 : -Math.log(u) / 1.1;
  }
  return { logs, exps };
}

describe('hand-written log/exp of the WASM kernels', () => {
  it('are bit-identical to Math.log/Math.exp and to their TypeScript twins (200k inputs each)', () => {
    const { logs, exps } = sampleInputs(200_000, 1);
    exps[0] = 1.0; // V8's special case e^1
    const wl = wasmMathProbe('log', logs);
    const we = wasmMathProbe('exp', exps);
    let badLog = 0;
    let badExp = 0;
    for (let i = 0; i < logs.length; i++) {
      const m = Math.log(logs[i]);
      if (!Object.is(wl[i], m) || !Object.is(logPositive(logs[i]), m)) badLog++;
      const e = Math.exp(exps[i]);
      if (!Object.is(we[i], e) || !Object.is(expFinite(exps[i]), e)) badExp++;
    }
    expect({ badLog, badExp }).toEqual({ badLog: 0, badExp: 0 });
  });

  it('cos (Gaussian noise) is bit-identical to Math.cos on (0, 2π], including near multiples of π/2', () => {
    const rng = new Xoshiro128([3, 5, 7, 9]);
    const xs = new Float64Array(200_000);
    for (let i = 0; i < xs.length; i++) {
      const u = rng.nextUniform();
      // Half as the kernel draws them (2π·u), half within ~1e-9 of kπ/2 (second reduction round).
      xs[i] = i % 2 ? 2 * Math.PI * u : ((1 + (i % 8) / 2) * Math.PI) / 2 + (u - 0.5) * 2 ** -(20 + (i % 13));
    }
    const c = wasmMathProbe('cos', xs);
    let bad = 0;
    for (let i = 0; i < xs.length; i++) if (!Object.is(c[i], Math.cos(xs[i]))) bad++;
    expect(bad).toBe(0);
  });

  it('sin and cos (stable noise) are bit-identical to Math.sin/Math.cos on [−π, π], near kπ/2 too', () => {
    const rng = new Xoshiro128([4, 6, 8, 10]);
    const xs = new Float64Array(100_000);
    for (let i = 0; i < xs.length; i++) {
      const u = rng.nextUniform();
      // As the stable sampler makes them (αV, V − αV with V = π(u − ½)), tiny ones (no reduction,
      // |x| < 2^-27), and within ~1e-9 of ±kπ/2 (second reduction round).
      const sign = i & 1 ? -1 : 1;
      const kind = i % 4;
      xs[i] =
        kind < 2
          ? 1.9 * Math.PI * (u - 0.5)
          : kind === 2
            ? sign * u * 2 ** -(i % 40)
            : sign * (((1 + (i % 3)) * Math.PI) / 2 + (u - 0.5) * 2 ** -(20 + (i % 13)));
    }
    const sn = wasmMathProbe('sin', xs);
    const cs = wasmMathProbe('cos', xs);
    let badSin = 0;
    let badCos = 0;
    for (let i = 0; i < xs.length; i++) {
      if (!Object.is(sn[i], Math.sin(xs[i]))) badSin++;
      if (!Object.is(cs[i], Math.cos(xs[i]))) badCos++;
    }
    expect({ badSin, badCos }).toEqual({ badSin: 0, badCos: 0 });
  });

  it('sin and cos stay within 1 ulp of a 256-bit reference on [−π, π] (3000 inputs)', () => {
    const rng = new Xoshiro128([12, 14, 16, 18]);
    const xs = new Float64Array(3000).map(() => Math.PI * (2 * rng.nextUniform() - 1));
    const sn = wasmMathProbe('sin', xs);
    const cs = wasmMathProbe('cos', xs);
    let worstSin = 0;
    let worstCos = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = sinCosRef(xs[i]);
      worstSin = Math.max(worstSin, ulpError(sn[i], r.sin, -Number(P)));
      worstCos = Math.max(worstCos, ulpError(cs[i], r.cos, -Number(P)));
    }
    console.log(`worst error: sin ${worstSin.toFixed(3)} ulp, cos ${worstCos.toFixed(3)} ulp`);
    expect(worstSin).toBeLessThan(1);
    expect(worstCos).toBeLessThan(1);
    // The reference itself, on correctly rounded values.
    // sin 1 = 0.84147098480789650665…, cos 1 = 0.54030230586813971740…, cos 3 = −0.98999249660044545727…
    expect(ulpError(0.8414709848078965, sinCosRef(1).sin, -Number(P))).toBeLessThanOrEqual(0.5);
    expect(ulpError(0.5403023058681398, sinCosRef(1).cos, -Number(P))).toBeLessThanOrEqual(0.5);
    expect(ulpError(-0.9899924966004454, sinCosRef(3).cos, -Number(P))).toBeLessThanOrEqual(0.5);
  });

  it('stay within 1 ulp of a 256-bit reference (worst case measured on 3000 inputs each)', () => {
    const { logs, exps } = sampleInputs(3000, 2);
    const wl = wasmMathProbe('log', logs);
    const we = wasmMathProbe('exp', exps);
    let worstLog = 0;
    let worstExp = 0;
    for (let i = 0; i < logs.length; i++) {
      if (logs[i] === 1) continue;
      worstLog = Math.max(worstLog, ulpError(wl[i], logRef(logs[i]), -Number(P)));
      const r = expRef(exps[i]);
      worstExp = Math.max(worstExp, ulpError(we[i], r.mant, r.k - Number(P)));
    }
    // fdlibm's documented bound is < 1 ulp; a broken polynomial or reduction gives ≫ 1.
    console.log(`worst error: log ${worstLog.toFixed(3)} ulp, exp ${worstExp.toFixed(3)} ulp`);
    expect(worstLog).toBeLessThan(1);
    expect(worstExp).toBeLessThan(1);
    // The reference itself is checked on correctly rounded constants (≤ 0.5 ulp away by definition).
    expect(ulpError(Math.LN10, logRef(10), -Number(P))).toBeLessThanOrEqual(0.5);
    expect(ulpError(Math.LN2 * 64, logRef(2 ** 64), -Number(P))).toBeLessThanOrEqual(0.5);
    const e1 = expRef(1);
    expect(ulpError(Math.E, e1.mant, e1.k - Number(P))).toBeLessThanOrEqual(0.5);
  });

  it('pow(a, 0.6) of the WASM paper gradient, exp(0.6·log a), stays within 4 ulp of the truth', () => {
    // a = 0.05·|1.65 − x| over the box [−1.6, 1.6]: [0.0025, 0.1625].
    let worst = 0;
    let worstVsV8 = 0;
    let identical = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const a = 0.0025 + (0.16 * (i + 0.5)) / n;
      const ours = expFinite(logPositive(a) * 0.6);
      const r = expRefFixed((toFixed(0.6) * logRef(a)) >> P);
      worst = Math.max(worst, ulpError(ours, r.mant, r.k - Number(P)));
      const v8 = Math.pow(a, 0.6);
      worstVsV8 = Math.max(worstVsV8, Math.abs(ours - v8) / exactDoubleUlp(v8));
      if (ours === v8) identical++;
    }
    console.log(
      `pow(a, 0.6) as exp(0.6·log a): worst ${worst.toFixed(2)} ulp from the truth, ${worstVsV8} ulp from Math.pow, identical on ${identical}/${n}`,
    );
    expect(worst).toBeLessThan(4);
    expect(worstVsV8).toBeLessThanOrEqual(4);
  });
});

/** The ulp of a positive normal double. */
function exactDoubleUlp(y: number): number {
  return 2 ** exactDouble(y).e;
}
