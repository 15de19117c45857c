import { describe, expect, it } from 'vitest';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import { clockTimers, decide, type EventOf } from '../../../functions/domain/ticket/index.ts';
import {
  clerk,
  dispatched,
  expectRefused,
  inProgress,
  registered,
  type Scenario,
  typesOf,
} from './fixtures.ts';

/** Wednesday before the National Day week of 2026 (Oct 1–7 off, Saturday Oct 10 worked). */
const SEP_30 = '2026-09-30T15:00:00+08:00';
/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

const dispatchedEvent = (s: Scenario): EventOf<'TicketDispatched'> => {
  const [event] = s.events('TicketDispatched');
  if (!event) throw new Error('not dispatched');
  return event;
};

describe('Answer on the spot (AH:12(一); TN:12(一); PDS:8 A)', () => {
  it('AH:12(一) a consultation answered from the knowledge base is completed and the callback clock starts', () => {
    // Prepare
    const s = registered('anhui-2021', NOV_2, { type: 'consultation' });

    // Act
    const events = s.run({
      action: 'answerOnSpot',
      answer: '办理时间为工作日9:00-17:00',
      method: 'knowledgeBase',
      citations: [{ entryId: 'kb-1', version: 3, title: '办理时间' }],
    });

    // Assess
    expect(typesOf(events)).toEqual(['AnsweredOnSpot']);
    expect(s.current.status).toBe('completed');
    expect(s.current.answer).toEqual({
      text: '办理时间为工作日9:00-17:00',
      method: 'knowledgeBase',
      at: NOV_2,
      citations: [{ entryId: 'kb-1', version: 3, title: '办理时间' }],
    });
    expect(s.current.assignment).toBeUndefined();
    expect(s.clock('callback').deadline).toBe('2026-11-04T23:59:59+08:00');
  });

  it('AH:12(一), AH:30 an answer from the knowledge base cites a published entry version (answerOnSpot.citationRequired)', () => {
    // Prepare
    const s = registered('anhui-2021', NOV_2, { type: 'consultation' });

    // Act / Assess
    expectRefused(
      () => s.run({ action: 'answerOnSpot', answer: '办理时间为工作日', method: 'knowledgeBase' }),
      'answerOnSpot.citationRequired',
    );
    expectRefused(
      () =>
        s.run({
          action: 'answerOnSpot',
          answer: '办理时间为工作日',
          method: 'knowledgeBase',
          citations: [{ entryId: 'kb-1' }],
        }),
      'answerOnSpot.citationRequired',
    );
    expect(s.current.status).toBe('received');
  });

  it('PDS:8 A a three-way call with the unit answers on the spot', () => {
    const s = registered('pingdingshan-2022', NOV_2);
    s.run({ action: 'answerOnSpot', answer: '已三方通话答复', method: 'threeWayCall' });
    expect(s.current.answer?.method).toBe('threeWayCall');
    expect(s.current.status).toBe('completed');
  });

  it('TN:12(一) a dispatched ticket is no longer answered on the spot (answerOnSpot.wrongStatus)', () => {
    const s = dispatched('tianning-2013', NOV_2);
    expectRefused(
      () => s.run({ action: 'answerOnSpot', answer: 'x', method: 'knowledgeBase' }),
      'answerOnSpot.wrongStatus',
    );
  });
});

