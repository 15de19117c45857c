import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTableInput } from '../../../functions/adapters/table.ts';
import { FakeTable, TICKET_ID, TICKET_NO, ticketAt, ticketItems } from './fixtures.ts';
import { ddb, TABLE_NAME } from './setup.ts';

/**
 * The in-memory table must answer index queries as DynamoDB does, or a handler that needs an
 * attribute an index does not copy would pass here and fail in AWS.
 */

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
const query = (input: Omit<QueryCommandInput, 'TableName'>) =>
  client.send(new QueryCommand({ TableName: TABLE_NAME, ...input }));

const inboxQuery = {
  IndexName: 'unitInbox',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: { ':pk': 'UNIT#district-housing' },
};

let table: FakeTable;

beforeEach(() => {
  ddb.reset();
  const { ticket, events } = ticketAt('inProgress');
  table = new FakeTable().put(...ticketItems(ticket, events)).install();
});

describe('FakeTable index queries', () => {
  it('the inbox index answers the keys, the summary and the ticket number, never the state', async () => {
    // Act
    const out = await query(inboxQuery);

    // Assess
    expect(out.Items).toHaveLength(1);
    expect(Object.keys(out.Items?.[0] ?? {}).sort()).toEqual(
      ['gsi1pk', 'gsi1sk', 'pk', 'sk', 'summary', 'ticketNo'].sort(),
    );
    expect(out.Items?.[0]?.ticketNo).toBe(TICKET_NO);
  });

  it('the ticket number index answers its keys and the table keys only (KEYS_ONLY)', async () => {
    // Act
    const out = await query({
      IndexName: 'ticketNo',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `TNO#${TICKET_NO}` },
    });

    // Assess
    expect(out.Items).toEqual([
      { pk: `TICKET#${TICKET_ID}`, sk: 'STATE', gsi2pk: `TNO#${TICKET_NO}`, gsi2sk: 'TICKET' },
    ]);
  });

  it('projects what CreateTable declares for every index', async () => {
    // Prepare: one item carrying every index's keys and more attributes than any index copies
    const input = createTableInput(TABLE_NAME);
    const item: Record<string, unknown> = { pk: 'P', sk: 'S', summary: '{}', ticketNo: 'T', state: 'x' };
    for (const i of input.GlobalSecondaryIndexes) {
      for (const k of i.KeySchema) item[k.AttributeName] = `${i.IndexName}-${k.KeyType}`;
    }
    table.put(item);

    for (const i of input.GlobalSecondaryIndexes) {
      // Act
      const [hash, range] = i.KeySchema.map((k) => k.AttributeName);
      const out = await query({
        IndexName: i.IndexName,
        KeyConditionExpression: `${hash} = :pk`,
        ExpressionAttributeValues: { ':pk': `${i.IndexName}-HASH` },
      });

      // Assess
      const nonKey = ('NonKeyAttributes' in i.Projection && i.Projection.NonKeyAttributes) || [];
      expect(Object.keys(out.Items?.[0] ?? {}).sort(), i.IndexName).toEqual(
        ['pk', 'sk', String(hash), String(range), ...nonKey].sort(),
      );
    }
  });

  it('leaves out of an index the items without its keys (sparse index)', async () => {
    // Prepare: a ticket no longer assigned has no inbox keys
    const { gsi1sk: _gsi1sk, ...withoutSortKey } = table.get(`TICKET#${TICKET_ID}`, 'STATE') ?? {};
    table.put(withoutSortKey);

    // Act
    const out = await query(inboxQuery);

    // Assess
    expect(out.Items).toEqual([]);
  });

  it('refuses a consistent read of an index, as DynamoDB does', async () => {
    await expect(query({ ...inboxQuery, ConsistentRead: true })).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Consistent reads are not supported on global secondary indexes',
    });
  });

  it('refuses a starting key without the index keys, and one outside the partition', async () => {
    // Prepare
    const tableKey = { pk: `TICKET#${TICKET_ID}`, sk: 'STATE' };
    const otherUnit = { ...tableKey, gsi1pk: 'UNIT#district-water', gsi1sk: 'inProgress#~#x' };

    // Act
    const withoutIndexKeys = query({ ...inboxQuery, ExclusiveStartKey: tableKey });
    const outside = query({ ...inboxQuery, ExclusiveStartKey: otherUnit });

    // Assess
    await expect(withoutIndexKeys).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(outside).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
