/**
 * `runAudit`: audits an optimizer module against its claims (issue 6). Runs the user's step
 * function in worker threads (one-step probes, exit runs), turns the data into checks
 * (one-step.ts, dynamics.ts), adjusts all p-values together (Holm, family-wise level
 * `significance`) and rules claim by claim.
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../core/errors.ts';
import { checkInteger, checkNumber } from '../core/guards.ts';
import { checkSeed, deriveKey, type Seed } from '../rng/seeds.ts';
import { holm } from '../stats/holm.ts';
import { dynamicsChecks, planDynamics, type DynamicsPlan } from './dynamics.ts';
import { SMOKE_STEPS } from './load.ts';
import type { NoiseLaw } from '../model/types.ts';
import {
  atomMassCheck,
  claimedLaw,
  designProbes,
  noiseChecks,
  noisePresenceCheck,
  truncationChecks,
  updateCheck,
  type Probe,
  type ProbeDesign,
  type RawCheck,
} from './one-step.ts';
import { runAuditTasks } from './pool.ts';
import type { AuditTask, ExitOutput, LoadOutput, ProbeOutput, TaskOutput } from './tasks.ts';
import { ruleClaims } from './rule.ts';
import { runAuditRd } from './rd/audit-rd.ts';
import type { AuditCheck, AuditResult, AuditRunProgress, ResolvedOptimizer } from './types.ts';

export { ruleClaims } from './rule.ts';

/** Options of {@link runAudit}. */
export interface AuditOptions {
  /** Path of the module (JS, or TS under tsx). */
  module: string;
  /** Seed of the audit (the optimizer's seeds are derived from it by label). @default 1 */
  seed?: Seed;
  /** Family-wise error budget over all checks (Holm). @default 1e-3 */
  significance?: number;
  /** Steps per one-step probe (three probes). @default 200000 */
  probeSamples?: number;
  /** Exit chains of the dynamics checks (0 skips them). @default 1000 */
  chains?: number;
  /** Worker threads. @default the number of cores */
  workers?: number;
  /**
   * Seconds one call of the module's code (its import, `create()` or one `step()`) may run before
   * the audit stops with ERR_TIMEOUT; Infinity disables the watchdog. A correct step takes
   * microseconds, so the default only ever fires on a hang. @default 30
   */
  stepTimeout?: number;
  /** Called about every 250 ms while the module's code runs (the CLI prints it on stderr). */
  onProgress?: (p: AuditRunProgress) => void;
}

export type { AuditRunProgress } from './types.ts';

/** Default sizes: the false-alarm calibration of the README (`npm run audit:calibrate`) uses exactly these. */
export const AUDIT_DEFAULTS = { significance: 1e-3, probeSamples: 200_000, chains: 1000, stepTimeout: 30 } as const;
const API = 'runAudit';
/** Chains per exit task: small enough to balance two cores, large enough to amortise messages. */
const CHAINS_PER_TASK = 50;
/** Censoring cap, in exact mean exit times (an exponential survives it with probability e^−50). */
const CAP_MEANS = 50;

function seedFor(seed: Seed, path: string): number {
  return deriveKey({ seed, path })[0];
}

function fault(name: string, out: TaskOutput): void {
  if ('fault' in out) throw new InputError('ERR_LOAD', `htsgd audit: ${name}: ${out.fault}`, { api: 'htsgd audit' });
  if ('inputError' in out) throw new InputError(out.inputError.code, out.inputError.message, out.inputError.context);
}

/**
 * Imports and validates the module in a watched worker (never in this thread, where a hanging
 * import or step could not be stopped).
 */
async function loadWatched(
  module: string,
  stepTimeout: number,
  onProgress: AuditOptions['onProgress'],
): Promise<ResolvedOptimizer> {
  const [out] = await runAuditTasks([{ kind: 'load', path: module }], 1, {
    stepTimeout,
    label: module,
    onProgress: onProgress && ((p) => onProgress({ stage: 'load', expectedSteps: SMOKE_STEPS, ...p })),
  });
  fault(module, out);
  return (out as LoadOutput).optimizer;
}

