import { clock } from '../../functions/adapters/clock.ts';
import type { ReportDeps } from '../../functions/app/reports/generate.ts';
import {
  runScheduledReport,
  type ScheduledReportJob,
  type ScheduledReportResult,
} from '../../functions/app/reports/scheduled.ts';
import { shiftLocalDate, toShanghaiIso } from '../../functions/domain/calendar/index.ts';

/** The Asia/Shanghai day of an instant, and the weekday of such a day (1 = Monday … 7 = Sunday). */
const shanghaiDay = (at: Date) => toShanghaiIso(at).slice(0, 10);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;

/**
 * The next time after `now` a report job starts (workflows/rules.ts REPORT_SCHEDULES): the cluster
 * sweep at 00:30 Asia/Shanghai every day, the weekly report at 01:00 on Mondays.
 */
export function nextReportJobTime(job: ScheduledReportJob, now: Date): Date {
  const today = shanghaiDay(now);
  const [time, first] =
    job === 'clusterSweep' ? ['00:30', today] : ['01:00', shiftLocalDate(today, (8 - weekday(today)) % 7)];
  const step = job === 'clusterSweep' ? 1 : 7;
  let at = new Date(`${first}T${time}:00+08:00`);
  while (at.getTime() <= now.getTime()) at = new Date(at.getTime() + step * 86_400_000);
  return at;
}

/**
 * The report schedules locally, on the virtual clock: each job sleeps until its next time and runs
 * the same use case as the scheduled-reports task in AWS, with the time the schedule would pass.
 * A clock moved on by several days runs each missed time in turn, as the days would have.
 */
export class LocalReportSchedules {
  private readonly stopping = new AbortController();
  /** Runs so far, in order, with what each did. */
  readonly runs: { job: ScheduledReportJob; time: string; result: ScheduledReportResult }[] = [];
  failures = 0;

  constructor(private readonly deps: ReportDeps) {}

  start(): void {
    for (const job of ['clusterSweep', 'weeklyReport'] as const) {
      void (async () => {
        for (let at = nextReportJobTime(job, clock.now()); !this.stopping.signal.aborted; ) {
          await clock.sleepUntil(at, this.stopping.signal);
          const time = at.toISOString();
          try {
            this.runs.push({ job, time, result: await runScheduledReport(this.deps, { job, time }) });
          } catch (error) {
            this.failures += 1;
            console.error(`${job} at ${time} failed: ${(error as Error).message}`);
          }
          at = nextReportJobTime(job, at);
        }
      })().catch(() => {});
    }
  }

  stop(): void {
    this.stopping.abort(new Error('stopped'));
  }
}
