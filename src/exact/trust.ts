/**
 * When an oracle value must not be used (issue 13, must-have 3): a mean exit time that is negative,
 * not finite (beyond its log) or whose error estimate exceeds a threshold, a probability outside
 * [0, 1] or with too large an error, landing probabilities that do not add up to one. Each finding
 * names its cause and the way out; the command line refuses (exit code 2) on the first one unless
 * asked to print it marked.
 */
import type { ExactExitResult } from './exit.ts';
import type { ExactOccupancyResult } from './occupancy.ts';

/** Default largest relative error of a mean (and absolute error of a probability) that is trusted. */
export const DEFAULT_MAX_ERROR = 0.05;

/** Why a result is not trusted, and what to do about it. */
export interface TrustFinding {
  /** The quantity, e.g. `mean exit steps`, `P(exit left)`, `occupancy of basin 3`. */
  quantity: string;
  /** One sentence: what is wrong, with the numbers. */
  cause: string;
  /** One sentence: how to get a trustworthy value. */
  remedy: string;
}

const pct = (v: number) => `${(100 * v).toPrecision(3)}%`;

function probabilityFinding(
  quantity: string,
  value: number,
  error: number,
  maxError: number,
  remedy: string,
): TrustFinding | null {
  if (!Number.isFinite(value) || !Number.isFinite(error))
    return { quantity, cause: `${quantity} is not finite (${value} ± ${error})`, remedy };
  if (value < -error - 1e-12 || value > 1 + error + 1e-12)
    return { quantity, cause: `${quantity} = ${value.toPrecision(4)} lies outside [0, 1]`, remedy };
  if (error > maxError)
    return { quantity, cause: `${quantity} has an error estimate ${error.toPrecision(3)} above ${maxError}`, remedy };
  return null;
}

/**
 * Checks an exit result. The mean is judged by its relative error; probabilities by their absolute
 * error; the landing probabilities must add up to one within the threshold.
 * @param maxError threshold in (0, 1]; @default DEFAULT_MAX_ERROR
 * @returns the findings, empty when the result can be used.
 */
export function assessExactExit(r: ExactExitResult, maxError = DEFAULT_MAX_ERROR): TrustFinding[] {
  const out: TrustFinding[] = [];
  const finer = `raise --cells (now ${r.gridCells}) or use --grid adaptive, or use a larger step size than ${r.stepSize}`;
  if (!Number.isFinite(r.logMeanExitSteps) || !(r.logMeanExitSteps >= 0)) {
    out.push({
      quantity: 'mean exit steps',
      cause: `the mean exit time came out ${r.meanExitSteps} (log ${r.logMeanExitSteps}): the discretised chain does not exit`,
      remedy: `use a larger step size than ${r.stepSize}, or more cells`,
    });
  } else if (!(r.relativeError <= maxError)) {
    out.push({
      quantity: 'mean exit steps',
      cause: `the discretisation error estimate of the mean exit steps is ${pct(r.relativeError)}, above ${pct(maxError)}`,
      remedy: finer,
    });
  }
  const left = probabilityFinding('P(exit left)', r.exitedLeft.value, r.exitedLeft.errorEstimate, maxError, finer);
  if (left) out.push(left);
  for (let l = 0; l < r.landing.length; l++) {
    const v = r.landing[l];
    if (!(Number.isFinite(v) && v >= -1e-12 && v <= 1 + 1e-12))
      out.push({
        quantity: `P(land in basin ${l + 1})`,
        cause: `P(land in basin ${l + 1}) = ${v} lies outside [0, 1]`,
        remedy: finer,
      });
  }
  const total = r.landing.reduce((s, v) => s + v, 0);
  if (!(Math.abs(total - 1) <= maxError)) {
    out.push({
      quantity: 'landing probabilities',
      cause: `the landing probabilities add up to ${total.toPrecision(4)}, not 1 (their solves lost accuracy)`,
      remedy: `use a larger step size than ${r.stepSize}`,
    });
  }
  return out;
}

/** Checks an occupancy result: every share in [0, 1] with an absolute error at most `maxError`. */
export function assessExactOccupancy(o: ExactOccupancyResult, maxError = DEFAULT_MAX_ERROR): TrustFinding[] {
  const out: TrustFinding[] = [];
  const remedy = 'raise the cells per basin or use a larger step size';
  o.occupancy.forEach((v, k) => {
    const f = probabilityFinding(`occupancy of basin ${k + 1}`, v, o.errorEstimate[k], maxError, remedy);
    if (f) out.push(f);
  });
  const total = o.occupancy.reduce((s, v) => s + v, 0);
  if (!(Math.abs(total - 1) <= maxError))
    out.push({ quantity: 'occupancy', cause: `the occupancies add up to ${total}, not 1`, remedy });
  return out;
}

/** One line for a refusal: `<cause>; <remedy>`. */
export function describeFinding(f: TrustFinding): string {
  return `${f.cause}; ${f.remedy}`;
}
