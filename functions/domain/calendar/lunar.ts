import chineseDays from 'chinese-days';
import { toDayNumber } from './local-date.ts';

/**
 * Chinese lunar dates to Gregorian day numbers, from the month lengths and leap months that
 * `chinese-days` tabulates for lunar years 1900–2100. The package's own `getSolarDateFromLunar` is not
 * used: it reads its argument and formats its answer in the machine's time zone, so west of UTC it is a
 * day off.
 */

/** Lunar years whose whole span the table covers. */
export const LUNAR_YEARS = { first: 1900, last: 2099 } as const;

/** Lunar 1900-01-01 was 1900-01-31. */
const LUNAR_EPOCH = toDayNumber('1900-01-31');

/** `yearStarts[i]` is the day number of lunar New Year of lunar year `first + i`. */
const yearStarts: number[] = [LUNAR_EPOCH];

function lunarYearLength(year: number): number {
  let days = chineseDays.getYearLeapMonth(year).days;
  for (let month = 1; month <= 12; month++) days += chineseDays.monthDays(year, month);
  return days;
}

function lunarNewYear(year: number): number {
  for (let y = LUNAR_YEARS.first + yearStarts.length - 1; y < year; y++) {
    yearStarts.push((yearStarts.at(-1) as number) + lunarYearLength(y));
  }
  return yearStarts[year - LUNAR_YEARS.first] as number;
}

/**
 * Day number of lunar `month`/`day` of lunar year `year` (an ordinary month, never the leap month that
 * may follow it). Throws a RangeError outside the table or for a day the month does not have.
 */
export function solarDayOfLunar(year: number, month: number, day: number): number {
  if (!Number.isInteger(year) || year < LUNAR_YEARS.first || year > LUNAR_YEARS.last) {
    throw new RangeError(
      `lunar year ${year} is outside the supported range ${LUNAR_YEARS.first}–${LUNAR_YEARS.last}`,
    );
  }
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`invalid lunar month ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > chineseDays.monthDays(year, month)) {
    throw new RangeError(`lunar month ${year}/${month} has no day ${day}`);
  }
  const leapMonth = chineseDays.getYearLeapMonth(year);
  let offset = day - 1;
  for (let m = 1; m < month; m++) {
    offset += chineseDays.monthDays(year, m);
    if (m === leapMonth.leapMonth) offset += leapMonth.days;
  }
  return lunarNewYear(year) + offset;
}
