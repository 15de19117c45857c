import { describe, expect, it } from 'vitest';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import { clockTimers } from '../../../functions/domain/ticket/index.ts';
import {
  clerk,
  dispatched,
  expectRefused,
  head,
  inProgress,
  replied,
  type Scenario,
  system,
  typesOf,
} from './fixtures.ts';

/** Wednesday before the National Day week of 2026 (Oct 1–7 off, Saturday Oct 10 worked). */
const SEP_30 = '2026-09-30T15:00:00+08:00';
/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

const ask = (s: Scenario, at: string, length: { workingDays: number } | { hours: number }) =>
  s.at(at).run({ action: 'requestExtension', length, reason: '需协调多个部门' }, clerk);
const approve = (s: Scenario, at: string) =>
  s.at(at).run({ action: 'decideExtension', approve: true, note: '同意延期' });

describe('Contacting the requester (AH:15; TN:6(三))', () => {
  it('AH:15 the contact clock ends one working day after receipt, skipping National Day', () => {
    const s = inProgress('anhui-2021', SEP_30);
    expect(s.clock('contact')).toMatchObject({ deadline: '2026-10-08T23:59:59+08:00', basis: 'AH:15' });
  });

  it('AH:15 contact on the last moment of the working day is on time', () => {
    // Prepare
    const s = inProgress('anhui-2021', SEP_30);

    // Act
    const [event] = s
      .at('2026-10-08T23:59:59+08:00')
      .run({ action: 'recordContact', method: 'phone' }, clerk);

    // Assess
    expect(event).toMatchObject({ type: 'RequesterContacted', late: false });
    expect(s.current.assignment?.contactedAt).toBe('2026-10-08T23:59:59+08:00');
    expect(s.current.clocks.contact).toBeUndefined();
  });

  it('AH:15 contact after the working day is recorded as late', () => {
    const s = inProgress('anhui-2021', SEP_30);
    const [event] = s.at('2026-10-09T00:00:00+08:00').run({ action: 'recordContact', method: 'sms' }, clerk);
    expect(event).toMatchObject({ type: 'RequesterContacted', late: true });
  });

  it('TN:6(三) Tianning units tell the requester they have the ticket within a working day', () => {
    const s = inProgress('tianning-2013', NOV_2);
    expect(s.clock('contact')).toMatchObject({
      deadline: '2026-11-03T23:59:59+08:00',
      basis: expect.stringContaining('TN:6(三)'),
    });
  });

  it('TN:6(三) contact is recorded only once the unit has signed for the ticket (recordContact.wrongStatus)', () => {
    const s = dispatched('tianning-2013', NOV_2);
    expectRefused(
      () => s.run({ action: 'recordContact', method: 'phone' }, clerk),
      'recordContact.wrongStatus',
    );
  });
});

