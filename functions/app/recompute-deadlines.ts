import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { shanghaiDateOf } from '../domain/calendar/index.ts';
import { RuleViolationError } from '../domain/ticket/index.ts';
import { logger, metrics } from '../shared/powertools.ts';
import { changeTicket } from './change-ticket.ts';
import type { AppContext } from './context.ts';
import { VersionConflictError } from './errors.ts';
import { WORKFLOW_ACTOR } from './timers.ts';

/** Refusals that leave nothing to do: no deadline moves, or the ticket is past the statuses that count. */
const SETTLED = new Set(['recompute.nothingToDo', 'recomputeDeadlines.wrongStatus']);

export interface RecomputeProgress {
  /** Open tickets with a provisional deadline, from the index. */
  listed: number;
  /** Tickets whose deadlines the loaded schedule moved or made exact (a DeadlinesRecomputed event each). */
  recomputed: number;
  /** Tickets of a loaded year whose deadlines it left where they were (nothing to record). */
  unchanged: number;
  /** Tickets whose year still has no schedule: left for the next load. */
  stillProvisional: number;
}

/**
 * When the schedule of a year that had none is loaded (the official notice, or an operator's file),
 * every open ticket whose deadlines were provisional for it has them counted again:
 * 1. the open tickets with a provisional deadline are listed by index (never a Scan), from this year on;
 * 2. each one whose year the calendar now has a schedule for gets `recomputeDeadlines` through the
 *    decider (an event per ticket with the old and new deadline and the schedule that set it; its
 *    timers are planned again from it); its clocks are then exact, and it leaves the index.
 * Idempotent and resumable: a ticket already recounted is no longer listed, or its command is refused
 * with `recompute.nothingToDo`, which counts as unchanged. `onProgress` is told after each ticket.
 */
export async function recomputeProvisionalDeadlines(
  rt: AppContext,
  onProgress: (progress: RecomputeProgress) => void = () => {},
): Promise<RecomputeProgress> {
  const fromYear = Number(shanghaiDateOf(rt.now()).slice(0, 4));
  const listed = await rt.tickets.withProvisionalDeadlines(fromYear);
  const progress: RecomputeProgress = {
    listed: listed.length,
    recomputed: 0,
    unchanged: 0,
    stillProvisional: 0,
  };
  for (const { ticketId, year } of listed) {
    const source = rt.calendar.yearSource(year);
    if (source === 'provisional') progress.stillProvisional += 1;
    else if (await recompute(rt, ticketId, year, `${source} schedule of ${year}`)) progress.recomputed += 1;
    else progress.unchanged += 1;
    onProgress({ ...progress });
  }
  if (progress.recomputed > 0)
    metrics.singleMetric().addMetric('DeadlinesRecomputed', MetricUnit.Count, progress.recomputed);
  logger.info('provisional deadlines recounted', { ...progress });
  return progress;
}

/** One ticket's command, read again and retried when the ticket moved meanwhile; false when nothing changed. */
async function recompute(rt: AppContext, ticketId: string, year: number, schedule: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await changeTicket(rt, {
        ticketId,
        command: { action: 'recomputeDeadlines', year, schedule },
        actor: WORKFLOW_ACTOR,
      });
      return true;
    } catch (error) {
      if (error instanceof RuleViolationError && SETTLED.has(error.rule)) return false;
      if (!(error instanceof VersionConflictError) || attempt >= 5) throw error;
    }
  }
}
