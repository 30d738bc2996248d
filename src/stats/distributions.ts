/**
 * Distribution helpers for the tests of `src/stats`: tail probabilities computed as upper tails
 * (never `1 − cdf`, which rounds to 0 past ~1e-16 and makes every p-value below that equal), and
 * quantiles.
 *
 * Sources: normal tail from @stdlib's `erfc`; Student t tail from @stdlib's regularized incomplete
 * beta (upper tail computed directly); chi-square tail from a regularized upper incomplete gamma
 * written here (series / Lentz continued fraction, Numerical Recipes §6.2), because jStat's
 * `chisquare.cdf` saturates at 1 (e.g. `1 − cdf(100, 3)` is exactly 0, the true value is 1.9e-21);
 * quantiles start from jStat (`normal.inv`, `studentt.inv`, `chisquare.inv`, `beta.inv`, accurate
 * only to ~1e-5…1e-9) and are polished by Newton steps on the accurate tails above (to ~1e-13
 * relative), on the smaller tail so that extreme levels keep their precision. Checked in
 * `distributions.test.ts` against closed forms and textbook values.
 */
import jstatPkg from 'jstat';
import erfc from '@stdlib/math-base-special-erfc';
import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';

const { jStat } = jstatPkg;

/**
 * Standard normal upper tail P(Z > z) = erfc(z/√2)/2, accurate to full relative precision far into
 * the tail (P(Z > 30) ≈ 4.9e-198).
 * @example normalSf(1.959963984540054) // 0.025
 */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Standard normal CDF P(Z ≤ z), computed as `normalSf(−z)` so that the lower tail is exact too. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in (0, 1) (jStat; ±Infinity at 0 and 1).
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  // By symmetry from the smaller tail q; jStat's start is then polished by Halley steps on
  // Φ(z) = q (error e, u = e/φ(z), z ← z − u/(1 + z·u/2)): cubic convergence, 2 steps suffice.
  const q = p > 0.5 ? 1 - p : p;
  let z = jStat.normal.inv(q, 0, 1);
  for (let i = 0; i < 3; i++) {
    const u = (normalCdf(z) - q) * Math.sqrt(2 * Math.PI) * Math.exp((z * z) / 2);
    const next = z - u / (1 + (z * u) / 2);
    if (!Number.isFinite(next)) break;
    z = next;
  }
  return p > 0.5 ? -z : z;
}

/**
 * Student t upper tail P(T > t) with `dof` > 0 degrees of freedom:
 * for t ≥ 0 it is I_{ν/(ν+t²)}(ν/2, 1/2)/2 (regularized incomplete beta).
 * @example studentTSf(2.228138851986274, 10) // 0.025
 */
export function studentTSf(t: number, dof: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const x = dof / (dof + t * t);
  // When t² < ν, x is near 1 (rounding); use 1/2 − I_{t²/(ν+t²)}(1/2, ν/2)/2 instead (small term).
  const half = x < 0.5 ? 0.5 * betainc(x, dof / 2, 0.5) : 0.5 - 0.5 * betainc((t * t) / (dof + t * t), 0.5, dof / 2);
  return t >= 0 ? half : 1 - half;
}

/** Student t quantile with `dof` > 0 degrees of freedom (jStat), p in (0, 1). */
export function studentTQuantile(p: number, dof: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (dof === Infinity) return normalQuantile(p);
  // Solve P(T > t) = q on the upper side (q = the smaller tail), then use symmetry.
  const q = p > 0.5 ? 1 - p : p;
  const logNorm = gammaln((dof + 1) / 2) - gammaln(dof / 2) - 0.5 * Math.log(dof * Math.PI);
  const pdf = (t: number): number => Math.exp(logNorm - ((dof + 1) / 2) * Math.log1p((t * t) / dof));
  const t = newtonPolish(
    -jStat.studentt.inv(q, dof),
    (x) => studentTSf(x, dof) - q,
    (x) => -pdf(x),
    0,
    Infinity,
  );
  return p > 0.5 ? t : -t;
}

/**
 * A few safeguarded Newton steps on residual(x) = 0 from a good start x0, kept inside (lo, hi);
 * stops when a step no longer shrinks the residual (the start is already at machine precision).
 */
