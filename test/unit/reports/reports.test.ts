import { describe, expect, it } from 'vitest';
import { scoreMonth } from '../../../functions/domain/assessment/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  buildReport,
  type CountRow,
  dailyCountsOf,
  daysOf,
  detectClusters,
  isoWeekOf,
  monthsOf,
  parsePeriod,
  periodBefore,
  periodHolding,
  periodLabel,
  REPORT_DIMENSIONS,
  risers,
  splitCategoryRegion,
  tally,
} from '../../../functions/domain/reports/index.ts';
import type { TicketEvent } from '../../../functions/domain/ticket/index.ts';

const policy = presetPolicy('anhui-2021');
const settings = policy.reports.clusters; // minCount 5, factor 3, baselineDays 28

const period = (kind: 'weekly' | 'monthly' | 'yearly', id: string) => {
  const p = parsePeriod(kind, id);
  if ('error' in p) throw new Error(p.error);
  return p;
};

describe('Module: reports/period (PDS:19 周分析、月通报、年总结)', () => {
  it('an ISO week runs Monday to Sunday, across a new year where its Thursday says', () => {
    expect(period('weekly', '2026-W50')).toMatchObject({ first: '2026-12-07', last: '2026-12-13' });
    expect(period('weekly', '2026-W53')).toMatchObject({ first: '2026-12-28', last: '2027-01-03' });
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(parsePeriod('weekly', '2025-W53')).toEqual({ error: '2025 has 52 ISO weeks' });
  });

  it('months and years, their previous periods, days and months', () => {
    expect(period('monthly', '2026-02')).toMatchObject({ first: '2026-02-01', last: '2026-02-28' });
    expect(periodBefore(period('monthly', '2026-01')).id).toBe('2025-12');
    expect(periodBefore(period('weekly', '2027-W01'), 1).id).toBe('2026-W53');
    expect(periodBefore(period('yearly', '2026'), 2).id).toBe('2024');
    expect(periodHolding('monthly', '2026-11-30').id).toBe('2026-11');
    expect(periodHolding('yearly', '2026-11-30').id).toBe('2026');
    expect(periodHolding('weekly', '2026-12-13').id).toBe('2026-W50');
    expect(monthsOf(period('weekly', '2026-W53'))).toEqual(['2026-12', '2027-01']);
    expect(daysOf(period('weekly', '2026-W50'))).toHaveLength(7);
    expect(periodLabel(period('monthly', '2026-11'))).toBe('2026年11月');
    expect(periodLabel(period('yearly', '2026'))).toBe('2026年');
    expect(periodLabel(period('weekly', '2026-W50'))).toBe('2026年第50周(2026-12-07至2026-12-13)');
  });

  it('a period written the wrong way names the form', () => {
    expect(parsePeriod('monthly', '2026-13')).toEqual({ error: 'a monthly period is written like 2026-11' });
    expect(parsePeriod('yearly', '26')).toEqual({ error: 'a yearly period is written like 2026' });
  });
});

describe('Module: reports/volumes', () => {
  it('a registration counts by channel, type, category, region and category in region; indicators by day', () => {
    // Prepare
    const registered = {
      type: 'TicketRegistered',
      at: '2026-12-01T00:30:00+08:00',
      channel: 'web',
      requestType: 'complaint',
      category: 'noise',
    } as TicketEvent;

    // Act
    const counts = dailyCountsOf(registered, [
      { unit: 'u1', month: '2026-12', day: '2026-12-01', indicator: 'dispatched' },
    ]);

    // Assess: the Shanghai day, and '-' for a ticket with no region
    expect(counts).toEqual([
      { day: '2026-12-01', dimension: 'indicator', value: 'dispatched' },
      { day: '2026-12-01', dimension: 'channel', value: 'web' },
      { day: '2026-12-01', dimension: 'type', value: 'complaint' },
      { day: '2026-12-01', dimension: 'category', value: 'noise' },
      { day: '2026-12-01', dimension: 'region', value: '-' },
      { day: '2026-12-01', dimension: 'categoryRegion', value: 'noise|-' },
    ]);
    expect(splitCategoryRegion('noise|shushan')).toEqual({ category: 'noise', region: 'shushan' });
  });

  it('tally sums a dimension over a range of days', () => {
    const rows: CountRow[] = [
      { at: '2026-12-01', dimension: 'channel', value: 'web', n: 2 },
      { at: '2026-12-02', dimension: 'channel', value: 'web', n: 3 },
      { at: '2026-12-03', dimension: 'channel', value: 'web', n: 7 },
      { at: '2026-12-02', dimension: 'type', value: 'help', n: 1 },
    ];
    expect(tally(rows, 'channel', '2026-12-01', '2026-12-02')).toEqual({ web: 5 });
  });
});