describe('Returns (AH:16; PDS:11)', () => {
  it('AH:16 allows a return with reasons and legal basis on the second working day after receipt', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    expect(s.clock('return').deadline).toBe('2026-11-04T23:59:59+08:00');

    // Act
    const events = s
      .at('2026-11-04T23:59:59+08:00')
      .run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '《物业管理条例》第5条' }, clerk);

    // Assess
    expect(typesOf(events)).toEqual(['ReturnRequested']);
    expect(s.current.status).toBe('returnRequested');
    expect(s.current.returnRequest).toEqual({
      reason: '不属本单位职责',
      legalBasis: '《物业管理条例》第5条',
      requestedAt: '2026-11-04T23:59:59+08:00',
    });
  });

  it('AH:16 refuses a return after 2 working days (return.windowClosed)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expectRefused(
      () =>
        s
          .at('2026-11-05T00:00:00+08:00')
          .run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '条例' }, clerk),
      'return.windowClosed',
      'AH:16',
    );
    expect(s.current.status).toBe('inProgress');
  });

  it('AH:16 a unit that has not yet signed may ask for a return', () => {
    const s = dispatched('anhui-2021', NOV_2);
    s.run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '条例' }, clerk);
    expect(s.current.status).toBe('returnRequested');
  });

  it('AH:16 a unit that lets the window pass is deemed to have accepted the ticket', () => {
    // Prepare: dispatched, never signed
    const s = dispatched('anhui-2021', NOV_2);
    const window = s.clock('return');

    // Act
    const events = s.at('2026-11-05T00:00:00+08:00').run({ action: 'closeReturnWindow', clockId: window.id });

    // Assess
    expect(events).toMatchObject([{ type: 'ReturnWindowClosed', clockId: window.id }]);
    expect(s.current.status).toBe('inProgress');
    expect(s.current.assignment?.deemedAccepted).toBe(true);
    expect(s.current.clocks.return).toBeUndefined();
    expectRefused(
      () => s.run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '条例' }, clerk),
      'return.windowClosed',
      'AH:16',
    );
  });

  it('AH:16 the return window cannot be closed while it runs (clock.notDue)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expectRefused(
      () =>
        s.at('2026-11-04T23:59:59+08:00').run({ action: 'closeReturnWindow', clockId: s.clock('return').id }),
      'clock.notDue',
    );
  });

  it('AH:16 a timer naming a return window that is no longer running is stale (clock.stale)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expectRefused(
      () => s.at('2026-11-05T00:00:00+08:00').run({ action: 'closeReturnWindow', clockId: 'return-v99' }),
      'clock.stale',
    );
  });

  it('AH:16 a policy that does not deem acceptance leaves the closed window to the centre (return.notDeemed)', () => {
    // Prepare
    const anhui = presetPolicy('anhui-2021');
    const policy = { ...anhui, returns: { ...anhui.returns, deemedAcceptedAfterWindow: false } };
    const s = dispatched(policy, NOV_2);

    // Act / Assess
    expectRefused(
      () =>
        s.at('2026-11-05T00:00:00+08:00').run({ action: 'closeReturnWindow', clockId: s.clock('return').id }),
      'return.notDeemed',
    );
    expect(s.current.assignment?.deemedAccepted).toBe(false);
  });

  it('AH:16 Anhui needs no approval of the return by the unit head', () => {
    const s = inProgress('anhui-2021', NOV_2);
    const events = s.run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '条例' }, clerk);
    expect(events).toMatchObject([{ type: 'ReturnRequested', approvedBy: undefined }]);
  });

  it("PDS:11 refuses a return asked for by a clerk: the approval is the deputy head's act (return.unapproved)", () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () => s.run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' }, clerk),
      'return.unapproved',
      'PDS:11',
    );
  });

  it('PDS:11 the unit head returns the ticket exactly 24 hours after receipt, recorded as the approver', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expect(s.clock('return').deadline).toBe('2026-11-03T10:00:00+08:00');

    // Act
    const events = s
      .at('2026-11-03T10:00:00+08:00')
      .run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' }, head);

    // Assess
    expect(events).toMatchObject([{ type: 'ReturnRequested', approvedBy: head }]);
  });

  it('PDS:11 refuses a return 24 hours and one second after receipt (return.windowClosed)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () =>
        s
          .at('2026-11-03T10:00:01+08:00')
          .run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' }, head),
      'return.windowClosed',
      'PDS:11',
    );
  });

  it('PDS:11 the 24 hours run from the unit checking the ticket in (查收) when it checks in within them', () => {
    // Prepare: dispatched on Monday at 10:00, checked in at 20:00 the same day
    const s = dispatched('pingdingshan-2022', NOV_2, { classId: 'B' });
    expect(s.clock('return').deadline).toBe('2026-11-03T10:00:00+08:00');
    s.at('2026-11-02T20:00:00+08:00').run({ action: 'sign' }, clerk);

    // Act: a return 23 hours after the check-in, 33 hours after dispatch
    const events = s
      .at('2026-11-03T19:00:00+08:00')
      .run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' }, head);

    // Assess
    expect(s.clock('return').deadline).toBe('2026-11-03T20:00:00+08:00');
    expect(events).toMatchObject([{ type: 'ReturnRequested' }]);
  });

  it('PDS:11 a unit that never checks in cannot keep the window open: 24 hours from dispatch, then deemed accepted', () => {
    // Prepare: dispatched on Monday at 10:00 and never checked in
    const s = dispatched('pingdingshan-2022', NOV_2, { classId: 'B' });
    const window = s.clock('return');

    // Act: the window's timer fires, then the unit tries to return the ticket ten days later
    s.at('2026-11-03T10:00:01+08:00').run(
      { action: 'fireTimer', timerId: `${window.id}:returnWindowClosed` },
      system,
    );

    // Assess
    expect(s.current.status).toBe('inProgress');
    expect(s.current.assignment?.deemedAccepted).toBe(true);
    expectRefused(
      () =>
        s
          .at('2026-11-12T10:00:00+08:00')
          .run({ action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' }, head),
      'return.windowClosed',
      'PDS:11',
    );
  });

  it('PDS:11 the centre approves a return and dispatches the ticket again', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    s.at('2026-11-02T15:00:00+08:00').run(
      { action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' },
      head,
    );

    // Act
    const [approved] = s
      .at('2026-11-02T16:00:00+08:00')
      .run({ action: 'decideReturn', approve: true, note: '确不属该单位' });
    s.run({ action: 'dispatch', leadUnit: 'unit-water', level: 'county' });

    // Assess
    expect(approved).toMatchObject({ type: 'ReturnApproved', fromUnit: 'unit-housing' });
    expect(s.current.status).toBe('dispatched');
    expect(s.current.assignment?.leadUnit).toBe('unit-water');
    expect(s.current.classId).toBe('B');
    expect(s.clock('handling')).toMatchObject({
      startedAt: '2026-11-02T16:00:00+08:00',
      deadline: '2026-11-09T23:59:59+08:00',
    });
  });

  it('PDS:11 the centre refuses a return and the unit keeps the ticket, with no second return', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    const request = { action: 'requestReturn', reason: '不属本单位职责', legalBasis: '三定方案' } as const;
    s.run(request, head);

    // Act
    s.run({ action: 'decideReturn', approve: false, note: '属该单位职责' });

    // Assess
    expect(s.current.status).toBe('inProgress');
    expect(s.current.assignment?.leadUnit).toBe('unit-housing');
    expectRefused(() => s.run(request, head), 'return.windowClosed', 'PDS:11');
  });

  it('PDS:11 the centre decides only a return that was asked for (decideReturn.wrongStatus)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () => s.run({ action: 'decideReturn', approve: true, note: 'x' }),
      'decideReturn.wrongStatus',
    );
  });
});