describe('Dispatch to a lead unit and co-units (AH:12(四),14; PDS:10; TN:17)', () => {
  it('AH:14 dispatches to a lead unit with co-units and supervises the cross-department matter (AH:20(五))', () => {
    // Act
    const s = dispatched('anhui-2021', NOV_2, { coUnits: ['unit-water', 'unit-power'] });

    // Assess
    expect(typesOf(s.history)).toEqual(['TicketRegistered', 'TicketDispatched', 'SupervisionOpened']);
    expect(s.current.status).toBe('dispatched');
    expect(s.current.assignment).toMatchObject({
      leadUnit: 'unit-housing',
      coUnits: ['unit-water', 'unit-power'],
      level: 'county',
      dispatchedAt: NOV_2,
      deemedAccepted: false,
    });
    expect(s.current.supervision.open).toEqual(['crossRegion']);
  });

  it('AH:20(五) a ticket for one unit alone opens no supervision', () => {
    const s = dispatched('anhui-2021', NOV_2);
    expect(s.current.supervision.open).toEqual([]);
  });

  it('AH:14 refuses a co-unit that is also the lead unit (dispatch.coUnitsInvalid)', () => {
    const s = registered('anhui-2021', NOV_2);
    expectRefused(
      () =>
        s.run({ action: 'dispatch', leadUnit: 'unit-housing', coUnits: ['unit-housing'], level: 'county' }),
      'dispatch.coUnitsInvalid',
      'AH:14',
    );
  });

  it('PDS:10 refuses a co-unit named twice (dispatch.coUnitsInvalid)', () => {
    const s = registered('pingdingshan-2022', NOV_2);
    expectRefused(
      () =>
        s.run({
          action: 'dispatch',
          leadUnit: 'unit-housing',
          coUnits: ['unit-water', 'unit-water'],
          level: 'county',
          classId: 'B',
        }),
      'dispatch.coUnitsInvalid',
      'PDS:10',
    );
  });

  it('AH:14 the unit signs for the ticket and it is in progress', () => {
    const s = dispatched('anhui-2021', NOV_2);
    s.at('2026-11-02T11:00:00+08:00').run({ action: 'sign' }, clerk);
    expect(s.current.status).toBe('inProgress');
    expect(s.current.assignment?.signedAt).toBe('2026-11-02T11:00:00+08:00');
    expectRefused(() => s.run({ action: 'sign' }, clerk), 'sign.wrongStatus');
  });
});

describe('Tiered dispatch (CZ:一(二)3; PDS:5)', () => {
  it('PDS:5 re-dispatches down to the township with clocks started again', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    const before = s.clock('handling');

    // Act
    const [event] = s
      .at('2026-11-03T09:00:00+08:00')
      .run({ action: 'redispatch', toUnit: 'street-1', level: 'township', reason: '属街道职责' });

    // Assess
    expect(event).toMatchObject({ type: 'TicketRedispatched', fromUnit: 'unit-housing', toUnit: 'street-1' });
    expect(s.current.status).toBe('dispatched');
    expect(s.current.assignment).toMatchObject({ leadUnit: 'street-1', level: 'township', coUnits: [] });
    const after = s.clock('handling');
    expect(after.id).not.toBe(before.id);
    expect(after.startedAt).toBe('2026-11-03T09:00:00+08:00');
    expect(after.deadline).toBe('2026-11-10T23:59:59+08:00');
  });

  it('CZ:一(二)3 refuses a re-dispatch to the same level (dispatch.notDownward)', () => {
    const s = inProgress('changzhou-2016', NOV_2);
    expectRefused(
      () => s.run({ action: 'redispatch', toUnit: 'unit-other', level: 'county', reason: '同级' }),
      'dispatch.notDownward',
      'CZ:一(二)3',
    );
  });

  it('CZ:一(二)3 refuses a re-dispatch to a higher level (dispatch.notDownward)', () => {
    const s = inProgress('changzhou-2016', NOV_2);
    expectRefused(
      () => s.run({ action: 'redispatch', toUnit: 'city-housing', level: 'city', reason: '上交' }),
      'dispatch.notDownward',
      'PDS:5',
    );
  });
});

describe('Priority marks (AH:24)', () => {
  it('AH:24 a ticket is ordinary unless dispatched as key', () => {
    expect(dispatched('anhui-2021', NOV_2).current.priority).toBe('ordinary');
    expect(dispatched('anhui-2021', NOV_2, { priority: 'key' }).current.priority).toBe('key');
  });

  it('AH:24 refuses a priority the policy does not know (dispatch.unknownPriority)', () => {
    const s = registered('anhui-2021', NOV_2);
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county', priority: 'urgent' }),
      'dispatch.unknownPriority',
      'AH:24',
    );
  });
});

