import { beforeAll, describe, expect, it } from 'vitest';
import { queueItems } from '../../functions/adapters/queue-items.ts';
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
  type TicketEvent,
} from '../../functions/domain/ticket/index.ts';
import { freshTable } from './table.ts';

const policy = presetPolicy('anhui-2021');
const calendar = createCalendar();

function step(ticket: Ticket | null, command: CommandInput, at: string, id: string, role = 'dispatcher') {
  const events = decide(ticket, commandSchema.parse(command), {
    policy,
    calendar,
    now: parseInstant(at),
    actor: { id: `${role}-1`, role, unitId: role.startsWith('unit') ? 'U1' : undefined },
    newTicketId: id,
  });
  return { events, ticket: events.reduce<Ticket | null>(evolve, ticket) as Ticket };
}

describe('Class: TicketRepository — work queues (DynamoDB Local)', () => {
  let repo: TicketRepository;

  beforeAll(async () => {
    const table = await freshTable();
    repo = new TicketRepository(table.db, table.tableName, (t) => earliestTimer(t, { policy, calendar }));
  });

  /** Registers a ticket and stores it; answers it with its number. */
  async function registered(id: string, at: string, category: string, regionId = 'R1') {
    const created = step(
      null,
      {
        action: 'register',
        channel: 'web',
        type: 'complaint',
        category,
        regionId,
        content: '夜间施工噪音',
        requester: { name: '李四', phone: '13900000000' },
      },
      at,
      id,
      'agent',
    );
    await repo.create(created.ticket, created.events, { ticketNo: `N-${id}`, queryCode: 'Q' }, {});
    return created.ticket;
  }

  async function change(before: Ticket, command: CommandInput, at: string, role = 'dispatcher') {
    const next = step(before, command, at, before.id, role);
    await repo.append(next.ticket, next.events as TicketEvent[], before.version, [], {
      ticket: before,
      ticketNo: `N-${before.id}`,
    });
    return next.ticket;
  }

  it('lists received tickets on the intake queue, oldest first, a page at a time, filtered by category', async () => {
    // Prepare
    await registered('Q-in-2', '2026-10-13T09:00:00+08:00', 'roads');
    await registered('Q-in-1', '2026-10-12T09:00:00+08:00', 'noise');
    await registered('Q-in-3', '2026-10-14T09:00:00+08:00', 'noise', 'R2');
    // Act
    const first = await repo.queue('intake', { limit: 2 });
    const second = await repo.queue('intake', { limit: 2, cursor: first.cursor });
    const noise = await repo.queue('intake', { limit: 10, filter: { category: 'noise' } });
    const noiseInR2 = await repo.queue('intake', {
      limit: 10,
      filter: { category: 'noise', regionId: 'R2' },
    });
    // Assess
    expect(first.items.map((e) => e.id)).toEqual(['Q-in-1', 'Q-in-2']);
    expect(second.items.map((e) => e.id)).toEqual(['Q-in-3']);
    expect(noise.items.map((e) => e.id)).toEqual(['Q-in-1', 'Q-in-3']);
    expect(noiseInR2.items.map((e) => e.id)).toEqual(['Q-in-3']);
    expect(first.items[0]).toMatchObject({ ticketNo: 'N-Q-in-1', status: 'received', verified: true });
  });

  it('moves a dispatched ticket from intake to the inboxes of its lead and co-unit, in the same write', async () => {
    // Prepare
    const received = await registered('Q-d-1', '2026-10-15T09:00:00+08:00', 'water');
    // Act
    const dispatched = await change(
      received,
      { action: 'dispatch', leadUnit: 'U1', coUnits: ['U2'], level: 'county' },
      '2026-10-15T10:00:00+08:00',
    );
    // Assess
    expect((await repo.queue('intake', { limit: 50 })).items.map((e) => e.id)).not.toContain('Q-d-1');
    const lead = await repo.queue('unit:U1', { limit: 10 });
    const co = await repo.queue('unit:U2', { limit: 10 });
    expect(lead.items).toEqual([expect.objectContaining({ id: 'Q-d-1', standing: 'lead', level: 'county' })]);
    expect(co.items).toEqual([expect.objectContaining({ id: 'Q-d-1', standing: 'coUnit' })]);
    // the inbox sorts by the unit's next duty: the contact window (AH:15) before the handling deadline
    expect(lead.items[0]?.dueAt).toBe(dispatched.clocks.contact?.deadline);
    expect((await repo.queue('unit:U1', { limit: 10, filter: { level: 'township' } })).items).toEqual([]);
    // The lead's place is carried by the state item, the co-unit's is an item: the same entries either way.
    const places = queueItems(dispatched, 'N-Q-d-1');
    expect(lead.items[0]).toEqual(places.get('unit:U1')?.entry);
    expect(co.items[0]).toEqual(places.get('unit:U2')?.entry);
  });

  it('AH:16 puts a requested return on the returns queue and takes it off when the centre decides', async () => {
    // Prepare
    const received = await registered('Q-r-1', '2026-10-16T09:00:00+08:00', 'water');
    const dispatched = await change(
      received,
      { action: 'dispatch', leadUnit: 'U1', level: 'county' },
      '2026-10-16T10:00:00+08:00',
    );
    const signed = await change(dispatched, { action: 'sign' }, '2026-10-16T11:00:00+08:00', 'unitClerk');
    // Act
    const returned = await change(
      signed,
      { action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' },
      '2026-10-16T12:00:00+08:00',
      'unitHead',
    );
    const onQueue = await repo.queue('returns', { limit: 10 });
    await change(
      returned,
      { action: 'decideReturn', approve: true, note: '同意退回' },
      '2026-10-16T13:00:00+08:00',
    );
    // Assess
    expect(onQueue.items.map((e) => e.id)).toEqual(['Q-r-1']);
    expect((await repo.queue('returns', { limit: 10 })).items).toEqual([]);
    expect((await repo.queue('intake', { limit: 50 })).items.map((e) => e.id)).toContain('Q-r-1');
    expect((await repo.queue('unit:U1', { limit: 50 })).items.map((e) => e.id)).not.toContain('Q-r-1');
  });
});
