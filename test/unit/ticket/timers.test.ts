import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import { clockTimers, dueTimers, earliestTimer, nextTimer } from '../../../functions/domain/ticket/index.ts';
import {
  clerk,
  completed,
  dispatched,
  expectRefused,
  inProgress,
  type Scenario,
  system,
  typesOf,
} from './fixtures.ts';

/** An ordinary Monday: a complaint dispatched then is due Monday 2026-11-16 under anhui-2021. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

const ctxOf = (policyId: string) => ({ policy: presetPolicy(policyId), calendar: createCalendar() });
const fire = (s: Scenario, at: string, timerId: string) =>
  s.at(at).run({ action: 'fireTimer', timerId }, system);

describe('Timers of the handling clock', () => {
  it('plan a reminder on the last working day, the overdue mark, then the escalation ladder', () => {
    const s = dispatched('anhui-2021', NOV_2);
    const clock = s.clock('handling');
    expect(clockTimers(s.current, clock.id, ctxOf('anhui-2021')).map((t) => [t.kind, t.at, t.level])).toEqual(
      [
        ['reminder', '2026-11-16T09:00:00+08:00', undefined],
        ['overdue', '2026-11-17T00:00:00+08:00', undefined],
        ['escalation', '2026-11-20T00:00:00+08:00', 'centreLeader'],
        ['escalation', '2026-12-01T00:00:00+08:00', 'inspectionOffice'],
      ],
    );
  });

  it('TN:5(6) a reminder fires once, and the next timer moves on', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    const ctx = ctxOf('anhui-2021');
    const reminder = nextTimer(s.current, s.clock('handling').id, ctx);
    expect(reminder?.kind).toBe('reminder');
    // Act
    const events = fire(s, '2026-11-16T09:00:00+08:00', reminder?.id ?? '');
    // Assess
    expect(typesOf(events)).toEqual(['ReminderSent', 'TimerFired']);
    expect(nextTimer(s.current, s.clock('handling').id, ctx)?.kind).toBe('overdue');
    expectRefused(() => fire(s, '2026-11-16T09:05:00+08:00', reminder?.id ?? ''), 'timer.alreadyFired');
  });

  it('refuses a timer before it is due (timer.notDue)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    const reminder = nextTimer(s.current, s.clock('handling').id, ctxOf('anhui-2021'));
    expectRefused(() => fire(s, '2026-11-16T08:59:59+08:00', reminder?.id ?? ''), 'timer.notDue');
  });

  it('AH:20(二) overdue opens supervision, then escalates up the ladder (PDS:24)', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    const ctx = ctxOf('anhui-2021');
    const clockId = s.clock('handling').id;
    // Act: fire every timer of the clock as it falls due
    const fired: string[] = [];
    for (let t = nextTimer(s.current, clockId, ctx); t; t = nextTimer(s.current, clockId, ctx)) {
      fired.push(...typesOf(fire(s, t.at, t.id)));
    }
    // Assess
    expect(fired).toEqual([
      'ReminderSent',
      'TimerFired',
      'TicketOverdue',
      'SupervisionOpened',
      'TimerFired',
      'Escalated',
      'TimerFired',
      'Escalated',
      'TimerFired',
    ]);
    expect(s.current.escalations).toEqual(['centreLeader', 'inspectionOffice']);
    expect(s.current.supervision.open).toContain('overdue');
  });

  it('AH:18 an approved extension ends the old clock: its timers are stale, the new deadline holds', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    const oldClock = s.clock('handling').id;
    const oldOverdue = `${oldClock}:overdue`;
    s.at('2026-11-10T10:00:00+08:00').run(
      { action: 'requestExtension', length: { workingDays: 5 }, reason: '需现场勘验' },
      clerk,
    );
    s.at('2026-11-10T11:00:00+08:00').run({ action: 'decideExtension', approve: true, note: '同意' });
    // Act + Assess
    expect(nextTimer(s.current, oldClock, ctxOf('anhui-2021'))).toBeUndefined();
    expectRefused(() => fire(s, '2026-11-17T00:00:00+08:00', oldOverdue), 'clock.stale');
    expect(s.clock('handling').deadline).toBe('2026-11-23T23:59:59+08:00');
    expect(nextTimer(s.current, s.clock('handling').id, ctxOf('anhui-2021'))?.at).toBe(
      '2026-11-23T09:00:00+08:00',
    );
  });

  it('completion before the deadline leaves no reminder to send', () => {
    const s = completed('anhui-2021', NOV_2);
    expect(s.current.clocks.handling).toBeUndefined();
    expect(
      dueTimers(s.current, new Date('2026-12-31T00:00:00Z'), ctxOf('anhui-2021')).map((t) => t.kind),
    ).toEqual(['callbackWindowMissed']);
  });

  it('JZ:四(三) tells the unit when the window to ask for an extension opens', () => {
    const s = dispatched('jinzhou-2023', NOV_2);
    const kinds = clockTimers(s.current, s.clock('handling').id, ctxOf('jinzhou-2023')).map((t) => [
      t.kind,
      t.at,
    ]);
    expect(kinds).toContainEqual(['extensionWindowOpens', '2026-11-13T09:00:00+08:00']);
  });
});

describe('Timers of the contact and return windows', () => {
  it('AH:16 the return window passes: the unit is deemed to have accepted', () => {
    const s = dispatched('anhui-2021', NOV_2);
    const timer = nextTimer(s.current, s.clock('return').id, ctxOf('anhui-2021'));
    expect(timer).toMatchObject({ kind: 'returnWindowClosed', at: '2026-11-05T00:00:00+08:00' });
    const events = fire(s, timer?.at ?? '', timer?.id ?? '');
    expect(typesOf(events)).toEqual(['ReturnWindowClosed', 'TimerFired']);
    expect(s.current).toMatchObject({ status: 'inProgress', assignment: { deemedAccepted: true } });
  });

  it('AH:16 a return asked for in time is not deemed accepted when the window then passes', () => {
    const s = inProgress('anhui-2021', NOV_2);
    const timer = nextTimer(s.current, s.clock('return').id, ctxOf('anhui-2021'));
    s.at('2026-11-03T10:00:00+08:00').run(
      { action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' },
      clerk,
    );
    expect(typesOf(fire(s, timer?.at ?? '', timer?.id ?? ''))).toEqual(['TimerFired']);
    expect(s.current.status).toBe('returnRequested');
  });

  it('AH:15 a unit that has not contacted the requester in time is recorded as late', () => {
    const s = inProgress('anhui-2021', NOV_2);
    const timer = nextTimer(s.current, s.clock('contact').id, ctxOf('anhui-2021'));
    expect(typesOf(fire(s, timer?.at ?? '', timer?.id ?? ''))).toEqual(['ContactWindowMissed', 'TimerFired']);
    expect(s.current.clocks.contact).toBeUndefined();
  });
});

describe('Timers of the callback (PDS:16-17)', () => {
  it('PDS:17 the second attempt falls due 3 hours after an unanswered first', () => {
    // Prepare: the approval itself makes the first call due; no timer is needed for it
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    const ctx = ctxOf('pingdingshan-2022');
    const clockId = s.clock('callback').id;
    expect(nextTimer(s.current, clockId, ctx)?.kind).toBe('callbackWindowMissed');
    // Act
    s.at('2026-11-02T11:00:00+08:00').run({ action: 'recordCallback', outcome: 'unanswered' });
    // Assess
    const second = nextTimer(s.current, clockId, ctx);
    expect(second).toMatchObject({ kind: 'callbackDue', attempt: 2, at: '2026-11-02T14:00:00+08:00' });
    expect(typesOf(fire(s, second?.at ?? '', second?.id ?? ''))).toEqual(['CallbackDue', 'TimerFired']);
  });

  it('PDS:17 after two unanswered attempts the requester is deemed satisfied and the clock ends', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    const clockId = s.clock('callback').id;
    s.at('2026-11-02T11:00:00+08:00').run({ action: 'recordCallback', outcome: 'unanswered' });
    s.at('2026-11-02T14:00:00+08:00').run({ action: 'recordCallback', outcome: 'unanswered' });
    expect(s.current.callback.satisfaction).toBe('deemedSatisfied');
    expect(nextTimer(s.current, clockId, ctxOf('pingdingshan-2022'))).toBeUndefined();
  });

  it('a callback window that passes with no result escalates', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    const missed = clockTimers(s.current, s.clock('callback').id, ctxOf('pingdingshan-2022')).find(
      (t) => t.kind === 'callbackWindowMissed',
    );
    expect(missed?.at).toBe('2026-11-05T00:00:00+08:00');
    expect(typesOf(fire(s, missed?.at ?? '', missed?.id ?? ''))).toEqual(['Escalated', 'TimerFired']);
  });

  it('the earliest timer over all clocks is what the sweeper index holds', () => {
    const s = dispatched('anhui-2021', NOV_2);
    expect(earliestTimer(s.current, ctxOf('anhui-2021'))).toMatchObject({ kind: 'contactMissed' });
  });
});