describe('Anhui handling limits (AH:17)', () => {
  it('AH:17(一) a consultation received 2026-09-30 15:00 is due 2026-10-10, across National Day', () => {
    const s = dispatched('anhui-2021', SEP_30, { type: 'consultation' });
    expect(s.clock('handling').deadline).toBe('2026-10-10T23:59:59+08:00');
  });

  it('AH:17(二) a complaint received 2026-09-30 15:00 is due 2026-10-20', () => {
    const s = dispatched('anhui-2021', SEP_30, { type: 'complaint' });
    expect(s.clock('handling').deadline).toBe('2026-10-20T23:59:59+08:00');
  });

  it('AH:17(二) a suggestion is a non-consultation ticket: 10 working days', () => {
    const s = dispatched('anhui-2021', NOV_2, { type: 'suggestion' });
    expect(s.clock('handling').deadline).toBe('2026-11-16T23:59:59+08:00');
  });

  it('AH:17 the TicketDispatched event carries the clocks with the policy id and version', () => {
    // Act
    const s = dispatched('anhui-2021', SEP_30, { type: 'consultation' });

    // Assess
    const event = dispatchedEvent(s);
    expect(event.policy).toEqual({ id: 'anhui-2021', version: 3 });
    expect(event.firstLimit).toEqual({ workingDays: 3 });
    expect(event.limitBasis).toBe('AH:17(一)');
    expect(event.clocks).toEqual([
      {
        id: 'handling-v2',
        kind: 'handling',
        startedAt: SEP_30,
        deadline: '2026-10-10T23:59:59+08:00',
        provisional: false,
        basis: 'AH:17(一)',
        why: 'the handling limit',
        counted: { from: SEP_30, duration: { workingDays: 3 } },
      },
      {
        id: 'contact-v2',
        kind: 'contact',
        startedAt: SEP_30,
        deadline: '2026-10-08T23:59:59+08:00',
        provisional: false,
        basis: 'AH:15',
        counted: { from: SEP_30, duration: { workingDays: 1 } },
      },
      {
        id: 'return-v2',
        kind: 'return',
        startedAt: SEP_30,
        deadline: '2026-10-09T23:59:59+08:00',
        provisional: false,
        basis: 'AH:16',
        counted: { from: SEP_30, duration: { workingDays: 2 } },
      },
    ]);
    expect(s.current.firstLimit).toEqual({ workingDays: 3 });
  });

  it("AH:17(三) a law's own limit wins over the policy's", () => {
    // Act
    const s = dispatched('anhui-2021', NOV_2, {
      legalLimit: { limit: { workingDays: 20 }, basis: '《信息公开条例》第33条' },
    });

    // Assess
    const event = dispatchedEvent(s);
    expect(event.firstLimit).toEqual({ workingDays: 20 });
    expect(event.limitBasis).toBe('《信息公开条例》第33条');
    expect(s.clock('handling')).toMatchObject({
      deadline: '2026-11-30T23:59:59+08:00',
      basis: '《信息公开条例》第33条',
    });
  });

  it("AH:17(三) a law's own limit follows the ticket down the levels", () => {
    // Prepare
    const s = dispatched('anhui-2021', NOV_2, {
      level: 'city',
      legalLimit: { limit: { workingDays: 20 }, basis: '《信息公开条例》第33条' },
    });
    // Act
    s.at('2026-11-03T10:00:00+08:00').run({
      action: 'redispatch',
      toUnit: 'unit-town',
      level: 'township',
      reason: '属地',
    });
    // Assess: 20 working days from the new unit's receipt
    expect(s.clock('handling')).toMatchObject({
      deadline: '2026-12-01T23:59:59+08:00',
      basis: '《信息公开条例》第33条',
    });
  });

  it('AH:17 a deadline in a year with no official schedule is marked provisional', () => {
    const s = dispatched('anhui-2021', '2026-12-24T10:00:00+08:00');
    expect(s.clock('handling').provisional).toBe(true);
    expect(s.clock('contact').provisional).toBe(false);
  });
});

describe('Tianning and Changzhou limits (TN:13)', () => {
  it('TN:13(一) a transferred ticket is answered within 5 working days', () => {
    const s = dispatched('tianning-2013', NOV_2);
    expect(s.clock('handling')).toMatchObject({ deadline: '2026-11-09T23:59:59+08:00', basis: 'TN:13(一)' });
    expect(dispatchedEvent(s).policy).toEqual({ id: 'tianning-2013', version: 3 });
  });

  it('TN:13(一) Changzhou takes the Tianning limit of 5 working days', () => {
    const s = dispatched('changzhou-2016', SEP_30);
    expect(s.clock('handling')).toMatchObject({
      deadline: '2026-10-13T23:59:59+08:00',
      basis: expect.stringContaining('TN:13(一)'),
    });
  });
});

