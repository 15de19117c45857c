import { monthIndex, monthOfIndex } from '../assessment/month.ts';
import { shiftLocalDate } from '../calendar/index.ts';
import { z } from '../zod.ts';

/**
 * The periods of the analysis reports (PDS:19 周分析、月通报、年总结; AH:33; TN:16): an ISO week
 * (Monday to Sunday, `2026-W50`), a calendar month (`2026-11`) or a year (`2026`), all in
 * Asia/Shanghai days.
 */
export const REPORT_KINDS = ['weekly', 'monthly', 'yearly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportPeriod {
  kind: ReportKind;
  /** `2026-W50`, `2026-11` or `2026`. */
  id: string;
  /** First and last day, `YYYY-MM-DD`, both included. */
  first: string;
  last: string;
}

const PATTERNS: Record<ReportKind, { regex: RegExp; example: string }> = {
  weekly: { regex: /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/, example: '2026-W50' },
  monthly: { regex: /^(\d{4})-(0[1-9]|1[0-2])$/, example: '2026-11' },
  yearly: { regex: /^(\d{4})$/, example: '2026' },
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The Monday of ISO week 1 of `year`: the week that holds 4 January. */
function isoWeekOneMonday(year: number): string {
  const jan4 = `${pad(year, 4)}-01-04`;
  const weekday = (new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return shiftLocalDate(jan4, -weekday);
}

/** The number of ISO weeks of a year (52 or 53). */
function isoWeeksIn(year: number): number {
  const days =
    (Date.parse(`${isoWeekOneMonday(year + 1)}T00:00:00Z`) -
      Date.parse(`${isoWeekOneMonday(year)}T00:00:00Z`)) /
    86_400_000;
  return days / 7;
}

/** The ISO week (`2026-W50`) a day falls in. */
export function isoWeekOf(day: string): string {
  const year = Number(day.slice(0, 4));
  for (const y of [year + 1, year, year - 1]) {
    const monday = isoWeekOneMonday(y);
    if (day >= monday) {
      const week =
        1 +
        Math.floor((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${monday}T00:00:00Z`)) / (7 * 86_400_000));
      return `${pad(y, 4)}-W${pad(week)}`;
    }
  }
  /* c8 ignore next */
  throw new RangeError(`no ISO week for ${day}`);
}

/** Reads a period of a kind; the message names the expected form. */
export function parsePeriod(kind: ReportKind, id: string): ReportPeriod | { error: string } {
  const { regex, example } = PATTERNS[kind];
  const match = regex.exec(id);
  if (!match) return { error: `a ${kind} period is written like ${example}` };
  const year = Number(match[1]);
  if (kind === 'weekly') {
    const week = Number(match[2]);
    if (week > isoWeeksIn(year)) return { error: `${year} has ${isoWeeksIn(year)} ISO weeks` };
    const first = shiftLocalDate(isoWeekOneMonday(year), 7 * (week - 1));
    return { kind, id, first, last: shiftLocalDate(first, 6) };
  }
  if (kind === 'monthly') {
    const first = `${id}-01`;
    const next = monthOfIndex(monthIndex(id) + 1);
    return { kind, id, first, last: shiftLocalDate(`${next}-01`, -1) };
  }
  return { kind, id, first: `${id}-01-01`, last: `${id}-12-31` };
}

/** A zod schema of one kind's period ids, for request parsing. */
export function periodSchema(kind: ReportKind) {
  const { regex, example } = PATTERNS[kind];
  return z.string().check(z.regex(regex, `a ${kind} period is written like ${example}`));
}

function periodOrThrow(kind: ReportKind, id: string): ReportPeriod {
  const p = parsePeriod(kind, id);
  if ('error' in p) throw new RangeError(p.error);
  return p;
}

/** The period `n` before `period` (n = 1: the previous week, month or year). */
export function periodBefore(period: ReportPeriod, n = 1): ReportPeriod {
  if (period.kind === 'weekly')
    return periodOrThrow('weekly', isoWeekOf(shiftLocalDate(period.first, -7 * n)));
  if (period.kind === 'monthly') return periodOrThrow('monthly', monthOfIndex(monthIndex(period.id) - n));
  return periodOrThrow('yearly', pad(Number(period.id) - n, 4));
}

/** The period of a kind that holds `day`. */
export function periodHolding(kind: ReportKind, day: string): ReportPeriod {
  if (kind === 'weekly') return periodOrThrow(kind, isoWeekOf(day));
  return periodOrThrow(kind, kind === 'monthly' ? day.slice(0, 7) : day.slice(0, 4));
}

/** The months a period overlaps, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  const out: string[] = [];
  for (let i = monthIndex(period.first.slice(0, 7)); i <= monthIndex(period.last.slice(0, 7)); i += 1) {
    out.push(monthOfIndex(i));
  }
  return out;
}

/** Every day of a period, in order. */
export function daysOf(period: Pick<ReportPeriod, 'first' | 'last'>): string[] {
  const out: string[] = [];
  for (let d = period.first; d <= period.last; d = shiftLocalDate(d, 1)) out.push(d);
  return out;
}

/** The Chinese title of a period: 2026年第50周, 2026年11月, 2026年. */
export function periodLabel(period: ReportPeriod): string {
  if (period.kind === 'weekly') {
    const [year, week] = period.id.split('-W');
    return `${year}年第${Number(week)}周(${period.first}至${period.last})`;
  }
  if (period.kind === 'monthly') return `${period.id.slice(0, 4)}年${Number(period.id.slice(5))}月`;
  return `${period.id}年`;
}
