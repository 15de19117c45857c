import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { fromDayNumber, toDayNumber } from './local-date.ts';
import type { LocalDate, YearSchedule } from './types.ts';

/**
 * The State Council's published schedules, as compiled by the `chinese-days` package. Its data maps
 * `YYYY-MM-DD` to `"English name,中文名,statutory days"` in `holidays` (whole holiday blocks, weekend
 * days included) and `workdays` (make-up working days, 调休); an `inLieuDays` map (block days that are
 * paid back by make-up days) is not needed here. The official years are the years the data mentions.
 * A key may also be a range of days, `YYYY-MM-DD..YYYY-MM-DD`: the Lambda bundles carry the dates
 * that way (infra/cdk/bundling/lean-bundles.ts), a holiday block being one key instead of up to eight.
 */

/** The package's data, or the bundles' lean copy of it: days (or ranges of days) as keys. */
export interface OfficialDates {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
}

let schedules: ReadonlyMap<number, YearSchedule> | undefined;

/** Every official schedule, by year. */
export function officialSchedules(): ReadonlyMap<number, YearSchedule> {
  schedules ??= schedulesOf(data);
  return schedules;
}

/** The years with an official schedule, ascending. */
export function officialYears(): number[] {
  return [...officialSchedules().keys()].sort((a, b) => a - b);
}

/** The schedules, by year, that the dates give. */
export function schedulesOf(dates: OfficialDates): Map<number, YearSchedule> {
  const byYear = new Map<number, YearSchedule>();
  const scheduleOf = (date: LocalDate): YearSchedule => {
    const year = Number(date.slice(0, 4));
    let schedule = byYear.get(year);
    if (!schedule) {
      schedule = { year, source: 'official', holidays: [], workdays: [] };
      byYear.set(year, schedule);
    }
    return schedule;
  };
  for (const date of Object.keys(dates.holidays).flatMap(daysOf).sort()) scheduleOf(date).holidays.push(date);
  for (const date of Object.keys(dates.workdays).flatMap(daysOf).sort()) scheduleOf(date).workdays.push(date);
  return byYear;
}

/** The days a key names: one day, or each day of a range `from..to`. */
function daysOf(key: string): LocalDate[] {
  const [from, to] = key.split('..') as [LocalDate, LocalDate | undefined];
  if (!to) return [from];
  const days: LocalDate[] = [];
  for (let day = toDayNumber(from); day <= toDayNumber(to); day++) days.push(fromDayNumber(day));
  return days;
}
