/**
 * Theorems as data, and what a check of one produces. A declaration names where the prediction
 * comes from (a predictor function in `src/theory`, never a retyped number), how the experiment is
 * planned, how the observation is tested, and the tolerance with its written reason. The machinery
 * (`define.ts`, `budget.ts`, `verdict.ts`, `run.ts`) turns declarations into verdicts; the report
 * layer only renders `RunReport`s, so it can list theorems without running anything.
 */
import type { BandTestSpec } from '../stats/band-test.ts';
import type { StreamLabel } from '../rng/seeds.ts';
import type { Engine } from '../sim/engines.ts';

/** The three outcomes of an equivalence check (CONVENTIONS.md "Verdicts, not booleans"). */
export type Verdict = 'consistent' | 'inconsistent' | 'inconclusive';

/** Verification tiers, cheapest first; budgets live in `ci/tiers.json`. */
export type Tier = 'quick' | 'standard' | 'full';
export const TIERS: readonly Tier[] = ['quick', 'standard', 'full'];

/** A value a hypothesis takes at one experiment point. `null` stands for "none" (e.g. b = ∞). */
export type HypothesisValue = number | string | boolean | null;

/** One experiment point: hypothesis name → value. Keys are exactly the declaration's hypotheses. */
export type HypothesisPoint = Readonly<Record<string, HypothesisValue>>;

/**
 * The range a hypothesis may take. Give `range` (inclusive numeric interval) and/or `values`
 * (an explicit set); a point value must satisfy every constraint given.
 */
export interface HypothesisRange {
  readonly name: string;
  readonly description: string;
  /** Inclusive [min, max] for numeric values. */
  readonly range?: readonly [number, number];
  /** Allowed values (numbers, strings, booleans or null). */
  readonly values?: readonly HypothesisValue[];
  readonly unit?: string;
}

/** Where the claim is printed. */
export interface SourceRef {
  /** e.g. `Wang, Oh, Rhee, ICLR 2022`. */
  readonly paper: string;
  /** e.g. `Theorem 1`. */
  readonly theorem: string;
  /** e.g. `(2.4)`, or a THEORY.md section for derived quantities. */
  readonly equation: string;
}

