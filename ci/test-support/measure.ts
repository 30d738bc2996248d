/**
 * Measurements that tests already compute (a coverage, a power, a worst error) and that comments
 * cite: `reportMeasurement` prints them when `HTSGD_MEASURE` is set, so `npm run measure:<name>`
 * (ci/measure.mjs) regenerates every cited number from the same seeded code that asserts on it.
 * Silent in ordinary test runs.
 */

/**
 * Prints `measure <name> = <value>` when the environment variable `HTSGD_MEASURE` is set.
 * @param name - a stable name (`file/what`), which the citing comment quotes.
 * @param value - the measured number(s); numbers print with 4 significant digits.
 */
export function reportMeasurement(name: string, value: number | readonly number[]): void {
  if (!process.env.HTSGD_MEASURE) return;
  const show = (v: number): string => String(Number(v.toPrecision(4)));
  console.log(`measure ${name} = ${typeof value === 'number' ? show(value) : value.map(show).join(', ')}`);
}
