import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { shanghaiDateOf } from '../domain/calendar/index.ts';
import { z } from '../domain/zod.ts';
import { logger, metrics } from '../shared/powertools.ts';
import { changeUnlessSettled } from './change-ticket.ts';
import type { AppContext } from './context.ts';
import { WORKFLOW_ACTOR } from './timers.ts';

/** Refusals that leave nothing to do: no deadline moves, or the ticket is past the statuses that count. */
const SETTLED = new Set(['recompute.nothingToDo', 'recomputeDeadlines.wrongStatus']);

/**
 * Tickets per page: each is one read and at most one transaction (a few more when it moved
 * meanwhile), so a page takes seconds, far inside the task's timeout.
 */
export const RECOUNT_PAGE_SIZE = 25;

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

const count = z.number().check(z.int(), z.gte(0));

/**
 * Where a recount stands between two pages, as the state machine carries it from one task to the
 * next: the year it counts from, the cursor of the next page, and the totals so far. Other fields
 * of an execution's input (who started it, the schedules' digest) are left out.
 */
export const recountStateSchema = z.object({
  /** The first year listed; fixed by the first page, so that a run across New Year lists the same tickets. */
  fromYear: z.optional(z.number().check(z.int(), z.gte(1901), z.lte(2099))),
  /** Resume after this position of the index (a page's `cursor`); absent: from the start. */
  cursor: z.optional(z.string().check(z.minLength(1))),
  pages: z._default(count, 0),
  totals: z._default(
    z.object({ listed: count, recomputed: count, unchanged: count, stillProvisional: count }),
    { listed: 0, recomputed: 0, unchanged: 0, stillProvisional: 0 },
  ),
});
export type RecountInput = z.input<typeof recountStateSchema>;

export interface RecountState {
  fromYear: number;
  /** The next page's cursor; absent when `done`. */
  cursor?: string;
  done: boolean;
  pages: number;
  totals: RecomputeProgress;
}

/**
 * When the schedule of a year that had none is loaded (the official notice, or an operator's file),
 * every open ticket whose deadlines were provisional for it has them counted again, a page at a time:
 * 1. one page of the open tickets with a provisional deadline is read from the index (never a Scan),
 *    from this year on, after the cursor given;
 * 2. each one whose year the calendar now has a schedule for gets `recomputeDeadlines` through the
 *    decider (an event per ticket with the old and new deadline and the schedule that set it; its
 *    timers are planned again from it); its clocks are then exact, and it leaves the index;
 * 3. the page's counts are added to the totals, and the next page's cursor is returned.
 * Idempotent and resumable: a ticket already recounted is no longer listed, or its command is refused
 * with `recompute.nothingToDo`, which counts as unchanged; a run started again from any cursor, or
 * from none, recounts only what is left. `onProgress` is told the totals after each ticket.
 */
export async function recomputeProvisionalPage(
  rt: AppContext,
  input: RecountInput = {},
  options: { limit?: number; onProgress?: (totals: RecomputeProgress) => void } = {},
): Promise<RecountState> {
  const state = recountStateSchema.parse(input);
  const fromYear = state.fromYear ?? Number(shanghaiDateOf(rt.now()).slice(0, 4));
  const page = await rt.tickets.provisionalPage(fromYear, {
    limit: options.limit ?? RECOUNT_PAGE_SIZE,
    cursor: state.cursor,
  });
  const totals = { ...state.totals, listed: state.totals.listed + page.items.length };
  let recomputed = 0;
  for (const { ticketId, year } of page.items) {
    const source = rt.calendar.yearSource(year);
    if (source === 'provisional') totals.stillProvisional += 1;
    else if (await recompute(rt, ticketId, year, `${source} schedule of ${year}`)) recomputed += 1;
    else totals.unchanged += 1;
    totals.recomputed = state.totals.recomputed + recomputed;
    options.onProgress?.({ ...totals });
  }
  if (recomputed > 0) metrics.singleMetric().addMetric('DeadlinesRecomputed', MetricUnit.Count, recomputed);
  const next: RecountState = {
    fromYear,
    ...(page.cursor && { cursor: page.cursor }),
    done: !page.cursor,
    pages: state.pages + 1,
    totals,
  };
  logger.info('provisional deadlines: page recounted', {
    fromYear,
    pages: next.pages,
    done: next.done,
    ...totals,
  });
  return next;
}

/**
 * The whole recount in one process, page after page (the local runtime at start; in AWS the
 * provisional-recount state machine runs the pages as tasks).
 */
export async function recomputeProvisionalDeadlines(
  rt: AppContext,
  onProgress: (progress: RecomputeProgress) => void = () => {},
): Promise<RecomputeProgress> {
  let state = await recomputeProvisionalPage(rt, {}, { onProgress });
  while (!state.done) state = await recomputeProvisionalPage(rt, state, { onProgress });
  return state.totals;
}

/** One ticket's command, read again and retried when the ticket moved meanwhile; false when nothing changed. */
async function recompute(rt: AppContext, ticketId: string, year: number, schedule: string): Promise<boolean> {
  const change = await changeUnlessSettled(
    rt,
    { ticketId, command: { action: 'recomputeDeadlines', year, schedule }, actor: WORKFLOW_ACTOR },
    SETTLED,
  );
  return !('settled' in change);
}
