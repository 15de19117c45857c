import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DirectoryRepository } from '../../../functions/adapters/directory-repository.ts';
import { DocumentClient } from '../../../functions/adapters/document-client.ts';

/**
 * How the batched gets answer DynamoDB's unprocessed keys and failures, which DynamoDB Local does not
 * provoke; what a batch reads, and how the gets of a turn are batched, is tested there
 * (test/integration/directory-batch.test.ts). DynamoDB's own client is mocked: it answers in its own
 * attribute values.
 */
const TABLE = 'hotline-test';
const db = mockClient(DynamoDBClient);
const client = DocumentClient.from(
  new DynamoDBClient({ region: 'cn-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const unit = (id: string) => ({ id, name: `单位 ${id}`, level: 'county' as const });
const item = (id: string) => ({
  pk: 'DIR#unit',
  sk: id,
  entity: 'directory',
  kind: 'unit',
  entry: JSON.stringify(unit(id)),
});
const key = (id: string) => ({ pk: 'DIR#unit', sk: id });

beforeEach(() => {
  db.reset();
  // Only the retry's waits are faked: the batch itself goes out on setImmediate.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => vi.useRealTimers());
afterAll(() => db.restore());

describe('Class: DirectoryRepository', () => {
  describe('Method: get (batched)', () => {
    it('asks for unprocessed keys again, and the get waiting for one resolves with its entry', async () => {
      // Prepare: the first answer leaves `b` unprocessed, the second answers it
      db.on(BatchGetItemCommand)
        .resolvesOnce({
          Responses: { [TABLE]: [marshall(item('a'))] },
          UnprocessedKeys: { [TABLE]: { Keys: [marshall(key('b'))] } },
        })
        .resolves({ Responses: { [TABLE]: [marshall(item('b'))] } });
      const directory = new DirectoryRepository(client, TABLE);

      // Act
      const gets = Promise.all([directory.get('unit', 'a'), directory.get('unit', 'b')]);
      await vi.advanceTimersByTimeAsync(100);
      const [a, b] = await gets;

      // Assess
      expect(a).toEqual(unit('a'));
      expect(b).toEqual(unit('b'));
      const calls = db.commandCalls(BatchGetItemCommand);
      expect(calls).toHaveLength(2);
      expect(calls[0]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([
        marshall(key('a')),
        marshall(key('b')),
      ]);
      expect(calls[1]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([marshall(key('b'))]);
    });

    it('keys left unprocessed five times reject the gets with "directory read throttled"', async () => {
      // Prepare: nothing is ever processed
      db.on(BatchGetItemCommand).resolves({
        Responses: { [TABLE]: [] },
        UnprocessedKeys: { [TABLE]: { Keys: [marshall(key('a'))] } },
      });
      const directory = new DirectoryRepository(client, TABLE);

      // Act
      const failure = directory.get('unit', 'a').catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800);

      // Assess
      expect(await failure).toBeInstanceOf(Error);
      expect(await failure).toMatchObject({ message: expect.stringMatching(/throttled/) });
      expect(db.commandCalls(BatchGetItemCommand)).toHaveLength(5);
    });

    it('waits 100, 200, 400 and 800 ms before asking again', async () => {
      // Prepare
      db.on(BatchGetItemCommand).resolves({ UnprocessedKeys: { [TABLE]: { Keys: [marshall(key('a'))] } } });
      const directory = new DirectoryRepository(client, TABLE);

      // Act
      const failure = directory.get('unit', 'a').catch((error: unknown) => error);
      const sent: number[] = [];
      await vi.advanceTimersByTimeAsync(0);
      for (const wait of [100, 200, 400, 800]) {
        await vi.advanceTimersByTimeAsync(wait - 1);
        sent.push(db.commandCalls(BatchGetItemCommand).length);
        await vi.advanceTimersByTimeAsync(1);
        sent.push(db.commandCalls(BatchGetItemCommand).length);
      }

      // Assess
      expect(sent).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
      expect(await failure).toMatchObject({ message: expect.stringMatching(/throttled/) });
    });

    it('a failed send rejects every get of its batch, a key asked for twice included', async () => {
      // Prepare
      const refusal = new Error('ProvisionedThroughputExceededException');
      db.on(BatchGetItemCommand).rejects(refusal);
      const directory = new DirectoryRepository(client, TABLE);

      // Act
      const outcomes = await Promise.allSettled([
        directory.get('unit', 'a'),
        directory.get('unit', 'b'),
        directory.get('unit', 'a'),
      ]);

      // Assess
      expect(outcomes).toEqual([
        { status: 'rejected', reason: refusal },
        { status: 'rejected', reason: refusal },
        { status: 'rejected', reason: refusal },
      ]);
      const calls = db.commandCalls(BatchGetItemCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([
        marshall(key('a')),
        marshall(key('b')),
      ]);
    });
  });
});
