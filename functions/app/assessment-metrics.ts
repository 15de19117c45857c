import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Bulletin, Contribution, Indicator } from '../domain/assessment/index.ts';
import { metrics } from '../shared/powertools.ts';

/** One metric the dashboard reads, as CloudWatch EMF. */
export interface MetricPoint {
  name: string;
  unit: 'Count' | 'Percent';
  value: number;
  dimensions?: Record<string, string>;
}

/** The indicators the projection publishes as it counts them: the dashboard's live rates are their ratios. */
const LIVE_INDICATORS: readonly Indicator[] = [
  'finished',
  'finishedOnTime',
  'satisfied',
  'deemedSatisfied',
  'dissatisfied',
  'contactedInWindow',
  'contactMissed',
  'overdue',
];

/**
 * What the projection publishes for one counted event: `AssessmentIndicator` by `indicator`, so that
 * the dashboard's live on-time rate is finishedOnTime ÷ finished and its satisfaction rate
 * (satisfied + deemedSatisfied) ÷ (those + dissatisfied), over any period, by metric math.
 */
export function projectionMetricsOf(contributions: readonly Contribution[]): MetricPoint[] {
  return contributions
    .filter((c) => LIVE_INDICATORS.includes(c.indicator))
    .map((c) => ({
      name: 'AssessmentIndicator',
      unit: 'Count',
      value: 1,
      dimensions: { indicator: c.indicator },
    }));
}

/**
 * What the monthly close publishes with the bulletin: each group's top and bottom score (the last
 * ranking's extremes), the sanctions by measure, the month's on-time, satisfaction and knowledge-base
 * upkeep rates, and the units noted for a missing monthly analysis (TN:6(八)).
 */
export function closeMetricsOf(bulletin: Bulletin): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const group of bulletin.groups) {
    const scores = group.units.flatMap((u) => (u.score === null ? [] : [u.score]));
    if (scores.length === 0) continue;
    out.push({
      name: 'RankingTopScore',
      unit: 'Count',
      value: Math.max(...scores),
      dimensions: { group: group.id },
    });
    out.push({
      name: 'RankingBottomScore',
      unit: 'Count',
      value: Math.min(...scores),
      dimensions: { group: group.id },
    });
  }
  const measures = new Map<string, number>();
  for (const s of bulletin.sanctions) measures.set(s.measure, (measures.get(s.measure) ?? 0) + 1);
  for (const [measure, n] of measures)
    out.push({ name: 'Sanctions', unit: 'Count', value: n, dimensions: { measure } });
  const { onTime, satisfaction, knowledgeUpkeep } = bulletin.totals.rates;
  if (onTime !== null) out.push({ name: 'MonthOnTimeRate', unit: 'Percent', value: 100 * onTime });
  if (satisfaction !== null)
    out.push({ name: 'MonthSatisfactionRate', unit: 'Percent', value: 100 * satisfaction });
  if (knowledgeUpkeep !== null)
    out.push({ name: 'MonthKnowledgeUpkeepRate', unit: 'Percent', value: 100 * knowledgeUpkeep });
  if (bulletin.missingAnalyses) {
    out.push({ name: 'UnitAnalysesMissed', unit: 'Count', value: bulletin.missingAnalyses.units.length });
  }
  return out;
}

/** Publishes metric points, each its own EMF record (so that dimensions do not mix). */
export function publishMetrics(points: readonly MetricPoint[]): void {
  for (const p of points) {
    const metric = metrics.singleMetric();
    if (p.dimensions) metric.addDimensions(p.dimensions);
    metric.addMetric(p.name, p.unit === 'Percent' ? MetricUnit.Percent : MetricUnit.Count, p.value);
  }
}
