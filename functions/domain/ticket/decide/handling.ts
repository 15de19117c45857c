import { parseInstant, shanghaiDateOf } from '../../calendar/index.ts';
import { describeDuration, isLonger } from '../../policy/index.ts';
import {
  clockAt,
  commandDeadline,
  countedClock,
  deadlineOf,
  isAtLeastBefore,
  startClock,
} from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure } from '../errors.ts';
import type { TicketEvent } from '../events.ts';
import type { Ticket } from '../types.ts';
import { isUrgent } from './dispatch.ts';

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
  // AH:18 counts applications (延期申请不得超过2次), refused ones too; PDS:9 counts extensions granted.
  const counted = rules.counts === 'applications' ? ticket.extensions.requested : ticket.extensions.granted;
  ensure(
    counted < rules.maxCount,
    'extension.limitReached',
    `at most ${rules.maxCount} extension ${rules.counts === 'applications' ? 'application' : 'grant'}${rules.maxCount === 1 ? '' : 's'} per ticket`,
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

/**
 * An approved extension starts a new handling clock from the old deadline; where the policy says so,
 * also the window in which the unit tells the requester the new deadline and the reason (PDS:9; JZ:四(三)).
 */
export function decideExtension(
  ticket: Ticket,
  cmd: CommandOf<'decideExtension'>,
  ctx: DecideContext,
): TicketEvent[] {
  const pending = ticket.extensions.pending;
  const clock = ticket.clocks.handling;
  ensure(pending && clock, 'extension.nonePending', 'no extension request is waiting for a decision');
  if (!cmd.approve) return [stamp('ExtensionRefused', { note: cmd.note }, ctx, ticket)];
  const basis = ctx.policy.extension.basis;
  const extended = countedClock('handling', deadlineOf(clock), pending.length, basis, ticket, ctx, ctx.now);
  const clocks = [extended];
  const told = ctx.policy.extension.requesterTold;
  if (told) clocks.push(startClock('extensionNotice', told.within, told.basis, ticket, ctx));
  return [stamp('ExtensionApproved', { note: cmd.note, length: pending.length, clocks }, ctx, ticket)];
}

/** The unit tells the requester a granted extension's new deadline and reason (PDS:9; JZ:四(三)). */
export function informExtension(
  ticket: Ticket,
  cmd: CommandOf<'informExtension'>,
  ctx: DecideContext,
): TicketEvent[] {
  const notice = ticket.clocks.extensionNotice;
  const handling = ticket.clocks.handling;
  ensure(
    ticket.extensions.granted > 0 && handling && !ticket.extensionToldAt,
    'extension.nothingToTell',
    'no granted extension is waiting to be told to the requester',
    ctx.policy.extension.basis,
  );
  const late = notice ? ctx.now > deadlineOf(notice) : false;
  return [
    stamp(
      'RequesterToldOfExtension',
      { method: cmd.method, note: cmd.note, deadline: handling.deadline, late },
      ctx,
      ticket,
    ),
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
  const deadline = commandDeadline(cmd.deadline, 'deadline', ctx);
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

/**
 * Telling the requester the result: by the unit before it replies (PDS:13; AH:24), or by the platform
 * once the centre has approved the reply (CZ:二(三) 由12345平台统一反馈给来电人), as the policy says.
 */
export function informRequester(
  ticket: Ticket,
  cmd: CommandOf<'informRequester'>,
  ctx: DecideContext,
): TicketEvent[] {
  const { informs, basis } = ctx.policy.reply;
  // A merged duplicate is told by the platform, whatever the policy (并单: the unit dealt with the main).
  if (informs === 'centreAfterReview' || ticket.mergedInto) {
    ensure(
      ticket.status === 'completed',
      'inform.byPlatform',
      'the platform tells the requester the result after the centre has reviewed the reply',
      basis,
    );
  } else {
    ensure(
      ticket.status === 'inProgress',
      'inform.byUnit',
      'the unit tells the requester the result before it replies to the centre',
      basis,
    );
  }
  ensure(!ticket.requesterInformedAt, 'inform.alreadyTold', 'the requester has been told the result');
  return [stamp('RequesterInformed', { summary: cmd.summary }, ctx, ticket)];
}

/** Whether this ticket's reply needs the unit head's sign-off (AH:24; TN:13(二)). */
export function needsSignOff(ticket: Ticket, ctx: DecideContext): boolean {
  const rule = ctx.policy.reply.signOff;
  if (!rule) return false;
  return rule.priorities.includes(ticket.priority) || (rule.leaderInstructed && Boolean(ticket.instruction));
}

/** The unit's head or deputy head signs off the result (AH:24 签批): an act of that role. */
export function signOff(ticket: Ticket, cmd: CommandOf<'signOff'>, ctx: DecideContext): TicketEvent[] {
  ensure(
    ctx.actor.role === 'unitHead',
    'signOff.notHead',
    "the reply is signed off by the unit's head or deputy head",
    'AH:24',
  );
  ensure(!ticket.signOff, 'signOff.already', 'the result has been signed off');
  return [stamp('ReplySignedOff', { note: cmd.note }, ctx, ticket)];
}

/** What report must come with the reply: PDS:8 D's special report, TN:13(二)'s written report. */
function reportRequired(ticket: Ticket, ctx: DecideContext): string | undefined {
  const { urgent, instructions } = ctx.policy;
  if (urgent?.reportWithReply && isUrgent(ticket, ctx)) return urgent.basis;
  if (instructions.reportWithReply && ticket.instruction) return instructions.basis;
  return undefined;
}

export function reply(ticket: Ticket, cmd: CommandOf<'reply'>, ctx: DecideContext): TicketEvent[] {
  const rules = ctx.policy.reply;
  ensure(
    rules.informs !== 'unitBeforeReply' || ticket.requesterInformedAt,
    'reply.requesterNotInformed',
    ticket.reworkCount > 0
      ? 'the earlier reply was sent back for the work to be redone: tell the requester the new result (informRequester) before replying again'
      : 'the unit tells the requester the result before it replies to the centre (informRequester)',
    rules.basis,
  );
  // A head who replies signs off by replying; anyone else needs the head's sign-off first.
  const byHead = ctx.actor.role === 'unitHead';
  ensure(
    !needsSignOff(ticket, ctx) || byHead || ticket.signOff,
    'reply.signOffMissing',
    "this reply is signed off by the unit's head or deputy head before it is sent",
    'AH:24; TN:13(二)',
  );
  const open = ticket.coordination?.tasks.filter((t) => !t.doneAt).map((t) => t.unitId) ?? [];
  ensure(
    open.length === 0,
    'reply.tasksOpen',
    `the tasks of the coordination meeting are not all done (${open.join(', ')})`,
    'TN:12(四)',
  );
  const reportBasis = reportRequired(ticket, ctx);
  ensure(
    !reportBasis || cmd.report,
    'reply.reportMissing',
    "this reply comes with a report: a special report for an urgent matter, a written report on a leader's instruction",
    reportBasis,
  );
  const signedOffBy = byHead ? ctx.actor : ticket.signOff?.by;
  return [stamp('UnitReplied', { summary: cmd.summary, report: cmd.report, signedOffBy }, ctx, ticket)];
}

/** A leader's instruction on the matter: recorded with who and what, and supervised (AH:20(一); TN:13(二)). */
export function recordInstruction(
  ticket: Ticket,
  cmd: CommandOf<'recordInstruction'>,
  ctx: DecideContext,
): TicketEvent[] {
  const { instructions } = ctx.policy;
  const events: TicketEvent[] = [
    stamp('LeaderInstructionRecorded', { leader: cmd.leader, instruction: cmd.instruction }, ctx, ticket),
  ];
  if (instructions.supervise && !ticket.supervision.open.includes('higherLevel')) {
    events.push(
      stamp('SupervisionOpened', { reason: 'higherLevel', note: `领导批示: ${cmd.leader}` }, ctx, ticket),
    );
  }
  return events;
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
    const clock = countedClock(
      'callback',
      repliedAt,
      callback.within,
      callback.basis,
      ticket,
      ctx,
      repliedAt,
    );
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

/** 会办 (TN:12(四)): the centre records a coordination meeting, the units present and each one's task. */
export function recordCoordination(
  ticket: Ticket,
  cmd: CommandOf<'recordCoordination'>,
  ctx: DecideContext,
): TicketEvent[] {
  const subject = ticket.subject?.unitId;
  ensure(
    !subject || (!cmd.units.includes(subject) && !cmd.tasks.some((t) => t.unitId === subject)),
    'tipoff.subjectUnit',
    `the ticket is about unit ${subject}: it takes no part in handling it`,
    'TN:20; AH:34',
  );
  ensure(
    cmd.tasks.every((t) => cmd.units.includes(t.unitId)),
    'coordination.taskUnitAbsent',
    'each task goes to a unit present at the meeting',
    'TN:12(四)',
  );
  return [stamp('CoordinationHeld', { units: cmd.units, tasks: cmd.tasks }, ctx, ticket)];
}

/** A unit reports its task of the coordination meeting done; each task is followed like a co-unit's part. */
export function reportTask(ticket: Ticket, cmd: CommandOf<'reportTask'>, ctx: DecideContext): TicketEvent[] {
  const task = ticket.coordination?.tasks.find((t) => t.unitId === cmd.unitId);
  ensure(
    task,
    'coordination.noTask',
    `unit ${cmd.unitId} has no task from a coordination meeting`,
    'TN:12(四)',
  );
  ensure(!task.doneAt, 'coordination.taskDone', `unit ${cmd.unitId} has reported its task done`);
  const byUnit = ctx.actor.role === 'unitClerk' || ctx.actor.role === 'unitHead';
  ensure(
    !byUnit || ctx.actor.unitId === cmd.unitId,
    'coordination.notYourTask',
    'a unit reports its own task',
    'TN:12(四)',
  );
  return [stamp('CoordinationTaskDone', { unitId: cmd.unitId, result: cmd.result }, ctx, ticket)];
}

/**
 * Hand-over to a discipline, organisation or political-legal body (PDS:25): with the approval of the
 * office's leader, recorded, and the ticket closed for the hotline with that basis.
 */
export function handOver(ticket: Ticket, cmd: CommandOf<'handOver'>, ctx: DecideContext): TicketEvent[] {
  const rule = ctx.policy.handOver;
  ensure(
    rule,
    'handOver.notOffered',
    `${ctx.policy.id} hands nothing over: refuse the request instead`,
    'PDS:25',
  );
  ensure(
    rule.bodies.includes(cmd.body),
    'handOver.bodyNotOffered',
    `${ctx.policy.id} hands over to ${rule.bodies.join(', ')}`,
    rule.basis,
  );
  const { body, bodyName, approvedBy, note } = cmd;
  return [stamp('TicketHandedOver', { body, bodyName, approvedBy, note, basis: rule.basis }, ctx, ticket)];
}
