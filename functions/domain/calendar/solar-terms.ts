import { toDayNumber } from './local-date.ts';

/**
 * Qingming (清明), the solar term that is the Tomb-sweeping Day holiday, by the usual closed formula
 * day = ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ (Y = year mod 100; C = 4.81 from 2000, 5.59 before) — the
 * formula and constants of `chinese-days`' `getSolarTermDate`, which has no corrections for this term.
 * That function is not called: it formats its answer in the machine's time zone, so west of UTC it
 * returns the day before.
 */
export function qingmingDay(year: number): number {
  if (!Number.isInteger(year) || year < 1901 || year > 2099) {
    throw new RangeError(`Qingming can only be computed for 1901–2099, not ${year}`);
  }
  const y = year % 100;
  // In ten-thousandths, so that no rounding error can move a floor.
  const c = year >= 2000 ? 48_100 : 55_900;
  const day = Math.floor((y * 2_422 + c) / 10_000) - Math.floor(y / 4);
  return toDayNumber(`${year}-04-${String(day).padStart(2, '0')}`);
}
