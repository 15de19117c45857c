import { type AttributeValue, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { shanghaiDateOf } from '../domain/calendar/index.ts';
import type { Ticket, TicketEvent, TicketStatus } from '../domain/ticket/index.ts';
import {
  BatchGetCommand,
  type DocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from './document-client.ts';
import {
  carriedPlaceAttributes,
  type QueueEntry,
  type QueueFilter,
  queueEntryOf,
  queueFilterExpression,
  queueWrites,
} from './queue-items.ts';
import { decodeState, encodeState } from './state-codec.ts';
import { INDEXES, keys } from './table.ts';

/** Another writer changed the ticket since it was read (the If-Match version is stale). */
export class VersionConflictError extends Error {
  constructor(
    readonly ticketId: string,
    readonly expectedVersion: number,
  ) {
    super(`ticket ${ticketId} is no longer at version ${expectedVersion}`);
    this.name = 'VersionConflictError';
  }
}

export interface PersonalData {
  name?: string | undefined;
  phone?: string | undefined;
}

/** What intake stores beside the ticket itself. */
export interface NewTicketRecord {
  ticketNo: string;
  queryCode: string;
}

/**
 * A channel's Idempotency-Key and the answer to the request that first carried it, written in the
 * same transaction as the ticket that request registered: a key is never held without its answer.
 */
export interface IdempotencyRecord {
  /** The channel key id and the channel's Idempotency-Key. */
  key: string;
  /** Hash of the request body: the same key with another body is refused. */
  payloadHash: string;
  answer: Record<string, string>;
  /** Epoch seconds after which the key may be used again (the table's TTL attribute). */
  expiration: number;
}

/** The Idempotency-Key was answered already: `record` is the first request's. */
export class IdempotencyKeyTakenError extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('this Idempotency-Key is already answered');
    this.name = 'IdempotencyKeyTakenError';
  }
}

/**
 * Another request with the same Idempotency-Key was registering at the same moment (the two
 * transactions met on the key): try again, and its answer, once stored, is found.
 */
export class IdempotencyKeyBusyError extends Error {
  constructor() {
    super('another request with this Idempotency-Key is being registered');
    this.name = 'IdempotencyKeyBusyError';
  }
}

/** A running count of reports on one matter (AH:20(六)): of one requester (keyed hash), or of everyone. */
export interface ReportTally {
  requesterKey?: string | undefined;
  regionId: string | undefined;
  category: string;
}

export interface StoredTicket {
  ticket: Ticket;
  ticketNo: string;
  queryCode: string;
}

/** What a unit's inbox lists of each ticket (the inbox index copies only this). */
export interface InboxEntry {
  id: string;
  ticketNo: string;
  status: TicketStatus;
  type: string;
  category: string;
  classId?: string | undefined;
  deadline: string | null;
  overdue: boolean;
}

/** The state a change started from, so that the ticket's queue places follow it (queue-items.ts). */
export interface PreviousState {
  ticket: Ticket;
  ticketNo: string;
}

/** One full read of a requester's personal data: who (staff id and role) and when (Shanghai time). */
export interface PersonalDataRead {
  actorId: string;
  role: string;
  at: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string | undefined;
}

/** The ticket without its requester's name and phone, which live in their own item. */
function withoutPersonalData(ticket: Ticket): Ticket {
  const { name: _n, phone: _p, ...rest } = ticket.requester;
  return { ...ticket, requester: rest };
}

function eventWithoutPersonalData(event: TicketEvent): TicketEvent {
  if (event.type !== 'TicketRegistered') return event;
  const { name: _n, phone: _p, ...rest } = event.requester;
  return { ...event, requester: rest };
}

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

/**
 * The start key a cursor holds, checked to be one this query could have returned: string key values
 * only, and the same partition as the query's (a cursor from another unit's inbox is refused).
 */
function decodeCursor(
  cursor: string | undefined,
  partition: [string, string],
): Record<string, string> | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.values(key).every((v) => typeof v === 'string') &&
    (key as Record<string, string>)[partition[0]] === partition[1];
  if (!valid) throw new InvalidCursorError();
  return key as Record<string, string>;
}

/**
 * Tickets in the single table. Every change is one TransactWriteItems: the ticket state conditioned
 * on its version, plus its new event items (the outbox the stream carries on).
 */
