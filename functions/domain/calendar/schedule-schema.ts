import { onFirstUse } from '../on-first-use.ts';
import { z } from '../zod.ts';
import { tryDayNumber, weekdayOf } from './local-date.ts';
import { PROVISIONAL_YEARS } from './provisional-schedule.ts';
import type { YearSchedule } from './types.ts';

/**
 * An operator schedule file: one year's holidays and make-up working days, as published locally.
 * Parsing yields a `YearSchedule` with source 'operator' and both lists sorted. Built on first use:
 * most deployments have no operator schedule, and every function holds the calendar.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const dateList = (what: string) =>
  z.array(z.string({ error: `each ${what} must be a date written YYYY-MM-DD` }), {
    error: `${what}s must be a list of YYYY-MM-DD dates`,
  });

export const yearScheduleSchema = onFirstUse(() =>
  z.pipe(
    z
      .strictObject({
        year: z
          .number({ error: 'year must be a number' })
          .check(
            z.int('year must be a whole number'),
            z.gte(
              PROVISIONAL_YEARS.first,
              `year must be from ${PROVISIONAL_YEARS.first} to ${PROVISIONAL_YEARS.last}`,
            ),
            z.lte(
              PROVISIONAL_YEARS.last,
              `year must be from ${PROVISIONAL_YEARS.first} to ${PROVISIONAL_YEARS.last}`,
            ),
          ),
        /** Optional in files; anything but 'operator' is refused. */
        source: z.optional(z.literal('operator', { error: "source, if given, must be 'operator'" })),
        holidays: dateList('holiday'),
        workdays: dateList('workday'),
      })
      .check(
        z.superRefine((schedule, ctx) => {
          const check = (list: 'holidays' | 'workdays', date: string, index: number): boolean => {
            const issue = (message: string) => ctx.addIssue({ code: 'custom', path: [list, index], message });
            const day = tryDayNumber(date);
            if (day === undefined) {
              issue(`${JSON.stringify(date)} is not a real date written YYYY-MM-DD`);
              return false;
            }
            if (!date.startsWith(`${schedule.year}-`)) {
              issue(`${date} is not in ${schedule.year}, the year of this schedule`);
              return false;
            }
            if (list === 'workdays' && weekdayOf(day) !== 0 && weekdayOf(day) !== 6) {
              issue(
                `${date} is a ${WEEKDAYS[weekdayOf(day)]}; make-up working days must be Saturdays or Sundays`,
              );
            }
            return true;
          };
          const seen = { holidays: new Set<string>(), workdays: new Set<string>() };
          for (const list of ['holidays', 'workdays'] as const) {
            schedule[list].forEach((date, index) => {
              if (!check(list, date, index)) return;
              if (seen[list].has(date)) {
                ctx.addIssue({ code: 'custom', path: [list, index], message: `${date} is listed twice` });
              }
              seen[list].add(date);
              if (list === 'workdays' && seen.holidays.has(date)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [list, index],
                  message: `${date} is listed both as a holiday and as a make-up working day`,
                });
              }
            });
          }
        }),
      ),
    z.transform(
      (schedule): YearSchedule => ({
        year: schedule.year,
        source: 'operator',
        holidays: [...schedule.holidays].sort(),
        workdays: [...schedule.workdays].sort(),
      }),
    ),
  ),
);

export type YearScheduleInput = z.input<ReturnType<typeof yearScheduleSchema>>;

/** One readable line per problem, e.g. `holidays[2]: 2025-12-31 is not in 2026, the year of this schedule`. */
export interface ScheduleIssue {
  path: string;
  message: string;
}

export class ScheduleValidationError extends Error {
  override readonly name = 'ScheduleValidationError';

  constructor(
    readonly issues: ScheduleIssue[],
    origin = 'operator schedule',
  ) {
    super(`invalid ${origin}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** Validates one operator schedule; `origin` (e.g. a file name) is named in the error message. */
export function parseOperatorSchedule(input: unknown, origin?: string): YearSchedule {
  const result = yearScheduleSchema().safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
    throw new ScheduleValidationError(issues, origin);
  }
  return result.data;
}
