import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countReports } from '../../../functions/app/count-reports.ts';
import { IdempotencyKeyBusyError, VersionConflictError } from '../../../functions/app/errors.ts';
import { type MemoryContext, memoryContext } from '../../support/memory-ports.ts';
import {
  bodyOf,
  expectBadField,
  expectOpaque500,
  expectProblem,
  lambdaContext,
  request,
  staff,
} from './events.ts';
import { HASH_KEY } from './setup.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let intakeHandler: (ctx: MemoryContext) => Handler;
let handler: Handler;

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

/** POST /v1/desk/tickets with a staff member's token (the hotline desk's own registrations). */
const postDesk = (body: unknown, role = 'agent', headers?: Record<string, string>) =>
  handler(
    request({ method: 'POST', resource: '/v1/desk/tickets', body, headers, claims: staff(role) }),
    lambdaContext('intake'),
  );

const hashOf = (phone: string) => createHmac('sha256', HASH_KEY).update(phone).digest('base64url');

let ctx: MemoryContext;

/** What intake handed the store to create, call by call. */
const created = () =>
  vi.mocked(ctx.tickets.create).mock.calls.map(([ticket, events, record, personal]) => ({
    ticket,
    events,
    record,
    personal,
  }));
/**
 * What the stream does after registrations: each stored ticket's report counted once, in sequence
 * (functions/app/count-reports.ts), all at once as the bus would deliver a burst.
 */
const countOnStream = () =>
  Promise.all(
    [...ctx.tickets.kept.values()].map(({ ticket }) =>
      countReports(ctx, {
        ticketId: ticket.id,
        seq: 1,
        type: 'TicketRegistered',
        event: created().find((c) => c.ticket.id === ticket.id)?.events[0] as never,
      }),
    ),
  );
/** The requester keys the stream counted the registrations by, in the order they were registered. */
const requesterKeysCounted = async () => {
  const count = vi.spyOn(ctx.tickets, 'countReportOnce');
  await countOnStream();
  const byTicket = new Map(count.mock.calls.map(([id, tallies]) => [id, tallies[1]?.requesterKey]));
  return created().map((c) => byTicket.get(c.ticket.id));
};
const lastCreated = () => {
  const all = created();
  expect(all.length).toBeGreaterThan(0);
  return all[all.length - 1] as ReturnType<typeof created>[number];
};

beforeAll(async () => {
  ({ intakeHandler } = await import('../../../functions/api/intake.ts'));
});

