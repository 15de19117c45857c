import { fromDayNumber, isWeekend, toDayNumber } from './local-date.ts';
import { LUNAR_YEARS, solarDayOfLunar } from './lunar.ts';
import { qingmingDay } from './solar-terms.ts';
import type { LocalDate, YearSchedule } from './types.ts';

/**
 * A year nobody has published a schedule for yet: the statutory holidays of the national rules in
 * force since 2025 (全国年节及纪念日放假办法, 2024 revision), plus the make-up rest days (补假) its art. 6
 * gives for a statutory day falling on a Saturday or Sunday; no bridging days and no make-up working
 * days (调休) — those are announced year by year and cannot be predicted.
 */

export type StatutoryHolidayName =
  | 'newYear'
  | 'springFestival'
  | 'qingming'
  | 'labourDay'
  | 'dragonBoat'
  | 'midAutumn'
  | 'nationalDay';

export interface StatutoryHoliday {
  name: StatutoryHolidayName;
  /** The statutory days, ascending. */
  dates: LocalDate[];
}

/** Years for which the lunar and solar-term computations are available. */
export const PROVISIONAL_YEARS = { first: LUNAR_YEARS.first + 1, last: LUNAR_YEARS.last } as const;

/** The statutory holidays of `year` under the rules in force since 2025, in calendar order. */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < PROVISIONAL_YEARS.first || year > PROVISIONAL_YEARS.last) {
    throw new RangeError(
      `no provisional schedule can be computed for ${year} (only ${PROVISIONAL_YEARS.first}–${PROVISIONAL_YEARS.last}); ` +
        'supply an operator schedule for it',
    );
  }
  const fixed = (month: number, day: number): number =>
    toDayNumber(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  const run = (first: number, length: number): LocalDate[] =>
    Array.from({ length }, (_, i) => fromDayNumber(first + i));
  // Lunar New Year falls between January 21 and February 20, so its eve is always in the same year.
  const newYearsEve = solarDayOfLunar(year, 1, 1) - 1;
  return [
    { name: 'newYear', dates: run(fixed(1, 1), 1) },
    { name: 'springFestival', dates: run(newYearsEve, 4) },
    { name: 'qingming', dates: run(qingmingDay(year), 1) },
    { name: 'labourDay', dates: run(fixed(5, 1), 2) },
    { name: 'dragonBoat', dates: run(solarDayOfLunar(year, 5, 5), 1) },
    { name: 'midAutumn', dates: run(solarDayOfLunar(year, 8, 15), 1) },
    { name: 'nationalDay', dates: run(fixed(10, 1), 3) },
  ];
}

/**
 * The make-up rest days (补假) of `year`: each statutory day falling on a Saturday or Sunday is made up
 * on the following working day(s) after its holiday, skipping weekends and other holidays (art. 6 of
 * the national rules). A day that two holidays share (Mid-Autumn on National Day) counts once.
 */
export function makeUpRestDays(year: number): LocalDate[] {
  const holidays = statutoryHolidays(year);
  const off = new Set(holidays.flatMap((h) => h.dates.map(toDayNumber)));
  const counted = new Set<number>();
  const madeUp: number[] = [];
  for (const holiday of holidays) {
    const days = holiday.dates.map(toDayNumber).filter((d) => !counted.has(d));
    for (const d of days) counted.add(d);
    let owed = days.filter(isWeekend).length;
    let day = Math.max(...holiday.dates.map(toDayNumber));
    while (owed > 0) {
      day += 1;
      if (isWeekend(day) || off.has(day)) continue;
      off.add(day);
      madeUp.push(day);
      owed -= 1;
    }
  }
  return madeUp.map(fromDayNumber);
}

/**
 * The provisional schedule of `year`: its statutory holidays (a Mid-Autumn Festival on October 1–3
 * simply coincides with National Day), their make-up rest days (补假), and no make-up working days.
 */
export function provisionalSchedule(year: number): YearSchedule {
  const holidays = new Set([
    ...statutoryHolidays(year).flatMap((holiday) => holiday.dates),
    ...makeUpRestDays(year),
  ]);
  return { year, source: 'provisional', holidays: [...holidays].sort(), workdays: [] };
}
