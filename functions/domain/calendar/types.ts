/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

/** Where a year's working-day schedule comes from. */
export type ScheduleSource = 'official' | 'operator' | 'provisional';

/**
 * One year's schedule: the holidays (days off that would otherwise be working days, or that fall on
 * weekends and are part of a holiday block) and the make-up working days (调休, weekend days that are
 * worked). Days not listed follow the Monday–Friday rule.
 */
export interface YearSchedule {
  year: number;
  source: ScheduleSource;
  holidays: LocalDate[];
  workdays: LocalDate[];
}

/** A local time of day range, `HH:MM`–`HH:MM`, end exclusive. */
export interface TimeRange {
  start: string;
  end: string;
}

/** Every calendar answer says whether it relied on a year without an official or operator schedule. */
export interface Dated<T> {
  value: T;
  provisional: boolean;
}

/** How working-day limits are counted (a policy field). */
export interface DayCounting {
  /** Civil-procedure default: false — the day of receipt is not counted. */
  countReceiptDay: boolean;
}

export type HourMode = 'calendar' | 'working';

/** Options of `createCalendar`. */
export interface CalendarOptions {
  /** Schedules published by the operator; each replaces the official or provisional schedule of its year. */
  operatorSchedules?: YearSchedule[];
  /** Working hours of a working day; default 09:00–12:00 and 13:00–17:00. */
  workingHours?: TimeRange[];
}
