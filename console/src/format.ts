import { WorkingCalendar } from '../../functions/domain/calendar/working-calendar.ts';

/** Dates as the hotline reads them: Asia/Shanghai, whatever the browser's zone. */
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

export const shanghai = (instant: string | null | undefined) =>
  instant ? dateTime.format(new Date(instant)).replaceAll('/', '-') : '—';

/** The Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export const shanghaiDay = (instant: Date) => dayOf.format(instant);

const calendar = new WorkingCalendar();

/** The hotline's time: locally the runtime's virtual clock (`/_local/clock`), else this machine's. */
let clockOffsetMs = 0;
export const setClockOffset = (ms: number) => {
  clockOffsetMs = ms;
};
export const hotlineNow = () => new Date(Date.now() + clockOffsetMs);

/**
 * Working days left until a deadline, counted the hotline's way (the project's calendar: official
 * schedules, and statutory holidays for the years without one, marked provisional): the working days
 * after today up to the deadline's day. Negative when it has passed.
 */
export function workingDaysLeft(
  deadline: string,
  now = hotlineNow(),
): { days: number; provisional: boolean } {
  const to = shanghaiDay(new Date(deadline));
  let day = shanghaiDay(now);
  if (Date.parse(deadline) < now.getTime()) return { days: -1, provisional: false };
  let days = 0;
  let provisional = false;
  for (let guard = 0; day < to && guard < 400; guard++) {
    const next = new Date(Date.parse(`${day}T12:00:00+08:00`) + 86_400_000);
    day = shanghaiDay(next);
    const working = calendar.isWorkingDay(day as never);
    provisional ||= working.provisional;
    if (working.value) days += 1;
  }
  return { days, provisional };
}

/** The ISO week of a day, `YYYY-Www`, as the API names a weekly period. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The current period of a kind, on the hotline's clock in Shanghai. */
export function currentPeriod(kind: 'weekly' | 'monthly' | 'yearly', now = hotlineNow()): string {
  const day = shanghaiDay(now);
  if (kind === 'weekly') return isoWeek(day);
  return kind === 'monthly' ? day.slice(0, 7) : day.slice(0, 4);
}
