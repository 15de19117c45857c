import type { FrozenScores } from '../assessment/close.ts';
import type { IndicatorCounts } from '../assessment/indicators.ts';
import type { Sanction } from '../assessment/ladder.ts';
import { type Rates, ratesOf } from '../assessment/score.ts';
import type { Channel, Policy } from '../policy/index.ts';
import { type Cluster, type Riser, risers } from './hot-topics.ts';
import { periodLabel, type ReportPeriod } from './period.ts';
import type { Tally } from './volumes.ts';

/** Chinese names of the channels (AH:2,9; PDS:3), for the reports a person reads. */
export const CHANNEL_NAMES: Record<Channel, string> = {
  phone: '电话',
  sms: '短信',
  fax: '传真',
  web: '网站',
  mayorMailbox: '市长信箱',
  leaderMessageBoard: '领导留言板',
  wechat: '微信',
  app: '移动客户端',
  govServicePlatform: '政务服务平台',
  weibo: '微博',
  upperPlatform: '上级平台转办',
  siblingPlatform: '兄弟平台转办',
  letter: '来信',
};

const KIND_TITLES = { weekly: '周分析', monthly: '月通报', yearly: '年总结' } as const;

/** The dimensions a report counts volumes by. */
export const REPORT_DIMENSIONS = ['channel', 'type', 'category', 'region'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** One dimension's counts for the period, the previous one and the baseline periods before it. */
export interface DimensionInput {
  current: Tally;
  previous: Tally;
  baselines: Tally[];
}

export interface ReportInput {
  period: ReportPeriod;
  policy: Policy;
  generatedAt: string;
  volumes: Record<ReportDimension, DimensionInput>;
  /** Requests received per day (weekly, monthly) or per month (yearly), in order. */
  series: { at: string; count: number }[];
  /** The hotline's indicator counts over the period. */
  counts: IndicatorCounts;
  /** The ranking the report shows: the month's bulletin, the live month, or the year's. */
  ranking: { source: 'bulletin' | 'live' | 'year'; scores: FrozenScores } | null;
  sanctions: readonly Sanction[];
  clusters: readonly Cluster[];
  /** Names of directory ids (categories, regions, units), for the person reading. */
  names: { category: Record<string, string>; region: Record<string, string> };
}

export interface VolumeLine {
  id: string;
  name: string;
  count: number;
  previous: number;
  change: number;
}

export interface NamedRiser extends Riser {
  name: string;
}

export interface Report {
  kind: ReportPeriod['kind'];
  period: string;
  title: string;
  first: string;
  last: string;
  generatedAt: string;
  policy: { id: string; version: number };
  received: { count: number; previous: number };
  series: { at: string; count: number }[];
  volumes: Record<ReportDimension, VolumeLine[]>;
  counts: IndicatorCounts;
  rates: Rates;
  ranking: {
    source: 'bulletin' | 'live' | 'year';
    period: string;
    groups: {
      id: string;
      name: string;
      units: {
        unit: string;
        name: string;
        score: number | null;
        rank: number | null;
        onTime: number | null;
        satisfaction: number | null;
      }[];
    }[];
  } | null;
  sanctions: Sanction[];
  /** TN:6(八): the units that did not send their analysis of the month before by its due day. */
  missingAnalyses: { month: string; due: string; units: { unit: string; name: string }[] } | null;
  hotTopics: {
    categories: { againstPrevious: NamedRiser[]; againstBaseline: NamedRiser[] };
    regions: { againstPrevious: NamedRiser[]; againstBaseline: NamedRiser[] };
    clusters: (Cluster & { categoryName: string; regionName: string })[];
  };
}

const sum = (t: Tally) => Object.values(t).reduce((s, n) => s + n, 0);

/**
 * A weekly analysis, monthly bulletin or yearly summary (PDS:19; AH:33; TN:16) from the aggregates:
 * volumes by channel, type, category and region against the previous period, the rates, the
 * ranking and sanctions, and the hot topics with their clusters.
 */
export function buildReport(input: ReportInput): Report {
  const { period, policy } = input;
  const nameOf: Record<ReportDimension, (id: string) => string> = {
    channel: (id) => CHANNEL_NAMES[id as Channel] ?? id,
    type: (id) => policy.requestTypes.find((t) => t.id === id)?.name ?? id,
    category: (id) => input.names.category[id] ?? id,
    region: (id) => input.names.region[id] ?? (id === '-' ? '未注明' : id),
  };
  const lines = (dimension: ReportDimension): VolumeLine[] => {
    const { current, previous } = input.volumes[dimension];
    return [...new Set([...Object.keys(current), ...Object.keys(previous)])]
      .map((id) => {
        const count = current[id] ?? 0;
        const before = previous[id] ?? 0;
        return { id, name: nameOf[dimension](id), count, previous: before, change: count - before };
      })
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
  };
  const hot = (dimension: 'category' | 'region') => {
    const { current, previous, baselines } = input.volumes[dimension];
    const found = risers(current, previous, baselines, policy.reports.topN);
    const named = (list: Riser[]) => list.map((r) => ({ ...r, name: nameOf[dimension](r.value) }));
    return { againstPrevious: named(found.againstPrevious), againstBaseline: named(found.againstBaseline) };
  };
  const scores = input.ranking?.scores;
  return {
    kind: period.kind,
    period: period.id,
    title: `12345热线${periodLabel(period)}${KIND_TITLES[period.kind]}`,
    first: period.first,
    last: period.last,
    generatedAt: input.generatedAt,
    policy: { id: policy.id, version: policy.version },
    received: { count: sum(input.volumes.channel.current), previous: sum(input.volumes.channel.previous) },
    series: input.series,
    volumes: {
      channel: lines('channel'),
      type: lines('type'),
      category: lines('category'),
      region: lines('region'),
    },
    counts: input.counts,
    rates: ratesOf(input.counts),
    ranking:
      input.ranking && scores
        ? {
            source: input.ranking.source,
            period: scores.month,
            groups: scores.groups.map((g) => ({
              id: g.id,
              name: g.name,
              units: g.units.map((u) => ({
                unit: u.unit,
                name: u.name,
                score: u.score,
                rank: u.rank,
                onTime: u.rates.onTime,
                satisfaction: u.rates.satisfaction,
              })),
            })),
          }
        : null,
    sanctions: [...input.sanctions],
    missingAnalyses: scores?.missingAnalyses
      ? {
          month: scores.missingAnalyses.month,
          due: scores.missingAnalyses.due,
          units: scores.missingAnalyses.units.map((unit) => ({
            unit,
            name:
              [...scores.groups.flatMap((g) => g.units), ...scores.ungrouped].find((u) => u.unit === unit)
                ?.name ?? unit,
          })),
        }
      : null,
    hotTopics: {
      categories: hot('category'),
      regions: hot('region'),
      clusters: input.clusters.map((c) => ({
        ...c,
        categoryName: nameOf.category(c.category),
        regionName: nameOf.region(c.region),
      })),
    },
  };
}