describe('Extensions, Anhui (AH:18)', () => {
  it('AH:18 an approved extension starts a new clock from the old deadline; the old one is not rewritten', () => {
    // Prepare: complaint due 2026-10-20
    const s = inProgress('anhui-2021', SEP_30);
    const first = s.clock('handling');
    const dispatchedClocks = structuredClone(s.events('TicketDispatched')[0]?.clocks);

    // Act
    ask(s, '2026-10-15T10:00:00+08:00', { workingDays: 10 });
    const [approved] = approve(s, '2026-10-16T10:00:00+08:00');

    // Assess
    const extended = s.clock('handling');
    expect(approved).toMatchObject({
      type: 'ExtensionApproved',
      length: { workingDays: 10 },
      policy: { id: 'anhui-2021', version: 3 },
      clocks: [extended],
    });
    expect(extended).toMatchObject({
      kind: 'handling',
      startedAt: '2026-10-16T10:00:00+08:00',
      deadline: '2026-11-03T23:59:59+08:00',
      basis: 'AH:18',
    });
    expect(extended.id).not.toBe(first.id);
    expect(first.deadline).toBe('2026-10-20T23:59:59+08:00');
    expect(s.events('TicketDispatched')[0]?.clocks).toEqual(dispatchedClocks);
    expect(s.current.extensions).toEqual({ granted: 1, requested: 1 });
  });

  it('AH:18 refuses an extension longer than the first limit (extension.tooLong)', () => {
    const s = inProgress('anhui-2021', NOV_2, { type: 'consultation' });
    expectRefused(() => ask(s, NOV_2, { workingDays: 4 }), 'extension.tooLong', 'AH:18');
  });

  it('AH:18 allows an extension as long as the first limit', () => {
    // Prepare: consultation due 2026-11-05
    const s = inProgress('anhui-2021', NOV_2, { type: 'consultation' });

    // Act
    ask(s, NOV_2, { workingDays: 3 });
    approve(s, NOV_2);

    // Assess
    expect(s.clock('handling').deadline).toBe('2026-11-10T23:59:59+08:00');
  });

  it('AH:18 a policy cap on one extension applies besides the first limit (extension.tooLong)', () => {
    const anhui = presetPolicy('anhui-2021');
    const policy = { ...anhui, extension: { ...anhui.extension, maxLength: { workingDays: 5 } } };
    const s = inProgress(policy, NOV_2);
    expectRefused(() => ask(s, NOV_2, { workingDays: 6 }), 'extension.tooLong', 'AH:18');
    expect(ask(s, NOV_2, { workingDays: 5 })).toMatchObject([{ type: 'ExtensionRequested' }]);
  });

  it('AH:18 refuses an extension in hours when the first limit is in working days (extension.unitMismatch)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expectRefused(() => ask(s, NOV_2, { hours: 8 }), 'extension.unitMismatch', 'AH:18');
  });

  it('AH:18 allows a second extension', () => {
    // Prepare
    const s = inProgress('anhui-2021', SEP_30);
    ask(s, '2026-10-15T10:00:00+08:00', { workingDays: 10 });
    approve(s, '2026-10-15T11:00:00+08:00');

    // Act
    ask(s, '2026-10-30T10:00:00+08:00', { workingDays: 10 });
    approve(s, '2026-10-30T11:00:00+08:00');

    // Assess
    expect(s.current.extensions.granted).toBe(2);
    expect(s.clock('handling').deadline).toBe('2026-11-17T23:59:59+08:00');
  });

  it('AH:18 refuses a third extension (extension.limitReached)', () => {
    // Prepare
    const s = inProgress('anhui-2021', SEP_30);
    ask(s, '2026-10-15T10:00:00+08:00', { workingDays: 10 });
    approve(s, '2026-10-15T11:00:00+08:00');
    ask(s, '2026-10-30T10:00:00+08:00', { workingDays: 10 });
    approve(s, '2026-10-30T11:00:00+08:00');

    // Act / Assess
    expectRefused(
      () => ask(s, '2026-11-10T10:00:00+08:00', { workingDays: 1 }),
      'extension.limitReached',
      'AH:18',
    );
  });

  it('AH:18 a refused application still counts: the cap is on applications (延期申请不得超过2次)', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    ask(s, NOV_2, { workingDays: 5 });

    // Act
    const events = s.run({ action: 'decideExtension', approve: false, note: '理由不充分' });

    // Assess
    expect(typesOf(events)).toEqual(['ExtensionRefused']);
    expect(s.current.extensions).toEqual({ granted: 0, requested: 1 });
    expect(s.clock('handling').deadline).toBe('2026-11-16T23:59:59+08:00');
    expect(ask(s, NOV_2, { workingDays: 5 })).toMatchObject([{ type: 'ExtensionRequested' }]);
    s.run({ action: 'decideExtension', approve: false, note: '理由仍不充分' });
    expectRefused(() => ask(s, NOV_2, { workingDays: 5 }), 'extension.limitReached', 'AH:18');
  });

  it('AH:18 refuses a second request while one awaits the centre (extension.pending)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    ask(s, NOV_2, { workingDays: 5 });
    expectRefused(() => ask(s, NOV_2, { workingDays: 3 }), 'extension.pending');
  });

  it('AH:18 the centre decides only an extension that was asked for (extension.nonePending)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expectRefused(() => approve(s, NOV_2), 'extension.nonePending');
  });

  it('AH:18 allows an extension asked at the last second before the deadline', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expect(ask(s, '2026-11-16T23:59:59+08:00', { workingDays: 5 })).toMatchObject([
      { type: 'ExtensionRequested', length: { workingDays: 5 } },
    ]);
  });

  it('AH:18 refuses an extension asked after the deadline (extension.tooLate)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expectRefused(
      () => ask(s, '2026-11-17T00:00:00+08:00', { workingDays: 5 }),
      'extension.tooLate',
      'AH:18',
    );
  });
});

