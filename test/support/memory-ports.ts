import type { PutOutcome } from '../../functions/adapters/directory-repository.ts';
import { type QueueEntry, type QueueFilter, queueItems } from '../../functions/adapters/queue-items.ts';
import type {
  DueEntry,
  IdempotencyRecord,
  InboxEntry,
  NewTicketRecord,
  Page,
  PersonalData,
  PersonalDataRead,
  ProvisionalEntry,
  ReportTally,
  StoredTicket,
} from '../../functions/adapters/ticket-repository.ts';
import type { AppContext, AttemptLimit, DirectoryStore, TicketStore } from '../../functions/app/context.ts';
import { CachedDirectoryLookup } from '../../functions/app/directory-lookup.ts';
import {
  IdempotencyKeyTakenError,
  InvalidCursorError,
  VersionConflictError,
} from '../../functions/app/errors.ts';
import { createCalendar, type WorkingCalendar } from '../../functions/domain/calendar/index.ts';
import { type DirectoryEntry, type DirectoryKind, unitTree } from '../../functions/domain/directory/index.ts';
import { type Policy, presetPolicy } from '../../functions/domain/policy/index.ts';
import { earliestTimer, type Ticket, type TicketEvent } from '../../functions/domain/ticket/index.ts';

/**
 * The use cases' ports (functions/app/context.ts) in memory, at the level of their methods: what
 * the DynamoDB adapters promise, without DynamoDB. The adapters themselves are tested on DynamoDB
 * Local (test/integration). Each store lists the methods called on it (`calls`), so that a test
 * can say "refused before anything was read or written".
 */

interface Kept {
  ticket: Ticket;
  events: TicketEvent[];
  record: NewTicketRecord;
  personal: PersonalData;
}

function withoutPersonalData(ticket: Ticket): Ticket {
  const { name: _n, phone: _p, ...requester } = ticket.requester;
  return { ...ticket, requester };
}

function eventWithoutPersonalData(event: TicketEvent): TicketEvent {
  if (event.type !== 'TicketRegistered') return event;
  const { name: _n, phone: _p, ...requester } = event.requester;
  return { ...event, requester };
}

/** A page of `items` after the position a cursor names, and the cursor of the next page. */
function page<T>(items: T[], positionOf: (item: T) => string, scope: string, limit: number, cursor?: string) {
  let after: string | undefined;
  if (cursor) {
    const [cursorScope, position] = Buffer.from(cursor, 'base64url').toString('utf8').split('\u0000');
    if (cursorScope !== scope || position === undefined) throw new InvalidCursorError();
    after = position;
  }
  const rest = after === undefined ? items : items.filter((i) => positionOf(i) > after);
  const taken = rest.slice(0, limit);
  const last = taken.at(-1);
  const next =
    last && rest.length > limit
      ? Buffer.from(`${scope}\u0000${positionOf(last)}`).toString('base64url')
      : undefined;
  return { items: taken, cursor: next };
}

export class MemoryTickets implements TicketStore {
  readonly kept = new Map<string, Kept>();
  readonly counters = new Map<string, number>();
  readonly audit: { ticketId: string; actorId: string; role: string; at: string }[] = [];
  readonly calls: string[] = [];

  constructor(private readonly nextDue: (ticket: Ticket) => { at: string; id: string } | undefined) {}

  /** Puts a ticket in the store as intake would have stored it. */
  seed(ticket: Ticket, events: TicketEvent[], record: NewTicketRecord, personal: PersonalData = {}): this {
    this.kept.set(ticket.id, {
      ticket: structuredClone(withoutPersonalData(ticket)),
      events: structuredClone(events.map(eventWithoutPersonalData)),
      record: { ...record },
      personal: { ...personal },
    });
    return this;
  }

  /** What is stored of a ticket (state, events, record, personal data), for a test to assess. */
  stored(id: string): Kept | undefined {
    return this.kept.get(id);
  }

  /** Numbers cost nothing in memory: nothing to reserve (not a call the tests count). */
  async reserveNumbers(_day: string): Promise<void> {}

