import type { IndexStore } from '../../adapters/knowledge-search/index-store.ts';
import { type IndexedEntry, KnowledgeIndex } from '../../adapters/knowledge-search/knowledge-index.ts';
import { type Entry, publishedVersion } from '../../domain/knowledge/index.ts';
import type { KnowledgeStore } from './context.ts';

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

export type PublishedEntries = Pick<KnowledgeStore, 'publishedPage'>;

/** Entries read per page of the published list (each page's entries are read in parallel). */
const PAGE = 100;

/** The index of every published entry in the table. */
export async function indexFromTable(entries: PublishedEntries): Promise<KnowledgeIndex> {
  const index = KnowledgeIndex.empty();
  let cursor: string | undefined;
  do {
    const page = await entries.publishedPage(PAGE, cursor);
    for (const entry of page.entries) {
      const indexed = indexedEntry(entry);
      if (indexed) index.upsert(indexed);
    }
    cursor = page.cursor;
  } while (cursor);
  return index;
}

/**
 * How long before a build began a change must have been committed to be certainly in it: the
 * published list is an index of the table that follows writes within a second or so, and the
 * clocks of the stream and of the function may differ a little.
 */
export const SETTLE_MS = 5_000;

export type BuildOutcome =
  | { outcome: 'current'; builtFrom: string }
  | { outcome: 'built'; entries: number; bytes: number; seconds: number; builtFrom: string };

/**
 * The builder of the search index, run when a published entry changes (a bus rule, in AWS and
 * locally) and by an operator. One build covers every change committed before it began, so a
 * burst of publishes costs a build per build's duration, not one per change:
 * 1. look at the stored index: a change committed SETTLE_MS or more before its build began is in
 *    it, and there is nothing to do;
 * 2. note the time, and read every published entry from the table;
 * 3. build the index and store it with that time.
 * Builds are not meant to run side by side (in AWS the function's reserved concurrency is 1): two
 * at once would both be complete, and the later write would win.
 */
export async function buildKnowledgeIndex(
  entries: PublishedEntries,
  store: IndexStore,
  request: { changedAt?: Date | undefined; now?: () => Date } = {},
): Promise<BuildOutcome> {
  const now = request.now ?? (() => new Date());
  const stored = await store.head();
  if (request.changedAt && stored?.builtFrom) {
    const covered = Date.parse(stored.builtFrom) - SETTLE_MS;
    if (request.changedAt.getTime() <= covered) return { outcome: 'current', builtFrom: stored.builtFrom };
  }
  const builtFrom = now();
  const started = performance.now();
  const index = await indexFromTable(entries);
  const text = index.serialize();
  await store.save(text, builtFrom);
  return {
    outcome: 'built',
    entries: index.size,
    bytes: Buffer.byteLength(text),
    seconds: Math.round(performance.now() - started) / 1000,
    builtFrom: builtFrom.toISOString(),
  };
}
