import chineseDays from 'chinese-days';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import {
  createCalendar,
  makeUpRestDays,
  officialYears,
  PROVISIONAL_YEARS,
  provisionalSchedule,
  type StatutoryHolidayName,
  statutoryHolidays,
} from '../../../functions/domain/calendar/index.ts';
import { withTimeZone } from './with-time-zone.ts';

/** chinese-days names each holiday block "English,中文,statutory days". */
const CHINESE_DAYS_NAMES: Record<StatutoryHolidayName, string> = {
  newYear: "New Year's Day",
  springFestival: 'Spring Festival',
  qingming: 'Tomb-sweeping Day',
  labourDay: 'Labour Day',
  dragonBoat: 'Dragon Boat Festival',
  midAutumn: 'Mid-autumn Festival',
  nationalDay: 'National Day',
};

const holidayEntries = data.holidays as Record<string, string>;

describe('official schedules', () => {
  it('cover the years the chinese-days data mentions, 2004 to at least 2026', () => {
    const years = officialYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
  });

  it('are the source of those years', () => {
    const calendar = createCalendar();
    for (const year of officialYears()) expect(calendar.yearSource(year)).toBe('official');
  });
});

describe('statutory holidays of the rules in force since 2025', () => {
  it.each([2025, 2026])('reproduce the statutory days of the official %i schedule', (year) => {
    // Prepare: the official blocks of that year, by name, with their statutory day counts.
    const blocks = new Map<string, { dates: string[]; statutory: number }>();
    for (const [date, entry] of Object.entries(holidayEntries)) {
      if (!date.startsWith(`${year}-`)) continue;
      const [name = '', , count = ''] = entry.split(',');
      const block = blocks.get(name) ?? { dates: [], statutory: Number(count) };
      block.dates.push(date);
      blocks.set(name, block);
    }

    // Act
    const computed = statutoryHolidays(year);

    // Assess: every computed day lies in the official block of that holiday (2025's Mid-Autumn
    // Festival, October 6, is inside the National Day block but named as Mid-Autumn), and each holiday
    // has the statutory number of days.
    expect(computed.map((h) => h.name)).toEqual(Object.keys(CHINESE_DAYS_NAMES));
    for (const holiday of computed) {
      const block = blocks.get(CHINESE_DAYS_NAMES[holiday.name]);
      expect(block, holiday.name).toBeDefined();
      expect(holiday.dates.length, holiday.name).toBe(block?.statutory);
      for (const date of holiday.dates)
        expect(holidayEntries[date], `${holiday.name} ${date}`).toMatch(
          new RegExp(`^${CHINESE_DAYS_NAMES[holiday.name]},`),
        );
    }
    // The official year has 13 statutory days in all, as the rules say.
    expect(computed.flatMap((h) => h.dates)).toHaveLength(13);
  });

  it('puts the Spring Festival on lunar New Year’s Eve and the next three days', () => {
    expect(statutoryHolidays(2027).find((h) => h.name === 'springFestival')?.dates).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
    ]);
  });

  it('agree with the lunar calendar of chinese-days for every supported year', () => {
    // getLunarDate counts whole days from a fixed UTC+8 epoch when given an instant, so it is safe to
    // ask it about Shanghai noon of each computed date.
    const lunarOf = (date: string) => chineseDays.getLunarDate(new Date(`${date}T12:00:00+08:00`));
    for (let year = PROVISIONAL_YEARS.first; year <= PROVISIONAL_YEARS.last; year++) {
      const days = Object.fromEntries(statutoryHolidays(year).map((h) => [h.name, h.dates]));
      const [eve, newYear] = days.springFestival ?? [];
      expect(lunarOf(newYear ?? ''), `${year} lunar new year`).toMatchObject({ lunarMon: 1, lunarDay: 1 });
      expect(lunarOf(eve ?? '').lunarMon, `${year} eve`).toBe(12);
      expect(lunarOf(days.dragonBoat?.[0] ?? ''), `${year} dragon boat`).toMatchObject({
        lunarMon: 5,
        lunarDay: 5,
        isLeap: false,
      });
      expect(lunarOf(days.midAutumn?.[0] ?? ''), `${year} mid-autumn`).toMatchObject({
        lunarMon: 8,
        lunarDay: 15,
        isLeap: false,
      });
    }
  });

  it('place Qingming where chinese-days does when it runs in Shanghai', () => {
    // getSolarTermDate formats in the machine's zone, so it is only right east of UTC.
    const libraryQingming = (year: number) =>
      withTimeZone('Asia/Shanghai', () => chineseDays.getSolarTermDate(year, 4, 'pure_brightness'));
    for (let year = PROVISIONAL_YEARS.first; year <= PROVISIONAL_YEARS.last; year++) {
      const qingming = statutoryHolidays(year).find((h) => h.name === 'qingming')?.dates;
      expect(qingming, String(year)).toEqual([libraryQingming(year)]);
    }
  });

  it('place Qingming inside every official Tomb-sweeping Day block', () => {
    for (const year of officialYears().filter((y) => y >= 2008)) {
      const [date = ''] = statutoryHolidays(year).find((h) => h.name === 'qingming')?.dates ?? [];
      expect(holidayEntries[date], date).toMatch(/^Tomb-sweeping Day,/);
    }
  });

  it('refuse years outside the lunar table', () => {
    expect(() => statutoryHolidays(2100)).toThrow(/no provisional schedule can be computed for 2100/);
    expect(() => statutoryHolidays(1900)).toThrow(RangeError);
  });
});

describe('provisionalSchedule', () => {
  it('lists the statutory days and their make-up rest days as holidays, and no make-up working days', () => {
    // Mid-Autumn 2028 is October 3, inside National Day: 12 distinct statutory days, and three of
    // them fall on a Saturday or Sunday (Jan 1, May 28, Oct 1), made up on Jan 3, May 29 and Oct 4.
    const schedule = provisionalSchedule(2028);
    expect(schedule).toMatchObject({ year: 2028, source: 'provisional', workdays: [] });
    expect(schedule.holidays).toContain('2028-10-03');
    expect(schedule.holidays).toHaveLength(12 + 3);
    expect(makeUpRestDays(2028)).toEqual(['2028-01-03', '2028-05-29', '2028-10-04']);
    expect(provisionalSchedule(2027).holidays).toHaveLength(13 + 6);
  });

  it('art. 6 (补假): 2027 makes up the weekend days of Spring Festival, Labour Day and National Day', () => {
    // Act
    const days = makeUpRestDays(2027);

    // Assess: Feb 6-7, May 1-2 and Oct 2-3 fall on weekends
    expect(days).toEqual([
      '2027-02-09',
      '2027-02-10',
      '2027-05-03',
      '2027-05-04',
      '2027-10-04',
      '2027-10-05',
    ]);
  });

  it('art. 6 (补假): in 2025 and 2026, under the same rules, every make-up day is an official day off', () => {
    const calendar = createCalendar();
    for (const year of [2025, 2026]) {
      const days = makeUpRestDays(year);
      expect(days.length, String(year)).toBeGreaterThan(0);
      for (const day of days)
        expect(calendar.isWorkingDay(day), day).toEqual({ value: false, provisional: false });
    }
  });

  it('art. 6 (补假): add-working-days from 30 April 2027 skips May 1-4 and answers May 5, provisionally', () => {
    expect(createCalendar().addWorkingDays('2027-04-30', 1)).toEqual({
      value: '2027-05-05',
      provisional: true,
    });
  });
});
