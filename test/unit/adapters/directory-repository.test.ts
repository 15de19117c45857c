import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DirectoryRepository } from '../../../functions/adapters/directory-repository.ts';

/**
 * How the batched gets answer DynamoDB's unprocessed keys and failures, which DynamoDB Local does not
 * provoke; what a batch reads, and how the gets of a turn are batched, is tested there
 * (test/integration/directory-batch.test.ts).
 */
const TABLE = 'hotline-test';
const db = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(
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
      db.on(BatchGetCommand)
        .resolvesOnce({
          Responses: { [TABLE]: [item('a')] },
          UnprocessedKeys: { [TABLE]: { Keys: [key('b')] } },
        })
        .resolves({ Responses: { [TABLE]: [item('b')] } });
      const directory = new DirectoryRepository(client, TABLE);

      // Act
      const gets = Promise.all([directory.get('unit', 'a'), directory.get('unit', 'b')]);
      await vi.advanceTimersByTimeAsync(100);
      const [a, b] = await gets;

      // Assess
      expect(a).toEqual(unit('a'));
      expect(b).toEqual(unit('b'));
      const calls = db.commandCalls(BatchGetCommand);
      expect(calls).toHaveLength(2);
      expect(calls[0]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([key('a'), key('b')]);
      expect(calls[1]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([key('b')]);
    });

    it('keys left unprocessed five times reject the gets with "directory read throttled"', async () => {
      // Prepare: nothing is ever processed
      db.on(BatchGetCommand).resolves({
        Responses: { [TABLE]: [] },
        UnprocessedKeys: { [TABLE]: { Keys: [key('a')] } },
      });
      const directory = new DirectoryRepository(client, TABLE);

      // Act
      const failure = directory.get('unit', 'a').catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800);

      // Assess
      expect(await failure).toBeInstanceOf(Error);
      expect(await failure).toMatchObject({ message: expect.stringMatching(/throttled/) });
      expect(db.commandCalls(BatchGetCommand)).toHaveLength(5);
    });

    it('waits 100, 200, 400 and 800 ms before asking again', async () => {
      // Prepare
      db.on(BatchGetCommand).resolves({ UnprocessedKeys: { [TABLE]: { Keys: [key('a')] } } });
      const directory = new DirectoryRepository(client, TABLE);

      // Act
      const failure = directory.get('unit', 'a').catch((error: unknown) => error);
      const sent: number[] = [];
      await vi.advanceTimersByTimeAsync(0);
      for (const wait of [100, 200, 400, 800]) {
        await vi.advanceTimersByTimeAsync(wait - 1);
        sent.push(db.commandCalls(BatchGetCommand).length);
        await vi.advanceTimersByTimeAsync(1);
        sent.push(db.commandCalls(BatchGetCommand).length);
      }

      // Assess
      expect(sent).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
      expect(await failure).toMatchObject({ message: expect.stringMatching(/throttled/) });
    });

    it('a failed send rejects every get of its batch, a key asked for twice included', async () => {
      // Prepare
      const refusal = new Error('ProvisionedThroughputExceededException');
      db.on(BatchGetCommand).rejects(refusal);
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
      const calls = db.commandCalls(BatchGetCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([key('a'), key('b')]);
    });
  });
});