  async nextTicketNo(day: string): Promise<string> {
    this.calls.push('nextTicketNo');
    const compact = day.replaceAll('-', '');
    const n = (this.counters.get(compact) ?? 0) + 1;
    this.counters.set(compact, n);
    return `${compact}${String(n).padStart(6, '0')}`;
  }

  /** Idempotency-Keys, each answered with the ticket its first request registered. */
  readonly idempotency = new Map<string, IdempotencyRecord>();

  async create(
    ticket: Ticket,
    events: TicketEvent[],
    record: NewTicketRecord,
    personal: PersonalData,
    idempotency?: IdempotencyRecord,
  ): Promise<void> {
    this.calls.push('create');
    if (this.kept.has(ticket.id)) throw new VersionConflictError(ticket.id, 0);
    if (idempotency) {
      const held = this.idempotency.get(idempotency.key);
      if (held && held.expiration >= Date.now() / 1000)
        throw new IdempotencyKeyTakenError(structuredClone(held));
      this.idempotency.set(idempotency.key, structuredClone(idempotency));
    }
    this.seed(ticket, events, record, personal.name || personal.phone ? personal : {});
  }

  async append(
    ticket: Ticket,
    events: TicketEvent[],
    expectedVersion: number,
    _endedClocks: readonly string[] = [],
  ): Promise<void> {
    this.calls.push('append');
    const kept = this.kept.get(ticket.id);
    if (!kept || kept.ticket.version !== expectedVersion)
      throw new VersionConflictError(ticket.id, expectedVersion);
    kept.ticket = structuredClone(withoutPersonalData(ticket));
    kept.events.push(...structuredClone(events.map(eventWithoutPersonalData)));
  }

  async load(id: string): Promise<StoredTicket | null> {
    this.calls.push('load');
    const kept = this.kept.get(id);
    return kept
      ? {
          ticket: structuredClone(kept.ticket),
          ticketNo: kept.record.ticketNo,
          queryCode: kept.record.queryCode,
        }
      : null;
  }

  async personalData(id: string): Promise<PersonalData> {
    this.calls.push('personalData');
    const personal = this.kept.get(id)?.personal ?? {};
    return { name: personal.name, phone: personal.phone };
  }

  async findByTicketNo(ticketNo: string): Promise<StoredTicket | null> {
    this.calls.push('findByTicketNo');
    const kept = [...this.kept.values()].find((k) => k.record.ticketNo === ticketNo);
    return kept ? this.load(kept.ticket.id) : null;
  }

  async events(id: string, limit: number, cursor?: string): Promise<Page<TicketEvent & { seq: number }>> {
    this.calls.push('events');
    const numbered = (this.kept.get(id)?.events ?? []).map((e, i) => ({ ...structuredClone(e), seq: i + 1 }));
    return page(numbered, (e) => String(e.seq).padStart(6, '0'), id, limit, cursor);
  }

  async inbox(
    unitId: string,
    opts: { status?: string; limit: number; cursor?: string },
  ): Promise<Page<InboxEntry>> {
    this.calls.push('inbox');
    const position = (e: InboxEntry) => `${e.status}#${e.deadline ?? '~'}#${e.id}`;
    const entries = [...this.kept.values()]
      .filter((k) => k.ticket.assignment?.leadUnit === unitId)
      .filter((k) => opts.status === undefined || k.ticket.status === opts.status)
      .map(({ ticket, record }): InboxEntry => {
        const handling = ticket.clocks.handling ?? ticket.clocks.plan;
        const { id, status, type, category, classId, overdue } = ticket;
        const deadline = handling?.deadline ?? null;
        return { id, ticketNo: record.ticketNo, status, type, category, classId, deadline, overdue };
      })
      .sort((a, b) => (position(a) < position(b) ? -1 : 1));
    return page(entries, position, `${unitId}#${opts.status ?? ''}`, opts.limit, opts.cursor);
  }

