import { beforeEach, describe, expect, it } from 'vitest';
import { countReports } from '../../../functions/app/count-reports.ts';
import { deskSource, registerTicket } from '../../../functions/app/intake.ts';
import type { SupervisionReason, TicketEvent } from '../../../functions/domain/ticket/index.ts';
import { type MemoryContext, memoryContext } from '../../support/memory-ports.ts';

const AGENT = { id: 'agent-1', role: 'agent' };
let ctx: MemoryContext;
/** Each registration's first event, as the bus delivers it. */
const registered = new Map<string, TicketEvent>();

beforeEach(() => {
  ctx = memoryContext({ hashKey: 'test-hash-key' });
  ctx.directory.seed('catalogue', { id: 'noise', name: '噪音', unitId: 'district-env', level: 'county' });
  ctx.directory.seed('region', { id: 'district-a', name: 'A区', level: 'county' });
  registered.clear();
  const create = ctx.tickets.create.bind(ctx.tickets);
  ctx.tickets.create = async (ticket, events, ...rest) => {
    await create(ticket, events, ...rest);
    registered.set(ticket.id, events[0] as TicketEvent);
  };
});

const report = (phone: string) =>
  registerTicket(ctx, deskSource(AGENT), {
    type: 'complaint',
    category: 'noise',
    regionId: 'district-a',
    content: '夜间施工噪音扰民',
    requester: { name: '张三', phone, anonymous: false, confidential: false },
  });

const count = (id: string, event = registered.get(id)) =>
  countReports(ctx, { ticketId: id, seq: 1, type: 'TicketRegistered', event: event as never });

const supervised = (reason: SupervisionReason) =>
  [...ctx.tickets.kept.values()].filter((k) => k.ticket.supervision.open.includes(reason)).length;

describe('Function: countReports (AH:20(六) on the stream)', () => {
  it('five people on one matter at once: the fifth counted is supervised as concentrated, on the stream', async () => {
    // Prepare: five reports at once, none counted yet when intake read the tallies
    const answers = await Promise.all(
      ['13900000001', '13900000002', '13900000003', '13900000004', '13900000005'].map(report),
    );
    expect(supervised('concentrated')).toBe(0);

    // Act
    const outcomes = await Promise.all(answers.map((a) => count(a.id)));

    // Assess
    expect(supervised('concentrated')).toBe(1);
    expect(outcomes.flatMap((o) => (o.outcome === 'counted' ? o.opened : []))).toEqual(['concentrated']);
    expect(outcomes.map((o) => (o.outcome === 'counted' ? o.sameMatter : -1)).sort()).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });

  it("a requester's third report is supervised as repeated by its count, once; a redelivery counts nothing twice", async () => {
    // Prepare: three reports of one requester, one after another, each counted on the stream
    const first = await report('13900000009');
    await count(first.id);
    const second = await report('13900000009');
    await count(second.id);
    const third = await report('13900000009');
    expect(supervised('repeated')).toBe(0);

    // Act
    const outcome = await count(third.id);
    const again = await count(third.id);

    // Assess
    expect(outcome).toEqual({ outcome: 'counted', sameRequester: 2, sameMatter: 2, opened: ['repeated'] });
    expect(again).toEqual({ ...outcome, opened: [] });
    expect(supervised('repeated')).toBe(1);
    expect(ctx.tickets.kept.get(third.id)?.ticket.supervision.open).toEqual(['repeated']);
  });

  it('a registration stored before counting moved to the stream was counted at intake: left alone', async () => {
    // Prepare: its first event without the counts intake read
    const answer = await report('13900000010');
    const { priorReports: _counted, ...before } = registered.get(answer.id) as TicketEvent & {
      priorReports?: unknown;
    };

    // Act
    const outcome = await count(answer.id, before as TicketEvent);

    // Assess
    expect(outcome).toEqual({ outcome: 'countedAtIntake' });
    expect(ctx.tickets.calls).not.toContain('countReportOnce');
  });
});
