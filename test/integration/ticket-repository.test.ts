import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GetCommand, PutCommand, QueryCommand } from '../../functions/adapters/document-client.ts';
import { STATE_DICTIONARY } from '../../functions/adapters/state-codec.ts';
import { INDEXES } from '../../functions/adapters/table.ts';
import {
  IdempotencyKeyBusyError,
  IdempotencyKeyTakenError,
  InvalidCursorError,
  TicketRepository,
  VersionConflictError,
} from '../../functions/adapters/ticket-repository.ts';
import { createCalendar, parseInstant } from '../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../functions/domain/policy/index.ts';
import {
  type CommandInput,
  commandSchema,
  decide,
  earliestTimer,
  evolve,
  type Ticket,
  type TicketEvent,
} from '../../functions/domain/ticket/index.ts';
import { freshTable } from './table.ts';

const policy = presetPolicy('anhui-2021');
const calendar = createCalendar();
const agent = { id: 'agent-1', role: 'agent' };

function step(ticket: Ticket | null, command: CommandInput, at: string, id = 'T-1') {
  const events = decide(ticket, commandSchema.parse(command), {
    policy,
    calendar,
    now: parseInstant(at),
    actor: agent,
    newTicketId: id,
  });
  return { events, ticket: events.reduce<Ticket | null>(evolve, ticket) as Ticket };
}

function registration(id: string, at = '2026-10-09T10:00:00+08:00', category = 'housing') {
  return step(
    null,
    {
      action: 'register',
      channel: 'web',
      type: 'complaint',
      category,
      regionId: 'R1',
      content: 'noise at night',
      requester: { name: '李四', phone: '13900000000' },
    },
    at,
    id,
  );
}

