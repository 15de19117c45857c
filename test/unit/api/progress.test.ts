import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyOf, expectBadField, expectOpaque500, expectProblem, lambdaContext, request } from './events.ts';
import { type FakeTable, NAME, PHONE, QUERY_CODE, TICKET_NO, tableWithTicket } from './fixtures.ts';
import { ddb, lowLevel, NOW } from './setup.ts';

let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

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

const THROTTLE_KEY = { pk: `THROTTLE#${TICKET_NO}`, sk: String(Math.floor(NOW.getTime() / 3_600_000)) };

let table: FakeTable;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/api/progress.ts'));
});

beforeEach(() => {
  ddb.reset();
  lowLevel.reset();
  ({ table } = tableWithTicket('inProgress'));
  table.install();
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

    it('reads the ticket through the ticket-number index and checks the throttle first', async () => {
      // Act
      await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      const first = ddb.call(0).args[0];
      expect(first).toBeInstanceOf(GetCommand);
      expect(first.input).toMatchObject({ Key: THROTTLE_KEY });
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'ticketNo',
        ExpressionAttributeValues: { ':pk': `TNO#${TICKET_NO}` },
      });
      expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
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
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('400 names code when there is no query string', async () => {
      // Act
      const response = await lookUp(TICKET_NO, undefined);

      // Assess
      expectBadField(response, 'code');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('400 names code when it is blank or too long', async () => {
      expectBadField(await lookUp(TICKET_NO, { code: '   ' }), 'code');
      expectBadField(await lookUp(TICKET_NO, { code: 'X'.repeat(33) }), 'code');
    });

    it('404 for a wrong code, and the wrong guess is counted for the hour', async () => {
      // Act
      const response = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      const problem = expectProblem(response, 404, 'resource.notFound');
      expect(problem.detail).toBe('no ticket with this number and query code');
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        Key: THROTTLE_KEY,
        UpdateExpression: 'ADD n :one SET expiration = :exp',
        ExpressionAttributeValues: { ':one': 1, ':exp': Math.floor(NOW.getTime() / 1000) + 7200 },
      });
      expect(table.get(THROTTLE_KEY.pk, THROTTLE_KEY.sk)?.n).toBe(1);
    });

    it('404 for an unknown number is the same answer as for a wrong code, and is counted too', async () => {
      // Act
      const unknown = await lookUp('20261102999999', { code: QUERY_CODE });
      const wrong = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toBe(wrong.body);
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        Key: { pk: 'THROTTLE#20261102999999', sk: THROTTLE_KEY.sk },
      });
    });

    it('a code of another length is wrong, not an error', async () => {
      const response = await lookUp(TICKET_NO, { code: `${QUERY_CODE}X` });
      expectProblem(response, 404, 'resource.notFound');
    });

    it('429 after 10 wrong codes in the hour, even with the right code, without reading the ticket', async () => {
      // Prepare
      table.put({ ...THROTTLE_KEY, n: 10, expiration: 0 });

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectProblem(response, 429, 'progress.throttled');
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
      expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    });

    it('the tenth wrong code is still answered 404; the eleventh look-up is 429', async () => {
      // Prepare
      table.put({ ...THROTTLE_KEY, n: 9 });

      // Act
      const tenth = await lookUp(TICKET_NO, { code: 'WRONG123' });
      const eleventh = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(tenth.statusCode).toBe(404);
      expectProblem(eleventh, 429, 'progress.throttled');
    });

    it('the throttle of the previous hour does not block', async () => {
      // Prepare
      table.put({ pk: THROTTLE_KEY.pk, sk: String(Number(THROTTLE_KEY.sk) - 1), n: 50 });

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.statusCode).toBe(200);
    });

    it('500 that says nothing of the cause when DynamoDB fails unexpectedly', async () => {
      // Prepare
      ddb.on(QueryCommand).rejects(new Error('ValidationException: index ticketNo on hotline-test'));

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectOpaque500(response, 'ValidationException', 'ticketNo on', 'hotline-test');
    });
  });
});
