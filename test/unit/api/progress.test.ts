import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemoryContext } from '../../support/memory-ports.ts';
import { bodyOf, expectBadField, expectOpaque500, expectProblem, lambdaContext, request } from './events.ts';
import { contextWithTicket, NAME, PHONE, QUERY_CODE, TICKET_NO } from './fixtures.ts';
import { NOW } from './setup.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let progressHandler: (ctx: MemoryContext) => Handler;
let handler: Handler;

const lookUp = (ticketNo: string, query: Record<string, string> | undefined) =>
  handler(
    request({
      method: 'GET',
      resource: '/v1/progress/{ticketNo}',
      pathParameters: { ticketNo },
      ...(query ? { query } : {}),
    }),
    lambdaContext('progress'),
  );

let ctx: MemoryContext;

/** The client of the test requests (their source address). */
const CLIENT = 'client#203.0.113.7';
/** Wrong codes counted against a ticket number in the current hour. */
const slotsUsed = (ticketNo = TICKET_NO) => ctx.guesses.used.get(ctx.guesses.key(ticketNo, NOW)) ?? 0;
/** Wrong codes already counted against the ticket number this hour. */
const useSlots = (n: number, at = NOW) => ctx.guesses.used.set(ctx.guesses.key(TICKET_NO, at), n);
/** Look-ups of the client in flight or wrong in the current hour. */
const clientSlotsUsed = () => ctx.clientGuesses.used.get(ctx.clientGuesses.key(CLIENT, NOW)) ?? 0;
const useClientSlots = (n: number, at = NOW) =>
  ctx.clientGuesses.used.set(ctx.clientGuesses.key(CLIENT, at), n);

beforeAll(async () => {
  ({ progressHandler } = await import('../../../functions/api/progress.ts'));
});

beforeEach(() => {
  ({ ctx } = contextWithTicket('inProgress'));
  handler = progressHandler(ctx);
});