describe('Extensions, Pingdingshan (PDS:9)', () => {
  it('PDS:9 allows an extension asked at the last second before the deadline', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expect(ask(s, '2026-11-09T23:59:59+08:00', { workingDays: 3 })).toMatchObject([
      { type: 'ExtensionRequested' },
    ]);
  });

  it('PDS:9 refuses an extension asked after the deadline (extension.tooLate)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () => ask(s, '2026-11-10T00:00:00+08:00', { workingDays: 3 }),
      'extension.tooLate',
      'PDS:9',
    );
  });

  it('PDS:9 sets no cap on the length: the centre judges it', () => {
    // Prepare: class B due 2026-11-09
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });

    // Act
    ask(s, '2026-11-05T10:00:00+08:00', { workingDays: 10 });
    approve(s, '2026-11-05T11:00:00+08:00');

    // Assess
    expect(s.clock('handling')).toMatchObject({ deadline: '2026-11-23T23:59:59+08:00', basis: 'PDS:9' });
  });

  it('PDS:9 refuses a second extension (extension.limitReached)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    ask(s, '2026-11-05T10:00:00+08:00', { workingDays: 3 });
    approve(s, '2026-11-05T11:00:00+08:00');
    expectRefused(
      () => ask(s, '2026-11-06T10:00:00+08:00', { workingDays: 1 }),
      'extension.limitReached',
      'PDS:9',
    );
  });

  it('PDS:9 refuses an extension of a class A ticket (extension.classNotExtendable)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'A' });
    expectRefused(() => ask(s, NOV_2, { hours: 2 }), 'extension.classNotExtendable', 'PDS:9');
  });

  it('PDS:9 refuses an extension of a class D ticket (extension.classNotExtendable)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'D' });
    expectRefused(() => ask(s, NOV_2, { workingDays: 1 }), 'extension.classNotExtendable', 'PDS:9');
  });

  it('PDS:9 a class C ticket has nothing to extend before the centre sets its deadline (extension.noDeadline)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    expectRefused(() => ask(s, NOV_2, { workingDays: 5 }), 'extension.noDeadline', 'PDS:9');
  });

  it('PDS:8 C a unit that reported its plan in time is not overdue while the centre sets the deadline', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    const planClock = s.clock('plan').id;
    s.at('2026-11-03T10:00:00+08:00').run(
      {
        action: 'submitPlan',
        leader: '李副局长',
        contact: '13900000000',
        progress: '已勘查',
        plan: '月底前拆除',
      },
      clerk,
    );
    // Act + Assess: the plan clock has ended, so its timer finds nothing to do
    expectRefused(
      () => s.at('2026-11-12T10:00:00+08:00').run({ action: 'markOverdue', clockId: planClock }),
      'clock.stale',
    );
    expect(s.current.overdue).toBe(false);
  });

  it('PDS:9 extends a class C ticket once the centre has set its deadline', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    s.at('2026-11-03T10:00:00+08:00').run(
      {
        action: 'submitPlan',
        leader: '李副局长',
        contact: '13900000000',
        progress: '已勘查',
        plan: '月底前拆除',
      },
      clerk,
    );
    s.at('2026-11-04T10:00:00+08:00').run({ action: 'setDeadline', deadline: '2026-11-30T23:59:59+08:00' });

    // Act
    ask(s, '2026-11-25T10:00:00+08:00', { workingDays: 10 });
    approve(s, '2026-11-25T11:00:00+08:00');

    // Assess
    expect(s.clock('handling').deadline).toBe('2026-12-14T23:59:59+08:00');
    expect(s.current.extensions.granted).toBe(1);
  });
});

