/**
 * The audit layer (issue 6): `runAudit` checks someone else's optimizer module against its claims
 * (tail index, noise scale, p₊, clip threshold and placement) with the optimizer as the engine.
 * May import every layer below `cli`.
 */
export { runAudit, ruleClaims, AUDIT_DEFAULTS } from './audit.ts';
export type { AuditOptions, AuditRunProgress } from './audit.ts';
export { loadOptimizer, importOptimizer, validateOptimizer, resolveClaims } from './load.ts';
export { formatAudit } from './format.ts';
export { auditPoolSize, closeAuditPool, runAuditTasks } from './pool.ts';
export type { AuditPoolOptions, AuditProgress } from './pool.ts';
export * from './types.ts';
