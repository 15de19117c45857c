import { type Contribution, shanghaiDay } from '../assessment/indicators.ts';
import type { TicketEvent } from '../ticket/index.ts';

/**
 * What the reports count per day besides the units' indicators: requests received by channel,
 * request type, category, region, and category in region (the hot topics' clusters), and the
 * hotline's daily totals of the indicators (for a week's rates). Kept as counts so that days add up
 * into weeks, months and years.
 */
export const VOLUME_DIMENSIONS = ['channel', 'type', 'category', 'region', 'categoryRegion'] as const;
export type VolumeDimension = (typeof VOLUME_DIMENSIONS)[number];
export type DailyDimension = VolumeDimension | 'indicator';

/** One count: `value` of `dimension` on `day` (Asia/Shanghai). */
export interface DailyCount {
  day: string;
  dimension: DailyDimension;
  value: string;
}

/** A ticket registered without a region counts under this region value. */
export const NO_REGION = '-';

/** `category|region`: ids never hold a `|` (directory ids are letters, digits, _ . -). */
export const categoryRegion = (category: string, region: string) => `${category}|${region}`;
export function splitCategoryRegion(value: string): { category: string; region: string } {
  const at = value.indexOf('|');
  return { category: value.slice(0, at), region: value.slice(at + 1) };
}

/**
 * What one event adds to the daily counts: a registration its five volume counts; an event that
 * counts toward a unit's indicators (`contributions`) the same indicators to the hotline's day.
 */
export function dailyCountsOf(event: TicketEvent, contributions: readonly Contribution[]): DailyCount[] {
  const out: DailyCount[] = contributions.map((c) => ({
    day: c.day,
    dimension: 'indicator',
    value: c.indicator,
  }));
  if (event.type === 'TicketRegistered') {
    const day = shanghaiDay(event.at);
    const region = event.regionId ?? NO_REGION;
    out.push(
      { day, dimension: 'channel', value: event.channel },
      { day, dimension: 'type', value: event.requestType },
      { day, dimension: 'category', value: event.category },
      { day, dimension: 'region', value: region },
      { day, dimension: 'categoryRegion', value: categoryRegion(event.category, region) },
    );
  }
  return out;
}

/** Counts per value of one dimension. */
export type Tally = Record<string, number>;

/**
 * Stored counts as the repository reads them back: `at` is a day (`YYYY-MM-DD`), or a month
 * (`YYYY-MM`) for the monthly roll-ups that monthly and yearly reports read.
 */
export interface CountRow {
  at: string;
  dimension: DailyDimension;
  value: string;
  n: number;
}

/** Sums the rows of `dimension` whose `at` is within [first, last] (days with days, months with months). */
export function tally(
  rows: readonly CountRow[],
  dimension: DailyDimension,
  first: string,
  last: string,
): Tally {
  const out: Tally = {};
  for (const r of rows) {
    if (r.dimension === dimension && r.at >= first && r.at <= last) out[r.value] = (out[r.value] ?? 0) + r.n;
  }
  return out;
}
