import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, removeRuntimeData, startLocalRuntime } from '../support/local-runtime.ts';
import { call } from './client.ts';
import { staffApi } from './staff-api.ts';

/**
 * The rules read to the letter (issue 10), walked over HTTP against the local runtime of each
 * policy, its state machines running on the virtual clock.
 */
const HOUR = 3_600_000;
const CLERK = 'unitClerk@ss-urban';

interface Clock {
  id: string;
  startedAt: string;
  deadline: string;
  basis: string;
}

function withRuntime(policy: string, start: string) {
  const state: { runtime?: LocalRuntime; api?: ReturnType<typeof staffApi> } = {};
  beforeAll(async () => {
    state.runtime = await startLocalRuntime({ POLICY_ID: policy, HOTLINE_CLOCK_START: start });
    state.api = staffApi(state.runtime.apiUrl, state.runtime.staffTokens);
  }, 120_000);
  afterAll(async () => {
    await state.runtime?.stop();
    if (state.runtime) removeRuntimeData(state.runtime);
  });
  return () => {
    if (!state.api || !state.runtime) throw new Error('the runtime did not start');
    return { api: state.api, runtime: state.runtime };
  };
}

/** A refused command: its status and rule. */
async function refused(
  rt: LocalRuntime,
  api: ReturnType<typeof staffApi>,
  id: string,
  action: string,
  role: string,
  body: object,
) {
  const reply = await call('POST', `/v1/tickets/${id}/${action}`, {
    token: api.who(role),
    ifMatch: await api.version(id),
    body,
    baseUrl: rt.apiUrl,
  });
  return { status: reply.status, rule: reply.body.rule };
}

describe('pingdingshan-2022: a class D matter by the mayor’s mailbox (PDS:8 D; PDS:14)', () => {
  const pds = withRuntime('pingdingshan-2022', '2026-11-02T09:00:00+08:00');

  it('PDS:8 D runs on its hours clock through reminder and overdue, the written reply on top, and replies with a special report', async () => {
    // Prepare: a mailbox message about a gas smell, dispatched as class D and signed with its leads
    const { api, runtime } = pds();
    const id = await api.register({ channel: 'mayorMailbox', content: '小区燃气泄漏气味浓重' });
    await api.command(id, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county', classId: 'D' });
    expect(await refused(runtime, api, id, 'sign', CLERK, {})).toEqual({
      status: 409,
      rule: 'urgent.leadsMissing',
    });
    await api.command(id, 'sign', CLERK, { leader: '孙副局长', responsible: '赵科长' });
    const { clocks } = (await api.ticket(id)) as { clocks: Record<string, Clock> };
    const handling = clocks.handling as Clock;
    const written = clocks.writtenReply as Clock;
    expect(Date.parse(handling.deadline) - Date.parse(handling.startedAt)).toBe(24 * HOUR);
    expect(handling.basis).toMatch(/^PDS:8 D/);
    expect(written).toMatchObject({ basis: 'PDS:14', deadline: '2026-11-16T23:59:59+08:00' });

    // Act + Assess: the reminder 4 hours before, then the overdue mark and its supervision
    await api.clockTo(new Date(Date.parse(handling.deadline) - 3 * HOUR).toISOString());
    const [reminder] = await api.waitFor(id, 'ReminderSent', 1, (e) => e.clockId === handling.id);
    expect(Date.parse(reminder?.at as string)).toBeLessThan(Date.parse(handling.deadline));
    await api.clockTo(new Date(Date.parse(handling.deadline) + 60_000).toISOString());
    await api.waitFor(id, 'TicketOverdue');
    const supervision = await api.waitFor(id, 'SupervisionOpened');
    expect(supervision.map((e) => e.reason)).toContain('overdue');

    // Act + Assess: the reply needs the special report
    await api.command(id, 'informRequester', CLERK, { summary: '险情已排除' });
    expect(await refused(runtime, api, id, 'reply', CLERK, { summary: '已处置' })).toEqual({
      status: 409,
      rule: 'reply.reportMissing',
    });
    await api.command(id, 'reply', CLERK, { summary: '已处置', report: '专题报告:已关阀排险,无人员伤亡' });
    expect(await api.ticket(id)).toMatchObject({ status: 'replied', overdue: true });
  });
});

describe('changzhou-2016: the platform tells the requester (CZ:二(三))', () => {
  const cz = withRuntime('changzhou-2016', '2026-11-02T09:00:00+08:00');

  it('CZ:二(三) the unit replies, the centre reviews, the platform tells the requester, then the callback', async () => {
    // Prepare
    const { api, runtime } = cz();
    const id = await api.register();
    await api.command(id, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county' });
    await api.command(id, 'sign', CLERK);

    // Act + Assess: the unit does not tell the requester; the platform does, after review
    expect(await refused(runtime, api, id, 'informRequester', CLERK, { summary: '已清理' })).toEqual({
      status: 409,
      rule: 'inform.byPlatform',
    });
    await api.command(id, 'reply', CLERK, { summary: '已清理占道摊点' });
    await api.command(id, 'review', 'dispatcher', { approve: true, note: '答复完整' });
    expect(
      await refused(runtime, api, id, 'recordCallback', 'callbackAgent', {
        outcome: 'answered',
        satisfied: true,
      }),
    ).toEqual({ status: 409, rule: 'callback.resultNotTold' });
    await api.command(id, 'informRequester', 'dispatcher', { summary: '您反映的占道经营已清理' });
    await api.command(id, 'recordCallback', 'callbackAgent', { outcome: 'answered', satisfied: true });
    expect(await api.ticket(id)).toMatchObject({
      status: 'evaluated',
      callback: { satisfaction: 'satisfied' },
    });
  });
});

describe('jinzhou-2023: the requester told of an extension (JZ:四(三))', () => {
  const jz = withRuntime('jinzhou-2023', '2026-11-02T09:00:00+08:00');

  it('JZ:四(三) an extension granted in the last 2 working days: the unit is reminded, then tells the requester', async () => {
    // Prepare: a complaint due Monday 2026-11-16
    const { api } = jz();
    const id = await api.register();
    await api.command(id, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county' });
    await api.command(id, 'sign', CLERK);
    const before = (await api.ticket(id)) as { clocks: Record<string, Clock> };
    expect(before.clocks.handling?.deadline).toBe('2026-11-16T23:59:59+08:00');

    // Act: asked and granted on the deadline day
    await api.clockTo('2026-11-16T10:00:00+08:00');
    await api.command(id, 'requestExtension', CLERK, {
      length: { workingDays: 5 },
      reason: '需协调供水部门',
    });
    await api.command(id, 'decideExtension', 'dispatcher', { approve: true, note: '同意延期5个工作日' });
    const after = (await api.ticket(id)) as { clocks: Record<string, Clock> };

    // Assess: the new deadline, and the window to tell the requester; missed, the unit is reminded
    expect(after.clocks.handling?.deadline).toBe('2026-11-23T23:59:59+08:00');
    expect(after.clocks.extensionNotice?.deadline).toBe('2026-11-17T23:59:59+08:00');
    await api.clockTo('2026-11-18T00:10:00+08:00');
    const [reminder] = await api.waitFor(id, 'ReminderSent', 1, (e) => e.reason === 'extensionNotice');
    expect(reminder).toMatchObject({ clockId: after.clocks.extensionNotice?.id });
    await api.command(id, 'informExtension', CLERK, { method: 'phone', note: '已告知延期至11月23日及理由' });
    const [told] = await api.waitFor(id, 'RequesterToldOfExtension');
    expect(told).toMatchObject({ deadline: '2026-11-23T23:59:59+08:00', late: true });
  });
});
