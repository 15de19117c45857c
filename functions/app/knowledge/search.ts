import {
  type IndexedEntry,
  KnowledgeIndex,
  type SearchHit,
} from '../../adapters/knowledge-search/knowledge-index.ts';
import {
  type Entry,
  type KnowledgeEvent,
  publishedVersion,
  regionChain,
} from '../../domain/knowledge/index.ts';
import type { KnowledgeStore } from './context.ts';
import type { IndexStore } from './index-store.ts';

/** What the index holds of an entry: its published version, or nothing. */
export function indexedEntry(entry: Entry): IndexedEntry | undefined {
  const current = publishedVersion(entry);
  if (!current) return undefined;
  const c = current.content;
  return {
    id: entry.id,
    version: current.version,
    title: c.title,
    questions: c.questions,
    answer: c.answer,
    category: c.category,
    regionId: c.regionId,
    unitId: entry.unitId,
    public: c.public,
    localizes: c.localizes,
  };
}

/** Events after which the index must change: a version published, an entry retired. */
export const changesIndex = (events: readonly KnowledgeEvent[]) =>
  events.some((e) => e.type === 'VersionPublished' || e.type === 'EntryRetired');

/** Milliseconds between two looks at the stored index's tag. */
const CHECK_EVERY_MS = 2_000;
/** An owner writes the index to its store at most this often (one write for a burst of changes). */
const PERSIST_AFTER_MS = 1_000;

/**
 * The searcher's view of the index: loaded from the store on first use, reloaded when the store's
 * tag changes (looked at no more than every two seconds). `apply` and `rebuild` are the builder's:
 * in AWS the function the bus calls when a published entry changes, locally the same code called
 * in-process after the command.
 */
export class KnowledgeSearch {
  private current: { index: KnowledgeIndex; tag: string | undefined } | undefined;
  private checkedAt = 0;
  private loading: Promise<KnowledgeIndex> | undefined;
  private persistTimer: NodeJS.Timeout | undefined;

  /**
   * `owner`: this process keeps the index (the local runtime): it loads the stored index once,
   * changes it in memory and writes it back after a burst of changes. Otherwise (a search function
   * in AWS) it only reads, and reloads when the store's tag changes.
   */
  constructor(
    private readonly store: IndexStore,
    private readonly entries: Pick<KnowledgeStore, 'publishedIds' | 'load'>,
    private readonly regions: () => Promise<readonly { id: string; parentId?: string | undefined }[]>,
    private readonly owner = false,
  ) {}

  async search(
    query: string,
    filters: {
      region?: string | undefined;
      category?: string | undefined;
      publicOnly: boolean;
      limit: number;
    },
  ): Promise<SearchHit[]> {
    const index = await this.index();
    const regionChainOf = filters.region ? regionChain(await this.regions(), filters.region) : undefined;
    return index.search(query, {
      regionChain: regionChainOf,
      category: filters.category,
      publicOnly: filters.publicOnly,
      limit: filters.limit,
    });
  }

  /** Brings the stored index up to date with an entry that changed. */
  apply(entry: Entry): Promise<void> {
    return this.applyAll([entry]);
  }

  /** The same for several entries, stored once. */
  async applyAll(entries: readonly Entry[]): Promise<void> {
    const index = await this.index(!this.owner);
    for (const entry of entries) {
      const indexed = indexedEntry(entry);
      if (indexed) index.upsert(indexed);
      else index.remove(entry.id);
    }
    if (this.owner) {
      this.persistSoon();
      return;
    }
    await this.store.save(index.serialize());
    this.current = { index, tag: await this.store.tag() };
  }

  /** Writes the owner's index now (at shutdown; tests). */
  async flush(): Promise<void> {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    if (this.current) await this.store.save(this.current.index.serialize());
  }

  private persistSoon(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.flush().catch((error) => console.error(`knowledge index: ${error.message}`));
    }, PERSIST_AFTER_MS);
    this.persistTimer.unref();
  }

  /** Builds the index afresh from every published entry in the table, and stores it. */
  async rebuild(): Promise<number> {
    const index = await this.fromTable();
    await this.store.save(index.serialize());
    this.current = { index, tag: await this.store.tag() };
    return index.size;
  }

  private async index(fresh = false): Promise<KnowledgeIndex> {
    if (this.current && (this.owner || (!fresh && Date.now() - this.checkedAt < CHECK_EVERY_MS))) {
      return this.current.index;
    }
    this.loading ??= this.reload().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async reload(): Promise<KnowledgeIndex> {
    this.checkedAt = Date.now();
    const tag = await this.store.tag();
    if (this.current && tag === this.current.tag) return this.current.index;
    const stored = await this.store.load();
    // Nothing stored yet (a first start, a store not yet written): the table has the truth.
    const index = stored ? KnowledgeIndex.deserialize(stored.text) : await this.fromTable();
    this.current = { index, tag: stored?.tag };
    return index;
  }

  private async fromTable(): Promise<KnowledgeIndex> {
    const index = KnowledgeIndex.empty();
    for (const id of await this.entries.publishedIds()) {
      const entry = await this.entries.load(id);
      const indexed = entry && indexedEntry(entry);
      if (indexed) index.upsert(indexed);
    }
    return index;
  }
}
