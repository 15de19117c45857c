import type { Unit } from './schema.ts';

/**
 * The unit hierarchy as a function: is `unitId` the unit `ancestorId` or one under it? Follows
 * parents up the tree and stops on a cycle, so bad data cannot loop.
 */
export function unitTree(units: readonly Unit[]): (unitId: string, ancestorId: string) => boolean {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  return (unitId, ancestorId) => {
    const seen = new Set<string>();
    for (
      let current: string | undefined = unitId;
      current && !seen.has(current);
      current = parent.get(current)
    ) {
      if (current === ancestorId) return true;
      seen.add(current);
    }
    return false;
  };
}
