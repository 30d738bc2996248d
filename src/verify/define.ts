/**
 * `defineTheorem` / `defineConjecture`: validate a declaration once, at the boundary, so that the
 * machinery never meets a malformed one. Every problem raises the one InputError shape naming the
 * declaration and the field.
 */
import { invalidOption } from '../core/errors.ts';
import type {
  ExperimentPlan,
  HypothesisPoint,
  HypothesisRange,
  HypothesisValue,
  TheoremDeclaration,
  TheoremSummary,
  Tier,
} from './types.ts';
import { TIERS } from './types.ts';

/** Ids are path components of seeds and replay commands: lower-case words joined by `-`. */
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * The canonical label of a point: `name=value` in hypothesis order, joined by `,`. It is a path
 * component of the check's stream, so it never contains `/` and is stable across runs.
 * Numbers print with `String` (shortest round-trip form); `null` prints `none`.
 */
export function pointLabel(hypotheses: readonly HypothesisRange[], point: HypothesisPoint): string {
  return hypotheses.map((h) => `${h.name}=${formatValue(point[h.name])}`).join(',');
}

function formatValue(v: HypothesisValue | undefined): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'number') return v === Infinity ? 'inf' : String(v);
  return String(v);
}

function nonEmpty(api: string, name: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw invalidOption(api, name, 'a non-empty string', v);
  return v;
}

function checkHypotheses(api: string, hs: unknown): readonly HypothesisRange[] {
  if (!Array.isArray(hs) || hs.length === 0)
    throw invalidOption(api, 'hypotheses', 'a non-empty array of {name, description, range?, values?}', hs);
  const seen = new Set<string>();
  hs.forEach((h: HypothesisRange, i) => {
    const where = `hypotheses[${i}]`;
    if (typeof h !== 'object' || h === null)
      throw invalidOption(api, where, 'an object {name, description, range?, values?}', h);
    if (typeof h.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(h.name)) {
      throw invalidOption(api, `${where}.name`, 'an identifier (letters, digits, _)', h.name);
    }
    if (seen.has(h.name)) throw invalidOption(api, `${where}.name`, 'a name not used by another hypothesis', h.name);
    seen.add(h.name);
    nonEmpty(api, `${where}.description`, h.description);
    if (h.range !== undefined) {
      const r = h.range;
      if (
        !Array.isArray(r) ||
        r.length !== 2 ||
        typeof r[0] !== 'number' ||
        typeof r[1] !== 'number' ||
        Number.isNaN(r[0]) ||
        Number.isNaN(r[1]) ||
        r[0] > r[1]
      ) {
        throw invalidOption(api, `${where}.range`, '[min, max] with min ≤ max', r);
      }
    }
    if (h.values !== undefined && (!Array.isArray(h.values) || h.values.length === 0)) {
      throw invalidOption(api, `${where}.values`, 'a non-empty array', h.values);
    }
    if (h.range === undefined && h.values === undefined) {
      throw invalidOption(
        api,
        where,
        'a `range` or a `values` list (a hypothesis without a domain cannot be checked)',
        h.name,
      );
    }
  });
  return hs;
}

function valueInRange(h: HypothesisRange, v: HypothesisValue): boolean {
  if (
    h.values !== undefined &&
    !h.values.some(
      (a) => a === v || (typeof a === 'number' && typeof v === 'number' && Number.isNaN(a) && Number.isNaN(v)),
    )
  )
    return false;
  if (h.range !== undefined) {
    if (typeof v !== 'number' || Number.isNaN(v)) return h.values !== undefined; // e.g. null = ∞ listed in values
    if (v < h.range[0] || v > h.range[1]) return false;
  }
  return true;
}