/** The next moment something is due on a ticket, for the due-timers index. */
export type NextDue = (ticket: Ticket) => { at: string; id: string } | undefined;

/** An open ticket with a provisional deadline, by the year of its latest one (the `provisional` index). */
export interface ProvisionalEntry {
  ticketId: string;
  year: number;
}

export interface DueEntry {
  ticketId: string;
  at: string;
}

export class TicketRepository {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
    /** The policy's next timer of a ticket (`earliestTimer`), which keys the due-timers index. */
    private readonly nextDue: NextDue,
  ) {}

  /** The document client, for the local runtime's start-up recovery. */
  get documentClient(): DocumentClient {
    return this.db;
  }

  /** The block of the day's numbers this instance hands out (see nextTicketNo). */
  private numbers: { day: string; next: number; last: number } | undefined;
  private takingNumbers: Promise<void> | undefined;

  /**
   * The next ticket number of a day: `YYYYMMDD` and a six-digit sequence, e.g. `20261009000042`.
   * The day's counter hands out numbers in blocks of TICKET_NO_BLOCK, one block per instance at a
   * time, so that most registrations take their number without a write: numbers are unique, rise
   * within an instance, and those of a block an instance did not use up are never given (gaps, as
   * after a refused registration).
   */
  async nextTicketNo(day: string): Promise<string> {
    const compact = day.replaceAll('-', '');
    for (;;) {
      const block = this.numbers;
      if (block?.day === compact && block.next <= block.last)
        return `${compact}${String(block.next++).padStart(6, '0')}`;
      await this.reserveNumbers(day);
    }
  }

  /** Takes a block of the day's numbers unless one is at hand (one call at a time per instance). */
  async reserveNumbers(day: string): Promise<void> {
    const compact = day.replaceAll('-', '');
    const block = this.numbers;
    if (block?.day === compact && block.next <= block.last) return;
    this.takingNumbers ??= this.takeNumbers(compact).finally(() => {
      this.takingNumbers = undefined;
    });
    await this.takingNumbers;
  }

  private async takeNumbers(compact: string): Promise<void> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.counter(compact),
        UpdateExpression: 'ADD n :block',
        ExpressionAttributeValues: { ':block': TICKET_NO_BLOCK },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(out.Attributes?.n);
    this.numbers = { day: compact, next: last - TICKET_NO_BLOCK + 1, last };
  }

  /**
   * Stores a new ticket with its first events and its requester's personal data, and the answer to
   * its Idempotency-Key when there is one, in one transaction. A key answered already (and not
   * expired) cancels it: IdempotencyKeyTakenError with the first answer; a key another transaction
   * holds at that moment, IdempotencyKeyBusyError.
   */
  async create(
    ticket: Ticket,
    events: TicketEvent[],
    record: NewTicketRecord,
    personal: PersonalData,
    idempotency?: IdempotencyRecord,
  ): Promise<void> {
    await this.write(ticket, events, null, [], { ticketNo: record.ticketNo }, record, personal, idempotency);
  }

  /**
   * Counts a stored ticket's report in each of its tallies, once, and answers how many each held
   * before it in the window: the place the report takes in the sequence of reports, exactly as if
   * they had come one after another. One transaction writes the ticket's mark (with those counts)
   * and each tally, on condition that the mark is new and no tally changed since it was read; a
   * tally another report changed in between is read again. A report counted already answers the
   * counts its mark holds.
   */
  async countReportOnce(
    ticketId: string,
    tallies: readonly ReportTally[],
    day: string,
    sinceDay: string,
  ): Promise<number[]> {
    const stale = Array.from({ length: 7 }, (_, i) => dayAttribute(addDays(sinceDay, -1 - i)));
    const expiration = Math.ceil(Date.parse(`${day}T00:00:00+08:00`) / 1000) + 40 * 86_400;
    for (let attempt = 1; ; attempt++) {
      const items = await this.readTallies(tallies);
      const before = items.map((item) => windowCount(item, sinceDay, day));
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.reportsCounted(ticketId), entity: 'reportsCounted', before },
                  ConditionExpression: 'attribute_not_exists(pk)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              ...tallies.map((tally, i) => ({
                Update: {
                  TableName: this.tableName,
                  Key: tallyKey(tally),
                  UpdateExpression: `ADD #today :one, #version :one SET #expiration = :expiration REMOVE ${stale.map((_, j) => `#s${j}`).join(', ')}`,
                  // Unchanged since it was read: at the version read, or still without one.
                  ConditionExpression: !items[i]
                    ? 'attribute_not_exists(pk)'
                    : items[i].version === undefined
                      ? 'attribute_not_exists(#version)'
                      : '#version = :read',
                  ExpressionAttributeNames: {
                    '#today': dayAttribute(day),
                    '#version': 'version',
                    '#expiration': 'expiration',
                    ...Object.fromEntries(stale.map((name, j) => [`#s${j}`, name])),
                  },
                  ExpressionAttributeValues: {
                    ':one': 1,
                    ':expiration': expiration,
                    ...(items[i]?.version !== undefined ? { ':read': Number(items[i].version) } : {}),
                  },
                },
              })),
            ],
          }),
        );
        return before;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [mark] = error.CancellationReasons ?? [];
        if (mark?.Code === 'ConditionalCheckFailed' && mark.Item)
          return (unmarshall(mark.Item).before as number[]).map(Number);
        if (attempt >= TALLY_ATTEMPTS) throw error;
        // Another report changed a tally since it was read: read again, after a short random wait.
        await new Promise((r) => setTimeout(r, 20 * Math.random() * attempt));
      }
    }
  }

  private async readTallies(
    tallies: readonly ReportTally[],
  ): Promise<(Record<string, unknown> | undefined)[]> {
    const wanted = tallies.map(tallyKey);
    const out = await this.db.send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: wanted, ConsistentRead: true } },
      }),
    );
    const found = out.Responses?.[this.tableName] ?? [];
    // Two small items: DynamoDB answers them at once (unprocessed keys come with throttling only).
    if (Object.keys(out.UnprocessedKeys ?? {}).length > 0) throw new Error('tally read throttled');
    return wanted.map((key) => found.find((item) => item.pk === key.pk));
  }

  /**
   * Appends events and the new state, provided the ticket is still at `expectedVersion`. The clocks
   * the change ended are recorded on its last event item, for the Pipe to publish (`endedClocks`).
   * With the state it changed from (`previous`), the ticket's queue places move in the same transaction.
   */
  async append(
    ticket: Ticket,
    events: TicketEvent[],
    expectedVersion: number,
    endedClocks: readonly string[] = [],
    previous?: PreviousState,
  ): Promise<void> {
    await this.write(ticket, events, expectedVersion, endedClocks, previous);
  }

  private async write(
    ticket: Ticket,
    events: TicketEvent[],
    expectedVersion: number | null,
    endedClocks: readonly string[],
    queues: { ticketNo: string; ticket?: Ticket } | undefined,
    record?: NewTicketRecord,
    personal?: PersonalData,
    idempotency?: IdempotencyRecord,
  ): Promise<void> {
    const { set, remove } = mutableAttributes(ticket, this.nextDue(ticket));
    const stateWrite =
      expectedVersion === null
        ? {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.ticket(ticket.id),
                entity: 'ticket',
                ...set,
                ...(record && creationAttributes(record)),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : {
            Update: {
              TableName: this.tableName,
              ...versionedUpdate(ticket.id, set, remove, expectedVersion),
            },
          };
    const firstSeq = ticket.version - events.length + 1;
    const eventWrites = events.map((event, i) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.event(ticket.id, firstSeq + i),
          entity: 'event',
          event: plain(eventWithoutPersonalData(event)),
          ...(i === events.length - 1 && endedClocks.length > 0 ? { endedClocks: [...endedClocks] } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const personalWrites =
      personal && (personal.name || personal.phone)
        ? [{ Put: { TableName: this.tableName, Item: { ...keys.personalData(ticket.id), ...personal } } }]
        : [];
    // The key's answer is stored with the ticket: free or expired keys only.
    const idempotencyWrites = idempotency
      ? [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.idempotency(idempotency.key), entity: 'idempotency', ...idempotency },
              ConditionExpression: 'attribute_not_exists(pk) OR expiration < :now',
              ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
            },
          },
        ]
      : [];
    const idempotencyAt = 1 + eventWrites.length + personalWrites.length;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            stateWrite,
            ...eventWrites,
            ...personalWrites,
            ...idempotencyWrites,
            ...(queues ? queueWrites(this.tableName, queues.ticketNo, queues.ticket, ticket) : []),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (idempotency) await this.explainKeyRefusal(idempotency.key, reasons[idempotencyAt]);

        // A failed version condition, or another transaction on the ticket at that moment: read again, retry.
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
          throw new VersionConflictError(ticket.id, expectedVersion ?? 0);
        }
      }
      throw error;
    }
  }

  /** Throws the Idempotency-Key's own error when the key is what cancelled an intake transaction. */
  private async explainKeyRefusal(
    key: string,
    reason: { Code?: string | undefined; Item?: Record<string, AttributeValue> | undefined } | undefined,
  ): Promise<void> {
    if (reason?.Code === 'TransactionConflict') throw new IdempotencyKeyBusyError();
    if (reason?.Code !== 'ConditionalCheckFailed') return;
    const held = reason.Item
      ? (unmarshall(reason.Item) as IdempotencyRecord)
      : await this.idempotencyRecord(key);
    // Gone between the two reads (expired and swept): the next attempt finds the key free.
    throw held ? new IdempotencyKeyTakenError(held) : new IdempotencyKeyBusyError();
  }

  private async idempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(key), ConsistentRead: true }),
    );
    return out.Item as IdempotencyRecord | undefined;
  }

  async load(id: string): Promise<StoredTicket | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.ticket(id), ConsistentRead: true }),
    );
    return out.Item ? toStored(out.Item) : null;
  }

  async personalData(id: string): Promise<PersonalData> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.personalData(id) }));
    return { name: out.Item?.name, phone: out.Item?.phone };
  }

  async findByTicketNo(ticketNo: string): Promise<StoredTicket | null> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEXES.ticketNo.name,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `TNO#${ticketNo}` },
        Limit: 1,
      }),
    );
    const key = out.Items?.[0];
    return key ? this.load(String(key.pk).replace(/^TICKET#/, '')) : null;
  }

  async events(id: string, limit: number, cursor?: string): Promise<Page<TicketEvent & { seq: number }>> {
    const page = await this.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': keys.ticket(id).pk, ':event': 'EVENT#' },
      },
      limit,
      cursor,
    );
    return { items: page.items.map((i) => ({ ...storedEvent(i), seq: seqOf(i.sk) })), cursor: page.cursor };
  }

  /** A unit's tickets, by status (optional) and deadline, earliest first. */
  async inbox(
    unitId: string,
    opts: { status?: string; limit: number; cursor?: string },
  ): Promise<Page<InboxEntry>> {
    const byStatus = opts.status !== undefined;
    const page = await this.query(
      {
        IndexName: INDEXES.unitInbox.name,
        KeyConditionExpression: byStatus ? 'gsi1pk = :pk AND begins_with(gsi1sk, :status)' : 'gsi1pk = :pk',
        ExpressionAttributeValues: byStatus
          ? { ':pk': `UNIT#${unitId}`, ':status': `${opts.status}#` }
          : { ':pk': `UNIT#${unitId}` },
      },
      opts.limit,
      opts.cursor,
    );
    return {
      items: page.items.map((i) => ({
        id: String(i.pk).replace(/^TICKET#/, ''),
        ...inboxSummary(i.summary),
        ticketNo: i.ticketNo as string,
      })),
      cursor: page.cursor,
    };
  }

  /**
   * One page of a work queue, earliest deadline first: one Query of the sparse `queues` index,
   * whatever the table holds. A filter is applied to the page read, so a filtered page may hold
   * fewer than `limit` entries and still have a cursor.
   */
  async queue(
    queue: string,
    opts: { limit: number; cursor?: string | undefined; filter?: QueueFilter | undefined },
  ): Promise<Page<QueueEntry>> {
    const filter = queueFilterExpression(opts.filter ?? {});
    const page = await this.query(
      {
        IndexName: INDEXES.queues.name,
        KeyConditionExpression: 'gsi6pk = :pk',
        ...filter,
        ExpressionAttributeValues: { ':pk': `QUEUE#${queue}`, ...filter.ExpressionAttributeValues },
      },
      opts.limit,
      opts.cursor,
    );
    return {
      items: page.items.flatMap((i) => queueEntryOf(i, queue) ?? []),
      cursor: page.cursor,
    };
  }

  /**
   * One page of the open tickets with a provisional deadline in `fromYear` or later (by the year of
   * their latest one), in index order; the cursor resumes after the last ticket of the page.
   */
  async provisionalPage(
    fromYear: number,
    opts: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ProvisionalEntry>> {
    const page = await this.query(
      {
        IndexName: INDEXES.provisional.name,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk >= :from',
        ExpressionAttributeValues: { ':pk': 'PROVISIONAL', ':from': String(fromYear) },
      },
      opts.limit,
      opts.cursor,
    );
    return {
      items: page.items.flatMap((item) => {
        const [year, ticketId] = String(item.gsi3sk).split('#');
        return year && ticketId ? [{ ticketId, year: Number(year) }] : [];
      }),
      cursor: page.cursor,
    };
  }

  /** Tickets whose next timer, on one UTC day, is due at or before `before`, earliest first. */
  async dueOn(utcDay: string, before: Date): Promise<DueEntry[]> {
    const entries: DueEntry[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: INDEXES.due.name,
        KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk <= :before',
        ExpressionAttributeValues: { ':pk': `DUE#${utcDay}`, ':before': `${before.toISOString()}#~` },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const [at, ticketId] = String(item.gsi5sk).split('#');
        if (at && ticketId) entries.push({ ticketId, at });
      }
    }
    return entries;
  }

  /** Audit record of a read of personal data (AH:34-35). */
  async recordPersonalDataRead(id: string, actorId: string, role: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.audit(id, at, actorId),
        UpdateExpression: 'SET entity = :audit, actorId = :actor, #role = :role, #at = :at',
        ExpressionAttributeNames: { '#role': 'role', '#at': 'at' },
        ExpressionAttributeValues: { ':audit': 'audit', ':actor': actorId, ':role': role, ':at': at },
      }),
    );
  }

  /** The audit records of a ticket, oldest first: one Query of its partition's AUDIT# items. */
  async personalDataReads(id: string, limit: number, cursor?: string): Promise<Page<PersonalDataRead>> {
    const page = await this.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': keys.ticket(id).pk, ':audit': 'AUDIT#' },
      },
      limit,
      cursor,
    );
    return {
      items: page.items.map((i) => ({ actorId: String(i.actorId), role: String(i.role), at: String(i.at) })),
      cursor: page.cursor,
    };
  }

  private async query(
    input: Omit<QueryCommandInput, 'TableName'>,
    limit: number,
    cursor?: string,
  ): Promise<Page<Record<string, unknown>>> {
    const [partitionName, valueName] =
      /^(\w+) = (:\w+)/.exec(input.KeyConditionExpression ?? '')?.slice(1) ?? [];
    const partition: [string, string] = [
      partitionName ?? '',
      String(input.ExpressionAttributeValues?.[valueName ?? '']),
    ];
    try {
      const out = await this.db.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, partition),
        }),
      );
      return { items: out.Items ?? [], cursor: encodeCursor(out.LastEvaluatedKey) };
    } catch (error) {
      // A start key with the right partition but the wrong attributes is DynamoDB's to refuse.
      if (cursor && (error as Error).name === 'ValidationException') throw new InvalidCursorError();
      throw error;
    }
  }
}

