/**
 * Calibrates the null distribution of Stephens' modified KS statistic for exponentiality with the
 * mean estimated, S = (D − 0.2/n)(√n + 0.26 + 0.5/√n), and prints the table of
 * `ks-exponential-table.ts` (pairs [S, P(S > s)] at fixed upper-tail probabilities).
 *
 * Run: `npx tsx src/stats/calibrate-ks-exponential.ts calibrate [scale]` prints the table (for each
 * n of CALIBRATION_SIZES, the empirical upper quantiles of S at CALIBRATION_PROBABILITIES from
 * scale × the listed replicates); `... check` measures the size of the resulting p-value at sample
 * sizes not in the table. The statistic is scale-free (the mean is estimated), so Exp(1) samples
 * suffice. Streams `{ seed: 'ks-exponential-calibration', path: 'n=<n>' }`: reproducible bit for bit.
 *
 * Why a table per n: Stephens' modification makes the upper tail (p ≤ 0.1) nearly free of n (a
 * single n = 100 table, 2·10⁶ replicates, gave tail fractions within Monte Carlo error of the
 * nominal 0.1 / 0.05 / 0.01 / 0.001 at n = 10…2000), but not the body: the tabled median of n = 100
 * has P(S > q) = 0.467 at n = 10 and 0.525 at n = 2000. Interpolating in 1/√n between per-n tables
 * keeps the p-value close to uniform over its whole range. Held-out check (`check`, 2026-11-26;
 * 200,000 replicates at n = 8, 15, 200 and 50,000 at n = 1000, 5000): P(p < level) at levels
 * 0.5 / 0.1 / 0.05 / 0.01 / 0.001 ranged over 0.497–0.503 / 0.098–0.102 / 0.048–0.051 /
 * 0.0098–0.0104 / 0.0009–0.0011, all within Monte Carlo error. A full `calibrate` takes ~2 min.
 */
import { openStream } from '../rng/seeds.ts';
import type { RandomStream } from '../rng/xoshiro.ts';
import { ksExponentialPValue, ksStatisticSorted } from './ks.ts';

/** Upper-tail probabilities the table is calibrated at. */
export const CALIBRATION_PROBABILITIES = [
  0.999, 0.99, 0.975, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.075, 0.05, 0.025, 0.01, 0.005,
  0.0025, 0.001, 0.0005, 0.0002, 0.0001,
];

/**
 * Draws `replicates` values of the modified statistic for samples of size n from Exp(1).
 * @param rng - the stream (first argument: CONVENTIONS.md).
 */
export function simulateModifiedStatistic(rng: RandomStream, n: number, replicates: number): Float64Array {
  const out = new Float64Array(replicates);
  const buf = new Float64Array(n);
  const sn = Math.sqrt(n);
  for (let r = 0; r < replicates; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = -Math.log(rng.nextUniform());
      buf[i] = x;
      sum += x;
    }
    buf.sort();
    const rate = n / sum;
    // The very function ksExponentialTest uses, so the table is for the statistic it computes.
    const d = ksStatisticSorted(buf, (x) => -Math.expm1(-x * rate));
    out[r] = (d - 0.2 / n) * (sn + 0.26 + 0.5 / sn);
  }
  out.sort();
  return out;
}

/** The (1 − p) empirical quantile of sorted values (type 7). */
function upperQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * (1 - p);
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
}

/** Sample sizes of the table, replicates at each (fewer at large n, where a replicate costs more). */
export const CALIBRATION_SIZES: ReadonlyArray<readonly [number, number]> = [
  [10, 1_000_000],
  [25, 1_000_000],
  [50, 1_000_000],
  [100, 1_000_000],
  [400, 500_000],
  [2000, 200_000],
];

function calibrate(scale: number): void {
  console.log(
    `// Produced by \`npx tsx src/stats/calibrate-ks-exponential.ts calibrate ${scale}\` (${new Date().toISOString().slice(0, 10)}).`,
  );
  console.log('export const KS_EXPONENTIAL_TABLE: ReadonlyArray<KsExponentialTableRow> = [');
  for (const [n, reps] of CALIBRATION_SIZES) {
    const r = Math.round(reps * scale);
    const t0 = Date.now();
    const sims = simulateModifiedStatistic(openStream({ seed: 'ks-exponential-calibration', path: `n=${n}` }), n, r);
    const pts = CALIBRATION_PROBABILITIES.map((p) => `[${upperQuantile(sims, p).toFixed(4)}, ${p}]`).join(', ');
    console.log(`  // ${r} replicates, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`  { n: ${n}, replicates: ${r}, points: [${pts}] },`);
  }
  console.log('];');
}

/** Held-out check: size of the interpolated p-value at a few levels, at sample sizes not in the table. */
function check(): void {
  for (const n of [8, 15, 200, 1000, 5000]) {
    const reps = n >= 1000 ? 50_000 : 200_000;
    const sims = simulateModifiedStatistic(openStream({ seed: 'ks-exponential-check', path: `n=${n}` }), n, reps);
    const levels = [0.5, 0.2, 0.1, 0.05, 0.01, 0.001];
    const counts = levels.map((a) => sims.reduce((c, s) => c + (ksExponentialPValue(s, n) < a ? 1 : 0), 0) / reps);
    console.log(
      `n = ${n} (${reps} reps): P(p < level) = ${levels.map((a, i) => `${a}:${counts[i].toPrecision(3)}`).join(' ')}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'check') check();
  else calibrate(Number(process.argv[3] ?? 1));
}
