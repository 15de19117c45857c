import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as Lib from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import * as Own from '../../../functions/adapters/document-client.ts';

/**
 * The adapters' document client against `@aws-sdk/lib-dynamodb`, the package it stands in for: for
 * each command the adapters send, both must send DynamoDB the same request and give back the same
 * answer. The low-level client's HTTP handler records the request bodies and answers in DynamoDB's
 * JSON, so nothing leaves the process and both go through the SDK's own (de)serialization.
 */

const options = () => ({ marshallOptions: { removeUndefinedValues: true } });

function recordingClient(answers: object[]) {
  const sent: unknown[] = [];
  let next = 0;
  const client = new DynamoDBClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: {
      handle: async (request: { body: string }) => {
        sent.push(JSON.parse(request.body));
        const body = JSON.stringify(answers[Math.min(next++, answers.length - 1)]);
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
    } as never,
  });
  return { client, sent };
}

/** What each client sends and answers for the same command (the answer without its metadata). */
async function both(lib: object, own: object, answer: object = {}) {
  const l = recordingClient([answer]);
  const o = recordingClient([answer]);
  const libClient = Lib.DynamoDBDocumentClient.from(l.client, options());
  const ownClient = Own.DocumentClient.from(o.client, options());
  const { $metadata: _l, ...libAnswer } = await libClient.send(lib as never);
  const { $metadata: _o, ...ownAnswer } = (await ownClient.send(own as never)) as { $metadata: unknown };
  return { lib: { sent: l.sent, answer: libAnswer }, own: { sent: o.sent, answer: ownAnswer } };
}

const item = {
  pk: 'T#1',
  sk: 'STATE',
  version: 3,
  closed: false,
  nothing: null,
  gone: undefined,
  tags: ['a', 2, { deep: true }],
  nested: { at: '2026-11-02T02:00:00.000Z', count: 1.5, skip: undefined },
  bytes: new Uint8Array([1, 2, 3]),
  words: new Set(['x', 'y']),
};
const stored = {
  pk: { S: 'T#1' },
  sk: { S: 'STATE' },
  version: { N: '3' },
  tags: { L: [{ S: 'a' }, { N: '2' }] },
};
const key = { pk: 'T#1', sk: 'STATE' };
const values = { ':v': 3, ':open': 'handling', ':list': ['a'] };