  async queue(
    queue: string,
    opts: { limit: number; cursor?: string | undefined; filter?: QueueFilter | undefined },
  ): Promise<Page<QueueEntry>> {
    this.calls.push('queue');
    const filter = Object.entries(opts.filter ?? {}).filter(([, v]) => v !== undefined);
    const places = [...this.kept.values()]
      .flatMap(({ ticket, record }) => {
        const item = queueItems(ticket, record.ticketNo).get(queue as never);
        return item ? [item] : [];
      })
      .sort((a, b) => (String(a.gsi6sk) < String(b.gsi6sk) ? -1 : 1));
    const read = page(places, (i) => String(i.gsi6sk), queue, opts.limit, opts.cursor);
    return {
      items: read.items.filter((i) => filter.every(([k, v]) => i[k] === v)).map((i) => i.entry as QueueEntry),
      cursor: read.cursor,
    };
  }

  /** The days each tally counted a report on, by tally (requester or everyone, region, category). */
  readonly tallies = new Map<string, string[]>();

  private static tallyId(tally: ReportTally) {
    return `${tally.requesterKey ?? 'ALL'}#${tally.regionId ?? '-'}#${tally.category}`;
  }

  /** What each ticket's counted report found before it in its tallies (counted once). */
  readonly countedReports = new Map<string, number[]>();

  async countReportOnce(
    ticketId: string,
    tallies: readonly ReportTally[],
    day: string,
    sinceDay: string,
  ): Promise<number[]> {
    this.calls.push('countReportOnce');
    const counted = this.countedReports.get(ticketId);
    if (counted) return counted;
    const before = this.countsIn(tallies, day, sinceDay);
    for (const tally of tallies)
      this.tallies.set(MemoryTickets.tallyId(tally), [
        ...(this.tallies.get(MemoryTickets.tallyId(tally)) ?? []),
        day,
      ]);
    this.countedReports.set(ticketId, before);
    return before;
  }

  /** What each tally holds from `sinceDay` to `day`. */
  private countsIn(tallies: readonly ReportTally[], day: string, sinceDay: string): number[] {
    return tallies.map(
      (t) =>
        (this.tallies.get(MemoryTickets.tallyId(t)) ?? []).filter((d) => d >= sinceDay && d <= day).length,
    );
  }

  async dueOn(utcDay: string, before: Date): Promise<DueEntry[]> {
    this.calls.push('dueOn');
    return [...this.kept.values()]
      .flatMap((k) => {
        const next = this.nextDue(k.ticket);
        const at = next && new Date(next.at).toISOString();
        return at?.startsWith(utcDay) && at <= before.toISOString() ? [{ ticketId: k.ticket.id, at }] : [];
      })
      .sort((a, b) => (a.at < b.at ? -1 : 1));
  }

  async provisionalPage(
    fromYear: number,
    opts: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ProvisionalEntry>> {
    this.calls.push('provisionalPage');
    const position = (e: ProvisionalEntry) => `${e.year}#${e.ticketId}`;
    const entries = [...this.kept.values()]
      .flatMap((k) => {
        const latest = Object.values(k.ticket.clocks)
          .flatMap((c) => (c?.provisional ? [c.deadline.slice(0, 4)] : []))
          .sort()
          .at(-1);
        return latest && Number(latest) >= fromYear ? [{ ticketId: k.ticket.id, year: Number(latest) }] : [];
      })
      .sort((a, b) => (position(a) < position(b) ? -1 : 1));
    return page(entries, position, 'PROVISIONAL', opts.limit, opts.cursor);
  }

  async recordPersonalDataRead(ticketId: string, actorId: string, role: string, at: string): Promise<void> {
    this.calls.push('recordPersonalDataRead');
    this.audit.push({ ticketId, actorId, role, at });
  }

  async personalDataReads(id: string, limit: number, cursor?: string): Promise<Page<PersonalDataRead>> {
    this.calls.push('personalDataReads');
    const reads = this.audit
      .filter((a) => a.ticketId === id)
      .map(({ actorId, role, at }) => ({ actorId, role, at }))
      .sort((a, b) => (`${a.at}#${a.actorId}` < `${b.at}#${b.actorId}` ? -1 : 1));
    return page(reads, (r) => `${r.at}#${r.actorId}`, `${id}#audit`, limit, cursor);
  }
}

export class MemoryDirectory implements DirectoryStore {
  readonly entries = new Map<DirectoryKind, Map<string, unknown>>();
  readonly calls: string[] = [];

