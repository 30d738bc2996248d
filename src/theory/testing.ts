/**
 * A minimal polynomial landscape for theory's own tests (f'(x) = A·Π(x − c_k)), so theory tests do not
 * depend on the model team's builder. Not for production use: it does not validate its input.
 */
import type { TheoryLandscape } from './geometry.ts';

/**
 * f'(x) = scale·Π(x − roots_k) with roots alternating min, max, …, min (odd count); f by exact
 * polynomial integration (f(0) = 0). @param box L.
 */
export function testPolynomial(roots: number[], box: number, scale = 1): TheoryLandscape {
  // Coefficients of Π(x − c), ascending powers.
  let coef = [1];
  for (const c of roots) {
    const next = new Array<number>(coef.length + 1).fill(0);
    for (let i = 0; i < coef.length; i++) {
      next[i + 1] += coef[i];
      next[i] -= c * coef[i];
    }
    coef = next;
  }
  const grad = coef.map((x) => x * scale);
  const val = [0, ...grad.map((x, i) => x / (i + 1))];
  const curv = grad.slice(1).map((x, i) => x * (i + 1));
  const horner = (cs: number[], x: number) => cs.reduceRight((acc, c) => acc * x + c, 0);
  return {
    box,
    minima: roots.filter((_, i) => i % 2 === 0),
    saddles: roots.filter((_, i) => i % 2 === 1),
    gradient: (x) => horner(grad, x),
    value: (x) => horner(val, x),
    curvature: (x) => horner(curv, x),
  };
}
