import type { PutOutcome } from '../adapters/directory-repository.ts';
import type { QueueEntry, QueueFilter } from '../adapters/queue-items.ts';
import type {
  DueEntry,
  IdempotencyRecord,
  InboxEntry,
  NewTicketRecord,
  Page,
  PersonalData,
  PersonalDataRead,
  PreviousState,
  ProvisionalEntry,
  ReportTally,
  StoredTicket,
} from '../adapters/ticket-repository.ts';
import type { UnitScope } from '../domain/access/index.ts';
import type { WorkingCalendar } from '../domain/calendar/index.ts';
import type { ChannelEntry, DirectoryEntry, DirectoryKind } from '../domain/directory/index.ts';
import type { Policy } from '../domain/policy/index.ts';
import type { DirectoryLookup, Ticket, TicketEvent } from '../domain/ticket/index.ts';
import type { NamedIds } from './directory-lookup.ts';

/**
 * The ports the use cases work through. The DynamoDB adapters implement them
 * (functions/adapters), the composition root wires them (functions/runtime), and the unit tests
 * fake them in memory at this level, never at the level of DynamoDB expressions.
 */

/** Tickets: one write per change (state conditioned on its version + its events), reads by key or index. */
export interface TicketStore {
  /** The next ticket number of a Shanghai day, e.g. `20261009000042`. */
  nextTicketNo(day: string): Promise<string>;
  /**
   * Makes sure a number of the day is at hand, so that `nextTicketNo` takes one without a write:
   * asked for when a registration begins, beside its reads. Takes no number.
   */
  reserveNumbers(day: string): Promise<void>;
  /**
   * Stores a new ticket with its first events, its requester's personal data and, in the same
   * write, the answer to its request's Idempotency-Key, provided the key is free
   * (IdempotencyKeyTakenError with the first answer; IdempotencyKeyBusyError while another request
   * is storing it).
   */
  create(
    ticket: Ticket,
    events: TicketEvent[],
    record: NewTicketRecord,
    personal: PersonalData,
    idempotency?: IdempotencyRecord,
  ): Promise<void>;
  /**
   * Stores the new state and its events, provided the ticket is still at `expectedVersion`
   * (VersionConflictError), with the ids of the clocks the change ended (named on its last event's bus entry, for stop-timers)
   * and the state it changed from (the ticket's work-queue places follow the change).
   */
  append(
    ticket: Ticket,
    events: TicketEvent[],
    expectedVersion: number,
    endedClocks?: readonly string[],
    previous?: PreviousState,
  ): Promise<void>;
  load(id: string): Promise<StoredTicket | null>;
  personalData(id: string): Promise<PersonalData>;
  findByTicketNo(ticketNo: string): Promise<StoredTicket | null>;
  /** A ticket's events, oldest first, a page at a time (InvalidCursorError for a cursor it did not give). */
  events(id: string, limit: number, cursor?: string): Promise<Page<TicketEvent & { seq: number }>>;
  /** A unit's tickets by status (optional) and deadline, earliest first. */
  inbox(unitId: string, opts: { status?: string; limit: number; cursor?: string }): Promise<Page<InboxEntry>>;
  /**
   * Counts a stored ticket's report in its tallies, once, and answers how many each held before it
   * in the window, exactly as if reports came one after another (a second call answers the same).
   */
  countReportOnce(
    ticketId: string,
    tallies: readonly ReportTally[],
    day: string,
    sinceDay: string,
  ): Promise<number[]>;
  /** One page of a work queue by its deadline, earliest first (functions/domain/queues). */
  queue(
    queue: string,
    opts: { limit: number; cursor?: string | undefined; filter?: QueueFilter | undefined },
  ): Promise<Page<QueueEntry>>;
  /**
   * One page of the open tickets with a provisional deadline in `fromYear` or later, by the year of
   * their latest one (InvalidCursorError for a cursor it did not give).
   */
  provisionalPage(
    fromYear: number,
    opts: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ProvisionalEntry>>;
  /** Tickets whose next timer, on one UTC day, is due at or before `before`. */
  dueOn(utcDay: string, before: Date): Promise<DueEntry[]>;
  recordPersonalDataRead(id: string, actorId: string, role: string, at: string): Promise<void>;
  /** The audit records of a ticket's personal-data reads, oldest first, a page at a time (AH:34-35). */
  personalDataReads(id: string, limit: number, cursor?: string): Promise<Page<PersonalDataRead>>;
}

/** The directory: regions, units, the dispatch catalogue and channel keys. */
export interface DirectoryStore {
  put<K extends DirectoryKind>(kind: K, entry: DirectoryEntry<K>): Promise<PutOutcome>;
  get<K extends DirectoryKind>(kind: K, id: string): Promise<DirectoryEntry<K> | undefined>;
  all<K extends DirectoryKind>(kind: K): Promise<DirectoryEntry<K>[]>;
}

/** Attempts per subject in a window, whichever instance answers (wrong query codes). */
export interface AttemptLimit {
  /** Takes a slot; false when the window's slots are used up. */
  tryAcquire(subject: string, now: Date): Promise<boolean>;
  /** Gives back the slot of an attempt that succeeded. */
  release(subject: string, now: Date): Promise<void>;
  /** Seconds until the current window ends and its slots are free again. */
  retryAfterSeconds(now: Date): number;
}

/** The directory as the decider checks it: the ids a command names, known or not (cached). */
export interface DirectoryLookupPort {
  lookup(wanted: NamedIds): Promise<DirectoryLookup>;
}

/** Everything a use case works with: the ports, the deployment's policy and calendar, the clock. */
export interface AppContext {
  tickets: TicketStore;
  directory: DirectoryStore;
  policy: Policy;
  calendar: WorkingCalendar;
  now: () => Date;
  /** Secret for the keyed hash of phone numbers (the repeats index never holds a number). */
  requesterHashKey: () => Promise<string>;
  /** Wrong query codes per ticket number and hour (progress look-ups). */
  guesses: AttemptLimit;
  /** Wrong query codes per client and hour (progress look-ups). */
  clientGuesses: AttemptLimit;
  /** The directory the decider checks named units, categories and regions against. */
  directoryLookup: DirectoryLookupPort;
  /** The unit hierarchy (cached by the runtime: directory changes are rare). */
  unitScope: () => Promise<UnitScope>;
  /** The channel entry of an API key id. */
  channel: (keyId: string) => Promise<ChannelEntry | undefined>;
}
