import { createHmac } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeState } from '../../../functions/adapters/state-codec.ts';
import { bodyOf, expectBadField, expectOpaque500, expectProblem, lambdaContext, request } from './events.ts';
import {
  directoryItem,
  FakeIdempotencyStore,
  FakeTable,
  type Item,
  transactionCanceled,
} from './fixtures.ts';
import { ddb, HASH_KEY, lowLevel } from './setup.ts';

let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const KEY_ID = 'key-web';
const PHONE = '13800138000';
const NAME = '张三';

const citizenRequest = (overrides: Record<string, unknown> = {}) => ({
  type: 'complaint',
  category: 'housing',
  regionId: 'district-a',
  content: '小区电梯长期故障无人维修',
  requester: { name: NAME, phone: `+86${PHONE}` },
  ...overrides,
});

const post = (
  body: unknown,
  opts: { headers?: Record<string, string>; apiKeyId?: string | null; isBase64Encoded?: boolean } = {},
) =>
  handler(
    request({
      method: 'POST',
      resource: '/v1/tickets',
      body,
      headers: opts.headers,
      apiKeyId: opts.apiKeyId === null ? undefined : (opts.apiKeyId ?? KEY_ID),
      isBase64Encoded: opts.isBase64Encoded,
    }),
    lambdaContext('intake'),
  );

/** The one TransactWriteItems the intake sent. */
function transaction(): NonNullable<TransactWriteCommandInput['TransactItems']> {
  const calls = ddb.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]?.args[0].input.TransactItems ?? [];
}

const putItems = () => transaction().map((w) => w.Put?.Item as Item);
const KEY_ATTRIBUTES = /^(pk|sk|gsi\d(pk|sk))$/;

let table: FakeTable;
let idempotency: FakeIdempotencyStore;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/api/intake.ts'));
});

beforeEach(() => {
  ddb.reset();
  lowLevel.reset();
  table = new FakeTable()
    .put(
      directoryItem('channel', { id: KEY_ID, name: '政府网站', channels: ['web', 'app'] }),
      directoryItem('channel', { id: 'key-sms', name: '短信平台', channels: ['sms'] }),
    )
    .install();
  idempotency = new FakeIdempotencyStore().install();
});

