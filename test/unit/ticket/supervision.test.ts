import { describe, expect, it } from 'vitest';
import {
  commandSchema,
  decide,
  decideOpenSupervision,
  RuleViolationError,
} from '../../../functions/domain/ticket/index.ts';
import { clerk, completed, expectRefused, inProgress, registered, system, typesOf } from './fixtures.ts';

/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';
/** The Anhui complaint dispatched on NOV_2 is due at the end of this second. */
const AH_DEADLINE = '2026-11-16T23:59:59+08:00';
const AFTER_AH_DEADLINE = '2026-11-17T00:00:00+08:00';

describe('Supervised from intake (AH:20(一),(六))', () => {
  it('AH:20(六) a third report by the same requester is supervised (repeated)', () => {
    const s = registered('anhui-2021', NOV_2, { priorReports: { sameRequester: 2, sameMatter: 0 } });
    expect(s.events('SupervisionOpened')).toMatchObject([
      { reason: 'repeated', note: expect.stringContaining('3') },
    ]);
    expect(s.current.supervision.open).toEqual(['repeated']);
  });

  it('AH:20(六) a ticket the agent links to an earlier one on the same matter counts that one (repeatOf)', () => {
    // Prepare / Act: the intake found one earlier ticket, the agent links a second the count missed
    const s = registered('anhui-2021', NOV_2, { priorReports: { sameRequester: 1, sameMatter: 0 } });
    const linked = registered('anhui-2021', NOV_2, { repeatOf: 'T-0' });

    // Assess
    expect(s.current.supervision.open).toEqual([]);
    expect(linked.current.repeatOf).toBe('T-0');
    expect(linked.current.supervision.open).toEqual([]);
    const third = registered('anhui-2021', NOV_2, {
      repeatOf: 'T-0',
      priorReports: { sameRequester: 2, sameMatter: 0 },
    });
    expect(third.current.supervision.open).toEqual(['repeated']);
  });

  it('AH:20(六) a second report by the same requester is not supervised', () => {
    const s = registered('anhui-2021', NOV_2, { priorReports: { sameRequester: 1, sameMatter: 0 } });
    expect(s.current.supervision.open).toEqual([]);
  });

  it('AH:20(六) a fifth person on the same matter is supervised (concentrated)', () => {
    const s = registered('anhui-2021', NOV_2, { priorReports: { sameRequester: 0, sameMatter: 4 } });
    expect(s.events('SupervisionOpened')).toMatchObject([{ reason: 'concentrated' }]);
  });

  it('AH:20(六) a fourth person on the same matter is not supervised', () => {
    const s = registered('anhui-2021', NOV_2, { priorReports: { sameRequester: 0, sameMatter: 3 } });
    expect(s.current.supervision.open).toEqual([]);
  });

  it('AH:20(六) a repeated and concentrated matter opens both supervisions', () => {
    const s = registered('pingdingshan-2022', NOV_2, { priorReports: { sameRequester: 5, sameMatter: 9 } });
    expect(s.current.supervision.open).toEqual(['repeated', 'concentrated']);
  });

  it('AH:20(一) a transfer from a higher-level platform is supervised (higherLevel)', () => {
    const s = registered('tianning-2013', NOV_2, { channel: 'upperPlatform' });
    expect(s.current.supervision.open).toEqual(['higherLevel']);
  });
});

describe('Supervision opened and closed by the centre (AH:20; AH:21)', () => {
  it('AH:20(七) the centre supervises a matter exposed by the media', () => {
    const s = inProgress('anhui-2021', NOV_2);
    const events = s.run({ action: 'openSupervision', reason: 'media', note: '晚报曝光' });
    expect(events).toMatchObject([{ type: 'SupervisionOpened', reason: 'media', note: '晚报曝光' }]);
    expect(s.current.supervision.open).toEqual(['media']);
  });

  it('AH:20(三) a matter of unclear responsibility can be supervised before dispatch', () => {
    const s = registered('anhui-2021', NOV_2);
    s.run({ action: 'openSupervision', reason: 'unclearResponsibility', note: '职责交叉' });
    expect(s.current.supervision.open).toEqual(['unclearResponsibility']);
  });

  it('AH:20 refuses to open the same supervision twice (supervision.alreadyOpen)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    s.run({ action: 'openSupervision', reason: 'media', note: '晚报曝光' });
    expectRefused(
      () => s.run({ action: 'openSupervision', reason: 'media', note: '电视台曝光' }),
      'supervision.alreadyOpen',
      'AH:20',
    );
  });

  it('AH:21 the centre closes a supervision it opened, and only that one (supervision.notOpen)', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    s.run({ action: 'openSupervision', reason: 'media', note: '晚报曝光' });

    // Act
    s.run({ action: 'closeSupervision', reason: 'media', note: '已回应' });

    // Assess
    expect(s.current.supervision.open).toEqual([]);
    expectRefused(
      () => s.run({ action: 'closeSupervision', reason: 'media', note: '再次' }),
      'supervision.notOpen',
    );
  });
});

