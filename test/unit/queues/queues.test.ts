import { describe, expect, it } from 'vitest';
import { createCalendar, parseInstant } from '../../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import { queueRefusal, queuesOf } from '../../../functions/domain/queues/index.ts';
import {
  type Clock,
  type CommandInput,
  commandSchema,
  decide,
  evolve,
  type Ticket,
} from '../../../functions/domain/ticket/index.ts';

const policy = presetPolicy('anhui-2021');
const calendar = createCalendar();

function received(extra: Partial<CommandInput> = {}): Ticket {
  const command = {
    action: 'register',
    channel: 'web',
    type: 'complaint',
    category: 'noise',
    regionId: 'R1',
    content: '夜间施工噪音',
    requester: { name: '李四', phone: '13900000000' },
    ...extra,
  } as CommandInput;
  const events = decide(null, commandSchema.parse(command), {
    policy,
    calendar,
    now: parseInstant('2026-10-12T09:00:00+08:00'),
    actor: { id: 'agent-1', role: 'agent' },
    newTicketId: 'T-1',
  });
  return events.reduce<Ticket | null>(evolve, null) as Ticket;
}

const clock = (kind: Clock['kind'], deadline: string, provisional = false): Clock => ({
  id: `${kind}-1`,
  kind,
  startedAt: '2026-10-12T10:00:00+08:00',
  deadline,
  provisional,
  basis: 'AH:17',
});

const assigned = (t: Ticket, coUnits: string[] = []): Ticket => ({
  ...t,
  assignment: {
    leadUnit: 'U1',
    coUnits,
    level: 'county',
    dispatchedAt: '2026-10-12T10:00:00+08:00',
    deemedAccepted: false,
  },
});

describe('Function: queuesOf', () => {
  it('AH:11 puts a received ticket on the intake queue by the time it was received', () => {
    // Prepare
    const ticket = received();
    // Act
    const places = queuesOf(ticket);
    // Assess
    expect(places).toEqual([{ queue: 'intake', dueAt: ticket.receivedAt, provisional: false }]);
  });

  it('AH:15 sorts a unit inbox by the earliest duty, on the lead and every co-unit, provisional marked', () => {
    // Prepare
    const ticket: Ticket = {
      ...assigned(received(), ['U2', 'U1']),
      status: 'dispatched',
      clocks: {
        contact: clock('contact', '2026-10-13T23:59:59+08:00', true),
        handling: clock('handling', '2026-10-26T23:59:59+08:00'),
      },
    };
    // Act
    const places = queuesOf(ticket);
    // Assess
    expect(places).toEqual([
      { queue: 'unit:U1', dueAt: '2026-10-13T23:59:59+08:00', provisional: true, standing: 'lead' },
      { queue: 'unit:U2', dueAt: '2026-10-13T23:59:59+08:00', provisional: true, standing: 'coUnit' },
    ]);
  });

  it('AH:16, AH:18, TN:14 put returns, extensions and replies before the centre by the handling deadline', () => {
    // Prepare
    const handling = clock('handling', '2026-10-26T23:59:59+08:00');
    const base = { ...assigned(received()), clocks: { handling } };
    const returning: Ticket = { ...base, status: 'returnRequested' };
    const extending: Ticket = {
      ...base,
      status: 'inProgress',
      extensions: {
        granted: 0,
        requested: 1,
        pending: { length: { workingDays: 5 }, reason: 'x', requestedAt: base.receivedAt },
      },
    };
    const replied: Ticket = { ...base, status: 'replied' };
    // Act
    const names = [returning, extending, replied].map((t) => queuesOf(t).map((p) => p.queue));
    // Assess
    expect(names).toEqual([
      ['returns', 'unit:U1'],
      ['extensions', 'unit:U1'],
      ['reviews', 'unit:U1'],
    ]);
    expect(queuesOf(replied)[0]?.dueAt).toBe(handling.deadline);
  });

  it('PDS:16-17 keeps a completed ticket on the callback queue until the satisfaction is known', () => {
    // Prepare
    const callback = clock('callback', '2026-10-28T23:59:59+08:00');
    const due: Ticket = { ...assigned(received()), status: 'completed', clocks: { callback } };
    const done: Ticket = { ...due, callback: { ...due.callback, satisfaction: 'deemedSatisfied' } };
    // Act / Assess
    expect(queuesOf(due)).toEqual([{ queue: 'callbacks', dueAt: callback.deadline, provisional: false }]);
    expect(queuesOf(done)).toEqual([]);
  });

  it('AH:20 lists an open ticket that is overdue, supervised, escalated or a main of merged tickets on each', () => {
    // Prepare
    const ticket: Ticket = {
      ...assigned(received()),
      status: 'inProgress',
      overdue: true,
      supervision: { open: ['overdue'] },
      escalations: ['centreLeader'],
      duplicates: ['T-2'],
      clocks: { handling: clock('handling', '2026-10-13T23:59:59+08:00') },
    };
    // Act
    const names = queuesOf(ticket).map((p) => p.queue);
    // Assess
    expect(names).toEqual(['overdue', 'supervised', 'escalated', 'merged', 'unit:U1']);
    expect(queuesOf({ ...ticket, status: 'evaluated' })).toEqual([]);
    expect(queuesOf({ ...ticket, mergedInto: 'T-0' })).toEqual([]);
  });
});

describe('Function: queueRefusal', () => {
  const within = (unit: string, ancestor: string) => unit === ancestor || unit.startsWith(`${ancestor}.`);

  it('lets the centre roles read their queues and refuses the others by role', () => {
    expect(queueRefusal({ role: 'dispatcher' }, 'intake', within)).toBeUndefined();
    expect(queueRefusal({ role: 'callbackAgent' }, 'callbacks', within)).toBeUndefined();
    expect(queueRefusal({ role: 'agent' }, 'overdue', within)).toMatchObject({ reason: 'role.notAllowed' });
    expect(queueRefusal({ role: 'unitClerk', unitId: 'U1' }, 'intake', within)).toMatchObject({
      reason: 'role.notAllowed',
    });
  });

  it('lets a unit read its own inbox and those under it, never another unit’s', () => {
    expect(queueRefusal({ role: 'unitClerk', unitId: 'U1' }, 'unit:U1.a', within)).toBeUndefined();
    expect(queueRefusal({ role: 'supervisor' }, 'unit:U9', within)).toBeUndefined();
    expect(queueRefusal({ role: 'unitHead', unitId: 'U1' }, 'unit:U2', within)).toMatchObject({
      reason: 'unit.outOfScope',
    });
    expect(queueRefusal({ role: 'agent' }, 'unit:U1', within)).toMatchObject({ reason: 'unit.outOfScope' });
  });
});
