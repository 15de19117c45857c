import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCalendar,
  endOfLocalDay,
  shanghaiDateOf,
  type YearSchedule,
} from '../../../functions/domain/calendar/index.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const dateOfDayNumber = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayNumberOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Dates from 2023 (official) to 2028 (provisional), so that ranges often cross the boundary. */
const localDate = fc
  .integer({ min: dayNumberOf('2023-01-01'), max: dayNumberOf('2028-12-31') })
  .map(dateOfDayNumber);

const instant = fc
  .integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2027-06-30T00:00:00Z') })
  .map((ms) => new Date(ms));

const dayCount = fc.integer({ min: 0, max: 300 });

/** A calendar with the official schedules only, and one where the operator has published 2027. */
const operator2027: YearSchedule = {
  year: 2027,
  source: 'operator',
  holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-10-01', '2027-10-04'],
  workdays: ['2027-02-20', '2027-10-09'],
};
const calendars = fc.constantFrom(createCalendar(), createCalendar({ operatorSchedules: [operator2027] }));

describe('addWorkingDays properties', () => {
  it('composes: n days then m days is n + m days', () => {
    fc.assert(
      fc.property(calendars, localDate, dayCount, dayCount, (calendar, from, n, m) => {
        const twice = calendar.addWorkingDays(calendar.addWorkingDays(from, n).value, m).value;
        expect(twice).toBe(calendar.addWorkingDays(from, n + m).value);
      }),
    );
  });

  it('never lands on a non-working day for n ≥ 1, and moves strictly forward', () => {
    fc.assert(
      fc.property(calendars, localDate, fc.integer({ min: 1, max: 300 }), (calendar, from, n) => {
        const result = calendar.addWorkingDays(from, n).value;
        expect(calendar.isWorkingDay(result).value).toBe(true);
        expect(result > from).toBe(true);
      }),
    );
  });

  it('passes exactly n working days', () => {
    fc.assert(
      fc.property(calendars, localDate, fc.integer({ min: 0, max: 60 }), (calendar, from, n) => {
        const result = dayNumberOf(calendar.addWorkingDays(from, n).value);
        let working = 0;
        for (let day = dayNumberOf(from) + 1; day <= result; day++) {
          if (calendar.isWorkingDay(dateOfDayNumber(day)).value) working++;
        }
        expect(working).toBe(n);
      }),
    );
  });

  it('is provisional exactly when [from, result] touches a provisional year', () => {
    fc.assert(
      fc.property(calendars, localDate, dayCount, (calendar, from, n) => {
        // Act
        const { value, provisional } = calendar.addWorkingDays(from, n);

        // Assess: ask about every day of the closed range on its own.
        let touches = false;
        for (let day = dayNumberOf(from); day <= dayNumberOf(value); day++) {
          touches ||= calendar.isWorkingDay(dateOfDayNumber(day)).provisional;
        }
        expect(provisional).toBe(touches);
      }),
    );
  });
});

describe('workingDayDeadline properties', () => {
  it('ends at 23:59:59 on the n-th working day after the day of receipt', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 1, max: 200 }), (calendar, received, n) => {
        const expected = calendar.addWorkingDays(shanghaiDateOf(received), n);
        const deadline = calendar.workingDayDeadline(received, n, { countReceiptDay: false });
        expect(deadline).toEqual({ value: endOfLocalDay(expected.value), provisional: expected.provisional });
      }),
    );
  });

  it('counting the receipt day moves the limit back by one working day at most', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 1, max: 200 }), (calendar, received, n) => {
        const counted = calendar.workingDayDeadline(received, n, { countReceiptDay: true }).value;
        const uncounted = calendar.workingDayDeadline(received, n, { countReceiptDay: false }).value;
        const receiptWorks = calendar.isWorkingDay(shanghaiDateOf(received)).value;
        const lastCounted = shanghaiDateOf(counted);
        expect(lastCounted).toBe(
          receiptWorks
            ? calendar.addWorkingDays(shanghaiDateOf(received), n - 1).value
            : shanghaiDateOf(uncounted),
        );
      }),
    );
  });
});

describe('working hours properties', () => {
  const minutes = fc.integer({ min: 0, max: 60 * 7 * 40 });

  it('adding working hours then measuring the working time gives the hours back', () => {
    fc.assert(
      fc.property(calendars, instant, minutes, (calendar, from, amount) => {
        const end = calendar.addHours(from, amount / 60, 'working');
        const measured = calendar.workingTimeBetween(from, end.value);
        expect(measured.value).toBe(amount * 60_000);
        expect(measured.provisional).toBe(end.provisional);
      }),
    );
  });

  it('a positive sum ends at the end of a moment of working time', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 1, max: 60 * 7 * 40 }), (calendar, from, amount) => {
        const end = calendar.addHours(from, amount / 60, 'working').value;
        expect(calendar.isWorkingTime(new Date(end.getTime() - 1)).value).toBe(true);
      }),
    );
  });

  it('working time is additive and antisymmetric', () => {
    fc.assert(
      fc.property(calendars, instant, instant, instant, (calendar, a, b, c) => {
        const between = (x: Date, y: Date) => calendar.workingTimeBetween(x, y).value;
        expect(between(a, b) + between(b, c)).toBe(between(a, c));
        expect(between(b, a)).toBe(0 - between(a, b));
      }),
    );
  });

  it('calendar hours are plain clock hours', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 0, max: 10_000 }), (calendar, from, hours) => {
        expect(calendar.addHours(from, hours, 'calendar')).toEqual({
          value: new Date(from.getTime() + hours * HOUR_MS),
          provisional: false,
        });
      }),
    );
  });
});
