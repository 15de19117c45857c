import type { TimeRange } from './types.ts';

/** Working hours of a working day, as minutes after local midnight, end exclusive. */
export interface MinuteRange {
  start: number;
  end: number;
}

/** 09:00–12:00 and 13:00–17:00. */
export const DEFAULT_WORKING_HOURS: readonly TimeRange[] = Object.freeze([
  Object.freeze({ start: '09:00', end: '12:00' }),
  Object.freeze({ start: '13:00', end: '17:00' }),
]);

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(time: string, allowMidnightEnd: boolean): number {
  if (allowMidnightEnd && time === '24:00') return 24 * 60;
  const match = typeof time === 'string' ? HH_MM.exec(time) : null;
  if (!match) throw new RangeError(`invalid time of day ${JSON.stringify(time)}: expected HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Validates working hours and returns them as ascending minute ranges, adjoining ranges merged.
 * Throws a RangeError for an empty list, a malformed time, an empty range or overlapping ranges.
 */
export function toMinuteRanges(ranges: readonly TimeRange[]): MinuteRange[] {
  if (ranges.length === 0) throw new RangeError('working hours must contain at least one range');
  const parsed = ranges
    .map((range) => {
      const minutes = { start: minutesOf(range.start, false), end: minutesOf(range.end, true) };
      if (minutes.end <= minutes.start) {
        throw new RangeError(`working hours ${range.start}–${range.end} end before they start`);
      }
      return minutes;
    })
    .sort((a, b) => a.start - b.start);
  const merged: MinuteRange[] = [];
  for (const range of parsed) {
    const last = merged.at(-1);
    if (last && range.start < last.end) {
      throw new RangeError(`working hours overlap: ${formatRange(last)} and ${formatRange(range)}`);
    }
    if (last && range.start === last.end) last.end = range.end;
    else merged.push({ ...range });
  }
  return merged;
}

function formatRange(range: MinuteRange): string {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(range.start)}–${hhmm(range.end)}`;
}