/**
 * Audits an optimizer module (see the module contract in `types.ts`).
 * @throws InputError (ERR_LOAD) when the module cannot be loaded, has no `create`, or its step
 *   throws or returns a non-finite x; (ERR_TIMEOUT) when its import, `create()` or one `step()`
 *   runs longer than `stepTimeout` seconds (its workers are terminated first); (ERR_INVALID_OPTION)
 *   on bad claims or options.
 * @example const r = await runAudit({ module: 'fixtures/optimizers/clipped-lomax-sgd.js', seed: 1 });
 *   r.verdict // 'pass'; r.claims.map((c) => c.verdict)
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const t0 = performance.now();
  const resolved = resolveAuditOptions(options);
  const { seed, significance, probeSamples, chains, workers, stepTimeout } = resolved;
  const opt = await loadWatched(options.module, stepTimeout, options.onProgress);
  if (opt.rd) return runAuditRd(opt, resolved, options.module, options.onProgress, t0);
  const law = claimedLaw(opt);
  const design = designProbes(law, opt.truncation);
  const plan = chains > 0 ? planDynamics(opt, law) : null;
  const warnings: string[] = [];
  if (chains > 0 && !plan)
    warnings.push(
      'dynamics checks skipped: the exact mean exit time exceeds 20000 steps at every affordable step size',
    );

  const { probeSpecs, tasks } = planAuditTasks(opt, design, plan, resolved);
  const expectedSteps = 3 * probeSamples + (plan ? chains * plan.exact.meanExitSteps : 0);
  const outputs = await runAuditTasks(tasks, workers, {
    stepTimeout,
    label: options.module,
    onProgress: options.onProgress && ((p) => options.onProgress!({ stage: 'run', expectedSteps, ...p })),
  });
  for (const o of outputs) fault(opt.name, o);
  const { checks, steps } = estimateAuditChecks(opt, law, design, plan, probeSpecs, outputs, resolved);
  return {
    optimizer: { path: opt.path, name: opt.name, claims: opt.claims },
    seed,
    significance,
    verdict: checks.some((c) => c.rejected) ? 'fail' : 'pass',
    claims: ruleClaims(opt, checks),
    checks,
    plan: {
      probeSamples,
      probeStepSizes: [probeSpecs[0].stepSize, probeSpecs[1].stepSize],
      probeGradient: design.gradient,
      dynamics: plan
        ? {
            landscape: plan.landscape.name,
            basin: plan.basin,
            stepSize: plan.stepSize,
            chains,
            exactMeanExitSteps: plan.exact.meanExitSteps,
            cap: Math.ceil(CAP_MEANS * plan.exact.meanExitSteps),
          }
        : null,
      workers,
    },
    steps,
    seconds: (performance.now() - t0) / 1000,
    warnings,
  };
}

/** The options of {@link runAudit} after validation, defaults filled in. */
export interface ResolvedAuditOptions {
  readonly seed: Seed;
  readonly significance: number;
  readonly probeSamples: number;
  readonly chains: number;
  readonly workers: number;
  readonly stepTimeout: number;
}

/** Validate: every option checked once, at the boundary. */
function resolveAuditOptions(options: AuditOptions): ResolvedAuditOptions {
  return {
    seed: checkSeed(API, options.seed ?? 1),
    significance: checkNumber(API, 'significance', options.significance ?? AUDIT_DEFAULTS.significance, {
      min: 0,
      max: 0.5,
      openMin: true,
    }),
    probeSamples: checkInteger(
      API,
      'probeSamples',
      options.probeSamples ?? AUDIT_DEFAULTS.probeSamples,
      1000,
      10_000_000,
    ),
    chains: checkInteger(API, 'chains', options.chains ?? AUDIT_DEFAULTS.chains, 0, 1_000_000),
    workers: checkInteger(API, 'workers', options.workers ?? availableParallelism(), 1, 64),
    stepTimeout:
      options.stepTimeout === Infinity
        ? Infinity
        : checkNumber(API, 'stepTimeout', options.stepTimeout ?? AUDIT_DEFAULTS.stepTimeout, {
            min: 0,
            openMin: true,
            domain: 'a number of seconds > 0, or Infinity for none',
          }),
  };
}

