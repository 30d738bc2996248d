import { describe, expect, it } from 'vitest';
import { defineConjecture, defineTheorem, describeTheorem, pointLabel } from './define.ts';

type Draft = ReturnType<typeof valid>;
/** What `defineTheorem` takes; the drafts below are deliberately broken, so they pass through `unknown`. */
type Declaration = Parameters<typeof defineTheorem>[0];
const asDeclaration = (d: Draft): Declaration => d as unknown as Declaration;

const valid = () => ({
  id: 'exit-time-order',
  title: 'Exit order γ = 1 + l*(α − 1)',
  source: { paper: 'Wang, Oh, Rhee, ICLR 2022', theorem: 'Theorem 1', equation: 'THEORY.md §5' },
  hypotheses: [
    { name: 'tailIndex', description: 'α', range: [1.01, 2] as [number, number] },
    {
      name: 'truncation',
      description: 'b (null: no clipping)',
      range: [0, 10] as [number, number],
      values: [0.28, 0.5, null],
    },
  ],
  predictor: { name: 'theory.exitOrder', compute: (p: { tailIndex: number }) => p.tailIndex },
  plan: {
    description: 'd',
    points: {
      quick: [
        { tailIndex: 1.2, truncation: 0.5 },
        { tailIndex: 1.2, truncation: null },
      ],
      standard: [],
      full: [],
    },
  },
  test: { name: 'slope', run: () => ({ estimate: 1, ci: [0, 2] as [number, number] }) },
  tolerance: { value: 0.08, scale: 'absolute' as const, reason: 'finite-η bias measured on the paper landscape' },
  budgetShare: 1,
});

describe('defineTheorem', () => {
  it('accepts a valid declaration and describes it as plain data', () => {
    const t = defineTheorem(asDeclaration(valid()));
    expect(t.kind).toBe('theorem');
    const d = describeTheorem(t);
    expect(d.predictor).toBe('theory.exitOrder');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(pointLabel(t.hypotheses, t.plan.points.quick[1])).toBe('tailIndex=1.2,truncation=none');
  });

  it.each([
    [
      'id',
      (d: Draft) => {
        d.id = 'Exit Order';
      },
      /^defineTheorem: invalid option `id`: expected lower-case words/,
    ],
    [
      'reason',
      (d: Draft) => {
        d.tolerance.reason = '';
      },
      /`tolerance.reason`: expected a written reason/,
    ],
    [
      'predictor',
      (d: Draft) => {
        Object.assign(d, { predictor: 1.4 });
      },
      /`predictor`: expected a \{name, compute\(point\)\} reference .*never a retyped number/,
    ],
    [
      'out of range',
      (d: Draft) => {
        d.plan.points.quick[0].tailIndex = 2.5;
      },
      /`plan.points.quick\[0\].tailIndex`: expected a value in \[1.01, 2\], got 2.5\./,
    ],
    [
      'not a listed value',
      (d: Draft) => {
        d.plan.points.quick[0].truncation = 0.3;
      },
      /truncation`: expected a value in \[0, 10\] or one of \[0.28,0.5,null\], got 0.3/,
    ],
    [
      'missing hypothesis',
      (d: Draft) => {
        Reflect.deleteProperty(d.plan.points.quick[0], 'truncation');
      },
      /`plan.points.quick\[0\].truncation`: expected a value/,
    ],
    [
      'unknown hypothesis',
      (d: Draft) => {
        Object.assign(d.plan.points.quick[0], { eta: 1 });
      },
      /`plan.points.quick\[0\].eta`: expected one of the declared hypotheses/,
    ],
    [
      'duplicate point',
      (d: Draft) => {
        d.plan.points.quick[1] = { ...d.plan.points.quick[0] };
      },
      /not listed twice/,
    ],
    [
      'relative ≥ 1',
      (d: Draft) => {
        Object.assign(d.tolerance, { scale: 'relative', value: 1 });
      },
      /relative tolerance in \[0, 1\)/,
    ],
    [
      'budgetShare',
      (d: Draft) => {
        d.budgetShare = 0;
      },
      /`budgetShare`: expected a finite number > 0, got 0\./,
    ],
    [
      'weights of the wrong length',
      (d: Draft) => {
        Object.assign(d.plan, { weights: { quick: [1] } });
      },
      /`plan.weights.quick`: expected an array of 2 finite numbers > 0 \(one per point of the tier\)/,
    ],
    [
      'a zero weight',
      (d: Draft) => {
        Object.assign(d.plan, { weights: { quick: [1, 0] } });
      },
      /`plan.weights.quick`: expected an array of 2 finite numbers > 0/,
    ],
    [
      'missing tier',
      (d: Draft) => {
        Reflect.deleteProperty(d.plan.points, 'full');
      },
      /`plan.points.full`: expected an array/,
    ],
    [
      'no domain',
      (d: Draft) => {
        Reflect.deleteProperty(d.hypotheses[0], 'range');
      },
      /hypotheses\[0\]`: expected a `range` or a `values` list/,
    ],
  ])('rejects a bad declaration: %s', (_name, mutate, message) => {
    const d = valid();
    mutate(d);
    let err: unknown;
    try {
      defineTheorem(asDeclaration(d));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_INVALID_OPTION' });
    expect(err instanceof Error ? err.message : '').toMatch(message);
  });

  it('a conjecture needs a rationale', () => {
    expect(() => defineConjecture(asDeclaration(valid()))).toThrow(
      /^defineConjecture\(exit-time-order\): invalid option `rationale`/,
    );
    expect(defineConjecture({ ...asDeclaration(valid()), rationale: 'heuristic rate from THEORY.md §6' }).kind).toBe(
      'conjecture',
    );
  });
});
