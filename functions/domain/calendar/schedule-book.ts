import { firstDayOfYear, isWeekend, toDayNumber, yearOfDay } from './local-date.ts';
import { officialSchedules } from './official-schedules.ts';
import { provisionalSchedule } from './provisional-schedule.ts';
import { parseOperatorSchedule } from './schedule-schema.ts';
import type { ScheduleSource, YearSchedule } from './types.ts';

/** One year resolved to a working-day flag per day. */
interface ResolvedYear {
  year: number;
  source: ScheduleSource;
  firstDay: number;
  /** `working[d - firstDay]` is 1 when day `d` is a working day. */
  working: Uint8Array;
}

/**
 * Which schedule governs each year — operator, else official, else provisional — and which days are
 * working days. Years are resolved on first use and kept.
 */
export class ScheduleBook {
  readonly #operator = new Map<number, YearSchedule>();
  readonly #resolved = new Map<number, ResolvedYear>();
  #last: ResolvedYear | undefined;

  constructor(operatorSchedules: readonly YearSchedule[] = []) {
    for (const [index, schedule] of operatorSchedules.entries()) {
      const parsed = parseOperatorSchedule(
        { year: schedule.year, holidays: schedule.holidays, workdays: schedule.workdays },
        `operator schedule #${index + 1}`,
      );
      if (this.#operator.has(parsed.year)) {
        throw new RangeError(`two operator schedules were given for ${parsed.year}`);
      }
      this.#operator.set(parsed.year, parsed);
    }
  }

  source(year: number): ScheduleSource {
    if (!Number.isInteger(year)) throw new RangeError(`invalid year ${year}`);
    if (this.#operator.has(year)) return 'operator';
    return officialSchedules().has(year) ? 'official' : 'provisional';
  }

  isWorkingDay(day: number): boolean {
    let year = this.#last;
    if (!year || day < year.firstDay || day >= year.firstDay + year.working.length) {
      year = this.#resolve(yearOfDay(day));
      this.#last = year;
    }
    return year.working[day - year.firstDay] === 1;
  }

  /** Whether any year from that of `firstDay` to that of `lastDay` (inclusive) is provisional. */
  touchesProvisional(firstDay: number, lastDay: number): boolean {
    const [from, to] = firstDay <= lastDay ? [firstDay, lastDay] : [lastDay, firstDay];
    for (let year = yearOfDay(from); year <= yearOfDay(to); year++) {
      if (this.source(year) === 'provisional') return true;
    }
    return false;
  }

  #resolve(year: number): ResolvedYear {
    const cached = this.#resolved.get(year);
    if (cached) return cached;
    const schedule = this.#operator.get(year) ?? officialSchedules().get(year) ?? provisionalSchedule(year);
    const firstDay = firstDayOfYear(year);
    const working = new Uint8Array(firstDayOfYear(year + 1) - firstDay);
    for (let i = 0; i < working.length; i++) working[i] = isWeekend(firstDay + i) ? 0 : 1;
    for (const date of schedule.holidays) working[toDayNumber(date) - firstDay] = 0;
    for (const date of schedule.workdays) working[toDayNumber(date) - firstDay] = 1;
    const resolved: ResolvedYear = { year, source: this.source(year), firstDay, working };
    this.#resolved.set(year, resolved);
    return resolved;
  }
}
