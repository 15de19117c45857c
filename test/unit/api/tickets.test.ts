import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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
import {
  contextWithTicket,
  NAME,
  PHONE,
  type Stage,
  storeTicket,
  TICKET_ID,
  TICKET_NO,
  ticketAt,
} from './fixtures.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let ticketsHandler: (ctx: MemoryContext) => Handler;
let handler: Handler;

const OTHER_ID = '0b5e7c1d-2f3a-4b6c-9d8e-7f6a5b4c3d2e';
const UNKNOWN_ID = '11111111-2222-4333-8444-555555555555';

const agent = staff('agent');
const dispatcher = staff('dispatcher');
const supervisor = staff('supervisor');
const leadClerk = staff('unitClerk', 'district-housing');

const readTicket = (id: string, claims: StaffClaims | undefined) =>
  handler(
    request({
      method: 'GET',
      resource: '/v1/tickets/{id}',
      pathParameters: { id },
      ...(claims ? { claims } : {}),
    }),
    lambdaContext('tickets'),
  );

const readEvents = (id: string, claims: StaffClaims, query?: Record<string, string>) =>
  handler(
    request({
      method: 'GET',
      resource: '/v1/tickets/{id}/events',
      pathParameters: { id },
      claims,
      ...(query ? { query } : {}),
    }),
    lambdaContext('tickets'),
  );

const readReads = (id: string, claims: StaffClaims, query?: Record<string, string>) =>
  handler(
    request({
      method: 'GET',
      resource: '/v1/tickets/{id}/reads',
      pathParameters: { id },
      claims,
      ...(query ? { query } : {}),
    }),
    lambdaContext('tickets'),
  );

const inbox = (claims: StaffClaims | undefined, query?: Record<string, string>) =>
  handler(
    request({
      method: 'GET',
      resource: '/v1/tickets',
      ...(claims ? { claims } : {}),
      ...(query ? { query } : {}),
    }),
    lambdaContext('tickets'),
  );

let ctx: MemoryContext;
let version: number;

function seed(stage: Stage = 'inProgress', opts: { confidential?: boolean } = {}) {
  const seeded = contextWithTicket(stage, opts);
  ctx = seeded.ctx;
  version = seeded.ticket.version;
  handler = ticketsHandler(ctx);
}

beforeAll(async () => {
  ({ ticketsHandler } = await import('../../../functions/api/tickets.ts'));
});

beforeEach(() => {
  seed();
});

