import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { VersionConflictError } from '../../../functions/app/errors.ts';
import type { MemoryContext } from '../../support/memory-ports.ts';
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
import { contextWithTicket, PHONE, type Stage, TICKET_ID, TICKET_NO } from './fixtures.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let commandsHandler: (ctx: MemoryContext) => Handler;
let handler: Handler;

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

let ctx: MemoryContext;

function seed(stage: Stage) {
  ({ ctx } = contextWithTicket(stage));
  handler = commandsHandler(ctx);
}

/** The ticket store was neither read nor written. */
const untouched = () => expect(ctx.tickets.calls).toEqual([]);
/** Nothing was written to the ticket store. */
const unwritten = () => expect(ctx.tickets.calls).not.toContain('append');

beforeAll(async () => {
  ({ commandsHandler } = await import('../../../functions/api/commands.ts'));
});

beforeEach(() => {
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
        personalData: 'hidden',
        ticket: {
          id: TICKET_ID,
          version: 2,
          status: 'dispatched',
          assignment: { leadUnit: 'district-housing', coUnits: [], level: 'county' },
        },
      });
      expect(body.ticket.clocks.handling.deadline).toEqual(expect.any(String));
    });

    it('stores the new state and the events it caused, on the condition of the If-Match version', async () => {
      // Prepare
      const append = vi.spyOn(ctx.tickets, 'append');

      // Act
      await dispatch({ body: { ...DISPATCH, coUnits: ['district-water'] } });

      // Assess
      expect(append).toHaveBeenCalledTimes(1);
      const [ticket, events, expectedVersion] = append.mock.calls[0] ?? [];
      expect(expectedVersion).toBe(1);
      expect(ticket).toMatchObject({ id: TICKET_ID, version: 3, status: 'dispatched' });
      expect(events?.map((e) => e.type)).toEqual(['TicketDispatched', 'SupervisionOpened']);
      expect(ctx.tickets.stored(TICKET_ID)?.ticket.version).toBe(3);
    });

    it('AH:34-35 answers from the state it wrote: no read back, no personal data read, no audit record', async () => {
      // Act
      const response = await dispatch();

      // Assess
      expect(response.statusCode).toBe(200);
      expect(ctx.tickets.calls).toEqual(['load', 'append']);
      expect(ctx.tickets.audit).toEqual([]);
      expect(bodyOf(response).ticket.requester).toEqual({ anonymous: false, confidential: false });
      expect(response.body).not.toContain(PHONE);
    });

    it('records the clocks the change ended with its events', async () => {
      // Prepare: signed for, with the contact clock running; the unit records its contact
      seed('inProgress');
      const contact = ctx.tickets.stored(TICKET_ID)?.ticket.clocks.contact?.id;
      const append = vi.spyOn(ctx.tickets, 'append');

      // Act
      const response = await command({
        action: 'recordContact',
        claims: leadClerk,
        ifMatch: `"${ctx.tickets.stored(TICKET_ID)?.ticket.version}"`,
        body: { method: 'phone' },
      });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(contact).toEqual(expect.any(String));
      expect(append.mock.calls[0]?.[3]).toEqual([contact]);
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
      untouched();
    });

    it('400 names If-Match when it is not an ETag of this API', async () => {
      for (const ifMatch of ['abc', '*', '"1", "2"', '"-1"']) {
        const problem = expectBadField(await dispatch({ ifMatch }), 'If-Match');
        expect(problem.detail).toBe('If-Match: expected the ETag of the ticket, e.g. "3"');
      }
      untouched();
    });

    it('400 names (body) when the body is not JSON', async () => {
      expectBadField(await dispatch({ body: '{"leadUnit":' }), '(body)');
      untouched();
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
      untouched();
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
      untouched();
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
      unwritten();
    });

    it('403 role.notAllowed before the version: an auditor with a stale If-Match learns nothing of it', async () => {
      // Act: the ticket is at version 1
      const response = await dispatch({ claims: staff('auditor'), ifMatch: '"0"' });

      // Assess
      const problem = expectProblem(response, 403, 'role.notAllowed');
      expect(problem.detail).toBe('a auditor may not dispatch');
      expect(response.body).not.toContain('version');
      unwritten();
    });

    it('a unit clerk of another unit gets 404 as on GET, not 403 telling that the ticket exists', async () => {
      // Prepare
      seed('dispatched');

      // Act
      const response = await command({
        action: 'sign',
        claims: staff('unitClerk', 'district-planning'),
        ifMatch: '"3"',
      });

      // Assess
      expect(expectProblem(response, 404, 'resource.notFound').detail).toBe(`no ticket ${TICKET_ID}`);
      unwritten();
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
      unwritten();
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
      unwritten();
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
      untouched();
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
      unwritten();
    });

    it('409 with the rule when the decider refuses: sign before dispatch', async () => {
      // Act
      const response = await command({ action: 'sign', claims: staff('admin'), ifMatch: '"1"' });

      // Assess
      const problem = expectProblem(response, 409, 'sign.wrongStatus');
      expect(problem.title).toBe('Conflict');
      unwritten();
    });

    it('400 naming coUnits, with the rule and its basis: co-units must differ from the lead unit (AH:14; PDS:10)', async () => {
      // Act
      const response = await dispatch({ body: { ...DISPATCH, coUnits: ['district-housing'] } });

      // Assess
      const problem = expectProblem(response, 400, 'dispatch.coUnitsInvalid');
      expect(problem.basis).toBe('AH:14; PDS:10');
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['coUnits']);
    });

    it('409 version.conflict when If-Match names a version the ticket is no longer at', async () => {
      // Act
      const response = await dispatch({ ifMatch: '"0"' });

      // Assess
      const problem = expectProblem(response, 409, 'version.conflict');
      expect(problem.detail).toBe(`ticket ${TICKET_ID} is no longer at version 0: read it again and retry`);
      unwritten();
    });

    it('409 version.conflict when another writer wins between read and write (cancelled transaction)', async () => {
      // Prepare: the store's version condition refuses the write
      vi.spyOn(ctx.tickets, 'append').mockRejectedValueOnce(new VersionConflictError(TICKET_ID, 1));

      // Act
      const response = await dispatch();

      // Assess
      expectProblem(response, 409, 'version.conflict');
      expect(ctx.tickets.calls).not.toContain('personalData');
    });

    it('409 version.conflict when two writers send the same version at once: one wins, the table keeps it', async () => {
      // Act
      const [first, second] = await Promise.all([
        dispatch(),
        dispatch({ body: { ...DISPATCH, leadUnit: 'district-planning' } }),
      ]);

      // Assess: both read version 1 and wrote; the store's version condition refused the second
      expect(ctx.tickets.calls.filter((c) => c === 'append')).toHaveLength(2);
      expect(first?.statusCode).toBe(200);
      expectProblem(second as APIGatewayProxyResult, 409, 'version.conflict');
      const stored = ctx.tickets.stored(TICKET_ID)?.ticket;
      expect(stored?.version).toBe(bodyOf(first as APIGatewayProxyResult).ticket.version);
      expect(stored?.assignment?.leadUnit).toBe('district-housing');
    });

    it('413 for a body over 64 KiB', async () => {
      const response = await dispatch({ body: { ...DISPATCH, note: 'x'.repeat(64 * 1024) } });
      expectProblem(response, 413, 'request.tooLarge');
      untouched();
    });

    it('415 for a body that is not application/json', async () => {
      const response = await dispatch({
        body: 'leadUnit=district-housing&level=county',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(response, 415, 'request.mediaType');
      untouched();
    });

    it('428 version.required without If-Match', async () => {
      // Act
      const response = await dispatch({ ifMatch: undefined });

      // Assess
      expect(expectProblem(response, 428, 'version.required').title).toBe('Precondition Required');
      untouched();
    });

    it('500 that says nothing of the cause when the store fails unexpectedly', async () => {
      // Prepare
      vi.spyOn(ctx.tickets, 'append').mockRejectedValueOnce(
        new Error('InternalServerError: partition TICKET#6f1c unavailable'),
      );

      // Act
      const response = await dispatch();

      // Assess
      expectOpaque500(response, 'InternalServerError', 'partition', 'TICKET#');
    });
  });
});
