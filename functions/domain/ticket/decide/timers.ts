import { parseInstant } from '../../calendar/index.ts';
import { countedClock } from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure } from '../errors.ts';
import type { EventOf, TicketEvent } from '../events.ts';
import { clockTimers, type Timer } from '../timers.ts';
import type { Clock, Ticket } from '../types.ts';
import { overdueEvents } from './supervision.ts';

/** What a timer does when it fires; nothing when the ticket already shows it (fired by hand, say). */
function effects(ticket: Ticket, timer: Timer, ctx: DecideContext): TicketEvent[] {
  const clock = Object.values(ticket.clocks).find((c) => c?.id === timer.clockId);
  const deadline = clock?.deadline ?? timer.at;
  switch (timer.kind) {
    case 'reminder':
    case 'extensionWindowOpens':
      // 催办 (TN:5(6)); for Jinzhou also "the window to ask for an extension is open" (JZ:四(三))
      return [stamp('ReminderSent', { clockId: timer.clockId, deadline, reason: timer.kind }, ctx, ticket)];
    case 'overdue':
      return ticket.overdue ? [] : overdueEvents(ticket, timer.clockId, deadline, ctx); // AH:20(二)
    case 'escalation':
      // PDS:24; TN:12(三): up the ladder while the ticket stays overdue
      if (!ticket.overdue || !timer.level || ticket.escalations.includes(timer.level)) return [];
      return [stamp('Escalated', { level: timer.level, clockId: timer.clockId }, ctx, ticket)];
    case 'extensionNoticeMissed':
      // PDS:9; JZ:四(三): the unit has not told the requester the new deadline in time: remind it.
      if (ticket.extensionToldAt) return [];
      return [
        stamp('ReminderSent', { clockId: timer.clockId, deadline, reason: 'extensionNotice' }, ctx, ticket),
      ];
    case 'contactMissed':
      return [stamp('ContactWindowMissed', { clockId: timer.clockId, deadline }, ctx, ticket)]; // AH:15
    case 'returnWindowClosed': {
      const open = ticket.status === 'dispatched' || ticket.status === 'inProgress';
      if (!open || !ctx.policy.returns.deemedAcceptedAfterWindow) return [];
      return [stamp('ReturnWindowClosed', { clockId: timer.clockId }, ctx, ticket)]; // AH:16
    }
    case 'callbackDue':
      if (ticket.status !== 'completed' || ticket.callback.attempts.length >= (timer.attempt ?? 1)) return [];
      return [stamp('CallbackDue', { attempt: timer.attempt ?? 1 }, ctx, ticket)]; // PDS:16-17
    case 'callbackWindowMissed':
      // A callback window that passes with no result escalates.
      if (ticket.status !== 'completed' || ticket.escalations.includes('centreLeader')) return [];
      return [stamp('Escalated', { level: 'centreLeader', clockId: timer.clockId }, ctx, ticket)];
  }
}

/**
 * Fires one planned timer: refused when its clock is no longer running (`clock.stale`), when it has
 * fired already (`timer.alreadyFired`) or is not yet due (`timer.notDue`); otherwise its effects and
 * a TimerFired record, so that the next plan moves on.
 */
export function fireTimer(ticket: Ticket, cmd: CommandOf<'fireTimer'>, ctx: DecideContext): TicketEvent[] {
  const timer = Object.values(ticket.clocks)
    .flatMap((c) => (c ? clockTimers(ticket, c.id, ctx) : []))
    .find((t) => t.id === cmd.timerId);
  ensure(timer, 'clock.stale', `timer ${cmd.timerId} belongs to no running clock`);
  ensure(!ticket.timersFired.includes(timer.id), 'timer.alreadyFired', `timer ${timer.id} has fired`);
  ensure(ctx.now >= parseInstant(timer.at), 'timer.notDue', `timer ${timer.id} is due at ${timer.at}`);
  return [
    ...effects(ticket, timer, ctx),
    stamp('TimerFired', { timerId: timer.id, clockId: timer.clockId, kind: timer.kind }, ctx, ticket),
  ];
}

/**
 * Counts the ticket's provisional deadlines again with the calendar as it now stands (the schedule of
 * `year` loaded): each clock whose deadline or provisional mark changes restarts under a new id with
 * the new deadline, so that its timers are planned anew. Refused with `recompute.nothingToDo` when
 * nothing changes: a second run, or a ticket whose deadlines the new schedule does not move.
 */
export function recomputeDeadlines(
  ticket: Ticket,
  cmd: CommandOf<'recomputeDeadlines'>,
  ctx: DecideContext,
): TicketEvent[] {
  const changes: EventOf<'DeadlinesRecomputed'>['changes'] = [];
  const clocks: Clock[] = [];
  for (const clock of Object.values(ticket.clocks)) {
    if (!clock?.provisional || !clock.counted) continue;
    const { from, duration } = clock.counted;
    const again = countedClock(
      clock.kind,
      parseInstant(from),
      duration,
      clock.basis,
      ticket,
      ctx,
      parseInstant(clock.startedAt),
    );
    if (again.deadline === clock.deadline && again.provisional === clock.provisional) continue;
    clocks.push({ ...again, why: clock.why });
    changes.push({
      kind: clock.kind,
      oldClockId: clock.id,
      oldDeadline: clock.deadline,
      newDeadline: again.deadline,
      provisional: again.provisional,
    });
  }
  ensure(
    changes.length > 0,
    'recompute.nothingToDo',
    `no provisional deadline of this ticket moves with the schedule of ${cmd.year}`,
  );
  return [
    stamp('DeadlinesRecomputed', { year: cmd.year, schedule: cmd.schedule, changes, clocks }, ctx, ticket),
  ];
}
