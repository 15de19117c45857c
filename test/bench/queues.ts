import { BatchWriteCommand, DocumentClient } from '../../functions/adapters/document-client.ts';
import { queueItems } from '../../functions/adapters/queue-items.ts';
import { encodeState } from '../../functions/adapters/state-codec.ts';
import { keys } from '../../functions/adapters/table.ts';
import { TicketRepository } from '../../functions/adapters/ticket-repository.ts';
import { createCalendar, parseInstant } from '../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../functions/domain/policy/index.ts';
import {
  type CommandInput,
  commandSchema,
  decide,
  earliestTimer,
  evolve,
  type Ticket,
} from '../../functions/domain/ticket/index.ts';
import { ensureTable, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

/**
 * npm run bench:queues — the work queues' cost per page as the table grows: DynamoDB calls and
 * consumed read units (as DynamoDB Local reports them) for three pages of every queue, with 1,000
 * and then 100,000 tickets in the table (`BENCH_SIZES=1000,100000`).
 *
 * The tickets are the states of a real ticket walk (decide + evolve) at six points of its life,
 * spread over 200 units, 8 categories, 6 regions and their deadlines; they are stored with the
 * repository's own queue-item builder (and, with BENCH_STATE=1, state encoding) by BatchWriteItem
 * (100,000 tickets through one transaction each would take hours on DynamoDB Local; the items are the
 * same). Sizes: BENCH_SIZES (default 1000,10000,100000), each printed as soon as it is reached.
 */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
/** Also store each ticket's state item (BENCH_STATE=1): the sparse index never reads them, and they double the seeding time. */
const WITH_STATE = process.env.BENCH_STATE === '1';
const PAGE = 25;
const policy = presetPolicy('anhui-2021');
const calendar = createCalendar();
const out = (line: string) => process.stdout.write(`${line}\n`);

/** The states of one ticket's walk: received, dispatched, return requested, replied, callback due, evaluated. */
function templates(): Ticket[] {
  let ticket: Ticket | null = null;
  const states: Ticket[] = [];
  const run = (command: CommandInput, role: string, at: string, keep = true) => {
    const events = decide(ticket, commandSchema.parse(command), {
      policy,
      calendar,
      now: parseInstant(at),
      actor: { id: `${role}-1`, role, unitId: 'U-000' },
      newTicketId: 'T',
    });
    ticket = events.reduce<Ticket | null>(evolve, ticket) as Ticket;
    if (keep) states.push(ticket);
  };
  const registration = {
    action: 'register',
    channel: 'phone',
    type: 'complaint',
    category: 'c0',
    regionId: 'r0',
    content: '楼道灯坏了',
    requester: { name: '张三', phone: '13800138000' },
  } as const;
  run(registration, 'agent', '2026-11-02T09:00:00+08:00');
  run(
    { action: 'dispatch', leadUnit: 'U-000', coUnits: ['U-001'], level: 'county' },
    'dispatcher',
    '2026-11-02T10:00:00+08:00',
  );
  const dispatched = ticket as unknown as Ticket;
  run({ action: 'sign' }, 'unitClerk', '2026-11-02T11:00:00+08:00', false);
  run(
    { action: 'requestReturn', reason: '不属本单位', legalBasis: '三定' },
    'unitHead',
    '2026-11-02T12:00:00+08:00',
  );
  ticket = dispatched;
  run({ action: 'sign' }, 'unitClerk', '2026-11-02T11:00:00+08:00', false);
  run({ action: 'recordContact', method: 'phone' }, 'unitClerk', '2026-11-02T11:30:00+08:00', false);
  run({ action: 'informRequester', summary: '已修复' }, 'unitClerk', '2026-11-03T09:00:00+08:00', false);
  run({ action: 'reply', summary: '已修复' }, 'unitClerk', '2026-11-03T09:10:00+08:00');
  run(
    { action: 'review', approve: true, note: '答复完整' },
    'dispatcher',
    '2026-11-03T10:00:00+08:00',
    false,
  );
  run({ action: 'recordCallback', outcome: 'unanswered' }, 'callbackAgent', '2026-11-03T11:00:00+08:00');
  run(
    { action: 'recordCallback', outcome: 'answered', satisfied: true },
    'callbackAgent',
    '2026-11-03T15:00:00+08:00',
  );
  return states;
}

const shift = (instant: string, minutes: number) =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString();

/** The i-th ticket of the table: one of the walk's states, moved in time and spread over units. */
function nth(states: Ticket[], i: number): Ticket {
  // 20% received, 30% with a unit, 10% return requested, 10% replied, 10% callback due, 20% evaluated
  const pick = [0, 0, 1, 1, 1, 2, 3, 4, 5, 5][i % 10] as number;
  const base = states[pick] as Ticket;
  const minutes = i % 20_000;
  const lead = `U-${String(i % 200).padStart(3, '0')}`;
  const clocks = Object.fromEntries(
    Object.entries(base.clocks).map(([k, c]) => [k, c && { ...c, deadline: shift(c.deadline, minutes) }]),
  );
  return {
    ...base,
    id: `T-${String(i).padStart(7, '0')}`,
    category: `c${i % 8}`,
    regionId: `r${i % 6}`,
    receivedAt: shift(base.receivedAt, minutes),
    overdue: pick === 1 && i % 7 === 0,
    supervision: { open: pick === 1 && i % 7 === 0 ? ['overdue'] : [] },
    clocks,
    ...(base.assignment
      ? {
          assignment: {
            ...base.assignment,
            leadUnit: lead,
            coUnits: [`U-${String((i + 1) % 200).padStart(3, '0')}`],
          },
        }
      : {}),
  };
}

async function seed(db: DocumentClient, tableName: string, states: Ticket[], from: number, to: number) {
  const items: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const ticket = nth(states, i);
    const ticketNo = `20261102${String(i).padStart(6, '0')}`;
    if (WITH_STATE) {
      items.push({
        ...keys.ticket(ticket.id),
        entity: 'ticket',
        version: ticket.version,
        status: ticket.status,
        ticketNo,
        state: encodeState(ticket),
      });
    }
    items.push(...queueItems(ticket, ticketNo).values());
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as Record<string, unknown>[];
      let request: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
      while (request && request.length > 0) {
        const res = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: request as never } }));
        request = res.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const ddb = await startDynamoDbLocal();
