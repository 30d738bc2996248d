export * from './samplers.ts';
export * from './kernel.ts';
export * from './run.ts';
