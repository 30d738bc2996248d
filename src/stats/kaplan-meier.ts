/**
 * Kaplan–Meier product-limit estimate of a survival curve from right-censored data, with Greenwood
 * pointwise confidence bands and the median with its Brookmeyer–Crowley interval.
 */
import { checkChoice } from '../core/guards.ts';
import { twoSidedZ } from './normal.ts';
import { checkConfidence, checkFlags, checkOptions, checkSamples, type Samples } from './validate.ts';

/** Options of {@link estimateKaplanMeier}. */
export interface KaplanMeierOptions {
  /** Pointwise two-sided confidence level in (0, 1). @default 0.95 */
  confidence?: number;
  /**
   * Band transform. `'log-log'`: Greenwood on log(−log S) (Kalbfleisch–Prentice; stays in [0, 1]
   * and covers better in small samples); `'plain'`: S ± z·S·√Σ d/(n(n−d)), clipped to [0, 1].
   * @default 'log-log'
   */
  ciType?: 'log-log' | 'plain';
}

/** Result of {@link estimateKaplanMeier}: the curve at its distinct event times (a step function). */
export interface KaplanMeierResult {
  /** The estimated median (first event time with S ≤ ½; Infinity when S never drops to ½). */
  statistic: number;
  median: number;
  /** Brookmeyer–Crowley interval of the median: the times whose band contains ½. */
  medianCi: [number, number];
  /** Distinct event times, increasing; S(t) holds on [times[j], times[j+1]). */
  times: Float64Array;
  /** S(times[j]) (after the events at times[j]). */
  survival: Float64Array;
  /** Lower / upper pointwise confidence band at times[j]. */
  lower: Float64Array;
  upper: Float64Array;
  /** Greenwood standard error of S(times[j]). */
  standardError: Float64Array;
  /** Number at risk just before times[j], and events at times[j]. */
  atRisk: Float64Array;
  eventsAt: Float64Array;
  /** Total events and censored observations. */
  events: number;
  censored: number;
  confidence: number;
  method: string;
}

const API = 'estimateKaplanMeier';

/**
 * The pointwise band [lo, hi] around Ŝ = `s` with Greenwood sum `greenwood` (standard error `se`):
 * degenerate at S = 0 and where no variance has accrued; clamped to [0, 1] when plain.
 */
function pointwiseBand(
  s: number,
  se: number,
  greenwood: number,
  z: number,
  ciType: 'log-log' | 'plain',
): [number, number] {
  if (s <= 0) return [0, 0];
  if (s >= 1 || greenwood === 0) return [s, s];
  if (ciType === 'plain') return [Math.max(0, s - z * se), Math.min(1, s + z * se)];
  // Var[log(−log S)] ≈ Greenwood / (log S)²; S^{exp(±z·σ)} keeps the band inside [0, 1].
  const sigma = Math.sqrt(greenwood) / Math.abs(Math.log(s));
  return [Math.pow(s, Math.exp(z * sigma)), Math.pow(s, Math.exp(-z * sigma))];
}

/** The first time at which the curve `ys` (survival or a band edge) is ½ or below; ∞ if never. */
function firstAtOrBelowHalf(times: readonly number[], ys: readonly number[]): number {
  for (let j = 0; j < ys.length; j++) if (ys[j] <= 0.5) return times[j];
  return Infinity;
}

/**
 * Kaplan–Meier estimate Ŝ(t) = Π_{tⱼ ≤ t} (1 − dⱼ/nⱼ) with Greenwood variance
 * Ŝ² Σ dⱼ/(nⱼ(nⱼ − dⱼ)). Ties: events at a time precede censorings at the same time (the usual
 * convention: a run censored at t was at risk at t). O(n log n).
 *
 * @param times - observed times ≥ 0.
 * @param censored - per time, true (or 1) when censored; omit when none are.
 * @throws InputError (ERR_INVALID_OPTION) on bad times, flags or options.
 * @example
 * const rng = openStream({ seed: 2, path: 'doc' });
 * const t = Array.from({ length: 200 }, () => -Math.log(rng.nextUniform()));
 * estimateKaplanMeier(t.map((x) => Math.min(x, 1.5)), t.map((x) => x > 1.5)).median; // ≈ ln 2
 */
export function estimateKaplanMeier(
  times: Samples,
  censored?: ArrayLike<boolean | number>,
  options?: KaplanMeierOptions,
): KaplanMeierResult {
  checkSamples(API, 'times', times, { min: 0 });
  const flags = censored === undefined ? undefined : checkFlags(API, 'censored', censored, times.length);
  const opts = checkOptions<KaplanMeierOptions>(API, options);
  const confidence = checkConfidence(API, opts.confidence);
  const ciType = checkChoice(API, 'ciType', opts.ciType ?? 'log-log', ['log-log', 'plain'] as const);
  const z = twoSidedZ(confidence);

  const n = times.length;
  const order = Array.from({ length: n }, (_, i) => i);
  // Sort by time, events before censorings at equal times.
  const isCensored = (i: number): number => (flags && flags[i] ? 1 : 0);
  order.sort((a, b) => times[a] - times[b] || isCensored(a) - isCensored(b));

  const outT: number[] = [];
  const outS: number[] = [];
  const outLo: number[] = [];
  const outHi: number[] = [];
  const outSe: number[] = [];
  const outN: number[] = [];
  const outD: number[] = [];
  let s = 1;
  let greenwood = 0;
  let atRisk = n;
  let totalEvents = 0;
  let i = 0;
  while (i < n) {
    const t = times[order[i]];
    let d = 0;
    let c = 0;
    while (i < n && times[order[i]] === t) {
      if (isCensored(order[i])) c++;
      else d++;
      i++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      // nⱼ = dⱼ makes S = 0 and the Greenwood term infinite; the band collapses to 0 there.
      greenwood += atRisk > d ? d / (atRisk * (atRisk - d)) : 0;
      const se = s * Math.sqrt(greenwood);
      const [lo, hi] = pointwiseBand(s, se, greenwood, z, ciType);
      outT.push(t);
      outS.push(s);
      outLo.push(lo);
      outHi.push(hi);
      outSe.push(se);
      outN.push(atRisk);
      outD.push(d);
      totalEvents += d;
    }
    atRisk -= d + c;
  }

  const median = firstAtOrBelowHalf(outT, outS);
  // The band contains ½ from the time its lower edge reaches ½ until its upper edge does.
  const medianCi: [number, number] = [firstAtOrBelowHalf(outT, outLo), firstAtOrBelowHalf(outT, outHi)];
  return {
    statistic: median,
    median,
    medianCi,
    times: Float64Array.from(outT),
    survival: Float64Array.from(outS),
    lower: Float64Array.from(outLo),
    upper: Float64Array.from(outHi),
    standardError: Float64Array.from(outSe),
    atRisk: Float64Array.from(outN),
    eventsAt: Float64Array.from(outD),
    events: totalEvents,
    censored: n - totalEvents,
    confidence,
    method: `Kaplan-Meier with Greenwood ${ciType} pointwise bands; Brookmeyer-Crowley median interval`,
  };
}

/**
 * Evaluates a Kaplan–Meier step function at time t: Ŝ(t) = survival[j] for the last event time
 * times[j] ≤ t, 1 before the first event.
 * @example survivalAt(estimateKaplanMeier([1, 2, 3]), 2.5) // 1/3
 */
export function survivalAt(result: Pick<KaplanMeierResult, 'times' | 'survival'>, t: number): number {
  let lo = 0;
  let hi = result.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (result.times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 1 : result.survival[lo - 1];
}
