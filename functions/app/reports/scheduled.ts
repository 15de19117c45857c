import { shiftLocalDate, toShanghaiIso } from '../../domain/calendar/index.ts';
import { clusterReadFrom, detectClusters, periodHolding } from '../../domain/reports/index.ts';
import { z } from '../../domain/zod.ts';
import { generateReport, type ReportDeps, superviseCluster } from './generate.ts';

/**
 * The report jobs a schedule starts (in AWS an EventBridge rule, locally the virtual clock):
 * - `weeklyReport`: the weekly analysis (PDS:19 周分析) of the ISO week that ended before `time`,
 *   generated and stored like one asked for by API (its clusters put under supervision);
 * - `clusterSweep`: the daily look for sudden clusters (突发性: the last day; 苗头性: the last 7 days)
 *   ending on the day before `time`, each cluster's tickets put under supervision (AH:20(六)),
 *   without waiting for a report to be generated.
 */
export const SCHEDULED_REPORT_JOBS = ['weeklyReport', 'clusterSweep'] as const;
export type ScheduledReportJob = (typeof SCHEDULED_REPORT_JOBS)[number];

/** What the schedule passes: the job and the scheduled event's `time` (UTC, ISO 8601). */
export const scheduledReportInputSchema = z.object({
  job: z.enum(SCHEDULED_REPORT_JOBS),
  time: z.iso.datetime({ offset: true }),
});
export type ScheduledReportInput = z.infer<typeof scheduledReportInputSchema>;

export type ScheduledReportResult =
  | { job: 'weeklyReport'; period: string; clusters: number; supervised: string[] }
  | { job: 'clusterSweep'; day: string; clusters: number; supervised: string[] };

/** The last whole Asia/Shanghai day before an instant: what a job started at 00:30 or 01:00 looks at. */
export const dayBefore = (time: string): string =>
  shiftLocalDate(toShanghaiIso(new Date(time)).slice(0, 10), -1);

/**
 * Runs a scheduled job. Both are safe to run again (a rerun after a retry): the week's report is
 * replaced by the same figures, and a ticket already supervised for its cluster is left as it is.
 */
export async function runScheduledReport(
  deps: ReportDeps,
  input: ScheduledReportInput,
): Promise<ScheduledReportResult> {
  const day = dayBefore(input.time);
  if (input.job === 'weeklyReport') {
    const period = periodHolding('weekly', day);
    const { report, supervised } = await generateReport(deps, period);
    return { job: input.job, period: period.id, clusters: report.hotTopics.clusters.length, supervised };
  }
  return { job: input.job, day, ...(await sweepClusters(deps, day)) };
}

/**
 * The daily cluster sweep: the daily counts of the window and its baseline (one Query per month),
 * the clusters ending on `day`, and supervision opened on each cluster's tickets, once.
 */
export async function sweepClusters(
  deps: ReportDeps,
  day: string,
): Promise<{ clusters: number; supervised: string[] }> {
  const settings = deps.rt.policy.reports.clusters;
  const rows = await deps.assessment.dailyCounts(clusterReadFrom(day, settings), day);
  const clusters = detectClusters(rows, day, settings);
  const supervised: string[] = [];
  for (const cluster of clusters) supervised.push(...(await superviseCluster(deps, cluster)));
  return { clusters: clusters.length, supervised: [...new Set(supervised)] };
}
