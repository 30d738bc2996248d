/**
 * The "Conjectures" section of report.json/md/html (issue 6 item 3): one line per conjecture with
 * id, statement, quantity, verdict and why, folded from its checks (`conjectureVerdict`); absent
 * for a theorem-only run; the same lines after a round trip through report.json. The conjectures'
 * observations are replaced by fixed CIs (the runners are tested elsewhere), so this is instant.
 */
import { describe, expect, it } from 'vitest';
import { conjectureDeclaration, conjectureReportLines, defineConjecture } from '../conjecture/index.ts';
import { defineTheorem } from '../verify/define.ts';
import { runChecks } from '../verify/run.ts';
import type { TheoremDeclaration } from '../verify/types.ts';
import { parseReport, reportToJson } from './json.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';

const narrow = { landscapes: ['paper'], tailIndex: [1.2, 1.2] as [number, number] };

/** A conjecture declaration observing `estimate` ± 0.01 at every point. */
function observed(spec: Parameters<typeof defineConjecture>[0], estimate: number): TheoremDeclaration {
  const d = conjectureDeclaration(defineConjecture(spec), { seed: 1 });
  return {
    ...d,
    test: {
      name: 'fixed observation',
      run: () => ({ estimate, ci: [estimate - 0.01, estimate + 0.01] as [number, number] }),
    },
  };
}

describe('report: Conjectures section', () => {
  it('lists each conjecture with statement, quantity, verdict and why in json, md and html', async () => {
    const accepted = observed(
      {
        id: 'order-alpha-unclipped',
        statement: 'Without clipping the order is α',
        quantity: 'exit-order',
        predict: ({ tailIndex }) => tailIndex,
        hypotheses: { ...narrow, truncation: [10, Infinity] },
      },
      1.2,
    );
    const rejected = observed(
      {
        id: 'order-two',
        statement: 'The order is 2 | always',
        quantity: 'exit-order',
        predict: () => 2,
        hypotheses: narrow,
      },
      1.4,
    );
    const report = await runChecks([accepted, rejected], {
      seed: 1,
      tier: 'quick',
      errorBudget: 1e-3,
      timeBudgetSeconds: 1,
    });
    const lines = conjectureReportLines(report);
    expect(lines.map((l) => [l.id, l.quantity, l.verdict])).toEqual([
      ['order-alpha-unclipped', 'exit-order', 'consistent'],
      ['order-two', 'exit-order', 'inconsistent'],
    ]);
    expect(lines[0].statement).toBe('Without clipping the order is α');
    expect(lines[1].reason).toMatch(/^rejected at \d+ of \d+ point\(s\)$/);

    const json = JSON.parse(reportToJson(report)) as { conjectures: typeof lines };
    expect(json.conjectures).toEqual(lines);
    expect(conjectureReportLines(parseReport(reportToJson(report)))).toEqual(lines);

    const md = renderMarkdown(report);
    expect(md).toContain('## Conjectures');
    expect(md).toContain('| `order-two` | The order is 2 \\| always | exit-order | ❌ inconsistent | rejected at');
    expect(md).toContain(
      '| `order-alpha-unclipped` | Without clipping the order is α | exit-order | ✅ consistent | consistent at all 1 point(s) tested |',
    );
    expect(md.indexOf('## Conjectures')).toBeLessThan(md.indexOf('## Theorems'));

    const html = renderHtml(report);
    expect(html).toContain('<h2>Conjectures</h2>');
    expect(html).toMatch(
      /<tr class="v-inconsistent"><td><a href="#order-two"><code>order-two<\/code><\/a><\/td><td>The order is 2 \| always<\/td><td>exit-order<\/td><td>inconsistent<\/td><td>rejected at/,
    );
  });

  it('is absent for a theorem-only run', async () => {
    const t = defineTheorem<{ k: number }>({
      id: 'plain',
      title: 'Plain',
      source: { paper: 'fixture', theorem: 'T', equation: '(0)' },
      hypotheses: [{ name: 'k', description: 'index', range: [0, 1] }],
      predictor: { name: 'fixture.one', compute: () => 1 },
      plan: { description: 'one point', points: { quick: [{ k: 0 }], standard: [], full: [] } },
      test: { name: 'constant', run: () => ({ estimate: 1, ci: [0.99, 1.01] }) },
      tolerance: {
        value: 0.05,
        scale: 'absolute',
        reason: 'fixture band for the report test: the observation is fixed',
      },
      budgetShare: 1,
    });
    const report = await runChecks([t], { seed: 1, tier: 'quick', errorBudget: 1e-3, timeBudgetSeconds: 1 });
    expect(conjectureReportLines(report)).toEqual([]);
    expect(renderMarkdown(report)).not.toContain('Conjectures');
    expect(renderHtml(report)).not.toContain('Conjectures');
    expect(JSON.parse(reportToJson(report))).not.toHaveProperty('conjectures');
  });
});
