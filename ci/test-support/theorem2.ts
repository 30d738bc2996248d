/**
 * Helpers shared by the Theorem 2 runner tests (theorems/trajectory-checks, occupancy and
 * embedded-chain tests): a check context with a pinned seed and small budget (and, for mutants, its
 * engine), and the verdict of an observation under a declaration's own tolerance. Test support only
 * (ci/test-support/ is the one place outside src/ a test in src/ may import, per ci/check-layers.mjs);
 * nothing in the product imports it.
 */
import type { Engine } from '../../src/sim/engines.ts';
import { forkLabel } from '../../src/rng/seeds.ts';
import { equivalenceVerdict, toleranceBand } from '../../src/verify/verdict.ts';
import type {
  CheckContext,
  HypothesisPoint,
  Observation,
  TheoremDeclaration,
  Verdict,
} from '../../src/verify/types.ts';

/**
 * A quick-tier check context: seed 20261126 forked by `scope` then `path`, pinned nominal speed
 * 2·10⁶ steps/s on 2 workers (as CI plans), no progress output.
 */
export function testContext<P extends HypothesisPoint = HypothesisPoint>(
  scope: string,
  path: string,
  seconds: number,
  confidence = 0.999,
  point?: P,
  engine?: Engine,
): CheckContext<P> {
  return {
    ...(engine !== undefined ? { engine } : {}),
    // Runners called without a point read no hypothesis from it: the empty point stands in.
    checkId: path,
    theoremId: path,
    point: point ?? ({} as P),
    pointLabel: 'p',
    trial: 0,
    tier: 'quick',
    label: forkLabel({ seed: 20261126, path: scope }, path),
    confidence,
    prediction: { value: NaN },
    timeBudgetSeconds: seconds,
    settings: {},
    kernelStepsPerSecond: 2e6,
    workers: 2,
    progress: () => {},
  };
}

/** The declaration's predicted value at `point`. */
export function predictedOf(decl: TheoremDeclaration, point: HypothesisPoint): number {
  const raw = decl.predictor.compute(point);
  return typeof raw === 'number' ? raw : raw.value;
}

/** The declaration's prediction at `point` and the TOST verdict of `o` in its tolerance band. */
export function verdictOf(
  decl: TheoremDeclaration,
  point: HypothesisPoint,
  o: Observation,
): { predicted: number; verdict: Verdict } {
  const predicted = predictedOf(decl, point);
  const verdict = equivalenceVerdict(o.ci, toleranceBand(predicted, decl.tolerance));
  if (process.env.T2_DEBUG)
    console.log(decl.id, predicted, o.estimate, o.ci, toleranceBand(predicted, decl.tolerance), verdict);
  return { predicted, verdict };
}
