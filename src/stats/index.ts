/**
 * The statistics layer: one estimator or test per file, each returning a plain result object
 * (`statistic`, `pValue` / `ci`, `method`, …). Imports only `core` and `rng`.
 */
export * from './distributions.ts';
export * from './normal.ts';
export * from './censored-exponential.ts';
export * from './kaplan-meier.ts';
export * from './loglog-regression.ts';
export * from './bootstrap.ts';
export * from './ks.ts';
export * from './binomial.ts';
export * from './chi-square.ts';
export * from './g-test.ts';
export * from './holm.ts';
export * from './hill.ts'; // written by the MODEL team
export { checkConfidence, checkSignificance, type Samples } from './validate.ts';