  seed<K extends DirectoryKind>(kind: K, ...entries: DirectoryEntry<K>[]): this {
    const byId = this.entries.get(kind) ?? new Map<string, unknown>();
    for (const entry of entries) byId.set(entry.id, structuredClone(entry));
    this.entries.set(kind, byId);
    return this;
  }

  async put<K extends DirectoryKind>(kind: K, entry: DirectoryEntry<K>): Promise<PutOutcome> {
    this.calls.push('put');
    const old = this.entries.get(kind)?.get(entry.id);
    this.seed(kind, entry);
    if (old === undefined) return 'added';
    return JSON.stringify(old) === JSON.stringify(entry) ? 'unchanged' : 'changed';
  }

  async get<K extends DirectoryKind>(kind: K, id: string): Promise<DirectoryEntry<K> | undefined> {
    this.calls.push('get');
    const entry = this.entries.get(kind)?.get(id);
    return entry === undefined ? undefined : (structuredClone(entry) as DirectoryEntry<K>);
  }

  async all<K extends DirectoryKind>(kind: K): Promise<DirectoryEntry<K>[]> {
    this.calls.push('all');
    return [...(this.entries.get(kind)?.values() ?? [])].map((e) => structuredClone(e) as DirectoryEntry<K>);
  }
}

/** At most `max` attempts per subject in each fixed window; a success gives its slot back. */
export class MemoryAttemptLimit implements AttemptLimit {
  readonly used = new Map<string, number>();
  readonly calls: string[] = [];

  constructor(
    readonly max: number,
    private readonly windowMs = 3_600_000,
  ) {}

  key(subject: string, now: Date): string {
    return `${subject}#${Math.floor(now.getTime() / this.windowMs)}`;
  }

  async tryAcquire(subject: string, now: Date): Promise<boolean> {
    this.calls.push('tryAcquire');
    const key = this.key(subject, now);
    const n = this.used.get(key) ?? 0;
    if (n >= this.max) return false;
    this.used.set(key, n + 1);
    return true;
  }

  async release(subject: string, now: Date): Promise<void> {
    this.calls.push('release');
    const key = this.key(subject, now);
    this.used.set(key, Math.max(0, (this.used.get(key) ?? 0) - 1));
  }

  retryAfterSeconds(now: Date): number {
    return Math.max(1, Math.ceil((this.windowMs - (now.getTime() % this.windowMs)) / 1000));
  }
}

export interface MemoryContext extends AppContext {
  tickets: MemoryTickets;
  directory: MemoryDirectory;
  guesses: MemoryAttemptLimit;
  clientGuesses: MemoryAttemptLimit;
}

/**
 * The use cases' context with every port in memory: the Anhui policy by default, the statutory
 * calendar, the (possibly faked) system time, and a fixed hash key for phone numbers.
 */
export function memoryContext(
  opts: { policy?: Policy; calendar?: WorkingCalendar; hashKey?: string; maxWrongCodes?: number } = {},
): MemoryContext {
  const policy = opts.policy ?? presetPolicy('anhui-2021');
  const calendar = opts.calendar ?? createCalendar({ workingHours: policy.calendar.workingHours });
  const directory = new MemoryDirectory();
  return {
    tickets: new MemoryTickets((ticket) => earliestTimer(ticket, { policy, calendar })),
    directory,
    policy,
    calendar,
    now: () => new Date(),
    requesterHashKey: async () => opts.hashKey ?? 'test-requester-hash-key',
    guesses: new MemoryAttemptLimit(opts.maxWrongCodes ?? 10),
    clientGuesses: new MemoryAttemptLimit(50),
    directoryLookup: new CachedDirectoryLookup(directory),
    unitScope: async () => ({ isWithin: unitTree(await directory.all('unit')) }),
    channel: (keyId) => directory.get('channel', keyId),
  };
}
