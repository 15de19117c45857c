import { DAY_MS, daysInMonth, fromDayNumber, toDayNumber, utcMs } from './local-date.ts';
import type { LocalDate } from './types.ts';

/**
 * Asia/Shanghai wall-clock time by fixed-offset arithmetic on UTC milliseconds (UTC+8, no daylight
 * saving since 1991). The machine's time zone is never consulted.
 */

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Milliseconds since the epoch; throws a RangeError for an invalid Date. */
export function instantMs(instant: Date, what = 'instant'): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`invalid ${what}: expected a valid Date`);
  return ms;
}

/** Day number of the Shanghai calendar date of an instant given in epoch milliseconds. */
export function shanghaiDayOfMs(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Epoch milliseconds of 00:00 Shanghai time on a day number. */
export function startOfDayMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The Shanghai calendar date of an instant. */
export function shanghaiDateOf(instant: Date): LocalDate {
  return fromDayNumber(shanghaiDayOfMs(instantMs(instant)));
}

/** `YYYY-MM-DDTHH:MM:SS+08:00`, to the second (milliseconds are dropped). */
export function toShanghaiIso(instant: Date): string {
  const local = new Date(Math.floor((instantMs(instant) + SHANGHAI_OFFSET_MS) / 1000) * 1000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** 23:59:59.000 Shanghai time on `date`: the last second of a limit that ends on that day. */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(startOfDayMs(toDayNumber(date)) + DAY_MS - 1000);
}

const WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * An instant from ISO 8601 text that names its offset: `2026-09-30T15:00:00+08:00`, `…Z`.
 * Text without an offset is ambiguous and rejected rather than read in the machine's zone.
 */
export function parseInstant(iso: string): Date {
  const match = WITH_OFFSET.exec(iso);
  if (!match) {
    if (typeof iso === 'string' && WITHOUT_OFFSET.test(iso)) {
      throw new RangeError(
        `instant ${JSON.stringify(iso)} has no UTC offset: add Z or an offset such as +08:00`,
      );
    }
    throw new RangeError(
      `invalid instant ${JSON.stringify(iso)}: expected ISO 8601 such as 2026-09-30T15:00:00+08:00`,
    );
  }
  const field = (i: number): number => Number(match[i] ?? 0);
  const [year, month, day, hour, minute, second] = [
    field(1),
    field(2),
    field(3),
    field(4),
    field(5),
    field(6),
  ];
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const [offsetHours, offsetMins] = [field(10), field(11)];
  const offsetMinutes =
    match[8] !== undefined ? 0 : (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMins <= 59;
  if (!valid) throw new RangeError(`invalid instant ${JSON.stringify(iso)}: a field is out of range`);
  const utc = utcMs(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return new Date(utc - offsetMinutes * 60_000);
}
