/**
 * The number formatter lives in `src/core/format.ts` (every layer may use it, and `experiments`,
 * `verify` and `conjecture` may not import `report`). This re-export keeps `../report/format.ts`
 * imports of branches written before the move compiling; new code imports the core module.
 */
export { formatNumber, formatSignificant, formatTruncation, type NumberFormat } from '../core/format.ts';
