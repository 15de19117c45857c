import { type QueueName, type QueuePlace, queuesOf } from '../domain/queues/index.ts';
import type { Ticket, TicketStatus, UnitLevel } from '../domain/ticket/index.ts';
import { decodeState } from './state-codec.ts';
import { keys } from './table.ts';

/**
 * The work queues in the table, on the sparse `queues` index. A ticket's first place is carried by
 * its state item (its index keys and filter attributes, the entry worked out from the state the
 * index copies when the queue is read): most tickets are on one queue at a time, and the state item
 * is written by every change anyway. Each further place is one small item (`TICKET#<id> /
 * QUEUE#<queue>`) with its entry, put and deleted in the same transaction as the ticket itself; only
 * the places that changed are written, so a change that moves no queue costs nothing more.
 */

/** What a queue lists of a ticket (the index copies only this and the filter attributes). */
export interface QueueEntry {
  id: string;
  ticketNo: string;
  status: TicketStatus;
  type: string;
  category: string;
  regionId?: string | undefined;
  classId?: string | undefined;
  level?: UnitLevel | undefined;
  priority: string;
  receivedAt: string;
  /** The deadline this queue sorts by, and whether it relied on a provisional calendar year. */
  dueAt: string | null;
  provisional: boolean;
  overdue: boolean;
  /** Anonymous or unclear requests are verified before dispatch (AH:11). */
  verified: boolean;
  supervised: boolean;
  escalated: boolean;
  leadUnit?: string | undefined;
  standing?: 'lead' | 'coUnit' | undefined;
  /** Callback attempts made so far, and when the last one was made (PDS:17). */
  callbackAttempts: number;
  lastAttemptAt?: string | undefined;
  extensionPending: boolean;
  duplicates: number;
}

export interface QueueFilter {
  regionId?: string | undefined;
  category?: string | undefined;
  classId?: string | undefined;
  level?: UnitLevel | undefined;
}

/** `~` sorts after every instant: places with no deadline come last. */
export function queueSortKey(dueAt: string | null, ticketId: string): string {
  return `${dueAt ? new Date(dueAt).toISOString() : '~'}#${ticketId}`;
}

function entryOf(ticket: Ticket, ticketNo: string, place: QueuePlace): QueueEntry {
  const attempts = ticket.callback.attempts;
  return {
    id: ticket.id,
    ticketNo,
    status: ticket.status,
    type: ticket.type,
    category: ticket.category,
    regionId: ticket.regionId,
    classId: ticket.classId,
    level: ticket.assignment?.level,
    priority: ticket.priority,
    receivedAt: ticket.receivedAt,
    dueAt: place.dueAt,
    provisional: place.provisional,
    overdue: ticket.overdue,
    verified: ticket.verified,
    supervised: ticket.supervision.open.length > 0,
    escalated: ticket.escalations.length > 0,
    leadUnit: ticket.assignment?.leadUnit,
    standing: place.standing,
    callbackAttempts: attempts.length,
    lastAttemptAt: attempts.at(-1)?.at,
    extensionPending: ticket.extensions.pending !== undefined,
    duplicates: ticket.duplicates?.length ?? 0,
  };
}

/** The item of one queue place, as stored (undefined fields left out, as the document client wants). */
function placeItem(ticket: Ticket, ticketNo: string, place: QueuePlace): Record<string, unknown> {
  const entry = JSON.parse(JSON.stringify(entryOf(ticket, ticketNo, place))) as QueueEntry;
  return JSON.parse(
    JSON.stringify({
      ...keys.queuePlace(ticket.id, place.queue),
      entity: 'queue',
      gsi6pk: `QUEUE#${place.queue}`,
      gsi6sk: queueSortKey(place.dueAt, ticket.id),
      entry,
      regionId: ticket.regionId,
      category: ticket.category,
      classId: ticket.classId,
      level: ticket.assignment?.level,
    }),
  );
}

