import { shiftLocalDate } from '../calendar/index.ts';
import type { ReportsPolicy } from '../policy/index.ts';
import { type CountRow, splitCategoryRegion, type Tally, tally } from './volumes.ts';

/** A value of a dimension (a category, a region) and how its count moved. */
export interface Riser {
  value: string;
  count: number;
  previous: number;
  /** count − previous. */
  change: number;
  /** Mean count of the baseline periods. */
  baseline: number;
  /** count − baseline. */
  excess: number;
}

export interface Risers {
  /** Rose most against the previous period (largest change first). */
  againstPrevious: Riser[];
  /** Rose most above its own baseline (largest excess first). */
  againstBaseline: Riser[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The hot topics of one dimension (AH:33; PDS:19 热点): the values that rose most against the
 * previous period, and against their own baseline (the mean of the periods before the current one).
 * Only rises are listed; ties go to the larger count, then the id.
 */
export function risers(current: Tally, previous: Tally, baselines: readonly Tally[], topN: number): Risers {
  const values = new Set([...Object.keys(current), ...Object.keys(previous)]);
  const all: Riser[] = [...values].map((value) => {
    const count = current[value] ?? 0;
    const before = previous[value] ?? 0;
    const baseline =
      baselines.length === 0 ? 0 : baselines.reduce((s, t) => s + (t[value] ?? 0), 0) / baselines.length;
    return {
      value,
      count,
      previous: before,
      change: count - before,
      baseline: round2(baseline),
      excess: round2(count - baseline),
    };
  });
  const order = (key: 'change' | 'excess') => (a: Riser, b: Riser) =>
    b[key] - a[key] || b.count - a.count || (a.value < b.value ? -1 : 1);
  return {
    againstPrevious: all
      .filter((r) => r.change > 0)
      .sort(order('change'))
      .slice(0, topN),
    againstBaseline: all
      .filter((r) => r.excess > 0)
      .sort(order('excess'))
      .slice(0, topN),
  };
}

/** 突发性: far above the baseline on the last day; 苗头性: over the last 7 days (AH:20(六)). */
export type ClusterFlag = '突发性' | '苗头性';

export interface Cluster {
  category: string;
  region: string;
  flag: ClusterFlag;
  window: 'day' | 'week';
  /** The window's first and last day, both included. */
  from: string;
  to: string;
  count: number;
  /** What the baseline days give for a window of this length. */
  expected: number;
}

/**
 * Sudden clusters of a category in a region ending on `lastDay`: at least `minCount` tickets in the
 * window and at least `factor` times what the `baselineDays` before the window give for a window of
 * that length. `rows` are daily `categoryRegion` counts covering the window and its baseline.
 */
export function detectClusters(
  rows: readonly CountRow[],
  lastDay: string,
  settings: ReportsPolicy['clusters'],
): Cluster[] {
  const windows = [
    { window: 'day' as const, flag: '突发性' as const, length: 1 },
    { window: 'week' as const, flag: '苗头性' as const, length: 7 },
  ];
  const out: Cluster[] = [];
  for (const { window, flag, length } of windows) {
    const from = shiftLocalDate(lastDay, 1 - length);
    const inWindow = tally(rows, 'categoryRegion', from, lastDay);
    const before = tally(
      rows,
      'categoryRegion',
      shiftLocalDate(from, -settings.baselineDays),
      shiftLocalDate(from, -1),
    );
    for (const [value, count] of Object.entries(inWindow)) {
      const expected = ((before[value] ?? 0) * length) / settings.baselineDays;
      if (count >= settings.minCount && count >= settings.factor * expected) {
        out.push({
          ...splitCategoryRegion(value),
          flag,
          window,
          from,
          to: lastDay,
          count,
          expected: round2(expected),
        });
      }
    }
  }
  return out.sort(
    (a, b) =>
      (a.window === b.window ? 0 : a.window === 'day' ? -1 : 1) ||
      b.count - a.count ||
      (a.category + a.region < b.category + b.region ? -1 : 1),
  );
}

/** The first day a cluster search ending on `lastDay` reads (the week's window and its baseline). */
export function clusterReadFrom(lastDay: string, settings: ReportsPolicy['clusters']): string {
  return shiftLocalDate(lastDay, -6 - settings.baselineDays);
}
