import type { DirectoryEntry } from '../domain/directory/index.ts';
import type { Command, DirectoryLookup } from '../domain/ticket/index.ts';
import type { DirectoryStore } from './context.ts';

/** The directory ids a command names, which the decider checks exist. */
export interface NamedIds {
  units?: readonly string[];
  categories?: readonly string[];
  regions?: readonly string[];
}

/** What a command names of the directory; nothing for the commands that name none of it. */
export function idsNamedBy(command: Command): NamedIds | undefined {
  switch (command.action) {
    case 'register':
      return { categories: [command.category], regions: command.regionId ? [command.regionId] : [] };
    case 'dispatch':
      return { units: [command.leadUnit, ...command.coUnits] };
    case 'redispatch':
      return { units: [command.toUnit] };
    default:
      return undefined;
  }
}

/** The directory kind each named id is looked up in. */
const KIND_OF = { units: 'unit', categories: 'catalogue', regions: 'region' } as const;
type NamedKind = (typeof KIND_OF)[keyof typeof KIND_OF];
type NamedEntry = DirectoryEntry<NamedKind>;

/**
 * The directory entries a command names, as the decider sees them: each id is read by its key (all
 * of one request's at once, in one batch: DirectoryRepository) and kept for a minute, directory
 * changes being rare. An id that is not found is not kept, so that an entry just added (by another
 * Lambda instance) is found at once; only requests naming unknown ids pay for that read. A read under
 * way is shared by whoever asks for the same id meanwhile.
 */
export class CachedDirectoryLookup {
  private readonly entries = new Map<string, { entry: Promise<NamedEntry | undefined>; until: number }>();

  constructor(
    private readonly directory: DirectoryStore,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = 60_000,
  ) {}

  async lookup(wanted: NamedIds): Promise<DirectoryLookup> {
    const named = (Object.keys(KIND_OF) as (keyof NamedIds)[]).flatMap((field) =>
      (wanted[field] ?? []).map((id) => ({ kind: KIND_OF[field], id })),
    );
    const found = new Map<string, NamedEntry | undefined>();
    // Every read is asked for before any is awaited, so that they go out together.
    const reads = named.map(({ kind, id }) => this.entry(kind, id));
    for (const [i, entry] of (await Promise.all(reads)).entries()) {
      const { kind, id } = named[i] as { kind: NamedKind; id: string };
      found.set(`${kind}#${id}`, entry);
    }
    return {
      unitLevel: (id) => (found.get(`unit#${id}`) as DirectoryEntry<'unit'> | undefined)?.level,
      hasCategory: (id) => found.get(`catalogue#${id}`) !== undefined,
      hasRegion: (id) => found.get(`region#${id}`) !== undefined,
    };
  }

  private entry(kind: NamedKind, id: string): Promise<NamedEntry | undefined> {
    const name = `${kind}#${id}`;
    const kept = this.entries.get(name);
    if (kept && kept.until >= this.now()) return kept.entry;
    const entry = this.directory.get(kind, id);
    this.entries.set(name, { entry, until: this.now() + this.maxAgeMs });
    const forget = () => {
      if (this.entries.get(name)?.entry === entry) this.entries.delete(name);
    };
    entry.then((found) => {
      if (!found) forget();
    }, forget);
    return entry;
  }
}
