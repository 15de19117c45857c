import { parseInstant, shanghaiDateOf } from '../../calendar/index.ts';
import { describeDuration, isLonger } from '../../policy/index.ts';
import { addDuration, clockAt, deadlineOf, isAtLeastBefore, startClock } from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure } from '../errors.ts';
import type { TicketEvent } from '../events.ts';
import type { Ticket } from '../types.ts';

export function requestExtension(
  ticket: Ticket,
  cmd: CommandOf<'requestExtension'>,
  ctx: DecideContext,
): TicketEvent[] {
  const rules = ctx.policy.extension;
  const { basis } = rules;
  ensure(
    !rules.classes || (ticket.classId && rules.classes.includes(ticket.classId)),
    'extension.classNotExtendable',
    `only classes ${rules.classes?.join(', ')} may be extended`,
    basis,
  );
  const clock = ticket.clocks.handling;
  ensure(clock, 'extension.noDeadline', 'the ticket has no handling deadline to extend', basis);
  ensure(
    !ticket.extensions.pending,
    'extension.pending',
    'an extension request is already waiting for a decision',
  );
  ensure(
    ticket.extensions.granted < rules.maxCount,
    'extension.limitReached',
    `at most ${rules.maxCount} extension${rules.maxCount === 1 ? '' : 's'} per ticket`,
    basis,
  );
  const deadline = deadlineOf(clock);
  ensure(ctx.now <= deadline, 'extension.tooLate', `the deadline ${clock.deadline} has passed`, basis);
  if (rules.noLaterThanBeforeDeadline) {
    ensure(
      isAtLeastBefore(deadline, rules.noLaterThanBeforeDeadline, ctx),
      'extension.tooLate',
      `an extension is asked at least ${describeDuration(rules.noLaterThanBeforeDeadline)} before the deadline ${clock.deadline}`,
      basis,
    );
  }
  if (rules.noEarlierThanBeforeDeadline) {
    ensure(
      !isAtLeastBefore(deadline, rules.noEarlierThanBeforeDeadline, ctx),
      'extension.tooEarly',
      `an extension is asked within the ${describeDuration(rules.noEarlierThanBeforeDeadline)} before the deadline ${clock.deadline}`,
      basis,
    );
  }
  const first = ticket.firstLimit;
  if (rules.notLongerThanFirstLimit && first) {
    ensure(
      'workingDays' in first === 'workingDays' in cmd.length,
      'extension.unitMismatch',
      `ask for the extension in the unit of the first limit (${describeDuration(first)})`,
      basis,
    );
    ensure(
      !isLonger(cmd.length, first),
      'extension.tooLong',
      `one extension may not exceed the first limit of ${describeDuration(first)}`,
      basis,
    );
  }
  if (rules.maxLength) {
    ensure(
      !isLonger(cmd.length, rules.maxLength),
      'extension.tooLong',
      `one extension may not exceed ${describeDuration(rules.maxLength)}`,
      basis,
    );
  }
  return [stamp('ExtensionRequested', { length: cmd.length, reason: cmd.reason }, ctx, ticket)];
}

/** An approved extension starts a new handling clock from the old deadline; the requester is told (PDS:9). */
export function decideExtension(
  ticket: Ticket,
  cmd: CommandOf<'decideExtension'>,
  ctx: DecideContext,
): TicketEvent[] {
  const pending = ticket.extensions.pending;
  const clock = ticket.clocks.handling;
  ensure(pending && clock, 'extension.nonePending', 'no extension request is waiting for a decision');
  if (!cmd.approve) return [stamp('ExtensionRefused', { note: cmd.note }, ctx, ticket)];
  const { deadline, provisional } = addDuration(deadlineOf(clock), pending.length, ctx);
  const extended = clockAt('handling', deadline, provisional, ctx.policy.extension.basis, ticket, ctx.now);
  return [
    stamp('ExtensionApproved', { note: cmd.note, length: pending.length, clocks: [extended] }, ctx, ticket),
  ];
}

/** Class C: within the plan window the unit reports its leader, contact, progress and plan (PDS:8 C). */
export function submitPlan(ticket: Ticket, cmd: CommandOf<'submitPlan'>, ctx: DecideContext): TicketEvent[] {
  ensure(!ticket.plan, 'plan.alreadySubmitted', 'the plan has been submitted');
  ensure(
    ticket.clocks.plan,
    'plan.notRequired',
    'only a ticket whose deadline the centre sets needs a plan',
    'PDS:8 C',
  );
  const { leader, contact, progress, plan } = cmd;
  return [stamp('PlanSubmitted', { leader, contact, progress, plan }, ctx, ticket)];
}

