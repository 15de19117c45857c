import { afterEach, describe, expect, inject, it } from 'vitest';
import { clock } from '../../functions/adapters/clock.ts';
import { MemoryReportStore } from '../../functions/adapters/report-store.ts';
import { changeTicket } from '../../functions/app/change-ticket.ts';
import { runTimerTask } from '../../functions/app/timers.ts';
import { type Actor, type CommandInput, commandSchema } from '../../functions/domain/ticket/index.ts';
import { startLocalWorkflows } from '../../infra/local/workflows.ts';
import { EVENT_SOURCE } from '../../workflows/rules.ts';
import { callbackAgent, clerk, dispatcher, type Harness, workflowHarness } from './harness.ts';

/** Monday 2026-11-02, 09:00 in Shanghai; no holiday in the weeks after. */
const MONDAY = '2026-11-02T09:00:00+08:00';

const types = async (h: Harness, id: string) => (await h.history(id)).map((e) => e.type);

describe('State machine: ticket-timer (aws-local-stepfunctions, DynamoDB Local, virtual clock)', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  /** Registered, dispatched to ss-urban and signed, all on Monday morning. */
  async function inProgress(policy = 'anhui-2021') {
    h = await workflowHarness(policy, MONDAY);
    const id = await h.register();
    await h.command(
      id,
      {
        action: 'dispatch',
        leadUnit: 'ss-urban',
        level: 'county',
        classId: policy === 'anhui-2021' ? undefined : 'B',
      },
      dispatcher,
    );
    await h.command(id, { action: 'sign' }, clerk);
    return id;
  }

  async function completed(policy = 'anhui-2021') {
    const id = await inProgress(policy);
    await h.command(id, { action: 'informRequester', summary: '已清理' }, clerk);
    await h.command(id, { action: 'reply', summary: '已清理' }, clerk);
    await h.command(id, { action: 'review', approve: true, note: '答复完整' }, dispatcher);
    return id;
  }

  it('AH:18 an extension approved mid-clock ends the old clock silently; the new deadline holds', async () => {
    // Prepare: the complaint is due Monday 2026-11-16
    const id = await inProgress();
    const oldClock = (await h.load(id)).clocks.handling?.id;
    await h.advanceTo('2026-11-10T10:00:00+08:00', id);
    await h.command(
      id,
      { action: 'requestExtension', length: { workingDays: 5 }, reason: '需现场勘验' },
      clerk,
    );
    await h.command(id, { action: 'decideExtension', approve: true, note: '同意延期' }, dispatcher);

    // Act: past the old deadline, then to the new one's last day
    await h.advanceTo('2026-11-18T12:00:00+08:00', id);
    const afterOldDeadline = await types(h, id);
    await h.advanceTo('2026-11-23T10:00:00+08:00', id);

    // Assess
    expect(afterOldDeadline).not.toContain('TicketOverdue');
    const ticket = await h.load(id);
    expect(ticket.clocks.handling?.deadline).toBe('2026-11-23T23:59:59+08:00');
    const reminders = (await h.history(id)).filter((e) => e.type === 'ReminderSent');
    expect(reminders.map((e) => e.type === 'ReminderSent' && e.clockId)).toEqual([
      ticket.clocks.handling?.id,
    ]);
    expect(reminders.map((e) => e.type === 'ReminderSent' && e.clockId)).not.toContain(oldClock);
    expect(ticket.overdue).toBe(false);
  });

  it('sends no reminder when the unit completes before the deadline, and stops waiting at once', async () => {
    const id = await completed();
    await h.drain();
    // The approved reply ended the unit's clocks: their execution was stopped, not left to wake up.
    expect(h.runner.stopped).toBe(1);
    await h.advanceTo('2026-11-20T12:00:00+08:00', id);
    const seen = await types(h, id);
    expect(seen).not.toContain('ReminderSent');
    expect(seen).not.toContain('TicketOverdue');
  });

  it('commands that outrun the stream leave the timers where the ticket is: no reminder, the callback clock running', async () => {
    // Prepare: a registered ticket
    h = await workflowHarness('anhui-2021', MONDAY);
    const id = await h.register();
    const give = (command: CommandInput, actor: Actor) =>
      changeTicket(h.rt, { ticketId: id, command: commandSchema.parse(command), actor });

    // Act: the whole handling as one burst, the relay left behind, then the stream caught up
    await give({ action: 'dispatch', leadUnit: 'ss-urban', level: 'county' }, dispatcher);
    await give({ action: 'sign' }, clerk);
    await give({ action: 'recordContact', method: 'phone' }, clerk);
    await give({ action: 'informRequester', summary: '已清理' }, clerk);
    await give({ action: 'reply', summary: '已清理' }, clerk);
    await give({ action: 'review', approve: true, note: '答复完整' }, dispatcher);
    await h.drain();
    // Past the unit's first reminders, before the callback's deadline (two working days, AH:25)
    await h.advanceTo('2026-11-04T12:00:00+08:00', id);

    // Assess: the unit's clocks fired nothing; the callback clock alone is left, and its run waits
    const ticket = await h.load(id);
    const seen = await types(h, id);
    expect(seen).not.toContain('ReminderSent');
    expect(seen).not.toContain('TimerFired');
    expect(Object.keys(ticket.clocks)).toEqual(['callback']);
    const callbackRun = `${id}_${ticket.clocks.callback?.id.split('-').pop()}`;
    expect(h.runner.started).toContain(callbackRun);
    expect(h.runner.active).toBe(1);
    expect([h.runner.failures, h.bus.failed]).toEqual([0, 0]);
  });

  it('AH:20(二) takes an overdue ticket to supervision and up the escalation ladder (PDS:24)', async () => {
    // Prepare
    const id = await inProgress();
    // Act
    await h.advanceTo('2026-11-16T10:00:00+08:00', id);
    const onLastDay = await types(h, id);
    await h.advanceTo('2026-11-20T01:00:00+08:00', id);
    const afterThreeDays = await h.load(id);
    await h.advanceTo('2026-12-01T01:00:00+08:00', id);
    // Assess
    expect(onLastDay).toContain('ReminderSent');
    expect(onLastDay).not.toContain('TicketOverdue');
    expect(afterThreeDays).toMatchObject({ overdue: true, escalations: ['centreLeader'] });
    expect(afterThreeDays.supervision.open).toContain('overdue');
    expect((await h.load(id)).escalations).toEqual(['centreLeader', 'inspectionOffice']);
  });

  it('AH:16 a return window that passes makes the ticket deemed accepted', async () => {
    h = await workflowHarness('anhui-2021', MONDAY);
    const id = await h.register();
    await h.command(id, { action: 'dispatch', leadUnit: 'ss-urban', level: 'county' }, dispatcher);
    await h.advanceTo('2026-11-05T00:10:00+08:00', id);
    expect(await h.load(id)).toMatchObject({ status: 'inProgress', assignment: { deemedAccepted: true } });
    await expect(
      h.command(id, { action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' }, clerk),
    ).rejects.toMatchObject({ rule: 'return.windowClosed' });
  });

  it('PDS:16 an answered callback settles it: nothing escalates when the window passes', async () => {
    const id = await completed('pingdingshan-2022');
    await h.advanceTo('2026-11-02T10:00:00+08:00', id);
    await h.command(id, { action: 'recordCallback', outcome: 'answered', satisfied: true }, callbackAgent);
    await h.advanceTo('2026-11-06T10:00:00+08:00', id);
    expect(await h.load(id)).toMatchObject({ status: 'evaluated', callback: { satisfaction: 'satisfied' } });
    expect(await types(h, id)).not.toContain('Escalated');
  });

  it('PDS:17 two unanswered callbacks 3 hours apart record the requester as deemed satisfied', async () => {
    // Prepare
    const id = await completed('pingdingshan-2022');
    await h.advanceTo('2026-11-02T11:00:00+08:00', id);
    await h.command(id, { action: 'recordCallback', outcome: 'unanswered' }, callbackAgent);
    // Act: the second attempt falls due 3 hours later
    await h.advanceTo('2026-11-02T14:00:00+08:00', id);
    const due = (await h.history(id)).filter((e) => e.type === 'CallbackDue');
    await h.command(id, { action: 'recordCallback', outcome: 'unanswered' }, callbackAgent);
    // Assess
    expect(due.map((e) => e.type === 'CallbackDue' && e.attempt)).toEqual([2]);
    expect(await h.load(id)).toMatchObject({
      status: 'evaluated',
      callback: { satisfaction: 'deemedSatisfied' },
    });
  });

  it('PDS:17 refuses a second attempt made before the gap (callback.tooSoon)', async () => {
    const id = await completed('pingdingshan-2022');
    await h.advanceTo('2026-11-02T11:00:00+08:00', id);
    await h.command(id, { action: 'recordCallback', outcome: 'unanswered' }, callbackAgent);
    await h.advanceTo('2026-11-02T13:59:00+08:00', id);
    await expect(
      h.command(id, { action: 'recordCallback', outcome: 'unanswered' }, callbackAgent),
    ).rejects.toMatchObject({ rule: 'callback.tooSoon' });
    expect((await h.history(id)).filter((e) => e.type === 'CallbackDue')).toHaveLength(0);
  });

  it('an event delivered twice starts one clock', async () => {
    // Prepare
    h = await workflowHarness('anhui-2021', MONDAY);
    const id = await h.register();
    await h.command(id, { action: 'dispatch', leadUnit: 'ss-urban', level: 'county' }, dispatcher);
    await h.drain();
    const dispatched = (await h.rt.tickets.events(id, 10)).items.find((e) => e.type === 'TicketDispatched');
    const startedBefore = h.started.length;
    // Act: the bus delivers the same event again
    await h.bus.publish({
      source: EVENT_SOURCE,
      detailType: 'TicketDispatched',
      detail: { ticketId: id, seq: dispatched?.seq, type: 'TicketDispatched', event: dispatched },
    });
    await h.advanceTo('2026-11-16T10:00:00+08:00', id);
    // Assess
    expect(h.started.length).toBe(startedBefore);
    expect((await h.history(id)).filter((e) => e.type === 'ReminderSent')).toHaveLength(1);
  });

  it('a restart of the local runtime loses no timer: pending timers are resumed from the table', async () => {
    // Prepare: dispatched and signed, then everything event-driven stops, as at Ctrl-C
    const id = await inProgress();
    await h.drain();
    await h.stop();
    // Act: the event side starts again on the same table
    const restarted = await startLocalWorkflows(h.rt, inject('dynamodbEndpoint'), {
      reportStore: new MemoryReportStore(),
      timerTask: (input) => runTimerTask(h.rt, input),
    });
    try {
      clock.advance(Date.parse('2026-11-17T01:00:00+08:00') - clock.now().getTime());
      // Assess: the overdue mark still comes
      await h.until('the overdue mark after the restart', async () => (await h.load(id)).overdue);
      expect(restarted.resumed).toBe(1);
    } finally {
      await restarted.stop();
    }
  });
});
