/** The quantities a conjecture can predict (`quantity` of `defineConjecture`) and the point of its checks. */
export const CONJECTURE_QUANTITIES = [
  'exit-order',
  'mean-exit-steps',
  'exit-location',
  'sharp-occupancy',
  'holding-rate',
] as const;
/** One of {@link CONJECTURE_QUANTITIES}. */
export type ConjectureQuantity = (typeof CONJECTURE_QUANTITIES)[number];

/**
 * A point of a conjecture's checks. `basin`/`target`: start basin (or widest minimum) and landing
 * target. `landscape` is a named setting or a random one's `poly:<roots>;box=<L>`; `pPlus` is p₊ of
 * the Lomax noise (½ when absent).
 */
export type ConjecturePoint = {
  landscape: string;
  tailIndex: number;
  pPlus?: number;
  truncation: number | null;
  basin: number;
  target: number | null;
};