describe('Overdue (AH:20(二))', () => {
  it('AH:20(二) refuses to mark a ticket overdue at its deadline (clock.notDue)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expect(s.clock('handling').deadline).toBe(AH_DEADLINE);
    expectRefused(
      () => s.at(AH_DEADLINE).run({ action: 'markOverdue', clockId: s.clock('handling').id }, system),
      'clock.notDue',
    );
    expect(s.current.overdue).toBe(false);
  });

  it('AH:20(二) a ticket past its deadline is overdue and supervised', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    const clock = s.clock('handling');

    // Act
    const events = s.at(AFTER_AH_DEADLINE).run({ action: 'markOverdue', clockId: clock.id }, system);

    // Assess
    expect(events).toMatchObject([
      { type: 'TicketOverdue', clockId: clock.id, deadline: AH_DEADLINE, by: system },
      { type: 'SupervisionOpened', reason: 'overdue' },
    ]);
    expect(s.current.overdue).toBe(true);
    expect(s.current.supervision.open).toEqual(['overdue']);
  });

  it('AH:20(二) a ticket is marked overdue once (overdue.already)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    const clockId = s.clock('handling').id;
    s.at(AFTER_AH_DEADLINE).run({ action: 'markOverdue', clockId }, system);
    expectRefused(() => s.run({ action: 'markOverdue', clockId }, system), 'overdue.already');
  });

  it('AH:20(二) a late contact does not make the ticket overdue (overdue.notHandling)', () => {
    const s = inProgress('anhui-2021', NOV_2);
    expectRefused(
      () =>
        s
          .at('2026-11-04T10:00:00+08:00')
          .run({ action: 'markOverdue', clockId: s.clock('contact').id }, system),
      'overdue.notHandling',
    );
  });

  it('PDS:8 C a unit that has not reported its plan within 5 working days is overdue', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    const plan = s.clock('plan');
    expect(plan.deadline).toBe('2026-11-09T23:59:59+08:00');
    const events = s.at('2026-11-10T00:00:00+08:00').run({ action: 'markOverdue', clockId: plan.id }, system);
    expect(typesOf(events)).toEqual(['TicketOverdue', 'SupervisionOpened']);
  });

  it('PDS:8 A a class A ticket is overdue 4 hours after dispatch', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'A' });
    const clockId = s.clock('handling').id;
    expectRefused(
      () => s.at('2026-11-02T14:00:00+08:00').run({ action: 'markOverdue', clockId }, system),
      'clock.notDue',
    );
    s.at('2026-11-02T14:00:01+08:00').run({ action: 'markOverdue', clockId }, system);
    expect(s.current.overdue).toBe(true);
  });

  it('AH:18 a timer for the deadline an extension replaced is stale (clock.stale)', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    const old = s.clock('handling');
    s.at('2026-11-10T10:00:00+08:00').run(
      { action: 'requestExtension', length: { workingDays: 5 }, reason: '需协调' },
      clerk,
    );
    s.run({ action: 'decideExtension', approve: true, note: '同意' });

    // Act / Assess
    expectRefused(
      () => s.at(AFTER_AH_DEADLINE).run({ action: 'markOverdue', clockId: old.id }, system),
      'clock.stale',
    );
    expectRefused(
      () => s.at(AFTER_AH_DEADLINE).run({ action: 'markOverdue', clockId: s.clock('handling').id }, system),
      'clock.notDue',
    );
  });
});

describe('Reminders (TN:5(6); AH:21)', () => {
  it('TN:5(6) the centre reminds the unit before the deadline', () => {
    const s = inProgress('tianning-2013', NOV_2);
    const clock = s.clock('handling');
    const events = s.at('2026-11-09T10:00:00+08:00').run({ action: 'remind', clockId: clock.id }, system);
    expect(events).toMatchObject([
      { type: 'ReminderSent', clockId: clock.id, deadline: '2026-11-09T23:59:59+08:00' },
    ]);
  });

  it('TN:5(6) refuses a reminder once the deadline is reached (reminder.afterDeadline)', () => {
    const s = inProgress('tianning-2013', NOV_2);
    expectRefused(
      () =>
        s.at('2026-11-09T23:59:59+08:00').run({ action: 'remind', clockId: s.clock('handling').id }, system),
      'reminder.afterDeadline',
    );
  });

  it('TN:5(6) a reminder for a clock an extension replaced is stale (clock.stale)', () => {
    // Prepare
    const s = inProgress('tianning-2013', NOV_2);
    const old = s.clock('handling');
    s.at('2026-11-06T10:00:00+08:00').run(
      { action: 'requestExtension', length: { workingDays: 5 }, reason: '需协调' },
      clerk,
    );
    s.run({ action: 'decideExtension', approve: true, note: '同意' });

    // Act / Assess
    expectRefused(
      () => s.at('2026-11-09T10:00:00+08:00').run({ action: 'remind', clockId: old.id }, system),
      'clock.stale',
    );
    expect(s.run({ action: 'remind', clockId: s.clock('handling').id }, system)).toMatchObject([
      { type: 'ReminderSent', deadline: '2026-11-16T23:59:59+08:00' },
    ]);
  });
});

