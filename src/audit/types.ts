/**
 * Types of the audit layer (`htsgd audit <module>`, issue 6): the optimizer module contract, its
 * claims, the checks run on it and the claim-by-claim verdict. Plain data, serialisable.
 */
import type { NoiseSpec } from '../model/types.ts';
import type { NoiseSpecRd } from '../model/rd/noise.ts';

/** What an optimizer module says about itself (its default export's `claims`). */
export interface OptimizerClaims {
  /** Law of the noise Z. */
  noise: 'lomax' | 'student-t' | 'stable' | 'gaussian';
  /** α > 1 (stable: 1 < α < 2); absent for the Gaussian. */
  tailIndex?: number;
  /** c > 0: Z = c·(standard law). */
  noiseScale: number;
  /** Lomax only: P(S = +1), in (0, 1). @default 0.5 */
  pPlus?: number;
  /** b > 0, the clip on the whole step η(∇f − Z); null means no clipping. In d ≥ 2: on its norm. */
  truncation: number | null;
  /** d, the dimension the optimizer is audited in (issue 16). @default 1 */
  dimension?: number;
  /** d ≥ 2 only: the law of Z/‖Z‖ (Z = c·R·Θ with R independent of Θ). @default 'isotropic' */
  direction?: 'isotropic';
}

/** The step function an optimizer instance exposes: overwrites `x` in place with one update. */
export interface OptimizerInstance {
  step(x: Float64Array, gradient: Float64Array): void;
}

/** The default export of an optimizer module under audit. */
export interface OptimizerModule {
  name: string;
  claims: OptimizerClaims;
  create(options: { stepSize: number; dimension: number; seed: number }): OptimizerInstance;
}

/** A loaded and validated optimizer: its file, name and claims resolved to a noise law spec. */
export interface ResolvedOptimizer {
  /** Absolute path of the module. */
  path: string;
  name: string;
  claims: OptimizerClaims;
  /** The claimed noise law as the model layer's spec. */
  noise: NoiseSpec;
  /** b, Infinity when the claim is `truncation: null`. */
  truncation: number;
  /**
   * d ≥ 2 (issue 16): the claimed law in R^d (`src/model/rd/noise.ts`); the audit then runs its R^d
   * checks (`src/audit/rd`) and `noise` above is not used.
   */
  rd?: { dimension: number; noise: NoiseSpecRd };
}

/**
 * A claim the audit rules on. `update` is the implicit claim that the module implements
 * x ← x − φ_b(η(∇f(x) − Z)) with iid Z (gradient inside the clip, no memory, nothing else).
 */
export type ClaimName = 'noise' | 'tailIndex' | 'noiseScale' | 'pPlus' | 'direction' | 'truncation' | 'update';

/** The claims in report order (`pPlus` only in 1-D, `direction` only in d ≥ 2). */
export const CLAIM_NAMES: readonly ClaimName[] = [
  'noise',
  'tailIndex',
  'noiseScale',
  'pPlus',
  'direction',
  'truncation',
  'update',
];

/** A check before the multiple-testing adjustment (what one-step.ts and dynamics.ts produce). */
export interface RawCheck {
  /** Stable id, e.g. `one-step/tail-index`. */
  id: string;
  /** What it tests, one line. */
  title: string;
  /** The claim a rejection is attributed to; null for joint checks (they bear on several claims). */
  primary: ClaimName | null;
  /** Every claim the check's null hypothesis involves. */
  bearsOn: ClaimName[];
  /** p-value before adjustment; 0 for an impossible observation under the claim (deterministic). */
  pValue: number;
  /** Statistic and estimates, human readable (e.g. `tail index 1.58 (claimed 1.2)`). */
  detail: string;
}

/** One statistical (or deterministic) check of the audit, after the Holm adjustment. */
export interface AuditCheck extends RawCheck {
  /** Holm-adjusted p-value over all the audit's checks. */
  adjustedPValue: number;
  rejected: boolean;
}

/** Verdict on one claim. */
export interface ClaimVerdict {
  claim: ClaimName;
  /** The claimed value as text (e.g. `1.2`, `lomax`, `0.5`, `none`). */
  claimed: string;
  /**
   * `consistent`: no check bearing on it rejected at the audit's family-wise level;
   * `inconsistent`: one of its own checks rejected (or a joint check no single claim explains);
   * `inconclusive`: not assessable (e.g. the noise family is rejected, so its parameters are moot).
   */
  verdict: 'consistent' | 'inconsistent' | 'inconclusive';
  /** Ids of the checks bearing on it. */
  checks: string[];
  /** Why, one line. */
  note: string;
}

/** Result of {@link runAudit}. */
export interface AuditResult {
  optimizer: { path: string; name: string; claims: OptimizerClaims };
  seed: number | string;
  /** Family-wise error budget over all checks (Holm). */
  significance: number;
  /** `pass` when no check rejected. */
  verdict: 'pass' | 'fail';
  claims: ClaimVerdict[];
  checks: AuditCheck[];
  /** Experiment sizes actually used. */
  plan: {
    probeSamples: number;
    probeStepSizes: [number, number];
    probeGradient: number;
    dynamics: null | {
      landscape: string;
      basin: number;
      stepSize: number;
      chains: number;
      exactMeanExitSteps: number;
      cap: number;
    };
    workers: number;
  };
  /** Optimizer steps executed. */
  steps: number;
  seconds: number;
  warnings: string[];
}

/** Progress of `runAudit`. */
export interface AuditRunProgress {
  /** `load`: importing and smoke-testing the module; `run`: probes and exit runs. */
  stage: 'load' | 'run';
  /** Steps of the module's step function completed in this stage. */
  steps: number;
  /** Steps the stage is expected to take (the exit runs' share is the exact mean, so it is approximate). */
  expectedSteps: number;
  tasksDone: number;
  tasks: number;
  /** Seconds since the stage began. */
  seconds: number;
}
