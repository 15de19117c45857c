import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalRuntime, removeRuntimeData, startLocalRuntime } from '../support/local-runtime.ts';
import { call } from './client.ts';
import { staffApi } from './staff-api.ts';

describe('pingdingshan-2022: a class B ticket dispatched on the Friday before New Year', () => {
  let runtime: LocalRuntime;
  let pds: ReturnType<typeof staffApi>;

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      POLICY_ID: 'pingdingshan-2022',
      HOTLINE_CLOCK_START: '2026-12-25T09:00:00+08:00',
    });
    pds = staffApi(runtime.apiUrl, runtime.staffTokens);
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
    if (runtime) removeRuntimeData(runtime);
  });

  it('PDS:8 B is due after 5 working days across the holiday, goes overdue, is supervised and escalated', async () => {
    // Prepare: dispatched Friday 2026-12-25; 2027-01-01 is New Year's Day (a year with no official schedule)
    const id = await pds.register();
    await pds.command(id, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county', classId: 'B' });
    await pds.command(id, 'sign', 'unitClerk@ss-urban');
    const { clocks } = (await pds.ticket(id)) as { clocks: { handling?: unknown } };
    const handling = clocks.handling;
    expect(handling).toMatchObject({ deadline: '2027-01-04T23:59:59+08:00', provisional: true });

    // Act + Assess: the last working day, the day after, and three working days later
    await pds.clockTo('2027-01-04T10:00:00+08:00');
    await pds.waitFor(id, 'ReminderSent');
    await pds.clockTo('2027-01-05T01:00:00+08:00');
    await pds.waitFor(id, 'TicketOverdue');
    const supervision = await pds.waitFor(id, 'SupervisionOpened');
    expect(supervision.map((e) => e.reason)).toContain('overdue');
    await pds.clockTo('2027-01-08T01:00:00+08:00');
    const escalated = await pds.waitFor(id, 'Escalated');
    expect(escalated[0]).toMatchObject({ level: 'centreLeader' });
    expect(await pds.ticket(id)).toMatchObject({ overdue: true, escalations: ['centreLeader'] });
  });
});

describe('anhui-2021: completion and both callback outcomes', () => {
  const ah = () => staffApi(inject('apiUrl'), inject('staffTokens'));

  async function completed() {
    const a = ah();
    const id = await a.register();
    await a.command(id, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county' });
    await a.command(id, 'sign', 'unitClerk@ss-urban');
    await a.command(id, 'informRequester', 'unitClerk@ss-urban', { summary: '已清理' });
    await a.command(id, 'reply', 'unitClerk@ss-urban', { summary: '已清理' });
    await a.command(id, 'review', 'dispatcher', { approve: true, note: '答复完整' });
    return id;
  }

  it('AH:25 an answered callback records the satisfaction', async () => {
    const a = ah();
    const id = await completed();
    await a.command(id, 'recordCallback', 'callbackAgent', { outcome: 'answered', satisfied: true });
    expect(await a.ticket(id)).toMatchObject({
      status: 'evaluated',
      callback: { satisfaction: 'satisfied' },
    });
  });

  it('PDS:17 two unanswered callbacks, the second due 3 hours after the first, deem the requester satisfied', async () => {
    // Prepare
    const a = ah();
    const id = await completed();
    await a.command(id, 'recordCallback', 'callbackAgent', { outcome: 'unanswered' });
    const firstAt = Date.parse((await a.waitFor(id, 'CallbackAttempted'))[0]?.at as string);
    // Act: too early, then after the gap
    const early = await call('POST', `/v1/tickets/${id}/recordCallback`, {
      token: a.who('callbackAgent'),
      ifMatch: await a.version(id),
      body: { outcome: 'unanswered' },
    });
    await a.clockTo(new Date(firstAt + 3 * 3_600_000 + 1000).toISOString());
    const due = await a.waitFor(id, 'CallbackDue');
    await a.command(id, 'recordCallback', 'callbackAgent', { outcome: 'unanswered' });
    // Assess
    expect(early).toMatchObject({ status: 409, body: { rule: 'callback.tooSoon' } });
    expect(due.map((e) => e.attempt)).toEqual([2]);
    expect(await a.ticket(id)).toMatchObject({
      status: 'evaluated',
      callback: { satisfaction: 'deemedSatisfied' },
    });
  });
});
