import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { VersionConflictError } from '../adapters/ticket-repository.ts';
import { dueTimers, nextTimer, RuleViolationError } from '../domain/ticket/index.ts';
import { logger, metrics } from '../shared/powertools.ts';
import type { Runtime } from '../shared/runtime.ts';
import { changeTicket } from './change-ticket.ts';

/** The workflows act as this actor; the access matrix lets it fire timers and nothing else. */
export const WORKFLOW_ACTOR = { id: 'workflow', role: 'system' } as const;

/** Refusals that mean "nothing to do": the clock moved on, or someone fired the timer already. */
const SETTLED = new Set(['clock.stale', 'timer.alreadyFired']);

export type PlanResult = { done: true } | { done: false; at: string; timer: { id: string; at: string } };

/**
 * The next timer of one clock, for the state machine to wait on; done when the ticket is gone, the
 * clock has ended, or every timer has fired. `at` is UTC, as the Wait state's TimestampPath wants.
 */
export async function planNextTimer(rt: Runtime, ticketId: string, clockId: string): Promise<PlanResult> {
  const stored = await rt.tickets.load(ticketId);
  const timer = stored && nextTimer(stored.ticket, clockId, { policy: rt.policy, calendar: rt.calendar });
  if (!timer) return { done: true };
  const at = new Date(timer.at).toISOString();
  return { done: false, at, timer: { id: timer.id, at } };
}

export type FireResult = { timerId: string; outcome: 'fired' | 'settled' | 'notDue'; events: string[] };

/**
 * Fires one timer through the same path as every other change. A version conflict (someone changed
 * the ticket meanwhile) is retried on the fresh ticket; a timer not yet due (a clock that runs
 * behind) is reported so the state machine waits again.
 */
export async function fireTimer(rt: Runtime, ticketId: string, timerId: string): Promise<FireResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { events } = await changeTicket(rt, {
        ticketId,
        command: { action: 'fireTimer', timerId },
        actor: WORKFLOW_ACTOR,
      });
      return { timerId, outcome: 'fired', events: events.map((e) => e.type) };
    } catch (error) {
      if (error instanceof RuleViolationError && SETTLED.has(error.rule)) {
        return { timerId, outcome: 'settled', events: [] };
      }
      if (error instanceof RuleViolationError && error.rule === 'timer.notDue') {
        return { timerId, outcome: 'notDue', events: [] };
      }
      if (!(error instanceof VersionConflictError) || attempt >= 5) throw error;
    }
  }
}

/** How far back the sweeper looks for missed timers. */
export const SWEEP_DAYS = 30;
/** A timer is "missed" once it is this late: the state machine normally fires it within seconds. */
export const SWEEP_GRACE_MS = 5 * 60_000;

/**
 * The sweeper: finds tickets whose next timer is overdue by more than the grace period and fires
 * every due timer of theirs, through the same idempotent path. Returns what it repaired.
 */
export async function sweepMissedTimers(rt: Runtime): Promise<{ tickets: number; timersFired: number }> {
  const cutoff = new Date(rt.now().getTime() - SWEEP_GRACE_MS);
  const days = Array.from({ length: SWEEP_DAYS + 1 }, (_, i) =>
    new Date(cutoff.getTime() - (SWEEP_DAYS - i) * 86_400_000).toISOString().slice(0, 10),
  );
  const ticketIds = new Set<string>();
  for (const day of days)
    for (const entry of await rt.tickets.dueOn(day, cutoff)) ticketIds.add(entry.ticketId);
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

/** What the ticket-timer state machine passes its task (see workflows/ticket-timer.asl.json). */
export const timerTaskInputSchema = z.discriminatedUnion('operation', [
  z.object({
    operation: z.literal('plan'),
    ticketId: z.string(),
    clockId: z.string(),
    purpose: z.string().optional(),
  }),
  z.object({
    operation: z.literal('fire'),
    ticketId: z.string(),
    clockId: z.string(),
    timer: z.object({ id: z.string(), at: z.string() }),
  }),
]);

/** The timer task: plans the next timer of a clock, or fires one; the input is checked first. */
export async function runTimerTask(rt: Runtime, input: unknown): Promise<PlanResult | FireResult> {
  const task = timerTaskInputSchema.parse(input);
  if (task.operation === 'plan') return planNextTimer(rt, task.ticketId, task.clockId);
  const result = await fireTimer(rt, task.ticketId, task.timer.id);
  logger.info('timer', {
    ticketId: task.ticketId,
    timerId: result.timerId,
    outcome: result.outcome,
    events: result.events,
  });
  return result;
}