describe('Handler: intake', () => {
  describe('POST /v1/tickets registers a ticket', () => {
    it('answers 201 with id, ticket number and query code, and the location of the ticket', async () => {
      // Act
      const response = await post(citizenRequest());

      // Assess
      expect(response.statusCode).toBe(201);
      expect(response.headers?.['content-type']).toBe('application/json');
      const body = bodyOf(response);
      expect(body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        ticketNo: '20261102000001',
        queryCode: expect.stringMatching(/^[A-HJ-KM-NP-Z2-9]{8}$/),
        status: 'received',
      });
      expect(response.headers?.location).toBe(`/v1/tickets/${body.id}`);
    });

    it('takes the ticket number from the day counter (Shanghai date)', async () => {
      // Prepare
      table.put({ pk: 'COUNTER#20261102', sk: 'COUNTER', n: 41 });

      // Act
      const response = await post(citizenRequest());

      // Assess
      expect(bodyOf(response).ticketNo).toBe('20261102000042');
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        Key: { pk: 'COUNTER#20261102', sk: 'COUNTER' },
        UpdateExpression: 'ADD n :one',
      });
    });

    it('stores state, events and personal data in one transaction, the state only if it is new', async () => {
      // Act
      const response = await post(citizenRequest());

      // Assess
      const { id } = bodyOf(response);
      const writes = transaction();
      expect(writes.map((w) => w.Put?.Item?.sk)).toEqual(['STATE', 'EVENT#000001', 'PII']);
      expect(writes[0]?.Put).toMatchObject({
        TableName: 'hotline-test',
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: {
          pk: `TICKET#${id}`,
          entity: 'ticket',
          version: 1,
          status: 'received',
          ticketNo: '20261102000001',
          gsi2pk: 'TNO#20261102000001',
          gsi4pk: 'MATTER#district-a#housing',
        },
      });
      expect(writes[1]?.Put).toMatchObject({
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: { pk: `TICKET#${id}`, entity: 'event', type: 'TicketRegistered', seq: 1 },
      });
      expect(writes[2]?.Put?.Item).toMatchObject({
        pk: `TICKET#${id}`,
        sk: 'PII',
        name: NAME,
        phone: `+86${PHONE}`,
      });
      expect(writes[2]?.Put?.Item).not.toHaveProperty('gsi3pk');
    });

    it('AH:34 never writes the phone into a key attribute: the requester index holds a keyed hash', async () => {
      // Act
      await post(citizenRequest());

      // Assess
      const hash = createHmac('sha256', HASH_KEY).update(PHONE).digest('base64url');
      const [state] = putItems();
      expect(state?.gsi3pk).toBe(`REQ#${hash}`);
      for (const item of putItems()) {
        for (const [attribute, value] of Object.entries(item)) {
          if (KEY_ATTRIBUTES.test(attribute)) expect(String(value)).not.toContain(PHONE);
        }
      }
      for (const call of ddb.commandCalls(QueryCommand)) {
        expect(JSON.stringify(call.args[0].input)).not.toContain(PHONE);
      }
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'requester',
        ExpressionAttributeValues: { ':pk': `REQ#${hash}`, ':since': '2026-10-03T10:00:00+08:00' },
        Select: 'COUNT',
      });
    });

    it('AH:34 keeps name and phone out of the ticket state and the event body', async () => {
      // Act
      await post(citizenRequest());

      // Assess
      const [state, event] = putItems();
      const ticket = decodeState(state?.state as Uint8Array);
      expect(ticket.requester).toEqual({ anonymous: false, confidential: false });
      expect(JSON.stringify(ticket)).not.toContain(PHONE);
      expect(JSON.stringify(ticket)).not.toContain(NAME);
      expect(String(event?.body)).not.toContain(PHONE);
      expect(String(event?.body)).not.toContain(NAME);
      expect(JSON.stringify(state)).not.toContain(PHONE);
    });

    it('AH:34 the stored state is deflated JSON that holds no phone number or name even after inflating', async () => {
      // Act
      const { id } = bodyOf(await post(citizenRequest()));

      // Assess
      const stored = table.get(`TICKET#${id}`, 'STATE');
      expect(stored?.state).toBeInstanceOf(Uint8Array);
      const inflated = inflateRawSync(stored?.state as Uint8Array).toString('utf8');
      expect(JSON.parse(inflated)).toMatchObject({ id, status: 'received', requester: { anonymous: false } });
      for (const secret of [PHONE, NAME]) {
        expect(inflated).not.toContain(secret);
        expect(Buffer.from(stored?.state as Uint8Array).includes(secret)).toBe(false);
      }
      const { state: _state, ...otherAttributes } = stored ?? {};
      expect(JSON.stringify(otherAttributes)).not.toContain(PHONE);
      expect(JSON.stringify(otherAttributes)).not.toContain(NAME);
      expect(table.get(`TICKET#${id}`, 'PII')).toMatchObject({ name: NAME, phone: `+86${PHONE}` });
    });

    it('+86, 0086 or 86 before a mobile number, or none, is the same requester', async () => {
      // Act
      const keys = [];
      for (const phone of [`+86${PHONE}`, `0086${PHONE}`, `86${PHONE}`, PHONE]) {
        ddb.resetHistory();
        await post(citizenRequest({ requester: { phone } }));
        keys.push(putItems()[0]?.gsi3pk);
      }

      // Assess
      const hash = createHmac('sha256', HASH_KEY).update(PHONE).digest('base64url');
      expect(keys).toEqual(Array(4).fill(`REQ#${hash}`));
    });

    it('86 is not a country code before a number that is not an 11-digit mobile number', async () => {
      // Act
      const keys = [];
      for (const phone of ['86123', '8612345', '12345']) {
        ddb.resetHistory();
        await post(citizenRequest({ requester: { phone } }));
        keys.push(putItems()[0]?.gsi3pk);
      }

      // Assess: each is hashed as it is, so none is taken for another
      const hash = (phone: string) =>
        `REQ#${createHmac('sha256', HASH_KEY).update(phone).digest('base64url')}`;
      expect(keys).toEqual([hash('86123'), hash('8612345'), hash('12345')]);
      expect(new Set(keys).size).toBe(3);
    });

    it('AH:20(六) counts earlier tickets of the same requester and opens repeat supervision', async () => {
      // Prepare: two earlier tickets of the same phone in the window
      await post(citizenRequest());
      await post(citizenRequest());
      ddb.resetHistory();

      // Act
      await post(citizenRequest());

      // Assess
      const events = putItems()
        .filter((i) => i.entity === 'event')
        .map((i) => i.type);
      expect(events).toContain('SupervisionOpened');
    });

    it('an anonymous request without a phone gets no requester key and no personal data item', async () => {
      // Act
      const response = await post(
        citizenRequest({ requester: { anonymous: true }, channel: 'web', regionId: undefined }),
      );

      // Assess
      expect(response.statusCode).toBe(201);
      expect(bodyOf(response).status).toBe('received');
      const items = putItems();
      expect(items.map((i) => i.sk)).toEqual(['STATE', 'EVENT#000001']);
      expect(items[0]).not.toHaveProperty('gsi3pk');
      expect(items[0]?.gsi4pk).toBe('MATTER#-#housing');
      expect(ddb).not.toHaveReceivedCommandWith(QueryCommand, { IndexName: 'requester' });
    });

    it('accepts a base64-encoded body and a content type with a charset', async () => {
      // Act
      const response = await post(Buffer.from(JSON.stringify(citizenRequest())).toString('base64'), {
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });

      // Assess
      expect(response.statusCode).toBe(201);
    });

    it('posts for the channel named in the body when the key may post for it', async () => {
      // Act
      const response = await post(citizenRequest({ channel: 'app' }));

      // Assess
      expect(response.statusCode).toBe(201);
      const event = JSON.parse(String(putItems()[1]?.body));
      expect(event.channel).toBe('app');
    });
  });

  describe('refusals', () => {
    it('400 names (body) when the body is not JSON', async () => {
      // Act
      const response = await post('{"type": "complaint",');

      // Assess
      const problem = expectBadField(response, '(body)');
      expect(problem.errors).toEqual([{ field: '(body)', message: 'the body is not valid JSON' }]);
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('400 names each field that breaks the schema', async () => {
      // Act
      const response = await post(citizenRequest({ content: '', requester: { phone: 'call me' } }));

      // Assess
      const problem = expectBadField(response, 'content');
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['content', 'requester.phone']);
      expect(problem.detail).toContain('requester.phone: a phone number is 5 to 20 digits');
    });

    it('400 for fields intake works out itself (priorReports) or does not know', async () => {
      // Act
      const response = await post(citizenRequest({ priorReports: { sameRequester: 0, sameMatter: 0 } }));

      // Assess
      const problem = expectProblem(response, 400, 'request.invalid');
      expect(problem.detail).toContain('priorReports');
    });

    it('400 names the channel when it is not a channel at all', async () => {
      const response = await post(citizenRequest({ channel: 'pigeon' }));
      expectBadField(response, 'channel');
    });

    it('400 names Idempotency-Key when the key is malformed', async () => {
      // Act
      const response = await post(citizenRequest(), { headers: { 'Idempotency-Key': 'short' } });

      // Assess
      expectBadField(response, 'Idempotency-Key');
      expect(lowLevel).not.toHaveReceivedAnyCommand();
    });

    it('401 without a channel API key', async () => {
      // Act
      const response = await post(citizenRequest(), { apiKeyId: null });

      // Assess
      expectProblem(response, 401, 'auth.required');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('403 channel.unknown when the API key belongs to no channel', async () => {
      // Act
      const response = await post(citizenRequest(), { apiKeyId: 'key-revoked' });

      // Assess
      expectProblem(response, 403, 'channel.unknown');
      expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: { pk: 'DIR#channel', sk: 'key-revoked' } });
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('a channel key added to the directory after a 403 works at once', async () => {
      // Prepare: the key is not in the directory yet
      expectProblem(await post(citizenRequest(), { apiKeyId: 'key-wechat' }), 403, 'channel.unknown');
      table.put(directoryItem('channel', { id: 'key-wechat', name: '微信公众号', channels: ['web'] }));

      // Act
      const response = await post(citizenRequest(), { apiKeyId: 'key-wechat' });

      // Assess
      expect(response.statusCode).toBe(201);
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 2);
    });

    it('403 channel.notAllowed when the key may not post for the channel named', async () => {
      // Act
      const response = await post(citizenRequest({ channel: 'phone' }));

      // Assess
      const problem = expectProblem(response, 403, 'channel.notAllowed');
      expect(problem.detail).toBe('this key may post for web, app, not phone');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('409 intake.unknownType (AH:9) for a request type the policy does not have', async () => {
      // Act
      const response = await post(citizenRequest({ type: 'praise' }));

      // Assess
      const problem = expectProblem(response, 409, 'intake.unknownType');
      expect(problem.basis).toBe('AH:9');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('409 intake.contactMissing (AH:11) when a named requester leaves no phone', async () => {
      const response = await post(citizenRequest({ requester: { name: NAME } }));
      expect(expectProblem(response, 409, 'intake.contactMissing').basis).toBe('AH:11');
    });

    it('413 for a body over 64 KiB, before it is parsed', async () => {
      // Act
      const response = await post(`{"content":"${'长'.repeat(22_000)}"}`);

      // Assess
      expectProblem(response, 413, 'request.tooLarge');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('413 counts the decoded bytes of a base64 body', async () => {
      const big = Buffer.from(JSON.stringify({ content: 'x'.repeat(64 * 1024) })).toString('base64');
      const response = await post(big, { isBase64Encoded: true });
      expectProblem(response, 413, 'request.tooLarge');
    });

    it('415 for a body that is not application/json', async () => {
      // Act
      const response = await post(JSON.stringify(citizenRequest()), {
        headers: { 'content-type': 'text/plain' },
      });

      // Assess
      expectProblem(response, 415, 'request.mediaType');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('415 for a body without a content type', async () => {
      const event = request({ method: 'POST', resource: '/v1/tickets', apiKeyId: KEY_ID });
      event.body = JSON.stringify(citizenRequest());
      const response = await handler(event, lambdaContext('intake'));
      expectProblem(response, 415, 'request.mediaType');
    });

    it('409 version.conflict when the ticket id is already taken (cancelled transaction)', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).rejects(transactionCanceled(['ConditionalCheckFailed', 'None', 'None']));

      // Act
      const response = await post(citizenRequest());

      // Assess
      expectProblem(response, 409, 'version.conflict');
    });

    it('500 that says nothing of the cause when DynamoDB fails unexpectedly', async () => {
      // Prepare
      const failure = new Error('ProvisionedThroughputExceededException: table hotline-test, key REQ#abc');
      ddb.on(TransactWriteCommand).rejects(failure);

      // Act
      const response = await post(citizenRequest());

      // Assess
      expectOpaque500(response, 'ProvisionedThroughput', 'hotline-test', 'REQ#');
    });
  });

  describe('Idempotency-Key (Powertools idempotency over DynamoDB)', () => {
    const withKey = (key: string) => ({ headers: { 'Idempotency-Key': key } });

    it('records the request in progress with a condition, then its answer', async () => {
      // Act
      const response = await post(citizenRequest(), withKey('order-0001'));

      // Assess
      expect(response.statusCode).toBe(201);
      expect(lowLevel).toHaveReceivedCommandWith(PutItemCommand, {
        TableName: 'hotline-test',
        Item: expect.objectContaining({ pk: { S: 'IDEMPOTENCY' }, status: { S: 'INPROGRESS' } }),
        ConditionExpression: expect.stringContaining('attribute_not_exists(#id)'),
      });
      expect(lowLevel).toHaveReceivedCommandWith(UpdateItemCommand, {
        ExpressionAttributeValues: expect.objectContaining({
          ':status': { S: 'COMPLETED' },
          ':response_data': expect.objectContaining({
            M: expect.objectContaining({ ticketNo: { S: bodyOf(response).ticketNo } }),
          }),
        }),
      });
      const [record] = idempotency.records.values();
      expect(JSON.stringify(record)).not.toContain(PHONE);
    });

    it('a replay with the same key and body answers the first result without registering again', async () => {
      // Prepare
      const first = await post(citizenRequest(), withKey('order-0001'));
      ddb.resetHistory();

      // Act
      const replay = await post(citizenRequest(), withKey('order-0001'));

      // Assess
      expect(replay.statusCode).toBe(201);
      expect(bodyOf(replay)).toEqual(bodyOf(first));
      expect(replay.headers?.location).toBe(first.headers?.location);
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
      expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    });

    it('409 idempotency.keyReused when the same key comes with a different body', async () => {
      // Prepare
      await post(citizenRequest(), withKey('order-0001'));
      ddb.resetHistory();

      // Act
      const response = await post(citizenRequest({ content: '另一件事' }), withKey('order-0001'));

      // Assess
      expectProblem(response, 409, 'idempotency.keyReused');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('409 idempotency.keyReused also when the old record is read with GetItem', async () => {
      // Prepare
      await post(citizenRequest(), withKey('order-0001'));
      idempotency.returnOldItem = false;

      // Act
      const response = await post(citizenRequest({ content: '另一件事' }), withKey('order-0001'));

      // Assess
      expectProblem(response, 409, 'idempotency.keyReused');
    });

    it('the same key from another channel key is another request', async () => {
      // Prepare
      await post(citizenRequest(), withKey('order-0001'));

      // Act
      const response = await post(citizenRequest({ channel: 'sms' }), {
        ...withKey('order-0001'),
        apiKeyId: 'key-sms',
      });

      // Assess
      expect(response.statusCode).toBe(201);
      expect(idempotency.records.size).toBe(2);
    });

    it('a refused request leaves no record, so the key can be used again', async () => {
      // Prepare
      const refused = await post(citizenRequest({ type: 'praise' }), withKey('order-0002'));
      expectProblem(refused, 409, 'intake.unknownType');

      // Act
      const retried = await post(citizenRequest(), withKey('order-0002'));

      // Assess
      expect(retried.statusCode).toBe(201);
    });

    it('waits while the first request with the key is in progress, then answers its result', async () => {
      // Prepare: the first request is stored as in progress; it completes a moment later
      await post(citizenRequest(), withKey('order-0003'));
      const [id, done] = [...idempotency.records.entries()][0] ?? [];
      if (!id || !done) throw new Error('no idempotency record');
      idempotency.records.set(id, {
        ...done,
        status: { S: 'INPROGRESS' },
        in_progress_expiration: { N: String(Date.now() + 60_000) },
      });
      setTimeout(() => idempotency.records.set(id, done), 120);
      ddb.resetHistory();

      // Act
      const response = await post(citizenRequest(), withKey('order-0003'));

      // Assess
      expect(response.statusCode).toBe(201);
      expect(lowLevel.commandCalls(PutItemCommand).length).toBeGreaterThan(2);
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('500 that says nothing of the cause when the idempotency store fails', async () => {
      // Prepare
      lowLevel
        .on(PutItemCommand)
        .rejects(new Error('AccessDeniedException: dynamodb:PutItem on hotline-test'));

      // Act
      const response = await post(citizenRequest(), withKey('order-0004'));

      // Assess
      expectOpaque500(response, 'AccessDenied', 'hotline-test');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });
  });
});
