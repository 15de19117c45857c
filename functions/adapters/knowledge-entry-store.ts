import { inflateRawSync } from 'node:zlib';
import type { Entry } from '../domain/knowledge/index.ts';
import { type DocumentClient, GetCommand, UpdateCommand } from './document-client.ts';
import { keys } from './table.ts';

/**
 * One knowledge entry's reads and its usage count, apart from the repository: the commands
 * handler, which checks and counts the entries an answer cites, needs these and nothing else.
 */

export const knowledgeKeys = {
  entry: (id: string) => ({ pk: `KB#${id}`, sk: 'STATE' }),
  event: (id: string, seq: number) => ({ pk: `KB#${id}`, sk: `EVENT#${String(seq).padStart(6, '0')}` }),
  usage: (id: string) => ({ pk: `KB#${id}`, sk: 'USAGE' }),
  upkeep: (unitId: string, month: string) => keys.unitUpkeep(month, unitId),
};

/** An entry's state as stored: JSON, deflated. */
export const decodeEntry = (stored: Uint8Array): Entry => JSON.parse(inflateRawSync(stored).toString('utf8'));

/** The entry with its usage (its state read strongly consistent), or null. */
export async function loadEntry(db: DocumentClient, tableName: string, id: string): Promise<Entry | null> {
  const [state, usage] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: knowledgeKeys.entry(id), ConsistentRead: true })),
    db.send(new GetCommand({ TableName: tableName, Key: knowledgeKeys.usage(id) })),
  ]);
  if (!state.Item) return null;
  const entry = decodeEntry(state.Item.state as Uint8Array);
  return { ...entry, usage: Number(usage.Item?.total ?? 0) };
}

/** Counts an answer given from a version of the entry. */
export async function countEntryUsage(
  db: DocumentClient,
  tableName: string,
  id: string,
  version: number,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: knowledgeKeys.usage(id),
      UpdateExpression: 'SET entity = :entity ADD #total :one, #v :one',
      ExpressionAttributeNames: { '#total': 'total', '#v': `v${version}` },
      ExpressionAttributeValues: { ':entity': 'knowledgeUsage', ':one': 1 },
    }),
  );
}