function newtonPolish(
  x0: number,
  residual: (x: number) => number,
  derivative: (x: number) => number,
  lo: number,
  hi: number,
): number {
  let x = x0;
  let r = residual(x);
  for (let i = 0; i < 8 && r !== 0; i++) {
    let next = x - r / derivative(x);
    if (!Number.isFinite(next)) break;
    if (next <= lo) next = (x + lo) / 2;
    if (next >= hi) next = (x + hi) / 2;
    const rn = residual(next);
    if (!(Math.abs(rn) < Math.abs(r))) break;
    x = next;
    r = rn;
  }
  return x;
}

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) for a > 0, x ≥ 0. Series for
 * x < a + 1 (then Q = 1 − P is not small, no cancellation), Lentz continued fraction otherwise.
 */
export function gammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return Math.max(0, 1 - gammaPSeries(a, x));
  return gammaQFraction(a, x);
}

/**
 * Regularized lower incomplete gamma P(a, x) = 1 − Q(a, x), computed directly (series) where it is
 * the small side, so that tiny lower tails keep their relative precision.
 */
export function gammaP(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return gammaPSeries(a, x);
  return Math.max(0, 1 - gammaQFraction(a, x));
}

function gammaPSeries(a: number, x: number): number {
  const logPrefix = -x + a * Math.log(x) - gammaln(a);
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < 10_000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
  }
  return Math.min(1, sum * Math.exp(logPrefix));
}

function gammaQFraction(a: number, x: number): number {
  const logPrefix = -x + a * Math.log(x) - gammaln(a);
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/**
 * Chi-square upper tail P(χ²_k > x) = Q(k/2, x/2), k > 0 degrees of freedom.
 * @example chiSquareSf(3.841458820694124, 1) // 0.05
 */
export function chiSquareSf(x: number, dof: number): number {
  if (x <= 0) return 1;
  return gammaQ(dof / 2, x / 2);
}

/** Chi-square lower tail P(χ²_k ≤ x) = P(k/2, x/2), accurate when small. */
export function chiSquareCdf(x: number, dof: number): number {
  if (x <= 0) return 0;
  return gammaP(dof / 2, x / 2);
}

/** Chi-square quantile: the x with P(χ²_k ≤ x) = p, p in [0, 1) (jStat start, Newton polish). */
export function chiSquareQuantile(p: number, dof: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  const k2 = dof / 2;
  const logNorm = -k2 * Math.LN2 - gammaln(k2);
  const pdf = (x: number): number => Math.exp(logNorm + (k2 - 1) * Math.log(x) - x / 2);
  const x0 = jStat.chisquare.inv(p, dof);
  return p < 0.5
    ? newtonPolish(x0, (x) => chiSquareCdf(x, dof) - p, pdf, 0, Infinity)
    : newtonPolish(
        x0,
        (x) => chiSquareSf(x, dof) - (1 - p),
        (x) => -pdf(x),
        0,
        Infinity,
      );
}

/** Beta(a, b) quantile, p in [0, 1] (jStat start, Newton polish); used by Clopper–Pearson. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logNorm = gammaln(a + b) - gammaln(a) - gammaln(b);
  const pdf = (x: number): number => Math.exp(logNorm + (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x));
  const x0 = jStat.beta.inv(p, a, b);
  return p < 0.5
    ? newtonPolish(x0, (x) => betainc(x, a, b) - p, pdf, 0, 1)
    : newtonPolish(
        x0,
        (x) => betainc(x, a, b, true, true) - (1 - p),
        (x) => -pdf(x),
        0,
        1,
      );
}

/** log of the binomial probability P(X = k), X ~ Bin(n, p), via log-gamma (exact at p ∈ {0, 1}). */
export function binomialLogPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/**
 * Kolmogorov distribution upper tail P(K > λ), K = sup|B(t)| of the Brownian bridge:
 * 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} for λ ≥ 1 (fast convergence), and
 * 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} for λ < 1 (the theta-function form, which converges
 * fast where the first series does not).
 * @example kolmogorovSf(1.3580986393225507) // 0.05
 */
export function kolmogorovSf(lambda: number): number {
  if (Number.isNaN(lambda)) return NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    if (lambda < 0.04) return 1; // the CDF is below 1e-300 there
    const c = (-Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k < 100; k++) {
      const term = Math.exp(c * (2 * k - 1) * (2 * k - 1));
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  let sum = 0;
  let sign = 1;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += sign * term;
    if (term < 1e-17 * Math.abs(sum)) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
