import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { LocalDate, YearSchedule } from './types.ts';

/**
 * The State Council's published schedules, as compiled by the `chinese-days` package. Its data maps
 * `YYYY-MM-DD` to `"English name,中文名,statutory days"` in `holidays` (whole holiday blocks, weekend
 * days included) and `workdays` (make-up working days, 调休); an `inLieuDays` map (block days that are
 * paid back by make-up days) is not needed here. The official years are the years the data mentions.
 */

const holidayMap: Readonly<Record<LocalDate, string>> = data.holidays;
const workdayMap: Readonly<Record<LocalDate, string>> = data.workdays;

let schedules: ReadonlyMap<number, YearSchedule> | undefined;

/** Every official schedule, by year. */
export function officialSchedules(): ReadonlyMap<number, YearSchedule> {
  schedules ??= buildSchedules();
  return schedules;
}

/** The years with an official schedule, ascending. */
export function officialYears(): number[] {
  return [...officialSchedules().keys()].sort((a, b) => a - b);
}

function buildSchedules(): Map<number, YearSchedule> {
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
  for (const date of Object.keys(holidayMap).sort()) scheduleOf(date).holidays.push(date);
  for (const date of Object.keys(workdayMap).sort()) scheduleOf(date).workdays.push(date);
  return byYear;
}