describe('Extensions, Jinzhou (JZ:四(三))', () => {
  // A complaint dispatched 2026-11-02 is due Monday 2026-11-16: the window is Fri 13 and Mon 16.
  it('JZ:四(三) refuses an extension asked before the last 2 working days (extension.tooEarly)', () => {
    const s = inProgress('jinzhou-2023', NOV_2);
    expectRefused(
      () => ask(s, '2026-11-12T23:59:59+08:00', { workingDays: 5 }),
      'extension.tooEarly',
      'JZ:四(三)',
    );
  });

  it('JZ:四(三) allows an extension on the first of the last 2 working days', () => {
    const s = inProgress('jinzhou-2023', NOV_2);
    expect(ask(s, '2026-11-13T00:00:00+08:00', { workingDays: 5 })).toMatchObject([
      { type: 'ExtensionRequested' },
    ]);
  });

  it('JZ:四(三) allows an extension over the weekend inside the window', () => {
    const s = inProgress('jinzhou-2023', NOV_2);
    expect(ask(s, '2026-11-14T10:00:00+08:00', { workingDays: 5 })).toMatchObject([
      { type: 'ExtensionRequested' },
    ]);
  });

  it('JZ:四(三) allows an extension at the last second before the deadline', () => {
    const s = inProgress('jinzhou-2023', NOV_2);
    expect(ask(s, '2026-11-16T23:59:59+08:00', { workingDays: 5 })).toMatchObject([
      { type: 'ExtensionRequested' },
    ]);
  });

  it('JZ:四(三) refuses an extension after the deadline (extension.tooLate)', () => {
    const s = inProgress('jinzhou-2023', NOV_2);
    expectRefused(
      () => ask(s, '2026-11-17T00:00:00+08:00', { workingDays: 5 }),
      'extension.tooLate',
      'JZ:四(三)',
    );
  });

  it('JZ:四(三) counts the window in working days: a holiday does not open it', () => {
    // Prepare: a consultation dispatched 2026-09-30 is due Saturday 2026-10-10 (make-up working day)
    const s = inProgress('jinzhou-2023', SEP_30, { type: 'consultation' });
    expect(s.clock('handling').deadline).toBe('2026-10-10T23:59:59+08:00');

    // Act / Assess
    expectRefused(() => ask(s, '2026-10-05T10:00:00+08:00', { workingDays: 1 }), 'extension.tooEarly');
    expectRefused(() => ask(s, '2026-10-08T10:00:00+08:00', { workingDays: 1 }), 'extension.tooEarly');
    expect(ask(s, '2026-10-09T10:00:00+08:00', { workingDays: 1 })).toMatchObject([
      { type: 'ExtensionRequested' },
    ]);
  });

  it('JZ:四(三) read as "at least 2 working days before", a later request is refused (extension.tooLate)', () => {
    // Prepare: the operator's alternative reading of the article
    const jinzhou = presetPolicy('jinzhou-2023');
    const policy = {
      ...jinzhou,
      extension: {
        ...jinzhou.extension,
        noEarlierThanBeforeDeadline: null,
        noLaterThanBeforeDeadline: { workingDays: 2 },
      },
    };

    // Act / Assess
    const s = inProgress(policy, NOV_2);
    expectRefused(
      () => ask(s, '2026-11-13T00:00:00+08:00', { workingDays: 5 }),
      'extension.tooLate',
      'JZ:四(三)',
    );
    expect(ask(s, '2026-11-12T23:59:59+08:00', { workingDays: 5 })).toMatchObject([
      { type: 'ExtensionRequested' },
    ]);
  });

  it('JZ:四(三) one extension may not exceed the first limit (extension.tooLong)', () => {
    const s = inProgress('jinzhou-2023', NOV_2);
    expectRefused(() => ask(s, '2026-11-13T10:00:00+08:00', { workingDays: 11 }), 'extension.tooLong');
  });
});

