import type { DirectoryKind } from './schema.ts';

/** The kinds an entry may name. */
export type ReferenceTarget = 'region' | 'unit';

/** The fields of each kind that name another entry, and the kind they name. */
export const DIRECTORY_REFERENCES: Record<
  DirectoryKind,
  readonly { field: string; target: ReferenceTarget }[]
> = {
  region: [{ field: 'parentId', target: 'region' }],
  unit: [
    { field: 'parentId', target: 'unit' },
    { field: 'regionId', target: 'region' },
  ],
  catalogue: [{ field: 'unitId', target: 'unit' }],
  channel: [],
};

export interface ReferenceError {
  field: string;
  message: string;
}

/** A region or unit named as its own parent. */
export function selfReferenceErrors(
  kind: DirectoryKind,
  entry: Readonly<Record<string, unknown>>,
): ReferenceError[] {
  return DIRECTORY_REFERENCES[kind]
    .filter(({ field, target }) => target === kind && entry[field] !== undefined && entry[field] === entry.id)
    .map(({ field }) => ({ field, message: `a ${kind} cannot be its own parent` }));
}

/**
 * What is wrong with the references of one entry: a parent that is the entry itself, or a parent,
 * region or unit that `exists` does not know. The API checks every PUT with it; the CLI import uses
 * the same table and self check, with the entries of its file counted as existing.
 */
export function referenceErrors(
  kind: DirectoryKind,
  entry: Readonly<Record<string, unknown>>,
  exists: (target: ReferenceTarget, id: string) => boolean,
): ReferenceError[] {
  const self = selfReferenceErrors(kind, entry);
  if (self.length > 0) return self;
  return DIRECTORY_REFERENCES[kind].flatMap(({ field, target }) => {
    const id = entry[field];
    if (typeof id !== 'string' || exists(target, id)) return [];
    return [{ field, message: `no ${target} ${JSON.stringify(id)}` }];
  });
}