describe('Handler: progress', () => {
  describe('GET /v1/progress/{ticketNo}?code=… (AH:19)', () => {
    it('answers 200 with status, deadline and the public steps, never cached', async () => {
      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      const body = bodyOf(response);
      expect(body).toMatchObject({
        ticketNo: TICKET_NO,
        status: 'inProgress',
        type: 'complaint',
        receivedAt: '2026-11-02T10:00:00+08:00',
        deadline: { at: expect.any(String), provisional: expect.any(Boolean) },
      });
      expect(body.steps.map((s: { step: string }) => s.step)).toEqual(['received', 'dispatched', 'accepted']);
      expect(body.steps[1]).toEqual({
        step: 'dispatched',
        at: expect.any(String),
        deadline: body.deadline.at,
      });
    });

    it('tells the requester nothing about people: no name, phone, units or staff', async () => {
      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.body).not.toContain(PHONE);
      expect(response.body).not.toContain(NAME);
      expect(response.body).not.toContain('district-housing');
      expect(response.body).not.toContain('dispatcher-1');
      expect(Object.keys(bodyOf(response)).sort()).toEqual(
        ['deadline', 'receivedAt', 'status', 'steps', 'ticketNo', 'type'].sort(),
      );
    });

    it("takes a slot of the client's before it reads the ticket by its number, and gives it back for the right code", async () => {
      // Act
      await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(ctx.clientGuesses.calls).toEqual(['tryAcquire', 'release']);
      expect(ctx.guesses.calls).toEqual([]);
      expect(ctx.tickets.calls[0]).toBe('findByTicketNo');
      expect(clientSlotsUsed()).toBe(0);
    });

    it('the right code gives its slot back, so right look-ups never use up the hour', async () => {
      // Prepare: 49 of the client's 50 slots already used by wrong codes
      useClientSlots(49);

      // Act
      const right = [];
      for (let i = 0; i < 3; i++) right.push(await lookUp(TICKET_NO, { code: QUERY_CODE }));

      // Assess
      expect(right.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(clientSlotsUsed()).toBe(49);
    });

    it('accepts the query code in lower case', async () => {
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE.toLowerCase() });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('refusals', () => {
    it('400 names ticketNo when it is not 14 digits', async () => {
      // Act
      const response = await lookUp('2026110200000', { code: QUERY_CODE });

      // Assess
      const problem = expectBadField(response, 'ticketNo');
      expect(problem.detail).toBe('ticketNo: a ticket number is 14 digits');
      expect([...ctx.guesses.calls, ...ctx.tickets.calls]).toEqual([]);
    });

    it('400 names code when there is no query string', async () => {
      // Act
      const response = await lookUp(TICKET_NO, undefined);

      // Assess
      expectBadField(response, 'code');
      expect([...ctx.guesses.calls, ...ctx.tickets.calls]).toEqual([]);
    });

    it('400 names code when it is blank or too long', async () => {
      expectBadField(await lookUp(TICKET_NO, { code: '   ' }), 'code');
      expectBadField(await lookUp(TICKET_NO, { code: 'X'.repeat(33) }), 'code');
    });

    it('404 for a wrong code, which keeps the slots it took for the hour, of the client and of the number', async () => {
      // Act
      const response = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      const problem = expectProblem(response, 404, 'resource.notFound');
      expect(problem.detail).toBe('no ticket with this number and query code');
      expect(ctx.guesses.calls).toEqual(['tryAcquire']);
      expect([slotsUsed(), clientSlotsUsed()]).toEqual([1, 1]);
    });

    it('404 for an unknown number is the same answer as for a wrong code, and is counted too', async () => {
      // Act
      const unknown = await lookUp('20261102999999', { code: QUERY_CODE });
      const wrong = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toBe(wrong.body);
      expect(ctx.tickets.calls.filter((c) => c === 'load')).toHaveLength(1);
      expect(slotsUsed('20261102999999')).toBe(1);
    });

    it('a code of another length is wrong, not an error', async () => {
      const response = await lookUp(TICKET_NO, { code: `${QUERY_CODE}X` });
      expectProblem(response, 404, 'resource.notFound');
    });

    it('the right code always answers: 10 wrong codes for the number do not lock its owner out', async () => {
      // Act
      const wrong = [];
      for (let i = 0; i < 10; i++) wrong.push(await lookUp(TICKET_NO, { code: `WRONG${i}` }));
      const right = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(wrong.map((r) => r.statusCode)).toEqual(Array(10).fill(404));
      expect(right.statusCode).toBe(200);
    });

    it('wrong codes past 10 for one number in the hour are slowed: 429 with Retry-After to the end of the hour', async () => {
      // Prepare
      useSlots(10);

      // Act
      const wrong = await lookUp(TICKET_NO, { code: 'WRONG123' });
      const right = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectProblem(wrong, 429, 'progress.throttled');
      expect(wrong.headers?.['retry-after']).toBe(String(3600 - ((NOW.getTime() / 1000) % 3600)));
      expect(right.statusCode).toBe(200);
      expect(slotsUsed()).toBe(10);
    });

    it('a client past 50 wrong codes in the hour gets 429 with Retry-After before any code is compared', async () => {
      // Prepare
      useClientSlots(50);

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectProblem(response, 429, 'progress.throttled');
      expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
      expect(ctx.tickets.calls).toEqual([]);
    });

    it('concurrent wrong guesses of one client cannot pass its limit: with 49 used, 20 at once get one 404', async () => {
      // Prepare
      useClientSlots(49);

      // Act
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => lookUp(TICKET_NO, { code: `GUESS${i}` })),
      );

      // Assess
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 404)).toHaveLength(1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(19);
      expect(clientSlotsUsed()).toBe(50);
    });

    it('the throttle of the previous hour does not block', async () => {
      // Prepare
      useClientSlots(500, new Date(NOW.getTime() - 3_600_000));
      useSlots(50, new Date(NOW.getTime() - 3_600_000));

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.statusCode).toBe(200);
    });

    it('500, not 429, when taking the slot fails for another reason than the condition', async () => {
      // Prepare
      vi.spyOn(ctx.clientGuesses, 'tryAcquire').mockRejectedValueOnce(
        new Error('ProvisionedThroughputExceededException: THROTTLE#20261102000007'),
      );

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectOpaque500(response, 'ProvisionedThroughput', 'THROTTLE#');
      expect(ctx.tickets.calls).toEqual([]);
    });

    it('500 that says nothing of the cause when the store fails unexpectedly', async () => {
      // Prepare
      vi.spyOn(ctx.tickets, 'findByTicketNo').mockRejectedValueOnce(
        new Error('ValidationException: index ticketNo on hotline-test'),
      );

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectOpaque500(response, 'ValidationException', 'ticketNo on', 'hotline-test');
    });
  });
});