/**
 * The attributes that change with every event: version, status, the encoded state (without the
 * requester's personal data), the keys of the inbox and due-timer indexes and of the queue place the
 * state item carries, removed when the ticket leaves them.
 */
function mutableAttributes(
  ticket: Ticket,
  next: { at: string; id: string } | undefined,
): { set: Record<string, unknown>; remove: string[] } {
  const set: Record<string, unknown> = {
    version: ticket.version,
    status: ticket.status,
    state: encodeState(withoutPersonalData(ticket)),
  };
  const remove: string[] = [];
  const handling = ticket.clocks.handling ?? ticket.clocks.plan;
  if (ticket.assignment) {
    set.gsi1pk = `UNIT#${ticket.assignment.leadUnit}`;
    set.gsi1sk = `${ticket.status}#${handling?.deadline ?? '~'}#${ticket.id}`;
    const { status, type, category, classId, overdue } = ticket;
    const summary = { status, type, category, classId, deadline: handling?.deadline ?? null, overdue };
    set.summary = plain(summary satisfies Omit<InboxEntry, 'ticketNo' | 'id'>);
  } else remove.push('gsi1pk', 'gsi1sk', 'summary');
  // An open ticket with a provisional deadline is listed, by the year of its latest one.
  const provisional = Object.values(ticket.clocks).flatMap((c) =>
    c?.provisional ? [Date.parse(c.deadline)] : [],
  );
  if (provisional.length > 0) {
    set.gsi3pk = 'PROVISIONAL';
    set.gsi3sk = `${shanghaiDateOf(new Date(Math.max(...provisional))).slice(0, 4)}#${ticket.id}`;
  } else remove.push('gsi3pk', 'gsi3sk');
  if (next) {
    // Keyed by the UTC day and instant, so that a range query compares instants correctly.
    const utc = new Date(next.at).toISOString();
    set.gsi5pk = `DUE#${utc.slice(0, 10)}`;
    set.gsi5sk = `${utc}#${ticket.id}#${next.id}`;
  } else remove.push('gsi5pk', 'gsi5sk');
  // The ticket's first queue place (queue-items.ts).
  const carried = carriedPlaceAttributes(ticket);
  Object.assign(set, carried.set);
  remove.push(...carried.remove);
  return { set, remove };
}

