import type { DirectoryEntry, DirectoryKind } from '../domain/directory/index.ts';
import { batchGetItems } from './batch-get.ts';
import { type DocumentClient, PutCommand, paginateQuery } from './document-client.ts';
import { keys } from './table.ts';

export type PutOutcome = 'added' | 'changed' | 'unchanged';

/** A get waiting for its batch. */
interface PendingGet {
  key: { pk: string; sk: string };
  waiters: { resolve: (item: Record<string, unknown> | undefined) => void; reject: (e: unknown) => void }[];
}

/** Keys per BatchGetItem (DynamoDB takes at most 100). */
const BATCH_KEYS = 100;
/** Asks for unprocessed keys again this many times before giving up. */
const BATCH_ATTEMPTS = 5;

/**
 * Directory entries (regions, units, catalogue, channels): one partition per kind, read by key or Query.
 * The gets asked for in one turn of the event loop go out together, as one BatchGetItem: intake asks
 * for its channel key, category and region at once, and a cold instance waits for one read, not three.
 */
export class DirectoryRepository {
  private pending = new Map<string, PendingGet>();

  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async put<K extends DirectoryKind>(kind: K, entry: DirectoryEntry<K>): Promise<PutOutcome> {
    const out = await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.directory(kind, entry.id), entity: 'directory', kind, entry: JSON.stringify(entry) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!out.Attributes) return 'added';
    return out.Attributes.entry === JSON.stringify(entry) ? 'unchanged' : 'changed';
  }

  async get<K extends DirectoryKind>(kind: K, id: string): Promise<DirectoryEntry<K> | undefined> {
    const item = await new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
      const key = keys.directory(kind, id);
      const name = `${key.pk}|${key.sk}`;
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      const get = this.pending.get(name) ?? { key, waiters: [] };
      get.waiters.push({ resolve, reject });
      this.pending.set(name, get);
    });
    return item ? JSON.parse(item.entry as string) : undefined;
  }

  /** Reads the gets of the turn just ended, 100 keys to a BatchGetItem, unprocessed keys asked again. */
  private async flush(): Promise<void> {
    const gets = [...this.pending.values()];
    this.pending = new Map();
    for (let i = 0; i < gets.length; i += BATCH_KEYS) {
      const batch = gets.slice(i, i + BATCH_KEYS);
      try {
        const found = await batchGetItems(
          this.db,
          this.tableName,
          batch.map((g) => g.key),
          { attempts: BATCH_ATTEMPTS, what: 'directory' },
        );
        for (const get of batch) {
          const item = found.get(`${get.key.pk}|${get.key.sk}`);
          for (const waiter of get.waiters) waiter.resolve(item);
        }
      } catch (error) {
        for (const get of batch) for (const waiter of get.waiters) waiter.reject(error);
      }
    }
  }

  /** Every entry of a kind, page by page (units and regions number in the thousands at most). */
  async all<K extends DirectoryKind>(kind: K): Promise<DirectoryEntry<K>[]> {
    const entries: DirectoryEntry<K>[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.directory(kind, '').pk },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) entries.push(JSON.parse(item.entry as string));
    }
    return entries;
  }
}
