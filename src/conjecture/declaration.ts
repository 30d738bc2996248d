/**
 * A conjecture as a declaration of the verify machinery: hypotheses, predictor (its `predict` on
 * the theory's inputs), drawn points, the observation of its quantity and the measured tolerance.
 */
import { invalidOption } from '../core/errors.ts';
import { type Seed } from '../rng/seeds.ts';
import { defineConjecture as defineDeclaration } from '../verify/define.ts';
import type { TheoremDeclaration } from '../verify/types.ts';
import { predictInputs } from './inputs.ts';
import { callPredict } from './predict.ts';
import { type AnyConjecture, isConjecture } from './spec.ts';
import { CONJECTURE_FAMILY, DRAWS_PER_TIER, RANDOM_PER_TIER, TRAJECTORY_FAMILY } from './family.ts';
import { drawPoints } from './points.ts';
import { RULES, observe } from './observation.ts';
import type { ConjecturePoint } from './quantity.ts';

/**
 * The conjecture as a declaration of the verify machinery (the internal `defineConjecture` of
 * `define.ts`), with its points drawn for `seed` (one draw per tier). Its `predict` runs under a
 * watchdog of `predictTimeoutMs` (default `PREDICT_TIMEOUT_MS`, 5 s); a failure is a one-line check
 * error whose inputs go to the check's details.
 * @throws InputError when `c` is not a conjecture.
 */
export function conjectureDeclaration(
  c: AnyConjecture,
  opts: { seed: Seed; predictTimeoutMs?: number },
): TheoremDeclaration<ConjecturePoint> {
  if (!isConjecture(c))
    throw invalidOption('conjectureDeclaration', 'conjecture', 'the value returned by defineConjecture', c);
  const rule = RULES[c.quantity];
  const trajectory = c.quantity === 'sharp-occupancy' || c.quantity === 'holding-rate';
  const points = {
    quick: drawPoints(c, opts.seed, 'quick'),
    standard: drawPoints(c, opts.seed, 'standard'),
    full: drawPoints(c, opts.seed, 'full'),
  };
  const random = [...new Set(Object.values(points).flatMap((ps) => ps.map((p) => p.landscape)))].filter((n) =>
    n.startsWith('poly:'),
  );
  const landscapes = trajectory
    ? TRAJECTORY_FAMILY.map((t) => t.name)
    : [...CONJECTURE_FAMILY.map((m) => m.name), ...random];
  const truncations = [
    ...new Set([
      ...CONJECTURE_FAMILY.flatMap((m) => m.truncations),
      ...TRAJECTORY_FAMILY.map((t) => t.truncation),
      ...Object.values(points).flatMap((ps) => ps.map((p) => p.truncation)),
    ]),
  ];
  return defineDeclaration<ConjecturePoint>({
    id: c.id,
    title: c.statement,
    source: {
      paper: 'user conjecture',
      theorem: `quantity ${c.quantity}`,
      equation: 'predict(inputs) of the conjecture file',
    },
    rationale: c.rationale ?? c.statement,
    hypotheses: [
      {
        name: 'landscape',
        description:
          "named setting of CONJECTURE_FAMILY, or a random one drawn with the run's seed (poly:<roots>;box=<L>, f' = Π(x − root))",
        values: landscapes,
      },
      { name: 'tailIndex', description: 'α of the Lomax noise', range: [1.01, 3] },
      ...(trajectory
        ? []
        : [{ name: 'pPlus', description: 'p₊ of the Lomax noise (c = 0.1)', range: [0.01, 0.99] as [number, number] }]),
      { name: 'truncation', description: 'b (none: no clipping)', values: truncations },
      {
        name: 'basin',
        description: 'start basin k (exit quantities) or widest minimum i (holding-rate)',
        range: [1, 10],
      },
      {
        name: 'target',
        description: 'landing basin l (exit-location; none otherwise)',
        values: [null, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      },
    ],
    predictor: {
      name: `conjecture.${c.id.replace(/-/g, '_')}.predict`,
      compute: (p) => {
        const inputs = predictInputs(c.quantity, p);
        return { value: callPredict(c.predict, inputs, opts.predictTimeoutMs), details: { inputs } };
      },
    },
    plan: {
      description: `${rule.test}; points drawn from the measured family with the run's seed`,
      points,
      settings: {
        quantity: c.quantity,
        drawsPerTier: { quick: DRAWS_PER_TIER.quick, standard: DRAWS_PER_TIER.standard, full: 'all' },
        ...(trajectory ? {} : { randomSettingsPerTier: { ...RANDOM_PER_TIER } }),
      },
    },
    test: {
      name: rule.test,
      run: (ctx) =>
        observe(c.quantity, ctx, (eta) =>
          callPredict(c.predict, predictInputs(c.quantity, ctx.point, eta), opts.predictTimeoutMs),
        ),
    },
    tolerance: rule.tolerance,
    budgetShare: rule.budgetShare,
  });
}