describe('Pingdingshan classes (PDS:8)', () => {
  it('PDS:8 refuses a dispatch without a class (dispatch.classRequired)', () => {
    const s = registered('pingdingshan-2022', NOV_2);
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' }),
      'dispatch.classRequired',
      'PDS:8',
    );
  });

  it('PDS:8 refuses a class that is not A to D (dispatch.unknownClass)', () => {
    const s = registered('pingdingshan-2022', NOV_2);
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county', classId: 'E' }),
      'dispatch.unknownClass',
    );
  });

  it('PDS:8 refuses a class under a policy without classes (dispatch.unknownClass)', () => {
    const s = registered('anhui-2021', NOV_2);
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county', classId: 'A' }),
      'dispatch.unknownClass',
    );
  });

  it('PDS:8 A a class A ticket is due 4 hours after dispatch', () => {
    const s = dispatched('pingdingshan-2022', NOV_2, { classId: 'A' });
    expect(s.current.classId).toBe('A');
    expect(s.current.firstLimit).toEqual({ hours: 4, mode: 'calendar' });
    expect(s.clock('handling')).toMatchObject({ deadline: '2026-11-02T14:00:00+08:00', basis: 'PDS:8 A' });
  });

  it('PDS:8 A the 4 hours run on the clock, through the night', () => {
    const s = dispatched('pingdingshan-2022', '2026-11-06T22:30:00+08:00', { classId: 'A' });
    expect(s.clock('handling').deadline).toBe('2026-11-07T02:30:00+08:00');
  });

  it('PDS:8 B a class B ticket is due in 5 working days', () => {
    const s = dispatched('pingdingshan-2022', NOV_2, { classId: 'B' });
    expect(s.current.firstLimit).toEqual({ workingDays: 5 });
    expect(s.clock('handling')).toMatchObject({ deadline: '2026-11-09T23:59:59+08:00', basis: 'PDS:8 B' });
  });

  it('PDS:8 C a class C ticket starts a 5-working-day plan clock and no handling clock', () => {
    const s = dispatched('pingdingshan-2022', NOV_2, { classId: 'C' });
    expect(s.current.clocks.handling).toBeUndefined();
    expect(s.current.firstLimit).toBeUndefined();
    expect(s.clock('plan')).toMatchObject({ deadline: '2026-11-09T23:59:59+08:00', basis: 'PDS:8 C' });
  });

  it('PDS:8 D a class D ticket is handled at once on a clock in hours, with a reminder and an overdue mark', () => {
    // Act
    const s = dispatched('pingdingshan-2022', NOV_2, { classId: 'D' });

    // Assess
    const event = dispatchedEvent(s);
    expect(event).toMatchObject({ limitBasis: 'PDS:8 D; 24 hours default', urgent: true });
    const clock = s.clock('handling');
    expect(clock).toMatchObject({ startedAt: NOV_2, deadline: '2026-11-03T10:00:00+08:00' });
    const kinds = clockTimers(s.current, clock.id, s.context()).map((t) => [t.kind, t.at]);
    expect(kinds).toContainEqual(['reminder', '2026-11-03T06:00:00+08:00']);
    expect(kinds).toContainEqual(['overdue', '2026-11-03T10:00:01+08:00']);
    // PDS:11: the return window runs from dispatch until the unit checks in
    expect(Object.keys(s.current.clocks).sort()).toEqual(['contact', 'handling', 'return']);
  });

  it('PDS:8 D the unit names its leader in charge and person responsible when it signs (urgent.leadsMissing)', () => {
    // Prepare
    const s = dispatched('pingdingshan-2022', NOV_2, { classId: 'D' });

    // Act / Assess
    expectRefused(
      () => s.run({ action: 'sign', leader: '王副局长' }, clerk),
      'urgent.leadsMissing',
      'PDS:8 D',
    );
    s.run({ action: 'sign', leader: '王副局长', responsible: '李科长' }, clerk);
    expect(s.current.assignment?.urgentLeads).toEqual({ leader: '王副局长', responsible: '李科长' });
  });

  it('PDS:8 D the reply comes with a special report (reply.reportMissing)', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'D' });
    s.run({ action: 'informRequester', summary: '已处置' }, clerk);

    // Act / Assess
    expectRefused(
      () => s.run({ action: 'reply', summary: '已处置' }, clerk),
      'reply.reportMissing',
      'PDS:8 D',
    );
    s.run({ action: 'reply', summary: '已处置', report: '专题报告:险情已排除' }, clerk);
    expect(s.current.reply?.report).toBe('专题报告:险情已排除');
  });

  it("PDS:14 a mayor's mailbox class B message: the written reply's 10 working days replace the class's 5", () => {
    const s = dispatched('pingdingshan-2022', NOV_2, { channel: 'mayorMailbox', classId: 'B' });
    expect(s.clock('handling')).toMatchObject({ deadline: '2026-11-16T23:59:59+08:00', basis: 'PDS:14' });
    expect(s.clock('handling').why).toContain('PDS:8 B');
    expect(s.current.clocks.writtenReply).toBeUndefined();
    expect(dispatchedEvent(s).firstLimit).toEqual({ workingDays: 10 });
  });

  it("PDS:14 never relaxes an urgent class: a class D mayor's mailbox message keeps its hours, the written reply on top", () => {
    // Act
    const s = dispatched('pingdingshan-2022', NOV_2, { channel: 'mayorMailbox', classId: 'D' });

    // Assess
    expect(s.clock('handling')).toMatchObject({
      deadline: '2026-11-03T10:00:00+08:00',
      basis: 'PDS:8 D; 24 hours default',
    });
    expect(s.clock('writtenReply')).toMatchObject({ deadline: '2026-11-16T23:59:59+08:00', basis: 'PDS:14' });
    expect(s.clock('writtenReply').why).toMatch(/on top/);
  });

  it("PDS:14 a leaders' message board class A message keeps its 4 hours, the written reply on top", () => {
    const s = dispatched('pingdingshan-2022', NOV_2, { channel: 'leaderMessageBoard', classId: 'A' });
    expect(s.clock('handling')).toMatchObject({ deadline: '2026-11-02T14:00:00+08:00', basis: 'PDS:8 A' });
    expect(s.clock('writtenReply').deadline).toBe('2026-11-16T23:59:59+08:00');
  });

  it("PDS:14 a class C mayor's mailbox message keeps its plan clock, the written reply on top", () => {
    const s = dispatched('pingdingshan-2022', NOV_2, { channel: 'mayorMailbox', classId: 'C' });
    expect(s.clock('plan').basis).toBe('PDS:8 C');
    expect(s.clock('writtenReply').basis).toBe('PDS:14');
  });

  it("AH:17(三) a law's own limit replaces the policy's, and the mailbox's written reply runs beside it", () => {
    const s = dispatched('pingdingshan-2022', NOV_2, {
      channel: 'mayorMailbox',
      classId: 'B',
      legalLimit: { limit: { workingDays: 15 }, basis: '《信息公开条例》第33条' },
    });
    expect(s.clock('handling')).toMatchObject({ basis: '《信息公开条例》第33条' });
    expect(s.clock('handling').why).toMatch(/AH:17\(三\)/);
    expect(s.clock('writtenReply').basis).toBe('PDS:14');
  });

  it('PDS:14 a phone call of class B keeps the 5 working days of PDS:8 B', () => {
    const s = dispatched('pingdingshan-2022', NOV_2, { channel: 'phone', classId: 'B' });
    expect(s.clock('handling').basis).toBe('PDS:8 B');
    expect(s.current.clocks.writtenReply).toBeUndefined();
  });
});

describe('Policy stamp on events', () => {
  it('events keep the policy version the ticket was registered under', () => {
    // Prepare
    const s = registered('anhui-2021', NOV_2);
    const newer = { ...presetPolicy('anhui-2021'), version: 3 };

    // Act
    const events = decide(
      s.current,
      { action: 'dispatch', leadUnit: 'unit-housing', coUnits: [], level: 'county' },
      { ...s.context(), policy: newer },
    );

    // Assess
    expect(events[0]?.policy).toEqual({ id: 'anhui-2021', version: 3 });
  });
});