/** An update of the state item's mutable attributes, conditioned on the version it was read at. */
function versionedUpdate(
  id: string,
  set: Record<string, unknown>,
  remove: string[],
  expectedVersion: number,
) {
  const names = Object.keys(set);
  const removal = remove.length > 0 ? ` REMOVE ${remove.map((k) => `#${k}`).join(', ')}` : '';
  return {
    Key: keys.ticket(id),
    UpdateExpression: `SET ${names.map((k) => `#${k} = :${k}`).join(', ')}${removal}`,
    ConditionExpression: '#version = :expected',
    // Names throughout, as some attribute names (`level`) are reserved words.
    ExpressionAttributeNames: Object.fromEntries([...names, ...remove].map((k) => [`#${k}`, k])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(names.map((k) => [`:${k}`, set[k]])),
      ':expected': expectedVersion,
    },
  };
}

/** Attributes fixed at creation: number, query code and the number look-up's index keys. */
function creationAttributes(record: NewTicketRecord): Record<string, unknown> {
  return {
    ticketNo: record.ticketNo,
    queryCode: record.queryCode,
    gsi2pk: `TNO#${record.ticketNo}`,
    gsi2sk: 'TICKET',
  };
}

/** `2026-11-02` → `d20261102`, the attribute of that day's count in a tally. */
function dayAttribute(day: string): string {
  return `d${day.replaceAll('-', '')}`;
}