describe('DocumentClient (the adapters’) against lib-dynamodb', () => {
  it('GetCommand: the key marshalled, the item unmarshalled', async () => {
    const input = { TableName: 't', Key: key, ConsistentRead: true };
    const { lib, own } = await both(new Lib.GetCommand(input), new Own.GetCommand(input), { Item: stored });
    expect(own).toEqual(lib);
    expect(own.answer).toEqual({ Item: { pk: 'T#1', sk: 'STATE', version: 3, tags: ['a', 2] } });
  });

  it('GetCommand: no item is no item', async () => {
    const input = { TableName: 't', Key: key };
    const { lib, own } = await both(new Lib.GetCommand(input), new Own.GetCommand(input), {});
    expect(own).toEqual(lib);
  });

  it('PutCommand: the item (undefined values left out) and the expression values', async () => {
    const input = {
      TableName: 't',
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR version < :v',
      ExpressionAttributeValues: { ':v': 3 },
      ReturnValues: 'ALL_OLD' as const,
    };
    const { lib, own } = await both(new Lib.PutCommand(input), new Own.PutCommand(input), {
      Attributes: stored,
    });
    expect(own).toEqual(lib);
  });

  it('UpdateCommand: key and expression values; the attributes answered', async () => {
    const input = {
      TableName: 't',
      Key: key,
      UpdateExpression: 'SET #s = :open, version = :v, tags = list_append(tags, :list)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW' as const,
    };
    const { lib, own } = await both(new Lib.UpdateCommand(input), new Own.UpdateCommand(input), {
      Attributes: stored,
    });
    expect(own).toEqual(lib);
  });

  it('QueryCommand and ScanCommand: start key and values; the items and the last key', async () => {
    const input = {
      TableName: 't',
      IndexName: 'gsi5',
      KeyConditionExpression: 'gsi5pk = :open',
      ExpressionAttributeValues: { ':open': 'DUE#2026-11-02' },
      ExclusiveStartKey: key,
      Limit: 2,
    };
    const answer = {
      Items: [stored, stored],
      Count: 2,
      LastEvaluatedKey: { pk: { S: 'T#2' }, sk: { S: 'STATE' } },
    };
    const query = await both(new Lib.QueryCommand(input), new Own.QueryCommand(input), answer);
    expect(query.own).toEqual(query.lib);
    const scan = await both(new Lib.ScanCommand(input), new Own.ScanCommand(input), answer);
    expect(scan.own).toEqual(scan.lib);
  });

  it('BatchGetCommand: the keys of each table; the responses and the unprocessed keys', async () => {
    const input = {
      RequestItems: { t: { Keys: [key, { pk: 'T#2', sk: 'STATE' }], ProjectionExpression: 'pk, sk' } },
    };
    const answer = {
      Responses: { t: [stored] },
      UnprocessedKeys: {
        t: { Keys: [{ pk: { S: 'T#2' }, sk: { S: 'STATE' } }], ProjectionExpression: 'pk, sk' },
      },
    };
    const { lib, own } = await both(new Lib.BatchGetCommand(input), new Own.BatchGetCommand(input), answer);
    expect(own).toEqual(lib);
  });

  it('BatchWriteCommand: puts and deletes; the unprocessed ones', async () => {
    const input = {
      RequestItems: { t: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: key } }] },
    };
    const answer = {
      UnprocessedItems: {
        t: [{ PutRequest: { Item: stored } }, { DeleteRequest: { Key: { pk: { S: 'T#1' } } } }],
      },
    };
    const { lib, own } = await both(
      new Lib.BatchWriteCommand(input),
      new Own.BatchWriteCommand(input),
      answer,
    );
    expect(own).toEqual(lib);
  });

  it('TransactWriteCommand: put, update, delete and condition check, each with its values', async () => {
    const input = {
      TransactItems: [
        { Put: { TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: 't',
            Key: key,
            UpdateExpression: 'SET version = :v',
            ConditionExpression: '#s = :open',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: values,
          },
        },
        { Delete: { TableName: 't', Key: key, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } },
        {
          ConditionCheck: {
            TableName: 't',
            Key: key,
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': 3 },
          },
        },
      ],
      ClientRequestToken: 'token',
    };
    const { lib, own } = await both(new Lib.TransactWriteCommand(input), new Own.TransactWriteCommand(input));
    expect(own).toEqual(lib);
  });

  it('paginateQuery: every page, each asked from the last key of the one before', async () => {
    const pages = [
      { Items: [stored], LastEvaluatedKey: { pk: { S: 'T#1' }, sk: { S: 'STATE' } } },
      { Items: [stored], LastEvaluatedKey: { pk: { S: 'T#2' }, sk: { S: 'STATE' } } },
      { Items: [] },
    ];
    const run = async (paginate: typeof Lib.paginateQuery, from: typeof Lib.DynamoDBDocumentClient.from) => {
      const { client, sent } = recordingClient(pages);
      const answers = [];
      for await (const p of paginate(
        { client: from(client, options()) as never, pageSize: 1 },
        {
          TableName: 't',
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'T#1' },
        },
      ))
        answers.push(p.Items);
      return { sent, answers };
    };
    const lib = await run(Lib.paginateQuery, Lib.DynamoDBDocumentClient.from);
    const own = await run(Own.paginateQuery as never, Own.DocumentClient.from as never);
    expect(own).toEqual(lib);
    expect(own.sent).toHaveLength(3);
  });
});
