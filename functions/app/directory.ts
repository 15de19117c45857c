import type { PutOutcome } from '../adapters/directory-repository.ts';
import { DIRECTORY_SCHEMAS, type DirectoryKind } from '../domain/directory/index.ts';
import type { DirectoryStore } from './context.ts';
import { type FieldError, fieldErrors } from './errors.ts';

export interface ImportSummary {
  added: number;
  changed: number;
  unchanged: number;
  refused: { kind: DirectoryKind; index: number; id?: string; errors: FieldError[] }[];
}

export function emptySummary(): ImportSummary {
  return { added: 0, changed: 0, unchanged: 0, refused: [] };
}

/**
 * Validates and stores directory entries one by one: a bad entry is refused with its reasons and the
 * rest still load. `onProgress` is told after each entry (the CLI draws its progress bar with it).
 */
export async function importEntries(
  directory: DirectoryStore,
  kind: DirectoryKind,
  entries: readonly unknown[],
  summary: ImportSummary = emptySummary(),
  onProgress: () => void = () => {},
): Promise<ImportSummary> {
  for (const [index, raw] of entries.entries()) {
    const parsed = DIRECTORY_SCHEMAS[kind].safeParse(raw);
    if (parsed.success) {
      const outcome: PutOutcome = await directory.put(kind, parsed.data);
      summary[outcome] += 1;
    } else {
      const id = typeof raw === 'object' && raw && 'id' in raw ? String(raw.id) : undefined;
      summary.refused.push({ kind, index, id, errors: fieldErrors(parsed.error) });
    }
    onProgress();
  }
  return summary;
}
