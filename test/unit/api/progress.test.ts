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

/** The look-ups of a ticket number used up in the current hour. */
const slotsUsed = (ticketNo = TICKET_NO) => ctx.guesses.used.get(ctx.guesses.key(ticketNo, NOW)) ?? 0;
/** Wrong codes already counted against the ticket number this hour. */
const useSlots = (n: number, at = NOW) => ctx.guesses.used.set(ctx.guesses.key(TICKET_NO, at), n);

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

    it('takes a throttle slot before it reads the ticket by its number, and gives it back for the right code', async () => {
      // Act
      await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(ctx.guesses.calls).toEqual(['tryAcquire', 'release']);
      expect(ctx.tickets.calls[0]).toBe('findByTicketNo');
      expect(slotsUsed()).toBe(0);
    });

    it('the right code gives its slot back, so right look-ups never use up the hour', async () => {
      // Prepare: 9 of the 10 slots already used by wrong codes
      useSlots(9);

      // Act
      const right = [];
      for (let i = 0; i < 3; i++) right.push(await lookUp(TICKET_NO, { code: QUERY_CODE }));

      // Assess
      expect(right.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(ctx.guesses.calls).toEqual([
        'tryAcquire',
        'release',
        'tryAcquire',
        'release',
        'tryAcquire',
        'release',
      ]);
      expect(slotsUsed()).toBe(9);
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

    it('404 for a wrong code, which keeps the slot it took for the hour', async () => {
      // Act
      const response = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      const problem = expectProblem(response, 404, 'resource.notFound');
      expect(problem.detail).toBe('no ticket with this number and query code');
      expect(ctx.guesses.calls).toEqual(['tryAcquire']);
      expect(slotsUsed()).toBe(1);
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

    it('429 after 10 wrong codes in the hour, even with the right code, without reading the ticket', async () => {
      // Prepare
      useSlots(10);

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectProblem(response, 429, 'progress.throttled');
      expect(ctx.tickets.calls).toEqual([]);
      expect(ctx.guesses.calls).toEqual(['tryAcquire']);
      expect(slotsUsed()).toBe(10);
    });

    it('10 wrong codes are answered 404; the eleventh look-up is 429, right code or not', async () => {
      // Act
      const wrong = [];
      for (let i = 0; i < 10; i++) wrong.push(await lookUp(TICKET_NO, { code: `WRONG${i}` }));
      const right = await lookUp(TICKET_NO, { code: QUERY_CODE });
      const wrongAgain = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      expect(wrong.map((r) => r.statusCode)).toEqual(Array(10).fill(404));
      expectProblem(right, 429, 'progress.throttled');
      expectProblem(wrongAgain, 429, 'progress.throttled');
      expect(slotsUsed()).toBe(10);
    });

    it('concurrent wrong guesses cannot pass the limit: with 9 used, 20 at once get one 404 and 19 429', async () => {
      // Prepare
      useSlots(9);

      // Act
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => lookUp(TICKET_NO, { code: `GUESS${i}` })),
      );

      // Assess
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 404)).toHaveLength(1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(19);
      expect(ctx.tickets.calls.filter((c) => c === 'findByTicketNo')).toHaveLength(1);
      expect(slotsUsed()).toBe(10);
    });

    it('the throttle of the previous hour does not block', async () => {
      // Prepare
      useSlots(50, new Date(NOW.getTime() - 3_600_000));

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.statusCode).toBe(200);
    });

    it('500, not 429, when taking the slot fails for another reason than the condition', async () => {
      // Prepare
      vi.spyOn(ctx.guesses, 'tryAcquire').mockRejectedValueOnce(
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