describe('Module: reports/hot-topics (AH:33; PDS:19 热点)', () => {
  it('AH:33 lists the values that rose most against the previous period and above their own baseline', () => {
    // Act: noise 10 (was 4, baseline (4+2+0+2)/4 = 2), food 6 (was 1, baseline 5), lights 3 (was 5)
    const found = risers(
      { noise: 10, food: 6, lights: 3 },
      { noise: 4, food: 1, lights: 5 },
      [{ noise: 4, food: 1, lights: 5 }, { noise: 2, food: 9 }, { food: 5 }, { noise: 2, food: 5 }],
      5,
    );

    // Assess
    expect(found.againstPrevious.map((r) => [r.value, r.change])).toEqual([
      ['noise', 6],
      ['food', 5],
    ]);
    expect(found.againstBaseline.map((r) => [r.value, r.baseline, r.excess])).toEqual(
      [
        ['noise', 2, 8],
        ['food', 5, 1],
        ['lights', 1.25, 1.75],
      ].sort((a, b) => (b[2] as number) - (a[2] as number)),
    );
  });

  it('AH:20(六) flags 突发性 when a category in a region is far above its baseline on the last day, 苗头性 over the last week', () => {
    // Prepare: noise in shushan: 1 a day for 28 days of baseline, then 2 a day, then 6 on the last day;
    // property in baohe: 0 before, 5 over the week (never 5 on one day)
    const rows: CountRow[] = [];
    for (let i = 1; i <= 28; i += 1) {
      rows.push({
        at: `2026-11-${String(i).padStart(2, '0')}`,
        dimension: 'categoryRegion',
        value: 'noise|shushan',
        n: 1,
      });
    }
    for (const day of ['2026-11-29', '2026-11-30'])
      rows.push({ at: day, dimension: 'categoryRegion', value: 'noise|shushan', n: 1 });
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']) {
      rows.push({ at: day, dimension: 'categoryRegion', value: 'noise|shushan', n: 2 });
      rows.push({ at: day, dimension: 'categoryRegion', value: 'property|baohe', n: 1 });
    }
    rows.push({ at: '2026-12-05', dimension: 'categoryRegion', value: 'noise|shushan', n: 6 });
    rows.push({ at: '2026-12-05', dimension: 'categoryRegion', value: 'property|baohe', n: 1 });

    // Act
    const clusters = detectClusters(rows, '2026-12-05', settings);

    // Assess: noise 6 on the day against 32 in the 28 days before (1.14 a day) → 突发性; over the week 1+1+8+6 = 16 against 7 → not 3×;
    // property 5 in the week against 0 → 苗头性
    expect(clusters.map((c) => [c.flag, c.category, c.region, c.count, c.expected])).toEqual([
      ['突发性', 'noise', 'shushan', 6, 1.14],
      ['苗头性', 'property', 'baohe', 5, 0],
    ]);
    expect(clusters[1]).toMatchObject({ from: '2026-11-29', to: '2026-12-05', window: 'week' });
  });

  it('AH:20(六) a cluster below the floor of 5 is not flagged, however new', () => {
    const rows: CountRow[] = [
      { at: '2026-12-05', dimension: 'categoryRegion', value: 'noise|shushan', n: 4 },
    ];
    expect(detectClusters(rows, '2026-12-05', settings)).toEqual([]);
  });
});

describe('Module: reports/report (PDS:19; AH:33)', () => {
  it('builds the monthly bulletin from the tallies: volumes with names, rates, ranking, hot topics', () => {
    // Prepare
    const empty = { current: {}, previous: {}, baselines: [] };
    const volumes = Object.fromEntries(REPORT_DIMENSIONS.map((d) => [d, empty])) as unknown as Parameters<
      typeof buildReport
    >[0]['volumes'];
    volumes.channel = { current: { web: 3, phone: 1 }, previous: { web: 1 }, baselines: [{ web: 1 }] };
    volumes.category = { current: { noise: 4 }, previous: { noise: 1 }, baselines: [{ noise: 1 }] };
    const scores = scoreMonth(
      '2026-11',
      policy,
      [{ id: 'u1', name: '单位一' }],
      new Map([['u1', { finished: 2, finishedOnTime: 1 }]]),
    );

    // Act
    const report = buildReport({
      period: period('monthly', '2026-11'),
      policy,
      generatedAt: '2026-12-01T00:00:05+08:00',
      volumes,
      series: [{ at: '2026-11-01', count: 4 }],
      counts: { finished: 4, finishedOnTime: 3, satisfied: 1, dissatisfied: 1 },
      ranking: { source: 'bulletin', scores },
      sanctions: [],
      clusters: [
        {
          category: 'noise',
          region: 'shushan',
          flag: '突发性',
          window: 'day',
          from: '2026-11-30',
          to: '2026-11-30',
          count: 5,
          expected: 0.5,
        },
      ],
      names: { category: { noise: '噪声扰民' }, region: { shushan: '蜀山区' } },
    });

    // Assess
    expect(report.title).toBe('12345热线2026年11月月通报');
    expect(report.received).toEqual({ count: 4, previous: 1 });
    expect(report.volumes.channel).toEqual([
      { id: 'web', name: '网站', count: 3, previous: 1, change: 2 },
      { id: 'phone', name: '电话', count: 1, previous: 0, change: 1 },
    ]);
    expect(report.rates).toMatchObject({ onTime: 0.75, satisfaction: 0.5 });
    expect(report.ranking?.groups[0]?.units[0]).toMatchObject({ unit: 'u1', onTime: 0.5, rank: 1 });
    expect(report.hotTopics.categories.againstPrevious[0]).toMatchObject({
      value: 'noise',
      name: '噪声扰民',
      change: 3,
    });
    expect(report.hotTopics.clusters[0]).toMatchObject({ categoryName: '噪声扰民', regionName: '蜀山区' });
  });
});