describe('Extensions, Tianning (TN:13(一))', () => {
  it('TN:13(一) allows one extension no longer than the 5 working days', () => {
    // Prepare: due 2026-11-09
    const s = inProgress('tianning-2013', NOV_2);

    // Act
    ask(s, '2026-11-06T10:00:00+08:00', { workingDays: 5 });
    approve(s, '2026-11-06T11:00:00+08:00');

    // Assess
    expect(s.clock('handling').deadline).toBe('2026-11-16T23:59:59+08:00');
  });

  it('TN:13(一) refuses an extension longer than 5 working days (extension.tooLong)', () => {
    const s = inProgress('tianning-2013', NOV_2);
    expectRefused(
      () => ask(s, '2026-11-06T10:00:00+08:00', { workingDays: 6 }),
      'extension.tooLong',
      'TN:13(一)',
    );
  });

  it('TN:13(一) refuses a second extension (extension.limitReached)', () => {
    const s = inProgress('tianning-2013', NOV_2);
    ask(s, '2026-11-06T10:00:00+08:00', { workingDays: 5 });
    approve(s, '2026-11-06T11:00:00+08:00');
    expectRefused(
      () => ask(s, '2026-11-10T10:00:00+08:00', { workingDays: 1 }),
      'extension.limitReached',
      'TN:13(一)',
    );
  });
});

describe('Class C plan and centre-set deadline (PDS:8 C)', () => {
  const plan = {
    action: 'submitPlan',
    leader: '李副局长',
    contact: '13900000000',
    progress: '已现场勘查',
    plan: '分三步整改',
  } as const;

  it('PDS:8 C the unit reports its plan and the centre then sets the deadline', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    const planClock = s.clock('plan');

    // Act
    s.at('2026-11-06T10:00:00+08:00').run(plan, clerk);
    const [set] = s
      .at('2026-11-09T10:00:00+08:00')
      .run({ action: 'setDeadline', deadline: '2026-12-31T17:00:00+08:00' });

    // Assess
    expect(s.current.plan).toMatchObject({
      leader: '李副局长',
      contact: '13900000000',
      at: '2026-11-06T10:00:00+08:00',
    });
    expect(set).toMatchObject({ type: 'DeadlineSet', policy: { id: 'pingdingshan-2022', version: 3 } });
    expect(s.current.clocks.plan).toBeUndefined();
    expect(s.clock('handling')).toMatchObject({
      startedAt: '2026-11-09T10:00:00+08:00',
      deadline: '2026-12-31T17:00:00+08:00',
      basis: 'PDS:8 C',
      provisional: false,
    });
    expect(s.clock('handling').id).not.toBe(planClock.id);
  });

  it('PDS:8 C the centre sets no deadline before the plan (plan.missing)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    expectRefused(
      () => s.run({ action: 'setDeadline', deadline: '2026-12-31T17:00:00+08:00' }),
      'plan.missing',
      'PDS:8 C',
    );
  });

  it('PDS:8 C a class B ticket needs no plan and gets no centre-set deadline (plan.notRequired)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(() => s.run(plan, clerk), 'plan.notRequired', 'PDS:8 C');
    expectRefused(
      () => s.run({ action: 'setDeadline', deadline: '2026-12-31T17:00:00+08:00' }),
      'plan.notRequired',
      'PDS:8 C',
    );
  });

  it('PDS:8 C refuses a second plan (plan.alreadySubmitted)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    s.run(plan, clerk);
    expectRefused(() => s.run(plan, clerk), 'plan.alreadySubmitted');
  });

  it('PDS:8 C refuses a deadline that has already passed (deadline.inPast)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    s.run(plan, clerk);
    expectRefused(
      () =>
        s
          .at('2026-11-09T10:00:00+08:00')
          .run({ action: 'setDeadline', deadline: '2026-11-09T10:00:00+08:00' }),
      'deadline.inPast',
    );
  });
});

