import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../functions/adapters/document-client.ts';
import { EntryConflictError, KnowledgeRepository } from '../../functions/adapters/knowledge-repository.ts';
import { MemoryIndexStore } from '../../functions/adapters/knowledge-search/index-store.ts';
import { buildKnowledgeIndex } from '../../functions/app/knowledge/build-index.ts';
import { KnowledgeSearch } from '../../functions/app/knowledge/search.ts';
import { createCalendar, parseInstant } from '../../functions/domain/calendar/index.ts';
import {
  DEFAULT_KNOWLEDGE_SETTINGS,
  decideKnowledge,
  type Entry,
  evolveKnowledge,
  type KnowledgeCommand,
} from '../../functions/domain/knowledge/index.ts';
import type { Actor } from '../../functions/domain/ticket/index.ts';
import { freshTable } from './table.ts';

const calendar = createCalendar();
const clerk: Actor = { id: 'clerk-1', role: 'unitClerk', unitId: 'ss-urban' };
const checker: Actor = { id: 'checker-1', role: 'dispatcher' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const content = {
  title: '占道经营投诉处理',
  questions: ['路边摆摊找谁'],
  answer: '由城市管理部门负责查处。',
  basis: [],
  category: 'street-vendors',
  regionId: 'shushan',
  public: true,
  reviewBy: '2027-03-01',
};

describe('Class: KnowledgeRepository (DynamoDB Local)', () => {
  let repo: KnowledgeRepository;
  beforeAll(async () => {
    const { client, tableName } = await freshTable();
    repo = new KnowledgeRepository(
      DocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      tableName,
    );
  });

  async function run(entry: Entry | null, command: KnowledgeCommand, actor: Actor, at: string, id = 'e-1') {
    const events = decideKnowledge(entry, command, {
      now: parseInstant(at),
      actor,
      calendar,
      settings: DEFAULT_KNOWLEDGE_SETTINGS,
      newEntryId: id,
      newCorrectionId: 'c-1',
    });
    const next = events.reduce<Entry | null>(evolveKnowledge, entry) as Entry;
    await repo.save(next, events, entry?.revision ?? 0);
    return next;
  }

  it('keeps every version and event, lists by unit and status, and counts upkeep and usage', async () => {
    // Prepare
    let e = await run(null, { action: 'draft', content }, clerk, '2026-12-14T09:00:00+08:00');
    e = await run(e, { action: 'submit' }, clerk, '2026-12-14T09:10:00+08:00');
    e = await run(e, { action: 'check', outcome: 'approved' }, checker, '2026-12-14T09:20:00+08:00');
    e = await run(e, { action: 'publish' }, supervisor, '2026-12-14T09:30:00+08:00');

    // Act
    await repo.countUsage('e-1', 1);
    await repo.countUsage('e-1', 1);
    const loaded = await repo.load('e-1');

    // Assess
    expect(loaded).toMatchObject({ published: 1, usage: 2, revision: 4 });
    expect((await repo.events('e-1')).map((x) => x.type)).toEqual([
      'EntryDrafted',
      'VersionSubmitted',
      'VersionChecked',
      'VersionPublished',
    ]);
    expect(await repo.byUnit('ss-urban', 'published')).toMatchObject([{ id: 'e-1', title: content.title }]);
    expect(await repo.byUnit('ss-urban', 'draft')).toEqual([]);
    expect(await repo.publishedIds()).toEqual(['e-1']);
    // The unit's reminder, 14 days before the review-by date 2027-03-01, is the entry's next timer.
    expect(await repo.timersDueBy('2027-02-15')).toEqual([{ id: 'e-1', day: '2027-02-15' }]);
    expect(await repo.timersDueBy('2027-02-14')).toEqual([]);
    expect(await repo.upkeep('ss-urban', '2026-12')).toMatchObject({ added: 1, updated: 0 });
  });

  it('refuses a write decided on an older revision (EntryConflictError)', async () => {
    // Prepare
    const e = await run(null, { action: 'draft', content }, clerk, '2026-12-14T09:00:00+08:00', 'e-2');
    await run(e, { action: 'submit' }, clerk, '2026-12-14T09:10:00+08:00', 'e-2');

    // Act / Assess
    await expect(
      run(e, { action: 'submit' }, clerk, '2026-12-14T09:11:00+08:00', 'e-2'),
    ).rejects.toBeInstanceOf(EntryConflictError);
  });

  it('drops a stale or retired entry from the timers and published lists', async () => {
    // Prepare
    let e = await run(
      null,
      { action: 'import', content, unitId: 'ss-urban', publish: true },
      { id: 'admin', role: 'admin' },
      '2026-12-14T09:00:00+08:00',
      'e-3',
    );

    // Act
    e = await run(
      e,
      { action: 'markStale' },
      { id: 'timer', role: 'system' },
      '2027-03-05T09:00:00+08:00',
      'e-3',
    );
    const staleDue = await repo.timersDueBy('2027-12-31');
    e = await run(
      e,
      { action: 'retire', reason: '政策废止' },
      supervisor,
      '2027-03-06T09:00:00+08:00',
      'e-3',
    );

    // Assess
    expect(staleDue.map((d) => d.id)).not.toContain('e-3');
    expect(await repo.publishedIds()).not.toContain('e-3');
    expect(await repo.byUnit('ss-urban', 'retired')).toMatchObject([{ id: 'e-3' }]);
    expect(await repo.upkeep('ss-urban', '2027-03')).toMatchObject({ stale: 1, retired: 1 });
  });

  it('gives the index builder every published entry and none that is retired', async () => {
    // Prepare: e-1 published above, e-3 retired above; one more published by import
    await run(
      null,
      {
        action: 'import',
        content: { ...content, title: '居住证申领', questions: ['外地人怎么办居住证'] },
        unitId: 'ss-urban',
        publish: true,
      },
      { id: 'admin', role: 'admin' },
      '2026-12-15T09:00:00+08:00',
      'e-4',
    );
    const store = new MemoryIndexStore();

    // Act
    const result = await buildKnowledgeIndex(repo, store);
    const hits = await new KnowledgeSearch(store, repo, async () => [{ id: 'shushan' }]).search('居住证', {
      publicOnly: true,
      limit: 5,
    });

    // Assess
    expect(result).toMatchObject({ outcome: 'built', entries: (await repo.publishedIds()).length });
    expect(await repo.publishedIds()).not.toContain('e-3');
    expect(hits.map((h) => h.id)).toEqual(['e-4']);
  });

  it('stores an import several entries to a transaction, each with its events, the upkeep counted once per unit', async () => {
    // Prepare: 45 new entries of two units (more than fit in one transaction of 100 items)
    const admin: Actor = { id: 'admin', role: 'admin' };
    const items = Array.from({ length: 45 }, (_, i) => {
      const unitId = i % 3 === 0 ? 'bh-urban' : 'ss-sanlian';
      const events = decideKnowledge(
        null,
        { action: 'import', content: { ...content, title: `批量导入${i}` }, unitId, publish: true },
        {
          now: parseInstant('2027-01-05T09:00:00+08:00'),
          actor: admin,
          calendar,
          settings: DEFAULT_KNOWLEDGE_SETTINGS,
          newEntryId: `bulk-${i}`,
        },
      );
      return { events, entry: events.reduce<Entry | null>(evolveKnowledge, null) as Entry };
    });

    // Act
    await repo.saveNew(items);

    // Assess
    const loaded = await Promise.all(items.map(({ entry }) => repo.load(entry.id)));
    expect(loaded.map((e) => e?.published)).toEqual(items.map(() => 1));
    expect((await repo.events('bulk-44')).map((e) => e.type)).toEqual(items[44]?.events.map((e) => e.type));
    expect(await repo.publishedIds()).toEqual(expect.arrayContaining(items.map(({ entry }) => entry.id)));
    expect((await repo.upkeep('bh-urban', '2027-01')).added).toBe(15);
    expect((await repo.upkeep('ss-sanlian', '2027-01')).added).toBe(30);
    await expect(repo.saveNew(items.slice(0, 1))).rejects.toBeInstanceOf(EntryConflictError);
  });

  it("lists the centre's review queue across units a page at a time, and drops an entry once decided", async () => {
    // Prepare: a table of its own; three entries of two units submitted in turn, one sent back, one never submitted
    const { client, tableName } = await freshTable();
    repo = new KnowledgeRepository(
      DocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      tableName,
    );
    const other: Actor = { id: 'clerk-2', role: 'unitClerk', unitId: 'bh-urban' };
    let a = await run(null, { action: 'draft', content }, clerk, '2026-12-15T09:00:00+08:00', 'q-a');
    let b = await run(
      null,
      { action: 'draft', content: { ...content, title: '噪音扰民' } },
      other,
      '2026-12-15T09:00:00+08:00',
      'q-b',
    );
    let c = await run(
      null,
      { action: 'draft', content: { ...content, title: '路灯不亮' } },
      clerk,
      '2026-12-15T09:00:00+08:00',
      'q-c',
    );
    await run(null, { action: 'draft', content }, clerk, '2026-12-15T09:00:00+08:00', 'q-d');
    b = await run(b, { action: 'submit' }, other, '2026-12-15T10:00:00+08:00', 'q-b');
    a = await run(a, { action: 'submit' }, clerk, '2026-12-15T11:00:00+08:00', 'q-a');
    c = await run(c, { action: 'submit' }, clerk, '2026-12-15T12:00:00+08:00', 'q-c');
    a = await run(a, { action: 'check', outcome: 'approved' }, checker, '2026-12-15T13:00:00+08:00', 'q-a');
    c = await run(
      c,
      { action: 'check', outcome: 'rejected', note: '依据不全' },
      checker,
      '2026-12-15T13:00:00+08:00',
      'q-c',
    );

    // Act
    const first = await repo.reviewQueue(1);
    const second = await repo.reviewQueue(1, first.cursor);
    const rest = await repo.reviewQueue(10, second.cursor);
    a = await run(a, { action: 'publish' }, supervisor, '2026-12-15T14:00:00+08:00', 'q-a');
    const after = await repo.reviewQueue(10);

    // Assess: oldest submission first; a checked version still waits for publication
    expect(first.items).toEqual([
      expect.objectContaining({
        id: 'q-b',
        unitId: 'bh-urban',
        title: '噪音扰民',
        version: 1,
        state: 'submitted',
        revision: 2,
      }),
    ]);
    expect(first.items[0]?.submittedAt).toBe('2026-12-15T10:00:00+08:00');
    expect(second.items).toMatchObject([{ id: 'q-a', unitId: 'ss-urban', state: 'checked', revision: 3 }]);
    expect(rest).toEqual({ items: [], cursor: undefined });
    expect(after.items.map((i) => i.id)).toEqual(['q-b']);
    c = await run(c, { action: 'submit' }, clerk, '2026-12-15T15:00:00+08:00', 'q-c');
    expect((await repo.reviewQueue(10)).items.map((i) => i.id)).toEqual(['q-b', 'q-c']);
  });
});
