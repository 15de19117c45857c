import { inflateRawSync } from 'node:zlib';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeState } from '../../../functions/adapters/state-codec.ts';
import {
  bodyOf,
  expectBadField,
  expectOpaque500,
  expectProblem,
  lambdaContext,
  request,
  type StaffClaims,
  staff,
} from './events.ts';
import {
  type FakeTable,
  NAME,
  PHONE,
  type Stage,
  TICKET_ID,
  TICKET_NO,
  tableWithTicket,
  transactionCanceled,
} from './fixtures.ts';
import { ddb, lowLevel } from './setup.ts';

let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const UNKNOWN_ID = '11111111-2222-4333-8444-555555555555';
const dispatcher = staff('dispatcher');
const leadClerk = staff('unitClerk', 'district-housing');
const DISPATCH = { leadUnit: 'district-housing', coUnits: [], level: 'county' };

interface Command {
  action: string;
  id?: string;
  claims?: StaffClaims;
  ifMatch?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const command = (c: Command) =>
  handler(
    request({
      method: 'POST',
      resource: '/v1/tickets/{id}/{action}',
      pathParameters: { id: c.id ?? TICKET_ID, action: c.action },
      ...(c.claims ? { claims: c.claims } : {}),
      headers: { ...(c.ifMatch === undefined ? {} : { 'If-Match': c.ifMatch }), ...c.headers },
      body: c.body,
    }),
    lambdaContext('commands'),
  );

/** A dispatcher dispatches the received ticket (version 1) to district-housing. */
const dispatch = (overrides: Partial<Command> = {}) =>
  command({ action: 'dispatch', claims: dispatcher, ifMatch: '"1"', body: DISPATCH, ...overrides });

function transaction(): NonNullable<TransactWriteCommandInput['TransactItems']> {
  const calls = ddb.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]?.args[0].input.TransactItems ?? [];
}

let table: FakeTable;

function seed(stage: Stage) {
  ddb.reset();
  ({ table } = tableWithTicket(stage));
  table.install();
}

beforeAll(async () => {
  ({ handler } = await import('../../../functions/api/commands.ts'));
});

beforeEach(() => {
  lowLevel.reset();
  seed('received');
});

