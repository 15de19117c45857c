export * from './ladder.ts';
export * from './ladder-input.ts';
export * from './month.ts';
