// jstat ships no types; these declare only what htsgd uses (add as needed).
declare module 'jstat' {
  export const jStat: {
    normal: { cdf(x: number, mean: number, sd: number): number; inv(p: number, mean: number, sd: number): number };
    studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
    chisquare: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
    beta: { cdf(x: number, a: number, b: number): number; inv(p: number, a: number, b: number): number };
    gammaln(x: number): number;
    ibeta(x: number, a: number, b: number): number;
    erf(x: number): number;
    erfc(x: number): number;
    [key: string]: unknown;
  };
  const _default: { jStat: typeof jStat };
  export default _default;
}
