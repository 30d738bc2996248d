/**
 * Root finding for critical points: plain bisection on a sign change, run to the last representable
 * midpoint. Slow in iterations (≤ ~1100, usually ~60) but unconditionally convergent, and it stops
 * where f' really changes sign in double precision, which is what the minima are defined by.
 */

/**
 * A root of `f` in [lo, hi], given f(lo) and f(hi) of opposite signs (or one of them 0).
 * Returns the endpoint of the final bracket nearest to a sign change.
 * @throws Error if the bracket does not change sign (a programming error, not user input).
 */
export function bisectRoot(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  const fhi = f(hi);
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi)) throw new Error(`bisectRoot: no sign change on [${lo}, ${hi}]`);
  for (let i = 0; i < 1100; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

/** Points of [a, b] (a grid of `n` intervals) where `f` changes sign strictly between grid points. */
export function signChanges(f: (x: number) => number, a: number, b: number, n: number): number[] {
  const out: number[] = [];
  let xPrev = a;
  let fPrev = f(a);
  for (let i = 1; i <= n; i++) {
    const x = a + ((b - a) * i) / n;
    const fx = f(x);
    if (fPrev !== 0 && fx !== 0 && Math.sign(fx) !== Math.sign(fPrev)) out.push(bisectRoot(f, xPrev, x));
    else if (fx === 0 && i < n) out.push(x);
    xPrev = x;
    fPrev = fx;
  }
  return out;
}
