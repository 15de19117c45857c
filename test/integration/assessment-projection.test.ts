import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AssessmentRepository, assessmentKeys } from '../../functions/adapters/assessment-repository.ts';
import { DocumentClient, GetCommand, PutCommand } from '../../functions/adapters/document-client.ts';
import { EntryConflictError, KnowledgeRepository } from '../../functions/adapters/knowledge-repository.ts';
import { TicketRepository } from '../../functions/adapters/ticket-repository.ts';
import { projectEvent, rebuildAggregates } from '../../functions/app/project-assessment.ts';
import { createCalendar, parseInstant } from '../../functions/domain/calendar/index.ts';
import {
  DEFAULT_KNOWLEDGE_SETTINGS,
  decideKnowledge,
  type Entry,
  evolveKnowledge,
  type KnowledgeCommand,
} from '../../functions/domain/knowledge/index.ts';
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
  let db: DocumentClient;
  let tickets: TicketRepository;
  const stored: { id: string; events: number; first: TicketEvent }[] = [];

  beforeAll(async () => {
    const table = await freshTable();
    repo = new AssessmentRepository(table.db, table.tableName);
    tableName = table.tableName;
    db = table.db;
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
      stored.push({ id: ticket.id, events: history.length, first: history[0] as TicketEvent });
    }
  });

  it('projects each event once, whatever the order and however often the bus delivers it', async () => {
    // Prepare: every event, in reverse order, and each one twice; a first event as the bus carries it
    const deliveries = stored.flatMap(({ id, events, first }) =>
      Array.from({ length: events }, (_, i) => ({
        ticketId: id,
        seq: events - i,
        ...(events - i === 1 && { event: first as never }),
      })),
    );
    // Act
    const first = [];
    const readBefore = repo.consumed.read;
    for (const d of deliveries) {
      const read = repo.consumed.read;
      first.push(await projectEvent(repo, d));
      // A first event is counted from the bus's copy: nothing before it to read
      if (d.seq === 1) expect(repo.consumed.read).toBe(read);
    }
    expect(repo.consumed.read).toBeGreaterThan(readBefore);
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
    const byKey = <T extends { at: string; dimension: string; value: string }>(rows: T[]) =>
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
    // A month's indicator totals are its days' (summed from the units' aggregates, not stored twice)
    const dayTotal = (month: string) =>
      liveDays
        .filter((r) => r.dimension === 'indicator' && r.at.startsWith(month))
        .reduce((n, r) => n + r.n, 0);
    const monthTotal = (month: string) =>
      liveMonths.filter((r) => r.dimension === 'indicator' && r.at === month).reduce((n, r) => n + r.n, 0);
    expect(monthTotal('2026-11')).toBeGreaterThan(0);
    expect(monthTotal('2026-11')).toBe(dayTotal('2026-11'));
    expect(monthTotal('2026-10')).toBe(dayTotal('2026-10'));
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

  it("keeps the close's frozen scores and bulletin deflated, and reads one stored before as a JSON string", async () => {
    // Prepare: November closed above; an October bulletin as items were written before
    const october = { month: '2026-10', groups: [], ungrouped: [], sanctions: [] };
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...assessmentKeys.close('2026-10', 'BULLETIN'),
          entity: 'close',
          body: JSON.stringify(october),
        },
      }),
    );
    // Act
    const stored = await db.send(
      new GetCommand({ TableName: tableName, Key: assessmentKeys.close('2026-11', 'BULLETIN') }),
    );
    // Assess
    expect(stored.Item?.body).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(inflateRawSync(stored.Item?.body as Uint8Array).toString('utf8'))).toMatchObject({
      month: '2026-11',
    });
    expect(await repo.bulletin('2026-11')).toMatchObject({ month: '2026-11', sanctions: [] });
    expect(await repo.bulletin('2026-10')).toEqual(october);
  });
});

