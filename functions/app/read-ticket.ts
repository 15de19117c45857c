import { canRead, needsAudit, personalDataView, viewRequester } from '../domain/access/index.ts';
import { toShanghaiIso } from '../domain/calendar/index.ts';
import type { Actor, Ticket } from '../domain/ticket/index.ts';
import type { AppContext } from './context.ts';
import { TicketNotFoundError } from './errors.ts';

export interface TicketView {
  ticket: Ticket;
  ticketNo: string;
  /** How much of the requester the reader sees: full, masked or hidden. */
  personalData: 'full' | 'masked' | 'hidden';
}

/**
 * A ticket as one staff member may see it. A ticket out of the reader's scope is "not found" (its
 * existence is not confirmed); every read of full personal data leaves an audit record (AH:34-35).
 */
export async function readTicket(rt: AppContext, ticketId: string, actor: Actor): Promise<TicketView> {
  const stored = await rt.tickets.load(ticketId);
  const scope = await rt.unitScope();
  if (!stored || !canRead(actor, stored.ticket, scope)) throw new TicketNotFoundError(ticketId);
  const view = personalDataView(actor, stored.ticket, scope);
  let requester = stored.ticket.requester;
  if (view !== 'hidden') {
    const [personal] = await Promise.all([
      rt.tickets.personalData(ticketId),
      needsAudit(view) &&
        rt.tickets.recordPersonalDataRead(ticketId, actor.id, actor.role, toShanghaiIso(rt.now())),
    ]);
    requester = { ...requester, ...personal };
  }
  return {
    ticket: { ...stored.ticket, requester: viewRequester(requester, view) },
    ticketNo: stored.ticketNo,
    personalData: view,
  };
}

/** Checks the reader may see the ticket at all (for its history), without touching personal data. */
export async function assertReadable(rt: AppContext, ticketId: string, actor: Actor): Promise<void> {
  const stored = await rt.tickets.load(ticketId);
  if (!stored || !canRead(actor, stored.ticket, await rt.unitScope()))
    throw new TicketNotFoundError(ticketId);
}
