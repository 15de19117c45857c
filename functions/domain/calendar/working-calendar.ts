import { DAY_MS, fromDayNumber, toDayNumber } from './local-date.ts';
import { ScheduleBook } from './schedule-book.ts';
import { instantMs, shanghaiDayOfMs, startOfDayMs } from './shanghai-time.ts';
import type {
  CalendarOptions,
  Dated,
  DayCounting,
  HourMode,
  LocalDate,
  ScheduleSource,
  TimeRange,
} from './types.ts';
import { DEFAULT_WORKING_HOURS, type MinuteRange, toMinuteRanges } from './working-hours.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * Working days and working hours in Asia/Shanghai.
 *
 * `provisional` in every answer is true exactly when the Shanghai dates the answer spans — from its
 * starting date to its resulting date, both included — touch a year whose source is 'provisional'.
 */
export class WorkingCalendar {
  readonly #book: ScheduleBook;
  readonly #hours: MinuteRange[];
  readonly #workingHours: TimeRange[];

  constructor(options: CalendarOptions = {}) {
    this.#book = new ScheduleBook(options.operatorSchedules);
    const hours = options.workingHours ?? DEFAULT_WORKING_HOURS;
    this.#hours = toMinuteRanges(hours);
    this.#workingHours = hours.map((range) => ({ start: range.start, end: range.end }));
  }

  /** The working hours of a working day, as configured. */
  get workingHours(): TimeRange[] {
    return this.#workingHours.map((range) => ({ ...range }));
  }

  /** Where the schedule of `year` comes from: an operator schedule, the official one, or provisional. */
  yearSource(year: number): ScheduleSource {
    return this.#book.source(year);
  }

  isWorkingDay(date: LocalDate): Dated<boolean> {
    const day = toDayNumber(date);
    return { value: this.#book.isWorkingDay(day), provisional: this.#book.touchesProvisional(day, day) };
  }

  /**
   * The `days`-th working day strictly after `from`; `days` = 0 returns `from` itself, working day or
   * not. Throws a RangeError unless `days` is a non-negative integer.
   */
  addWorkingDays(from: LocalDate, days: number): Dated<LocalDate> {
    assertCount(days, 0, 'days');
    const start = toDayNumber(from);
    const end = this.#nthWorkingDayAfter(start, days);
    return { value: fromDayNumber(end), provisional: this.#book.touchesProvisional(start, end) };
  }

  /**
   * The limit of `days` (≥ 1) working days for something received at `received`: 23:59:59 Shanghai time
   * on the last day. By default the day of receipt is not counted, so the limit ends on the `days`-th
   * working day after it; with `countReceiptDay` a working receipt day is day 1.
   */
  workingDayDeadline(received: Date, days: number, counting: DayCounting): Dated<Date> {
    assertCount(days, 1, 'days');
    const receiptDay = shanghaiDayOfMs(instantMs(received, 'receipt instant'));
    const receiptCounts = counting.countReceiptDay && this.#book.isWorkingDay(receiptDay);
    const lastDay = this.#nthWorkingDayAfter(receiptDay, receiptCounts ? days - 1 : days);
    return {
      value: new Date(startOfDayMs(lastDay) + DAY_MS - 1000),
      provisional: this.#book.touchesProvisional(receiptDay, lastDay),
    };
  }

  /**
   * `from` plus `hours` (≥ 0, fractions allowed, rounded to the millisecond): on the clock, or counting
   * only working hours of working days. In working mode a sum that is used up exactly at the end of a
   * working period ends there (12:00, not 13:00). Calendar mode consults no schedule and is never
   * provisional.
   */
  addHours(from: Date, hours: number, mode: HourMode): Dated<Date> {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new RangeError(`hours must be a finite number ≥ 0, not ${hours}`);
    }
    const start = instantMs(from, 'start instant');
    const amount = Math.round(hours * HOUR_MS);
    if (mode === 'calendar') return { value: new Date(start + amount), provisional: false };
    if (mode !== 'working') throw new RangeError(`unknown hour mode ${JSON.stringify(mode)}`);
    const end = this.#addWorkingMs(start, amount);
    return {
      value: new Date(end),
      provisional: this.#book.touchesProvisional(shanghaiDayOfMs(start), shanghaiDayOfMs(end)),
    };
  }

  /** Whether `at` falls inside the working hours of a working day. */
  isWorkingTime(at: Date): Dated<boolean> {
    const ms = instantMs(at);
    const day = shanghaiDayOfMs(ms);
    const minute = (ms - startOfDayMs(day)) / MINUTE_MS;
    const value =
      this.#book.isWorkingDay(day) && this.#hours.some((r) => r.start <= minute && minute < r.end);
    return { value, provisional: this.#book.touchesProvisional(day, day) };
  }

  /**
   * Working milliseconds between two instants. Antisymmetric: when `to` is before `from` the answer
   * is minus the working time from `to` to `from` (so ≤ 0), and 0 when they are equal.
   */
  workingTimeBetween(from: Date, to: Date): Dated<number> {
    const a = instantMs(from, 'start instant');
    const b = instantMs(to, 'end instant');
    const [low, high] = a <= b ? [a, b] : [b, a];
    const ms = this.#workingMsBetween(low, high);
    return {
      value: a <= b ? ms : 0 - ms, // 0 - 0 is +0: never answer -0
      provisional: this.#book.touchesProvisional(shanghaiDayOfMs(low), shanghaiDayOfMs(high)),
    };
  }

  #nthWorkingDayAfter(start: number, count: number): number {
    let day = start;
    for (let left = count; left > 0; ) {
      day++;
      if (this.#book.isWorkingDay(day)) left--;
    }
    return day;
  }

  #addWorkingMs(start: number, amount: number): number {
    if (amount === 0) return start;
    let left = amount;
    for (let day = shanghaiDayOfMs(start); ; day++) {
      if (!this.#book.isWorkingDay(day)) continue;
      const midnight = startOfDayMs(day);
      for (const range of this.#hours) {
        const open = Math.max(midnight + range.start * MINUTE_MS, start);
        const close = midnight + range.end * MINUTE_MS;
        if (close <= open) continue;
        if (close - open >= left) return open + left;
        left -= close - open;
      }
    }
  }

  #workingMsBetween(low: number, high: number): number {
    let total = 0;
    const lastDay = shanghaiDayOfMs(high);
    for (let day = shanghaiDayOfMs(low); day <= lastDay; day++) {
      if (!this.#book.isWorkingDay(day)) continue;
      const midnight = startOfDayMs(day);
      for (const range of this.#hours) {
        const open = Math.max(midnight + range.start * MINUTE_MS, low);
        const close = Math.min(midnight + range.end * MINUTE_MS, high);
        if (close > open) total += close - open;
      }
    }
    return total;
  }
}

function assertCount(value: number, min: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, not ${value}`);
  }
}

/** A working-day calendar: official schedules, overridden by `operatorSchedules`, provisional beyond. */
export function createCalendar(options?: CalendarOptions): WorkingCalendar {
  return new WorkingCalendar(options);
}
