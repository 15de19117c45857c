import { describe, expect, it } from 'vitest';
import {
  createCalendar,
  parseOperatorSchedule,
  ScheduleValidationError,
  yearScheduleSchema,
} from '../../../functions/domain/calendar/index.ts';

const valid = {
  year: 2027,
  holidays: ['2027-10-07', '2027-01-01', '2027-10-01'],
  workdays: ['2027-09-26'],
};

describe('yearScheduleSchema', () => {
  it('accepts a valid operator schedule and sorts it', () => {
    expect(yearScheduleSchema().parse(valid)).toEqual({
      year: 2027,
      source: 'operator',
      holidays: ['2027-01-01', '2027-10-01', '2027-10-07'],
      workdays: ['2027-09-26'],
    });
  });

  it("accepts source: 'operator' and refuses any other source", () => {
    expect(yearScheduleSchema().safeParse({ ...valid, source: 'operator' }).success).toBe(true);
    expect(yearScheduleSchema().safeParse({ ...valid, source: 'official' }).success).toBe(false);
  });

  it('refuses unknown fields', () => {
    expect(yearScheduleSchema().safeParse({ ...valid, holiday: [] }).success).toBe(false);
  });
});

describe('parseOperatorSchedule', () => {
  const messageOf = (input: unknown): string => {
    try {
      parseOperatorSchedule(input, 'schedules/2027.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleValidationError);
      return (error as Error).message;
    }
    throw new Error('expected the schedule to be refused');
  };

  it('explains every problem on its own line, naming the file and the entry', () => {
    // Prepare
    const input = {
      year: 2027,
      holidays: ['2027-02-30', '2026-12-31', '2027-10-01', '2027-10-01', '10/02/2027'],
      workdays: ['2027-10-08', '2027-10-01', '2027-09-26'],
    };

    // Act
    const message = messageOf(input);

    // Assess
    expect(message).toBe(
      [
        'invalid schedules/2027.json:',
        '  - holidays[0]: "2027-02-30" is not a real date written YYYY-MM-DD',
        '  - holidays[1]: 2026-12-31 is not in 2027, the year of this schedule',
        '  - holidays[3]: 2027-10-01 is listed twice',
        '  - holidays[4]: "10/02/2027" is not a real date written YYYY-MM-DD',
        '  - workdays[0]: 2027-10-08 is a Friday; make-up working days must be Saturdays or Sundays',
        '  - workdays[1]: 2027-10-01 is a Friday; make-up working days must be Saturdays or Sundays',
        '  - workdays[1]: 2027-10-01 is listed both as a holiday and as a make-up working day',
      ].join('\n'),
    );
  });

  it('explains a missing or wrong year and lists of the wrong type', () => {
    expect(messageOf({ holidays: [], workdays: [] })).toContain('  - year: year must be a number');
    expect(messageOf({ year: 2027.5, holidays: [], workdays: [] })).toContain('year must be a whole number');
    expect(messageOf({ year: 2150, holidays: [], workdays: [] })).toContain('year must be from 1901 to 2099');
    expect(messageOf({ year: 2027, holidays: '2027-01-01', workdays: [] })).toContain(
      'holidays: holidays must be a list of YYYY-MM-DD dates',
    );
    expect(messageOf({ year: 2027, holidays: [20270101], workdays: [] })).toContain(
      'holidays[0]: each holiday must be a date written YYYY-MM-DD',
    );
  });

  it('exposes the issues for callers that format them differently', () => {
    try {
      parseOperatorSchedule({ year: 2027, holidays: ['2028-01-01'], workdays: [] });
      expect.unreachable();
    } catch (error) {
      expect((error as ScheduleValidationError).issues).toEqual([
        { path: 'holidays[0]', message: '2028-01-01 is not in 2027, the year of this schedule' },
      ]);
      expect((error as Error).message).toMatch(/^invalid operator schedule:/);
    }
  });
});

describe('createCalendar with operator schedules', () => {
  it('validates them the same way', () => {
    expect(() =>
      createCalendar({
        operatorSchedules: [{ year: 2027, source: 'operator', holidays: ['2027-13-01'], workdays: [] }],
      }),
    ).toThrow(/invalid operator schedule #1:\n {2}- holidays\[0\]: "2027-13-01" is not a real date/);
  });

  it('refuses two schedules for one year', () => {
    const schedule = { year: 2027, source: 'operator' as const, holidays: [], workdays: [] };
    expect(() => createCalendar({ operatorSchedules: [schedule, schedule] })).toThrow(
      'two operator schedules were given for 2027',
    );
  });
});
