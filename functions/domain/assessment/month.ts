import { z } from '../zod.ts';

/** A calendar month as `YYYY-MM`, the period of a monthly bulletin. */
export const monthSchema = z
  .string()
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is written YYYY-MM, e.g. "2026-01"'));

/** Months since year 0, so that consecutive months differ by one. */
export function monthIndex(month: string): number {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return year * 12 + (mon - 1);
}

export function monthOfIndex(index: number): string {
  const year = Math.floor(index / 12);
  const mon = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(mon).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  return monthOfIndex(monthIndex(month) + 1);
}

export function previousMonth(month: string): string {
  return monthOfIndex(monthIndex(month) - 1);
}
