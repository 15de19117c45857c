export * from './references.ts';
export * from './schema.ts';
export { unitTree } from './unit-tree.ts';
