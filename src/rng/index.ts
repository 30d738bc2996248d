export * from './xoshiro.ts';
export * from './seeds.ts';
