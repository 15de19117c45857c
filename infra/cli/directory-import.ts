import type { DirectoryRepository } from '../../functions/adapters/directory-repository.ts';
import { emptySummary, type ImportSummary, importEntries } from '../../functions/app/directory.ts';
import type { FieldError } from '../../functions/app/errors.ts';
import {
  DIRECTORY_REFERENCES,
  DIRECTORY_SCHEMAS,
  type DirectoryKind,
  type ReferenceTarget,
  selfReferenceErrors,
} from '../../functions/domain/directory/index.ts';
import type { DirectoryFile } from './directory-file.ts';

/** Regions first, so that units can name them; units before the catalogue that names them. */
export const IMPORT_ORDER = ['region', 'unit', 'catalogue', 'channel'] as const satisfies DirectoryKind[];

type Target = ReferenceTarget;

export interface KindResult extends ImportSummary {
  kind: DirectoryKind;
}

/** Ids stored, and ids of this file's entries that were refused (for clearer messages). */
interface Known {
  stored: Record<Target, Set<string>>;
  refused: Record<Target, Set<string>>;
}

/**
 * Imports the kinds a file holds, in IMPORT_ORDER. Each entry is checked against its schema and its
 * references: a parent, region or unit it names must be in the file (and not refused) or already
 * stored. Refused entries are listed with their reasons; the others are stored. `onProgress` is told
 * once per entry.
 */
export async function importDirectory(
  directory: DirectoryRepository,
  file: DirectoryFile,
  onProgress: () => void = () => {},
): Promise<KindResult[]> {
  const known: Known = {
    stored: {
      region: new Set((await directory.all('region')).map((r) => r.id)),
      unit: new Set((await directory.all('unit')).map((u) => u.id)),
    },
    refused: { region: new Set(), unit: new Set() },
  };
  const results: KindResult[] = [];
  for (const kind of IMPORT_ORDER) {
    const entries = file[kind];
    if (entries) results.push({ kind, ...(await importKind(directory, kind, entries, known, onProgress)) });
  }
  return results;
}

async function importKind(
  directory: DirectoryRepository,
  kind: DirectoryKind,
  entries: readonly unknown[],
  known: Known,
  onProgress: () => void,
): Promise<ImportSummary> {
  const valid = new Map<number, Record<string, unknown>>();
  for (const [index, raw] of entries.entries()) {
    const parsed = DIRECTORY_SCHEMAS[kind].safeParse(raw);
    if (parsed.success) valid.set(index, parsed.data);
  }
  const ids = new Set(entries.map(rawId).filter((id) => id !== undefined));
  const dangling = referenceErrors(kind, valid, ids, known);

  // Entries with a dangling reference are refused here; the use case validates and stores the rest.
  const passed = [...entries.keys()].filter((index) => !dangling.has(index));
  const summary = await importEntries(
    directory,
    kind,
    passed.map((index) => entries[index]),
    emptySummary(),
    onProgress,
  );
  for (const refusal of summary.refused) refusal.index = passed[refusal.index] as number;
  for (const [index, errors] of dangling) {
    summary.refused.push({ kind, index, id: String(valid.get(index)?.id), errors });
    onProgress();
  }
  summary.refused.sort((a, b) => a.index - b.index);

  if (kind === 'region' || kind === 'unit') {
    for (const [index, entry] of valid) if (!dangling.has(index)) known.stored[kind].add(String(entry.id));
    for (const id of ids) if (!known.stored[kind].has(id)) known.refused[kind].add(id);
  }
  return summary;
}

/** The id an entry read from a file gives itself, if any. */
function rawId(raw: unknown): string | undefined {
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? raw.id : undefined;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/**
 * The entries (by index) whose references name nothing. References to the same kind (a unit's
 * parent) may name another entry of the file; when that entry is itself refused, so is this one, so
 * the check repeats until nothing more is refused.
 */
function referenceErrors(
  kind: DirectoryKind,
  valid: ReadonlyMap<number, Record<string, unknown>>,
  fileIds: ReadonlySet<string>,
  known: Known,
): Map<number, FieldError[]> {
  const errors = new Map<number, FieldError[]>();
  const references = DIRECTORY_REFERENCES[kind];
  if (references.length === 0) return errors;
  const candidates = new Set(valid.keys());
  for (let refusedMore = true; refusedMore; ) {
    refusedMore = false;
    const inFile = new Set([...candidates].map((index) => String(valid.get(index)?.id)));
    for (const index of candidates) {
      const entry = valid.get(index) as Record<string, unknown>;
      const found: FieldError[] = selfReferenceErrors(kind, entry);
      for (const { field, target } of references) {
        if (found.length > 0) break;
        const id = entry[field];
        if (typeof id !== 'string' || known.stored[target].has(id)) continue;
        if (target === kind && inFile.has(id)) continue;
        const refusedInFile = target === kind ? fileIds.has(id) : known.refused[target].has(id);
        found.push({
          field,
          message: `no ${target} ${JSON.stringify(id)}${refusedInFile ? ' (its entry is refused)' : ''}`,
        });
      }
      if (found.length > 0) {
        errors.set(index, found);
        candidates.delete(index);
        refusedMore = true;
      }
    }
  }
  return errors;
}