try {
  const tableName = 'bench-queues';
  await ensureTable(ddb.client, tableName);
  const db = DocumentClient.from(ddb.client, { marshallOptions: { removeUndefinedValues: true } });
  // Count every call and the read units DynamoDB reports for it.
  const meter = { calls: 0, read: 0 };
  db.client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      meter.calls += 1;
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      meter.read += consumed?.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'benchMeter' },
  );
  const repo = new TicketRepository(db, tableName, (t) => earliestTimer(t, { policy, calendar }));
  const states = templates();
  const queues: [string, Record<string, string>][] = [
    ['intake', {}],
    ['intake', { category: 'c3' }],
    ['returns', {}],
    ['reviews', {}],
    ['callbacks', {}],
    ['overdue', {}],
    ['supervised', {}],
    ['unit:U-007', {}],
    ['unit:U-007', { regionId: 'r1' }],
  ];
  let seeded = 0;
  out(`queue page size ${PAGE}; figures per page, three pages read per queue`);
  for (const size of SIZES) {
    const started = Date.now();
    await seed(db, tableName, states, seeded, size);
    seeded = size;
    out(
      `\ntickets_in_table=${size} (their queue items${WITH_STATE ? ' and state items' : ''}; seeded in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
    for (const [queue, filter] of queues) {
      const before = { ...meter };
      let cursor: string | undefined;
      let listed = 0;
      let pages = 0;
      for (; pages < 3; pages++) {
        const page = await repo.queue(queue, { limit: PAGE, cursor, filter });
        listed += page.items.length;
        cursor = page.cursor;
        if (!cursor) {
          pages++;
          break;
        }
      }
      const calls = (meter.calls - before.calls) / pages;
      const read = (meter.read - before.read) / pages;
      const label = Object.keys(filter).length ? `${queue} ${JSON.stringify(filter)}` : queue;
      out(
        `queue=${label} tickets=${size} pages=${pages} items=${listed} calls_per_page=${calls.toFixed(2)} read_units_per_page=${read.toFixed(2)}`,
      );
    }
  }
} finally {
  await ddb.stop();
}
