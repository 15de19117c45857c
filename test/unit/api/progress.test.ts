import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyOf, expectBadField, expectOpaque500, expectProblem, lambdaContext, request } from './events.ts';
import {
  conditionalCheckFailed,
  type FakeTable,
  NAME,
  PHONE,
  QUERY_CODE,
  TICKET_ID,
  TICKET_NO,
  tableWithTicket,
} from './fixtures.ts';
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
/** The look-ups of this ticket number used up in the current hour. */
const slotsUsed = () => table.get(THROTTLE_KEY.pk, THROTTLE_KEY.sk)?.n;
const TAKE_SLOT = {
  TableName: 'hotline-test',
  Key: THROTTLE_KEY,
  UpdateExpression: 'ADD n :one SET expiration = :exp',
  ConditionExpression: 'attribute_not_exists(n) OR n < :max',
  ExpressionAttributeValues: { ':one': 1, ':max': 10, ':exp': Math.floor(NOW.getTime() / 1000) + 7200 },
};
const GIVE_BACK = {
  TableName: 'hotline-test',
  Key: THROTTLE_KEY,
  UpdateExpression: 'ADD n :minusOne',
  ConditionExpression: 'n > :zero',
  ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
};

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

    it('takes a throttle slot with one conditional update before it reads the ticket by its number', async () => {
      // Act
      await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      const [first, second] = ddb.calls().map((call) => call.args[0]);
      expect(first).toBeInstanceOf(UpdateCommand);
      expect(first?.input).toEqual(TAKE_SLOT);
      expect(second).toBeInstanceOf(QueryCommand);
      expect(second?.input).toMatchObject({
        IndexName: 'ticketNo',
        ExpressionAttributeValues: { ':pk': `TNO#${TICKET_NO}` },
      });
      expect(ddb).not.toHaveReceivedCommandWith(GetCommand, { Key: THROTTLE_KEY });
    });

    it('finds the ticket with one Query of the ticket number index and one GetItem of its state', async () => {
      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.statusCode).toBe(200);
      const indexQueries = ddb.commandCalls(QueryCommand).filter((c) => c.args[0].input.IndexName);
      expect(indexQueries.map((c) => c.args[0].input)).toEqual([
        expect.objectContaining({
          IndexName: 'ticketNo',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': `TNO#${TICKET_NO}` },
        }),
      ]);
      expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([
        expect.objectContaining({ Key: { pk: `TICKET#${TICKET_ID}`, sk: 'STATE' } }),
      ]);
    });

    it('the right code gives its slot back, so right look-ups never use up the hour', async () => {
      // Prepare: 9 of the 10 slots already used by wrong codes
      table.put({ ...THROTTLE_KEY, n: 9 });

      // Act
      const right = [];
      for (let i = 0; i < 3; i++) right.push(await lookUp(TICKET_NO, { code: QUERY_CODE }));

      // Assess
      expect(right.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 6);
      expect(ddb).toHaveReceivedNthCommandWith(UpdateCommand, 2, GIVE_BACK);
      expect(slotsUsed()).toBe(9);
    });

    it('a slot already given back does not fail the look-up', async () => {
      // Prepare: the give-back finds no slot to return (DynamoDB refuses "n > :zero")
      ddb
        .on(UpdateCommand, { UpdateExpression: GIVE_BACK.UpdateExpression })
        .rejects(conditionalCheckFailed());

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, GIVE_BACK);
      expect(slotsUsed()).toBe(1);
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

    it('404 for a wrong code, which keeps the slot it took for the hour', async () => {
      // Act
      const response = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      const problem = expectProblem(response, 404, 'resource.notFound');
      expect(problem.detail).toBe('no ticket with this number and query code');
      expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, TAKE_SLOT);
      expect(slotsUsed()).toBe(1);
      expect(table.get(THROTTLE_KEY.pk, THROTTLE_KEY.sk)?.expiration).toBe(
        TAKE_SLOT.ExpressionAttributeValues[':exp'],
      );
    });

    it('404 for an unknown number is the same answer as for a wrong code, and is counted too', async () => {
      // Act
      const unknown = await lookUp('20261102999999', { code: QUERY_CODE });
      const wrong = await lookUp(TICKET_NO, { code: 'WRONG123' });

      // Assess
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toBe(wrong.body);
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
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
      expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
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
      table.put({ ...THROTTLE_KEY, n: 9 });

      // Act
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => lookUp(TICKET_NO, { code: `GUESS${i}` })),
      );

      // Assess
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 404)).toHaveLength(1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(19);
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
      expect(slotsUsed()).toBe(10);
    });

    it('the throttle of the previous hour does not block', async () => {
      // Prepare
      table.put({ pk: THROTTLE_KEY.pk, sk: String(Number(THROTTLE_KEY.sk) - 1), n: 50 });

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expect(response.statusCode).toBe(200);
    });

    it('500, not 429, when taking the slot fails for another reason than the condition', async () => {
      // Prepare
      ddb
        .on(UpdateCommand)
        .rejects(new Error('ProvisionedThroughputExceededException: THROTTLE#20261102000007'));

      // Act
      const response = await lookUp(TICKET_NO, { code: QUERY_CODE });

      // Assess
      expectOpaque500(response, 'ProvisionedThroughput', 'THROTTLE#');
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
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