describe('Knowledge-base upkeep in the unit aggregates (AH:26; DynamoDB Local)', () => {
  let repo: AssessmentRepository;
  let kb: KnowledgeRepository;
  let tableName: string;
  const unit = 'ss-urban';
  const kbClerk: Actor = { id: 'clerk-ss', role: 'unitClerk', unitId: unit };
  const timer: Actor = { id: 'knowledge-review', role: 'system' };
  const entries = new Map<string, Entry>();
  let ticketEvents = 0;

  /** Decides a knowledge command and stores its events, as the knowledge API and its timer do. */
  async function kbRun(id: string, command: KnowledgeCommand, actor: Actor, at: string) {
    const entry = entries.get(id) ?? null;
    const events = decideKnowledge(entry, command, {
      now: parseInstant(at),
      actor,
      calendar,
      settings: DEFAULT_KNOWLEDGE_SETTINGS,
      newEntryId: id,
      newCorrectionId: `${id}-c`,
    });
    const next = events.reduce<Entry | null>(evolveKnowledge, entry) as Entry;
    await kb.save(next, events, entry?.revision ?? 0);
    entries.set(id, next);
    return { entry, next, events };
  }

  async function published(id: string, reviewBy: string, at: string) {
    const content = {
      title: `条目${id}`,
      questions: ['路边摆摊找谁'],
      answer: '由城市管理部门负责查处。',
      basis: [],
      category: 'street-vendors',
      regionId: 'shushan',
      public: true,
      reviewBy,
    };
    const checker: Actor = { id: 'checker-1', role: 'dispatcher' };
    await kbRun(id, { action: 'draft', content }, kbClerk, at);
    await kbRun(id, { action: 'submit' }, kbClerk, at);
    await kbRun(id, { action: 'check', outcome: 'approved' }, checker, at);
    await kbRun(id, { action: 'publish' }, { id: 'sup-1', role: 'supervisor' }, at);
  }

  beforeAll(async () => {
    const table = await freshTable();
    tableName = table.tableName;
    const db = DocumentClient.from(table.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    repo = new AssessmentRepository(db, tableName);
    kb = new KnowledgeRepository(db, tableName);
    // The unit finishes one ticket in December (every ticket rate 1), projected from its events
    const { ticket, history } = lifecycle('K-1', unit, '2026-12-01T10:00:00+08:00', (run) => {
      const clerk = clerkOf(unit);
      run({ action: 'sign' }, clerk);
      run({ action: 'recordContact', method: 'phone' }, clerk);
      run({ action: 'informRequester', summary: '已处理' }, clerk);
      run({ action: 'reply', summary: '已处理' }, clerk);
      run({ action: 'review', approve: true, note: '答复完整' });
      run(
        { action: 'recordCallback', outcome: 'answered', satisfied: true },
        agent,
        '2026-12-03T10:00:00+08:00',
      );
    });
    const tickets = new TicketRepository(db, tableName, (t) => earliestTimer(t, { policy, calendar }));
    await tickets.create(ticket, history, { ticketNo: ticket.id, queryCode: '0000' }, {});
    ticketEvents = history.length;
    for (let seq = 1; seq <= history.length; seq += 1) await projectEvent(repo, { ticketId: 'K-1', seq });
    // Its knowledge base in December: two entries added; one reviewed on time, the other gone stale
    // (the daily timer), then reviewed late
    await published('kb-a', '2026-12-20', '2026-12-01T09:00:00+08:00');
    await published('kb-b', '2026-12-05', '2026-12-01T09:30:00+08:00');
    await kbRun('kb-a', { action: 'review', reviewBy: '2027-06-30' }, kbClerk, '2026-12-15T10:00:00+08:00');
    await kbRun('kb-b', { action: 'markStale' }, timer, '2026-12-06T01:00:00+08:00');
    await kbRun('kb-b', { action: 'review', reviewBy: '2027-06-30' }, kbClerk, '2026-12-08T10:00:00+08:00');
  });

  it('the knowledge events add to the unit month beside its ticket indicators, each once', async () => {
    // Prepare: storing kb-a's review again, at the revision it was made from, is refused
    const again = decideKnowledge(
      entries.get('kb-a') ?? null,
      { action: 'markStale' },
      {
        now: parseInstant('2027-07-01T01:00:00+08:00'),
        actor: timer,
        calendar,
        settings: DEFAULT_KNOWLEDGE_SETTINGS,
      },
    );
    const stale = again.reduce<Entry | null>(evolveKnowledge, entries.get('kb-a') ?? null) as Entry;
    const revision = (entries.get('kb-a') as Entry).revision;
    // Act
    await expect(kb.save(stale, again, revision - 1)).rejects.toBeInstanceOf(EntryConflictError);
    const month = Object.fromEntries(await repo.unitMonth('2026-12'));
    // Assess: the ticket's indicators and the upkeep, in one read of the month
    expect(month[unit]).toEqual({
      dispatched: 1,
      signed: 1,
      contacted: 1,
      contactedInWindow: 1,
      replied: 1,
      finished: 1,
      finishedOnTime: 1,
      satisfied: 1,
      knowledgeAdded: 2,
      knowledgeReviewedOnTime: 1,
      knowledgeStale: 1,
      knowledgeReviewedLate: 1,
    });
    expect(await kb.upkeep(unit, '2026-12')).toMatchObject({ added: 2, reviewedOnTime: 1, stale: 1 });
  });

  it('the live scores weigh the upkeep: kept 1, lapsed 1 → 0.5 at weight 5 beside 100 of ticket rates', async () => {
    // Prepare
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => {}, env: {}, stderrIsTTY: false };
    const where = ['--endpoint', inject('dynamodbEndpoint'), '--table', tableName];
    // Act
    const code = await main(
      ['assess', 'scores', '--policy', 'anhui-2021', '--month', '2026-12', ...where],
      io,
    );
    // Assess: (40 + 40 + 10 + 5 + 5 + 5 × 0.5) / 105 × 100 = 97.62
    expect(code).toBe(0);
    const [row] = JSON.parse(out.join('')).groups[0].units;
    expect(row).toMatchObject({ unit, score: 97.62, rank: 1, rates: { onTime: 1, knowledgeUpkeep: 0.5 } });
  });

  it('hotline assess rebuild gives the same numbers from the ticket and knowledge events', async () => {
    // Prepare
    const live = Object.fromEntries(await repo.unitMonth('2026-12'));
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => {}, env: {}, stderrIsTTY: false };
    // Act
    const code = await main(
      [
        'assess',
        'rebuild',
        '--from',
        '2026-12',
        '--endpoint',
        inject('dynamodbEndpoint'),
        '--table',
        tableName,
      ],
      io,
    );
    // Assess
    expect(code).toBe(0);
    const knowledgeEvents = 4 * 2 + 3;
    expect(JSON.parse(out.join(''))).toMatchObject({
      events: ticketEvents + knowledgeEvents,
      knowledgeEvents,
      tickets: 1,
      months: ['2026-12'],
      units: 1,
    });
    expect(Object.fromEntries(await repo.unitMonth('2026-12'))).toEqual(live);
    expect(await kb.upkeep(unit, '2026-12')).toMatchObject({
      added: 2,
      reviewedOnTime: 1,
      stale: 1,
      reviewedLate: 1,
    });
    // The knowledge base keeps counting on the rebuilt item
    await kbRun(
      'kb-a',
      { action: 'retire', reason: '政策已废止' },
      { id: 'sup-1', role: 'supervisor' },
      '2026-12-20T10:00:00+08:00',
    );
    expect((await repo.unitMonth('2026-12')).get(unit)).toMatchObject({
      knowledgeRetired: 1,
      knowledgeAdded: 2,
    });
  });
});
