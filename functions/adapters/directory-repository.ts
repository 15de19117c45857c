import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DirectoryEntry, DirectoryKind } from '../domain/directory/index.ts';
import { keys } from './table.ts';

export type PutOutcome = 'added' | 'changed' | 'unchanged';

/** Directory entries (regions, units, catalogue, channels): one partition per kind, read by key or Query. */
export class DirectoryRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
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
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.directory(kind, id) }),
    );
    return out.Item ? JSON.parse(out.Item.entry as string) : undefined;
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
