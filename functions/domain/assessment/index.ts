export * from './close.ts';
export * from './indicators.ts';
export * from './knowledge-upkeep.ts';
export * from './ladder.ts';
export * from './ladder-input.ts';
export * from './month.ts';
export * from './score.ts';
export * from './unit-analysis.ts';
