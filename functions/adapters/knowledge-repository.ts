import { deflateRawSync } from 'node:zlib';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DEFAULT_KNOWLEDGE_SETTINGS,
  type Entry,
  type EntryStatus,
  type EntryVersion,
  emptyUpkeep,
  isReminded,
  type KnowledgeEvent,
  type KnowledgeSettings,
  nextTimerDay,
  publishedVersion,
  statusOf,
  UPKEEP_COUNTS,
  type UpkeepCounts,
  upkeepMonth,
  upkeepOf,
  versionOf,
} from '../domain/knowledge/index.ts';
import { batchGetItems } from './batch-get.ts';
import {
  type DocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from './document-client.ts';
import { countEntryUsage, decodeEntry, knowledgeKeys, loadEntry } from './knowledge-entry-store.ts';
import { INDEXES, type IndexDefinition } from './table.ts';
import { VersionConflictError } from './ticket-repository.ts';

/**
 * Knowledge-base entries in the single table (no index of their own: they use the generic GSIs
 * under their own key prefixes, which no ticket query reads).
 *
 * - entry state   KB#<id> / STATE           every version inline (deflated JSON), revision
 * - entry events  KB#<id> / EVENT#<seq>     append-only history (`entity = knowledgeEvent`)
 * - usage         KB#<id> / USAGE           answers given from it, per version
 * - upkeep        AGG#<YYYY-MM> / KBUNIT#<unit>  the assessment's counts (AH:26), in the month's
 *                                                aggregate partition (table.ts `keys.unitUpkeep`)
 * - gsi1 (unitInbox)  KBUNIT#<unit> / <status>#<id>       a unit's entries
 * - gsi2 (ticketNo)   KBCHECK / <submittedAt>#<id>        entries with a version awaiting the centre
 *                                                          (submitted or checked), oldest first
 * - gsi4 (matter)     KBPUBLISHED / <id>                  published entries, for building the index
 * - gsi5 (due)        KBDUE / <day>#<id>                  entries with a timer pending (review reminder,
 *                                                          stale, correction overdue), by its day
 */

/** Another writer changed the entry since it was read: a version conflict like a ticket's (409). */
export class EntryConflictError extends VersionConflictError {
  constructor(
    readonly entryId: string,
    readonly expectedRevision: number,
  ) {
    super(entryId, expectedRevision);
    this.message = `entry ${entryId} is no longer at revision ${expectedRevision}`;
    this.name = 'EntryConflictError';
  }
}

/** What a unit's list shows of an entry. */
export interface EntrySummary {
  id: string;
  title: string;
  status: EntryStatus;
  published?: number | undefined;
  working?: number | undefined;
  reviewBy?: string | undefined;
  stale: boolean;
  /** The unit was reminded of the coming review (AH:29) and has not reviewed yet. */
  reviewReminded: boolean;
  openCorrections: number;
  /** Open correction reports past their due time (AH:30). */
  overdueCorrections: number;
}

function summaryOf(entry: Entry): EntrySummary {
  const current = publishedVersion(entry);
  const shown = current ?? entry.versions.at(-1);
  return {
    id: entry.id,
    title: shown?.content.title ?? '',
    status: statusOf(entry),
    published: entry.retired ? undefined : entry.published,
    working: entry.working,
    reviewBy: current?.content.reviewBy,
    stale: entry.stale,
    reviewReminded: current !== undefined && isReminded(entry, current.version, current.content.reviewBy),
    openCorrections: entry.corrections.filter((c) => c.state === 'open').length,
    overdueCorrections: entry.corrections.filter((c) => c.state === 'open' && c.overdue).length,
  };
}

const encode = (entry: Entry) => deflateRawSync(Buffer.from(JSON.stringify(entry)));

/** The centre's review queue's partition on the ticketNo index (its ticket keys are `TNO#…`). */
const REVIEW_QUEUE = 'KBCHECK';

/**
 * The version waiting for the centre (多方校核, AH:30): submitted by its unit and not yet checked,
 * or checked and not yet published. Either way it is the centre's move.
 */
function awaitingCentre(entry: Entry): EntryVersion | undefined {
  if (entry.retired) return undefined;
  const working = versionOf(entry, entry.working);
  return working?.state === 'submitted' || working?.state === 'checked' ? working : undefined;
}

/** One line of the centre's review queue. */
export interface ReviewItem {
  id: string;
  unitId: string;
  title: string;
  version: number;
  /** `submitted` waits for the check, `checked` for publication. */
  state: 'submitted' | 'checked';
  submittedAt: string;
  /** The entry's revision, sent back as If-Match with the centre's command. */
  revision: number;
}

/** The index keys an entry's state item carries, and those it drops. */
function indexAttributes(
  entry: Entry,
  settings: KnowledgeSettings,
): { set: Record<string, string>; remove: string[] } {
  const status = statusOf(entry);
  const set: Record<string, string> = { gsi1pk: `KBUNIT#${entry.unitId}`, gsi1sk: `${status}#${entry.id}` };
  const remove: string[] = [];
  const current = publishedVersion(entry);
  if (current) {
    set.gsi4pk = 'KBPUBLISHED';
    set.gsi4sk = entry.id;
  } else remove.push('gsi4pk', 'gsi4sk');
  const timerDay = nextTimerDay(entry, settings);
  if (timerDay) {
    set.gsi5pk = 'KBDUE';
    set.gsi5sk = `${timerDay}#${entry.id}`;
  } else remove.push('gsi5pk', 'gsi5sk');
  const awaiting = awaitingCentre(entry);
  if (awaiting?.submittedAt) {
    set.gsi2pk = REVIEW_QUEUE;
    // In UTC, so that keys sort by time whatever offset the event was stamped with.
    set.gsi2sk = `${new Date(awaiting.submittedAt).toISOString()}#${entry.id}`;
  } else remove.push('gsi2pk', 'gsi2sk');
  return { set, remove };
}

/** DynamoDB's limit of items in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

export class KnowledgeRepository {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
    /** The reminder lead the due index is keyed by: the same settings the timers decide with. */
    private readonly settings: KnowledgeSettings = DEFAULT_KNOWLEDGE_SETTINGS,
  ) {}

  /**
   * Stores the entry's new state with its events and the upkeep counts they add, in one
   * transaction, provided the entry is still at `expectedRevision` (0 for a new entry).
   */
  async save(entry: Entry, events: KnowledgeEvent[], expectedRevision: number): Promise<void> {
    await this.transact(
      [...this.entryWrites(entry, events, expectedRevision), ...this.upkeepWrites(events)],
      entry.id,
      expectedRevision,
    );
  }

  /**
   * Stores new entries (an import) several to a transaction: each entry's state and events, and
   * the upkeep counts of them all added once per unit and month, in as few transactions as the
   * 100-item limit allows (about 19 entries of 5 items), in order. A refused transaction stores
   * none of its entries and stops there.
   */
  async saveNew(items: readonly { entry: Entry; events: KnowledgeEvent[] }[]): Promise<void> {
    let batch: { entry: Entry; events: KnowledgeEvent[] }[] = [];
    const size = (b: typeof batch) =>
      b.reduce((n, i) => n + 1 + i.events.length, 0) + this.upkeepWrites(b.flatMap((i) => i.events)).length;
    const flush = async () => {
      if (batch.length === 0) return;
      const writes = batch.flatMap(({ entry, events }) => this.entryWrites(entry, events, 0));
      await this.transact(
        [...writes, ...this.upkeepWrites(batch.flatMap((i) => i.events))],
        batch[0]?.entry.id ?? '',
        0,
      );
      batch = [];
    };
    for (const item of items) {
      if (size([...batch, item]) > MAX_TRANSACTION_ITEMS) await flush();
      batch.push(item);
    }
    await flush();
  }

  /** The entry's state item and its event items, as writes of one transaction. */
  private entryWrites(entry: Entry, events: KnowledgeEvent[], expectedRevision: number) {
    const { set, remove } = indexAttributes(entry, this.settings);
    const values: Record<string, unknown> = {
      ':state': encode(entry),
      ':revision': entry.revision,
      ':unit': entry.unitId,
      ':summary': JSON.stringify(summaryOf(entry)),
      ':entity': 'knowledgeEntry',
      ':expected': expectedRevision,
    };
    const assignments = [
      '#state = :state',
      'revision = :revision',
      'unitId = :unit',
      'summary = :summary',
      'entity = :entity',
    ];
    for (const [name, value] of Object.entries(set)) {
      assignments.push(`${name} = :${name}`);
      values[`:${name}`] = value;
    }
    const stateWrite = {
      Update: {
        TableName: this.tableName,
        Key: knowledgeKeys.entry(entry.id),
        UpdateExpression: `SET ${assignments.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : 'revision = :expected',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: values,
      },
    };
    if (expectedRevision === 0)
      delete (stateWrite.Update.ExpressionAttributeValues as Record<string, unknown>)[':expected'];
    const firstSeq = entry.revision - events.length + 1;
    const writtenAt = new Date();
    const eventWrites = events.map((event, i) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...knowledgeKeys.event(entry.id, firstSeq + i),
          entity: 'knowledgeEvent',
          entryId: entry.id,
          seq: firstSeq + i,
          type: event.type,
          at: event.at,
          // The writer's own time (not the local runtime's virtual clock): the search index builder
          // compares it with the start of the stored index's build (functions/app/knowledge/build-index.ts).
          writtenAt: writtenAt.toISOString(),
          body: JSON.stringify(event),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    return [stateWrite, ...eventWrites];
  }

  private async transact(items: unknown[], entryId: string, expectedRevision: number): Promise<void> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items as never }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
          throw new EntryConflictError(entryId, expectedRevision);
        }
      }
      throw error;
    }
  }

  /**
   * One ADD per unit and month the events count in (a transaction touches an item once). Written
   * with the events, whose puts are conditional: each event counts exactly once, with no projection.
   */
  private upkeepWrites(events: KnowledgeEvent[]) {
    const byItem = new Map<string, { unitId: string; month: string; counts: Map<string, number> }>();
    for (const event of events) {
      for (const count of upkeepOf(event)) {
        const month = upkeepMonth(event);
        const key = `${event.unitId}|${month}`;
        const item = byItem.get(key) ?? { unitId: event.unitId, month, counts: new Map() };
        item.counts.set(count, (item.counts.get(count) ?? 0) + 1);
        byItem.set(key, item);
      }
    }
    return [...byItem.values()].map(({ unitId, month, counts }) => ({
      Update: {
        TableName: this.tableName,
        Key: knowledgeKeys.upkeep(unitId, month),
        // Count names may be reserved words (e.g. `updated`): always through placeholders.
        UpdateExpression: `SET entity = :entity, #unit = :unit, #month = :month ADD ${[...counts.keys()].map((c) => `#${c} :${c}`).join(', ')}`,
        ExpressionAttributeNames: {
          '#unit': 'unit',
          '#month': 'month',
          ...Object.fromEntries([...counts.keys()].map((c) => [`#${c}`, c])),
        },
        ExpressionAttributeValues: {
          ':entity': 'knowledgeUpkeep',
          ':unit': unitId,
          ':month': month,
          ...Object.fromEntries([...counts].map(([c, n]) => [`:${c}`, n])),
        },
      },
    }));
  }

  async load(id: string): Promise<Entry | null> {
    return loadEntry(this.db, this.tableName, id);
  }

  /**
   * Several entries with their usage, in the order of `ids` (missing ones left out): BatchGetItem,
   * 50 entries to a call (state and usage items), strongly consistent like `load`, the keys
   * DynamoDB leaves unprocessed asked again.
   */
  async loadMany(ids: readonly string[]): Promise<Entry[]> {
    const items = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < ids.length; i += 50) {
      const keys = ids.slice(i, i + 50).flatMap((id) => [knowledgeKeys.entry(id), knowledgeKeys.usage(id)]);
      const found = await batchGetItems(this.db, this.tableName, keys, { consistentRead: true });
      for (const [name, item] of found) items.set(name, item);
    }
    return ids.flatMap((id) => {
      const state = items.get(`KB#${id}|STATE`);
      if (!state) return [];
      const usage = items.get(`KB#${id}|USAGE`);
      return [{ ...decodeEntry(state.state as Uint8Array), usage: Number(usage?.total ?? 0) }];
    });
  }

  /** Counts an answer given from a version of the entry. */
  async countUsage(id: string, version: number): Promise<void> {
    await countEntryUsage(this.db, this.tableName, id, version);
  }

  async events(id: string): Promise<KnowledgeEvent[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': knowledgeKeys.entry(id).pk, ':event': 'EVENT#' },
    });
    return items.map((i) => JSON.parse(i.body as string));
  }

  /** A unit's entries, optionally of one status. */
  async byUnit(unitId: string, status?: EntryStatus): Promise<EntrySummary[]> {
    const items = await this.queryAll({
      IndexName: INDEXES.unitInbox.name,
      KeyConditionExpression: status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :status)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: status
        ? { ':pk': `KBUNIT#${unitId}`, ':status': `${status}#` }
        : { ':pk': `KBUNIT#${unitId}` },
    });
    return items.map((i) => JSON.parse(i.summary as string));
  }

  /** Ids of every published entry. */
  async publishedIds(): Promise<string[]> {
    const items = await this.queryAll({
      IndexName: INDEXES.matter.name,
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': 'KBPUBLISHED' },
    });
    return items.map((i) => String(i.gsi4sk));
  }

  /** One page of the published entries, in id order, for an export; `cursor` is the last id given. */
  async publishedPage(limit: number, cursor?: string): Promise<{ entries: Entry[]; cursor?: string }> {
    const page = await this.sortKeyPage(INDEXES.matter, 'KBPUBLISHED', limit, cursor);
    return { entries: await this.loadMany(page.sortKeys), cursor: page.cursor };
  }

  /**
   * One page of an index partition's sort keys after `cursor` (the last sort key of the page
   * before); `cursor` is set when the partition goes on.
   */
  private async sortKeyPage(
    index: IndexDefinition,
    pk: string,
    limit: number,
    cursor?: string,
  ): Promise<{ sortKeys: string[]; cursor?: string }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: cursor ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
        ExpressionAttributeNames: cursor
          ? { '#pk': index.partitionKey, '#sk': index.sortKey }
          : { '#pk': index.partitionKey },
        ExpressionAttributeValues: cursor ? { ':pk': pk, ':after': cursor } : { ':pk': pk },
        Limit: limit,
      }),
    );
    const sortKeys = (out.Items ?? []).map((i) => String(i[index.sortKey]));
    return { sortKeys, cursor: out.LastEvaluatedKey ? sortKeys.at(-1) : undefined };
  }

  /**
   * One page of the centre's review queue, oldest submission first, across all units: a Query on
   * the ticketNo index (keys only) and a BatchGet of the entries, so a page costs the same however
   * large the knowledge base; `cursor` is the last page's last index key.
   */
  async reviewQueue(limit: number, cursor?: string): Promise<{ items: ReviewItem[]; cursor?: string }> {
    const page = await this.sortKeyPage(INDEXES.ticketNo, REVIEW_QUEUE, limit, cursor);
    const entries = await this.loadMany(page.sortKeys.map((k) => k.slice(k.indexOf('#') + 1)));
    const items = entries.flatMap((entry): ReviewItem[] => {
      // The index is eventually consistent: an entry decided since then is left out.
      const working = awaitingCentre(entry);
      if (!working?.submittedAt) return [];
      return [
        {
          id: entry.id,
          unitId: entry.unitId,
          title: working.content.title,
          version: working.version,
          state: working.state as ReviewItem['state'],
          submittedAt: working.submittedAt,
          revision: entry.revision,
        },
      ];
    });
    return { items, cursor: page.cursor };
  }

  /** Ids of entries whose next timer (reminder, stale, correction overdue) falls on or before `day`. */
  async timersDueBy(day: string): Promise<{ id: string; day: string }[]> {
    const items = await this.queryAll({
      IndexName: INDEXES.due.name,
      // '#' sorts before every digit: `<day>~` is past every key of that day.
      KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk < :end',
      ExpressionAttributeValues: { ':pk': 'KBDUE', ':end': `${day}~` },
    });
    return items.map((i) => {
      const [timerDay = '', id = ''] = String(i.gsi5sk).split('#');
      return { id, day: timerDay };
    });
  }

  async upkeep(unitId: string, month: string): Promise<UpkeepCounts> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: knowledgeKeys.upkeep(unitId, month) }),
    );
    const counts = emptyUpkeep();
    for (const c of UPKEEP_COUNTS) counts[c] = Number(out.Item?.[c] ?? 0);
    return counts;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
