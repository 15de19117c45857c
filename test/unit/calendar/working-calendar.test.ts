import { describe, expect, it } from 'vitest';
import {
  createCalendar,
  DEFAULT_WORKING_HOURS,
  parseInstant,
  toShanghaiIso,
  WorkingCalendar,
  type YearSchedule,
} from '../../../functions/domain/calendar/index.ts';

const at = parseInstant;
const iso = toShanghaiIso;
const notCounted = { countReceiptDay: false };
const counted = { countReceiptDay: true };

describe('yearSource', () => {
  it('is provisional for 2027 unless the operator publishes 2027', () => {
    expect(createCalendar().yearSource(2027)).toBe('provisional');
    const operator2027: YearSchedule = {
      year: 2027,
      source: 'operator',
      holidays: ['2027-01-01'],
      workdays: [],
    };
    expect(createCalendar({ operatorSchedules: [operator2027] }).yearSource(2027)).toBe('operator');
  });

  it('lets an operator schedule replace an official year', () => {
    // Prepare: a (fictional) local schedule for 2026 that keeps only New Year's Day.
    const calendar = createCalendar({
      operatorSchedules: [{ year: 2026, source: 'operator', holidays: ['2026-01-01'], workdays: [] }],
    });

    // Act / Assess
    expect(calendar.yearSource(2026)).toBe('operator');
    expect(calendar.isWorkingDay('2026-10-01')).toEqual({ value: true, provisional: false });
    expect(calendar.isWorkingDay('2026-10-10')).toEqual({ value: false, provisional: false });
    expect(calendar.isWorkingDay('2026-01-01').value).toBe(false);
  });

  it('refuses a year that is not a whole number', () => {
    expect(() => createCalendar().yearSource(2026.5)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  const calendar = createCalendar();

  it('knows the 2026 National Day holiday and its make-up Saturday', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toEqual({ value: false, provisional: false });
    expect(calendar.isWorkingDay('2026-10-10')).toEqual({ value: true, provisional: false });
    expect(calendar.isWorkingDay('2026-10-11')).toEqual({ value: false, provisional: false });
    expect(calendar.isWorkingDay('2026-10-09')).toEqual({ value: true, provisional: false });
  });

  it('never makes 2027-01-01 a working day, and says the answer is provisional', () => {
    expect(calendar.isWorkingDay('2027-01-01')).toEqual({ value: false, provisional: true });
    expect(calendar.isWorkingDay('2027-01-04')).toEqual({ value: true, provisional: true });
  });

  it('follows an operator schedule for 2027, no longer provisional', () => {
    const withOperator = createCalendar({
      operatorSchedules: [
        { year: 2027, source: 'operator', holidays: ['2027-01-01', '2027-01-04'], workdays: ['2027-01-09'] },
      ],
    });
    expect(withOperator.isWorkingDay('2027-01-01')).toEqual({ value: false, provisional: false });
    expect(withOperator.isWorkingDay('2027-01-04')).toEqual({ value: false, provisional: false });
    expect(withOperator.isWorkingDay('2027-01-09')).toEqual({ value: true, provisional: false });
  });

  it('rejects malformed dates and years it cannot compute', () => {
    expect(() => calendar.isWorkingDay('2026-10-1')).toThrow(/invalid local date/);
    expect(() => calendar.isWorkingDay('2150-01-01')).toThrow(/supply an operator schedule/);
  });
});

describe('addWorkingDays', () => {
  const calendar = createCalendar();

  it('counts working days strictly after the start date', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toEqual({ value: '2026-10-08', provisional: false });
    expect(calendar.addWorkingDays('2026-09-30', 3)).toEqual({ value: '2026-10-10', provisional: false });
    expect(calendar.addWorkingDays('2026-10-03', 1)).toEqual({ value: '2026-10-08', provisional: false });
  });

  it('returns the start date itself for 0 days, working day or not', () => {
    expect(calendar.addWorkingDays('2026-10-01', 0)).toEqual({ value: '2026-10-01', provisional: false });
  });

  it('is provisional once it runs into 2027', () => {
    // 2026-12-31 (Thu) is day 1, 2027-01-01 is New Year's Day, then Monday 4 and Tuesday 5.
    expect(calendar.addWorkingDays('2026-12-30', 3)).toEqual({ value: '2027-01-05', provisional: true });
    expect(calendar.addWorkingDays('2026-12-30', 1)).toEqual({ value: '2026-12-31', provisional: false });
  });

  it('rejects negative and fractional counts', () => {
    expect(() => calendar.addWorkingDays('2026-09-30', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-09-30', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-09-30', Number.NaN)).toThrow(RangeError);
  });

  it('answers a long limit that reaches a year without an official schedule, marked provisional', () => {
    // The time it takes is a figure of `npm run bench:calendar`, not a test.
    const fresh = createCalendar();
    expect(fresh.addWorkingDays('2026-01-01', 500).provisional).toBe(true);
  });
});

describe('workingDayDeadline', () => {
  const calendar = createCalendar();
  const received = at('2026-09-30T15:00:00+08:00');

  it('gives a consultation received on 2026-09-30 until the make-up Saturday 2026-10-10', () => {
    // Act
    const deadline = calendar.workingDayDeadline(received, 3, notCounted);

    // Assess
    expect(iso(deadline.value)).toBe('2026-10-10T23:59:59+08:00');
    expect(deadline.provisional).toBe(false);
  });

  it('gives 10 working days from the same instant until 2026-10-20', () => {
    expect(iso(calendar.workingDayDeadline(received, 10, notCounted).value)).toBe(
      '2026-10-20T23:59:59+08:00',
    );
  });

  it('counts a working day of receipt as day 1 when asked to', () => {
    expect(iso(calendar.workingDayDeadline(received, 3, counted).value)).toBe('2026-10-09T23:59:59+08:00');
    expect(iso(calendar.workingDayDeadline(received, 1, counted).value)).toBe('2026-09-30T23:59:59+08:00');
  });

  it('does not count a receipt day that is not a working day, even when asked to', () => {
    const onHoliday = at('2026-10-02T10:00:00+08:00');
    expect(iso(calendar.workingDayDeadline(onHoliday, 3, counted).value)).toBe('2026-10-10T23:59:59+08:00');
    expect(iso(calendar.workingDayDeadline(onHoliday, 3, notCounted).value)).toBe(
      '2026-10-10T23:59:59+08:00',
    );
  });

  it('takes the day of receipt from the Shanghai clock', () => {
    // 16:30Z on September 30 is already 00:30 on October 1 in Shanghai.
    const afterMidnight = new Date('2026-09-30T16:30:00Z');
    expect(iso(calendar.workingDayDeadline(afterMidnight, 1, counted).value)).toBe(
      '2026-10-08T23:59:59+08:00',
    );
    const beforeMidnight = at('2026-09-30T23:59:59+08:00');
    expect(iso(calendar.workingDayDeadline(beforeMidnight, 1, counted).value)).toBe(
      '2026-09-30T23:59:59+08:00',
    );
  });

  it('is provisional when it reaches into 2027', () => {
    const deadline = calendar.workingDayDeadline(at('2026-12-28T09:00:00+08:00'), 15, notCounted);
    expect(deadline).toEqual({ value: at('2027-01-19T23:59:59+08:00'), provisional: true });
  });

  it('rejects a limit of fewer than one working day and an invalid instant', () => {
    expect(() => calendar.workingDayDeadline(received, 0, notCounted)).toThrow(RangeError);
    expect(() => calendar.workingDayDeadline(new Date('nope'), 1, notCounted)).toThrow(
      /invalid receipt instant/,
    );
  });
});

describe('addHours', () => {
  const calendar = createCalendar();

  it('adds calendar hours on the clock, consulting no schedule', () => {
    expect(calendar.addHours(at('2026-09-30T15:00:00+08:00'), 24, 'calendar')).toEqual({
      value: at('2026-10-01T15:00:00+08:00'),
      provisional: false,
    });
    expect(calendar.addHours(at('2026-12-31T15:00:00+08:00'), 48, 'calendar').provisional).toBe(false);
  });

  it('counts working hours only inside working periods of working days', () => {
    // 15:00–17:00 on September 30 (2 h), then October 8 09:00–12:00 (3 h) and 13:00–16:00 (3 h).
    expect(iso(calendar.addHours(at('2026-09-30T15:00:00+08:00'), 8, 'working').value)).toBe(
      '2026-10-08T16:00:00+08:00',
    );
    // Friday 16:00 + 2 h ends on the make-up Saturday.
    expect(iso(calendar.addHours(at('2026-10-09T16:00:00+08:00'), 2, 'working').value)).toBe(
      '2026-10-10T10:00:00+08:00',
    );
  });

  it('ends at the close of a period rather than the next opening', () => {
    expect(iso(calendar.addHours(at('2026-10-09T09:00:00+08:00'), 3, 'working').value)).toBe(
      '2026-10-09T12:00:00+08:00',
    );
  });

  it('starts counting at the next opening when started outside working time', () => {
    expect(iso(calendar.addHours(at('2026-10-09T12:30:00+08:00'), 1, 'working').value)).toBe(
      '2026-10-09T14:00:00+08:00',
    );
    expect(iso(calendar.addHours(at('2026-09-30T20:00:00+08:00'), 0.5, 'working').value)).toBe(
      '2026-10-08T09:30:00+08:00',
    );
  });

  it('returns the start for zero hours', () => {
    const start = at('2026-10-01T20:00:00+08:00');
    expect(calendar.addHours(start, 0, 'working').value).toEqual(start);
  });

  it('is provisional when working hours run into 2027', () => {
    expect(calendar.addHours(at('2026-12-31T16:00:00+08:00'), 2, 'working')).toEqual({
      value: at('2027-01-04T10:00:00+08:00'),
      provisional: true,
    });
  });

  it('rejects negative or non-finite hours and unknown modes', () => {
    const start = at('2026-10-09T09:00:00+08:00');
    expect(() => calendar.addHours(start, -1, 'working')).toThrow(RangeError);
    expect(() => calendar.addHours(start, Number.POSITIVE_INFINITY, 'calendar')).toThrow(RangeError);
    expect(() => calendar.addHours(start, 1, 'weekly' as never)).toThrow(/unknown hour mode/);
  });
});

describe('isWorkingTime', () => {
  const calendar = createCalendar();

  it('is true inside working periods of working days, end exclusive', () => {
    expect(calendar.isWorkingTime(at('2026-10-10T09:00:00+08:00'))).toEqual({
      value: true,
      provisional: false,
    });
    expect(calendar.isWorkingTime(at('2026-10-10T11:59:59+08:00')).value).toBe(true);
    expect(calendar.isWorkingTime(at('2026-10-10T12:00:00+08:00')).value).toBe(false);
    expect(calendar.isWorkingTime(at('2026-10-10T08:59:59+08:00')).value).toBe(false);
    expect(calendar.isWorkingTime(at('2026-10-09T17:00:00+08:00')).value).toBe(false);
  });

  it('is false on holidays and reports provisional years', () => {
    expect(calendar.isWorkingTime(at('2026-10-01T10:00:00+08:00')).value).toBe(false);
    expect(calendar.isWorkingTime(at('2027-01-04T10:00:00+08:00'))).toEqual({
      value: true,
      provisional: true,
    });
  });
});

describe('workingTimeBetween', () => {
  const calendar = createCalendar();
  const hour = 3_600_000;

  it('sums working time across the holiday', () => {
    const from = at('2026-09-30T15:00:00+08:00');
    const to = at('2026-10-08T10:00:00+08:00');
    expect(calendar.workingTimeBetween(from, to)).toEqual({ value: 3 * hour, provisional: false });
  });

  it('is negative when to is before from and zero when they are equal', () => {
    const from = at('2026-09-30T15:00:00+08:00');
    const to = at('2026-10-08T10:00:00+08:00');
    expect(calendar.workingTimeBetween(to, from).value).toBe(-3 * hour);
    expect(calendar.workingTimeBetween(from, from).value).toBe(0);
  });

  it('counts a whole working day as seven hours by default', () => {
    const value = calendar.workingTimeBetween(
      at('2026-10-09T00:00:00+08:00'),
      at('2026-10-10T00:00:00+08:00'),
    );
    expect(value.value).toBe(7 * hour);
  });
});

describe('working hours', () => {
  it('default to 09:00–12:00 and 13:00–17:00', () => {
    expect(DEFAULT_WORKING_HOURS).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(createCalendar().workingHours).toEqual(DEFAULT_WORKING_HOURS);
  });

  it('can be set per calendar, in any order, up to 24:00', () => {
    // Prepare
    const calendar = new WorkingCalendar({
      workingHours: [
        { start: '14:00', end: '24:00' },
        { start: '08:30', end: '14:00' },
      ],
    });

    // Act
    const end = calendar.addHours(at('2026-10-09T08:00:00+08:00'), 16, 'working');

    // Assess: 08:30–24:00 is one 15.5-hour period; the last half hour is on the make-up Saturday.
    expect(iso(end.value)).toBe('2026-10-10T09:00:00+08:00');
    expect(calendar.isWorkingTime(at('2026-10-09T23:59:00+08:00')).value).toBe(true);
  });

  it('refuse empty, malformed, reversed and overlapping periods', () => {
    expect(() => createCalendar({ workingHours: [] })).toThrow(/at least one range/);
    expect(() => createCalendar({ workingHours: [{ start: '9:00', end: '12:00' }] })).toThrow(/HH:MM/);
    expect(() => createCalendar({ workingHours: [{ start: '24:00', end: '24:00' }] })).toThrow(/HH:MM/);
    expect(() => createCalendar({ workingHours: [{ start: '13:00', end: '12:00' }] })).toThrow(
      /13:00–12:00 end before they start/,
    );
    expect(() =>
      createCalendar({
        workingHours: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
      }),
    ).toThrow(/overlap: 09:00–12:00 and 11:00–17:00/);
  });
});
