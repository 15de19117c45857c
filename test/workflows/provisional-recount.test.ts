import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saveOperatorSchedule } from '../../functions/adapters/calendar-store.ts';
import { clock } from '../../functions/adapters/clock.ts';
import { changeTicket } from '../../functions/app/change-ticket.ts';
import { importEntries } from '../../functions/app/directory.ts';
import { channelSource, registerTicket } from '../../functions/app/intake.ts';
import {
  type RecountState,
  recomputeProvisionalPage,
  recountStateSchema,
} from '../../functions/app/recompute-deadlines.ts';
import { DIRECTORY_KINDS } from '../../functions/domain/directory/index.ts';
import { type Actor, commandSchema } from '../../functions/domain/ticket/index.ts';
import { createRuntime, type Runtime } from '../../functions/runtime/runtime.ts';
import { loadDefinition } from '../../infra/local/timer-runner.ts';
import { CALENDAR_STATE_MACHINES } from '../../workflows/rules.ts';
import { freshTable } from '../integration/table.ts';

const dispatcher: Actor = { id: 'dispatcher-li', role: 'dispatcher' };
const RECOUNT_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:hotline-test-recount';
/** Small pages, so that seven tickets take four. */
const PAGE = 2;
const TICKETS = 7;

/**
 * workflows/provisional-recount.asl.json, unchanged, under aws-local-stepfunctions: its task calls
 * the page use case of the Lambda task (functions/tasks/recount-provisional.ts) on a table in the
 * run's DynamoDB Local. Seven complaints dispatched on Monday 28 December 2026 reach a provisional
 * 2027; then the deployment brings an operator schedule of 2027 (Saturday 9 January worked).
 */
describe('State machine: provisional-recount (aws-local-stepfunctions, DynamoDB Local)', () => {
  const calendarDir = mkdtempSync(join(tmpdir(), 'hotline-recount-'));
  const ids: string[] = [];
  let before: Runtime;
  let after: Runtime;
  afterAll(() => rmSync(calendarDir, { recursive: true, force: true }));

  beforeAll(async () => {
    clock.pin(new Date('2026-12-28T09:00:00+08:00'));
    const table = await freshTable();
    const env = {
      TABLE_NAME: table.tableName,
      POLICY_ID: 'anhui-2021',
      REQUESTER_HASH_KEY: 'test-key',
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    };
    before = createRuntime(env);
    const demo = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../infra/local/demo-directory.json'), 'utf8'),
    );
    for (const kind of DIRECTORY_KINDS) await importEntries(before.directory, kind, demo[kind] ?? []);
    for (let i = 0; i < TICKETS; i++) {
      const { id } = await registerTicket(before, await channelSource(before, 'web-portal'), {
        channel: 'web',
        type: 'complaint',
        category: 'street-vendors',
        regionId: 'shushan',
        content: `路口占道经营 ${i}`,
        requester: { name: '张三', phone: '13800138000', anonymous: false, confidential: false },
      });
      await changeTicket(before, {
        ticketId: id,
        command: commandSchema.parse({ action: 'dispatch', leadUnit: 'ss-urban', level: 'county' }),
        actor: dispatcher,
      });
      ids.push(id);
    }
    saveOperatorSchedule(calendarDir, {
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: ['2027-01-09'],
    });
    // The functions of the deployment that brings the schedule.
    after = createRuntime({ ...env, HOTLINE_CALENDAR_DIR: calendarDir });
  }, 120_000);

  /** One execution; `page` stands in for the Lambda task (the handler's own parse, then the use case). */
  async function execute(input: object, page: (input: unknown) => Promise<RecountState>) {
    const machine = new StateMachine(
      loadDefinition(CALENDAR_STATE_MACHINES.provisionalRecount.file, { RecountFunctionArn: RECOUNT_ARN }),
    );
    const execution = machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: { RecountPage: page as never },
        retryIntervalOverrides: { RecountPage: 0 },
      },
    });
    return (await execution.result) as unknown as RecountState;
  }
  const recountPage = (input: unknown) =>
    recomputeProvisionalPage(after, recountStateSchema.parse(input), { limit: PAGE });

  it('lists the provisional tickets by index a page at a time, and recounts them with the loaded year', async () => {
    // Prepare
    const listed = await before.tickets.provisionalPage(2026, { limit: 100 });
    expect(listed.items.map((e) => e.ticketId).sort()).toEqual([...ids].sort());
    expect(listed.items.every((e) => e.year === 2027)).toBe(true);

    // Act: the first run fails for good on its third page (a bug, say, not a throttle); the second,
    // started afresh, has each DynamoDB throttle retried by the state machine
    const calls: number[] = [];
    const failing = execute({ startedBy: 'deployment', calendarDigest: 'abc' }, async (input) => {
      const state = recountStateSchema.parse(input);
      calls.push(state.pages);
      if (state.pages === 2) throw new Error('page three cannot be read');
      return recountPage(input);
    });
    await expect(failing).rejects.toThrow('page three cannot be read');
    let throttled = 0;
    const second = await execute({ startedBy: 'operator' }, async (input) => {
      if (throttled++ % 2 === 0) {
        throw Object.assign(new Error('Throughput exceeds the current capacity'), {
          name: 'ProvisionedThroughputExceededException',
        });
      }
      return recountPage(input);
    });

    // Assess: the failed run recounted its two pages (4 tickets) and tried page three thrice (Retry
    // on States.TaskFailed); the second found only the three left, in two pages
    expect(calls).toEqual([0, 1, 2, 2, 2]);
    expect(second).toMatchObject({
      fromYear: 2026,
      done: true,
      pages: 2,
      totals: { listed: 3, recomputed: 3, unchanged: 0, stillProvisional: 0 },
    });
    expect(second.cursor).toBeUndefined();
    expect(throttled).toBe(4);
    for (const id of ids) {
      const stored = await after.tickets.load(id);
      expect(stored?.ticket.clocks.handling).toMatchObject({ provisional: false });
      expect(stored?.ticket.clocks.handling?.deadline.startsWith('2027-01-11')).toBe(true);
      const events = (await after.tickets.events(id, 100)).items;
      expect(events.filter((e) => e.type === 'DeadlinesRecomputed')).toHaveLength(1);
    }
    expect((await after.tickets.provisionalPage(2026, { limit: 100 })).items).toEqual([]);
  });

  it('runs again with nothing left to do: one empty page, no event', async () => {
    // Act
    const again = await execute({}, recountPage);

    // Assess
    expect(again).toEqual({
      fromYear: 2026,
      done: true,
      pages: 1,
      totals: { listed: 0, recomputed: 0, unchanged: 0, stillProvisional: 0 },
    });
  });
});
