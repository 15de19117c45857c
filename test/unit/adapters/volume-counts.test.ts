import { describe, expect, it } from 'vitest';
import { countUpdates, itemsOfRows, rowsOfItem, sumRows } from '../../../functions/adapters/volume-counts.ts';
import type { CountRow, DailyCount, DailyDimension } from '../../../functions/domain/reports/index.ts';

const dayKey = (at: string, dimension: DailyDimension, value: string) => ({
  pk: `VOL#${at.slice(0, 7)}`,
  sk: `D#${at}#${dimension}#${value}`,
});

/** What a registration on 2 November counts (domain: dailyCountsOf), with one indicator. */
function registration(channel: string, category: string, region: string): DailyCount[] {
  const day = '2026-11-02';
  return [
    { day, dimension: 'indicator', value: 'received' },
    { day, dimension: 'channel', value: channel },
    { day, dimension: 'type', value: 'complaint' },
    { day, dimension: 'category', value: category },
    { day, dimension: 'region', value: region },
    { day, dimension: 'categoryRegion', value: `${category}|${region}` },
  ];
}

/** The items `updates` leave in an empty table, as stored. */
function stored(updates: { key: { pk: string; sk: string }; adds: Record<string, number> }[]) {
  const items = new Map<string, Record<string, unknown>>();
  for (const { key, adds } of updates) {
    const item = items.get(key.sk) ?? { ...key };
    for (const [name, n] of Object.entries(adds)) item[name] = Number(item[name] ?? 0) + n;
    items.set(key.sk, item);
  }
  return [...items.values()];
}

const sorted = (rows: CountRow[]) =>
  [...rows].sort((a, b) =>
    `${a.at}${a.dimension}${a.value}`.localeCompare(`${b.at}${b.dimension}${b.value}`),
  );

describe('volume counts', () => {
  it('keeps a registration on its category in region item, and reads its five counts back', () => {
    // Act
    const updates = countUpdates(registration('web', 'noise', 'shushan'), dayKey, (d) => d);
    // Assess
    expect(updates).toEqual([
      { key: dayKey('2026-11-02', 'indicator', ''), adds: { 'indicator#received': 1 } },
      {
        key: dayKey('2026-11-02', 'categoryRegion', 'noise|shushan'),
        adds: { 'channel#web': 1, 'type#complaint': 1, n: 1 },
      },
    ]);
    expect(sorted(sumRows(stored(updates).flatMap(rowsOfItem)))).toEqual(
      sorted([
        { at: '2026-11-02', dimension: 'indicator', value: 'received', n: 1 },
        { at: '2026-11-02', dimension: 'channel', value: 'web', n: 1 },
        { at: '2026-11-02', dimension: 'type', value: 'complaint', n: 1 },
        { at: '2026-11-02', dimension: 'category', value: 'noise', n: 1 },
        { at: '2026-11-02', dimension: 'region', value: 'shushan', n: 1 },
        { at: '2026-11-02', dimension: 'categoryRegion', value: 'noise|shushan', n: 1 },
      ]),
    );
  });

  it("a rebuild's items, from a day's totals alone, read back the same rows as the live counts", () => {
    // Prepare
    const events = [
      registration('web', 'noise', 'shushan'),
      registration('phone', 'noise', 'shushan'),
      registration('phone', 'water', 'luyang'),
      registration('app', 'noise', '-'),
    ];
    const live = sumRows(
      stored(events.flatMap((daily) => countUpdates(daily, dayKey, (d) => d))).flatMap(rowsOfItem),
    );
    // Act
    const rebuilt = sumRows(stored(itemsOfRows(live, dayKey)).flatMap(rowsOfItem));
    // Assess
    expect(sorted(rebuilt)).toEqual(sorted(live));
    expect(live).toContainEqual({ at: '2026-11-02', dimension: 'category', value: 'noise', n: 3 });
    expect(live).toContainEqual({ at: '2026-11-02', dimension: 'channel', value: 'phone', n: 2 });
  });

  it("keeps a day's indicator totals on one item: an event counting two writes one item", () => {
    // Act
    const updates = countUpdates(
      [
        { day: '2026-11-02', dimension: 'indicator', value: 'contacted' },
        { day: '2026-11-02', dimension: 'indicator', value: 'contactedInWindow' },
      ],
      dayKey,
      (d) => d,
    );

    // Assess: one item; read back with the items of one indicator each written before
    expect(updates).toEqual([
      {
        key: dayKey('2026-11-02', 'indicator', ''),
        adds: { 'indicator#contacted': 1, 'indicator#contactedInWindow': 1 },
      },
    ]);
    const before = { sk: 'D#2026-11-02#indicator#contacted', n: 4 };
    expect(sorted(sumRows([...stored(updates), before].flatMap(rowsOfItem)))).toEqual(
      sorted([
        { at: '2026-11-02', dimension: 'indicator', value: 'contacted', n: 5 },
        { at: '2026-11-02', dimension: 'indicator', value: 'contactedInWindow', n: 1 },
      ]),
    );
  });

  it('reads items of one count each, as written before registrations were kept together', () => {
    expect(rowsOfItem({ sk: 'D#2026-11-02#channel#web', n: 4 })).toEqual([
      { at: '2026-11-02', dimension: 'channel', value: 'web', n: 4 },
    ]);
  });
});
