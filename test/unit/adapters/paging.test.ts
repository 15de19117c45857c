import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryRepository } from '../../../functions/adapters/directory-repository.ts';
import { TicketRepository } from '../../../functions/adapters/ticket-repository.ts';

/**
 * The repositories read every page of a query (DynamoDB answers at most 1 MB a page), which takes
 * more data than a test table holds; so the pages are answered here, by a mocked client.
 */
const db = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'cn-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const unit = (id: string) => ({
  pk: 'DIR#unit',
  sk: id,
  entry: JSON.stringify({ id, name: id, level: 'city' }),
});

beforeEach(() => db.reset());
afterAll(() => db.restore());

describe('Paging of the repositories', () => {
  it('DirectoryRepository.all reads every page of a kind', async () => {
    // Prepare: the first page ends with a LastEvaluatedKey
    db.on(QueryCommand)
      .resolvesOnce({ Items: [unit('a')], LastEvaluatedKey: { pk: 'DIR#unit', sk: 'a' } })
      .resolves({ Items: [unit('b')] });

    // Act
    const units = await new DirectoryRepository(client, 'hotline-test').all('unit');

    // Assess
    expect(units.map((u) => u.id)).toEqual(['a', 'b']);
    const calls = db.commandCalls(QueryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.ExclusiveStartKey).toEqual({ pk: 'DIR#unit', sk: 'a' });
  });

  it('TicketRepository counts over every page', async () => {
    // Prepare
    db.on(QueryCommand)
      .resolvesOnce({ Count: 3, LastEvaluatedKey: { pk: 'x', sk: 'y', gsi3pk: 'REQ#k', gsi3sk: 's' } })
      .resolves({ Count: 2 });

    // Act
    const count = await new TicketRepository(client, 'hotline-test', () => undefined).countByRequester(
      'k',
      '2026-10-01T00:00:00+08:00',
    );

    // Assess
    expect(count).toBe(5);
    expect(db.commandCalls(QueryCommand)).toHaveLength(2);
  });
});
