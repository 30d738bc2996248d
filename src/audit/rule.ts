/**
 * The claim-by-claim ruling of an audit (1-D and R^d alike): turns the Holm-adjusted checks into a
 * verdict per claim. Kept apart from `audit.ts` so that the R^d audit (`src/audit/rd`) shares it
 * without an import cycle.
 */
import { CLAIM_NAMES, type AuditCheck, type ClaimName, type ClaimVerdict, type ResolvedOptimizer } from './types.ts';

/**
 * Rules claim by claim. A claim is `inconsistent` when one of its own checks rejects; its noise
 * parameters are `inconclusive` when the noise family itself is rejected (their estimates are then
 * moot); in d ≥ 2 the radial law (family, tail index, scale) is `inconclusive` when the direction
 * claim is rejected (Z is then not c·R·Θ with R independent of an isotropic Θ, so "the law of R" is
 * not the claimed object); a joint check that rejects while no claim it bears on has failed its own
 * checks is charged to `update` (the claims fail together: e.g. memory or state-dependent noise).
 */
export function ruleClaims(opt: ResolvedOptimizer, checks: AuditCheck[]): ClaimVerdict[] {
  const rd = opt.rd !== undefined;
  const own = (c: ClaimName) => checks.filter((k) => k.primary === c);
  const failed = new Set<ClaimName>(checks.filter((k) => k.rejected && k.primary).map((k) => k.primary!));
  const unexplained = checks.filter((k) => k.rejected && !k.primary && !k.bearsOn.some((c) => failed.has(c)));
  const claimed: Record<ClaimName, string> = {
    noise: opt.claims.noise,
    tailIndex: opt.claims.tailIndex === undefined ? '—' : String(opt.claims.tailIndex),
    noiseScale: String(opt.claims.noiseScale),
    pPlus: String(opt.claims.pPlus ?? 0.5),
    direction: opt.claims.direction ?? 'isotropic',
    truncation:
      opt.claims.truncation === null ? 'none' : rd ? `‖·‖ ≤ ${opt.claims.truncation}` : String(opt.claims.truncation),
    update: rd
      ? 'x ← x − φ_b(η(∇f − Z)), φ_b clips the norm, Z iid; and the claims jointly'
      : 'x ← x − φ_b(η(∇f − Z)), Z iid; and the claims jointly',
  };
  const applies = (c: ClaimName) =>
    (c !== 'tailIndex' || opt.claims.noise !== 'gaussian') && (rd ? c !== 'pPlus' : c !== 'direction');
  return CLAIM_NAMES.filter(applies).map((claim) => {
    const bearing = checks.filter((k) => k.bearsOn.includes(claim)).map((k) => k.id);
    const rejectedOwn = own(claim).filter((k) => k.rejected);
    if (rd && (claim === 'noise' || claim === 'tailIndex' || claim === 'noiseScale') && failed.has('direction')) {
      return {
        claim,
        claimed: claimed[claim],
        verdict: 'inconclusive',
        checks: bearing,
        note: 'the direction claim is rejected (Z/‖Z‖ is not isotropic or not independent of ‖Z‖), so the radial law is not assessed',
      };
    }
    // A misspecified family makes every fitted parameter moot (and differ across η), so the family
    // verdict comes first for the noise parameters.
    if ((claim === 'tailIndex' || claim === 'noiseScale' || claim === 'pPlus') && failed.has('noise')) {
      return {
        claim,
        claimed: claimed[claim],
        verdict: 'inconclusive',
        checks: bearing,
        note: 'the noise family is rejected, so its parameters are not assessed',
      };
    }
    if (rejectedOwn.length > 0) {
      return {
        claim,
        claimed: claimed[claim],
        verdict: 'inconsistent',
        checks: bearing,
        note: rejectedOwn.map((k) => `${k.id}: ${k.detail}`).join(' | '),
      };
    }
    if (claim === 'update' && unexplained.length > 0) {
      return {
        claim,
        claimed: claimed[claim],
        verdict: 'inconsistent',
        checks: bearing,
        note: `the claims fail jointly (a joint check rejected, no single claim's own check did: a deviation too small for the one-step checks, or memory / state-dependent noise): ${unexplained.map((k) => `${k.id}: ${k.detail}`).join(' | ')}`,
      };
    }
    return {
      claim,
      claimed: claimed[claim],
      verdict: 'consistent',
      checks: bearing,
      note: 'no check bearing on it rejected',
    };
  });
}
