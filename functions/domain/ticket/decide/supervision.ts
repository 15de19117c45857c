import { deadlineOf } from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure } from '../errors.ts';
import type { TicketEvent } from '../events.ts';
import type { Clock, Ticket } from '../types.ts';

export function openSupervision(
  ticket: Ticket,
  cmd: CommandOf<'openSupervision'>,
  ctx: DecideContext,
): TicketEvent[] {
  ensure(
    !ticket.supervision.open.includes(cmd.reason),
    'supervision.alreadyOpen',
    `supervision for "${cmd.reason}" is already open`,
    'AH:20',
  );
  return [stamp('SupervisionOpened', { reason: cmd.reason, note: cmd.note }, ctx, ticket)];
}

export function closeSupervision(
  ticket: Ticket,
  cmd: CommandOf<'closeSupervision'>,
  ctx: DecideContext,
): TicketEvent[] {
  ensure(
    ticket.supervision.open.includes(cmd.reason),
    'supervision.notOpen',
    `no open supervision for "${cmd.reason}"`,
  );
  return [stamp('SupervisionClosed', { reason: cmd.reason, note: cmd.note }, ctx, ticket)];
}

/** The running clock a timer names, or a `clock.stale` refusal: the ticket has moved on. */
function runningClock(ticket: Ticket, clockId: string): Clock {
  const clock = Object.values(ticket.clocks).find((c) => c?.id === clockId);
  ensure(clock, 'clock.stale', `clock ${clockId} is no longer running`);
  return clock;
}

/** A reminder (催办) to the unit before the handling deadline (TN:5(6)). */
export function remind(ticket: Ticket, cmd: CommandOf<'remind'>, ctx: DecideContext): TicketEvent[] {
  const clock = runningClock(ticket, cmd.clockId);
  ensure(ctx.now < deadlineOf(clock), 'reminder.afterDeadline', `the deadline ${clock.deadline} has passed`);
  return [stamp('ReminderSent', { clockId: clock.id, deadline: clock.deadline }, ctx, ticket)];
}

/** The handling (or plan) deadline passed: the ticket is overdue and supervised (AH:20(二)). */
export function markOverdue(
  ticket: Ticket,
  cmd: CommandOf<'markOverdue'>,
  ctx: DecideContext,
): TicketEvent[] {
  const clock = runningClock(ticket, cmd.clockId);
  ensure(
    clock.kind === 'handling' || clock.kind === 'plan',
    'overdue.notHandling',
    'only a handling or plan deadline makes a ticket overdue',
  );
  ensure(ctx.now > deadlineOf(clock), 'clock.notDue', `the deadline ${clock.deadline} has not passed`);
  ensure(!ticket.overdue, 'overdue.already', 'the ticket is already overdue');
  return overdueEvents(ticket, clock.id, clock.deadline, ctx);
}

/**
 * Up the escalation ladder (PDS:24; TN:12(三)): an overdue ticket, or a callback whose window passed
 * with no result.
 */
export function escalate(ticket: Ticket, cmd: CommandOf<'escalate'>, ctx: DecideContext): TicketEvent[] {
  const clock = runningClock(ticket, cmd.clockId);
  const late = clock.kind === 'callback' ? ctx.now > deadlineOf(clock) : ticket.overdue;
  ensure(late, 'escalation.notOverdue', `clock ${clock.id} is not past its deadline`, 'PDS:24');
  ensure(!ticket.escalations.includes(cmd.level), 'escalation.already', `already escalated to ${cmd.level}`);
  return [stamp('Escalated', { level: cmd.level, clockId: clock.id }, ctx, ticket)];
}

/**
 * A deadline passed: the ticket is overdue and, unless it already is, supervised (AH:20(二)).
 * Shared by the overdue timer and the command a supervisor can give by hand.
 */
export function overdueEvents(
  ticket: Ticket,
  clockId: string,
  deadline: string,
  ctx: DecideContext,
): TicketEvent[] {
  const events: TicketEvent[] = [stamp('TicketOverdue', { clockId, deadline }, ctx, ticket)];
  if (!ticket.supervision.open.includes('overdue')) {
    events.push(
      stamp('SupervisionOpened', { reason: 'overdue', note: `deadline ${deadline} passed` }, ctx, ticket),
    );
  }
  return events;
}
