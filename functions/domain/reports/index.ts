export * from './hot-topics.ts';
export * from './period.ts';
export * from './report.ts';
export * from './volumes.ts';
