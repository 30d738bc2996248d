/**
 * The audit of an optimizer that claims `dimension: 2` (issue 16 §6): three probes in the plane
 * (η₁ and η₂ at gradient 0, η₁ at g₁e₁) run in the audit's worker threads, then the checks of
 * `checks.ts`, one Holm correction over all of them at the family-wise level `significance`, and
 * the same claim-by-claim ruling as in 1-D (`../rule.ts`).
 *
 * No dynamics check: the 1-D audit compares exit times with the exact finite-η chain, which has no
 * planar counterpart here; the R^d audit is one-step only, and says so in its warnings.
 */
import { InputError } from '../../core/errors.ts';
import { createNoiseLawRd } from '../../model/rd/noise.ts';
import { deriveKey, type Seed } from '../../rng/seeds.ts';
import { holm } from '../../stats/holm.ts';
import { runAuditTasks } from '../pool.ts';
import { ruleClaims } from '../rule.ts';
import type { AuditTask, ProbeOutput, TaskOutput } from '../tasks.ts';
import type { AuditCheck, AuditResult, AuditRunProgress, RawCheck, ResolvedOptimizer } from '../types.ts';
import {
  atomMassCheckRd,
  designProbesRd,
  directionChecksRd,
  noisePresenceCheckRd,
  radialChecksRd,
  truncationChecksRd,
  updateCheckRd,
  type ProbeRd,
} from './checks.ts';

/** The validated options the R^d audit uses (a subset of `runAudit`'s). */
export interface AuditRdSettings {
  readonly seed: Seed;
  readonly significance: number;
  readonly probeSamples: number;
  readonly workers: number;
  readonly stepTimeout: number;
}

function fault(name: string, out: TaskOutput): void {
  if ('fault' in out) throw new InputError('ERR_LOAD', `htsgd audit: ${name}: ${out.fault}`, { api: 'htsgd audit' });
  if ('inputError' in out) throw new InputError(out.inputError.code, out.inputError.message, out.inputError.context);
}

/** Raw checks of the planar audit from its three probes (pure: exported for tests). */
export function checksRd(opt: ResolvedOptimizer, probes: readonly [ProbeRd, ProbeRd, ProbeRd]): RawCheck[] {
  const spec = opt.rd!.noise;
  const law = createNoiseLawRd(spec);
  const design = designProbesRd(law, opt.truncation);
  const noise: [ProbeRd, ProbeRd] = [probes[0], probes[1]];
  const absent = noisePresenceCheckRd(noise);
  if (absent) return [...truncationChecksRd(opt.truncation, probes), absent];
  const raw = [
    ...truncationChecksRd(opt.truncation, probes),
    ...directionChecksRd(law, opt.truncation, noise),
    ...radialChecksRd(spec, law, design, noise),
    updateCheckRd(law, design, probes[0], probes[2]),
  ];
  const atoms = atomMassCheckRd(law, opt.truncation, noise);
  if (atoms) raw.push(atoms);
  return raw;
}

/** Runs the planar audit of an already loaded optimizer (`runAudit` dispatches here when `opt.rd` is set). */
export async function runAuditRd(
  opt: ResolvedOptimizer,
  settings: AuditRdSettings,
  module: string,
  onProgress: ((p: AuditRunProgress) => void) | undefined,
  t0: number,
): Promise<AuditResult> {
  const { seed, significance, probeSamples, workers, stepTimeout } = settings;
  const law = createNoiseLawRd(opt.rd!.noise);
  const design = designProbesRd(law, opt.truncation);
  const [eta1, eta2] = design.stepSizes;
  const specs: { stepSize: number; gradient: [number, number] }[] = [
    { stepSize: eta1, gradient: [0, 0] },
    { stepSize: eta2, gradient: [0, 0] },
    { stepSize: eta1, gradient: [design.gradient, 0] },
  ];
  const tasks: AuditTask[] = specs.map((p, i) => ({
    kind: 'probe-rd',
    path: opt.path,
    seed: deriveKey({ seed, path: `audit-rd/probe/${i}` })[0],
    stepSize: p.stepSize,
    gradient: p.gradient,
    samples: probeSamples,
  }));
  const outputs = await runAuditTasks(tasks, workers, {
    stepTimeout,
    label: module,
    onProgress: onProgress && ((p) => onProgress({ stage: 'run', expectedSteps: 3 * probeSamples, ...p })),
  });
  for (const o of outputs) fault(opt.name, o);
  const probes = specs.map((s, i) => ({ ...s, next: (outputs[i] as ProbeOutput).next })) as [ProbeRd, ProbeRd, ProbeRd];
  const raw = checksRd(opt, probes);
  const adj = holm(
    raw.map((c) => c.pValue),
    { significance },
  );
  const checks: AuditCheck[] = raw.map((c, i) => ({
    ...c,
    adjustedPValue: adj.adjusted[i],
    rejected: adj.rejected[i],
  }));
  return {
    optimizer: { path: opt.path, name: opt.name, claims: opt.claims },
    seed,
    significance,
    verdict: checks.some((c) => c.rejected) ? 'fail' : 'pass',
    claims: ruleClaims(opt, checks),
    checks,
    plan: {
      probeSamples,
      probeStepSizes: [eta1, eta2],
      probeGradient: design.gradient,
      dynamics: null,
      workers,
    },
    steps: 3 * probeSamples,
    seconds: (performance.now() - t0) / 1000,
    warnings: [
      'dimension 2: one-step checks only (no exit-time check: the exact finite-η chain it compares with is 1-D)',
    ],
  };
}
