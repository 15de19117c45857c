import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import type { Unit } from '../../../functions/domain/directory/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  type Actor,
  type CommandInput,
  commandSchema,
  decide,
  evolve,
  type Ticket,
  type TicketEvent,
} from '../../../functions/domain/ticket/index.ts';
import { type MemoryContext, memoryContext } from '../../support/memory-ports.ts';
import { HASH_KEY, NOW } from './setup.ts';

// ---------------------------------------------------------------------------------------------------
// Directory

/**
 *   city-housing ─┬─ district-housing ── street-a
 *                 └─ district-planning
 *   city-water ───── district-water
 */
export const UNITS: Unit[] = [
  { id: 'city-housing', name: '市住建局', level: 'city' },
  { id: 'district-housing', name: '区住建局', level: 'county', parentId: 'city-housing' },
  { id: 'street-a', name: 'A街道', level: 'township', parentId: 'district-housing' },
  { id: 'district-planning', name: '区规划局', level: 'county', parentId: 'city-housing' },
  { id: 'city-water', name: '市水务局', level: 'city' },
  { id: 'district-water', name: '区水务局', level: 'county', parentId: 'city-water' },
];

// ---------------------------------------------------------------------------------------------------
// Tickets

export const TICKET_ID = '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b';
export const TICKET_NO = '20261102000007';
export const QUERY_CODE = 'K7PQ2MXA';
export const PHONE = '13800138000';
export const NAME = '张三';

const policy = presetPolicy('anhui-2021');
const calendar = createCalendar({ workingHours: policy.calendar.workingHours });
const channel: Actor = { id: 'key-web', role: 'channel' };
const dispatcher: Actor = { id: 'dispatcher-1', role: 'dispatcher' };
const clerk: Actor = { id: 'clerk-1', role: 'unitClerk', unitId: 'district-housing' };

export type Stage = 'received' | 'dispatched' | 'inProgress';

/** A ticket driven through the real decider to a stage, with the events that brought it there. */
export function ticketAt(
  stage: Stage,
  opts: { confidential?: boolean; id?: string } = {},
): { ticket: Ticket; events: TicketEvent[] } {
  const steps: [CommandInput, Actor][] = [
    [
      {
        action: 'register',
        channel: 'phone',
        type: 'complaint',
        category: 'housing',
        content: '小区电梯长期故障无人维修',
        requester: { name: NAME, phone: PHONE, confidential: opts.confidential ?? false },
      },
      channel,
    ],
  ];
  if (stage !== 'received') {
    steps.push([
      { action: 'dispatch', leadUnit: 'district-housing', coUnits: ['district-water'], level: 'county' },
      dispatcher,
    ]);
  }
  if (stage === 'inProgress') steps.push([{ action: 'sign' }, clerk]);
  let ticket: Ticket | null = null;
  const events: TicketEvent[] = [];
  for (const [command, actor] of steps) {
    const decided = decide(ticket, commandSchema.parse(command), {
      policy,
      calendar,
      now: NOW,
      actor,
      newTicketId: opts.id ?? TICKET_ID,
    });
    for (const e of decided) ticket = evolve(ticket, e);
    events.push(...decided);
  }
  return { ticket: ticket as Ticket, events };
}

/** Stores a ticket as intake would have: its state and events, number, query code and personal data. */
export function storeTicket(
  ctx: MemoryContext,
  ticket: Ticket,
  events: TicketEvent[],
  record: { ticketNo?: string; queryCode?: string } = {},
): void {
  const { name, phone } = ticket.requester;
  ctx.tickets.seed(
    ticket,
    events,
    {
      ticketNo: record.ticketNo ?? TICKET_NO,
      queryCode: record.queryCode ?? QUERY_CODE,
    },
    { name, phone },
  );
}

/** The use cases' context in memory, with the unit tree (and the given channel entries). */
export function contextWithUnits(): MemoryContext {
  const ctx = memoryContext({ hashKey: HASH_KEY });
  ctx.directory.seed('unit', ...UNITS);
  return ctx;
}

/** The context with the unit tree and one ticket at a stage. */
export function contextWithTicket(stage: Stage, opts: { confidential?: boolean } = {}) {
  const { ticket, events } = ticketAt(stage, opts);
  const ctx = contextWithUnits();
  storeTicket(ctx, ticket, events);
  return { ctx, ticket, events };
}