function checkPoints(api: string, hs: readonly HypothesisRange[], tier: Tier, points: unknown): void {
  const where = `plan.points.${tier}`;
  if (!Array.isArray(points)) throw invalidOption(api, where, 'an array of hypothesis points (may be empty)', points);
  const labels = new Set<string>();
  points.forEach((p: HypothesisPoint, i) => {
    const at = `${where}[${i}]`;
    if (typeof p !== 'object' || p === null) throw invalidOption(api, at, 'an object {hypothesis: value}', p);
    const keys = Object.keys(p);
    for (const k of keys) {
      if (!hs.some((h) => h.name === k))
        throw invalidOption(
          api,
          `${at}.${k}`,
          `one of the declared hypotheses (${hs.map((h) => h.name).join(', ')})`,
          k,
        );
    }
    for (const h of hs) {
      if (!(h.name in p))
        throw invalidOption(api, `${at}.${h.name}`, 'a value (every hypothesis needs one)', undefined);
      const v = p[h.name];
      if (!valueInRange(h, v)) {
        const domain = [
          h.range ? `in [${h.range[0]}, ${h.range[1]}]` : '',
          h.values ? `one of ${JSON.stringify(h.values)}` : '',
        ]
          .filter(Boolean)
          .join(' or ');
        throw invalidOption(api, `${at}.${h.name}`, `a value ${domain}`, v);
      }
      if (typeof v === 'string' && /[/\s]/.test(v))
        throw invalidOption(api, `${at}.${h.name}`, 'a string without `/` or spaces (it is part of a seed path)', v);
    }
    const label = pointLabel(hs, p);
    if (labels.has(label)) throw invalidOption(api, at, 'a point not listed twice in the same tier', label);
    labels.add(label);
  });
}

/** `plan.weights`: per tier, one finite weight > 0 per point of the tier. */
function checkWeights(at: string, plan: ExperimentPlan): void {
  if (plan.weights === undefined) return;
  if (typeof plan.weights !== 'object' || plan.weights === null)
    throw invalidOption(at, 'plan.weights', 'an object {quick?, standard?, full?} of weight arrays', plan.weights);
  for (const [t, w] of Object.entries(plan.weights)) {
    const points = (plan.points as Record<string, readonly unknown[] | undefined>)[t];
    if (!points) throw invalidOption(at, 'plan.weights', `a tier among ${TIERS.join(', ')}`, t);
    if (!Array.isArray(w) || w.length !== points.length || !w.every((x) => Number.isFinite(x) && x > 0))
      throw invalidOption(
        at,
        `plan.weights.${t}`,
        `an array of ${points.length} finite numbers > 0 (one per point of the tier)`,
        w,
      );
  }
}

function build<P extends HypothesisPoint>(
  api: string,
  kind: 'theorem' | 'conjecture',
  decl: Omit<TheoremDeclaration<P>, 'kind'>,
): TheoremDeclaration<P> {
  if (typeof decl !== 'object' || decl === null) throw invalidOption(api, 'declaration', 'an object', decl);
  if (typeof decl.id !== 'string' || !ID_PATTERN.test(decl.id)) {
    throw invalidOption(api, 'id', 'lower-case words joined by `-` (e.g. exit-time-order)', decl.id);
  }
  const at = `${api}(${decl.id})`;
  nonEmpty(at, 'title', decl.title);
  const s = decl.source;
  if (typeof s !== 'object' || s === null) throw invalidOption(at, 'source', 'an object {paper, theorem, equation}', s);
  nonEmpty(at, 'source.paper', s.paper);
  nonEmpty(at, 'source.theorem', s.theorem);
  nonEmpty(at, 'source.equation', s.equation);
  if (kind === 'conjecture') nonEmpty(at, 'rationale', decl.rationale);
  const hs = checkHypotheses(at, decl.hypotheses);
  const pr = decl.predictor;
  if (typeof pr !== 'object' || pr === null || typeof pr.compute !== 'function') {
    throw invalidOption(
      at,
      'predictor',
      'a {name, compute(point)} reference to a function of src/theory (never a retyped number)',
      pr,
    );
  }
  if (typeof pr.name !== 'string' || !/^[A-Za-z][\w.]*$/.test(pr.name)) {
    throw invalidOption(at, 'predictor.name', 'a dotted function name, e.g. theory.exitOrder', pr.name);
  }
  const plan = decl.plan;
  if (typeof plan !== 'object' || plan === null)
    throw invalidOption(at, 'plan', 'an object {description, points, trials?, settings?}', plan);
  nonEmpty(at, 'plan.description', plan.description);
  if (typeof plan.points !== 'object' || plan.points === null)
    throw invalidOption(at, 'plan.points', 'an object {quick, standard, full} of point arrays', plan.points);
  for (const t of TIERS) checkPoints(at, hs, t, plan.points[t]);
  checkWeights(at, plan);
  if (plan.trials !== undefined && !(Number.isInteger(plan.trials) && plan.trials >= 1 && plan.trials <= 1000)) {
    throw invalidOption(at, 'plan.trials', 'an integer in [1, 1000]', plan.trials);
  }
  const test = decl.test;
  if (typeof test !== 'object' || test === null || typeof test.run !== 'function') {
    throw invalidOption(at, 'test', 'an object {name, run(ctx)}', test);
  }
  nonEmpty(at, 'test.name', test.name);
  const tol = decl.tolerance;
  if (typeof tol !== 'object' || tol === null)
    throw invalidOption(at, 'tolerance', 'an object {value, scale, reason}', tol);
  if (typeof tol.value !== 'number' || !Number.isFinite(tol.value) || tol.value < 0) {
    throw invalidOption(at, 'tolerance.value', 'a finite number ≥ 0', tol.value);
  }
  if (tol.scale !== 'absolute' && tol.scale !== 'relative')
    throw invalidOption(at, 'tolerance.scale', "'absolute' or 'relative'", tol.scale);
  if (tol.scale === 'relative' && tol.value >= 1)
    throw invalidOption(at, 'tolerance.value', 'a relative tolerance in [0, 1)', tol.value);
  if (typeof tol.reason !== 'string' || tol.reason.trim().length < 10) {
    throw invalidOption(
      at,
      'tolerance.reason',
      'a written reason (at least a sentence: where does the width come from?)',
      tol.reason,
    );
  }
  if (typeof decl.budgetShare !== 'number' || !Number.isFinite(decl.budgetShare) || decl.budgetShare <= 0) {
    throw invalidOption(at, 'budgetShare', 'a finite number > 0', decl.budgetShare);
  }
  return Object.freeze({ ...decl, kind });
}