describe('Escalation (PDS:24; TN:12(三))', () => {
  it('PDS:24 refuses to escalate a ticket that is not overdue (escalation.notOverdue)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () =>
        s
          .at('2026-11-10T10:00:00+08:00')
          .run({ action: 'escalate', level: 'centreLeader', clockId: s.clock('handling').id }, system),
      'escalation.notOverdue',
      'PDS:24',
    );
  });

  it("PDS:24 an overdue ticket goes up to the centre's leaders and then the inspection office", () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    const clockId = s.clock('handling').id;
    s.at('2026-11-10T00:00:00+08:00').run({ action: 'markOverdue', clockId }, system);

    // Act
    s.at('2026-11-13T10:00:00+08:00').run({ action: 'escalate', level: 'centreLeader', clockId }, system);
    s.at('2026-11-24T10:00:00+08:00').run({ action: 'escalate', level: 'inspectionOffice', clockId }, system);

    // Assess
    expect(s.current.escalations).toEqual(['centreLeader', 'inspectionOffice']);
    expect(s.events('Escalated')).toMatchObject([
      { level: 'centreLeader', clockId },
      { level: 'inspectionOffice', clockId },
    ]);
  });

  it('TN:12(三) refuses a second escalation to the same level (escalation.already)', () => {
    const s = inProgress('tianning-2013', NOV_2);
    const clockId = s.clock('handling').id;
    s.at('2026-11-10T00:00:00+08:00').run({ action: 'markOverdue', clockId }, system);
    s.run({ action: 'escalate', level: 'centreLeader', clockId }, system);
    expectRefused(
      () => s.run({ action: 'escalate', level: 'centreLeader', clockId }, system),
      'escalation.already',
    );
  });

  it('PDS:24 a callback whose 2 working days passed without a result is escalated (PDS:16)', () => {
    // Prepare: callback due 2026-11-04
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    const clockId = s.clock('callback').id;

    // Act / Assess
    expectRefused(
      () =>
        s.at('2026-11-04T23:59:59+08:00').run({ action: 'escalate', level: 'centreLeader', clockId }, system),
      'escalation.notOverdue',
    );
    s.at('2026-11-05T00:00:00+08:00').run({ action: 'escalate', level: 'centreLeader', clockId }, system);
    expect(s.current.escalations).toEqual(['centreLeader']);
  });
});

describe('decideOpenSupervision: the decider of openSupervision alone (the report functions carry it)', () => {
  it('answers as the whole decider does, in every status a ticket passes through, opened or refused', () => {
    // Prepare: tickets received, in progress and completed, with and without a supervision open
    const command = commandSchema.parse({
      action: 'openSupervision',
      reason: 'trending',
      note: '苗头性问题',
    });
    const scenarios = [
      registered('anhui-2021', NOV_2),
      inProgress('anhui-2021', NOV_2),
      completed('anhui-2021', NOV_2),
      registered('anhui-2021', NOV_2, { priorReports: { sameRequester: 0, sameMatter: 9 } }),
    ];
    const supervised = registered('anhui-2021', NOV_2);
    supervised.run(command, system);
    scenarios.push(supervised);

    for (const s of scenarios) {
      // Act
      const answer = (decider: typeof decide) => {
        try {
          return decider(s.current, command, s.context(system));
        } catch (error) {
          return (error as RuleViolationError).rule;
        }
      };

      // Assess
      expect(answer(decideOpenSupervision), s.current.status).toEqual(answer(decide));
    }
    expect(() => decideOpenSupervision(null, command, supervised.context(system))).toThrow(
      RuleViolationError,
    );
  });

  it('decides no other command', () => {
    const s = inProgress('anhui-2021', NOV_2);
    const remind = commandSchema.parse({ action: 'remind', clockId: 'handling' });
    expect(() => decideOpenSupervision(s.current, remind, s.context(system))).toThrow(/not decided here/);
  });
});
