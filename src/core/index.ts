export * from './errors.ts';
export * from './guards.ts';