describe('Lead and co-units disagree (PDS:12)', () => {
  it('PDS:12 the lead unit reports the disagreement and the centre coordinates under supervision', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B', coUnits: ['unit-water'] });

    // Act
    const events = s.run({ action: 'reportDisagreement', note: '水务局不同意分工' }, clerk);

    // Assess
    expect(events).toMatchObject([
      { type: 'DisagreementReported', note: '水务局不同意分工' },
      { type: 'SupervisionOpened', reason: 'coUnitDisagreement' },
    ]);
    expect(s.current.supervision.open).toContain('coUnitDisagreement');
  });

  it('PDS:12 a second report does not open the supervision twice', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B', coUnits: ['unit-water'] });
    s.run({ action: 'reportDisagreement', note: '第一次' }, clerk);
    expect(typesOf(s.run({ action: 'reportDisagreement', note: '第二次' }, clerk))).toEqual([
      'DisagreementReported',
    ]);
  });

  it('PDS:12 refuses a disagreement on a ticket without co-units (coordination.noCoUnits)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () => s.run({ action: 'reportDisagreement', note: 'x' }, clerk),
      'coordination.noCoUnits',
      'PDS:12',
    );
  });
});

describe('Reply to the centre (PDS:13; AH:24)', () => {
  it('PDS:13 refuses a reply before the requester is told the result (reply.requesterNotInformed)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () => s.run({ action: 'reply', summary: '已处理' }, clerk),
      'reply.requesterNotInformed',
      'PDS:13',
    );
    expect(s.current.status).toBe('inProgress');
  });

  it('PDS:13 replies once the requester has been told; no sign-off is needed in Pingdingshan', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    s.at('2026-11-04T10:00:00+08:00').run({ action: 'informRequester', summary: '已处理' }, clerk);

    // Act
    s.at('2026-11-04T11:00:00+08:00').run({ action: 'reply', summary: '已处理' }, clerk);

    // Assess
    expect(s.current.status).toBe('replied');
    expect(s.current.requesterInformedAt).toBe('2026-11-04T10:00:00+08:00');
    expect(s.current.reply).toEqual({
      summary: '已处理',
      signedOffBy: undefined,
      at: '2026-11-04T11:00:00+08:00',
    });
  });

  it("AH:24 refuses a clerk's reply on a key ticket the head has not signed off (reply.signOffMissing)", () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2, { priority: 'key' });
    s.run({ action: 'informRequester', summary: '已处理' }, clerk);

    // Act / Assess
    expectRefused(
      () => s.run({ action: 'reply', summary: '已处理' }, clerk),
      'reply.signOffMissing',
      'AH:24',
    );
  });

  it('AH:24 a clerk cannot sign off: the sign-off is an act of the head role (signOff.notHead)', () => {
    const s = inProgress('anhui-2021', NOV_2, { priority: 'key' });
    expectRefused(() => s.run({ action: 'signOff' }, clerk), 'signOff.notHead', 'AH:24');
  });

  it("AH:24 a key ticket's reply signed off by the deputy head is recorded with that actor", () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2, { priority: 'key' });
    s.run({ action: 'informRequester', summary: '已处理' }, clerk);

    // Act
    s.run({ action: 'signOff', note: '同意答复' }, head);
    s.run({ action: 'reply', summary: '已处理' }, clerk);

    // Assess
    expect(s.current.reply?.signedOffBy).toEqual(head);
  });

  it('AH:24 a head who replies signs off by replying', () => {
    const s = inProgress('anhui-2021', NOV_2, { priority: 'key' });
    s.run({ action: 'informRequester', summary: '已处理' }, clerk);
    s.run({ action: 'reply', summary: '已处理' }, head);
    expect(s.current.reply?.signedOffBy).toEqual(head);
  });

  it('AH:24 an ordinary ticket needs no sign-off under the Anhui preset', () => {
    const s = inProgress('anhui-2021', NOV_2);
    s.run({ action: 'informRequester', summary: '已处理' }, clerk);
    s.run({ action: 'reply', summary: '已处理' }, clerk);
    expect(s.current.status).toBe('replied');
    expect(s.current.reply?.signedOffBy).toBeUndefined();
  });

  it('AH:24 a key ticket is supervised from dispatch and reminded a working day earlier than an ordinary one', () => {
    // Act
    const key = inProgress('anhui-2021', NOV_2, { priority: 'key' });
    const ordinary = inProgress('anhui-2021', NOV_2);

    // Assess
    expect(key.current.supervision.open).toContain('keyTicket');
    expect(ordinary.current.supervision.open).not.toContain('keyTicket');
    const reminders = (s: Scenario) =>
      clockTimers(s.current, s.clock('handling').id, s.context())
        .filter((t) => t.kind === 'reminder')
        .map((t) => t.at);
    expect(reminders(ordinary)).toEqual(['2026-11-16T09:00:00+08:00']);
    expect(reminders(key)).toEqual(['2026-11-13T09:00:00+08:00', '2026-11-16T09:00:00+08:00']);
  });

  it("TN:13(二) a leader-instructed matter needs the deputy head's sign-off and a written report", () => {
    // Prepare
    const s = inProgress('tianning-2013', NOV_2);
    const events = s.run({ action: 'recordInstruction', leader: '区长', instruction: '请尽快处理并报告' });
    s.run({ action: 'informRequester', summary: '已处理' }, clerk);

    // Act / Assess
    expect(typesOf(events)).toEqual(['LeaderInstructionRecorded', 'SupervisionOpened']);
    expect(s.current.instruction).toMatchObject({ leader: '区长', text: '请尽快处理并报告' });
    expect(s.current.supervision.open).toContain('higherLevel');
    expectRefused(() => s.run({ action: 'reply', summary: '已处理' }, clerk), 'reply.signOffMissing');
    s.run({ action: 'signOff' }, head);
    expectRefused(
      () => s.run({ action: 'reply', summary: '已处理' }, clerk),
      'reply.reportMissing',
      'TN:13(二)',
    );
    s.run({ action: 'reply', summary: '已处理', report: '书面报告:已完成整改' }, clerk);
    expect(s.current.reply).toMatchObject({ report: '书面报告:已完成整改', signedOffBy: head });
  });

  it('AH:24 the requester is told first even when the head replies (reply.requesterNotInformed)', () => {
    const s = inProgress('anhui-2021', NOV_2, { priority: 'key' });
    expectRefused(() => s.run({ action: 'reply', summary: '已处理' }, head), 'reply.requesterNotInformed');
  });
});

