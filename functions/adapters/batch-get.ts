import { BatchGetCommand, type DocumentClient } from './document-client.ts';

type Key = Record<string, unknown>;

/**
 * Reads up to 100 keys of one table with BatchGetItem, asking again for the keys DynamoDB leaves
 * unprocessed after a growing wait (100, 200, 400… ms, at most a second), at most `attempts` times
 * in all. Gives the items found by `pk|sk`; a key not found is absent.
 */
export async function batchGetItems(
  db: DocumentClient,
  tableName: string,
  wanted: readonly Key[],
  options: { consistentRead?: boolean; attempts?: number; what?: string } = {},
): Promise<Map<string, Record<string, unknown>>> {
  const { consistentRead, attempts = Number.POSITIVE_INFINITY, what = 'batch' } = options;
  const found = new Map<string, Record<string, unknown>>();
  let keys: Key[] = [...wanted];
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt === attempts) throw new Error(`${what} read throttled: ${keys.length} keys unprocessed`);
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    const out = await db.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: {
            Keys: keys,
            ...(consistentRead !== undefined && { ConsistentRead: consistentRead }),
          },
        },
      }),
    );
    for (const item of out.Responses?.[tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    keys = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return found;
}
