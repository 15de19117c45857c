import { describe, expect, it } from 'vitest';
import {
  createCalendar,
  endOfLocalDay,
  parseInstant,
  shanghaiDateOf,
  toShanghaiIso,
} from '../../../functions/domain/calendar/index.ts';
import { withTimeZone } from './with-time-zone.ts';

/** A fixed set of questions; the answers must not depend on the machine's zone. */
function answers(): unknown {
  const calendar = createCalendar();
  const received = parseInstant('2026-09-30T15:00:00+08:00');
  const lateNight = parseInstant('2026-09-30T23:30:00+08:00');
  return {
    dates: [shanghaiDateOf(lateNight), shanghaiDateOf(new Date('2026-12-31T16:00:00Z'))],
    iso: toShanghaiIso(lateNight),
    endOfDay: endOfLocalDay('2026-10-10').toISOString(),
    deadlines: [3, 10, 200].map((days) =>
      toShanghaiIso(calendar.workingDayDeadline(received, days, { countReceiptDay: false }).value),
    ),
    counted: toShanghaiIso(calendar.workingDayDeadline(lateNight, 2, { countReceiptDay: true }).value),
    days: ['2026-10-01', '2026-10-10', '2027-01-01', '2027-02-05', '2027-04-05', '2027-06-09'].map(
      (date) => calendar.isWorkingDay(date).value,
    ),
    hours: toShanghaiIso(calendar.addHours(lateNight, 10, 'working').value),
    workingTime: calendar.workingTimeBetween(received, parseInstant('2026-10-20T12:00:00Z')).value,
    workingNow: calendar.isWorkingTime(parseInstant('2026-10-10T01:00:00Z')).value,
  };
}

describe('time-zone independence', () => {
  it('runs the suite west of UTC', () => {
    expect(process.env.TZ).toBe('America/Los_Angeles');
  });

  it('gives the same answers in every machine zone', () => {
    // Prepare / Act
    const zones = ['America/Los_Angeles', 'Asia/Shanghai', 'UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
    const results = zones.map((zone) =>
      withTimeZone(zone, () => ({ offset: new Date(0).getTimezoneOffset(), answers: answers() })),
    );

    // Assess: the zones really differed, and the answers did not.
    expect(new Set(results.map((r) => r.offset)).size).toBe(zones.length);
    for (const result of results) expect(result.answers).toEqual(results[0]?.answers);
    expect(results[0]?.answers).toMatchObject({
      dates: ['2026-09-30', '2027-01-01'],
      iso: '2026-09-30T23:30:00+08:00',
      deadlines: ['2026-10-10T23:59:59+08:00', '2026-10-20T23:59:59+08:00', expect.any(String)],
      counted: '2026-10-08T23:59:59+08:00',
      days: [false, true, false, false, false, false],
      hours: '2026-10-09T12:00:00+08:00',
      workingNow: true,
    });
  });
});
