import type { Instant, Ticket, TicketStatus } from '../ticket/index.ts';

/**
 * The work queues of the hotline: which lists a ticket is on, and by which deadline each list sorts
 * it. A pure projection of the ticket, so that the store can keep one index entry per queue a ticket
 * is on and write them in the same transaction as the ticket (no Scan, no second source of truth).
 */
export const CENTRE_QUEUES = [
  'intake', // received, not yet dispatched (AH:11-12): verification pending marked
  'returns', // a unit asked to give the ticket back: the centre decides (AH:16; PDS:11)
  'extensions', // an extension awaits the centre's decision (AH:18; PDS:9)
  'reviews', // a reply awaits the centre's review (TN:14; AH:20(四))
  'callbacks', // the callback is due (PDS:16-17)
  'overdue', // past the handling deadline (AH:20(二))
  'supervised', // supervision open for any reason (AH:20)
  'escalated', // sent up the escalation ladder (PDS:24; TN:12(三))
  'merged', // main tickets with the duplicates merged into them (并单)
] as const;
export type CentreQueue = (typeof CENTRE_QUEUES)[number];

/** A queue's name: a centre queue, or `unit:<unitId>`, the inbox of a lead or co-unit. */
export type QueueName = CentreQueue | `unit:${string}`;

export const unitQueue = (unitId: string): QueueName => `unit:${unitId}`;

/** Statuses in which a ticket is still being worked on (not refused, merged away, handed over, closed). */
const OPEN: readonly TicketStatus[] = [
  'received',
  'dispatched',
  'inProgress',
  'returnRequested',
  'replied',
  'dissatisfied',
  'underAssessment',
];
/** Statuses in which a unit has the ticket in hand. */
const WITH_UNIT: readonly TicketStatus[] = [
  'dispatched',
  'inProgress',
  'returnRequested',
  'replied',
  'dissatisfied',
];

/** One place of a ticket on one queue. */
export interface QueuePlace {
  queue: QueueName;
  /** The deadline the queue sorts by (earliest first); null sorts last. */
  dueAt: Instant | null;
  /** Whether that deadline relied on a provisional year of the calendar. */
  provisional: boolean;
  /** On a unit's inbox: whether the unit leads the ticket or helps as a co-unit. */
  standing?: 'lead' | 'coUnit' | undefined;
}

type ClockName = keyof Ticket['clocks'];

/** The earliest running deadline among the named clocks, with its provisional flag. */
function earliest(
  ticket: Ticket,
  names: readonly ClockName[],
): { dueAt: Instant | null; provisional: boolean } {
  let best: { dueAt: Instant | null; provisional: boolean } = { dueAt: null, provisional: false };
  for (const name of names) {
    const clock = ticket.clocks[name];
    if (!clock) continue;
    if (best.dueAt === null || Date.parse(clock.deadline) < Date.parse(best.dueAt)) {
      best = { dueAt: clock.deadline, provisional: clock.provisional };
    }
  }
  return best;
}

const HANDLING: readonly ClockName[] = ['handling', 'plan', 'writtenReply'];
/** What a unit must do next, whichever comes first: contact, the plan, the reply, the extension notice. */
const UNIT_DUTIES: readonly ClockName[] = ['contact', 'handling', 'plan', 'writtenReply', 'extensionNotice'];

/** The queues a ticket is on now, each with the deadline that matters there. */
export function queuesOf(ticket: Ticket): QueuePlace[] {
  const places: QueuePlace[] = [];
  const handling = earliest(ticket, HANDLING);
  const place = (queue: QueueName, due: { dueAt: Instant | null; provisional: boolean }) =>
    places.push({ queue, ...due });
  const open = OPEN.includes(ticket.status) && ticket.mergedInto === undefined;

  if (ticket.status === 'received' && ticket.mergedInto === undefined) {
    // Nothing runs before dispatch: the oldest request waits longest.
    place('intake', { dueAt: ticket.receivedAt, provisional: false });
  }
  if (ticket.status === 'returnRequested') {
    place('returns', handling);
  }
  if (ticket.extensions.pending) place('extensions', handling);
  if (ticket.status === 'replied') place('reviews', handling);
  if (ticket.clocks.callback && ticket.callback.satisfaction === undefined) {
    place('callbacks', earliest(ticket, ['callback']));
  }
  if (open && ticket.overdue) place('overdue', handling);
  if (open && ticket.supervision.open.length > 0) place('supervised', handling);
  if (open && ticket.escalations.length > 0) place('escalated', handling);
  if (open && (ticket.duplicates?.length ?? 0) > 0) place('merged', handling);

  const assignment = ticket.assignment;
  if (assignment && WITH_UNIT.includes(ticket.status) && ticket.mergedInto === undefined) {
    const duties = earliest(ticket, UNIT_DUTIES);
    places.push({ queue: unitQueue(assignment.leadUnit), ...duties, standing: 'lead' });
    const helpers = new Set([...assignment.coUnits, ...(ticket.coordination?.units ?? [])]);
    helpers.delete(assignment.leadUnit);
    for (const unit of helpers) places.push({ queue: unitQueue(unit), ...duties, standing: 'coUnit' });
  }
  return places;
}

/** The centre's roles that read each centre queue (the unit roles read only their own inboxes). */
export const QUEUE_READERS: Readonly<Record<CentreQueue, readonly string[]>> = {
  intake: ['agent', 'dispatcher', 'supervisor', 'admin', 'auditor'],
  returns: ['dispatcher', 'supervisor', 'admin', 'auditor'],
  extensions: ['dispatcher', 'supervisor', 'admin', 'auditor'],
  reviews: ['dispatcher', 'supervisor', 'admin', 'auditor'],
  callbacks: ['callbackAgent', 'dispatcher', 'supervisor', 'admin', 'auditor'],
  overdue: ['dispatcher', 'supervisor', 'admin', 'auditor'],
  supervised: ['dispatcher', 'supervisor', 'admin', 'auditor'],
  escalated: ['dispatcher', 'supervisor', 'admin', 'auditor'],
  merged: ['dispatcher', 'supervisor', 'admin', 'auditor'],
};
/** The centre's roles that read any unit's inbox. */
const INBOX_READERS = ['dispatcher', 'supervisor', 'admin', 'auditor'];

/**
 * Whether an actor may read a queue: a centre queue by its readers; a unit's inbox by the centre's
 * oversight roles, and by the staff of that unit or a unit above it (`isWithin(unit, ancestor)`).
 * Answers the reason of a refusal, or undefined when the read is allowed.
 */
export function queueRefusal(
  actor: { role: string; unitId?: string | undefined },
  queue: QueueName,
  isWithin: (unitId: string, ancestorUnitId: string) => boolean,
): { reason: string; message: string } | undefined {
  if (queue.startsWith('unit:')) {
    const unit = queue.slice('unit:'.length);
    if (INBOX_READERS.includes(actor.role)) return undefined;
    if (
      (actor.role === 'unitClerk' || actor.role === 'unitHead') &&
      actor.unitId &&
      isWithin(unit, actor.unitId)
    ) {
      return undefined;
    }
    return {
      reason: 'unit.outOfScope',
      message: `the inbox of unit ${unit} is not for a ${actor.role} of ${actor.unitId ?? 'no unit'}`,
    };
  }
  const readers = QUEUE_READERS[queue as CentreQueue];
  if (readers?.includes(actor.role)) return undefined;
  return { reason: 'role.notAllowed', message: `the ${queue} queue is not for the ${actor.role} role` };
}
