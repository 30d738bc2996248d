/**
 * The trajectory kernel's visit windows (assembly/kernel.ts, `winPtr`), computed exactly in doubles.
 */
const f64Bits = new Float64Array(1);
const u64Bits = new BigUint64Array(f64Bits.buffer);

/** The next double above (`dir` = 1) or below (−1) a finite x. */
function nextDouble(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * Number.MIN_VALUE;
  f64Bits[0] = x;
  u64Bits[0] += x > 0 === dir > 0 ? 1n : -1n;
  return f64Bits[0];
}

/**
 * The kernel's visit windows (see `winPtr` in assembly/kernel.ts): for a path whose last visited
 * minimum is L (1-based; 0 = none), lo[L] and hi[L] such that no x with lo[L] < x < hi[L] is a visit
 * under the contract's test (x − m_k within ±ε of the minimum of its basin k, k ≠ L). A visit to
 * some m_j with j > L needs x − m_j > −ε in floating point, hence x − m_{L+1} > −ε (subtraction is
 * monotone), hence x ≥ hi[L], the least double with x − m_{L+1} > −ε; likewise below with
 * m_{L−1}. Found by stepping doubles from m ∓ ε, so the bounds are exact, not estimates. L = 0 gets
 * the empty window (+∞, −∞): every step is tested until the first visit.
 */
export function visitWindows(minima: readonly number[], eps: number): { lo: Float64Array; hi: Float64Array } {
  const nb = minima.length;
  const lo = new Float64Array(nb + 1);
  const hi = new Float64Array(nb + 1);
  lo[0] = Infinity;
  hi[0] = -Infinity;
  for (let L = 1; L <= nb; L++) {
    if (L === nb) hi[L] = Infinity;
    else {
      const m = minima[L];
      let x = m - eps;
      while (x - m > -eps) x = nextDouble(x, -1);
      while (!(x - m > -eps)) x = nextDouble(x, 1);
      hi[L] = x;
    }
    if (L === 1) lo[L] = -Infinity;
    else {
      const m = minima[L - 2];
      let x = m + eps;
      while (!(x - m < eps)) x = nextDouble(x, -1);
      while (nextDouble(x, 1) - m < eps) x = nextDouble(x, 1);
      lo[L] = x;
    }
  }
  return { lo, hi };
}
