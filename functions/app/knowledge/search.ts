import type { IndexStore } from '../../adapters/knowledge-search/index-store.ts';
import { KnowledgeIndex, type SearchHit } from '../../adapters/knowledge-search/knowledge-index.ts';
import { regionChain } from '../../domain/knowledge/index.ts';
import { indexFromTable, type PublishedEntries } from './build-index.ts';

/** Milliseconds between two looks at the stored index's tag (default). */
const CHECK_EVERY_MS = 2_000;

export interface KnowledgeSearchOptions {
  /** How often a search may look whether the stored index changed. */
  checkEveryMs?: number;
  /** Told when nothing is stored yet and the index was built from the table instead. */
  onFallback?: (entries: number) => void;
}

/**
 * The searchers' view of the index (agents' search, public self-service): loaded from the store on
 * first use and again whenever the store's tag changes (looked at no more than every
 * `checkEveryMs`). The index is written by the builder (build-index.ts) that the bus calls when a
 * published entry changes, never here; only when nothing is stored yet (a new deployment before its
 * first publish) does a searcher build its own copy from the table, and say so.
 */
export class KnowledgeSearch {
  private current: { index: KnowledgeIndex; tag: string | undefined } | undefined;
  private checkedAt = 0;
  private loading: Promise<KnowledgeIndex> | undefined;
  private readonly checkEveryMs: number;

  constructor(
    private readonly store: IndexStore,
    private readonly entries: PublishedEntries,
    private readonly regions: () => Promise<readonly { id: string; parentId?: string | undefined }[]>,
    private readonly options: KnowledgeSearchOptions = {},
  ) {
    this.checkEveryMs = options.checkEveryMs ?? CHECK_EVERY_MS;
  }

  async search(
    query: string,
    filters: {
      region?: string | undefined;
      category?: string | undefined;
      publicOnly: boolean;
      limit: number;
    },
  ): Promise<SearchHit[]> {
    const region = filters.region;
    // The index and the regions come from different stores: on a cold instance, ask both at once.
    const [index, regionChainOf] = await Promise.all([
      this.index(),
      region ? this.regions().then((regions) => regionChain(regions, region)) : undefined,
    ]);
    return index.search(query, {
      regionChain: regionChainOf,
      category: filters.category,
      publicOnly: filters.publicOnly,
      limit: filters.limit,
    });
  }

  private async index(): Promise<KnowledgeIndex> {
    if (this.current && Date.now() - this.checkedAt < this.checkEveryMs) return this.current.index;
    this.loading ??= this.reload().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async reload(): Promise<KnowledgeIndex> {
    this.checkedAt = Date.now();
    // A warm instance looks at the tag first; a cold one reads the index at once (its tag comes
    // with it): one round trip fewer on a cold start.
    if (this.current) {
      const head = await this.store.head();
      if (head?.tag === this.current.tag) return this.current.index;
    }
    const stored = await this.store.load();
    if (stored) {
      this.current = { index: KnowledgeIndex.deserialize(stored.text), tag: stored.tag };
      return this.current.index;
    }
    // Nothing stored yet: the table has the truth, until the builder's first index. Segmenting the
    // entries loads jieba's dictionary: the only time a search does.
    const index = await indexFromTable(this.entries);
    this.options.onFallback?.(index.size);
    this.current = { index, tag: undefined };
    return index;
  }
}
