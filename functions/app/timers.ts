import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { onFirstUse } from '../domain/on-first-use.ts';
import { dueTimers, nextTimerAmong, type Ticket, type TimerKind } from '../domain/ticket/index.ts';
import { z } from '../domain/zod.ts';
import { logger, metrics } from '../shared/powertools.ts';
import { changeUnlessSettled } from './change-ticket.ts';
import type { AppContext } from './context.ts';

/** The workflows act as this actor; the access matrix lets it fire timers and nothing else. */
export const WORKFLOW_ACTOR = { id: 'workflow', role: 'system' } as const;

/** Refusals that mean "nothing to do": the clock moved on, or someone fired the timer already. */
const SETTLED = new Set(['clock.stale', 'timer.alreadyFired', 'timer.notDue']);

/** What one timer execution follows: the clocks one event started (and, for a callback retry, its kind). */
export interface TimerRun {
  ticketId: string;
  clockIds: string[];
  purpose: 'clock' | 'callbackRetry';
}

export type PlanResult = { done: true } | { done: false; at: string; timer: { id: string; at: string } };

/** A callback retry waits only for the next attempt to fall due (PDS:17); the main run does the rest. */
const KINDS_OF: Record<TimerRun['purpose'], TimerKind[] | undefined> = {
  clock: undefined,
  callbackRetry: ['callbackDue'],
};

/**
 * The next timer of a run, for the state machine to wait on; done when the ticket is gone, its clocks
 * have ended, or every timer has fired. `at` is UTC, as the Wait state's TimestampPath wants.
 */
export function planNext(
  rt: Pick<AppContext, 'policy' | 'calendar'>,
  ticket: Ticket | undefined,
  run: TimerRun,
): PlanResult {
  const ctx = { policy: rt.policy, calendar: rt.calendar };
  const timer = ticket && nextTimerAmong(ticket, run.clockIds, ctx, KINDS_OF[run.purpose]);
  if (!timer) return { done: true };
  const at = new Date(timer.at).toISOString();
  return { done: false, at, timer: { id: timer.id, at } };
}

export type FireOutcome = 'fired' | 'settled' | 'notDue';

/**
 * Fires one timer through the same path as every other change. A version conflict (someone changed
 * the ticket meanwhile) is retried on the fresh ticket; a refusal that means "nothing to do" (the
 * clock ended, the timer fired already) settles it; a timer not yet due (a clock running behind) is
 * reported so that the state machine waits again.
 */
export async function fireTimer(
  rt: AppContext,
  ticketId: string,
  timerId: string,
): Promise<{ outcome: FireOutcome; events: string[]; ticket?: Ticket }> {
  const change = await changeUnlessSettled(
    rt,
    { ticketId, command: { action: 'fireTimer', timerId }, actor: WORKFLOW_ACTOR },
    SETTLED,
  );
  if (!('settled' in change))
    return { outcome: 'fired', events: change.events.map((e) => e.type), ticket: change.ticket };
  return { outcome: change.settled === 'timer.notDue' ? 'notDue' : 'settled', events: [] };
}

/** The state machine's task: fire the timer it waited for, and answer with the run's next one. */
export async function fireAndPlan(rt: AppContext, run: TimerRun, timerId: string): Promise<PlanResult> {
  const fired = await fireTimer(rt, run.ticketId, timerId);
  logger.debug('timer', { ticketId: run.ticketId, timerId, outcome: fired.outcome, events: fired.events });
  const ticket = fired.ticket ?? (await rt.tickets.load(run.ticketId))?.ticket;
  return planNext(rt, ticket, run);
}

/** How far back the sweeper's daily run looks for missed timers (UTC days before the cutoff's). */
export const SWEEP_DAYS = 30;
/**
 * How far back its run every few minutes looks: the cutoff's UTC day and the day before, where a
 * lost execution's timer is found within minutes. What only the daily run finds is a timer missed
 * while the sweeper itself did not run for a day.
 */