/** The items of every queue a ticket is on, by queue name (each with its entry). */
export function queueItems(ticket: Ticket, ticketNo: string): Map<QueueName, Record<string, unknown>> {
  return new Map(queuesOf(ticket).map((place) => [place.queue, placeItem(ticket, ticketNo, place)]));
}

/** The attributes a queue is filtered by, as the index copies them. */
const FILTER_ATTRIBUTES = ['regionId', 'category', 'classId', 'level'] as const;

/**
 * The state item's attributes for the place it carries (the ticket's first): the index keys and the
 * filter attributes to set, and the names to remove (all of them when the ticket is on no queue).
 */
export function carriedPlaceAttributes(ticket: Ticket): { set: Record<string, string>; remove: string[] } {
  const place = queuesOf(ticket)[0];
  if (!place) return { set: {}, remove: ['gsi6pk', 'gsi6sk', ...FILTER_ATTRIBUTES] };
  const filters: Record<(typeof FILTER_ATTRIBUTES)[number], string | undefined> = {
    regionId: ticket.regionId,
    category: ticket.category,
    classId: ticket.classId,
    level: ticket.assignment?.level,
  };
  const set: Record<string, string> = {
    gsi6pk: `QUEUE#${place.queue}`,
    gsi6sk: queueSortKey(place.dueAt, ticket.id),
  };
  const remove: string[] = [];
  for (const name of FILTER_ATTRIBUTES) {
    const value = filters[name];
    if (value === undefined) remove.push(name);
    else set[name] = value;
  }
  return { set, remove };
}

/** The items of the places after the first, which the state item does not carry. */
function furtherPlaceItems(ticket: Ticket, ticketNo: string): Map<QueueName, Record<string, unknown>> {
  return new Map([...queueItems(ticket, ticketNo)].slice(1));
}

/**
 * The entry of one index entry of a queue: a place item's own, or, for a state item, the entry of its
 * place on that queue worked out from the state the index copies.
 */
export function queueEntryOf(item: Record<string, unknown>, queue: string): QueueEntry | undefined {
  if (item.entry) return item.entry as QueueEntry;
  const ticket = decodeState(item.state as Uint8Array);
  const place = queuesOf(ticket).find((p) => p.queue === queue);
  // Through JSON, as a stored entry is: without the attributes that are undefined.
  return place && (JSON.parse(JSON.stringify(entryOf(ticket, String(item.ticketNo), place))) as QueueEntry);
}

/**
 * The transaction items that take a ticket's further queue places (after the first, which the state
 * item carries) from `before` (undefined for a new ticket) to `after`: a Put for each new or changed
 * place, a Delete for each place it left or that became its first.
 */
export function queueWrites(
  tableName: string,
  ticketNo: string,
  before: Ticket | undefined,
  after: Ticket,
): Record<string, unknown>[] {
  const old = before ? furtherPlaceItems(before, ticketNo) : new Map<QueueName, Record<string, unknown>>();
  const now = furtherPlaceItems(after, ticketNo);
  const writes: Record<string, unknown>[] = [];
  for (const [queue, item] of now) {
    if (JSON.stringify(old.get(queue)) !== JSON.stringify(item)) {
      writes.push({ Put: { TableName: tableName, Item: item } });
    }
  }
  for (const queue of old.keys()) {
    if (!now.has(queue))
      writes.push({ Delete: { TableName: tableName, Key: keys.queuePlace(after.id, queue) } });
  }
  return writes;
}

/** The FilterExpression of a queue filter (applied to the page a query reads, never a Scan). */
export function queueFilterExpression(filter: QueueFilter): {
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, string>;
} {
  const set = Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string');
  if (set.length === 0) return {};
  return {
    FilterExpression: set.map(([name]) => `#f_${name} = :f_${name}`).join(' AND '),
    ExpressionAttributeNames: Object.fromEntries(set.map(([name]) => [`#f_${name}`, name])),
    ExpressionAttributeValues: Object.fromEntries(set.map(([name, value]) => [`:f_${name}`, value])),
  };
}
