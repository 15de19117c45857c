import type { AppContext } from '../app/context.ts';
import { assertReadable, readTicket } from '../app/read-ticket.ts';
import { UNIT_ROLES } from '../domain/access/index.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError } from '../http/problem.ts';
import { params } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { eventsQuerySchema, inboxQuerySchema, ticketPathSchema } from './query-schemas.ts';
import { answer } from './respond.ts';
import type {
  eventPageSchema,
  inboxPageSchema,
  personalDataReadPageSchema,
  ticketViewSchema,
} from './response-schemas.ts';

/**
 * GET /v1/tickets/{id} (ETag = version), GET /v1/tickets/{id}/events (history),
 * GET /v1/tickets/{id}/reads (who read the requester's personal data; auditor and admin) and
 * GET /v1/tickets?unit=&status=&limit=&cursor= (a unit's inbox by deadline).
 */
export const ticketsHandler = (rt: AppContext) =>
  apiHandler(async (event) => {
    const actor = staffActor(event);
    if (event.pathParameters?.id === undefined) {
      const query = params(event.queryStringParameters, inboxQuerySchema);
      const isUnitStaff = (UNIT_ROLES as readonly string[]).includes(actor.role);
      const unit = query.unit ?? (isUnitStaff ? actor.unitId : undefined);
      if (!unit) throw badRequest([{ field: 'unit', message: 'name the unit whose tickets to list' }]);
      if (isUnitStaff && !(actor.unitId && (await rt.unitScope()).isWithin(unit, actor.unitId))) {
        throw new HttpError(403, 'Forbidden', `unit ${unit} is not ${actor.unitId} or a unit under it`, {
          rule: 'unit.outOfScope',
        });
      }
      const page = await rt.tickets.inbox(unit, {
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      });
      return answer<typeof inboxPageSchema>(200, { items: page.items, cursor: page.cursor ?? null });
    }
    const { id } = params(event.pathParameters, ticketPathSchema);
    if (event.resource.endsWith('/events')) {
      await assertReadable(rt, id, actor);
      const query = params(event.queryStringParameters, eventsQuerySchema);
      const page = await rt.tickets.events(id, query.limit, query.cursor);
      return answer<typeof eventPageSchema>(200, { items: page.items, cursor: page.cursor ?? null });
    }
    if (event.resource.endsWith('/reads')) {
      // The audit trail of personal data is the auditor's and the administrator's (AH:34-35).
      if (actor.role !== 'auditor' && actor.role !== 'admin') {
        throw new HttpError(403, 'Forbidden', `a ${actor.role} may not list who read personal data`, {
          rule: 'role.notAllowed',
        });
      }
      await assertReadable(rt, id, actor);
      const query = params(event.queryStringParameters, eventsQuerySchema);
      const page = await rt.tickets.personalDataReads(id, query.limit, query.cursor);
      return answer<typeof personalDataReadPageSchema>(200, {
        items: page.items,
        cursor: page.cursor ?? null,
      });
    }
    const view = await readTicket(rt, id, actor);
    return answer<typeof ticketViewSchema>(200, view, {
      etag: `"${view.ticket.version}"`,
      'cache-control': 'no-store',
    });
  });

export const handler = ticketsHandler(createRuntime());