/** The reports a tally item holds on the days from `sinceDay` to `day`. */
function windowCount(item: Record<string, unknown> | undefined, sinceDay: string, day: string): number {
  const [first, last] = [dayAttribute(sinceDay), dayAttribute(day)];
  return Object.entries(item ?? {})
    .filter(([name, n]) => /^d\d{8}$/.test(name) && name >= first && name <= last && typeof n === 'number')
    .reduce((sum, [, n]) => sum + (n as number), 0);
}

/** Ticket numbers an instance takes from the day's counter at a time. */
const TICKET_NO_BLOCK = 10;

/** How often a report's count is tried while other reports change its tallies at the same moment. */
const TALLY_ATTEMPTS = 30;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** One requester's tally on a matter, or everyone's: the key holds category and region, never a number. */
function tallyKey(tally: ReportTally) {
  const who = tally.requesterKey ? `REQ#${tally.requesterKey}` : 'ALL';
  return keys.tally(`${who}#${tally.regionId ?? '-'}#${tally.category}`);
}

/** A value as DynamoDB stores it in a map: without the undefined fields the document client refuses. */
function plain<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** `EVENT#000042` → 42. */
function seqOf(sk: unknown): number {
  return Number(String(sk).slice('EVENT#'.length));
}

/** An event item's event: a map, or (local data from before maps) a JSON string in `body`. */
export function storedEvent(item: Record<string, unknown>): TicketEvent {
  return (item.event ?? JSON.parse(item.body as string)) as TicketEvent;
}

function inboxSummary(summary: unknown): Omit<InboxEntry, 'id' | 'ticketNo'> {
  return (typeof summary === 'string' ? JSON.parse(summary) : summary) as Omit<InboxEntry, 'id' | 'ticketNo'>;
}

function toStored(item: Record<string, unknown>): StoredTicket {
  return {
    ticket: decodeState(item.state as Uint8Array),
    ticketNo: item.ticketNo as string,
    queryCode: item.queryCode as string,
  };
}
