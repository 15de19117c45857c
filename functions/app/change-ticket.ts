import { authorize } from '../domain/access/index.ts';
import {
  type Actor,
  type Command,
  decide,
  evolve,
  type Ticket,
  type TicketEvent,
} from '../domain/ticket/index.ts';
import type { AppContext } from './context.ts';
import { TicketNotFoundError, VersionConflictError } from './errors.ts';
import { countEventMetrics } from './event-metrics.ts';

/**
 * The one way a ticket changes, for the API and the workflows alike:
 * 1. load it; 2. check the actor may give this command on it; 3. let the decider decide;
 * 4. store the new state and its events in one transaction, provided nobody changed it since
 *    `expectedVersion` (a VersionConflictError otherwise).
 */
export async function changeTicket(
  rt: AppContext,
  request: { ticketId: string; command: Command; actor: Actor; expectedVersion?: number },
): Promise<{ ticket: Ticket; events: TicketEvent[] }> {
  const stored = await rt.tickets.load(request.ticketId);
  if (!stored) throw new TicketNotFoundError(request.ticketId);
  const before = stored.ticket;
  authorize(request.actor, request.command, before, await rt.unitScope());
  // A command decided on an old version would be refused at the write anyway; say so before deciding.
  if (request.expectedVersion !== undefined && request.expectedVersion !== before.version) {
    throw new VersionConflictError(before.id, request.expectedVersion);
  }
  const events = decide(before, request.command, {
    policy: rt.policy,
    calendar: rt.calendar,
    now: rt.now(),
    actor: request.actor,
  });
  const ticket = events.reduce(evolve, before);
  await rt.tickets.append(ticket, events, request.expectedVersion ?? before.version);
  countEventMetrics(events);
  return { ticket, events };
}
