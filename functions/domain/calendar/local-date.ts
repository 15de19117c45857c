import type { LocalDate } from './types.ts';

/**
 * Calendar dates as day numbers: whole days since 1970-01-01, with no time of day and no zone.
 * Arithmetic is done on these integers; `LocalDate` strings are only the outside form.
 */

export const DAY_MS = 86_400_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a valid `YYYY-MM-DD`, or undefined when the text is not a real date. */
export function tryDayNumber(date: string): number | undefined {
  const match = LOCAL_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return utcMs(year, month, day) / DAY_MS;
}

/** The day number of `date`; throws a RangeError unless it is a real `YYYY-MM-DD` date. */
export function toDayNumber(date: LocalDate): number {
  const day = typeof date === 'string' ? tryDayNumber(date) : undefined;
  if (day === undefined)
    throw new RangeError(`invalid local date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
  return day;
}

export function fromDayNumber(day: number): LocalDate {
  const date = new Date(day * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dayOfMonth = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${dayOfMonth}`;
}

/** The Gregorian year a day number falls in. */
export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday.
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

/** Day number of January 1 of `year`. */
export function firstDayOfYear(year: number): number {
  return utcMs(year, 1, 1) / DAY_MS;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

/** Epoch milliseconds of 00:00 UTC on a date; unlike `Date.UTC`, years 0–99 are taken literally. */
export function utcMs(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** Whether `value` is a real date written `YYYY-MM-DD`. */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && tryDayNumber(value) !== undefined;
}

/** The date `days` calendar days after (or, negative, before) `date`. */
export function shiftLocalDate(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}
