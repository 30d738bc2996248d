export * from './reach.ts';
export * from './constants.ts';
export * from './predict.ts';
