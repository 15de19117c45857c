import type { DirectoryKind } from '../domain/directory/index.ts';

/**
 * The one DynamoDB table, described once: the CDK stack and the local runtime both build it from
 * this definition, and the repository builds its keys with the helpers below.
 *
 * Items (pk / sk):
 * - ticket state      TICKET#<id> / STATE          current state (deflated), version, index keys, the
 *                                                  inbox summary as a map, and the keys and filter
 *                                                  attributes of the ticket's first queue place
 * - requester data    TICKET#<id> / PII            name and phone, read only when a role needs them
 * - ticket events     TICKET#<id> / EVENT#<seq>    append-only history (the outbox the stream carries):
 *                                                  the event as a map, and on the last event of a
 *                                                  change the clocks it ended (`endedClocks`)
 * - audit records     TICKET#<id> / AUDIT#<at>#<actor>   who read personal data, when
 * - queue places      TICKET#<id> / QUEUE#<queue>  one per further work queue the ticket is on (queue-items.ts),
 *                                                  written and deleted in the ticket's own transaction
 * - ticket numbers    COUNTER#<yyyymmdd> / COUNTER daily sequence
 * - report tallies    TALLY#<REQ#<keyed hash>|ALL>#<region>#<category> / TALLY   a count per Shanghai
 *                                                  day of reports on one matter (AH:20(六)), counted
 *                                                  atomically at intake
 * - directory         DIR#<kind> / <id>            regions, units, catalogue entries, channel keys
 * - guess limits      THROTTLE#<ticketNo> / <hour since the epoch>   wrong query codes (TTL)
 * - idempotency       IDEMPOTENCY#<channel key>#<key> / IDEMPOTENCY   intake's answer to an
 *                                                  Idempotency-Key, written with the ticket (TTL)
 */

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /**
   * What the index copies besides the keys. Kept small on purpose: an index that copied the whole
   * ticket would be rewritten, and paid for, on every change of it.
   */
  include?: readonly string[];
}

/** Global secondary indexes: every request path reads by key or by one of these, never by Scan. */
export const INDEXES = {
  /** A unit's inbox: UNIT#<unit> / <status>#<deadline or ~>#<ticketId>, by deadline within a status. */
  unitInbox: {
    name: 'unitInbox',
    partitionKey: 'gsi1pk',
    sortKey: 'gsi1sk',
    include: ['summary', 'ticketNo'],
  },
  /** Ticket number lookup: TNO#<ticketNo> / TICKET. */
  ticketNo: { name: 'ticketNo', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /**
   * Open tickets with a provisional deadline: PROVISIONAL / <year of its latest provisional deadline>#
   * <ticketId>, for recounting them when the year's schedule is loaded. Only such tickets are in it.
   */
  provisional: { name: 'provisional', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  /** Published knowledge entries: KBPUBLISHED / <id> (tickets no longer write it: tallies count the matter). */
  matter: { name: 'matter', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  /** Due timers for the sweeper: DUE#<UTC day> / <UTC instant>#<ticketId>#<timer id> (the next timer). */
  due: { name: 'due', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  /**
   * Work queues (sparse): QUEUE#<queue> / <UTC deadline or ~>#<ticketId>, on a ticket's state item for
   * its first place and on a queue-place item for each further one. Copies the entry a place item
   * shows, the state and number a state item's entry is worked out from, and the attributes a queue
   * is filtered by.
   */
  queues: {
    name: 'queues',
    partitionKey: 'gsi6pk',
    sortKey: 'gsi6sk',
    include: ['entry', 'state', 'ticketNo', 'regionId', 'category', 'classId', 'level'],
  },
} as const satisfies Record<string, IndexDefinition>;

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** The stream carries new images only: the Pipe publishes new event items, which hold all it needs. */
  stream: 'NEW_IMAGE',
  indexes: Object.values(INDEXES) as IndexDefinition[],
} as const;

export const keys = {
  ticket: (id: string) => ({ pk: `TICKET#${id}`, sk: 'STATE' }),
  personalData: (id: string) => ({ pk: `TICKET#${id}`, sk: 'PII' }),
  event: (id: string, seq: number) => ({ pk: `TICKET#${id}`, sk: `EVENT#${String(seq).padStart(6, '0')}` }),
  audit: (id: string, at: string, actorId: string) => ({ pk: `TICKET#${id}`, sk: `AUDIT#${at}#${actorId}` }),
  queuePlace: (id: string, queue: string) => ({ pk: `TICKET#${id}`, sk: `QUEUE#${queue}` }),
  /** A ticket's report, counted once in its tallies (AH:20(六)), with what they held before it. */
  reportsCounted: (id: string) => ({ pk: `TICKET#${id}`, sk: 'COUNTED' }),
  counter: (day: string) => ({ pk: `COUNTER#${day}`, sk: 'COUNTER' }),
  tally: (key: string) => ({ pk: `TALLY#${key}`, sk: 'TALLY' }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' }),
  directory: (kind: DirectoryKind, id: string) => ({ pk: `DIR#${kind}`, sk: id }),
  /**
   * A unit's knowledge-base upkeep counts of a month: written by the knowledge base with its events,
   * in the month's assessment partition beside the unit's ticket indicators (`UNIT#<unit>`), so that
   * the close and the live scores read both with one Query.
   */
  unitUpkeep: (month: string, unit: string) => ({ pk: `AGG#${month}`, sk: `KBUNIT#${unit}` }),
} as const;

/** CreateTable input for DynamoDB Local and tests; the CDK stack declares the same keys and indexes. */
export function createTableInput(tableName: string) {
  const attributes = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const i of TABLE.indexes) {
    attributes.add(i.partitionKey);
    attributes.add(i.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: i.include
        ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...i.include] }
        : { ProjectionType: 'KEYS_ONLY' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
  };
}