/**
 * Declares a theorem: validates every field and returns the frozen declaration.
 * @throws InputError (`ERR_INVALID_OPTION`) naming the field, e.g.
 *   `defineTheorem(exit-time-order): invalid option \`tolerance.reason\`: expected a written reason ...`
 * @example
 *   const t = defineTheorem({ id: 'exit-time-order', title: 'γ = 1 + l*(α−1)', source: {...},
 *     hypotheses: [{ name: 'tailIndex', description: 'α', range: [1.01, 2] }],
 *     predictor: { name: 'theory.exitOrder', compute: (p) => exitOrder(p) }, plan, test,
 *     tolerance: { value: 0.08, scale: 'absolute', reason: 'finite-η bias measured at ...' }, budgetShare: 1 });
 */
export function defineTheorem<P extends HypothesisPoint>(
  decl: Omit<TheoremDeclaration<P>, 'kind'>,
): TheoremDeclaration<P> {
  return build('defineTheorem', 'theorem', decl);
}

/**
 * Declares a conjecture: like `defineTheorem`, plus a required `rationale` (why the claim is
 * expected). Reports mark conjectures apart; their verdicts are evidence, not proof checks.
 * @throws InputError (`ERR_INVALID_OPTION`) as `defineTheorem`, and when `rationale` is missing.
 */
export function defineConjecture<P extends HypothesisPoint>(
  decl: Omit<TheoremDeclaration<P>, 'kind'>,
): TheoremDeclaration<P> {
  return build('defineConjecture', 'conjecture', decl);
}

/** The declaration as plain data (no functions), for reports and `htsgd report list`. */
export function describeTheorem(decl: TheoremDeclaration): TheoremSummary {
  return {
    id: decl.id,
    kind: decl.kind,
    title: decl.title,
    source: decl.source,
    ...(decl.rationale !== undefined ? { rationale: decl.rationale } : {}),
    hypotheses: decl.hypotheses,
    predictor: decl.predictor.name,
    plan: {
      description: decl.plan.description,
      points: decl.plan.points,
      trials: decl.plan.trials ?? 1,
      settings: decl.plan.settings ?? {},
      ...(decl.plan.weights !== undefined ? { weights: decl.plan.weights } : {}),
    },
    test: decl.test.name,
    tolerance: decl.tolerance,
    budgetShare: decl.budgetShare,
  };
}
