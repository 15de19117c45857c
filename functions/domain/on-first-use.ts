/**
 * A value built on its first use and kept. For schemas a module holds beside what its importers
 * need: a module's top-level schemas are built at every cold start of each bundle that holds it,
 * and most functions import a module for one schema of several (some 10 µs per zod schema built).
 */
export function onFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
