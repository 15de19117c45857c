import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import { clockTimers } from '../../../functions/domain/ticket/index.ts';
import { clerk, dispatched, expectRefused, system } from './fixtures.ts';

/** A Friday in December: a 10-working-day limit reaches into 2027, which has no official schedule. */
const DEC_25 = '2026-12-25T10:00:00+08:00';

/** The 2027 schedule as an operator might load it: January 4-5 off on top of New Year's Day. */
const OPERATOR_2027 = createCalendar({
  operatorSchedules: [
    { year: 2027, source: 'operator', holidays: ['2027-01-01', '2027-01-04', '2027-01-05'], workdays: [] },
  ],
});

const recompute = { action: 'recomputeDeadlines', year: 2027, schedule: 'operator' } as const;

describe("A provisional year's deadlines recomputed when its schedule is loaded (RULES §10)", () => {
  it('RULES §10 a December ticket gets provisional deadlines that ignore the coming schedule', () => {
    const s = dispatched('anhui-2021', DEC_25);
    expect(s.clock('handling')).toMatchObject({ deadline: '2027-01-11T23:59:59+08:00', provisional: true });
  });

  it('RULES §10 the loaded schedule moves the deadline: one event with old and new deadline and the schedule', () => {
    // Prepare
    const s = dispatched('anhui-2021', DEC_25);
    s.run({ action: 'sign' }, clerk);
    const old = s.clock('handling');

    // Act
    const [event] = s.withCalendar(OPERATOR_2027).at('2026-12-28T10:00:00+08:00').run(recompute, system);

    // Assess
    expect(event).toMatchObject({
      type: 'DeadlinesRecomputed',
      year: 2027,
      schedule: 'operator',
      changes: [
        {
          kind: 'handling',
          oldClockId: old.id,
          oldDeadline: '2027-01-11T23:59:59+08:00',
          newDeadline: '2027-01-13T23:59:59+08:00',
          provisional: false,
        },
      ],
    });
    const again = s.clock('handling');
    expect(again).toMatchObject({
      startedAt: old.startedAt,
      deadline: '2027-01-13T23:59:59+08:00',
      provisional: false,
    });
    expect(again.id).not.toBe(old.id);
    // The timers are planned anew on the new clock: the reminder moves to the new last working day.
    const reminder = clockTimers(s.current, again.id, s.context()).find((t) => t.kind === 'reminder');
    expect(reminder?.at).toBe('2027-01-13T09:00:00+08:00');
  });

  it('RULES §10 recomputing again changes nothing (recompute.nothingToDo): the job is idempotent', () => {
    const s = dispatched('anhui-2021', DEC_25);
    s.withCalendar(OPERATOR_2027).run(recompute, system);
    expectRefused(() => s.run(recompute, system), 'recompute.nothingToDo');
  });

  it('RULES §10 a schedule that keeps the provisional days still ends the provisional mark', () => {
    // Prepare: the official notice turns out to match the provisional schedule
    const s = dispatched('anhui-2021', DEC_25);
    const same = createCalendar({
      operatorSchedules: [{ year: 2027, source: 'operator', holidays: ['2027-01-01'], workdays: [] }],
    });

    // Act
    const [event] = s.withCalendar(same).run(recompute, system);

    // Assess
    expect(event).toMatchObject({
      changes: expect.arrayContaining([
        expect.objectContaining({
          kind: 'handling',
          oldDeadline: '2027-01-11T23:59:59+08:00',
          newDeadline: '2027-01-11T23:59:59+08:00',
          provisional: false,
        }),
      ]),
    });
    expect(s.clock('handling').provisional).toBe(false);
  });

  it('RULES §10 an extended clock is counted again from the old deadline it extended', () => {
    // Prepare: extended by 5 working days on the old deadline
    const s = dispatched('anhui-2021', DEC_25);
    s.run({ action: 'sign' }, clerk);
    s.at('2027-01-05T10:00:00+08:00').run(
      { action: 'requestExtension', length: { workingDays: 5 }, reason: '需协调' },
      clerk,
    );
    s.run({ action: 'decideExtension', approve: true, note: '同意' });
    expect(s.clock('handling').deadline).toBe('2027-01-18T23:59:59+08:00');

    // Act
    s.withCalendar(OPERATOR_2027).run(recompute, system);

    // Assess: counted again from the deadline it extended as that stood when granted (January 11)
    expect(s.clock('handling')).toMatchObject({ deadline: '2027-01-18T23:59:59+08:00', provisional: false });
  });

  it('RULES §10 an overdue mark set on a provisional deadline the schedule moves later is lifted', () => {
    // Prepare: overdue on the provisional deadline
    const s = dispatched('anhui-2021', DEC_25);
    s.run({ action: 'sign' }, clerk);
    const overdue = clockTimers(s.current, s.clock('handling').id, s.context()).find(
      (t) => t.kind === 'overdue',
    );
    s.at(overdue?.at ?? '').run({ action: 'fireTimer', timerId: overdue?.id ?? '' }, system);
    expect(s.current.overdue).toBe(true);

    // Act
    s.withCalendar(OPERATOR_2027).run(recompute, system);

    // Assess
    expect(s.current.overdue).toBe(false);
  });
});