describe('Handler: tickets', () => {
  describe('GET /v1/tickets/{id}', () => {
    it('answers 200 with the ticket, its number and an ETag of its version, never cached', async () => {
      // Act
      const response = await readTicket(TICKET_ID, dispatcher);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers).toEqual({
        'content-type': 'application/json',
        etag: `"${version}"`,
        'cache-control': 'no-store',
      });
      const body = bodyOf(response);
      expect(body).toMatchObject({
        ticketNo: TICKET_NO,
        personalData: 'full',
        ticket: {
          id: TICKET_ID,
          version,
          status: 'inProgress',
          assignment: { leadUnit: 'district-housing' },
        },
      });
    });

    it('AH:34-35 a full view reads the personal data item and leaves an audit record', async () => {
      // Act
      const response = await readTicket(TICKET_ID, agent);

      // Assess
      expect(bodyOf(response).ticket.requester).toEqual({
        name: NAME,
        phone: PHONE,
        anonymous: false,
        confidential: false,
      });
      expect(ctx.tickets.calls).toContain('personalData');
      expect(ctx.tickets.audit).toEqual([
        { ticketId: TICKET_ID, actorId: 'agent-centre', role: 'agent', at: '2026-11-02T10:00:00+08:00' },
      ]);
    });

    it('a supervisor sees the requester masked, and no audit record is left', async () => {
      // Act
      const response = await readTicket(TICKET_ID, supervisor);

      // Assess
      const body = bodyOf(response);
      expect(body.personalData).toBe('masked');
      expect(body.ticket.requester).toEqual({
        name: '张*',
        phone: '138****8000',
        anonymous: false,
        confidential: false,
      });
      expect(response.body).not.toContain(PHONE);
      expect(ctx.tickets.audit).toEqual([]);
    });

    it('the lead unit and the units above it see the requester in full (AH:15)', async () => {
      for (const unit of ['district-housing', 'city-housing']) {
        const response = await readTicket(TICKET_ID, staff('unitClerk', unit));
        expect(bodyOf(response).personalData, unit).toBe('full');
        expect(bodyOf(response).ticket.requester.phone, unit).toBe(PHONE);
      }
    });

    it('a co-unit reads the ticket with the requester masked (PDS:12)', async () => {
      const response = await readTicket(TICKET_ID, staff('unitHead', 'district-water'));
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).personalData).toBe('masked');
      expect(bodyOf(response).ticket.requester.phone).toBe('138****8000');
    });

    it('TN:20 a confidential requester is hidden from the lead unit', async () => {
      // Prepare
      seed('inProgress', { confidential: true });

      // Act
      const response = await readTicket(TICKET_ID, leadClerk);

      // Assess
      expect(bodyOf(response).personalData).toBe('hidden');
      expect(bodyOf(response).ticket.requester).toEqual({ anonymous: false, confidential: true });
      expect(ctx.tickets.calls).not.toContain('personalData');
      expect(ctx.tickets.audit).toEqual([]);
    });

    it('400 names id when it is not a UUID', async () => {
      // Act
      const response = await readTicket('T-1', agent);

      // Assess
      expect(expectBadField(response, 'id').detail).toBe('id: a ticket id is a UUID');
      expect(ctx.tickets.calls).toEqual([]);
    });

    it('401 without staff claims', async () => {
      // Act
      const response = await readTicket(TICKET_ID, undefined);

      // Assess
      expectProblem(response, 401, 'auth.required');
      expect(ctx.tickets.calls).toEqual([]);
    });

    it('403 role.unknown when the token carries no known role', async () => {
      const response = await readTicket(TICKET_ID, { sub: 'x', 'custom:role': 'mayor' });
      expectProblem(response, 403, 'role.unknown');
    });

    it('404 for an unknown ticket', async () => {
      const response = await readTicket(UNKNOWN_ID, agent);
      expect(expectProblem(response, 404, 'resource.notFound').detail).toBe(`no ticket ${UNKNOWN_ID}`);
    });

    it('404, not 403, for a unit that may not read the ticket: its existence is not confirmed', async () => {
      // Act
      const outside = await readTicket(TICKET_ID, staff('unitClerk', 'district-planning'));
      const below = await readTicket(TICKET_ID, staff('unitClerk', 'street-a'));
      const unknown = await readTicket(
        TICKET_ID.replace('6f1c', '7f1c'),
        staff('unitClerk', 'district-planning'),
      );

      // Assess
      expectProblem(outside, 404, 'resource.notFound');
      expectProblem(below, 404, 'resource.notFound');
      expect(bodyOf(outside).title).toBe(bodyOf(unknown).title);
      expect(ctx.tickets.calls).not.toContain('personalData');
    });

    it('500 that says nothing of the cause when the store fails unexpectedly', async () => {
      // Prepare
      vi.spyOn(ctx.tickets, 'load').mockRejectedValueOnce(
        new Error('ResourceNotFoundException: Requested resource not found: hotline-test'),
      );

      // Act
      const response = await readTicket(TICKET_ID, agent);

      // Assess
      expectOpaque500(response, 'ResourceNotFound', 'hotline-test');
    });
  });

  describe('GET /v1/tickets/{id}/events', () => {
    it('answers 200 with the history, oldest first, without personal data', async () => {
      // Act
      const response = await readEvents(TICKET_ID, leadClerk);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers?.['content-type']).toBe('application/json');
      const body = bodyOf(response);
      expect(body.cursor).toBeNull();
      expect(body.items.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([
        [1, 'TicketRegistered'],
        [2, 'TicketDispatched'],
        [3, 'SupervisionOpened'],
        [4, 'TicketSigned'],
      ]);
      expect(response.body).not.toContain(PHONE);
      expect(response.body).not.toContain(NAME);
    });

    it('pages with limit and the cursor it returns', async () => {
      // Act
      const first = bodyOf(await readEvents(TICKET_ID, agent, { limit: '3' }));
      const second = bodyOf(await readEvents(TICKET_ID, agent, { limit: '3', cursor: first.cursor }));

      // Assess
      expect(first.items).toHaveLength(3);
      expect(first.cursor).toEqual(expect.any(String));
      expect(second.items.map((e: { seq: number }) => e.seq)).toEqual([4]);
      expect(second.cursor).toBeNull();
    });

    it('400 names limit when it is not a whole number from 1 to 100', async () => {
      for (const limit of ['0', '101', 'ten', '2.5']) {
        expectBadField(await readEvents(TICKET_ID, agent, { limit }), 'limit');
      }
    });

    it('400 names cursor when the cursor is not one the API returned', async () => {
      for (const cursor of ['not-a-cursor', Buffer.from('[1,2]').toString('base64url')]) {
        const problem = expectBadField(await readEvents(TICKET_ID, agent, { cursor }), 'cursor');
        expect(problem.detail).toBe('the cursor is not one this API returned');
      }
    });

    it('404 for a unit that may not read the ticket, and for an unknown ticket', async () => {
      expectProblem(
        await readEvents(TICKET_ID, staff('unitClerk', 'district-planning')),
        404,
        'resource.notFound',
      );
      expectProblem(await readEvents(UNKNOWN_ID, agent), 404, 'resource.notFound');
      expect(ctx.tickets.calls).not.toContain('events');
    });

    it('401 without staff claims', async () => {
      const response = await handler(
        request({ method: 'GET', resource: '/v1/tickets/{id}/events', pathParameters: { id: TICKET_ID } }),
        lambdaContext('tickets'),
      );
      expectProblem(response, 401, 'auth.required');
    });
  });

  describe('GET /v1/tickets/{id}/reads (who read the personal data)', () => {
    const auditor = staff('auditor');
    const admin = staff('admin');

    it('AH:34-35 answers the auditor every full read of the requester, oldest first, and no personal data', async () => {
      // Prepare: the agent and the dispatcher read the requester in full; the supervisor sees it masked
      await readTicket(TICKET_ID, agent);
      await readTicket(TICKET_ID, dispatcher);
      await readTicket(TICKET_ID, supervisor);

      // Act
      const response = await readReads(TICKET_ID, auditor);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({
        items: [
          { actorId: 'agent-centre', role: 'agent', at: '2026-11-02T10:00:00+08:00' },
          { actorId: 'dispatcher-centre', role: 'dispatcher', at: '2026-11-02T10:00:00+08:00' },
        ],
        cursor: null,
      });
      expect(response.body).not.toContain(PHONE);
      expect(response.body).not.toContain(NAME);
    });

    it('lists nothing for a ticket nobody has read in full, and lets the administrator list too', async () => {
      expect(bodyOf(await readReads(TICKET_ID, admin))).toEqual({ items: [], cursor: null });
    });

    it('pages with limit and the cursor it returns', async () => {
      // Prepare
      await readTicket(TICKET_ID, agent);
      await readTicket(TICKET_ID, dispatcher);
      await readTicket(TICKET_ID, leadClerk);

      // Act
      const first = bodyOf(await readReads(TICKET_ID, auditor, { limit: '2' }));
      const second = bodyOf(await readReads(TICKET_ID, auditor, { limit: '2', cursor: first.cursor }));

      // Assess
      expect(first.items.map((r: { role: string }) => r.role)).toEqual(['agent', 'dispatcher']);
      expect(first.cursor).toEqual(expect.any(String));
      expect(second.items.map((r: { role: string }) => r.role)).toEqual(['unitClerk']);
      expect(second.cursor).toBeNull();
    });

    it('403 role.notAllowed for every role but the auditor and the administrator, before the store is read', async () => {
      for (const claims of [agent, dispatcher, supervisor, leadClerk, staff('callbackAgent')]) {
        expectProblem(await readReads(TICKET_ID, claims), 403, 'role.notAllowed');
      }
      expect(ctx.tickets.calls).not.toContain('personalDataReads');
    });

    it('404 for an unknown ticket; 400 names limit or cursor when they are wrong', async () => {
      expectProblem(await readReads(UNKNOWN_ID, auditor), 404, 'resource.notFound');
      expectBadField(await readReads(TICKET_ID, auditor, { limit: '0' }), 'limit');
      expectBadField(await readReads(TICKET_ID, auditor, { cursor: 'not-a-cursor' }), 'cursor');
    });

    it('401 without staff claims', async () => {
      const response = await handler(
        request({ method: 'GET', resource: '/v1/tickets/{id}/reads', pathParameters: { id: TICKET_ID } }),
        lambdaContext('tickets'),
      );
      expectProblem(response, 401, 'auth.required');
    });
  });

  describe('GET /v1/tickets?unit=&status=&limit=&cursor= (a unit inbox)', () => {
    let inboxCalls: () => Parameters<MemoryContext['tickets']['inbox']>[];
    beforeEach(() => {
      const spy = vi.spyOn(ctx.tickets, 'inbox');
      inboxCalls = () => spy.mock.calls;
      const other = ticketAt('dispatched', { id: OTHER_ID });
      storeTicket(ctx, other.ticket, other.events, { ticketNo: '20261102000008' });
    });

    it('answers 200 with the unit tickets by status and deadline, and no personal data', async () => {
      // Act
      const response = await inbox(dispatcher, { unit: 'district-housing' });

      // Assess
      expect(response.statusCode).toBe(200);
      const body = bodyOf(response);
      expect(body).toEqual({
        items: [
          {
            id: OTHER_ID,
            ticketNo: '20261102000008',
            status: 'dispatched',
            type: 'complaint',
            category: 'housing',
            deadline: expect.any(String),
            overdue: false,
          },
          expect.objectContaining({ id: TICKET_ID, ticketNo: TICKET_NO, status: 'inProgress' }),
        ],
        cursor: null,
      });
      expect(response.body).not.toContain(PHONE);
      expect(inboxCalls()).toEqual([
        ['district-housing', { status: undefined, limit: 25, cursor: undefined }],
      ]);
    });

    it('answers from the inbox alone: no ticket is loaded', async () => {
      // Act
      const response = await inbox(dispatcher, { unit: 'district-housing', status: 'dispatched' });

      // Assess
      expect(bodyOf(response).items).toEqual([
        {
          id: OTHER_ID,
          ticketNo: '20261102000008',
          status: 'dispatched',
          type: 'complaint',
          category: 'housing',
          deadline: '2026-11-16T23:59:59+08:00',
          overdue: false,
        },
      ]);
      expect(ctx.tickets.calls).toEqual(['inbox']);
    });

    it('pages with limit and the cursor it returns', async () => {
      // Act
      const first = bodyOf(await inbox(dispatcher, { unit: 'district-housing', limit: '1' }));
      const second = bodyOf(
        await inbox(dispatcher, { unit: 'district-housing', limit: '1', cursor: first.cursor }),
      );

      // Assess
      expect(first.items.map((i: { id: string }) => i.id)).toEqual([OTHER_ID]);
      expect(second.items.map((i: { id: string }) => i.id)).toEqual([TICKET_ID]);
      expect(second.cursor).toBeNull();
      expect(inboxCalls().at(-1)?.[1]).toEqual({ status: undefined, limit: 1, cursor: first.cursor });
    });

    it('filters by status', async () => {
      // Act
      const body = bodyOf(await inbox(dispatcher, { unit: 'district-housing', status: 'inProgress' }));

      // Assess
      expect(body.items.map((i: { id: string }) => i.id)).toEqual([TICKET_ID]);
      expect(inboxCalls()).toEqual([
        ['district-housing', { status: 'inProgress', limit: 25, cursor: undefined }],
      ]);
    });

    it('unit staff get their own unit when they name none', async () => {
      const body = bodyOf(await inbox(leadClerk));
      expect(body.items).toHaveLength(2);
    });

    it('unit staff may list a unit under their own', async () => {
      const response = await inbox(staff('unitHead', 'city-housing'), { unit: 'district-housing' });
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).items).toHaveLength(2);
    });

    it('400 names unit when a centre role names no unit', async () => {
      expectBadField(await inbox(dispatcher), 'unit');
      expect(ctx.tickets.calls).not.toContain('inbox');
    });

    it('400 names status, limit or cursor when they are wrong', async () => {
      expectBadField(await inbox(dispatcher, { unit: 'district-housing', status: 'lost' }), 'status');
      expectBadField(await inbox(dispatcher, { unit: 'district-housing', limit: '500' }), 'limit');
      expectBadField(await inbox(dispatcher, { unit: 'district-housing', cursor: '%%%' }), 'cursor');
    });

    it('403 unit.outOfScope when unit staff ask for a unit above or beside their own', async () => {
      // Act
      const above = await inbox(leadClerk, { unit: 'city-housing' });
      const beside = await inbox(leadClerk, { unit: 'district-water' });

      // Assess
      expect(expectProblem(above, 403, 'unit.outOfScope').detail).toBe(
        'unit city-housing is not district-housing or a unit under it',
      );
      expectProblem(beside, 403, 'unit.outOfScope');
      expect(ctx.tickets.calls).not.toContain('inbox');
    });

    it('403 unit.outOfScope for unit staff whose token names no unit', async () => {
      expectProblem(await inbox(staff('unitClerk'), { unit: 'district-housing' }), 403, 'unit.outOfScope');
    });

    it('401 without staff claims', async () => {
      expectProblem(await inbox(undefined, { unit: 'district-housing' }), 401, 'auth.required');
    });

    it('500 that says nothing of the cause when the store fails unexpectedly', async () => {
      // Prepare
      vi.spyOn(ctx.tickets, 'inbox').mockRejectedValueOnce(
        new Error('ThrottlingException: Rate of requests exceeds the allowed throughput on unitInbox'),
      );

      // Act
      const response = await inbox(dispatcher, { unit: 'district-housing' });

      // Assess
      expectOpaque500(response, 'Throttling', 'unitInbox');
    });
  });
});
