import type { AssessmentRepository } from '../../adapters/assessment-repository.ts';
import type { ReportStore, StoredDocument } from '../../adapters/report-store.ts';
import {
  addCounts,
  type FrozenScores,
  type IndicatorCounts,
  type Sanction,
  scoreMonth,
  UPKEEP_INDICATORS,
} from '../../domain/assessment/index.ts';
import { toShanghaiIso } from '../../domain/calendar/index.ts';
import {
  buildReport,
  type Cluster,
  clusterReadFrom,
  daysOf,
  detectClusters,
  monthsOf,
  periodBefore,
  periodHolding,
  REPORT_DIMENSIONS,
  type Report,
  type ReportDimension,
  type ReportInput,
  type ReportPeriod,
  tally,
} from '../../domain/reports/index.ts';
import { decideOpenSupervision, RuleViolationError } from '../../domain/ticket/index.ts';
import { ticketChanger } from '../change-ticket.ts';
import type { AppContext } from '../context.ts';
import { TicketNotFoundError, VersionConflictError } from '../errors.ts';
import { renderCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';

export interface ReportDeps {
  rt: AppContext;
  assessment: AssessmentRepository;
  store: ReportStore;
}

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a rendering is kept: `monthly/2026-11.html`. */
export const reportKey = (period: Pick<ReportPeriod, 'kind' | 'id'>, format: ReportFormat) =>
  `${period.kind}/${period.id}.${format}`;

/** Who opens supervision on a cluster's tickets: the hotline itself (AH:20(六)). */
const HOT_TOPICS_ACTOR = { id: 'hot-topics', role: 'system' } as const;

/**
 * The range a report reads: the period and the baseline periods before it (by day for a week, by
 * month otherwise), as `[first, last]` of the rows' `at`.
 */
function rangeOf(period: ReportPeriod): [string, string] {
  return period.kind === 'weekly'
    ? [period.first, period.last]
    : [period.first.slice(0, 7), period.last.slice(0, 7)];
}

/**
 * Composes a report from the aggregates alone (no pass over tickets):
 * 1. the counts of the period and of the baseline periods before it (days for a week, monthly
 *    roll-ups for a month or a year), and the last days for the clusters;
 * 2. the ranking: the month's frozen bulletin, else its live scores; a week shows its month's live
 *    scores, a year the scores of its summed months, with the year's sanctions;
 * 3. the report as data (domain: buildReport). The knowledge base's upkeep is counted per unit and
 *    month, not per day: a month's or a year's report adds its units' upkeep to the hotline's counts,
 *    a week's has none.
 */
export async function composeReport(deps: ReportDeps, period: ReportPeriod): Promise<Report> {
  const { rt, assessment } = deps;
  const settings = rt.policy.reports;
  const baselines = Array.from({ length: settings.baselinePeriods }, (_, i) => periodBefore(period, i + 1));
  const earliest = baselines[baselines.length - 1] ?? period;
  const clusterFrom = clusterReadFrom(period.last, settings.clusters);
  const [rows, days, categories, regions] = await Promise.all([
    period.kind === 'weekly'
      ? assessment.dailyCounts(earliest.first, period.last)
      : assessment.monthlyCounts(earliest.first.slice(0, 7), period.last.slice(0, 7)),
    assessment.dailyCounts(clusterFrom < period.first ? clusterFrom : period.first, period.last),
    rt.directory.all('catalogue'),
    rt.directory.all('region'),
  ]);
  const volumeOf = (dimension: ReportDimension) => ({
    current: tally(rows, dimension, ...rangeOf(period)),
    previous: tally(rows, dimension, ...rangeOf(baselines[0] ?? period)),
    baselines: baselines.map((b) => tally(rows, dimension, ...rangeOf(b))),
  });
  const volumes = Object.fromEntries(
    REPORT_DIMENSIONS.map((d) => [d, volumeOf(d)]),
  ) as ReportInput['volumes'];
  const { ranking, sanctions } = await rankingOf(deps, period);
  const counts = addCounts(
    tally(rows, 'indicator', ...rangeOf(period)) as IndicatorCounts,
    period.kind === 'weekly' ? {} : upkeepTotals(ranking?.scores),
  );
  const series =
    period.kind === 'yearly'
      ? monthsOf(period).map((m) => ({ at: m, count: sumOf(tally(rows, 'channel', m, m)) }))
      : daysOf(period).map((d) => ({ at: d, count: sumOf(tally(days, 'channel', d, d)) }));
  return buildReport({
    period,
    policy: rt.policy,
    generatedAt: toShanghaiIso(rt.now()),
    volumes,
    series,
    counts,
    ranking,
    sanctions,
    clusters: detectClusters(days, period.last, settings.clusters),
    names: {
      category: Object.fromEntries(categories.map((c) => [c.id, c.name])),
      region: Object.fromEntries(regions.map((r) => [r.id, r.name])),
    },
  });
}

const sumOf = (t: Record<string, number>) => Object.values(t).reduce((s, n) => s + n, 0);

const UPKEEP = new Set<string>(Object.values(UPKEEP_INDICATORS));

/** The knowledge-base upkeep counts of every unit of a month's (or a year's) scores, summed. */
function upkeepTotals(scores: FrozenScores | undefined): IndicatorCounts {
  const total: IndicatorCounts = {};
  for (const unit of [...(scores?.groups.flatMap((g) => g.units) ?? []), ...(scores?.ungrouped ?? [])]) {
    addCounts(total, Object.fromEntries(Object.entries(unit.counts).filter(([k]) => UPKEEP.has(k))));
  }
  return total;
}

async function rankingOf(
  deps: ReportDeps,
  period: ReportPeriod,
): Promise<{ ranking: ReportInput['ranking']; sanctions: Sanction[] }> {
  const { rt, assessment } = deps;
  const units = await rt.directory.all('unit');
  const live = async (month: string) =>
    scoreMonth(month, rt.policy, units, await assessment.unitMonth(month));
  if (period.kind === 'weekly') {
    return { ranking: { source: 'live', scores: await live(period.last.slice(0, 7)) }, sanctions: [] };
  }
  if (period.kind === 'monthly') {
    const bulletin = await assessment.bulletin(period.id);
    if (bulletin) return { ranking: { source: 'bulletin', scores: bulletin }, sanctions: bulletin.sanctions };
    return { ranking: { source: 'live', scores: await live(period.id) }, sanctions: [] };
  }
  const months = monthsOf(period);
  const [perMonth, bulletins] = await Promise.all([
    Promise.all(months.map((m) => assessment.unitMonth(m))),
    Promise.all(months.map((m) => assessment.bulletin(m))),
  ]);
  const year = new Map<string, IndicatorCounts>();
  for (const month of perMonth) {
    for (const [unit, counts] of month) year.set(unit, addCounts(year.get(unit) ?? {}, counts));
  }
  const scores: FrozenScores = scoreMonth(period.id, rt.policy, units, year);
  return {
    ranking: { source: 'year', scores },
    sanctions: bulletins.flatMap((b) => b?.sanctions ?? []),
  };
}

/** changeTicket with the decider's openSupervision alone: the reports give no other command. */
const openSupervisionOnly = /* @__PURE__ */ ticketChanger(decideOpenSupervision);

/**
 * Opens supervision on the tickets of a cluster (AH:20(六) 突发性、苗头性问题) through the decider,
 * as the hotline: a ticket already supervised for it, or no longer open, is refused by the rules and
 * left as it is, so that running a report again opens nothing twice. A ticket another writer changed
 * meanwhile (the daily sweep and a report at the same time) is read and decided again. Returns the
 * tickets opened.
 */
export async function superviseCluster(deps: ReportDeps, cluster: Cluster): Promise<string[]> {
  const ids = await deps.assessment.sameMatterTickets(
    cluster.region,
    cluster.category,
    cluster.from,
    cluster.to,
  );
  const opened: string[] = [];
  for (const ticketId of ids) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await openSupervisionOnly(deps.rt, {
          ticketId,
          actor: HOT_TOPICS_ACTOR,
          command: {
            action: 'openSupervision',
            reason: 'trending',
            note: `${cluster.flag}问题:${cluster.from}至${cluster.to}同一区域同类诉求${cluster.count}件,基线预期${cluster.expected}件(AH:20(六))`,
          },
        });
        opened.push(ticketId);
      } catch (error) {
        if (error instanceof VersionConflictError && attempt < 3) continue;
        if (error instanceof RuleViolationError || error instanceof TicketNotFoundError) break;
        throw error;
      }
      break;
    }
  }
  return opened;
}

