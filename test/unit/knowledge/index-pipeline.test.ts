import { describe, expect, it } from 'vitest';
import { MemoryIndexStore } from '../../../functions/adapters/knowledge-search/index-store.ts';
import { buildKnowledgeIndex, SETTLE_MS } from '../../../functions/app/knowledge/build-index.ts';
import { KnowledgeSearch } from '../../../functions/app/knowledge/search.ts';
import { createCalendar, parseInstant } from '../../../functions/domain/calendar/index.ts';
import {
  DEFAULT_KNOWLEDGE_SETTINGS,
  decideKnowledge,
  type Entry,
  type EntryContent,
  evolveKnowledge,
} from '../../../functions/domain/knowledge/index.ts';

/**
 * The index pipeline without AWS: the builder the bus calls (read the published entries, build,
 * store with the build's start) and the searchers that load what it stored.
 */
const admin = { id: 'admin-zheng', role: 'admin' as const };
const calendar = createCalendar();

const content = (title: string, questions: string[]): EntryContent => ({
  title,
  questions,
  answer: `${title}：请携带身份证到政务服务中心办理。`,
  basis: [{ title: '《合肥市政务服务管理办法》' }],
  category: 'general',
  regionId: 'hefei',
  public: true,
  reviewBy: '2027-06-01',
});

let ids = 0;
/** An entry imported and published, as `hotline kb import --publish` stores it. */
function publishedEntry(title: string, questions: string[]): Entry {
  const events = decideKnowledge(
    null,
    { action: 'import', content: content(title, questions), unitId: 'hf-gov', publish: true },
    {
      now: parseInstant('2026-12-14T09:00:00+08:00'),
      actor: admin,
      calendar,
      settings: DEFAULT_KNOWLEDGE_SETTINGS,
      newEntryId: `kb-${++ids}`,
    },
  );
  return events.reduce<Entry | null>(evolveKnowledge, null) as Entry;
}

/** The table's published list, paged as the repository pages it; counts the pages read. */
class PublishedTable {
  entries: Entry[] = [];
  pagesRead = 0;
  async publishedPage(limit: number, cursor?: string) {
    this.pagesRead += 1;
    const start = cursor ? this.entries.findIndex((e) => e.id === cursor) + 1 : 0;
    const page = this.entries.slice(start, start + limit);
    const more = start + limit < this.entries.length;
    return { entries: page, ...(more && { cursor: page.at(-1)?.id }) };
  }
}

const at = (iso: string) => () => new Date(iso);
const regions = async () => [{ id: 'hefei' }];

describe('Function: buildKnowledgeIndex', () => {
  it('builds the index of every published entry, page by page, and stores it with the build start', async () => {
    // Prepare
    const table = new PublishedTable();
    table.entries = Array.from({ length: 230 }, (_, i) => publishedEntry(`证明事项${i}`, [`第${i}号证明`]));
    table.entries.push(publishedEntry('居住证申领', ['外地人怎么办居住证']));
    const store = new MemoryIndexStore();

    // Act
    const result = await buildKnowledgeIndex(table, store, { now: at('2026-12-14T01:00:00Z') });

    // Assess
    expect(result).toMatchObject({ outcome: 'built', entries: 231, builtFrom: '2026-12-14T01:00:00.000Z' });
    expect(table.pagesRead).toBe(3);
    expect(await store.head()).toEqual({ tag: '1', builtFrom: '2026-12-14T01:00:00.000Z' });
    const search = new KnowledgeSearch(store, table, regions);
    const hits = await search.search('外地人办居住证', { publicOnly: true, limit: 3 });
    expect(hits[0]?.title).toBe('居住证申领');
  });

  it('does nothing for a change that a stored build began well after (a burst costs one build)', async () => {
    // Prepare
    const table = new PublishedTable();
    table.entries = [publishedEntry('居住证申领', ['居住证'])];
    const store = new MemoryIndexStore();
    await buildKnowledgeIndex(table, store, { now: at('2026-12-14T01:00:00Z') });
    table.pagesRead = 0;
    const builtAt = Date.parse('2026-12-14T01:00:00Z');

    // Act: changes committed before the build began (by more than the settling time), then after
    const covered = await buildKnowledgeIndex(table, store, {
      changedAt: new Date(builtAt - SETTLE_MS),
      now: at('2026-12-14T01:05:00Z'),
    });
    const tooClose = await buildKnowledgeIndex(table, store, {
      changedAt: new Date(builtAt - SETTLE_MS + 1),
      now: at('2026-12-14T01:06:00Z'),
    });

    // Assess
    expect(covered).toEqual({ outcome: 'current', builtFrom: '2026-12-14T01:00:00.000Z' });
    expect(tooClose).toMatchObject({ outcome: 'built', builtFrom: '2026-12-14T01:06:00.000Z' });
    expect(store.saves).toBe(2);
    expect(table.pagesRead).toBe(1);
  });

  it('builds when nothing is stored yet, whatever the time of the change', async () => {
    // Prepare
    const table = new PublishedTable();
    const store = new MemoryIndexStore();

    // Act
    const result = await buildKnowledgeIndex(table, store, { changedAt: new Date(0) });

    // Assess
    expect(result).toMatchObject({ outcome: 'built', entries: 0 });
    expect(store.saves).toBe(1);
  });
});

describe('Class: KnowledgeSearch', () => {
  it('loads the stored index at once when cold, and again only when its tag changed', async () => {
    // Prepare
    const table = new PublishedTable();
    table.entries = [publishedEntry('居住证申领', ['居住证'])];
    const store = new MemoryIndexStore();
    await buildKnowledgeIndex(table, store);
    let loads = 0;
    let heads = 0;
    const counting = {
      head: () => {
        heads += 1;
        return store.head();
      },
      save: store.save.bind(store),
      load: () => {
        loads += 1;
        return store.load();
      },
    };
    const search = new KnowledgeSearch(counting, table, regions, { checkEveryMs: 0 });

    // Act
    const before = await search.search('落户', { publicOnly: false, limit: 5 });
    await search.search('落户', { publicOnly: false, limit: 5 });
    table.entries.push(publishedEntry('新生儿落户', ['孩子出生后怎么上户口', '落户']));
    await buildKnowledgeIndex(table, store);
    const after = await search.search('落户', { publicOnly: false, limit: 5 });

    // Assess
    expect(before).toEqual([]);
    expect(after.map((h) => h.title)).toEqual(['新生儿落户']);
    expect(loads).toBe(2);
    // The first search read the index without looking at its tag first.
    expect(heads).toBe(2);
  });

  it('builds its own copy from the table when nothing is stored yet, and says so', async () => {
    // Prepare
    const table = new PublishedTable();
    table.entries = [publishedEntry('居住证申领', ['外地人怎么办居住证'])];
    const fallbacks: number[] = [];
    const search = new KnowledgeSearch(new MemoryIndexStore(), table, regions, {
      onFallback: (n) => fallbacks.push(n),
    });

    // Act
    const hits = await search.search('居住证', { publicOnly: true, limit: 3 });

    // Assess
    expect(hits.map((h) => h.title)).toEqual(['居住证申领']);
    expect(fallbacks).toEqual([1]);
  });
});
