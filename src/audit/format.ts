/** Text rendering of an {@link AuditResult}: the claim table first, then every check. */
import { formatSignificant } from '../core/format.ts';
import type { AuditResult } from './types.ts';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/**
 * Renders the audit as plain text: verdict, claim → verdict → checks table, then each check with
 * its raw and Holm-adjusted p-value and what was observed.
 */
export function formatAudit(r: AuditResult): string {
  const lines: string[] = [];
  const violated = r.claims.filter((c) => c.verdict === 'inconsistent').map((c) => c.claim);
  lines.push(
    `audit of ${r.optimizer.name} (${r.optimizer.path}): ${r.verdict.toUpperCase()}${violated.length ? ` — violated: ${violated.join(', ')}` : ''}`,
  );
  lines.push(
    `  seed ${r.seed}, family-wise error budget ${r.significance} (Holm over ${r.checks.length} checks), ${r.steps} steps, ${r.seconds.toFixed(1)} s on ${r.plan.workers} worker(s)`,
  );
  lines.push('');
  lines.push(`  ${pad('claim', 11)} ${pad('claimed', 14)} ${pad('verdict', 13)} note`);
  for (const c of r.claims)
    lines.push(`  ${pad(c.claim, 11)} ${pad(c.claimed.slice(0, 14), 14)} ${pad(c.verdict, 13)} ${c.note}`);
  lines.push('');
  lines.push('  checks (✗ rejected at the family-wise level):');
  for (const k of r.checks) {
    lines.push(
      `  ${k.rejected ? '✗' : '·'} ${pad(k.id, 30)} p = ${k.pValue.toExponential(2)} (adjusted ${k.adjustedPValue.toExponential(2)})  [${k.primary ?? `joint: ${k.bearsOn.join(', ')}`}]`,
    );
    lines.push(`      ${k.title}: ${k.detail}`);
  }
  const d = r.plan.dynamics;
  lines.push('');
  lines.push(
    `  plan: probes of ${r.plan.probeSamples} steps at η = ${r.plan.probeStepSizes.map((v) => formatSignificant(v, 4)).join(', ')} (gradient 0) and η = ${formatSignificant(r.plan.probeStepSizes[0], 4)} (gradient ${formatSignificant(r.plan.probeGradient, 4)}); ` +
      (d
        ? `exits: ${d.chains} chains from basin ${d.basin} of ${d.landscape} at η = ${d.stepSize} (exact mean ${formatSignificant(d.exactMeanExitSteps, 5)} steps, cap ${d.cap})`
        : 'no exit runs'),
  );
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}
