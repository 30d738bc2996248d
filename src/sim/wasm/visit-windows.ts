/**
 * The trajectory kernel's visit windows (assembly/kernel.ts, `winPtr`), computed exactly in doubles.
 */
const f64Bits = new Float64Array(1);
const i64Bits = new BigInt64Array(f64Bits.buffer);
const SIGN = -(1n << 63n);
/** The order key of +∞ (its bits); −∞ has the key −INF_KEY. */
const INF_KEY = 0x7ff0000000000000n;

/** A key that orders doubles as numbers: ±0 → 0, the next double up → key + 1 (NaN excluded). */
function keyOf(x: number): bigint {
  f64Bits[0] = x;
  const b = i64Bits[0];
  return b >= 0n ? b : -(b & ~SIGN);
}

function fromKey(k: bigint): number {
  i64Bits[0] = k >= 0n ? k : -k | SIGN;
  return f64Bits[0];
}

/**
 * The least double x (−∞ and +∞ included) with `pred(x)`, for a predicate that is monotone
 * (false below some point, true from it on); +∞ when it holds nowhere. Bisection over the order
 * keys: at most 64 evaluations whatever the distance in doubles (stepping one double at a time from
 * m − ε does not end when m − ε is 0 or close to it: between 0 and ~ulp(m)/2 lie ~2^62 doubles).
 */
function leastTrue(pred: (x: number) => boolean): number {
  let lo = -INF_KEY;
  let hi = INF_KEY;
  if (pred(fromKey(lo))) return -Infinity;
  if (!pred(fromKey(hi))) return Infinity;
  // pred(lo) false, pred(hi) true.
  while (hi - lo > 1n) {
    const mid = (lo + hi) >> 1n;
    if (pred(fromKey(mid))) hi = mid;
    else lo = mid;
  }
  return fromKey(hi);
}

/**
 * The kernel's visit windows (see `winPtr` in assembly/kernel.ts): for a path whose last visited
 * minimum is L (1-based; 0 = none), lo[L] and hi[L] such that no x with lo[L] < x < hi[L] is a visit
 * under the contract's test (x − m_k within ±ε of the minimum of its basin k, k ≠ L). A visit to
 * some m_j with j > L needs x − m_j > −ε in floating point, hence x − m_{L+1} > −ε (subtraction is
 * monotone), hence x ≥ hi[L], the least double with x − m_{L+1} > −ε; likewise below with
 * m_{L−1}: x ≤ lo[L], the greatest double with x − m_{L−1} < ε. Both are found by bisection over
 * the doubles (the predicates are monotone in x), so the bounds are exact, not estimates, for any ε
 * (an ε that no double satisfies, NaN or ≤ 0, gives a window that only the infinities leave).
 * L = 0 gets the empty window (+∞, −∞): every step is tested until the first visit.
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
      hi[L] = leastTrue((x) => x - m > -eps);
    }
    if (L === 1) lo[L] = -Infinity;
    else {
      // The greatest x with x − m < ε is the double just below the least x with !(x − m < ε).
      const m = minima[L - 2];
      const first = leastTrue((x) => !(x - m < eps));
      lo[L] = first === -Infinity ? -Infinity : fromKey(keyOf(first) - 1n);
    }
  }
  return { lo, hi };
}
