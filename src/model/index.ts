export * from './types.ts';
export * from './noise.ts';
export * from './landscapes.ts';
export * from './roots.ts';
export * from './quadrature.ts';