describe('Handler: commands', () => {
  describe('POST /v1/tickets/{id}/{action}', () => {
    it('answers 200 with the changed ticket, its new ETag and the events the command caused', async () => {
      // Act
      const response = await dispatch();

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers).toEqual({ 'content-type': 'application/json', etag: '"2"' });
      const body = bodyOf(response);
      expect(body).toMatchObject({
        events: ['TicketDispatched'],
        ticketNo: TICKET_NO,
        personalData: 'full',
        ticket: {
          id: TICKET_ID,
          version: 2,
          status: 'dispatched',
          assignment: { leadUnit: 'district-housing', coUnits: [], level: 'county' },
        },
      });
      expect(body.ticket.clocks.handling.deadline).toEqual(expect.any(String));
    });

    it('writes the state on the condition of the If-Match version, with the event items, in one transaction', async () => {
      // Act
      await dispatch({ body: { ...DISPATCH, coUnits: ['district-water'] } });

      // Assess
      const [state, ...events] = transaction();
      expect(state?.Update).toMatchObject({
        TableName: 'hotline-test',
        Key: { pk: `TICKET#${TICKET_ID}`, sk: 'STATE' },
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: expect.objectContaining({ '#version': 'version', '#state': 'state' }),
        ExpressionAttributeValues: expect.objectContaining({
          ':expected': 1,
          ':version': 3,
          ':status': 'dispatched',
          ':gsi1pk': 'UNIT#district-housing',
        }),
      });
      expect(state?.Update?.UpdateExpression).toMatch(/^SET .*#version = :version/);
      expect(events.map((w) => w.Put)).toEqual([
        expect.objectContaining({
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: expect.objectContaining({
            pk: `TICKET#${TICKET_ID}`,
            sk: 'EVENT#000002',
            entity: 'event',
            type: 'TicketDispatched',
            seq: 2,
            ticketId: TICKET_ID,
          }),
        }),
        expect.objectContaining({
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: expect.objectContaining({ sk: 'EVENT#000003', type: 'SupervisionOpened', seq: 3 }),
        }),
      ]);
      const written = decodeState(state?.Update?.ExpressionAttributeValues?.[':state'] as Uint8Array);
      expect(written).toMatchObject({ id: TICKET_ID, version: 3, status: 'dispatched' });
      expect(written.requester).toEqual({ anonymous: false, confidential: false });
    });

    it('AH:34 the state it stores holds no phone number or name even after inflating', async () => {
      // Act
      const response = await dispatch();

      // Assess
      expect(bodyOf(response).ticket.requester.phone).toBe(PHONE);
      const stored = table.get(`TICKET#${TICKET_ID}`, 'STATE');
      expect(stored?.version).toBe(2);
      expect(stored?.state).toBeInstanceOf(Uint8Array);
      const inflated = inflateRawSync(stored?.state as Uint8Array).toString('utf8');
      expect(JSON.parse(inflated)).toMatchObject({ version: 2, status: 'dispatched' });
      const { state: _state, ...otherAttributes } = stored ?? {};
      for (const secret of [PHONE, NAME]) {
        expect(inflated).not.toContain(secret);
        expect(JSON.stringify(otherAttributes)).not.toContain(secret);
      }
    });

    it('keeps the inbox summary on the state item while the ticket is assigned', async () => {
      // Act
      await dispatch();

      // Assess
      const stored = table.get(`TICKET#${TICKET_ID}`, 'STATE');
      expect(stored?.gsi1sk).toBe(`dispatched#2026-11-16T23:59:59+08:00#${TICKET_ID}`);
      expect(JSON.parse(String(stored?.summary))).toEqual({
        id: TICKET_ID,
        status: 'dispatched',
        type: 'complaint',
        category: 'housing',
        deadline: '2026-11-16T23:59:59+08:00',
        overdue: false,
      });
    });

    it('keys the due-timers index by the next timer, in UTC', async () => {
      // Act: dispatched on Monday 10:00; the contact clock ends on Tuesday 23:59:59, so the first
      // timer is "contact missed" at Wednesday 00:00 in Shanghai, still Tuesday in UTC
      await dispatch();

      // Assess
      const [state] = transaction();
      expect(state?.Update?.ExpressionAttributeValues).toMatchObject({
        ':gsi5pk': 'DUE#2026-11-03',
        ':gsi5sk': `2026-11-03T16:00:00.000Z#${TICKET_ID}#contact-v2:contactMissed`,
      });
      expect(table.get(`TICKET#${TICKET_ID}`, 'STATE')).toMatchObject({
        gsi5pk: 'DUE#2026-11-03',
        gsi5sk: `2026-11-03T16:00:00.000Z#${TICKET_ID}#contact-v2:contactMissed`,
      });
    });

    it('a command without fields needs no body: the lead unit signs', async () => {
      // Prepare
      seed('dispatched');

      // Act
      const response = await command({ action: 'sign', claims: leadClerk, ifMatch: '"3"' });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers?.etag).toBe('"4"');
      expect(bodyOf(response)).toMatchObject({ events: ['TicketSigned'], ticket: { status: 'inProgress' } });
    });

    it('accepts a weak ETag and one without quotes in If-Match', async () => {
      expect((await dispatch({ ifMatch: 'W/"1"' })).statusCode).toBe(200);
      seed('received');
      expect((await dispatch({ ifMatch: '1' })).statusCode).toBe(200);
    });
  });

  describe('refusals', () => {
    it('400 names id when it is not a UUID', async () => {
      // Act
      const response = await dispatch({ id: 'T-1' });

      // Assess
      expectBadField(response, 'id');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('400 names If-Match when it is not an ETag of this API', async () => {
      for (const ifMatch of ['abc', '*', '"1", "2"', '"-1"']) {
        const problem = expectBadField(await dispatch({ ifMatch }), 'If-Match');
        expect(problem.detail).toBe('If-Match: expected the ETag of the ticket, e.g. "3"');
      }
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('400 names (body) when the body is not JSON', async () => {
      expectBadField(await dispatch({ body: '{"leadUnit":' }), '(body)');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('400 names each field of the command that breaks its schema', async () => {
      // Act
      const response = await dispatch({ body: { coUnits: 'district-water', level: 'galaxy' } });

      // Assess
      const problem = expectProblem(response, 400, 'request.invalid');
      expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'coUnits',
        'leadUnit',
        'level',
      ]);
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('400 when the body is JSON but not an object', async () => {
      expectBadField(await dispatch({ body: '["dispatch"]' }), '(body)');
    });

    it('the action comes from the path: an "action" in the body does not change it', async () => {
      // Act
      const response = await dispatch({ body: { ...DISPATCH, action: 'archive' } });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).events).toEqual(['TicketDispatched']);
    });

    it('401 without staff claims', async () => {
      // Act
      const response = await dispatch({ claims: undefined });

      // Assess
      expectProblem(response, 401, 'auth.required');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('403 role.unknown when the token carries no known role', async () => {
      expectProblem(
        await dispatch({ claims: { sub: 'x', 'custom:role': 'superuser' } }),
        403,
        'role.unknown',
      );
    });

    it('403 role.notAllowed when the role may not give the command', async () => {
      // Act
      const response = await dispatch({ claims: staff('agent') });

      // Assess
      const problem = expectProblem(response, 403, 'role.notAllowed');
      expect(problem.detail).toBe('a agent may not dispatch');
      expect(problem).not.toHaveProperty('basis');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('403 role.notAllowed before the version: an auditor with a stale If-Match learns nothing of it', async () => {
      // Act: the ticket is at version 1
      const response = await dispatch({ claims: staff('auditor'), ifMatch: '"0"' });

      // Assess
      const problem = expectProblem(response, 403, 'role.notAllowed');
      expect(problem.detail).toBe('a auditor may not dispatch');
      expect(response.body).not.toContain('version');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('403 unit.outOfScope when the ticket is not led by the unit or a unit under it', async () => {
      // Prepare
      seed('dispatched');

      // Act
      const response = await command({
        action: 'sign',
        claims: staff('unitClerk', 'district-planning'),
        ifMatch: '"3"',
      });

      // Assess
      expectProblem(response, 403, 'unit.outOfScope');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('403 unit.coUnitReadOnly with its basis when a co-unit tries to act (AH:14; PDS:12)', async () => {
      // Prepare: dispatched to district-housing with district-water as co-unit
      await dispatch({ body: { ...DISPATCH, coUnits: ['district-water'] } });

      // Act
      const response = await command({
        action: 'sign',
        claims: staff('unitClerk', 'district-water'),
        ifMatch: '"3"',
      });

      // Assess
      const problem = expectProblem(response, 403, 'unit.coUnitReadOnly');
      expect(problem.detail).toBe(
        'unit district-water is a co-unit of this ticket: the lead unit acts, co-units only read',
      );
      expect(problem.basis).toBe('AH:14; PDS:12');
    });

    it('403, not 409, for a co-unit whose If-Match is stale too', async () => {
      // Prepare: dispatched (version 3) with district-water as co-unit
      seed('dispatched');

      // Act
      const response = await command({
        action: 'sign',
        claims: staff('unitClerk', 'district-water'),
        ifMatch: '"1"',
      });

      // Assess
      expect(expectProblem(response, 403, 'unit.coUnitReadOnly').basis).toBe('AH:14; PDS:12');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('403 unit.targetOutOfScope when a unit hands the ticket to a unit not under it (CZ:一(二)3)', async () => {
      // Prepare
      seed('inProgress');

      // Act
      const response = await command({
        action: 'redispatch',
        claims: leadClerk,
        ifMatch: '"4"',
        body: { toUnit: 'district-water', level: 'county', reason: '不属本单位职责' },
      });

      // Assess
      expect(expectProblem(response, 403, 'unit.targetOutOfScope').basis).toBe('CZ:一(二)3; PDS:5');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('a unit hands the ticket down to a unit under it', async () => {
      // Prepare
      seed('inProgress');

      // Act
      const response = await command({
        action: 'redispatch',
        claims: leadClerk,
        ifMatch: '"4"',
        body: { toUnit: 'street-a', level: 'township', reason: '属地办理' },
      });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).ticket.assignment.leadUnit).toBe('street-a');
    });

    it('404 for an unknown action, naming the commands there are', async () => {
      // Act
      const response = await command({ action: 'fly', claims: dispatcher, ifMatch: '"1"' });

      // Assess
      const problem = expectProblem(response, 404, 'resource.notFound');
      expect(problem.detail).toMatch(/^no command "fly"; commands: verify, refuse, answerOnSpot, dispatch,/);
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('404 for register: tickets are registered by channels through intake', async () => {
      const response = await command({
        action: 'register',
        claims: staff('admin'),
        ifMatch: '"1"',
        body: {},
      });
      expectProblem(response, 404, 'resource.notFound');
    });

    it('404 for an unknown ticket', async () => {
      // Act
      const response = await dispatch({ id: UNKNOWN_ID });

      // Assess
      expect(expectProblem(response, 404, 'resource.notFound').detail).toBe(`no ticket ${UNKNOWN_ID}`);
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('409 with the rule when the decider refuses: sign before dispatch', async () => {
      // Act
      const response = await command({ action: 'sign', claims: staff('admin'), ifMatch: '"1"' });

      // Assess
      const problem = expectProblem(response, 409, 'sign.wrongStatus');
      expect(problem.title).toBe('Conflict');
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('409 with the rule and its basis: co-units must differ from the lead unit (AH:14; PDS:10)', async () => {
      // Act
      const response = await dispatch({ body: { ...DISPATCH, coUnits: ['district-housing'] } });

      // Assess
      expect(expectProblem(response, 409, 'dispatch.coUnitsInvalid').basis).toBe('AH:14; PDS:10');
    });

    it('409 version.conflict when If-Match names a version the ticket is no longer at', async () => {
      // Act
      const response = await dispatch({ ifMatch: '"0"' });

      // Assess
      const problem = expectProblem(response, 409, 'version.conflict');
      expect(problem.detail).toBe(`ticket ${TICKET_ID} is no longer at version 0: read it again and retry`);
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it('409 version.conflict when another writer wins between read and write (cancelled transaction)', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).rejects(transactionCanceled(['ConditionalCheckFailed', 'None']));

      // Act
      const response = await dispatch();

      // Assess
      expectProblem(response, 409, 'version.conflict');
      expect(ddb).not.toHaveReceivedCommandWith(GetCommand, {
        Key: { pk: `TICKET#${TICKET_ID}`, sk: 'PII' },
      });
    });

    it('409 version.conflict when two writers send the same version at once: one wins, the table keeps it', async () => {
      // Act
      const [first, second] = await Promise.all([
        dispatch(),
        dispatch({ body: { ...DISPATCH, leadUnit: 'district-planning' } }),
      ]);

      // Assess: both read version 1 and wrote; the table's version condition refused the second
      expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
      expect(first?.statusCode).toBe(200);
      expectProblem(second as APIGatewayProxyResult, 409, 'version.conflict');
      const state = table.get(`TICKET#${TICKET_ID}`, 'STATE');
      expect(state?.version).toBe(bodyOf(first as APIGatewayProxyResult).ticket.version);
      expect(state?.gsi1pk).toBe('UNIT#district-housing');
    });

    it('409 version.conflict when another transaction on the ticket is under way (TransactionConflict)', async () => {
      // Prepare
      ddb.on(TransactWriteCommand).rejects(transactionCanceled(['TransactionConflict', 'None']));

      // Act
      const response = await dispatch();

      // Assess
      const problem = expectProblem(response, 409, 'version.conflict');
      expect(problem.detail).toBe(`ticket ${TICKET_ID} is no longer at version 1: read it again and retry`);
      expect(response.body).not.toContain('TransactionConflict');
    });

    it('413 for a body over 64 KiB', async () => {
      const response = await dispatch({ body: { ...DISPATCH, note: 'x'.repeat(64 * 1024) } });
      expectProblem(response, 413, 'request.tooLarge');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('415 for a body that is not application/json', async () => {
      const response = await dispatch({
        body: 'leadUnit=district-housing&level=county',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(response, 415, 'request.mediaType');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('428 version.required without If-Match', async () => {
      // Act
      const response = await dispatch({ ifMatch: undefined });

      // Assess
      expect(expectProblem(response, 428, 'version.required').title).toBe('Precondition Required');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('500 that says nothing of the cause for a transaction cancelled for another reason', async () => {
      for (const reason of ['ThrottlingError', 'ProvisionedThroughputExceeded', 'ValidationError']) {
        // Prepare
        ddb.on(TransactWriteCommand).rejects(transactionCanceled([reason, 'None']));

        // Act
        const response = await dispatch();

        // Assess
        expectOpaque500(response, reason, 'cancel');
      }
    });

    it('500 that says nothing of the cause when DynamoDB fails unexpectedly', async () => {
      // Prepare
      ddb
        .on(TransactWriteCommand)
        .rejects(new Error('InternalServerError: partition TICKET#6f1c unavailable'));

      // Act
      const response = await dispatch();

      // Assess
      expectOpaque500(response, 'InternalServerError', 'partition', 'TICKET#');
    });
  });
});