/** One probe: step size and the constant gradient fed to the optimizer. */
interface ProbeSpec {
  readonly stepSize: number;
  readonly gradient: number;
}

/**
 * Plan: three probes (η₁ and η₂ at gradient 0, η₁ at the design gradient), then the exit chains in
 * tasks of {@link CHAINS_PER_TASK}, each chain seeded by its own path so any worker can run it.
 */
function planAuditTasks(
  opt: ResolvedOptimizer,
  design: ProbeDesign,
  plan: DynamicsPlan | null,
  { seed, probeSamples, chains }: ResolvedAuditOptions,
): { probeSpecs: ProbeSpec[]; tasks: AuditTask[] } {
  const [eta1, eta2] = design.stepSizes;
  const probeSpecs: ProbeSpec[] = [
    { stepSize: eta1, gradient: 0 },
    { stepSize: eta2, gradient: 0 },
    { stepSize: eta1, gradient: design.gradient },
  ];
  const tasks: AuditTask[] = probeSpecs.map((p, i) => ({
    kind: 'probe',
    path: opt.path,
    seed: seedFor(seed, `audit/probe/${i}`),
    stepSize: p.stepSize,
    gradient: p.gradient,
    samples: probeSamples,
  }));
  if (plan) {
    const cap = Math.ceil(CAP_MEANS * plan.exact.meanExitSteps);
    const spec = plan.landscape.spec;
    for (let first = 0; first < chains; first += CHAINS_PER_TASK) {
      const count = Math.min(CHAINS_PER_TASK, chains - first);
      tasks.push({
        kind: 'exit',
        path: opt.path,
        seeds: Array.from({ length: count }, (_, i) => seedFor(seed, `audit/exit/${first + i}`)),
        stepSize: plan.stepSize,
        landscape: spec,
        basin: plan.basin,
        start: plan.landscape.minima[plan.basin - 1],
        cap,
      });
    }
  }
  return { probeSpecs, tasks };
}

/**
 * Estimate: the one-step checks from the probes, the dynamics checks from the exit chains, Holm over
 * all of them at `significance`; also counts the optimizer steps taken.
 */
function estimateAuditChecks(
  opt: ResolvedOptimizer,
  law: NoiseLaw,
  design: ProbeDesign,
  plan: DynamicsPlan | null,
  probeSpecs: readonly ProbeSpec[],
  outputs: readonly TaskOutput[],
  { significance, chains }: ResolvedAuditOptions,
): { checks: AuditCheck[]; steps: number } {
  let steps = 0;
  const probes: Probe[] = probeSpecs.map((p, i) => {
    const o = outputs[i] as ProbeOutput;
    steps += o.steps;
    return { ...p, next: o.next };
  });
  // With no noise at gradient 0 the law fits have nothing to fit (and the update's G-test has a
  // degenerate table): the presence check replaces them and rejects `noise` outright.
  const noNoise = noisePresenceCheck([probes[0], probes[1]]);
  const raw: RawCheck[] = noNoise
    ? [...truncationChecks(opt, [probes[0], probes[1]]), noNoise] // the gradient probe is deterministic: its one Δ is no clip atom
    : [
        ...truncationChecks(opt, probes),
        ...noiseChecks(opt, law, design, [probes[0], probes[1]]),
        updateCheck(law, design, probes[0], probes[2]),
      ];
  const atoms = noNoise ? null : atomMassCheck(opt, law, [probes[0], probes[1]]);
  if (atoms) raw.push(atoms);
  if (plan) {
    const exits = outputs.slice(probeSpecs.length) as ExitOutput[];
    const exitSteps = new Float64Array(chains);
    const landing = new Int32Array(chains);
    let off = 0;
    for (const e of exits) {
      exitSteps.set(e.exitSteps, off);
      landing.set(e.landing, off);
      off += e.exitSteps.length;
      steps += e.steps;
    }
    raw.push(...dynamicsChecks(plan, exitSteps, landing));
  }
  const adj = holm(
    raw.map((c) => c.pValue),
    { significance },
  );
  const checks: AuditCheck[] = raw.map((c, i) => ({
    ...c,
    adjustedPValue: adj.adjusted[i],
    rejected: adj.rejected[i],
  }));
  return { checks, steps };
}