/** The predicted quantity at a point, with anything the report should show beside it. */
export interface Prediction {
  readonly value: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A reference to the function that predicts the checked quantity. `name` is what the report prints
 * (e.g. `theory.exitOrder`); `compute` must call into `src/theory` (declarations import it there).
 */
export interface Predictor<P extends HypothesisPoint = HypothesisPoint> {
  readonly name: string;
  /*
   * Method syntax on purpose (here and in `TestSpec.run`): TypeScript checks method parameters
   * bivariantly, so a `TheoremDeclaration<{ truncation: number | null }>` is a `TheoremDeclaration`
   * and the registry needs no `any`. Sound in use: the runner only calls `compute`/`run` with points
   * of the declaration's own plan, which `defineTheorem` validated against its hypotheses.
   */
  compute(point: P): number | Prediction;
}

/**
 * The experiment plan: which points each tier checks and how. `settings` is free, serialisable
 * guidance for the test (candidate step sizes, minimum chains, ...); the planner fits it to the
 * check's time budget at run time.
 */
export interface ExperimentPlan<P extends HypothesisPoint = HypothesisPoint> {
  readonly description: string;
  readonly points: Readonly<Record<Tier, readonly P[]>>;
  /** Independent repetitions of every point (each its own check and stream). @default 1 */
  readonly trials?: number;
  readonly settings?: Readonly<Record<string, unknown>>;
  /**
   * Relative time budget of each point within the theorem's share, per tier (parallel to
   * `points[tier]`, each > 0; a tier left out weighs its points 1 each). For points whose simulation
   * costs far more than their siblings' (an l* = 3 exit next to l* = 1 ones).
   */
  readonly weights?: Readonly<Partial<Record<Tier, readonly number[]>>>;
}

/** What the test sees when it runs one check. */
export interface CheckContext<P extends HypothesisPoint = HypothesisPoint> {
  readonly checkId: string;
  readonly theoremId: string;
  readonly point: P;
  readonly pointLabel: string;
  readonly trial: number;
  readonly tier: Tier;
  /** The stream of this check: `forkLabel({seed, path: theoremId}, pointLabel, trial)`. */
  readonly label: StreamLabel;
  /** Two-sided confidence level the returned CI must have, from the run's error budget. */
  readonly confidence: number;
  readonly prediction: Prediction;
  /** Wall-clock seconds this check may spend (its share of the tier budget). */
  readonly timeBudgetSeconds: number;
  readonly settings: Readonly<Record<string, unknown>>;
  /**
   * Nominal kernel speed (steps/s per worker) pinned for the tier in `ci/tiers.json`. Planning from
   * it instead of a measured speed keeps the plan (step sizes, chains), and so every number of the
   * check, identical on every machine: what makes `htsgd replay` reproduce a check.
   */
  readonly kernelStepsPerSecond?: number;
  /**
   * Worker threads the tier assumes (`ci/tiers.json` `cores`). Plans are sized with it, so it is
   * pinned per tier like the speed: simulated numbers never depend on the worker count, plans do.
   */
  readonly workers?: number;
  /**
   * The simulator the check's runs use (`RunOptions.engine`; undefined: the default, 'wasm'). A
   * mutant here runs every experiment of the check on the broken simulator, with nothing else changed.
   */
  readonly engine?: Engine;
  /** Reports progress in [0, 1] within this check. */
  readonly progress: (fraction: number) => void;
}

export type { BandTestSpec };

/** What a test returns: an estimate of the predicted quantity with a CI at `ctx.confidence`. */
export interface Observation {
  readonly estimate: number;
  /** Two-sided interval at `ctx.confidence`; lo ≤ hi (infinite ends allowed: an honest "unknown"). */
  readonly ci: readonly [number, number];
  /**
   * Standard error of `estimate` under a normal approximation. Without `test`, it stands for a
   * normal test: the machinery derives Holm's p-value from it only when `ci` is that test's interval
   * (estimate ± z·se, within 1e-9 relative); otherwise the check keeps its Bonferroni level.
   */
  readonly standardError?: number;
  /**
   * The test behind `ci` (t, Wilson, exact binomial, Poisson or normal: `src/stats/band-test.ts`).
   * When given, the machinery takes the interval of the verdict AND Holm's p-value from this one
   * test, so that p ≤ a exactly when the (1 − a) interval misses the band (issue 14 §6).
   */
  readonly test?: BandTestSpec;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly plots?: readonly PlotSpec[];
  /**
   * Side conditions a `consistent` verdict needs besides the CI inside the band, e.g. "the gap to
   * the limit does not grow as η falls" (issue 5: a trend toward the prediction). An unmet one turns
   * `consistent` into `inconclusive`; it never makes a check `inconsistent`, so it adds no false alarm.
   */
  readonly requirements?: readonly Requirement[];
  /**
   * A tolerance derived at run time, on the declaration's scale, that replaces the declaration's
   * `value` in the band: e.g. z·e for an extrapolated η → 0 limit whose error e is only known once
   * the exact chain is solved. The declaration's reason must give the derivation.
   */
  readonly tolerance?: number;
}

/** A side condition of a `consistent` verdict (see {@link Observation.requirements}). */
export interface Requirement {
  /** Short name, e.g. `trend`. */
  readonly name: string;
  readonly met: boolean;
  /** What was measured, with numbers. */
  readonly detail: string;
  /**
   * The side condition is itself a judged link of the evidence (issue 14 §2: "the simulator is this
   * chain", "the chain's limit is the theory") and its test rejected it at the check's confidence:
   * the verdict is `inconsistent`, whatever the main interval says. Implies `met: false`.
   */
  readonly rejected?: boolean;
}

/** The statistical test of a declaration. */
export interface TestSpec<P extends HypothesisPoint = HypothesisPoint> {
  /** e.g. `censored-exponential MLE per η, weighted log-log slope`. */
  readonly name: string;
  /** Method syntax: see {@link Predictor.compute}. */
  run(ctx: CheckContext<P>): Observation | Promise<Observation>;
}

/**
 * The band around the prediction that counts as agreement: `absolute` is predicted ± value,
 * `relative` is predicted·(1 ± value). `reason` says where the width comes from (e.g. measured
 * finite-η bias), and is printed in every report.
 */
export interface Tolerance {
  readonly value: number;
  readonly scale: 'absolute' | 'relative';
  readonly reason: string;
}

/** A theorem or conjecture declared as data (build with `defineTheorem` / `defineConjecture`). */
export interface TheoremDeclaration<P extends HypothesisPoint = HypothesisPoint> {
  readonly id: string;
  readonly kind: 'theorem' | 'conjecture';
  readonly title: string;
  readonly source: SourceRef;
  /** For conjectures: why the claim is expected (heuristic, derivation). */
  readonly rationale?: string;
  readonly hypotheses: readonly HypothesisRange[];
  readonly predictor: Predictor<P>;
  readonly plan: ExperimentPlan<P>;
  readonly test: TestSpec<P>;
  readonly tolerance: Tolerance;
  /** Relative weight of this theorem in the tier's time budget (> 0; normalised over the run). */
  readonly budgetShare: number;
}

/** Plot specifications: data only; `src/report/figures.ts` draws them (Vega-Lite). */
export type PlotSpec = XYPlotSpec | QQPlotSpec | BarPlotSpec | StepPlotSpec | GraphPlotSpec | Landscape2dPlotSpec;

/**
 * A 2-D landscape with its basins and sample paths, one panel per path set (e.g. clipped against
 * unclipped SGD, ICLR 2022 Fig. 3). Cells cover [−ball, ball]² on an N×N grid.
 */
export interface Landscape2dPlotSpec {
  readonly kind: 'landscape2d';
  readonly title: string;
  readonly ball: number;
  readonly resolution: number;
  /** labels[i + N·j]: 1-based basin of the cell centred at (−L + (i + ½)h, −L + (j + ½)h); 0 outside the ball. */
  readonly labels: readonly number[];
  /** f at the same cell centres (shading). */
  readonly values: readonly number[];
  /** Basin k's name at index k − 1 (e.g. `Ω_3 (sharp)`). */
  readonly basinNames: readonly string[];
  /** Minimiser sets: a point, or a segment from (x, y) to (x2, y2). */
  readonly minima: readonly { x: number; y: number; x2?: number; y2?: number; label: string }[];
  readonly panels: readonly {
    readonly title: string;
    /** Iterates of one path (every k-th step), in order. */
    readonly x: readonly number[];
    readonly y: readonly number[];
    readonly start: readonly [number, number];
  }[];
}

export interface XYPoint {
  readonly x: number;
  readonly y: number;
  /** Optional CI of y, drawn as an error bar or band. */
  readonly lo?: number;
  readonly hi?: number;
}

export interface XYSeries {
  readonly name: string;
  /** `scatter`: dots with error bars; `line`: polyline; `band`: shaded lo..hi area. */
  readonly style: 'scatter' | 'line' | 'band';
  readonly points: readonly XYPoint[];
  /** `fitted` and `predicted` get the report's fixed colours; default picks by order. */
  readonly role?: 'observed' | 'fitted' | 'predicted' | 'other';
}

export interface XYPlotSpec {
  readonly kind: 'xy';
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly series: readonly XYSeries[];
}

/** Q–Q plot of sorted samples against a reference quantile function (default Exp(1)). */
export interface QQPlotSpec {
  readonly kind: 'qq';
  readonly title: string;
  /** Observed values, any order (sorted when drawn). */
  readonly samples: readonly number[];
  /** @default 'exponential' (Exp(1) quantiles −log(1 − p)). */
  readonly reference?: 'exponential' | 'normal';
  readonly xLabel?: string;
  readonly yLabel?: string;
}

/** Grouped bars: predicted against observed (with CI) per category. */
export interface BarPlotSpec {
  readonly kind: 'bars';
  readonly title: string;
  readonly yLabel: string;
  readonly groups: readonly { label: string; predicted: number; observed: number; lo?: number; hi?: number }[];
}

/** A trajectory (x against step) drawn as a step function, with optional horizontal reference lines. */
export interface StepPlotSpec {
  readonly kind: 'step';
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly paths: readonly { name: string; steps: readonly number[]; values: readonly number[] }[];
  readonly guides?: readonly { y: number; label: string }[];
}

/**
 * A transition graph among minima (issue 5 item 6): nodes left to right in `position` order
 * (e.g. the minimum's x), widest minima filled, sharp ones hollow; each directed edge drawn as an
 * arc (left→right above the axis, right→left below) labelled `predicted / observed [lo, hi]`.
 */
export interface GraphPlotSpec {
  readonly kind: 'graph';
  readonly title: string;
  readonly nodes: readonly { id: number; label: string; position: number; wide?: boolean }[];
  readonly edges: readonly {
    from: number;
    to: number;
    predicted: number;
    observed?: number;
    lo?: number;
    hi?: number;
  }[];
  /** What the edge numbers are, e.g. `rate (λ* units)` or `P(next = j)`. */
  readonly quantity: string;
}

/**
 * What reruns one check alone, as data: the same declaration point and trial (`id`), stream
 * (`seed`, `path`), confidence and time budget (the planner sizes the experiment from the budget, so
 * it is part of what is replayed). The CLI turns it into `htsgd replay …` (`src/cli/replay-command.ts`).
 */
export interface ReplayInfo {
  readonly id: string;
  readonly seed: number | string;
  readonly path: string;
  readonly tier: Tier;
  readonly confidence: number;
  readonly timeBudgetSeconds: number;
}

/** The result of one check: everything needed to read, judge and replay it. */
export interface CheckResult {
  readonly id: string;
  readonly theoremId: string;
  readonly kind: 'theorem' | 'conjecture';
  readonly hypotheses: HypothesisPoint;
  readonly predicted: Prediction & { readonly predictor: string };
  readonly observed: {
    readonly estimate: number;
    readonly ci: readonly [number, number];
    readonly standardError?: number;
    /** The test the interval and the p-value come from (absent: the observation's own interval, no p-value). */
    readonly test?: string;
  };
  readonly tolerance: Tolerance & { readonly band: readonly [number, number] };
  readonly verdict: Verdict;
  /** The observation's side conditions (an unmet one caps the verdict at `inconclusive`). */
  readonly requirements?: readonly Requirement[];
  /** Two-sided confidence of `observed.ci`, derived from the run's error budget. */
  readonly confidence: number;
  /** p-value of "the true value lies in the band" (null when the test gives no standard error). */
  readonly pValue: number | null;
  /** How the verdict's level was set: `bonferroni`, or `holm` once the whole run is known. */
  readonly budgetMethod: 'bonferroni' | 'holm';
  readonly seed: number | string;
  readonly path: string;
  /** The text the caller's `RunOptions.replayCommand` made of the check's {@link ReplayInfo} (the CLI: `htsgd replay …`). */
  readonly replay: string;
  readonly status: 'ok' | 'error';
  readonly error?: string;
  readonly elapsedSeconds: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly plots: readonly PlotSpec[];
}

/** A theorem as listed in reports (no functions). */
export interface TheoremSummary {
  readonly id: string;
  readonly kind: 'theorem' | 'conjecture';
  readonly title: string;
  readonly source: SourceRef;
  readonly rationale?: string;
  readonly hypotheses: readonly HypothesisRange[];
  readonly predictor: string;
  readonly plan: {
    readonly description: string;
    readonly points: Readonly<Record<Tier, readonly HypothesisPoint[]>>;
    readonly trials: number;
    readonly settings: Readonly<Record<string, unknown>>;
    readonly weights?: Readonly<Partial<Record<Tier, readonly number[]>>>;
  };
  readonly test: string;
  readonly tolerance: Tolerance;
  readonly budgetShare: number;
}

/** A run (or one shard of it), as written to `report.json`. */
export interface RunReport {
  readonly schema: 'htsgd-report/1';
  readonly run: {
    readonly seed: number | string;
    readonly tier: Tier;
    /** Total false-alarm probability of the run (family-wise), split over its checks. */
    readonly errorBudget: number;
    readonly timeBudgetSeconds: number;
    /** Pinned kernel speed and worker count the checks planned with (null: measured / default). */
    readonly kernelStepsPerSecond?: number | null;
    readonly workers?: number | null;
    /** Ids of every check of the run, all shards together (the budget is split over these). */
    readonly checkIds: readonly string[];
    readonly theoremFilter: readonly string[] | null;
    /** The shards this report holds (1-based index); null for an unsharded run. */
    readonly shards: readonly { readonly index: number; readonly count: number }[] | null;
    readonly startedAt: string;
    readonly elapsedSeconds: number;
  };
  readonly theorems: readonly TheoremSummary[];
  readonly checks: readonly CheckResult[];
  /** True when every id of `run.checkIds` has a result here (then Holm has been applied). */
  readonly complete: boolean;
  readonly summary: {
    readonly total: number;
    readonly consistent: number;
    readonly inconsistent: number;
    readonly inconclusive: number;
    readonly errors: number;
  };
  /** Set when the run was stopped (SIGINT) and this report holds only the checks that finished. */
  readonly interrupted?: { readonly signal: string; readonly finished: number; readonly selected: number };
  /** Where and with what the run was made (written by the CLI; absent from older reports). */
  readonly provenance?: RunProvenance;
  /** Figures of the run as a whole, not of one check (e.g. the 2-D landscape of an R^d run). */
  readonly figures?: readonly PlotSpec[];
}

/** What produced a report: versions, machine and the run's settings (issue 15, §5). */
export interface RunProvenance {
  readonly htsgdVersion: string;
  /** `git rev-parse HEAD` of the package's checkout, null outside a git checkout or without git. */
  readonly gitCommit: string | null;
  /** True when the checkout had uncommitted changes (null when unknown). */
  readonly gitDirty: boolean | null;
  readonly node: string;
  /** `os.type() os.release() (arch)`. */
  readonly os: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly workers: number | null;
  readonly engine: string;
  readonly tier: string;
  readonly seed: number | string;
  readonly budgets: {
    readonly errorBudget: number;
    readonly timeBudgetSeconds: number;
    readonly kernelStepsPerSecond: number | null;
  };
}
