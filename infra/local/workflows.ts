import { AssessmentRepository } from '../../functions/adapters/assessment-repository.ts';
import { paginateScan } from '../../functions/adapters/document-client.ts';
import type { ReportStore } from '../../functions/adapters/report-store.ts';
import { decodeState } from '../../functions/adapters/state-codec.ts';
import {
  busDetailSchema,
  clocksEndedDetailSchema,
  knowledgeDetailSchema,
} from '../../functions/app/bus-detail.ts';
import { countReports } from '../../functions/app/count-reports.ts';
import { buildKnowledgeIndex } from '../../functions/app/knowledge/build-index.ts';
import { followMergeGroup } from '../../functions/app/merge-group.ts';
import { projectEvent } from '../../functions/app/project-assessment.ts';
import { recomputeProvisionalDeadlines } from '../../functions/app/recompute-deadlines.ts';
import { publishReports } from '../../functions/app/reports/generate.ts';
import { executionName, groupOf, startTimers, stopTimers } from '../../functions/app/start-timers.ts';
import { planNext, sweepMissedTimers } from '../../functions/app/timers.ts';
import { knowledgeIndexStore } from '../../functions/runtime/knowledge.ts';
import { knowledgeEntries } from '../../functions/runtime/knowledge-entries.ts';
import type { Runtime } from '../../functions/runtime/runtime.ts';
import { LocalEventBus } from './event-bus.ts';
import { LocalIndexBuilds } from './index-builds.ts';
import { lambdaContext } from './lambda-context.ts';
import { LocalMonthlyClose } from './monthly-close.ts';
import { LocalReportSchedules } from './report-schedules.ts';
import { StreamRelay } from './stream-relay.ts';
import { LocalTimerRunner } from './timer-runner.ts';

/**
 * How often the local sweeper looks for missed timers, over the last 30 days each time (in AWS: every
 * 5 minutes over the last two days, and daily over 30).
 */
const SWEEP_EVERY_MS = 30_000;

/**
 * The event side of the local runtime: the stream relay feeds the local bus, whose rule starts
 * ticket-timer executions in the local state machine runner; the sweeper runs on a timer; the
 * monthly close, the weekly report and the daily cluster sweep on their schedules (virtual clock). At start,
 * every ticket with a pending timer gets its executions again, so a restart loses no timer.
 */
export async function startLocalWorkflows(
  rt: Runtime,
  endpoint: string,
  options: {
    timerTask?: (input: unknown) => Promise<unknown>;
    sweepEveryMs?: number;
    /**
     * Whether the monthly close and the report jobs run on their schedules (yes, but for a benchmark
     * of one ticket: they are the deployment's, not the ticket's).
     */
    schedules?: boolean;
    /** Where the close publishes the month's reports (the data folder locally). */
    reportStore: ReportStore;
  },
) {
  // The timer task handler itself, unless a test runs the same logic on its own table.
  let timerTask = options.timerTask;
  if (!timerTask) {
    const { handler } = await import('../../functions/tasks/timer.ts');
    timerTask = async (input) => handler(input, lambdaContext('timer'));
  }
  const runner = new LocalTimerRunner(timerTask);
  const assessment = new AssessmentRepository(rt.tickets.documentClient, rt.tableName);
  // The search index where the searchers read it (KNOWLEDGE_INDEX_FILE, in the data folder).
  const knowledgeIndex = { entries: knowledgeEntries(rt), store: knowledgeIndexStore(process.env) };
  const indexBuilds = new LocalIndexBuilds((changedAt) =>
    buildKnowledgeIndex(knowledgeIndex.entries, knowledgeIndex.store, { changedAt }),
  );
  const bus = new LocalEventBus({
    'start-timers': async (event) => startTimers(rt, runner, busDetailSchema().parse(event.detail)),
    'stop-timers': async (event) => stopTimers(rt, runner, clocksEndedDetailSchema().parse(event.detail)),
    'project-assessment': async (event) => projectEvent(assessment, busDetailSchema().parse(event.detail)),
    'count-reports': async (event) => countReports(rt, busDetailSchema().parse(event.detail)),
    'merge-group': async (event) => followMergeGroup(rt, busDetailSchema().parse(event.detail)),
    // Handed to the builds' own queue: the relay does not wait for a build.
    'build-knowledge-index': async (event) => {
      const detail = knowledgeDetailSchema().parse(event.detail);
      indexBuilds.submit(new Date(detail.writtenAt ?? event.time));
    },
  });
  const monthlyClose = new LocalMonthlyClose({
    assessment,
    directory: rt.directory,
    policy: rt.policy,
    now: rt.now,
    publish: publishReports({ rt, assessment, store: options.reportStore }),
  });
  const reportSchedules = new LocalReportSchedules({ rt, assessment, store: options.reportStore });
  if (options.schedules !== false) {
    monthlyClose.start();
    reportSchedules.start();
  }
  const relay = new StreamRelay(rt.dynamodb, endpoint, rt.tableName, bus);
  await relay.start();
  const resumed = await resumeTimers(rt, runner);
  // A year's schedule loaded since the last start (the calendar folder is read at start, as a
  // deployment reads it): the open tickets whose deadlines were provisional for it are recounted.
  const recomputed = await recomputeProvisionalDeadlines(rt);
  const sweeper = setInterval(() => {
    sweepMissedTimers(rt).catch((error) => console.error(`sweeper: ${error.message}`));
  }, options.sweepEveryMs ?? SWEEP_EVERY_MS);
  return {
    runner,
    bus,
    relay,
    resumed,
    recomputed,
    monthlyClose,
    reportSchedules,
    assessment,
    indexBuilds,
    async stop() {
      clearInterval(sweeper);
      monthlyClose.stop();
      reportSchedules.stop();
      runner.stopAll();
      // A build under way is left to be cut short: its file is written whole, then renamed.
      await relay.stop();
    },
  };
}

/**
 * Starts the timer executions of every ticket with a pending timer. A Scan is fine here: it runs
 * once when the local runtime starts, never on a request path.
 */
async function resumeTimers(rt: Runtime, runner: LocalTimerRunner): Promise<number> {
  const db = rt.tickets.documentClient;
  let resumed = 0;
  const pages = paginateScan(
    { client: db },
    {
      TableName: rt.tableName,
      FilterExpression: 'attribute_exists(gsi5pk) AND entity = :ticket',
      ExpressionAttributeValues: { ':ticket': 'ticket' },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const ticket = decodeState(item.state as Uint8Array);
      // One run per group of clocks started together (same version), as start-timers names them.
      const groups = new Map<string, string[]>();
      for (const clock of Object.values(ticket.clocks)) {
        if (!clock) continue;
        const group = groupOf(clock.id);
        groups.set(group, [...(groups.get(group) ?? []), clock.id]);
      }
      for (const [group, clockIds] of groups) {
        const run = { ticketId: ticket.id, clockIds, purpose: 'clock' as const };
        const next = planNext(rt, ticket, run);
        if (next.done) continue;
        if ((await runner.start(executionName(ticket.id, group), { ...run, next })) === 'started')
          resumed += 1;
      }
    }
  }
  return resumed;
}
