import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError, TicketRepository } from '../../functions/adapters/ticket-repository.ts';
import {
  createCalendar,
  parseInstant,
  parseOperatorSchedule,
  type WorkingCalendar,
} from '../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../functions/domain/policy/index.ts';
import {
  type CommandInput,
  commandSchema,
  decide,
  earliestTimer,
  evolve,
  type Ticket,
} from '../../functions/domain/ticket/index.ts';
import { freshTable } from './table.ts';

const policy = presetPolicy('anhui-2021');
/** Before the notice: 2027 is provisional. */
const provisional = createCalendar();
/** The operator's 2027 (Saturday 9 January worked), as the next deployment carries it. */
const loaded = createCalendar({
  operatorSchedules: [
    parseOperatorSchedule({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: ['2027-01-09'],
    }),
  ],
});
const agent = { id: 'agent-1', role: 'agent' };
const dispatcher = { id: 'dispatcher-li', role: 'dispatcher' };

function step(
  ticket: Ticket | null,
  command: CommandInput,
  at: string,
  id: string,
  calendar: WorkingCalendar = provisional,
) {
  const actor = command.action === 'register' ? agent : dispatcher;
  const events = decide(ticket, commandSchema.parse(command), {
    policy,
    calendar,
    now: parseInstant(at),
    actor,
    newTicketId: id,
  });
  return { events, ticket: events.reduce<Ticket | null>(evolve, ticket) as Ticket };
}

/**
 * The `provisional` index on DynamoDB Local: an open ticket whose deadline reaches a year without a
 * schedule is listed under that year, a page at a time with a cursor, and leaves the index when its
 * deadlines are recounted with the year's schedule.
 */
describe('Index: provisional (DynamoDB Local)', () => {
  let repo: TicketRepository;
  const tickets = new Map<string, Ticket>();

  /** Registered and dispatched at `at` (a complaint: 10 working days for the unit). */
  async function dispatched(id: string, at: string) {
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
      at,
      id,
    );
    await repo.create(
      registered.ticket,
      registered.events,
      { ticketNo: `N-${id}`, queryCode: 'QC' },
      { name: '李四', phone: '13900000000' },
    );
    const sent = step(registered.ticket, { action: 'dispatch', leadUnit: 'U1', level: 'county' }, at, id);
    await repo.append(sent.ticket, sent.events, 1, [], { ticket: registered.ticket, ticketNo: `N-${id}` });
    tickets.set(id, sent.ticket);
  }

  /** Every page from `cursor` on, as the recount reads them. */
  async function allPages(fromYear: number, limit: number) {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.provisionalPage(fromYear, { limit, cursor });
      pages.push(page.items.map((e) => `${e.year}#${e.ticketId}`));
      cursor = page.cursor;
    } while (cursor);
    return pages;
  }

  beforeAll(async () => {
    const table = await freshTable();
    repo = new TicketRepository(table.db, table.tableName, (t) =>
      earliestTimer(t, { policy, calendar: provisional }),
    );
    // Five dispatched on Monday 28 December 2026 (deadlines in a provisional 2027), one in October
    for (const id of ['P-1', 'P-2', 'P-3', 'P-4', 'P-5']) await dispatched(id, '2026-12-28T09:00:00+08:00');
    await dispatched('E-1', '2026-10-09T09:00:00+08:00');
  });

  it('lists only the tickets with a provisional deadline, by its year, a page at a time', async () => {
    // Act
    const pages = await allPages(2026, 2);

    // Assess: the exact October ticket is not listed; DynamoDB may close with an empty page
    expect(tickets.get('P-1')?.clocks.handling).toMatchObject({ provisional: true });
    expect(tickets.get('E-1')?.clocks.handling).toMatchObject({ provisional: false });
    expect(pages.slice(0, 3)).toEqual([['2027#P-1', '2027#P-2'], ['2027#P-3', '2027#P-4'], ['2027#P-5']]);
    expect(pages.slice(3).flat()).toEqual([]);
    expect((await repo.provisionalPage(2028, { limit: 10 })).items).toEqual([]);
  });

  it('resumes after a cursor although the tickets before it left the index meanwhile', async () => {
    // Prepare: the first page is read, then its tickets are recounted with the loaded 2027
    const first = await repo.provisionalPage(2026, { limit: 2 });
    for (const { ticketId } of first.items) {
      const ticket = tickets.get(ticketId) as Ticket;
      const recounted = step(
        ticket,
        { action: 'recomputeDeadlines', year: 2027, schedule: 'operator schedule of 2027' },
        '2027-01-04T09:00:00+08:00',
        ticketId,
        loaded,
      );
      await repo.append(recounted.ticket, recounted.events, ticket.version, [], {
        ticket,
        ticketNo: `N-${ticketId}`,
      });
      tickets.set(ticketId, recounted.ticket);
    }

    // Act
    const next = await repo.provisionalPage(2026, { limit: 2, cursor: first.cursor });
    const fromStart = await allPages(2026, 10);

    // Assess
    expect(tickets.get('P-1')?.clocks.handling).toMatchObject({ provisional: false });
    expect(next.items.map((e) => e.ticketId)).toEqual(['P-3', 'P-4']);
    expect(fromStart.flat()).toEqual(['2027#P-3', '2027#P-4', '2027#P-5']);
  });

  it('refuses a cursor of another index', async () => {
    const inbox = await repo.inbox('U1', { limit: 1 });
    expect(inbox.cursor).toBeDefined();
    await expect(repo.provisionalPage(2026, { limit: 2, cursor: inbox.cursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