/**
 * Generates a report and publishes it:
 * 1. compose it from the aggregates;
 * 2. store it as JSON, CSV and HTML (a new rendering of a period replaces the last one; the bucket
 *    keeps the versions);
 * 3. open supervision on the tickets of each cluster it flags.
 */
export async function generateReport(
  deps: ReportDeps,
  period: ReportPeriod,
): Promise<{ report: Report; supervised: string[] }> {
  const report = await composeReport(deps, period);
  await Promise.all([
    deps.store.put(reportKey(period, 'json'), {
      body: JSON.stringify(report),
      contentType: 'application/json',
    }),
    deps.store.put(reportKey(period, 'csv'), {
      body: renderCsv(report),
      contentType: 'text/csv; charset=utf-8',
    }),
    deps.store.put(reportKey(period, 'html'), {
      body: renderHtml(report),
      contentType: 'text/html; charset=utf-8',
    }),
  ]);
  const supervised: string[] = [];
  for (const cluster of report.hotTopics.clusters)
    supervised.push(...(await superviseCluster(deps, cluster)));
  return { report, supervised: [...new Set(supervised)] };
}

/** A stored rendering of a report, or undefined when the period's report was never generated. */
export async function storedReport(
  deps: Pick<ReportDeps, 'store'>,
  period: ReportPeriod,
  format: ReportFormat,
): Promise<StoredDocument | undefined> {
  return deps.store.get(reportKey(period, format));
}

/**
 * What the monthly close's publish step does besides saving the bulletin: the month's bulletin as a
 * report (JSON, CSV, HTML), and after December the year's summary.
 */
export function publishReports(deps: ReportDeps): (bulletin: { month: string }) => Promise<void> {
  return async ({ month }) => {
    await generateReport(deps, periodHolding('monthly', `${month}-01`));
    if (month.endsWith('-12')) await generateReport(deps, periodHolding('yearly', `${month}-01`));
  };
}