export function setDeadline(
  ticket: Ticket,
  cmd: CommandOf<'setDeadline'>,
  ctx: DecideContext,
): TicketEvent[] {
  ensure(
    ticket.clocks.plan || ticket.plan,
    'plan.notRequired',
    'only a ticket whose deadline the centre sets gets one',
    'PDS:8 C',
  );
  ensure(
    ticket.plan,
    'plan.missing',
    'the centre sets the deadline after the unit reports its plan',
    'PDS:8 C',
  );
  const deadline = parseInstant(cmd.deadline);
  ensure(deadline > ctx.now, 'deadline.inPast', 'the deadline must be in the future');
  const provisional = ctx.calendar.isWorkingDay(shanghaiDateOf(deadline)).provisional;
  return [
    stamp(
      'DeadlineSet',
      { clocks: [clockAt('handling', deadline, provisional, 'PDS:8 C', ticket, ctx.now)] },
      ctx,
      ticket,
    ),
  ];
}

/** Lead and co-units disagree: the lead unit reports it and the centre coordinates (PDS:12). */
export function reportDisagreement(
  ticket: Ticket,
  cmd: CommandOf<'reportDisagreement'>,
  ctx: DecideContext,
): TicketEvent[] {
  ensure(ticket.assignment?.coUnits.length, 'coordination.noCoUnits', 'the ticket has no co-units', 'PDS:12');
  const events: TicketEvent[] = [stamp('DisagreementReported', { note: cmd.note }, ctx, ticket)];
  if (!ticket.supervision.open.includes('coUnitDisagreement')) {
    events.push(stamp('SupervisionOpened', { reason: 'coUnitDisagreement', note: cmd.note }, ctx, ticket));
  }
  return events;
}

export function informRequester(
  ticket: Ticket,
  cmd: CommandOf<'informRequester'>,
  ctx: DecideContext,
): TicketEvent[] {
  return [stamp('RequesterInformed', { summary: cmd.summary }, ctx, ticket)];
}

export function reply(ticket: Ticket, cmd: CommandOf<'reply'>, ctx: DecideContext): TicketEvent[] {
  const rules = ctx.policy.reply;
  ensure(
    !rules.requesterToldFirst || ticket.requesterInformedAt,
    'reply.requesterNotInformed',
    'the unit tells the requester the result before it replies to the centre',
    'PDS:13; AH:24',
  );
  ensure(
    !rules.needsSignOff || cmd.signedOffBy,
    'reply.signOffMissing',
    "the reply is signed off by the unit's head or deputy head: give signedOffBy",
    'AH:24',
  );
  return [stamp('UnitReplied', { summary: cmd.summary, signedOffBy: cmd.signedOffBy }, ctx, ticket)];
}

/** A fresh handling clock for redoing the work: the first limit again, counted from now. */
export function reworkClocks(ticket: Ticket, ctx: DecideContext) {
  return ticket.firstLimit
    ? [startClock('handling', ticket.firstLimit, 'TN:14; AH:20(四)', ticket, ctx)]
    : [];
}

/** The centre reviews the reply: approve and start the callback, or send it back to be redone (TN:14; AH:20(四)). */
export function review(ticket: Ticket, cmd: CommandOf<'review'>, ctx: DecideContext): TicketEvent[] {
  if (cmd.approve) {
    // The callback window runs from the centre's receipt of the unit's reply (PDS:16 收到办结回复后).
    const { callback } = ctx.policy;
    const repliedAt = ticket.reply ? parseInstant(ticket.reply.at) : ctx.now;
    const { deadline, provisional } = addDuration(repliedAt, callback.within, ctx);
    const clock = clockAt('callback', deadline, provisional, callback.basis, ticket, repliedAt);
    return [stamp('ReplyApproved', { note: cmd.note, clocks: [clock] }, ctx, ticket)];
  }
  const events: TicketEvent[] = [
    stamp('ReplySentBack', { note: cmd.note, clocks: reworkClocks(ticket, ctx) }, ctx, ticket),
  ];
  if (!ticket.supervision.open.includes('sentBack')) {
    events.push(stamp('SupervisionOpened', { reason: 'sentBack', note: cmd.note }, ctx, ticket));
  }
  return events;
}