describe('Class: TicketRepository (DynamoDB Local)', () => {
  let repo: TicketRepository;
  let table: Awaited<ReturnType<typeof freshTable>>;

  beforeAll(async () => {
    table = await freshTable();
    repo = new TicketRepository(table.db, table.tableName, (t) => earliestTimer(t, { policy, calendar }));
  });

  it('numbers tickets per day in sequence, each instance from a block of its own', async () => {
    // Prepare: a second instance (another Lambda) on the same table
    const other = new TicketRepository(table.db, table.tableName, (t) =>
      earliestTimer(t, { policy, calendar }),
    );

    // Act
    const first = await repo.nextTicketNo('2026-10-09');
    const second = await repo.nextTicketNo('2026-10-09');
    const others = await Promise.all(Array.from({ length: 12 }, () => other.nextTicketNo('2026-10-09')));
    const nextDay = await repo.nextTicketNo('2026-10-10');

    // Assess: unique numbers; the other instance's from its own blocks (11–20, 21–30)
    expect([first, second]).toEqual(['20261009000001', '20261009000002']);
    expect(others.sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `20261009${String(11 + i).padStart(6, '0')}`),
    );
    expect(nextDay).toBe('20261010000001');
  });

  it('reserves a block of numbers ahead, taking none: the next number then needs no write', async () => {
    // Prepare: a new instance, counting its writes
    const fresh = new TicketRepository(table.db, table.tableName, (t) =>
      earliestTimer(t, { policy, calendar }),
    );
    const send = vi.spyOn(table.db, 'send');

    // Act: reserved twice at once (as two registrations begin), then two numbers taken
    await Promise.all([fresh.reserveNumbers('2026-10-11'), fresh.reserveNumbers('2026-10-11')]);
    const writes = send.mock.calls.length;
    const numbers = [await fresh.nextTicketNo('2026-10-11'), await fresh.nextTicketNo('2026-10-11')];
    send.mockRestore();

    // Assess: one block taken, and the numbers are its first
    expect(writes).toBe(1);
    expect(numbers).toEqual(['20261011000001', '20261011000002']);
  });

  it('stores a ticket with its events and keeps personal data out of both', async () => {
    // Prepare
    const { ticket, events } = registration('T-create');
    // Act
    await repo.create(
      ticket,
      events,
      { ticketNo: 'N-1', queryCode: 'QC1' },
      { name: '李四', phone: '13900000000' },
    );
    // Assess
    const stored = await repo.load('T-create');
    expect(stored?.ticket.version).toBe(1);
    expect(stored?.ticketNo).toBe('N-1');
    expect(JSON.stringify(stored)).not.toContain('13900000000');
    const history = await repo.events('T-create', 10);
    expect(history.items.map((e) => e.type)).toEqual(['TicketRegistered']);
    expect(JSON.stringify(history)).not.toContain('13900000000');
    expect(await repo.personalData('T-create')).toEqual({ name: '李四', phone: '13900000000' });
  });

  it('AH:34 no item but the personal-data one holds the phone or name, inflated or not, in a key or not', async () => {
    // Prepare
    const created = registration('T-pii');
    await repo.create(
      created.ticket,
      created.events,
      { ticketNo: 'N-pii', queryCode: 'QCP' },
      { name: '李四', phone: '13900000000' },
    );
    const dispatched = step(
      created.ticket,
      { action: 'dispatch', leadUnit: 'U1', level: 'county' },
      '2026-10-09T11:00:00+08:00',
    );
    await repo.append(dispatched.ticket, dispatched.events, 1, [], {
      ticket: created.ticket,
      ticketNo: 'N-pii',
    });

    // Act
    const out = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TICKET#T-pii' },
      }),
    );

    // Assess
    const items = out.Items ?? [];
    // The ticket's one queue place (the unit's inbox) is carried by its state item.
    expect(items.map((i) => i.sk).sort()).toEqual(['EVENT#000001', 'EVENT#000002', 'PII', 'STATE']);
    expect(items.find((i) => i.sk === 'STATE')).toMatchObject({ gsi6pk: 'QUEUE#unit:U1' });
    const state = items.find((i) => i.sk === 'STATE');
    expect(state?.state).toBeInstanceOf(Uint8Array);
    expect(state).not.toHaveProperty('requesterKey');
    const inflated = inflateRawSync(state?.state as Uint8Array, { dictionary: STATE_DICTIONARY }).toString(
      'utf8',
    );
    for (const item of items.filter((i) => i.sk !== 'PII')) {
      const { state: _state, ...attributes } = item;
      for (const secret of ['13900000000', '李四']) {
        expect(JSON.stringify(attributes)).not.toContain(secret);
        expect(inflated).not.toContain(secret);
      }
    }
  });

  it('appends a change as one transaction and refuses a stale version', async () => {
    // Prepare
    const created = registration('T-append');
    await repo.create(created.ticket, created.events, { ticketNo: 'N-2', queryCode: 'QC2' }, {});
    const dispatched = step(
      created.ticket,
      { action: 'dispatch', leadUnit: 'U1', level: 'county' },
      '2026-10-09T11:00:00+08:00',
    );
    // Act
    await repo.append(dispatched.ticket, dispatched.events, 1);
    // Assess
    expect((await repo.load('T-append'))?.ticket.status).toBe('dispatched');
    await expect(repo.append(dispatched.ticket, dispatched.events, 1)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    const history = await repo.events('T-append', 10);
    expect(history.items.map((e) => e.seq)).toEqual([1, 2]);
    // the number and query code survive the update
    expect((await repo.findByTicketNo('N-2'))?.ticket.id).toBe('T-append');
  });

  it('lets exactly one of several concurrent writers on one version win', async () => {
    const created = registration('T-race');
    await repo.create(created.ticket, created.events, { ticketNo: 'N-3', queryCode: 'QC3' }, {});
    const attempts = Array.from({ length: 10 }, (_, i) =>
      step(
        created.ticket,
        { action: 'dispatch', leadUnit: `U${i}`, level: 'county' },
        '2026-10-09T11:00:00+08:00',
      ),
    );
    const results = await Promise.allSettled(attempts.map((a) => repo.append(a.ticket, a.events, 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    }
  });

  it("pages a unit's inbox by deadline, filtered by status", async () => {
    // Prepare: three tickets for unit INBOX, dispatched on successive days
    for (const [i, day] of ['2026-10-12', '2026-10-13', '2026-10-14'].entries()) {
      const created = registration(`T-inbox-${i}`, `${day}T09:00:00+08:00`);
      await repo.create(created.ticket, created.events, { ticketNo: `N-in-${i}`, queryCode: 'Q' }, {});
      const d = step(
        created.ticket,
        { action: 'dispatch', leadUnit: 'INBOX', level: 'county' },
        `${day}T10:00:00+08:00`,
      );
      await repo.append(d.ticket, d.events, 1);
    }
    // Act
    const first = await repo.inbox('INBOX', { status: 'dispatched', limit: 2 });
    const second = await repo.inbox('INBOX', { status: 'dispatched', limit: 2, cursor: first.cursor });
    // Assess
    expect(first.items.map((t) => t.id)).toEqual(['T-inbox-0', 'T-inbox-1']);
    expect(second.items.map((t) => t.id)).toEqual(['T-inbox-2']);
    expect((await repo.inbox('INBOX', { status: 'inProgress', limit: 10 })).items).toEqual([]);
  });

  it('AH:20(六) counts each report once, in sequence: concurrent reports take distinct places', async () => {
    // Prepare: two reports of the person on 1 and 2 October
    const mine = { requesterKey: 'same-person', regionId: 'R1', category: 'water' };
    const everyone = { regionId: 'R1', category: 'water' };
    await repo.countReportOnce('T-count-a', [mine], '2026-10-01', '2026-09-24');
    await repo.countReportOnce('T-count-b', [mine], '2026-10-02', '2026-09-25');

    // Act: twenty reports on 3 October at once, with a window from 2 October
    const counts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        repo.countReportOnce(`T-count-${i}`, [everyone, mine], '2026-10-03', '2026-10-02'),
      ),
    );

    // Assess: each saw the report of 2 October and the ones before it that day, never 1 October's;
    // the same place in both tallies, as each report counts in both in one write
    const mineBefore = counts.map(([, m]) => m as number).sort((a, b) => a - b);
    expect(mineBefore).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(counts.map(([e]) => e as number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(await repo.countReportOnce('T-count-last', [everyone, mine], '2026-10-03', '2026-10-02')).toEqual([
      20, 21,
    ]);
  });

  it('a report counted again answers its first counts and adds nothing; days before the window are dropped', async () => {
    // Prepare
    const tally = { requesterKey: 'p2', regionId: 'R1', category: 'noise' };
    await repo.countReportOnce('T-p2-a', [tally], '2026-10-01', '2026-09-24');
    const first = await repo.countReportOnce('T-p2-b', [tally], '2026-10-05', '2026-09-28');

    // Act
    const again = await repo.countReportOnce('T-p2-b', [tally], '2026-10-05', '2026-09-28');
    const later = await repo.countReportOnce('T-p2-c', [tally], '2026-10-09', '2026-10-02');

    // Assess
    expect(first).toEqual([1]);
    expect(again).toEqual([1]);
    expect(later).toEqual([1]);
    const item = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'TALLY#REQ#p2#R1#noise', sk: 'TALLY' } }),
    );
    expect(item.Item).not.toHaveProperty('d20261001');
    expect(item.Item).toMatchObject({
      d20261005: 1,
      d20261009: 1,
      version: 3,
      expiration: expect.any(Number),
    });
  });

  it('a tally written before it had a version counts on, from the day counts it holds', async () => {
    // Prepare: a tally as intake kept it before, without a version
    const tally = { regionId: 'R9', category: 'old' };
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: 'TALLY#ALL#R9#old', sk: 'TALLY', d20261004: 3, expiration: 2_000_000_000 },
      }),
    );

    // Act
    const counts = await Promise.all(
      ['x', 'y'].map((id) => repo.countReportOnce(`T-old-${id}`, [tally], '2026-10-05', '2026-10-01')),
    );

    // Assess
    expect(counts.flat().sort()).toEqual([3, 4]);
  });

  it("stores an Idempotency-Key's answer in the ticket's transaction; a second ticket with the key is refused with the first answer and stores nothing", async () => {
    // Prepare
    const idempotency = {
      key: 'key-web#order-1',
      payloadHash: 'h1',
      expiration: Math.floor(Date.now() / 1000) + 86_400,
    };
    const first = registration('T-idem-1');
    const answer = { id: 'T-idem-1', ticketNo: 'N-idem-1', queryCode: 'Q', status: 'received' };
    await repo.create(
      first.ticket,
      first.events,
      { ticketNo: 'N-idem-1', queryCode: 'Q' },
      {},
      {
        ...idempotency,
        answer,
      },
    );
    const second = registration('T-idem-2');

    // Act
    const replay = repo.create(
      second.ticket,
      second.events,
      { ticketNo: 'N-idem-2', queryCode: 'Q' },
      {},
      {
        ...idempotency,
        payloadHash: 'h2',
        answer: { id: 'T-idem-2' },
      },
    );

    // Assess
    await expect(replay).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    await expect(replay).rejects.toMatchObject({ record: { payloadHash: 'h1', answer } });
    expect(await repo.load('T-idem-2')).toBeNull();
    expect(await repo.findByTicketNo('N-idem-2')).toBeNull();
  });

  it('an expired key may be used again: the new answer replaces it', async () => {
    // Prepare
    const expired = {
      key: 'key-web#order-2',
      payloadHash: 'h1',
      expiration: Math.floor(Date.now() / 1000) - 1,
      answer: { id: 'T-idem-3' },
    };
    const old = registration('T-idem-3');
    await repo.create(old.ticket, old.events, { ticketNo: 'N-idem-3', queryCode: 'Q' }, {}, expired);
    const fresh = registration('T-idem-4');

    // Act
    await repo.create(
      fresh.ticket,
      fresh.events,
      { ticketNo: 'N-idem-4', queryCode: 'Q' },
      {},
      {
        ...expired,
        payloadHash: 'h2',
        expiration: Math.floor(Date.now() / 1000) + 86_400,
        answer: { id: 'T-idem-4' },
      },
    );

    // Assess
    expect(await repo.load('T-idem-4')).not.toBeNull();
    const item = await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: 'IDEMPOTENCY#key-web#order-2', sk: 'IDEMPOTENCY' },
      }),
    );
    expect(item.Item).toMatchObject({ payloadHash: 'h2', answer: { id: 'T-idem-4' } });
  });

  it('concurrent tickets with one key: exactly one is stored, every other is refused with its answer or asked to try again', async () => {
    // Prepare
    const idempotency = {
      key: 'key-web#order-5',
      payloadHash: 'h1',
      expiration: Math.floor(Date.now() / 1000) + 86_400,
    };
    const attempts = Array.from({ length: 6 }, (_, i) => registration(`T-race-${i}`));

    // Act
    const outcomes = await Promise.allSettled(
      attempts.map((a, i) =>
        repo.create(
          a.ticket,
          a.events,
          { ticketNo: `N-race-${i}`, queryCode: 'Q' },
          {},
          {
            ...idempotency,
            answer: { id: `T-race-${i}` },
          },
        ),
      ),
    );

    // Assess
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected')
        expect(
          o.reason instanceof IdempotencyKeyTakenError || o.reason instanceof IdempotencyKeyBusyError,
        ).toBe(true);
    const stored = await Promise.all(attempts.map((a) => repo.load(a.ticket.id)));
    expect(stored.filter(Boolean)).toHaveLength(1);
  });

  it("indexes the ticket's next timer (the policy's earliestTimer) for the sweeper", async () => {
    const created = registration('T-due');
    await repo.create(created.ticket, created.events, { ticketNo: 'N-due', queryCode: 'Q' }, {});
    const d = step(
      created.ticket,
      { action: 'dispatch', leadUnit: 'U9', level: 'county' },
      '2026-10-09T10:00:00+08:00',
    );
    await repo.append(d.ticket, d.events as TicketEvent[], 1);
    const next = earliestTimer(d.ticket, { policy, calendar });
    if (!next) throw new Error('a dispatched ticket has a timer');
    const utc = new Date(next.at).toISOString();
    const out = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: INDEXES.due.name,
        KeyConditionExpression: 'gsi5pk = :pk',
        ExpressionAttributeValues: { ':pk': `DUE#${utc.slice(0, 10)}` },
      }),
    );
    expect(out.Items?.map((i) => i.gsi5sk)).toContain(`${utc}#T-due#${next.id}`);
    expect(await repo.dueOn(utc.slice(0, 10), new Date(next.at))).toContainEqual({
      ticketId: 'T-due',
      at: utc,
    });
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(repo.inbox('INBOX', { limit: 1, cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
  });

  it("refuses another unit's cursor and a start key of the wrong shape", async () => {
    const page = await repo.inbox('INBOX', { limit: 1 });
    expect(page.cursor).toBeDefined();
    await expect(repo.inbox('OTHER', { limit: 1, cursor: page.cursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    const wrongShape = Buffer.from(JSON.stringify({ gsi1pk: 'UNIT#INBOX', a: 'b' })).toString('base64url');
    await expect(repo.inbox('INBOX', { limit: 1, cursor: wrongShape })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
