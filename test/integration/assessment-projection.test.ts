import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AssessmentRepository } from '../../functions/adapters/assessment-repository.ts';
import { TicketRepository } from '../../functions/adapters/ticket-repository.ts';
import { projectEvent, rebuildAggregates } from '../../functions/app/project-assessment.ts';
import { createCalendar, parseInstant } from '../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../functions/domain/policy/index.ts';
import {
  type Actor,
  type CommandInput,
  commandSchema,
  decide,
  earliestTimer,
  evolve,
  type Ticket,
  type TicketEvent,
} from '../../functions/domain/ticket/index.ts';
import { main } from '../../infra/cli/main.ts';
import { freshTable } from './table.ts';

const policy = presetPolicy('anhui-2021');
const calendar = createCalendar();
const agent: Actor = { id: 'agent-1', role: 'agent' };
const clerkOf = (unitId: string): Actor => ({ id: `clerk-${unitId}`, role: 'unitClerk', unitId });

/** Drives one ticket through commands, like the API, and keeps its whole history. */
function lifecycle(id: string, unit: string, at: string, steps: (run: Run) => void) {
  let ticket: Ticket | null = null;
  const history: TicketEvent[] = [];
  const run: Run = (command, actor = agent, when = at) => {
    const events = decide(ticket, commandSchema.parse(command), {
      policy,
      calendar,
      now: parseInstant(when),
      actor,
      newTicketId: id,
    });
    ticket = events.reduce<Ticket | null>(evolve, ticket);
    history.push(...events);
  };
  run({
    action: 'register',
    channel: 'phone',
    type: 'complaint',
    category: 'housing',
    content: '楼道灯坏了',
    requester: { name: '张三', phone: '13800138000' },
  });
  run({ action: 'dispatch', leadUnit: unit, coUnits: [], level: 'county' });
  steps(run);
  return { ticket: ticket as unknown as Ticket, history };
}
type Run = (command: CommandInput, actor?: Actor, when?: string) => void;

