import {
  type CountRow,
  type DailyCount,
  type DailyDimension,
  splitCategoryRegion,
} from '../domain/reports/index.ts';

/**
 * How the reports' counts are kept in items. A registration counts on five dimensions (channel,
 * type, category, region, category in region); it is kept on one item, its category in region's,
 * whose `n` counts the registrations and whose `channel#<value>` and `type#<value>` attributes count
 * them by channel and type: category and region are read from the category in region. The
 * hotline's indicator totals of a day are one item (`D#<day>#indicator#`), whose `indicator#<name>`
 * attributes count them, so that an event counting two indicators writes one item, not two (items
 * written before, one per indicator with its `n`, are read alike). A day's items, and their month's
 * roll-ups, so take one item each per registration instead of five.
 *
 * Counts add up wherever they are kept: a reader sums the rows of all items, so a rebuild, which
 * knows only each day's totals per dimension, keeps a day's channel and type counts on the day's
 * first category in region.
 */

/** `D#<day>#<dimension>#<value>` or `M#<month>#<dimension>#<value>`, and its partition. */
export type CountKey = (at: string, dimension: DailyDimension, value: string) => { pk: string; sk: string };

/** One item's additions: attribute name → count. */
export interface CountUpdate {
  key: { pk: string; sk: string };
  adds: Record<string, number>;
}

/** Dimensions a registration's category in region item carries as attributes. */
const CARRIED = new Set<DailyDimension>(['channel', 'type']);
/** Dimensions read from the category in region's value. */
const IMPLIED = new Set<DailyDimension>(['category', 'region']);
/** The dimension whose counts of a day share one item, as `<dimension>#<value>` attributes. */
const SHARED: DailyDimension = 'indicator';

/**
 * The items one event's counts add to, under `keyOf` (a day's, or its month's with the month as
 * `at`): a transaction names an item once, so the same count twice adds 2 to one item.
 */
export function countUpdates(
  daily: readonly DailyCount[],
  keyOf: CountKey,
  atOf: (day: string) => string,
): CountUpdate[] {
  const out = new Map<string, CountUpdate>();
  const add = (key: { pk: string; sk: string }, attribute: string) => {
    const id = `${key.pk}|${key.sk}`;
    const update = out.get(id) ?? { key, adds: {} };
    update.adds[attribute] = (update.adds[attribute] ?? 0) + 1;
    out.set(id, update);
  };
  const joint = new Map(
    daily.filter((c) => c.dimension === 'categoryRegion').map((c) => [c.day, c.value] as const),
  );
  for (const c of daily) {
    const at = atOf(c.day);
    const matter = joint.get(c.day);
    if (c.dimension === SHARED) add(keyOf(at, SHARED, ''), `${SHARED}#${c.value}`);
    else if (matter !== undefined && IMPLIED.has(c.dimension)) continue;
    else if (matter !== undefined && CARRIED.has(c.dimension))
      add(keyOf(at, 'categoryRegion', matter), `${c.dimension}#${c.value}`);
    else add(keyOf(at, c.dimension, c.value), 'n');
  }
  return [...out.values()];
}

/** The rows one stored item counts, from its sort key (`<D|M>#<at>#<dimension>#<value>`) and attributes. */
export function rowsOfItem(item: Record<string, unknown>): CountRow[] {
  const [, at, dimension, ...rest] = String(item.sk).split('#');
  const value = rest.join('#');
  const rows: CountRow[] = [];
  const row = (d: DailyDimension, v: string, n: number) => {
    if (n !== 0) rows.push({ at: at as string, dimension: d, value: v, n });
  };
  const n = Number(item.n ?? 0);
  row(dimension as DailyDimension, value, n);
  if (dimension === SHARED && value === '') {
    for (const [name, count] of Object.entries(item)) {
      if (name.startsWith(`${SHARED}#`) && typeof count === 'number')
        row(SHARED, name.slice(SHARED.length + 1), count);
    }
  }
  if (dimension === 'categoryRegion') {
    const { category, region } = splitCategoryRegion(value);
    row('category', category, n);
    row('region', region, n);
    for (const [name, count] of Object.entries(item)) {
      const at = name.indexOf('#');
      const carried = name.slice(0, at) as DailyDimension;
      if (at > 0 && CARRIED.has(carried) && typeof count === 'number')
        row(carried, name.slice(at + 1), count);
    }
  }
  return rows;
}

/** Rows summed per (at, dimension, value). */
export function sumRows(rows: readonly CountRow[]): CountRow[] {
  const out = new Map<string, CountRow>();
  for (const r of rows) {
    const id = `${r.at}#${r.dimension}#${r.value}`;
    const sum = out.get(id) ?? { ...r, n: 0 };
    sum.n += r.n;
    out.set(id, sum);
  }
  return [...out.values()];
}

/**
 * The items that hold `rows` (totals per at, dimension and value), for a rebuild: each category in
 * region's item with its `n`, and the first of each `at` with that `at`'s channel and type counts;
 * category and region counts are read from them. Where an `at` has no category in region, every
 * row is an item of its own.
 */
export function itemsOfRows(rows: readonly CountRow[], keyOf: CountKey): CountUpdate[] {
  const items = new Map<string, CountUpdate>();
  const item = (key: { pk: string; sk: string }) => {
    const id = `${key.pk}|${key.sk}`;
    const found = items.get(id) ?? { key, adds: {} };
    items.set(id, found);
    return found;
  };
  const byAt = new Map<string, CountRow[]>();
  for (const r of sumRows(rows)) byAt.set(r.at, [...(byAt.get(r.at) ?? []), r]);
  for (const [at, atRows] of byAt) {
    const matters = atRows
      .filter((r) => r.dimension === 'categoryRegion')
      .sort((a, b) => (a.value < b.value ? -1 : 1));
    const first = matters[0];
    for (const r of atRows) {
      if (r.dimension === SHARED) item(keyOf(at, SHARED, '')).adds[`${SHARED}#${r.value}`] = r.n;
      else if (first && IMPLIED.has(r.dimension)) continue;
      else if (first && CARRIED.has(r.dimension))
        item(keyOf(at, 'categoryRegion', first.value)).adds[`${r.dimension}#${r.value}`] = r.n;
      else item(keyOf(at, r.dimension, r.value)).adds.n = r.n;
    }
  }
  return [...items.values()];
}
