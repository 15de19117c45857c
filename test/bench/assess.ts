import { AssessmentRepository, assessmentKeys } from '../../functions/adapters/assessment-repository.ts';
import { DirectoryRepository } from '../../functions/adapters/directory-repository.ts';
import { BatchWriteCommand, DocumentClient } from '../../functions/adapters/document-client.ts';
import { TicketRepository } from '../../functions/adapters/ticket-repository.ts';
import {
  applySanctions,
  type CloseDeps,
  freezeScores,
  publishBulletin,
} from '../../functions/app/monthly-close.ts';
import { projectEvent } from '../../functions/app/project-assessment.ts';
import { COUNTED_EVENT_TYPES } from '../../functions/domain/assessment/index.ts';
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
import { ensureTable, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

/**
 * npm run bench:assess — what the assessment costs in DynamoDB units, on DynamoDB Local (which
 * reports consumed capacity as DynamoDB does):
 * 1. the projection: a standard ticket's lifecycle, each event projected as the bus rule delivers
 *    it; read and write units per event;
 * 2. the monthly close of a month with UNITS units and TICKETS tickets, reading the unit aggregates
 *    only (no pass over tickets), each unit with its knowledge-base upkeep item too: time and units
 *    of each step.
 */
const UNITS = Number(process.env.BENCH_UNITS ?? 500);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const MONTH = '2026-11';
const policy = presetPolicy('pingdingshan-2022');
const COUNTED = new Set<string>(COUNTED_EVENT_TYPES);

const ddb = await startDynamoDbLocal();
const tableName = 'bench-assess';
await ensureTable(ddb.client, tableName);
const db = DocumentClient.from(ddb.client, { marshallOptions: { removeUndefinedValues: true } });
const out = (line: string) => process.stdout.write(`${line}\n`);

try {
  // 1. Projection cost per event
  const calendar = createCalendar();
  const agent: Actor = { id: 'agent-1', role: 'agent' };
  const clerk: Actor = { id: 'clerk-1', role: 'unitClerk', unitId: 'unit-1' };
  let ticket: Ticket | null = null;
  const history: TicketEvent[] = [];
  const run = (command: CommandInput, actor: Actor, at: string) => {
    const events = decide(ticket, commandSchema.parse(command), {
      policy,
      calendar,
      now: parseInstant(at),
      actor,
      newTicketId: 'T-bench',
    });
    ticket = events.reduce<Ticket | null>(evolve, ticket);
    history.push(...events);
  };
  const at = '2026-11-02T09:00:00+08:00';
  run(
    {
      action: 'register',
      channel: 'phone',
      type: 'complaint',
      category: 'housing',
      content: '楼道灯坏了,已经两周无人维修',
      requester: { name: '张三', phone: '13800138000' },
    },
    agent,
    at,
  );
  run({ action: 'dispatch', leadUnit: 'unit-1', coUnits: [], level: 'county', classId: 'B' }, agent, at);
  run({ action: 'sign' }, clerk, at);
  run({ action: 'recordContact', method: 'phone' }, clerk, at);
  run({ action: 'informRequester', summary: '已修复' }, clerk, '2026-11-03T09:00:00+08:00');
  run({ action: 'reply', summary: '已修复' }, clerk, '2026-11-03T09:00:00+08:00');
  run({ action: 'review', approve: true, note: '答复完整' }, agent, '2026-11-03T10:00:00+08:00');
  run({ action: 'recordCallback', outcome: 'unanswered' }, agent, '2026-11-03T11:00:00+08:00');
  run({ action: 'recordCallback', outcome: 'answered', satisfied: true }, agent, '2026-11-03T15:00:00+08:00');
  const stored = ticket as unknown as Ticket;
  await new TicketRepository(db, tableName, (t) => earliestTimer(t, { policy, calendar })).create(
    stored,
    history,
    { ticketNo: 'T-bench', queryCode: '0' },
    {},
  );
  const projection = new AssessmentRepository(db, tableName);
  // The bus rule delivers only the event types that count (workflows/rules.ts).
  const delivered = history.flatMap((e, i) => (COUNTED.has(e.type) ? [i + 1] : []));
  let counted = 0;
  for (const seq of delivered) {
    if ((await projectEvent(projection, { ticketId: stored.id, seq })) === 'counted') counted += 1;
  }
  const again = new AssessmentRepository(db, tableName);
  await projectEvent(again, { ticketId: stored.id, seq: 2 });
  out(
    `projection: ${history.length} events of a standard ticket, ${delivered.length} delivered, ${counted} counted`,
  );
  out(
    `projection_read_units_per_delivered_event=${(projection.consumed.read / delivered.length).toFixed(2)}`,
  );
  out(`projection_write_units_per_counted_event=${(projection.consumed.write / counted).toFixed(2)}`);
  out(`projection_write_units_per_ticket=${projection.consumed.write.toFixed(1)}`);
  out(`projection_redelivery_write_units=${again.consumed.write.toFixed(1)}`);

  // 2. The monthly close over UNITS units and TICKETS tickets' aggregates
  const directory = new DirectoryRepository(db, tableName);
  const groups = policy.ranking.groups.map((g) => g.id);
  const perUnit = Math.floor(TICKETS / UNITS);
  const requests: Record<string, unknown>[] = [];
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < UNITS; i += 1) {
    const id = `unit-${String(i).padStart(3, '0')}`;
    await directory.put('unit', {
      id,
      name: `单位${i}`,
      level: 'county',
      rankingGroup: groups[i % groups.length],
    });
    const n = perUnit + (i < TICKETS - perUnit * UNITS ? 1 : 0);
    const onTime = Math.round(n * (0.6 + 0.4 * random()));
    const satisfied = Math.round(n * (0.5 + 0.5 * random()));
    requests.push({
      PutRequest: {
        Item: {
          ...assessmentKeys.unitMonth(MONTH, id),
          entity: 'aggregate',
          unit: id,
          month: MONTH,
          dispatched: n,
          signed: n,
          contacted: n,
          contactedInWindow: n - Math.round(n * 0.05 * random()),
          contactMissed: Math.round(n * 0.05 * random()),
          replied: n,
          finished: n,
          finishedOnTime: onTime,
          overdue: n - onTime,
          satisfied,
          dissatisfied: n - satisfied,
        },
      },
    });
    // …and its knowledge base's upkeep of the month, on its own item of the partition (AH:26)
    const reviews = 2 + Math.round(8 * random());
    const stale = Math.round(2 * random());
    requests.push({
      PutRequest: {
        Item: {
          ...assessmentKeys.unitUpkeep(MONTH, id),
          entity: 'knowledgeUpkeep',
          unit: id,
          month: MONTH,
          added: 1 + Math.round(3 * random()),
          reviewedOnTime: reviews - stale,
          stale,
          correctionsAnswered: 1,
        },
      },
    });
  }
  for (let i = 0; i < requests.length; i += 25) {
    await db.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(i, i + 25) as never } }),
    );
  }
  const close = new AssessmentRepository(db, tableName);
  const deps: CloseDeps = {
    assessment: close,
    directory,
    policy,
    now: () => new Date('2026-12-01T00:00:00+08:00'),
  };
  const steps = [
    ['freeze', () => freezeScores(deps, MONTH)],
    ['sanction', () => applySanctions(deps, MONTH)],
    ['publish', () => publishBulletin(deps, MONTH)],
  ] as const;
  out(`close: ${UNITS} units, ${TICKETS} tickets of ${MONTH} (aggregates only)`);
  let totalMs = 0;
  for (const [name, step] of steps) {
    const before = { ...close.consumed };
    const started = performance.now();
    const result = await step();
    const ms = performance.now() - started;
    totalMs += ms;
    out(
      `close_${name}_ms=${ms.toFixed(0)} read_units=${(close.consumed.read - before.read).toFixed(1)} write_units=${(close.consumed.write - before.write).toFixed(1)} ${JSON.stringify(result)}`,
    );
  }
  const bulletin = await close.bulletin(MONTH);
  out(`close_total_ms=${totalMs.toFixed(0)}`);
  out(`close_read_units=${close.consumed.read.toFixed(1)}`);
  out(`close_write_units=${close.consumed.write.toFixed(1)}`);
  out(`bulletin_bytes=${Buffer.byteLength(JSON.stringify(bulletin))}`);
} finally {
  await ddb.stop();
}