describe('Assessment projection (DynamoDB Local)', () => {
  let repo: AssessmentRepository;
  let tableName: string;
  let tickets: TicketRepository;
  const stored: { id: string; events: number }[] = [];

  beforeAll(async () => {
    const table = await freshTable();
    repo = new AssessmentRepository(table.db, table.tableName);
    tableName = table.tableName;
    tickets = new TicketRepository(table.db, table.tableName, (t) => earliestTimer(t, { policy, calendar }));
    const finished = (unit: string) => (run: Run) => {
      const clerk = clerkOf(unit);
      run({ action: 'sign' }, clerk);
      run({ action: 'recordContact', method: 'phone' }, clerk);
      run({ action: 'informRequester', summary: '已修复' }, clerk);
      run({ action: 'reply', summary: '已修复' }, clerk);
      run({ action: 'review', approve: true, note: '答复完整' });
      run(
        { action: 'recordCallback', outcome: 'answered', satisfied: true },
        agent,
        '2026-11-04T10:00:00+08:00',
      );
    };
    const all = [
      lifecycle('A-1', 'unit-a', '2026-11-02T10:00:00+08:00', finished('unit-a')),
      lifecycle('A-2', 'unit-a', '2026-11-03T10:00:00+08:00', (run) =>
        run({ action: 'sign' }, clerkOf('unit-a')),
      ),
      lifecycle('B-1', 'unit-b', '2026-11-02T10:00:00+08:00', finished('unit-b')),
    ];
    for (const { ticket, history } of all) {
      await tickets.create(ticket, history, { ticketNo: ticket.id, queryCode: '0000' }, {});
      stored.push({ id: ticket.id, events: history.length });
    }
  });

  it('projects each event once, whatever the order and however often the bus delivers it', async () => {
    // Prepare: every event, in reverse order, and each one twice
    const deliveries = stored.flatMap(({ id, events }) =>
      Array.from({ length: events }, (_, i) => ({ ticketId: id, seq: events - i })),
    );
    // Act
    const first = [];
    for (const d of deliveries) first.push(await projectEvent(repo, d));
    const again = [];
    for (const d of deliveries) again.push(await projectEvent(repo, d));
    // Assess
    expect(first).not.toContain('alreadyCounted');
    expect(again.filter((o) => o === 'counted')).toEqual([]);
    const month = await repo.unitMonth('2026-11');
    expect(Object.fromEntries(month)).toEqual({
      'unit-a': {
        dispatched: 2,
        signed: 2,
        contacted: 1,
        contactedInWindow: 1,
        replied: 1,
        finished: 1,
        finishedOnTime: 1,
        satisfied: 1,
      },
      'unit-b': {
        dispatched: 1,
        signed: 1,
        contacted: 1,
        contactedInWindow: 1,
        replied: 1,
        finished: 1,
        finishedOnTime: 1,
        satisfied: 1,
      },
    });
  });

  it('refuses an event whose history is not all stored yet, so that the rule retries it', async () => {
    await expect(projectEvent(repo, { ticketId: 'A-2', seq: 99 })).rejects.toThrow(
      /only \d+ events are stored/,
    );
  });

  it('a rebuild from the stored events gives the same numbers, and the live projection then adds nothing', async () => {
    // Prepare
    const live = Object.fromEntries(await repo.unitMonth('2026-11'));
    const byKey = (rows: { at: string; dimension: string; value: string }[]) =>
      [...rows].sort((a, b) =>
        `${a.at}${a.dimension}${a.value}`.localeCompare(`${b.at}${b.dimension}${b.value}`),
      );
    const liveDays = byKey(await repo.dailyCounts('2026-10-01', '2026-11-30'));
    const liveMonths = byKey(await repo.monthlyCounts('2026-10', '2026-11'));
    const ticks: string[] = [];
    // Act
    const result = await rebuildAggregates(repo, {
      from: '2026-10',
      progress: { folded: () => ticks.push('t'), written: () => ticks.push('m') },
    });
    // Assess
    expect(result).toMatchObject({ tickets: 3, months: ['2026-10', '2026-11'], units: 2 });
    expect(result.events).toBe(stored.reduce((n, s) => n + s.events, 0));
    expect(ticks.filter((t) => t === 't')).toHaveLength(3);
    expect(Object.fromEntries(await repo.unitMonth('2026-11'))).toEqual(live);
    // The reports' daily counts and monthly roll-ups come back the same too
    expect(liveDays.some((r) => r.dimension === 'indicator')).toBe(true);
    expect(byKey(await repo.dailyCounts('2026-10-01', '2026-11-30'))).toEqual(liveDays);
    expect(byKey(await repo.monthlyCounts('2026-10', '2026-11'))).toEqual(liveMonths);
    expect(await projectEvent(repo, { ticketId: 'B-1', seq: 2 })).toBe('alreadyCounted');
  });

  it('hotline assess rebuild shows its progress and gives the same numbers', async () => {
    // Prepare
    const live = Object.fromEntries(await repo.unitMonth('2026-11'));
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: (t: string) => {
        stderr += t;
      },
      env: {},
      stderrIsTTY: false,
    };
    // Act
    const code = await main(
      [
        'assess',
        'rebuild',
        '--from',
        '2026-11',
        '--endpoint',
        inject('dynamodbEndpoint'),
        '--table',
        tableName,
      ],
      io,
    );
    // Assess
    expect(stderr).toContain('counting tickets: 100% (3/3)');
    expect(stderr).toContain('writing months: 100% (1/1)');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ tickets: 3, months: ['2026-11'], units: 2 });
    expect(Object.fromEntries(await repo.unitMonth('2026-11'))).toEqual(live);
    const bad = await main(['assess', 'rebuild', '--from', 'November'], io);
    expect(bad).toBe(2);
    expect(stderr).toContain('--from must be a month written YYYY-MM');
  });

  it('hotline assess scores ranks the live month, and assess close freezes it and prints the bulletin', async () => {
    // Prepare: anhui-2021 ranks every unit in one group; unit-a and unit-b have every rate at 1
    let stdout = '';
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: () => {},
      env: {},
      stderrIsTTY: false,
    };
    const where = ['--endpoint', inject('dynamodbEndpoint'), '--table', tableName];
    // Act
    const scores = await main(
      ['assess', 'scores', '--policy', 'anhui-2021', '--month', '2026-11', ...where],
      io,
    );
    const live = JSON.parse(stdout);
    stdout = '';
    const close = await main(
      ['assess', 'close', '--policy', 'anhui-2021', '--month', '2026-11', ...where],
      io,
    );
    const bulletin = JSON.parse(stdout);
    // Assess
    expect(scores).toBe(0);
    expect(
      live.groups[0].units.map((u: { unit: string; score: number; rank: number }) => [
        u.unit,
        u.score,
        u.rank,
      ]),
    ).toEqual([
      ['unit-a', 100, 1],
      ['unit-b', 100, 1],
    ]);
    expect(close).toBe(0);
    expect(bulletin).toMatchObject({
      month: '2026-11',
      sanctions: [],
      totals: { counts: { dispatched: 3, finished: 2 } },
    });
    expect(await main(['assess', 'close', '--policy', 'anhui-2021', ...where], io)).toBe(2);
  });
});
