import { changeTicket } from '../app/change-ticket.ts';
import type { AppContext } from '../app/context.ts';
import { type CitedEntries, countCitations, resolveCitations } from '../app/knowledge/citations.ts';
import { STAFF_ACTIONS, viewRequester } from '../domain/access/index.ts';
import { type Action, commandSchemaFor } from '../domain/ticket/index.ts';
import { z } from '../domain/zod.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError, notFound } from '../http/problem.ts';
import { header, jsonBody, params } from '../http/request.ts';
import { citedEntries } from '../runtime/knowledge-entries.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { ifMatchSchema } from './header-schemas.ts';
import { answer } from './respond.ts';
import type { commandResultSchema } from './response-schemas.ts';

const bodySchema = z.record(z.string(), z.unknown());

const pathSchema = z.object({ id: z.uuid('a ticket id is a UUID'), action: z.string() });

/** `If-Match: "7"` → 7. Every command names the version it was decided on. */
function expectedVersion(value: string | undefined): number {
  if (value === undefined) {
    throw new HttpError(428, 'Precondition Required', 'send If-Match with the ETag of the ticket you read', {
      rule: 'version.required',
    });
  }
  const parsed = ifMatchSchema().safeParse(value.trim());
  if (!parsed.success)
    throw badRequest([{ field: 'If-Match', message: parsed.error.issues[0]?.message ?? '' }]);
  return Number(parsed.data.replace(/\D/g, ''));
}

/**
 * POST /v1/tickets/{id}/{action} — a staff member gives one command on a ticket. An answer on the
 * spot from the knowledge base has its citations checked against `entries` (published only).
 */
export const commandsHandler = (rt: AppContext, entries?: CitedEntries) =>
  apiHandler(async (event) => {
    const actor = staffActor(event);
    const { id, action } = params(event.pathParameters, pathSchema);
    if (!(STAFF_ACTIONS as readonly string[]).includes(action)) {
      throw notFound(`no command "${action}"; commands: ${STAFF_ACTIONS.join(', ')}`);
    }
    const version = expectedVersion(header(event, 'if-match'));
    const fields = event.body ? jsonBody(event, bodySchema) : {};
    const command = await resolveCitations(
      entries,
      commandSchemaFor(action as Action).parse({ ...fields, action }),
    );
    const { ticket, ticketNo, events } = await changeTicket(rt, {
      ticketId: id,
      command,
      actor,
      expectedVersion: version,
    });
    if (entries) await countCitations(entries, events);
    logger.debug('command applied', { ticketId: id, action, events: events.map((e) => e.type) });
    // The answer is the state the command wrote, without the requester's name and phone: nobody
    // reads them here, so nothing is audited; GET /v1/tickets/{id} shows them to whoever may see them.
    const requester = viewRequester(ticket.requester, 'hidden');
    return answer<typeof commandResultSchema>(
      200,
      {
        ticket: { ...ticket, requester },
        ticketNo,
        personalData: 'hidden',
        events: events.map((e) => e.type),
      },
      { etag: `"${ticket.version}"` },
    );
  });

const runtime = createRuntime();
export const handler = commandsHandler(runtime, citedEntries(runtime));
