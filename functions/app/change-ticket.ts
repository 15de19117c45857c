import { authorize, canRead } from '../domain/access/index.ts';
import {
  type Actor,
  type Command,
  type DecideContext,
  decide,
  evolve,
  RuleViolationError,
  type Ticket,
  type TicketEvent,
} from '../domain/ticket/index.ts';
import type { AppContext } from './context.ts';
import { idsNamedBy } from './directory-lookup.ts';
import { TicketNotFoundError, VersionConflictError } from './errors.ts';
import { countEventMetrics } from './event-metrics.ts';

/** The ids of the clocks running before a change and no longer after it. */
function endedClocks(before: Ticket, after: Ticket): string[] {
  const running = new Set(Object.values(after.clocks).map((c) => c?.id));
  return Object.values(before.clocks).flatMap((c) => (c && !running.has(c.id) ? [c.id] : []));
}

/**
 * The one way a ticket changes, for the API and the workflows alike:
 * 1. load it; 2. check the actor may give this command on it; 3. let the decider decide;
 * 4. store the new state and its events in one transaction, provided nobody changed it since
 *    `expectedVersion` (a VersionConflictError otherwise), with the clocks the change ended.
 * It answers the state it wrote: nothing is read back.
 */
export const changeTicket = /* @__PURE__ */ ticketChanger(decide);

/** What decides a command: the whole decider, or one command's part of it. */
export type Decider = (ticket: Ticket | null, command: Command, ctx: DecideContext) => TicketEvent[];

/**
 * changeTicket with another decider: a function that gives one command only passes that command's
 * part of the decider (e.g. decideOpenSupervision), and carries none of the rest.
 */
export function ticketChanger(decider: Decider) {
  return (rt: AppContext, request: ChangeRequest) => change(rt, request, decider);
}

export interface ChangeRequest {
  ticketId: string;
  command: Command;
  actor: Actor;
  expectedVersion?: number;
}

async function change(
  rt: AppContext,
  request: ChangeRequest,
  decider: Decider,
): Promise<{ ticket: Ticket; ticketNo: string; events: TicketEvent[] }> {
  const stored = await rt.tickets.load(request.ticketId);
  const scope = await rt.unitScope();
  // A ticket the actor may not read is not found, as on GET: a refusal would tell that it exists.
  if (!stored || !canRead(request.actor, stored.ticket, scope))
    throw new TicketNotFoundError(request.ticketId);
  const before = stored.ticket;
  authorize(request.actor, request.command, before, scope);
  // A command decided on an old version would be refused at the write anyway; say so before deciding.
  if (request.expectedVersion !== undefined && request.expectedVersion !== before.version) {
    throw new VersionConflictError(before.id, request.expectedVersion);
  }
  const named = idsNamedBy(request.command);
  const events = decider(before, request.command, {
    policy: rt.policy,
    calendar: rt.calendar,
    now: rt.now(),
    actor: request.actor,
    ...(named ? { directory: await rt.directoryLookup.lookup(named) } : {}),
  });
  const ticket = events.reduce(evolve, before);
  await rt.tickets.append(
    ticket,
    events,
    request.expectedVersion ?? before.version,
    endedClocks(before, ticket),
    { ticket: before, ticketNo: stored.ticketNo },
  );
  countEventMetrics(events);
  return { ticket, ticketNo: stored.ticketNo, events };
}

/**
 * A command the workflows give: read again and retried when the ticket moved meanwhile (5 tries);
 * `{ settled: rule }` when the decider refused it by one of the rules in `settled`, which mean there
 * is nothing left to do (a redelivered event, a ticket that moved on).
 */
export async function changeUnlessSettled(
  rt: AppContext,
  request: ChangeRequest,
  settled: ReadonlySet<string>,
): Promise<Awaited<ReturnType<typeof changeTicket>> | { settled: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await changeTicket(rt, request);
    } catch (error) {
      if (error instanceof RuleViolationError && settled.has(error.rule)) return { settled: error.rule };
      if (!(error instanceof VersionConflictError) || attempt >= 5) throw error;
    }
  }
}
