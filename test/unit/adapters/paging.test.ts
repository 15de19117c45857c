import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryRepository } from '../../../functions/adapters/directory-repository.ts';
import { DocumentClient } from '../../../functions/adapters/document-client.ts';
import { TicketRepository } from '../../../functions/adapters/ticket-repository.ts';

/**
 * The repositories read every page of a query (DynamoDB answers at most 1 MB a page), which takes
 * more data than a test table holds; so the pages are answered here, by a mocked DynamoDB client.
 */
const db = mockClient(DynamoDBClient);
const client = DocumentClient.from(
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
      .resolvesOnce({ Items: [marshall(unit('a'))], LastEvaluatedKey: marshall({ pk: 'DIR#unit', sk: 'a' }) })
      .resolves({ Items: [marshall(unit('b'))] });

    // Act
    const units = await new DirectoryRepository(client, 'hotline-test').all('unit');

    // Assess
    expect(units.map((u) => u.id)).toEqual(['a', 'b']);
    const calls = db.commandCalls(QueryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.ExclusiveStartKey).toEqual(marshall({ pk: 'DIR#unit', sk: 'a' }));
  });

  it('TicketRepository.dueOn reads every page of a day', async () => {
    // Prepare
    db.on(QueryCommand)
      .resolvesOnce({
        Items: [marshall({ gsi5sk: '2026-11-02T01:00:00.000Z#t1#handling' })],
        LastEvaluatedKey: marshall({ pk: 'x', sk: 'y', gsi5pk: 'DUE#2026-11-02', gsi5sk: 's' }),
      })
      .resolves({ Items: [marshall({ gsi5sk: '2026-11-02T02:00:00.000Z#t2#contact' })] });

    // Act
    const due = await new TicketRepository(client, 'hotline-test', () => undefined).dueOn(
      '2026-11-02',
      new Date('2026-11-02T03:00:00Z'),
    );

    // Assess
    expect(due.map((d) => d.ticketId)).toEqual(['t1', 't2']);
    expect(db.commandCalls(QueryCommand)).toHaveLength(2);
  });
});
