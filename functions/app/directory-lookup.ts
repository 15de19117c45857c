import type { Command, DirectoryLookup, UnitLevel } from '../domain/ticket/index.ts';
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

interface Snapshot extends DirectoryLookup {
  readAt: number;
}

/**
 * The directory as the decider sees it, read whole and kept for a minute: directory changes are
 * rare. An id the snapshot does not know makes it read again, so that an entry just added (by
 * another Lambda instance) is found at once; only requests naming unknown ids pay for that read.
 */
export class CachedDirectoryLookup {
  private snapshot: Promise<Snapshot> | undefined;

  constructor(
    private readonly directory: DirectoryStore,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = 60_000,
  ) {}

  async lookup(wanted: NamedIds): Promise<DirectoryLookup> {
    let current = await this.current();
    if (!knowsAll(current, wanted) && current.readAt < this.now()) current = await this.reread();
    return current;
  }

  private async current(): Promise<Snapshot> {
    const snapshot = await (this.snapshot ?? this.reread());
    return this.now() - snapshot.readAt > this.maxAgeMs ? this.reread() : snapshot;
  }

  private reread(): Promise<Snapshot> {
    const read = this.read();
    this.snapshot = read;
    read.catch(() => {
      if (this.snapshot === read) this.snapshot = undefined;
    });
    return read;
  }

  private async read(): Promise<Snapshot> {
    const readAt = this.now();
    const [units, regions, catalogue] = await Promise.all([
      this.directory.all('unit'),
      this.directory.all('region'),
      this.directory.all('catalogue'),
    ]);
    const levels = new Map<string, UnitLevel>(units.map((u) => [u.id, u.level]));
    const regionIds = new Set(regions.map((r) => r.id));
    const categoryIds = new Set(catalogue.map((c) => c.id));
    return {
      readAt,
      unitLevel: (id) => levels.get(id),
      hasRegion: (id) => regionIds.has(id),
      hasCategory: (id) => categoryIds.has(id),
    };
  }
}

function knowsAll(lookup: DirectoryLookup, wanted: NamedIds): boolean {
  return (
    (wanted.units ?? []).every((id) => lookup.unitLevel(id) !== undefined) &&
    (wanted.categories ?? []).every((id) => lookup.hasCategory(id)) &&
    (wanted.regions ?? []).every((id) => lookup.hasRegion(id))
  );
}
