import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { clock } from '../../functions/adapters/clock.ts';
import { changeTicket } from '../../functions/app/change-ticket.ts';
import { importEntries } from '../../functions/app/directory.ts';
import { channelSource, registerTicket } from '../../functions/app/intake.ts';
import {
  SWEEP_DAYS,
  SWEEP_GRACE_MS,
  SWEEP_RECENT_DAYS,
  sweepMissedTimers,
} from '../../functions/app/timers.ts';
import { DIRECTORY_KINDS } from '../../functions/domain/directory/index.ts';
import { commandSchema, earliestTimer } from '../../functions/domain/ticket/index.ts';
import { createRuntime } from '../../functions/runtime/runtime.ts';
import { freshTable } from './table.ts';

/**
 * The sweeper on DynamoDB Local: timers whose executions were lost (no state machine runs here)
 * are found through the due index, day by day over the last days or the last 30, and fired.
 */
describe('Use case: sweepMissedTimers (DynamoDB Local)', () => {
  it('fires the missed timers of tickets due on different days, each ticket once', async () => {
    // Prepare: two tickets dispatched and signed 12 days apart, their timers never started
    const { rt, inProgress } = await setUp();
    const first = await inProgress('2026-11-02T09:00:00+08:00');
    const second = await inProgress('2026-11-16T09:00:00+08:00');

    // Act: a sweep of the last days a month on, then the daily sweep, then another
    clock.pin(new Date('2026-12-01T09:00:00+08:00'));
    const recent = await sweepMissedTimers(rt, SWEEP_RECENT_DAYS);
    const sweep = await sweepMissedTimers(rt, SWEEP_DAYS);
    const again = await sweepMissedTimers(rt, SWEEP_DAYS);

    // Assess: the sweep of the last days does not reach timers due weeks ago; the daily one finds
    // both and fires their due timers; the sweep after it finds nothing left to fire
    expect(recent).toEqual({ tickets: 0, timersFired: 0 });
    expect(sweep.tickets).toBe(2);
    expect(sweep.timersFired).toBeGreaterThanOrEqual(2);
    for (const id of [first, second]) {
      const history = (await rt.tickets.events(id, 100)).items.map((e) => e.type);
      expect(history).toContain('TimerFired');
    }
    expect(again.timersFired).toBe(0);
  });

  it('finds a timer missed minutes ago in its run over the last days', async () => {
    // Prepare: a ticket in progress, its timers never started; the clock just past its first timer
    const { rt, inProgress } = await setUp();
    const id = await inProgress('2026-11-02T09:00:00+08:00');
    const stored = await rt.tickets.load(id);
    const next = stored && earliestTimer(stored.ticket, { policy: rt.policy, calendar: rt.calendar });
    if (!next) throw new Error('the ticket has no timer');
    clock.pin(new Date(Date.parse(next.at) + SWEEP_GRACE_MS + 60_000));

    // Act
    const recent = await sweepMissedTimers(rt, SWEEP_RECENT_DAYS);

    // Assess: found and fired
    expect(recent.tickets).toBe(1);
    expect(recent.timersFired).toBeGreaterThanOrEqual(1);
  });
});

/** A runtime on a fresh table with the demo directory, and a way to put a ticket in progress at a time. */
async function setUp() {
  const { tableName } = await freshTable();
  const rt = createRuntime({
    TABLE_NAME: tableName,
    POLICY_ID: 'anhui-2021',
    REQUESTER_HASH_KEY: 'test-key',
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
  });
  const demo = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../infra/local/demo-directory.json'), 'utf8'),
  );
  for (const kind of DIRECTORY_KINDS) await importEntries(rt.directory, kind, demo[kind] ?? []);
  const inProgress = async (at: string) => {
    clock.pin(new Date(at));
    const { id } = await registerTicket(rt, await channelSource(rt, 'web-portal'), {
      channel: 'web',
      type: 'complaint',
      category: 'street-vendors',
      regionId: 'shushan',
      content: '路口占道经营',
      requester: { name: '张三', phone: '13800138000', anonymous: false, confidential: false },
    });
    const give = (command: unknown, actor: { id: string; role: string; unitId?: string }) =>
      changeTicket(rt, { ticketId: id, command: commandSchema.parse(command), actor });
    await give(
      { action: 'dispatch', leadUnit: 'ss-urban', level: 'county' },
      { id: 'd', role: 'dispatcher' },
    );
    await give({ action: 'sign' }, { id: 'c', role: 'unitClerk', unitId: 'ss-urban' });
    return id;
  };
  return { rt, inProgress };
}
