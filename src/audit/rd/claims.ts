/**
 * Claims of an optimizer audited in R^d (issue 16 §6): `dimension: 2`, a radial family (`lomax` or
 * `student-t`) with `tailIndex` and `noiseScale`, `direction: 'isotropic'` and `truncation` (the
 * clip on the norm of the whole step). Z = c·R·Θ, R independent of Θ, Θ uniform on the circle
 * (`src/model/rd/noise.ts`); for Student-t, Z = c·N/√(V/ν).
 *
 * Only d = 2 is audited: the isotropy checks bin the angle of the step. `pPlus` has no meaning in
 * R^d (the balance of the noise is the direction claim), so it is refused rather than ignored.
 */
import { invalidOption } from '../../core/errors.ts';
import { createNoiseLawRd, type NoiseSpecRd } from '../../model/rd/noise.ts';
import type { NoiseSpec } from '../../model/types.ts';
import type { OptimizerClaims } from '../types.ts';

const API = 'htsgd audit';

/** Dimensions the R^d audit supports. */
export const AUDIT_DIMENSIONS = [2] as const;

/**
 * Validates the claims of a d ≥ 2 optimizer (keys already checked by the caller).
 * @throws InputError (ERR_INVALID_OPTION) naming the bad claim.
 */
export function resolveClaimsRd(c: Record<string, unknown>): {
  claims: OptimizerClaims;
  noise: NoiseSpec;
  truncation: number;
  rd: { dimension: number; noise: NoiseSpecRd };
} {
  const dimension = c.dimension;
  if (!(AUDIT_DIMENSIONS as readonly unknown[]).includes(dimension))
    throw invalidOption(
      API,
      'claims.dimension',
      '1 or 2 (the R^d checks bin the angle of the step, so only the plane is audited)',
      dimension,
    );
  const kind = c.noise;
  if (kind !== 'lomax' && kind !== 'student-t')
    throw invalidOption(API, 'claims.noise', "'lomax' or 'student-t' in dimension 2 (Z = c·R·Θ)", kind);
  if (c.pPlus !== undefined)
    throw invalidOption(
      API,
      'claims.pPlus',
      'absent in dimension 2 (the balance of the noise is the `direction` claim)',
      c.pPlus,
    );
  if (c.direction !== undefined && c.direction !== 'isotropic')
    throw invalidOption(
      API,
      'claims.direction',
      "'isotropic' (the only spectral measure the audit checks)",
      c.direction,
    );
  const alpha = c.tailIndex;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 1)
    throw invalidOption(API, 'claims.tailIndex', 'a number > 1', alpha);
  const scale = c.noiseScale;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0)
    throw invalidOption(API, 'claims.noiseScale', 'a finite number > 0', scale);
  const b = c.truncation;
  if (b === undefined || !(b === null || (typeof b === 'number' && Number.isFinite(b) && b > 0)))
    throw invalidOption(API, 'claims.truncation', 'a finite number > 0 (the clip on the norm of the step), or null', b);
  const noiseRd: NoiseSpecRd = { kind, tailIndex: alpha, scale, dimension: dimension as number };
  createNoiseLawRd(noiseRd);
  return {
    claims: {
      noise: kind,
      tailIndex: alpha,
      noiseScale: scale,
      truncation: b as number | null,
      dimension: dimension as number,
      direction: 'isotropic',
    },
    // The same family and parameters in 1-D: not used by the R^d checks (they use `rd.noise`).
    noise: { kind, tailIndex: alpha, scale },
    truncation: b === null ? Infinity : (b as number),
    rd: { dimension: dimension as number, noise: noiseRd },
  };
}
