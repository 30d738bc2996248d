export * from './types.ts';
export * from './noise.ts';
export * from './grid-basins.ts';
export * from './landscapes.ts';
export * from './himmelblau.ts';
export * from './spec.ts';
