import { describe, expect, it } from 'vitest';
import {
  recomputeProvisionalDeadlines,
  recomputeProvisionalPage,
} from '../../../functions/app/recompute-deadlines.ts';
import {
  createCalendar,
  parseInstant,
  parseOperatorSchedule,
  type WorkingCalendar,
} from '../../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  type CommandInput,
  commandSchema,
  decide,
  evolve,
  type Ticket,
} from '../../../functions/domain/ticket/index.ts';
import { z } from '../../../functions/domain/zod.ts';
import { type MemoryContext, memoryContext } from '../../support/memory-ports.ts';

const policy = presetPolicy('anhui-2021');
const provisional = createCalendar({ workingHours: policy.calendar.workingHours });
const loaded = createCalendar({
  workingHours: policy.calendar.workingHours,
  operatorSchedules: [
    parseOperatorSchedule({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: ['2027-01-09'],
    }),
  ],
});
const DISPATCHED_AT = '2026-12-28T09:00:00+08:00';

function step(ticket: Ticket | null, command: CommandInput, id: string) {
  const events = decide(ticket, commandSchema.parse(command), {
    policy,
    calendar: provisional,
    now: parseInstant(DISPATCHED_AT),
    actor:
      command.action === 'register' ? { id: 'agent-1', role: 'agent' } : { id: 'd-1', role: 'dispatcher' },
    newTicketId: id,
  });
  return { events, ticket: events.reduce<Ticket | null>(evolve, ticket) as Ticket };
}

/** A context on `calendar` holding three complaints dispatched on 28 December 2026 (deadlines in 2027). */
function withProvisionalTickets(calendar: WorkingCalendar): MemoryContext {
  const ctx = memoryContext({ policy, calendar });
  ctx.now = () => new Date('2027-01-04T09:00:00+08:00');
  for (const id of ['T-1', 'T-2', 'T-3']) {
    const registered = step(
      null,
      {
        action: 'register',
        channel: 'web',
        type: 'complaint',
        category: 'housing',
        regionId: 'R1',
        content: 'noise at night',
        requester: { name: '李四', phone: '13900000000' },
      },
      id,
    );
    const sent = step(registered.ticket, { action: 'dispatch', leadUnit: 'U1', level: 'county' }, id);
    ctx.tickets.seed(sent.ticket, [...registered.events, ...sent.events], {
      ticketNo: `N-${id}`,
      queryCode: 'QC',
    });
  }
  return ctx;
}

describe('Function: recomputeProvisionalPage', () => {
  it('leaves tickets of a year still without a schedule where they are, a page at a time', async () => {
    // Prepare
    const ctx = withProvisionalTickets(provisional);

    // Act
    const first = await recomputeProvisionalPage(ctx, {}, { limit: 2 });
    const second = await recomputeProvisionalPage(ctx, first, { limit: 2 });

    // Assess
    expect(first).toMatchObject({ fromYear: 2027, done: false, pages: 1 });
    expect(first.cursor).toEqual(expect.any(String));
    expect(second).toEqual({
      fromYear: 2027,
      done: true,
      pages: 2,
      totals: { listed: 3, recomputed: 0, unchanged: 0, stillProvisional: 3 },
    });
    expect(ctx.tickets.calls.filter((c) => c === 'append')).toEqual([]);
  });

  it('recounts each ticket once with the loaded year, adding to the totals it is given', async () => {
    // Prepare: a run that stands at its fifth page
    const ctx = withProvisionalTickets(loaded);
    const progress: number[] = [];

    // Act
    const page = await recomputeProvisionalPage(
      ctx,
      {
        fromYear: 2026,
        pages: 4,
        totals: { listed: 100, recomputed: 90, unchanged: 10, stillProvisional: 0 },
      },
      { onProgress: (t) => progress.push(t.recomputed) },
    );
    const again = await recomputeProvisionalDeadlines(ctx);

    // Assess
    expect(page).toEqual({
      fromYear: 2026,
      done: true,
      pages: 5,
      totals: { listed: 103, recomputed: 93, unchanged: 10, stillProvisional: 0 },
    });
    expect(progress).toEqual([91, 92, 93]);
    for (const id of ['T-1', 'T-2', 'T-3']) {
      const kept = ctx.tickets.stored(id);
      expect(kept?.ticket.clocks.handling).toMatchObject({ provisional: false });
      expect(kept?.events.filter((e) => e.type === 'DeadlinesRecomputed')).toHaveLength(1);
    }
    expect(again).toEqual({ listed: 0, recomputed: 0, unchanged: 0, stillProvisional: 0 });
  });

  it('refuses a state the state machine could not have given (ZodError, no read)', async () => {
    const ctx = withProvisionalTickets(loaded);
    await expect(recomputeProvisionalPage(ctx, { cursor: '', pages: -1 })).rejects.toBeInstanceOf(
      z.core.$ZodError,
    );
    expect(ctx.tickets.calls).toEqual([]);
  });
});