beforeEach(() => {
  ctx = memoryContext({ hashKey: HASH_KEY });
  ctx.directory.seed(
    'channel',
    { id: KEY_ID, name: '政府网站', channels: ['web', 'app'] },
    { id: 'key-sms', name: '短信平台', channels: ['sms'] },
  );
  // The category and region the requests name: intake refuses ones the directory does not have.
  ctx.directory.seed('catalogue', {
    id: 'housing',
    name: '住房',
    unitId: 'district-housing',
    level: 'county',
  });
  ctx.directory.seed('region', { id: 'district-a', name: 'A区', level: 'county' });
  vi.spyOn(ctx.tickets, 'create');
  handler = intakeHandler(ctx);
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
      ctx.tickets.counters.set('20261102', 41);

      // Act
      const response = await post(citizenRequest());

      // Assess
      expect(bodyOf(response).ticketNo).toBe('20261102000042');
      expect(ctx.tickets.counters.get('20261102')).toBe(42);
    });

    it('stores the ticket with its first event, its number, query code and the personal data apart', async () => {
      // Act
      const response = await post(citizenRequest());

      // Assess
      const { id, ticketNo, queryCode } = bodyOf(response);
      const { ticket, events, record, personal } = lastCreated();
      expect(ticket).toMatchObject({ id, version: 1, status: 'received', regionId: 'district-a' });
      expect(events.map((e) => e.type)).toEqual(['TicketRegistered']);
      expect(record).toEqual({ ticketNo, queryCode });
      expect(personal).toMatchObject({ name: NAME, phone: `+86${PHONE}` });
      expect(ctx.tickets.calls.filter((c) => c === 'create')).toHaveLength(1);
    });

    it('AH:34 AH:20(六) the stream counts the report by a keyed hash of the phone on its matter, never the number', async () => {
      // Prepare
      const count = vi.spyOn(ctx.tickets, 'countReportOnce');

      // Act
      const { id } = bodyOf(await post(citizenRequest()));
      await countOnStream();

      // Assess: everyone's tally on the matter and the requester's, over the window's days
      const matter = { regionId: 'district-a', category: 'housing' };
      expect(count).toHaveBeenCalledWith(
        id,
        [matter, { ...matter, requesterKey: hashOf(PHONE) }],
        '2026-11-02',
        '2026-10-03',
      );
      expect(JSON.stringify(count.mock.calls)).not.toContain(PHONE);
      expect(JSON.stringify(lastCreated().record)).not.toContain(PHONE);
    });

    it('AH:20(六) a repeat is the same requester on the same matter: another category is not counted', async () => {
      // Prepare: two earlier tickets of the same phone on another category
      ctx.directory.seed('catalogue', { id: 'noise', name: '噪音', unitId: 'district-env', level: 'county' });
      await post(citizenRequest({ category: 'noise' }));
      await post(citizenRequest({ category: 'noise' }));

      // Act
      const { id } = bodyOf(await post(citizenRequest()));
      await countOnStream();

      // Assess
      expect(ctx.tickets.kept.get(id)?.ticket.supervision.open).toEqual([]);
    });

    it('AH:20(六) concurrent reports count as sequential ones would: the third and later are repeats', async () => {
      // Act: ten reports of one requester on one matter at once (none sees the others counted),
      // then the stream counts each once
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(citizenRequest())));
      const counted = await countOnStream();

      // Assess: exactly the sequential count's supervision, opened on the stream
      expect(responses.every((r) => r.statusCode === 201)).toBe(true);
      const repeated = [...ctx.tickets.kept.values()].filter((k) =>
        k.ticket.supervision.open.includes('repeated'),
      );
      expect(repeated).toHaveLength(8);
      expect(counted.map((c) => (c.outcome === 'counted' ? c.sameRequester : -1)).sort()).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    });

    it('AH:20(六) a report counted again on the stream (a redelivery) opens nothing twice', async () => {
      // Prepare: three reports at once, counted
      await Promise.all(Array.from({ length: 3 }, () => post(citizenRequest())));
      await countOnStream();

      // Act
      const again = await countOnStream();

      // Assess
      expect(again.flatMap((c) => (c.outcome === 'counted' ? c.opened : []))).toEqual([]);
      const opened = [...ctx.tickets.kept.values()].filter((k) =>
        k.ticket.supervision.open.includes('repeated'),
      );
      expect(opened).toHaveLength(1);
    });

    it('+86, 0086 or 86 before a mobile number, or none, is the same requester', async () => {
      // Act
      for (const phone of [`+86${PHONE}`, `0086${PHONE}`, `86${PHONE}`, PHONE])
        await post(citizenRequest({ requester: { phone } }));
      const keys = await requesterKeysCounted();

      // Assess
      expect(keys).toEqual(Array(4).fill(hashOf(PHONE)));
    });

    it('86 is not a country code before a number that is not an 11-digit mobile number', async () => {
      // Act
      for (const phone of ['86123', '8612345', '12345']) await post(citizenRequest({ requester: { phone } }));
      const keys = await requesterKeysCounted();

      // Assess: each is hashed as it is, so none is taken for another
      expect(keys).toEqual([hashOf('86123'), hashOf('8612345'), hashOf('12345')]);
      expect(new Set(keys).size).toBe(3);
    });

    it('AH:20(六) counts earlier tickets of the same requester and opens repeat supervision', async () => {
      // Prepare: two earlier tickets of the same phone in the window
      await post(citizenRequest());
      await post(citizenRequest());

      // Act: the third, and the stream's count
      const { id } = bodyOf(await post(citizenRequest()));
      await countOnStream();

      // Assess: registered with none counted; the count opens the supervision
      expect(lastCreated().events.map((e) => e.type)).toEqual(['TicketRegistered']);
      expect(ctx.tickets.kept.get(id)?.ticket.supervision.open).toEqual(['repeated']);
    });

    it('an anonymous request without a phone gets no requester key and no personal data item', async () => {
      // Act
      const response = await post(
        citizenRequest({ requester: { anonymous: true }, channel: 'web', regionId: undefined }),
      );

      // Assess
      expect(response.statusCode).toBe(201);
      expect(bodyOf(response).status).toBe('received');
      const { personal } = lastCreated();
      expect(personal).not.toHaveProperty('name');
      expect(personal).not.toHaveProperty('phone');
      const count = vi.spyOn(ctx.tickets, 'countReportOnce');
      await countOnStream();
      expect(count.mock.calls[0]?.[1]).toEqual([{ regionId: undefined, category: 'housing' }]);
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
      expect(lastCreated().events[0]).toMatchObject({ channel: 'app' });
    });
  });

  describe('refusals', () => {
    it('400 names (body) when the body is not JSON', async () => {
      // Act
      const response = await post('{"type": "complaint",');

      // Assess
      const problem = expectBadField(response, '(body)');
      expect(problem.errors).toEqual([{ field: '(body)', message: 'the body is not valid JSON' }]);
      expect(ctx.tickets.calls).toEqual([]);
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
      expect(ctx.tickets.idempotency.size).toBe(0);
    });

    it('401 without a channel API key', async () => {
      // Act
      const response = await post(citizenRequest(), { apiKeyId: null });

      // Assess
      expectProblem(response, 401, 'auth.required');
      expect(ctx.tickets.calls).toEqual([]);
    });

    it('403 channel.unknown when the API key belongs to no channel', async () => {
      // Act
      const response = await post(citizenRequest(), { apiKeyId: 'key-revoked' });

      // Assess
      expectProblem(response, 403, 'channel.unknown');
      expect(ctx.tickets.calls).not.toContain('create');
    });

    it("refuses a missing or unknown key before the body's errors: 401 and 403, not 400", async () => {
      // Act
      const withoutKey = await post({ content: 42 }, { apiKeyId: null });
      const unknownKey = await post({ content: 42 }, { apiKeyId: 'key-revoked' });

      // Assess
      expectProblem(withoutKey, 401, 'auth.required');
      expectProblem(unknownKey, 403, 'channel.unknown');
    });

    it('a channel key added to the directory after a 403 works at once', async () => {
      // Prepare: the key is not in the directory yet
      expectProblem(await post(citizenRequest(), { apiKeyId: 'key-wechat' }), 403, 'channel.unknown');
      ctx.directory.seed('channel', { id: 'key-wechat', name: '微信公众号', channels: ['web'] });

      // Act
      const response = await post(citizenRequest(), { apiKeyId: 'key-wechat' });

      // Assess
      expect(response.statusCode).toBe(201);
    });

    it('403 channel.notAllowed when the key may not post for the channel named', async () => {
      // Act
      const response = await post(citizenRequest({ channel: 'phone' }));

      // Assess
      const problem = expectProblem(response, 403, 'channel.notAllowed');
      expect(problem.detail).toBe('this key may post for web, app, not phone');
      expect(ctx.tickets.calls).not.toContain('create');
    });

    it('400 intake.unknownType (AH:9) naming type, not 409, for a request type the policy does not have', async () => {
      // Act
      const response = await post(citizenRequest({ type: 'praise' }));

      // Assess
      const problem = expectProblem(response, 400, 'intake.unknownType');
      expect(problem.errors).toEqual([{ field: 'type', message: expect.stringContaining('"praise"') }]);
      expect(problem.basis).toBe('AH:9');
      expect(ctx.tickets.calls).not.toContain('create');
    });

    it('400 naming category and regionId when the directory has neither', async () => {
      const category = await post(citizenRequest({ category: 'ghosts' }));
      const region = await post(citizenRequest({ regionId: 'atlantis' }));
      expect(expectProblem(category, 400, 'intake.unknownCategory').errors[0].field).toBe('category');
      expect(expectProblem(region, 400, 'intake.unknownRegion').errors[0].field).toBe('regionId');
      expect(ctx.tickets.calls).not.toContain('create');
    });

    it('anonymous: true keeps no personal data: a name and phone sent with it are dropped', async () => {
      // Act
      const response = await post(
        citizenRequest({ requester: { anonymous: true, name: NAME, phone: PHONE } }),
      );

      // Assess
      expect(response.statusCode).toBe(201);
      const { ticket, events, record, personal } = lastCreated();
      expect(personal).toEqual({ anonymous: true, confidential: false });
      expect(await requesterKeysCounted()).toEqual([undefined]);
      expect(record).not.toHaveProperty('requesterKey');
      expect(JSON.stringify([ticket, events])).not.toContain(NAME);
      expect(JSON.stringify([ticket, events])).not.toContain(PHONE);
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
      expect(ctx.tickets.calls).toEqual([]);
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
      expect(ctx.tickets.calls).toEqual([]);
    });

    it('415 for a body without a content type', async () => {
      const event = request({ method: 'POST', resource: '/v1/tickets', apiKeyId: KEY_ID });
      event.body = JSON.stringify(citizenRequest());
      const response = await handler(event, lambdaContext('intake'));
      expectProblem(response, 415, 'request.mediaType');
    });

    it('409 version.conflict when the ticket id is already taken', async () => {
      // Prepare
      vi.mocked(ctx.tickets.create).mockRejectedValueOnce(new VersionConflictError('taken', 0));

      // Act
      const response = await post(citizenRequest());

      // Assess
      expectProblem(response, 409, 'version.conflict');
    });

    it('500 that says nothing of the cause when the store fails unexpectedly', async () => {
      // Prepare
      const failure = new Error('ProvisionedThroughputExceededException: table hotline-test, key REQ#abc');
      vi.mocked(ctx.tickets.create).mockRejectedValueOnce(failure);

      // Act
      const response = await post(citizenRequest());

      // Assess
      expectOpaque500(response, 'ProvisionedThroughput', 'hotline-test', 'REQ#');
    });
  });

  describe('Idempotency-Key (the answer stored with the ticket; its DynamoDB write is tested on DynamoDB Local)', () => {
    const withKey = (key: string) => ({ headers: { 'Idempotency-Key': key } });
    const stored = () => [...ctx.tickets.idempotency.values()];

    it("stores the key's answer in the ticket's own write, without the requester", async () => {
      // Act
      const response = await post(citizenRequest(), withKey('order-0001'));

      // Assess
      expect(response.statusCode).toBe(201);
      expect(ctx.tickets.calls).toEqual(['nextTicketNo', 'create']);
      const [record] = stored();
      expect(record).toMatchObject({ key: `${KEY_ID}#order-0001`, answer: bodyOf(response) });
      expect(vi.mocked(ctx.tickets.create).mock.calls[0]?.[4]).toMatchObject({ answer: bodyOf(response) });
      expect(JSON.stringify(record)).not.toContain(PHONE);
      expect(JSON.stringify(record)).not.toContain(NAME);
    });

    it('a replay with the same key and body answers the first result and registers nothing (its number is left unused)', async () => {
      // Prepare
      const first = await post(citizenRequest(), withKey('order-0001'));

      // Act
      const replay = await post(citizenRequest(), withKey('order-0001'));

      // Assess
      expect(replay.statusCode).toBe(201);
      expect(bodyOf(replay)).toEqual(bodyOf(first));
      expect(replay.headers?.location).toBe(first.headers?.location);
      expect(ctx.tickets.kept.size).toBe(1);
      expect(ctx.tickets.calls.filter((c) => c === 'nextTicketNo')).toHaveLength(2);
    });

    it('the same body with its fields in another order is the same request', async () => {
      // Prepare
      const first = await post(citizenRequest(), withKey('order-0001'));
      const { requester, ...rest } = citizenRequest();

      // Act
      const replay = await post({ requester, ...rest }, withKey('order-0001'));

      // Assess
      expect(bodyOf(replay)).toEqual(bodyOf(first));
    });

    it('409 idempotency.keyReused when the same key comes with a different body', async () => {
      // Prepare
      await post(citizenRequest(), withKey('order-0001'));

      // Act
      const response = await post(citizenRequest({ content: '另一件事' }), withKey('order-0001'));

      // Assess
      expectProblem(response, 409, 'idempotency.keyReused');
      expect(ctx.tickets.kept.size).toBe(1);
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
      expect(stored()).toHaveLength(2);
    });

    it('a key answered more than a day ago may be used again', async () => {
      // Prepare
      await post(citizenRequest(), withKey('order-0001'));
      for (const record of stored()) record.expiration = Math.floor(Date.now() / 1000) - 1;

      // Act
      const response = await post(citizenRequest({ content: '另一件事' }), withKey('order-0001'));

      // Assess
      expect(response.statusCode).toBe(201);
      expect(ctx.tickets.kept.size).toBe(2);
    });

    it('a refused request leaves no record, so the key can be used again', async () => {
      // Prepare
      const refused = await post(citizenRequest({ type: 'praise' }), withKey('order-0002'));
      expectProblem(refused, 400, 'intake.unknownType');

      // Act
      const retried = await post(citizenRequest(), withKey('order-0002'));

      // Assess
      expect(retried.statusCode).toBe(201);
    });

    it('concurrent requests with one key register once, and each answers the first answer', async () => {
      // Act
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => post(citizenRequest(), withKey('order-0003'))),
      );

      // Assess
      expect(responses.map((r) => r.statusCode)).toEqual(Array(5).fill(201));
      expect(new Set(responses.map((r) => bodyOf(r).id)).size).toBe(1);
      expect(ctx.tickets.kept.size).toBe(1);
    });

    it('tries again while a concurrent request is storing the same key, then answers its result', async () => {
      // Prepare: the first store meets another transaction on the key, which then stores its answer
      const first = await post(citizenRequest(), withKey('order-0004'));
      const [record] = stored();
      if (!record) throw new Error('no idempotency record');
      ctx.tickets.idempotency.delete(record.key);
      vi.mocked(ctx.tickets.create).mockImplementationOnce(async () => {
        ctx.tickets.idempotency.set(record.key, record);
        throw new IdempotencyKeyBusyError();
      });

      // Act
      const response = await post(citizenRequest(), withKey('order-0004'));

      // Assess
      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toEqual(bodyOf(first));
      expect(ctx.tickets.kept.size).toBe(1);
    });

    it('409 idempotency.keyBusy when the key stays held by a request that never answers', async () => {
      // Prepare
      vi.mocked(ctx.tickets.create).mockRejectedValue(new IdempotencyKeyBusyError());

      // Act
      const response = await post(citizenRequest(), withKey('order-0006'));

      // Assess
      expectProblem(response, 409, 'idempotency.keyBusy');
      expect(ctx.tickets.tallies.size).toBe(0);
    }, 10_000);

    it('500 that says nothing of the cause when the store fails, and nothing is counted', async () => {
      // Prepare
      vi.mocked(ctx.tickets.create).mockRejectedValueOnce(
        new Error('AccessDeniedException: dynamodb:TransactWriteItems on hotline-test'),
      );

      // Act
      const response = await post(citizenRequest(), withKey('order-0005'));

      // Assess
      expectOpaque500(response, 'AccessDenied', 'hotline-test');
      expect(ctx.tickets.tallies.size).toBe(0);
      expect(stored()).toEqual([]);
    });
  });

  describe('POST /v1/desk/tickets: the hotline desk registers by staff token', () => {
    it('an agent registers a call: the ticket names the agent, by phone unless another desk channel is given', async () => {
      // Act
      const call = await postDesk(citizenRequest());
      const letter = await postDesk(citizenRequest({ channel: 'letter', content: '来信反映路灯不亮' }));

      // Assess
      expect(call.statusCode).toBe(201);
      expect(letter.statusCode).toBe(201);
      const [first, second] = created();
      expect(first?.ticket).toMatchObject({ channel: 'phone' });
      expect(second?.ticket).toMatchObject({ channel: 'letter' });
      expect(first?.events[0]).toMatchObject({ by: { id: 'agent-centre', role: 'agent' } });
    });

    it('403 channel.notAllowed for an online channel, which posts through its own key', async () => {
      // Act
      const response = await postDesk(citizenRequest({ channel: 'web' }));

      // Assess
      expectProblem(response, 403, 'channel.notAllowed');
      expect(created()).toEqual([]);
    });

    it('403 role.notAllowed for a role that does not take requests (a unit clerk, a dispatcher)', async () => {
      // Act
      const clerk = await postDesk(citizenRequest(), 'unitClerk');
      const dispatcher = await postDesk(citizenRequest(), 'dispatcher');

      // Assess
      expect(clerk.statusCode).toBe(403);
      expectProblem(dispatcher, 403, 'role.notAllowed');
      expect(created()).toEqual([]);
    });

    it("an agent's Idempotency-Key is the agent's own: the same key from a channel is another request", async () => {
      // Prepare
      const first = await postDesk(citizenRequest(), 'agent', { 'Idempotency-Key': 'call-0001' });

      // Act
      const replay = await postDesk(citizenRequest(), 'agent', { 'Idempotency-Key': 'call-0001' });
      const channel = await post(citizenRequest(), { headers: { 'Idempotency-Key': 'call-0001' } });

      // Assess
      expect(bodyOf(replay)).toEqual(bodyOf(first));
      expect(bodyOf(channel).id).not.toBe(bodyOf(first).id);
      expect(ctx.tickets.kept.size).toBe(2);
    });
  });
});