describe('Review of the reply (TN:14; AH:20(四))', () => {
  it('TN:14 an approved reply completes the ticket and starts the 2-working-day callback clock (PDS:16)', () => {
    // Prepare: replied on 2026-11-02 10:00
    const s = replied('tianning-2013', NOV_2);

    // Act: reviewed as soon as it arrives
    const [event] = s.run({ action: 'review', approve: true, note: '答复完整' });

    // Assess
    expect(event).toMatchObject({ type: 'ReplyApproved', clocks: [{ kind: 'callback' }] });
    expect(s.current.status).toBe('completed');
    expect(Object.keys(s.current.clocks)).toEqual(['callback']);
    expect(s.clock('callback').deadline).toBe('2026-11-04T23:59:59+08:00');
  });

  it('AH:20(四) a poor reply is sent back, supervised and redone on a fresh clock', () => {
    // Prepare
    const s = replied('anhui-2021', NOV_2);
    const first = s.clock('handling');

    // Act
    const events = s
      .at('2026-11-06T10:00:00+08:00')
      .run({ action: 'review', approve: false, note: '答复敷衍' });

    // Assess
    expect(typesOf(events)).toEqual(['ReplySentBack', 'SupervisionOpened']);
    expect(events[1]).toMatchObject({ reason: 'sentBack' });
    expect(s.current).toMatchObject({ status: 'inProgress', reworkCount: 1, reply: undefined });
    expect(s.current.supervision.open).toEqual(['sentBack']);
    const fresh = s.clock('handling');
    expect(fresh.id).not.toBe(first.id);
    expect(fresh).toMatchObject({
      startedAt: '2026-11-06T10:00:00+08:00',
      deadline: '2026-11-20T23:59:59+08:00',
      basis: 'TN:14; AH:20(四)',
    });
  });

  it('PDS:13 after a send-back the requester is told again before the new reply (reply.requesterNotInformed)', () => {
    const s = replied('anhui-2021', NOV_2);
    s.run({ action: 'review', approve: false, note: '答复敷衍' });
    expectRefused(() => s.run({ action: 'reply', summary: '重新办理' }, clerk), 'reply.requesterNotInformed');
  });

  it('AH:20(四) a second send-back keeps one supervision open', () => {
    // Prepare
    const s = replied('anhui-2021', NOV_2);
    s.run({ action: 'review', approve: false, note: '第一次退回' });
    s.run({ action: 'informRequester', summary: '重新办理' }, clerk);
    s.run({ action: 'reply', summary: '重新办理' }, clerk);

    // Act
    const events = s.run({ action: 'review', approve: false, note: '第二次退回' });

    // Assess
    expect(typesOf(events)).toEqual(['ReplySentBack']);
    expect(s.current.reworkCount).toBe(2);
    expect(s.current.supervision.open).toEqual(['sentBack']);
  });

  it('TN:14 only a reply is reviewed (review.wrongStatus)', () => {
    const s = inProgress('tianning-2013', NOV_2);
    expectRefused(() => s.run({ action: 'review', approve: true, note: 'x' }), 'review.wrongStatus');
  });
});