export const SWEEP_RECENT_DAYS = 1;
/** How many days' partitions the sweeper reads at once. */
const SWEEP_PARALLEL = 8;
/** A timer is "missed" once it is this late: the state machine normally fires it within seconds. */
export const SWEEP_GRACE_MS = 5 * 60_000;

/**
 * The sweeper: finds tickets whose next timer is overdue by more than the grace period, on the
 * cutoff's UTC day and `lookBackDays` days before, and fires every due timer of theirs, through the
 * same idempotent path. Returns what it repaired.
 */
export async function sweepMissedTimers(
  rt: AppContext,
  lookBackDays = SWEEP_DAYS,
): Promise<{ tickets: number; timersFired: number }> {
  const cutoff = new Date(rt.now().getTime() - SWEEP_GRACE_MS);
  const days = Array.from({ length: lookBackDays + 1 }, (_, i) =>
    new Date(cutoff.getTime() - (lookBackDays - i) * 86_400_000).toISOString().slice(0, 10),
  );
  // The days' partitions are read SWEEP_PARALLEL at a time: a few round trips, not one a day, and
  // not 31 new connections at once.
  const ticketIds = new Set<string>();
  for (let i = 0; i < days.length; i += SWEEP_PARALLEL) {
    const due = await Promise.all(
      days.slice(i, i + SWEEP_PARALLEL).map((day) => rt.tickets.dueOn(day, cutoff)),
    );
    for (const entry of due.flat()) ticketIds.add(entry.ticketId);
  }
  let timersFired = 0;
  for (const ticketId of ticketIds) {
    const stored = await rt.tickets.load(ticketId);
    if (!stored) continue;
    for (const timer of dueTimers(stored.ticket, cutoff, { policy: rt.policy, calendar: rt.calendar })) {
      if ((await fireTimer(rt, ticketId, timer.id)).outcome === 'fired') timersFired += 1;
    }
  }
  if (timersFired > 0) metrics.singleMetric().addMetric('TimersRepaired', MetricUnit.Count, timersFired);
  return { tickets: ticketIds.size, timersFired };
}

/** What the sweeper's schedules pass it: how far back to look (a plain scheduled event: SWEEP_DAYS). */
export const sweepInputSchema = onFirstUse(() =>
  z.object({
    lookBackDays: z._default(z.int().check(z.gte(0), z.lte(SWEEP_DAYS)), SWEEP_DAYS),
  }),
);

/** What the ticket-timer state machine passes its task (see workflows/ticket-timer.asl.json). */
export const timerTaskInputSchema = onFirstUse(() =>
  z.object({
    ticketId: z.string(),
    clockIds: z.array(z.string()).check(z.minLength(1)),
    purpose: z.enum(['clock', 'callbackRetry']),
    timer: z.object({ id: z.string(), at: z.string() }),
  }),
);

/**
 * A callback-retry execution that has waited out its gap, as Step Functions announces its end on the
 * default bus (workflows/rules.ts, CALLBACK_RETRY_FIRING): its output is its input, a JSON string.
 */
const executionEndSchema = onFirstUse(() =>
  z.object({
    'detail-type': z.literal('Step Functions Execution Status Change'),
    detail: z.object({ status: z.literal('SUCCEEDED'), output: z.string() }),
  }),
);
/** The run the execution was started with: the task's input, its timer under `next`. */
const endedRunSchema = onFirstUse(() =>
  z.extend(z.omit(timerTaskInputSchema(), { timer: true }), {
    next: z.object({ timer: timerTaskInputSchema().shape.timer }),
  }),
);

/**
 * The timer task: fires the timer an execution waited for and plans the next; the input is checked
 * first. It comes from a Task state of the ticket timer, or from the end of a callback retry.
 */
export async function runTimerTask(rt: AppContext, input: unknown): Promise<PlanResult> {
  const ended = executionEndSchema().safeParse(input);
  if (ended.success) {
    const { next, ...run } = endedRunSchema().parse(JSON.parse(ended.data.detail.output));
    return fireAndPlan(rt, run, next.timer.id);
  }
  const { timer, ...run } = timerTaskInputSchema().parse(input);
  return fireAndPlan(rt, run, timer.id);
}
